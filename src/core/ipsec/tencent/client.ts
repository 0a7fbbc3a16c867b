import { CommonClient } from 'tencentcloud-sdk-nodejs-common';
import { GangwayError } from '../../errors';
import { parsePage, type TencentItem, type TencentListKey } from './validate';

/**
 * The Tencent Cloud VPC API (2017-03-12) through the SDK's CommonClient, with what the SDK
 * leaves to us: endpoint overrides (intl, private, test), API errors turned into one clear
 * GangwayError each, and RequestLimitExceeded retried with backoff a bounded number of times.
 */

export const VPC_API_VERSION = '2017-03-12';
export const DEFAULT_ENDPOINT = 'vpc.tencentcloudapi.com';

export interface TencentCredentials {
  secretId: string;
  secretKey: string;
}

export interface TencentApiOptions {
  region: string;
  credentials: TencentCredentials;
  /** Host (vpc.intl.tencentcloudapi.com) or URL (http://127.0.0.1:8080). */
  endpoint?: string;
  timeoutSeconds?: number;
  /** Retries after RequestLimitExceeded; default 3. */
  maxRetries?: number;
  /** First backoff; doubled after each retry. Default 1000 ms. */
  backoffMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export type ApiResponse = Record<string, unknown>;

export interface TencentApi {
  readonly endpointUrl: string;
  call(action: string, params: Record<string, unknown>): Promise<ApiResponse>;
}

/** Splits an endpoint option into the SDK's protocol and host[:port]. */
export function parseEndpoint(endpoint: string | undefined): { protocol: string; host: string } {
  const text = (endpoint ?? DEFAULT_ENDPOINT).trim();
  const m = /^(https?):\/\/([^/]+)\/?$/i.exec(text);
  if (m) return { protocol: `${(m[1] ?? 'https').toLowerCase()}://`, host: m[2] ?? '' };
  if (/^[A-Za-z0-9.-]+(:\d+)?$/.test(text)) return { protocol: 'https://', host: text };
  throw new GangwayError(
    'bad-input',
    `not an API endpoint: "${text}"`,
    'give a host such as vpc.intl.tencentcloudapi.com or a URL such as https://host:port',
  );
}

interface SdkError {
  code?: string;
  message?: string;
  requestId?: string;
}

function asSdkError(err: unknown): SdkError {
  if (err && typeof err === 'object') {
    const e = err as Record<string, unknown>;
    return {
      code: typeof e.code === 'string' && e.code ? e.code : undefined,
      message: typeof e.message === 'string' ? e.message : String(err),
      requestId: typeof e.requestId === 'string' && e.requestId ? e.requestId : undefined,
    };
  }
  return { message: String(err) };
}

/** Maps an SDK failure to the one line the user sees. */
export function apiError(action: string, endpointUrl: string, err: unknown): GangwayError {
  const e = asSdkError(err);
  const req = e.requestId ? ` (request ${e.requestId})` : '';
  if (!e.code) {
    return new GangwayError(
      'tencent-unreachable',
      `cannot reach the Tencent Cloud API at ${endpointUrl}: ${e.message ?? 'no answer'}`,
      'check the network, the region and --endpoint',
    );
  }
  if (e.code.startsWith('AuthFailure')) {
    return new GangwayError(
      'tencent-auth',
      `Tencent Cloud refused the credentials: ${e.code}: ${e.message ?? ''}${req}`,
      'check TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY',
    );
  }
  if (e.code === 'RequestLimitExceeded') {
    return new GangwayError(
      'tencent-rate-limited',
      `${action}: ${e.code}: ${e.message ?? ''}${req}`,
      'too many requests; try again later',
    );
  }
  return new GangwayError('tencent-api', `${action} failed: ${e.code}: ${e.message ?? ''}${req}`);
}

const defaultSleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));

export function createTencentApi(opts: TencentApiOptions): TencentApi {
  if (!opts.credentials.secretId || !opts.credentials.secretKey) {
    throw new GangwayError(
      'tencent-auth',
      'no Tencent Cloud credentials',
      'set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY',
    );
  }
  if (!opts.region)
    throw new GangwayError('bad-input', 'no region given', 'pass --region, e.g. ap-guangzhou');
  const { protocol, host } = parseEndpoint(opts.endpoint);
  const endpointUrl = `${protocol}${host}`;
  const client = new CommonClient(host, VPC_API_VERSION, {
    credential: { secretId: opts.credentials.secretId, secretKey: opts.credentials.secretKey },
    region: opts.region,
    profile: {
      signMethod: 'TC3-HMAC-SHA256',
      httpProfile: {
        endpoint: host,
        protocol,
        reqMethod: 'POST',
        reqTimeout: opts.timeoutSeconds ?? 30,
      },
    },
  });
  const maxRetries = opts.maxRetries ?? 3;
  const backoff = opts.backoffMs ?? 1000;
  const sleep = opts.sleep ?? defaultSleep;
  return {
    endpointUrl,
    async call(action, params) {
      for (let attempt = 0; ; attempt++) {
        try {
          return (await client.request(action, params)) as ApiResponse;
        } catch (err) {
          const e = asSdkError(err);
          if (e.code === 'RequestLimitExceeded' && attempt < maxRetries) {
            await sleep(backoff * 2 ** attempt);
            continue;
          }
          throw apiError(action, endpointUrl, err);
        }
      }
    },
  };
}

const MAX_PAGES = 1000;

/**
 * Calls a Describe* action page by page (Offset/Limit) until TotalCount items are read, each
 * page checked field by field and the whole list bounded by TENCENT_LISTS (tencent/validate.ts). `stringPaging` is for the few actions (DescribeVpcs) whose Offset/Limit are
 * strings.
 */
export async function describeAll<K extends TencentListKey>(
  api: TencentApi,
  action: string,
  listKey: K,
  params: Record<string, unknown> = {},
  opts: { pageSize?: number; stringPaging?: boolean } = {},
): Promise<Array<TencentItem<K>>> {
  const limit = opts.pageSize ?? 50;
  const items: Array<TencentItem<K>> = [];
  for (let page = 0; page < MAX_PAGES; page++) {
    const offset = items.length;
    const paging = opts.stringPaging
      ? { Offset: String(offset), Limit: String(limit) }
      : { Offset: offset, Limit: limit };
    const res = await api.call(action, { ...params, ...paging });
    const { items: batch, total } = parsePage(action, listKey, res, offset);
    // A loop, not push(...batch): spreading a huge page can overflow the stack.
    for (const item of batch) items.push(item);
    if (batch.length === 0 || items.length >= (total ?? items.length)) return items;
  }
  throw new GangwayError('tencent-api', `${action}: more than ${MAX_PAGES} pages; giving up`);
}
