import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  parseTc3Authorization,
  signTc3,
  signaturesEqual,
  tc3Date,
} from '../../src/core/ipsec/tencent/tc3';
import type { TencentInventory } from '../../src/core/ipsec/tencent/types';

/**
 * A local stand-in for the Tencent Cloud VPC API (2017-03-12) on 127.0.0.1. It verifies
 * TC3-HMAC-SHA256 signatures the way the service documents (unknown SecretId ->
 * AuthFailure.SecretIdNotFound, wrong signature -> AuthFailure.SignatureFailure, stale
 * timestamp -> AuthFailure.SignatureExpire), pages Describe* results by Offset/Limit with
 * TotalCount, and can answer RequestLimitExceeded once on demand.
 *
 * One difference from the real service: the SDK signs the host without the port and derives
 * the service name from the first label of the endpoint ("127" for 127.0.0.1), so the
 * stand-in checks the scope's service against that same rule.
 */

export interface StandinRequest {
  action: string;
  params: Record<string, unknown>;
  region?: string;
  status: 'ok' | string;
}

export interface TencentStandin {
  url: string;
  requests: StandinRequest[];
  setInventory(inv: TencentInventory): void;
  /** The next call (of `action`, or any) answers RequestLimitExceeded once. */
  injectRateLimitOnce(action?: string): void;
  close(): Promise<void>;
}

type Handler = (inv: TencentInventory, params: Record<string, unknown>) => Record<string, unknown>;

function page<T>(
  items: T[],
  params: Record<string, unknown>,
  key: string,
): Record<string, unknown> {
  const offset = Number(params.Offset ?? 0);
  const limit = Number(params.Limit ?? 20);
  return { TotalCount: items.length, [key]: items.slice(offset, offset + limit) };
}

class ApiFailure extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function gatewayParam(params: Record<string, unknown>): string {
  if (typeof params.VpnGatewayId !== 'string')
    throw new ApiFailure(
      'MissingParameter',
      'The request is missing a required parameter `VpnGatewayId`.',
    );
  return params.VpnGatewayId;
}

const handlers: Record<string, Handler> = {
  DescribeVpnGateways: (inv, p) => page(inv.gateways, p, 'VpnGatewaySet'),
  DescribeCustomerGateways: (inv, p) => page(inv.customerGateways, p, 'CustomerGatewaySet'),
  DescribeVpnConnections: (inv, p) => page(inv.connections, p, 'VpnConnectionSet'),
  DescribeVpnGatewayRoutes: (inv, p) => page(inv.routes[gatewayParam(p)] ?? [], p, 'Routes'),
  DescribeVpnGatewayCcnRoutes: (inv, p) =>
    page(inv.ccnRoutes[gatewayParam(p)] ?? [], p, 'RouteSet'),
  DescribeVpcs: (inv, p) => {
    const ids = Array.isArray(p.VpcIds) ? (p.VpcIds as string[]) : undefined;
    if (typeof p.Offset !== 'string' || typeof p.Limit !== 'string') {
      throw new ApiFailure(
        'InvalidParameterValue',
        'Offset and Limit of DescribeVpcs are strings.',
      );
    }
    return page(
      inv.vpcs.filter((v) => !ids || ids.includes(v.VpcId ?? '')),
      p,
      'VpcSet',
    );
  },
};

const MAX_SKEW_SECONDS = 300;

function verify(req: http.IncomingMessage, body: Buffer, keys: Record<string, string>): void {
  const auth = parseTc3Authorization(String(req.headers.authorization ?? ''));
  if (!auth)
    throw new ApiFailure(
      'AuthFailure.SignatureFailure',
      'The provided credentials could not be validated (not a TC3-HMAC-SHA256 Authorization).',
    );
  const secretKey = keys[auth.secretId];
  if (secretKey === undefined)
    throw new ApiFailure(
      'AuthFailure.SecretIdNotFound',
      'The SecretId is not found, please ensure that your SecretId is correct.',
    );
  const timestamp = Number(req.headers['x-tc-timestamp']);
  if (!Number.isInteger(timestamp) || Math.abs(Date.now() / 1000 - timestamp) > MAX_SKEW_SECONDS) {
    throw new ApiFailure(
      'AuthFailure.SignatureExpire',
      'Signature expired: the timestamp is too far from the server time.',
    );
  }
  const hostname = String(req.headers.host ?? '').replace(/:\d+$/, '');
  if (!auth.signedHeaders.includes('host') || !auth.signedHeaders.includes('content-type')) {
    throw new ApiFailure(
      'AuthFailure.SignatureFailure',
      'SignedHeaders must include content-type and host.',
    );
  }
  const headers: Record<string, string> = {};
  for (const name of auth.signedHeaders)
    headers[name] = name === 'host' ? hostname : String(req.headers[name] ?? '');
  const expectedService = hostname.split('.')[0] ?? '';
  const sig = signTc3({
    method: req.method ?? 'POST',
    query: (req.url ?? '/').split('?')[1] ?? '',
    headers,
    payload: body,
    service: auth.service,
    timestamp,
    secretKey,
  });
  if (
    auth.service !== expectedService ||
    auth.date !== tc3Date(timestamp) ||
    !signaturesEqual(sig.signature, auth.signature)
  ) {
    throw new ApiFailure(
      'AuthFailure.SignatureFailure',
      'The provided credentials could not be validated. Please check your signature is correct.',
    );
  }
}

export async function startTencentStandin(opts: {
  keys: Record<string, string>;
  inventory: TencentInventory;
}): Promise<TencentStandin> {
  let inventory = opts.inventory;
  let rateLimit: { action?: string } | undefined;
  const requests: StandinRequest[] = [];

  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const body = Buffer.concat(chunks);
      const action = String(req.headers['x-tc-action'] ?? '');
      const requestId = randomUUID();
      let params: Record<string, unknown> = {};
      let response: Record<string, unknown>;
      try {
        verify(req, body, opts.keys);
        if (req.headers['x-tc-version'] !== '2017-03-12')
          throw new ApiFailure('InvalidParameter', 'X-TC-Version must be 2017-03-12.');
        params = body.length ? (JSON.parse(body.toString('utf8')) as Record<string, unknown>) : {};
        if (rateLimit && (!rateLimit.action || rateLimit.action === action)) {
          rateLimit = undefined;
          throw new ApiFailure(
            'RequestLimitExceeded',
            'Your current request times equals to `20` in a second, which exceeds the frequency limit `20` for a second.',
          );
        }
        const handler = Object.hasOwn(handlers, action) ? handlers[action] : undefined;
        if (!handler)
          throw new ApiFailure('InvalidAction', `The action ${action} is not supported.`);
        response = { ...handler(inventory, params), RequestId: requestId };
        requests.push({
          action,
          params,
          region: req.headers['x-tc-region'] as string | undefined,
          status: 'ok',
        });
      } catch (err) {
        const code = err instanceof ApiFailure ? err.code : 'InternalError';
        const message = err instanceof Error ? err.message : String(err);
        requests.push({
          action,
          params,
          region: req.headers['x-tc-region'] as string | undefined,
          status: code,
        });
        response = { Error: { Code: code, Message: message }, RequestId: requestId };
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ Response: response }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    setInventory(inv) {
      inventory = inv;
    },
    injectRateLimitOnce(action) {
      rateLimit = action ? { action } : {};
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
