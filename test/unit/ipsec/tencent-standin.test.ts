import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadFromTencent } from '../../../src/core/ipsec/tencent/source';
import { normalizeTencent } from '../../../src/core/ipsec/tencent/normalize';
import { signTc3, tc3Authorization } from '../../../src/core/ipsec/tencent/tc3';
import type { TencentInventory } from '../../../src/core/ipsec/tencent/types';
import { buildView } from '../../../src/core/ipsec/view';
import * as fx from '../../support/ipsec-fixtures';
import { startTencentStandin, type TencentStandin } from '../../support/tencent-standin';

const ID = 'AKIDstandinVERIFIER00000000000000000';
const KEY = 'standin-verifier-key-00000000000';
let standin: TencentStandin;

beforeAll(async () => {
  standin = await startTencentStandin({ keys: { [ID]: KEY }, inventory: fx.scenario1() });
});
afterAll(async () => {
  await standin.close();
});

/** A request signed by our own signer, optionally tampered with after signing. */
async function send(opts: {
  body?: string;
  tamper?: string;
  timestamp?: number;
  key?: string;
}): Promise<{ Error?: { Code: string } }> {
  const body = opts.body ?? '{"Offset":0,"Limit":10}';
  const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
  const headers = { 'content-type': 'application/json', host: '127.0.0.1' };
  const sig = signTc3({
    method: 'POST',
    headers,
    payload: body,
    service: '127',
    timestamp,
    secretKey: opts.key ?? KEY,
  });
  const res = await fetch(standin.url, {
    method: 'POST',
    body: opts.tamper ?? body,
    headers: {
      'content-type': 'application/json',
      authorization: tc3Authorization(ID, sig),
      'x-tc-action': 'DescribeVpnGateways',
      'x-tc-version': '2017-03-12',
      'x-tc-region': 'ap-guangzhou',
      'x-tc-timestamp': String(timestamp),
    },
  });
  return ((await res.json()) as { Response: { Error?: { Code: string } } }).Response;
}

describe('the stand-in verifies TC3 signatures', () => {
  it('accepts a request signed by our signer', async () => {
    expect((await send({})).Error).toBeUndefined();
  });

  it('rejects a body changed after signing', async () => {
    expect((await send({ tamper: '{"Offset":0,"Limit":11}' })).Error?.Code).toBe(
      'AuthFailure.SignatureFailure',
    );
  });

  it('rejects the wrong key', async () => {
    expect((await send({ key: 'other' })).Error?.Code).toBe('AuthFailure.SignatureFailure');
  });

  it('rejects a stale timestamp', async () => {
    expect((await send({ timestamp: Math.floor(Date.now() / 1000) - 3600 })).Error?.Code).toBe(
      'AuthFailure.SignatureExpire',
    );
  });
});

describe('all six scenarios through the SDK and the stand-in', () => {
  const scenarios: Array<[string, () => TencentInventory]> = [
    ['1', () => fx.scenario1()],
    ['2', () => fx.scenario2()],
    ['3', () => fx.scenario3()],
    ['4', () => fx.scenario4()],
    ['5', () => fx.scenario5()],
    ['6', () => fx.scenario6()],
  ];
  it.each(scenarios)('scenario %s: same view as from the inventory itself', async (_n, make) => {
    standin.setInventory(make());
    const remote = buildView(
      await loadFromTencent({
        region: 'ap-guangzhou',
        endpoint: standin.url,
        credentials: { secretId: ID, secretKey: KEY },
        pageSize: 2,
      }),
    );
    const local = buildView(normalizeTencent(make()));
    expect({ ...remote, source: undefined }).toEqual({ ...local, source: undefined });
  });
});
