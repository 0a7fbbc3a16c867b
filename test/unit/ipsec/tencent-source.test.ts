import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { GangwayError } from '../../../src/core/errors';
import { createTencentApi, parseEndpoint } from '../../../src/core/ipsec/tencent/client';
import { fetchTencentInventory, loadFromTencent } from '../../../src/core/ipsec/tencent/source';
import { signTc3 } from '../../../src/core/ipsec/tencent/tc3';
import { buildView } from '../../../src/core/ipsec/view';
import * as fx from '../../support/ipsec-fixtures';
import { startTencentStandin, type TencentStandin } from '../../support/tencent-standin';
import http from 'node:http';

const ID = 'AKIDgangwayTEST0000000000000000000000';
const KEY = 'gangway-test-secret-key-0000000000';
const creds = { secretId: ID, secretKey: KEY };
const noSleep = async (): Promise<void> => {};

let standin: TencentStandin;

beforeEach(async () => {
  standin = await startTencentStandin({ keys: { [ID]: KEY }, inventory: fx.allScenarios() });
});
afterEach(async () => {
  await standin.close();
});

function opts(
  extra: Partial<Parameters<typeof loadFromTencent>[0]> = {},
): Parameters<typeof loadFromTencent>[0] {
  return {
    region: 'ap-guangzhou',
    endpoint: standin.url,
    credentials: creds,
    sleep: noSleep,
    ...extra,
  };
}

async function failure(p: Promise<unknown>): Promise<GangwayError> {
  try {
    await p;
  } catch (err) {
    if (err instanceof GangwayError) return err;
    throw err;
  }
  throw new Error('expected a failure');
}

describe('Tencent VPC API source (through the SDK, against the local stand-in)', () => {
  it('loads every scenario, page by page, with the PreShareKey dropped', async () => {
    const model = await loadFromTencent(opts({ pageSize: 2 }));
    const inv = fx.allScenarios();
    expect(model.gateways).toHaveLength(inv.gateways.length);
    expect(model.tunnels).toHaveLength(inv.connections.length);
    expect(model.routes.length).toBe(Object.values(inv.routes).flat().length);
    const conns = standin.requests.filter((r) => r.action === 'DescribeVpnConnections');
    expect(inv.connections).toHaveLength(15);
    expect(conns.map((r) => r.params.Offset)).toEqual([0, 2, 4, 6, 8, 10, 12, 14]);
    expect(conns.every((r) => r.params.Limit === 2 && r.region === 'ap-guangzhou')).toBe(true);
    expect(JSON.stringify(model)).not.toContain(fx.FIXTURE_PSK);
    expect(standin.requests.every((r) => r.status === 'ok')).toBe(true);
    // Route tables are read per IPsec gateway, CCN routes only for the attached CCN gateway.
    const ccnCalls = standin.requests.filter((r) => r.action === 'DescribeVpnGatewayCcnRoutes');
    expect(new Set(ccnCalls.map((r) => r.params.VpnGatewayId))).toEqual(new Set(['vpngw-s4']));
    expect(standin.requests.find((r) => r.action === 'DescribeVpcs')?.params.VpcIds).toEqual([
      'vpc-main',
    ]);
  });

  it('PreShareKey never leaves the fetch layer', async () => {
    const api = createTencentApi(opts());
    const inv = await fetchTencentInventory(api, 'ap-guangzhou');
    expect(inv.connections.length).toBeGreaterThan(0);
    expect(inv.connections.every((c) => !('PreShareKey' in c))).toBe(true);
  });

  it('scenario 5 end to end: the standby becomes active after the primary health check fails', async () => {
    standin.setInventory(fx.scenario5());
    const before = buildView(await loadFromTencent(opts()));
    expect(before.routes.map((r) => [r.id, r.role])).toEqual([
      ['r-primary', 'active'],
      ['r-standby', 'standby'],
    ]);
    standin.setInventory(fx.scenario5({ primaryHealth: 'failing' }));
    const after = buildView(await loadFromTencent(opts()));
    expect(after.routes.map((r) => [r.id, r.role])).toEqual([
      ['r-primary', 'inactive'],
      ['r-standby', 'active'],
    ]);
  });

  it('scenario 6 end to end: SPD keeps IDCs apart, routes only leak', async () => {
    standin.setInventory(fx.scenario6('spd'));
    const spd = buildView(await loadFromTencent(opts()));
    const idc = (v: typeof spd, cidr: string): string =>
      v.networks.find((n) => n.cidrs.includes(cidr))?.id ?? '';
    expect(
      spd.reachability.find((r) => r.from === idc(spd, fx.IDC[1]) && r.to === idc(spd, fx.IDC[2]))
        ?.reachable,
    ).toBe(false);
    standin.setInventory(fx.scenario6('routes'));
    const routes = buildView(await loadFromTencent(opts()));
    expect(
      routes.reachability.find(
        (r) => r.from === idc(routes, fx.IDC[1]) && r.to === idc(routes, fx.IDC[2]),
      )?.reachable,
    ).toBe(true);
    expect(routes.findings.some((f) => f.code === 'site-transit')).toBe(true);
  });

  it('retries RequestLimitExceeded with backoff, then succeeds', async () => {
    const waits: number[] = [];
    standin.injectRateLimitOnce('DescribeVpnConnections');
    const model = await loadFromTencent(
      opts({ sleep: async (ms) => void waits.push(ms), backoffMs: 250 }),
    );
    expect(model.tunnels.length).toBeGreaterThan(0);
    expect(waits).toEqual([250]);
    expect(standin.requests.filter((r) => r.status === 'RequestLimitExceeded')).toHaveLength(1);
  });

  it('gives up after the bounded number of retries', async () => {
    const api = createTencentApi({ ...opts(), maxRetries: 0 });
    standin.injectRateLimitOnce();
    const err = await failure(api.call('DescribeVpnGateways', {}));
    expect(err.code).toBe('tencent-rate-limited');
    expect(err.message).toMatch(/RequestLimitExceeded/);
  });

  it('an unknown SecretId is AuthFailure.SecretIdNotFound', async () => {
    const err = await failure(
      loadFromTencent(opts({ credentials: { secretId: 'AKIDnobody', secretKey: KEY } })),
    );
    expect(err.code).toBe('tencent-auth');
    expect(err.message).toMatch(/AuthFailure\.SecretIdNotFound/);
    expect(err.message).not.toContain(KEY);
  });

  it('a wrong key is AuthFailure.SignatureFailure', async () => {
    const err = await failure(
      loadFromTencent(opts({ credentials: { secretId: ID, secretKey: 'wrong-key' } })),
    );
    expect(err.code).toBe('tencent-auth');
    expect(err.message).toMatch(/AuthFailure\.SignatureFailure/);
    expect(err.message).not.toContain('wrong-key');
  });

  it('an unreachable endpoint is one clear error', async () => {
    const closed = standin.url;
    await standin.close();
    const err = await failure(loadFromTencent({ ...opts(), endpoint: closed }));
    expect(err.code).toBe('tencent-unreachable');
    expect(err.message).toContain(closed);
    standin = await startTencentStandin({ keys: { [ID]: KEY }, inventory: fx.scenario1() });
  });

  it("our TC3 signer agrees with the SDK's signature on a real request", async () => {
    // Capture what the SDK sends, then sign the same request with our signer.
    const captured = await new Promise<{ headers: http.IncomingHttpHeaders; body: string }>(
      (resolve, reject) => {
        const srv = http.createServer((req, res) => {
          const chunks: Buffer[] = [];
          req.on('data', (c: Buffer) => chunks.push(c));
          req.on('end', () => {
            res.end('{"Response":{"RequestId":"x"}}');
            srv.close();
            resolve({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
          });
        });
        srv.listen(0, '127.0.0.1', () => {
          const port = (srv.address() as { port: number }).port;
          createTencentApi({ ...opts(), endpoint: `http://127.0.0.1:${port}` })
            .call('DescribeVpnGateways', { Offset: 0, Limit: 5 })
            .catch(reject);
        });
      },
    );
    const auth = String(captured.headers.authorization);
    const ours = signTc3({
      method: 'POST',
      headers: { 'content-type': String(captured.headers['content-type']), host: '127.0.0.1' },
      payload: captured.body,
      service: '127',
      timestamp: Number(captured.headers['x-tc-timestamp']),
      secretKey: KEY,
    });
    expect(auth).toBe(
      `TC3-HMAC-SHA256 Credential=${ID}/${ours.credentialScope}, SignedHeaders=content-type;host, Signature=${ours.signature}`,
    );
  });
});

describe('endpoint option', () => {
  it.each([
    [undefined, 'https://', 'vpc.tencentcloudapi.com'],
    ['vpc.intl.tencentcloudapi.com', 'https://', 'vpc.intl.tencentcloudapi.com'],
    ['vpc.internal.tencentcloudapi.com', 'https://', 'vpc.internal.tencentcloudapi.com'],
    ['http://127.0.0.1:8080', 'http://', '127.0.0.1:8080'],
    ['https://vpc.test.example:8443/', 'https://', 'vpc.test.example:8443'],
  ])('%s', (input, protocol, host) => {
    expect(parseEndpoint(input)).toEqual({ protocol, host });
  });

  it('rejects anything else', () => {
    expect(() => parseEndpoint('ftp://x')).toThrow(/not an API endpoint/);
    expect(() => parseEndpoint('http://h/path')).toThrow(/not an API endpoint/);
  });
});
