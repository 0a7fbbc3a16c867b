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

/** Canonical tls-crypt-v2 client key text: Kc (256 bytes) followed by the wrapped key. */
export function normalizeTlsCryptV2Key(text: string): { key: string } | { problem: string } {
  const body = between(text, V2_BEGIN, V2_END);
  if (body === undefined) return { problem: `no "${V2_BEGIN}" section` };
  const b64 = body.replace(/\s+/g, '');
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return { problem: 'the key is not base64' };
  const bytes = Buffer.from(b64, 'base64');
  // Kc, then WKc whose last two bytes give its own length (at most 1024 bytes).
  const wrappedLength = bytes.length - STATIC_KEY_BYTES;
  if (
    wrappedLength < 2 ||
    wrappedLength > 1024 ||
    bytes.readUInt16BE(bytes.length - 2) !== wrappedLength
  ) {
    return { problem: 'the key is not a tls-crypt-v2 client key (wrong length)' };
  }
  const lines = bytes.toString('base64').match(/.{1,64}/g) ?? [];
  return { key: [V2_BEGIN, ...lines, V2_END, ''].join('\n') };
}
