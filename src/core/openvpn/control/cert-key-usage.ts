/**
 * The X.509 keyUsage extension as OpenVPN reads it for `remote-cert-ku` (ssl_verify_openssl.c):
 * the BIT STRING's first byte is the low byte, the second the high byte, so digitalSignature
 * is 0x80, keyEncipherment 0x20, keyAgreement 0x08, decipherOnly 0x8000. Node's
 * PeerCertificate does not expose key usage, hence this small DER walk over the raw certificate.
 */
const KEY_USAGE_OID = Buffer.from([0x06, 0x03, 0x55, 0x1d, 0x0f]); // 2.5.29.15
const SEQUENCE = 0x30;
const EXTENSIONS_TAG = 0xa3; // [3] EXPLICIT in TBSCertificate
const OCTET_STRING = 0x04;
const BIT_STRING = 0x03;

export interface Tlv {
  tag: number;
  value: Buffer;
  end: number;
}

export function readTlv(der: Buffer, at: number): Tlv | undefined {
  const tag = der[at];
  let length = der[at + 1];
  if (tag === undefined || length === undefined) return undefined;
  let start = at + 2;
  if (length & 0x80) {
    const bytes = length & 0x7f;
    if (bytes === 0 || bytes > 4 || start + bytes > der.length) return undefined;
    length = 0;
    for (let i = 0; i < bytes; i++) length = length * 256 + (der[start + i] ?? 0);
    start += bytes;
  }
  const end = start + length;
  if (end > der.length) return undefined;
  return { tag, value: der.subarray(start, end), end };
}

export function children(der: Buffer): Tlv[] {
  const out: Tlv[] = [];
  for (let at = 0; at < der.length;) {
    const tlv = readTlv(der, at);
    if (!tlv) return [];
    out.push(tlv);
    at = tlv.end;
  }
  return out;
}

/** OpenVPN's integer form of the key usage bits; undefined when the certificate has none. */
export function certificateKeyUsage(raw: Buffer): number | undefined {
  const certificate = readTlv(raw, 0);
  if (certificate?.tag !== SEQUENCE) return undefined;
  const tbs = children(certificate.value)[0];
  if (tbs?.tag !== SEQUENCE) return undefined;
  const extensionsField = children(tbs.value).find((t) => t.tag === EXTENSIONS_TAG);
  const list = extensionsField && children(extensionsField.value)[0];
  if (list?.tag !== SEQUENCE) return undefined;
  for (const extension of children(list.value)) {
    const [oid, ...rest] = children(extension.value);
    if (!oid || !extension.value.subarray(0, oid.end).equals(KEY_USAGE_OID)) continue;
    // extnValue follows the OID and the optional `critical` BOOLEAN.
    const octets = rest.find((t) => t.tag === OCTET_STRING);
    const bits = octets && readTlv(octets.value, 0);
    if (bits?.tag !== BIT_STRING || bits.value.length < 2) return undefined;
    // bits.value[0] is the count of unused bits; the usage bytes follow.
    return (bits.value[1] ?? 0) | ((bits.value[2] ?? 0) << 8);
  }
  return undefined;
}

/**
 * `remote-cert-ku [v...]`: with no values any key usage will do; otherwise one expected value
 * must have all its bits set in the certificate (x509_verify_cert_ku).
 */
export function keyUsageMatches(actual: number | undefined, expected: readonly string[]): boolean {
  if (actual === undefined) return false;
  if (expected.length === 0) return true;
  return expected.some((hex) => {
    const want = parseInt(hex, 16);
    return want !== 0 && (actual & want) === want;
  });
}
