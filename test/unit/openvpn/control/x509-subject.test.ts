import forge from 'node-forge';
import type { PeerCertificate } from 'node:tls';
import { beforeAll, describe, expect, it } from 'vitest';
import { checkServerCertificate } from '../../../../src/core/openvpn/control/tls-verify';
import {
  certificateSubject,
  openvpnCommonName,
  openvpnSubjectString,
} from '../../../../src/core/openvpn/control/x509-subject';
import { issue, makeCa, type Issued } from '../../../support/pki';

// DER by hand: only the TBSCertificate fields before the subject need to be there.
function tlv(tag: number, ...parts: Buffer[]): Buffer {
  const body = Buffer.concat(parts);
  const n = body.length;
  const length =
    n < 0x80
      ? Buffer.from([n])
      : n < 0x100
        ? Buffer.from([0x81, n])
        : Buffer.from([0x82, n >> 8, n & 0xff]);
  return Buffer.concat([Buffer.from([tag]), length, body]);
}
function oid(dotted: string): Buffer {
  const [a = 0, b = 0, ...rest] = dotted.split('.').map(Number);
  const bytes = [a * 40 + b];
  for (const n of rest) {
    const groups = [n & 0x7f];
    for (let v = Math.floor(n / 128); v > 0; v = Math.floor(v / 128))
      groups.unshift((v & 0x7f) | 0x80);
    bytes.push(...groups);
  }
  return tlv(0x06, Buffer.from(bytes));
}
const UTF8 = 0x0c;
const PRINTABLE = 0x13;
const T61 = 0x14;
const BMP = 0x1e;
const UNIVERSAL = 0x1c;
function attr(type: string, value: Buffer | string, tag = UTF8): Buffer {
  return tlv(
    0x30,
    oid(type),
    tlv(tag, typeof value === 'string' ? Buffer.from(value, 'utf8') : value),
  );
}
const rdn = (...attributes: Buffer[]) => tlv(0x31, ...attributes);
function certWithSubject(...rdns: Buffer[]): Buffer {
  const tbs = tlv(
    0x30,
    tlv(0xa0, tlv(0x02, Buffer.from([2]))),
    tlv(0x02, Buffer.from([1])),
    tlv(0x30, oid('1.2.840.113549.1.1.11')),
    tlv(0x30),
    tlv(0x30),
    tlv(0x30, ...rdns),
  );
  return tlv(0x30, tbs);
}
const C = '2.5.4.6';
const O = '2.5.4.10';
const OU = '2.5.4.11';
const CN = '2.5.4.3';
const EMAIL = '1.2.840.113549.1.9.1';
const DC = '0.9.2342.19200300.100.1.25';
const STREET = '2.5.4.9';

const subjectOf = (raw: Buffer) => openvpnSubjectString(certificateSubject(raw)!);

describe('the subject string OpenVPN builds (x509_get_subject)', () => {
  // Each expected string is what `openssl x509 -subject -nameopt
  // sep_comma_plus_space,sname,utf8,esc_ctrl` (X509_NAME_print_ex with OpenVPN's flags) prints.
  it('keeps certificate order, multi-valued RDNs and bare commas', () => {
    const raw = certWithSubject(
      rdn(attr(C, 'US', PRINTABLE)),
      rdn(attr(O, 'Acme, Inc.')),
      rdn(attr(OU, 'a'), attr(OU, 'b')),
      rdn(attr(CN, 'vpn, one')),
      rdn(attr(EMAIL, 'x@y.z', 0x16)),
      rdn(attr(CN, 'second')),
      rdn(attr(DC, 'ex', 0x16)),
      rdn(attr(STREET, 'Back\\slash')),
    );
    expect(subjectOf(raw)).toBe(
      'C=US, O=Acme, Inc., OU=a + OU=b, CN=vpn, one, emailAddress=x@y.z, CN=second, DC=ex, street=Back\\\\slash',
    );
    expect(openvpnCommonName(certificateSubject(raw)!)).toBe('second');
  });

  it('does not group attributes of one type (O after OU stays after it)', () => {
    const raw = certWithSubject(
      rdn(attr(C, 'US', PRINTABLE)),
      rdn(attr(O, 'Acme, Inc.')),
      rdn(attr(OU, 'x')),
      rdn(attr(O, 'Second')),
      rdn(attr(CN, 'vpn, one')),
    );
    expect(subjectOf(raw)).toBe('C=US, O=Acme, Inc., OU=x, O=Second, CN=vpn, one');
  });

  it('prints UTF-8 as it is, escapes control characters as \\XX, and decodes every string type', () => {
    const raw = certWithSubject(rdn(attr(CN, 'café \u007f del')), rdn(attr(O, 'tab\there')));
    expect(subjectOf(raw)).toBe('CN=café \\7F del, O=tab\\09here');
    expect(openvpnCommonName(certificateSubject(raw)!)).toBe('café _ del');
    const types = certWithSubject(
      rdn(attr(O, Buffer.from([0x63, 0x61, 0x66, 0xe9]), T61)),
      rdn(attr(OU, Buffer.from('00e9004e', 'hex'), BMP)),
      rdn(attr(CN, Buffer.from('0001f600', 'hex'), UNIVERSAL)),
      rdn(attr('1.2.3.4', 'odd')),
    );
    expect(subjectOf(types)).toBe('O=café, OU=éN, CN=😀, 1.2.3.4=odd');
  });

  it('refuses what it cannot print the way OpenSSL does', () => {
    expect(
      certificateSubject(certWithSubject(rdn(attr(CN, Buffer.from([0xff]), UTF8)))),
    ).toBeUndefined();
    expect(certificateSubject(certWithSubject(rdn(attr(CN, 'x', 0x04))))).toBeUndefined();
    expect(certificateSubject(Buffer.from([0x30, 0x03, 0x02, 0x01]))).toBeUndefined();
  });

  it('cannot read a common name longer than 64 bytes (TLS_USERNAME_LEN)', () => {
    const ok = certWithSubject(rdn(attr(CN, 'é'.repeat(32))));
    const long = certWithSubject(rdn(attr(CN, `${'é'.repeat(32)}x`)));
    expect(openvpnCommonName(certificateSubject(ok)!)).toBe('é'.repeat(32));
    expect(openvpnCommonName(certificateSubject(long)!)).toBeUndefined();
  });
});

describe('verify-x509-name on real certificates', () => {
  let ca: Issued;
  /** What node's TLS hands over: the DER, and the subject grouped by attribute type. */
  const peer = (raw: Buffer, subject: Record<string, string | string[]>) =>
    ({ raw, subject, ext_key_usage: ['1.3.6.1.5.5.7.3.1'] }) as unknown as PeerCertificate;
  const der = (issued: Issued) =>
    Buffer.from(forge.asn1.toDer(forge.pki.certificateToAsn1(issued.cert)).getBytes(), 'binary');
  /** A server certificate whose subject is `attrs`, in this order. */
  function server(attrs: Array<{ shortName: string; value: string }>): Buffer {
    const issued = issue(ca, { commonName: 'placeholder', usage: 'server', keyBits: 1024 });
    issued.cert.setSubject(attrs);
    issued.cert.sign(ca.key as forge.pki.rsa.PrivateKey, forge.md.sha256.create());
    return der(issued);
  }
  beforeAll(() => {
    ca = makeCa('X509 Name CA', { keyBits: 1024 });
  });

  it('subject: equal to the OpenVPN string, nothing looser', () => {
    const raw = server([
      { shortName: 'C', value: 'US' },
      { shortName: 'OU', value: 'x' },
      { shortName: 'O', value: 'Acme' },
      { shortName: 'OU', value: 'y' },
      { shortName: 'CN', value: 'vpn, one' },
    ]);
    const check = (name: string) =>
      checkServerCertificate(
        { verifyX509Name: { name, type: 'subject' } },
        peer(raw, { C: 'US', OU: ['x', 'y'], O: 'Acme', CN: 'vpn, one' }),
      );
    expect(check('C=US, OU=x, O=Acme, OU=y, CN=vpn, one')).toBeUndefined();
    for (const looser of [
      'C=US, OU=x, OU=y, O=Acme, CN=vpn, one', // grouped by type
      'C=US,OU=x,O=Acme,OU=y,CN=vpn,one', // other spacing
      '/C=US/OU=x/O=Acme/OU=y/CN=vpn/one', // the pre-2.3 slash form
    ]) {
      const refused = check(looser);
      expect(refused?.code, looser).toBe('server-cert-name');
      expect(refused?.message).toContain('"C=US, OU=x, O=Acme, OU=y, CN=vpn, one"');
    }
  });

  it('name and name-prefix: the last common name, as OpenVPN reads it', () => {
    const two = server([
      { shortName: 'CN', value: 'server' },
      { shortName: 'CN', value: 'evil' },
    ]);
    const check = (name: string, type: 'name' | 'name-prefix') =>
      checkServerCertificate(
        { verifyX509Name: { name, type } },
        peer(two, { CN: ['server', 'evil'] }),
      );
    expect(check('server', 'name')?.code).toBe('server-cert-name');
    expect(check('evil', 'name')).toBeUndefined();
    expect(check('ev', 'name-prefix')).toBeUndefined();
    expect(check('se', 'name-prefix')?.message).toContain('"evil"');
  });
});
