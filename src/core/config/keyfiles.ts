/** OpenVPN's own key file formats (tls-auth / tls-crypt static keys, tls-crypt-v2 client keys). */

const STATIC_BEGIN = '-----BEGIN OpenVPN Static key V1-----';
const STATIC_END = '-----END OpenVPN Static key V1-----';
const V2_BEGIN = '-----BEGIN OpenVPN tls-crypt-v2 client key-----';
const V2_END = '-----END OpenVPN tls-crypt-v2 client key-----';
const STATIC_KEY_BYTES = 256;

function between(text: string, begin: string, end: string): string | undefined {
  const start = text.indexOf(begin);
  const stop = text.indexOf(end, start + begin.length);
  if (start < 0 || stop < 0) return undefined;
  return text.slice(start + begin.length, stop);
}

/** Canonical static key text, or a reason it is not one. */
export function normalizeStaticKey(text: string): { key: string } | { problem: string } {
  const body = between(text, STATIC_BEGIN, STATIC_END);
  if (body === undefined) return { problem: `no "${STATIC_BEGIN}" … "${STATIC_END}" section` };
  const hex = body.replace(/\s+/g, '');
  if (!/^[0-9a-fA-F]*$/.test(hex)) return { problem: 'the static key holds non-hex characters' };
  if (hex.length !== STATIC_KEY_BYTES * 2) {
    return { problem: `the static key has ${hex.length / 2} bytes, not ${STATIC_KEY_BYTES}` };
  }
  const lines = hex.toLowerCase().match(/.{32}/g) ?? [];
  return { key: [STATIC_BEGIN, ...lines, STATIC_END, ''].join('\n') };
}

/** WKc = tag (32) || encrypted Kc (256) and metadata || its own length (2); tls_crypt.h caps it at 1024. */
const MIN_WKC_BYTES = 32 + STATIC_KEY_BYTES + 2;
const MAX_WKC_BYTES = 1024;

export interface TlsCryptV2ClientKeyParts {
  /** Kc, laid out like a static key. */
  key: Buffer;
  /** WKc, the server-wrapped copy of Kc that the client sends as it is. */
  wrappedKey: Buffer;
}

/**
 * A tls-crypt-v2 client key file: base64 of Kc followed by WKc, whose last two bytes are its own
 * length (tls_crypt.c tls_crypt_v2_init_client_key reads it this way). Import and connect both
 * read the key through this one function, so a key that imports also connects.
 */
export function readTlsCryptV2ClientKey(
  text: string,
): TlsCryptV2ClientKeyParts | { problem: string } {
  const body = between(text, V2_BEGIN, V2_END);
  if (body === undefined) return { problem: `no "${V2_BEGIN}" section` };
  const b64 = body.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return { problem: 'the key is not base64' };
  const bytes = Buffer.from(b64, 'base64');
  const wrappedKey = bytes.subarray(STATIC_KEY_BYTES);
  if (wrappedKey.length < MIN_WKC_BYTES || wrappedKey.length > MAX_WKC_BYTES) {
    return {
      problem: `the wrapped key has an impossible length (${wrappedKey.length} bytes; a tls-crypt-v2 client key holds ${MIN_WKC_BYTES} to ${MAX_WKC_BYTES})`,
    };
  }
  if (wrappedKey.readUInt16BE(wrappedKey.length - 2) !== wrappedKey.length) {
    return { problem: 'the wrapped key length field does not match its length' };
  }
  return { key: bytes.subarray(0, STATIC_KEY_BYTES), wrappedKey };
}

/** Canonical tls-crypt-v2 client key text: Kc (256 bytes) followed by the wrapped key. */
export function normalizeTlsCryptV2Key(text: string): { key: string } | { problem: string } {
  const parts = readTlsCryptV2ClientKey(text);
  if ('problem' in parts) return parts;
  const bytes = Buffer.concat([parts.key, parts.wrappedKey]);
  const lines = bytes.toString('base64').match(/.{1,64}/g) ?? [];
  return { key: [V2_BEGIN, ...lines, V2_END, ''].join('\n') };
}
