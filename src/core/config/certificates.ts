import { X509Certificate, createPrivateKey, createPublicKey, type KeyObject } from 'node:crypto';
import forge from 'node-forge';
import { certificateExpiry } from '../../shared/cert-expiry';
import type { CertificateInfo } from './profile';

/**
 * Certificate facts for display and warnings. node:crypto reads every key type (RSA, EC,
 * Ed25519); the signature algorithm, which it does not expose, comes from the DER via forge's
 * ASN.1 reader, which (unlike forge's certificate parser) does not care about the key type.
 */

const PEM_BEGIN = '-----BEGIN CERTIFICATE-----';
const PEM_END = '-----END CERTIFICATE-----';
export { EXPIRY_WARNING_DAYS } from '../../shared/cert-expiry';

/** Every certificate in `text`, re-wrapped cleanly (stray CRs or blank lines are common). */
export function splitPemCertificates(text: string): string[] {
  // indexOf, not a lazy /BEGIN[\s\S]*?END/g: with many BEGIN lines and no END that regex scans
  // to the end of the text from every BEGIN, which is quadratic.
  const pems: string[] = [];
  for (let at = text.indexOf(PEM_BEGIN); at >= 0; at = text.indexOf(PEM_BEGIN, at)) {
    const end = text.indexOf(PEM_END, at + PEM_BEGIN.length);
    if (end < 0) break;
    const body = text
      .slice(at + PEM_BEGIN.length, end)
      .replaceAll(PEM_BEGIN, '')
      .replace(/\s+/g, '');
    const lines = body.match(/.{1,64}/g) ?? [];
    pems.push([PEM_BEGIN, ...lines, PEM_END, ''].join('\n'));
    at = end + PEM_END.length;
  }
  return pems;
}

const SIGNATURE_NAMES: ReadonlyMap<string, string> = new Map([
  ['1.2.840.113549.1.1.4', 'md5WithRSAEncryption'],
  ['1.2.840.113549.1.1.5', 'sha1WithRSAEncryption'],
  ['1.2.840.113549.1.1.11', 'sha256WithRSAEncryption'],
  ['1.2.840.113549.1.1.12', 'sha384WithRSAEncryption'],
  ['1.2.840.113549.1.1.13', 'sha512WithRSAEncryption'],
  ['1.2.840.113549.1.1.14', 'sha224WithRSAEncryption'],
  ['1.2.840.113549.1.1.10', 'rsassaPss'],
  ['1.2.840.10045.4.1', 'ecdsa-with-SHA1'],
  ['1.2.840.10045.4.3.2', 'ecdsa-with-SHA256'],
  ['1.2.840.10045.4.3.3', 'ecdsa-with-SHA384'],
  ['1.2.840.10045.4.3.4', 'ecdsa-with-SHA512'],
  ['1.3.101.112', 'Ed25519'],
  ['1.3.101.113', 'Ed448'],
]);
const CURVE_BITS: ReadonlyMap<string, number> = new Map([
  ['prime256v1', 256],
  ['secp384r1', 384],
  ['secp521r1', 521],
]);

function signatureAlgorithm(cert: X509Certificate): string {
  try {
    const asn1 = forge.asn1.fromDer(forge.util.createBuffer(cert.raw.toString('binary')));
    const algorithm = (asn1.value as forge.asn1.Asn1[])[1];
    const oidNode = (algorithm?.value as forge.asn1.Asn1[] | undefined)?.[0];
    const oid = forge.asn1.derToOid(forge.util.createBuffer(oidNode?.value as string));
    return SIGNATURE_NAMES.get(oid) ?? oid;
  } catch {
    return 'unknown';
  }
}

function keyFacts(key: KeyObject): { keyType: string; keyBits: number } {
  const details = key.asymmetricKeyDetails ?? {};
  switch (key.asymmetricKeyType) {
    case 'rsa':
    case 'rsa-pss':
      return { keyType: 'RSA', keyBits: details.modulusLength ?? 0 };
    case 'ec': {
      return { keyType: 'EC', keyBits: CURVE_BITS.get(details.namedCurve ?? '') ?? 0 };
    }
    case 'ed25519':
      return { keyType: 'Ed25519', keyBits: 256 };
    default:
      return { keyType: (key.asymmetricKeyType ?? 'unknown').toUpperCase(), keyBits: 0 };
  }
}

const oneLineName = (name: string): string => name.split('\n').filter(Boolean).join(', ');

export function parseCertificate(pem: string): X509Certificate {
  return new X509Certificate(pem);
}

/**
 * Why describeCertificate could not describe a certificate that parsed, or undefined. OpenSSL
 * parses a certificate without checking its times or its key, and only fails when asked for
 * them: node prints an unreadable time as "Bad time value", and `publicKey` throws for a key
 * algorithm it does not know.
 */
export function unreadableCertificatePart(cert: X509Certificate): string | undefined {
  if (Number.isNaN(Date.parse(cert.validFrom)))
    return 'its start date (notBefore) is not a valid time';
  if (Number.isNaN(Date.parse(cert.validTo)))
    return 'its expiry date (notAfter) is not a valid time';
  try {
    void cert.publicKey;
  } catch {
    return 'its public key uses an algorithm Gangway does not know';
  }
  return undefined;
}

export function describeCertificate(
  cert: X509Certificate,
  role: CertificateInfo['role'],
): CertificateInfo {
  return {
    role,
    subject: oneLineName(cert.subject),
    issuer: oneLineName(cert.issuer),
    notBefore: new Date(cert.validFrom).toISOString(),
    notAfter: new Date(cert.validTo).toISOString(),
    sha256: cert.fingerprint256,
    ...keyFacts(cert.publicKey),
    signatureAlgorithm: signatureAlgorithm(cert),
  };
}

/** Non-blocking findings: the server decides what it accepts, we only tell the user early. */
export function certificateWarnings(info: CertificateInfo, now: Date): string[] {
  const label = `${info.role === 'ca' ? 'CA' : info.role} certificate "${info.subject}"`;
  const warnings: string[] = [];
  const notBefore = Date.parse(info.notBefore);
  const expiry = certificateExpiry(info.notAfter, now.getTime());
  if (expiry.kind === 'expired') {
    warnings.push(`${label} expired on ${info.notAfter.slice(0, 10)}`);
  } else if (expiry.kind === 'soon') {
    const { days } = expiry;
    const when = days === 0 ? 'today' : `in ${days} day${days === 1 ? '' : 's'}`;
    warnings.push(`${label} expires ${when} (${info.notAfter.slice(0, 10)})`);
  }
  if (notBefore > now.getTime()) {
    warnings.push(`${label} is not valid before ${info.notBefore.slice(0, 10)}`);
  }
  if (info.keyType === 'RSA' && info.keyBits < 2048) {
    warnings.push(`${label} has a weak ${info.keyBits}-bit RSA key (2048 or more is safe)`);
  }
  if (/md5|sha1/i.test(info.signatureAlgorithm)) {
    warnings.push(`${label} is signed with the weak ${info.signatureAlgorithm} algorithm`);
  }
  return warnings;
}

export type PrivateKeyProblem = 'encrypted' | 'unreadable';

/** Reads a PEM private key, telling an encrypted key apart from garbage. */
export function readPrivateKey(pem: string): KeyObject | PrivateKeyProblem {
  if (/ENCRYPTED/.test(pem)) return 'encrypted';
  try {
    return createPrivateKey(pem);
  } catch {
    return 'unreadable';
  }
}

export function keyMatchesCertificate(key: KeyObject, cert: X509Certificate): boolean {
  const fromKey = createPublicKey(key).export({ type: 'spki', format: 'der' });
  const fromCert = cert.publicKey.export({ type: 'spki', format: 'der' });
  return fromKey.equals(fromCert);
}
