import forge from 'node-forge';
import { beforeAll, describe, expect, it } from 'vitest';
import { importProfileFromText } from '../../../src/core/config';
import {
  configErrorLine,
  inlineBlock,
  makePki,
  tencentConfigBody,
  type TestPki,
} from '../../support/profiles';

// Certificates that parse but that OpenSSL cannot describe: a validity time that is no time,
// or a public key of an algorithm it does not know. They must fail as the config's error, at
// the line of the block that holds them, not as an internal error.

/** The certificate re-encoded after `change` edits its TBSCertificate fields (signature left stale). */
function altered(certPem: string, change: (tbs: forge.asn1.Asn1[]) => void): string {
  // Decoded afresh: forge's certificate objects cache their TBSCertificate, which must stay intact.
  const asn1 = forge.asn1.fromDer((forge.pem.decode(certPem)[0] as forge.pem.ObjectPEM).body);
  const tbs = (asn1.value as forge.asn1.Asn1[])[0]?.value as forge.asn1.Asn1[];
  change(tbs);
  return forge.pem.encode({ type: 'CERTIFICATE', body: forge.asn1.toDer(asn1).getBytes() });
}

// TBSCertificate: version, serialNumber, signature, issuer, validity, subject, subjectPublicKeyInfo, …
const VALIDITY = 4;
const SPKI = 6;

function withTime(cert: string, which: 0 | 1, utcTime: string): string {
  return altered(cert, (tbs) => {
    const validity = tbs[VALIDITY]?.value as forge.asn1.Asn1[];
    (validity[which] as forge.asn1.Asn1).value = utcTime;
  });
}

function withKeyAlgorithm(cert: string, oid: string): string {
  return altered(cert, (tbs) => {
    const algorithm = (tbs[SPKI]?.value as forge.asn1.Asn1[])[0]?.value as forge.asn1.Asn1[];
    (algorithm[0] as forge.asn1.Asn1).value = forge.asn1.oidToDer(oid).getBytes();
  });
}

let pki: TestPki;
beforeAll(() => {
  pki = makePki('Unreadable');
});

/** Header lines 1–12, then <ca> at line 13, then <cert> and <key>. */
function profile(caPem: string, certPem: string): string {
  const ca = inlineBlock('ca', caPem);
  return [
    tencentConfigBody(),
    ca,
    inlineBlock('cert', certPem),
    inlineBlock('key', pki.client.keyPem),
    '',
  ].join('\n');
}

const certLine = (caPem: string) => 13 + inlineBlock('ca', caPem).split('\n').length;
const load = (text: string) => importProfileFromText(text, { name: 'u', sourceName: 'u.ovpn' });

describe('certificates the libraries cannot describe', () => {
  it('an unreadable expiry time in the CA fails at the <ca> block', async () => {
    const ca = withTime(pki.ca.certPem, 1, '991399999999Z');
    expect(await configErrorLine(load(profile(ca, pki.client.certPem)))).toBe(
      'u.ovpn:13: <ca> block (ca) holds a certificate Gangway cannot read ("CN=Unreadable CA"): its expiry date (notAfter) is not a valid time',
    );
  });

  it('an unreadable start time in the client certificate fails at the <cert> block', async () => {
    const cert = withTime(pki.client.certPem, 0, 'ABCDEFGHIJKLZ');
    expect(await configErrorLine(load(profile(pki.ca.certPem, cert)))).toBe(
      `u.ovpn:${certLine(pki.ca.certPem)}: <cert> block (cert) holds a certificate Gangway cannot read ("CN=client1"): its start date (notBefore) is not a valid time`,
    );
  });

  it('an unknown public-key algorithm fails at the block that holds it', async () => {
    const ca = withKeyAlgorithm(pki.ca.certPem, '1.3.6.1.4.1.99999.1');
    expect(await configErrorLine(load(profile(ca, pki.client.certPem)))).toMatch(
      /^u\.ovpn:13: <ca> block \(ca\) holds a certificate Gangway cannot read \("CN=Unreadable CA"\): its public key uses an algorithm Gangway does not know$/,
    );
    const cert = withKeyAlgorithm(pki.client.certPem, '1.3.6.1.4.1.99999.1');
    expect(await configErrorLine(load(profile(pki.ca.certPem, cert)))).toMatch(
      new RegExp(
        `^u\\.ovpn:${certLine(pki.ca.certPem)}: <cert> block \\(cert\\) holds a certificate`,
      ),
    );
  });

  it('the same certificates with readable parts still import', async () => {
    const result = await load(profile(pki.ca.certPem, pki.client.certPem));
    expect(result.profile.certificates.map((c) => c.role)).toEqual(['ca', 'client']);
  });
});
