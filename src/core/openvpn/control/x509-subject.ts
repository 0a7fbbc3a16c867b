/**
 * The server certificate's subject as OpenVPN compares it for `verify-x509-name`
 * (ssl_verify.c verify_peer_cert), read from the certificate's DER rather than from a string
 * that was printed and split again:
 *
 * - `subject`: x509_get_subject (ssl_verify_openssl.c) prints the name with
 *   X509_NAME_print_ex(XN_FLAG_SEP_CPLUS_SPC | XN_FLAG_FN_SN | ASN1_STRFLGS_UTF8_CONVERT |
 *   ASN1_STRFLGS_ESC_CTRL): RDNs in certificate order joined by ", ", the values of one RDN by
 *   " + ", short attribute names, values as UTF-8 with control characters and the backslash
 *   escaped, and nothing else escaped (a comma inside a value stays a bare comma).
 * - `name` / `name-prefix`: the LAST commonName (extract_x509_field_ssl), as UTF-8, control
 *   characters replaced by '_' (string_mod_remap_name); longer than 64 bytes (TLS_USERNAME_LEN)
 *   it cannot be read at all.
 */
import { children, readTlv } from './cert-key-usage';

const SEQUENCE = 0x30;
const SET = 0x31;
const OID = 0x06;
const CN_OID = '2.5.4.3';
/** ssl_verify.c TLS_USERNAME_LEN. */
const MAX_COMMON_NAME_BYTES = 64;

/** OpenSSL's short names (OBJ_nid2sn) for the attributes certificates use. */
const SHORT_NAMES: ReadonlyMap<string, string> = new Map([
  ['2.5.4.3', 'CN'],
  ['2.5.4.4', 'SN'],
  ['2.5.4.5', 'serialNumber'],
  ['2.5.4.6', 'C'],
  ['2.5.4.7', 'L'],
  ['2.5.4.8', 'ST'],
  ['2.5.4.9', 'street'],
  ['2.5.4.10', 'O'],
  ['2.5.4.11', 'OU'],
  ['2.5.4.12', 'title'],
  ['2.5.4.13', 'description'],
  ['2.5.4.15', 'businessCategory'],
  ['2.5.4.16', 'postalAddress'],
  ['2.5.4.17', 'postalCode'],
  ['2.5.4.18', 'postOfficeBox'],
  ['2.5.4.20', 'telephoneNumber'],
  ['2.5.4.41', 'name'],
  ['2.5.4.42', 'GN'],
  ['2.5.4.43', 'initials'],
  ['2.5.4.44', 'generationQualifier'],
  ['2.5.4.45', 'x500UniqueIdentifier'],
  ['2.5.4.46', 'dnQualifier'],
  ['2.5.4.65', 'pseudonym'],
  ['2.5.4.72', 'role'],
  ['2.5.4.97', 'organizationIdentifier'],
  ['1.2.840.113549.1.9.1', 'emailAddress'],
  ['1.2.840.113549.1.9.2', 'unstructuredName'],
  ['0.9.2342.19200300.100.1.1', 'UID'],
  ['0.9.2342.19200300.100.1.25', 'DC'],
  ['1.3.6.1.4.1.311.60.2.1.1', 'jurisdictionL'],
  ['1.3.6.1.4.1.311.60.2.1.2', 'jurisdictionST'],
  ['1.3.6.1.4.1.311.60.2.1.3', 'jurisdictionC'],
]);

/** One attribute of a relative distinguished name, its value already decoded. */
export interface NameAttribute {
  oid: string;
  value: string;
}

/** The subject's RDNs in certificate order; each holds one or more attributes. */
export type DistinguishedName = NameAttribute[][];

/** undefined when the DER has no readable subject or a value of a type that is not a string. */
export function certificateSubject(raw: Buffer): DistinguishedName | undefined {
  const certificate = readTlv(raw, 0);
  if (certificate?.tag !== SEQUENCE) return undefined;
  const tbs = children(certificate.value)[0];
  if (tbs?.tag !== SEQUENCE) return undefined;
  // TBSCertificate: [0] version (optional), serial, signature, issuer, validity, subject, ...
  const fields = children(tbs.value);
  const skip = fields[0]?.tag === 0xa0 ? 1 : 0;
  const subject = fields[skip + 4];
  if (subject?.tag !== SEQUENCE) return undefined;
  const name: DistinguishedName = [];
  for (const rdn of children(subject.value)) {
    if (rdn.tag !== SET) return undefined;
    const attributes: NameAttribute[] = [];
    for (const pair of children(rdn.value)) {
      const [type, value] = pair.tag === SEQUENCE ? children(pair.value) : [];
      if (type?.tag !== OID || !value) return undefined;
      const text = decodeDirectoryString(value.tag, value.value);
      if (text === undefined) return undefined;
      attributes.push({ oid: decodeOid(type.value), value: text });
    }
    if (attributes.length === 0) return undefined;
    name.push(attributes);
  }
  return name;
}

/** The string x509_get_subject builds, which `verify-x509-name X subject` must equal. */
export function openvpnSubjectString(name: DistinguishedName): string {
  return name
    .map((rdn) =>
      rdn
        .map(({ oid, value }) => `${SHORT_NAMES.get(oid) ?? oid}=${escapeControl(value)}`)
        .join(' + '),
    )
    .join(', ');
}

/** The common name `verify-x509-name X name|name-prefix` compares, or undefined if unreadable. */
export function openvpnCommonName(name: DistinguishedName): string | undefined {
  const last = name
    .flat()
    .filter((a) => a.oid === CN_OID)
    .at(-1);
  if (!last || Buffer.byteLength(last.value, 'utf8') > MAX_COMMON_NAME_BYTES) return undefined;
  // string_mod_remap_name: CC_PRINT (>= 32, not DEL) kept, everything else becomes '_'.
  return mapControl(last.value, () => '_');
}

/** ASN1_STRFLGS_ESC_CTRL: control characters as \XX, and then the backslash itself as \\. */
function escapeControl(value: string): string {
  return mapControl(value, (code) => `\\${code.toString(16).toUpperCase().padStart(2, '0')}`, true);
}

/** Replaces C0 controls and DEL (and the backslash, when asked) with `replace(code)`. */
function mapControl(value: string, replace: (code: number) => string, backslash = false): string {
  let out = '';
  for (const c of value) {
    const code = c.charCodeAt(0);
    if (code < 0x20 || code === 0x7f) out += replace(code);
    else if (backslash && c === '\\') out += '\\\\';
    else out += c;
  }
  return out;
}

/**
 * The string types OpenSSL prints (a_strex.c tag2nbyte) as Unicode text; others are not
 * names a server certificate should have, and OpenSSL would print them differently.
 */
function decodeDirectoryString(tag: number, bytes: Buffer): string | undefined {
  switch (tag) {
    case 0x0c: // UTF8String
      try {
        return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
      } catch {
        return undefined;
      }
    case 0x12: // NumericString
    case 0x13: // PrintableString
    case 0x14: // T61String: one byte per character, as OpenSSL takes it
    case 0x16: // IA5String
    case 0x1a: // VisibleString
      return bytes.toString('latin1');
    case 0x1e: // BMPString: UCS-2, big-endian
      return decodeFixedWidth(bytes, 2);
    case 0x1c: // UniversalString: UCS-4, big-endian
      return decodeFixedWidth(bytes, 4);
    default:
      return undefined;
  }
}

function decodeFixedWidth(bytes: Buffer, width: 2 | 4): string | undefined {
  if (bytes.length % width !== 0) return undefined;
  let text = '';
  for (let at = 0; at < bytes.length; at += width) {
    const point = width === 2 ? bytes.readUInt16BE(at) : bytes.readUInt32BE(at);
    if (point > 0x10ffff) return undefined;
    text += String.fromCodePoint(point);
  }
  return text;
}

function decodeOid(bytes: Buffer): string {
  const parts: number[] = [];
  let value = 0;
  for (const byte of bytes) {
    value = value * 128 + (byte & 0x7f);
    if ((byte & 0x80) === 0) {
      parts.push(value);
      value = 0;
    }
  }
  const first = parts.shift() ?? 0;
  const head = first < 40 ? [0, first] : first < 80 ? [1, first - 40] : [2, first - 80];
  return [...head, ...parts].join('.');
}
