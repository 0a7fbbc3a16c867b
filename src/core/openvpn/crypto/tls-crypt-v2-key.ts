/**
 * The tls-crypt-v2 client key file: PEM-style base64 of Kc (256 bytes, static-key layout)
 * followed by WKc, the server-wrapped copy of Kc that the client sends opaquely. WKc's last
 * two bytes are its own total length (doc/tls-crypt-v2.txt).
 */
import { GangwayError } from '../../errors';
import { STATIC_KEY_BYTES } from './static-key';

const BEGIN = '-----BEGIN OpenVPN tls-crypt-v2 client key-----';
const END = '-----END OpenVPN tls-crypt-v2 client key-----';
/** Tag 32 + at least the encrypted Kc + length 2. */
const MIN_WKC_BYTES = 32 + STATIC_KEY_BYTES + 2;
const MAX_WKC_BYTES = 1024;

export interface TlsCryptV2ClientKey {
  /** Kc: used exactly like a tls-crypt v1 key. */
  key: Buffer;
  /** WKc: appended to P_CONTROL_HARD_RESET_CLIENT_V3 and P_CONTROL_WKC_V1. */
  wrappedKey: Buffer;
}

function keyError(message: string): GangwayError {
  return new GangwayError(
    'config-invalid',
    `Invalid tls-crypt-v2 client key: ${message}`,
    'Ask the VPN administrator for a fresh client key ("openvpn --genkey tls-crypt-v2-client").',
  );
}

export function parseTlsCryptV2ClientKey(text: string): TlsCryptV2ClientKey {
  const start = text.indexOf(BEGIN);
  const end = text.indexOf(END);
  if (start < 0 || end < start) throw keyError(`expected a "${BEGIN}" block`);
  const base64 = text.slice(start + BEGIN.length, end).replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) throw keyError('the key body is not base64');
  const raw = Buffer.from(base64, 'base64');
  const wrappedKey = raw.subarray(STATIC_KEY_BYTES);
  if (wrappedKey.length < MIN_WKC_BYTES || wrappedKey.length > MAX_WKC_BYTES) {
    throw keyError(`the wrapped key has an impossible length (${wrappedKey.length} bytes)`);
  }
  if (wrappedKey.readUInt16BE(wrappedKey.length - 2) !== wrappedKey.length) {
    throw keyError('the wrapped key length field does not match');
  }
  return { key: raw.subarray(0, STATIC_KEY_BYTES), wrappedKey };
}
