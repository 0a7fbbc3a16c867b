import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Tencent Cloud API signature v3 (TC3-HMAC-SHA256), written from Tencent's "Signature v3"
 * documentation. The SDK signs real requests; this implementation cross-checks it in tests
 * and lets the local API stand-in verify what it receives.
 */

export const TC3_ALGORITHM = 'TC3-HMAC-SHA256';

export interface Tc3Request {
  method: string;
  /** Query string for GET, "" for POST. */
  query?: string;
  /** Header names and values that take part in the signature (at least content-type, host). */
  headers: Record<string, string>;
  payload: string | Buffer;
  service: string;
  /** Unix seconds (X-TC-Timestamp). */
  timestamp: number;
  secretKey: string;
}

export interface Tc3Signature {
  canonicalRequest: string;
  stringToSign: string;
  credentialScope: string;
  signedHeaders: string;
  signature: string;
}

const sha256Hex = (data: string | Buffer): string =>
  createHash('sha256').update(data).digest('hex');
const hmac = (key: string | Buffer, data: string): Buffer =>
  createHmac('sha256', key).update(data, 'utf8').digest();

/** The UTC date of a timestamp, as used in the credential scope. */
export function tc3Date(timestamp: number): string {
  return new Date(timestamp * 1000).toISOString().slice(0, 10);
}

export function signTc3(req: Tc3Request): Tc3Signature {
  const names = Object.keys(req.headers)
    .map((n) => n.toLowerCase())
    .sort();
  const lowered = new Map(Object.entries(req.headers).map(([k, v]) => [k.toLowerCase(), v]));
  const canonicalHeaders = names
    .map((n) => `${n}:${(lowered.get(n) ?? '').trim().toLowerCase()}\n`)
    .join('');
  const signedHeaders = names.join(';');
  const canonicalRequest = [
    req.method.toUpperCase(),
    '/',
    req.query ?? '',
    canonicalHeaders,
    signedHeaders,
    sha256Hex(req.payload),
  ].join('\n');
  const date = tc3Date(req.timestamp);
  const credentialScope = `${date}/${req.service}/tc3_request`;
  const stringToSign = [
    TC3_ALGORITHM,
    String(req.timestamp),
    credentialScope,
    sha256Hex(canonicalRequest),
  ].join('\n');
  const signingKey = hmac(hmac(hmac(`TC3${req.secretKey}`, date), req.service), 'tc3_request');
  const signature = createHmac('sha256', signingKey).update(stringToSign, 'utf8').digest('hex');
  return { canonicalRequest, stringToSign, credentialScope, signedHeaders, signature };
}

export function tc3Authorization(secretId: string, sig: Tc3Signature): string {
  return `${TC3_ALGORITHM} Credential=${secretId}/${sig.credentialScope}, SignedHeaders=${sig.signedHeaders}, Signature=${sig.signature}`;
}

export interface ParsedAuthorization {
  secretId: string;
  date: string;
  service: string;
  signedHeaders: string[];
  signature: string;
}

/** Parses an Authorization header; undefined when it is not a TC3 one. */
export function parseTc3Authorization(header: string): ParsedAuthorization | undefined {
  const m =
    /^TC3-HMAC-SHA256 Credential=([^/]+)\/(\d{4}-\d{2}-\d{2})\/([^/]+)\/tc3_request, SignedHeaders=([a-z0-9;-]+), Signature=([0-9a-f]{64})$/.exec(
      header.trim(),
    );
  if (!m) return undefined;
  const [, secretId = '', date = '', service = '', signed = '', signature = ''] = m;
  return { secretId, date, service, signedHeaders: signed.split(';'), signature };
}

/** Constant-time comparison of two hex signatures. */
export function signaturesEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}
