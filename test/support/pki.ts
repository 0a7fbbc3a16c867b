import { generateKeyPairSync, randomBytes } from 'node:crypto';
import forge from 'node-forge';

/**
 * A PKI made at test time: a CA, server and client certificates, including the broken ones
 * the negative tests need (wrong CA, no serverAuth EKU, expired, weak).
 */

export interface Issued {
  certPem: string;
  keyPem: string;
  cert: forge.pki.Certificate;
  key: forge.pki.rsa.PrivateKey;
}

export interface IssueOptions {
  commonName: string;
  /** 'server' adds serverAuth EKU and the KU OpenVPN's remote-cert-tls checks; 'none' adds neither. */
  usage?: 'server' | 'client' | 'none';
  notBefore?: Date;
  notAfter?: Date;
  keyBits?: number;
  hash?: 'sha256' | 'sha1' | 'md5';
  dnsNames?: string[];
}

const DAY = 86_400_000;

function rsaKey(bits: number): {
  keyPem: string;
  key: forge.pki.rsa.PrivateKey;
  pub: forge.pki.rsa.PublicKey;
} {
  const { privateKey } = generateKeyPairSync('rsa', {
    modulusLength: bits,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  const key = forge.pki.privateKeyFromPem(privateKey) as forge.pki.rsa.PrivateKey;
  return { keyPem: privateKey, key, pub: forge.pki.setRsaPublicKey(key.n, key.e) };
}

function digest(hash: IssueOptions['hash']): forge.md.MessageDigest {
  if (hash === 'sha1') return forge.md.sha1.create();
  if (hash === 'md5') return forge.md.md5.create();
  return forge.md.sha256.create();
}

function serial(): string {
  // Positive, 16 bytes: forge writes it as given.
  return '01' + randomBytes(15).toString('hex');
}

export function makeCa(
  commonName: string,
  opts: { notAfter?: Date; keyBits?: number } = {},
): Issued {
  const { keyPem, key, pub } = rsaKey(opts.keyBits ?? 2048);
  const cert = forge.pki.createCertificate();
  cert.publicKey = pub;
  cert.serialNumber = serial();
  cert.validity.notBefore = new Date(Date.now() - DAY);
  cert.validity.notAfter = opts.notAfter ?? new Date(Date.now() + 3650 * DAY);
  const attrs = [{ name: 'commonName', value: commonName }];
  cert.setSubject(attrs);
  cert.setIssuer(attrs);
  cert.setExtensions([
    { name: 'basicConstraints', cA: true, critical: true },
    { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
    { name: 'subjectKeyIdentifier' },
  ]);
  cert.sign(key, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem, cert, key };
}

export function issue(ca: Issued, opts: IssueOptions): Issued {
  const { keyPem, key, pub } = rsaKey(opts.keyBits ?? 2048);
  const cert = forge.pki.createCertificate();
  cert.publicKey = pub;
  cert.serialNumber = serial();
  cert.validity.notBefore = opts.notBefore ?? new Date(Date.now() - DAY);
  cert.validity.notAfter = opts.notAfter ?? new Date(Date.now() + 825 * DAY);
  cert.setSubject([{ name: 'commonName', value: opts.commonName }]);
  cert.setIssuer(ca.cert.subject.attributes);
  const extensions: object[] = [
    { name: 'basicConstraints', cA: false },
    { name: 'subjectKeyIdentifier' },
    {
      name: 'authorityKeyIdentifier',
      keyIdentifier: ca.cert.generateSubjectKeyIdentifier().getBytes(),
    },
  ];
  const usage = opts.usage ?? 'none';
  if (usage === 'server') {
    extensions.push({
      name: 'keyUsage',
      digitalSignature: true,
      keyEncipherment: true,
      critical: true,
    });
    extensions.push({ name: 'extKeyUsage', serverAuth: true });
  } else if (usage === 'client') {
    extensions.push({ name: 'keyUsage', digitalSignature: true, critical: true });
    extensions.push({ name: 'extKeyUsage', clientAuth: true });
  }
  if (opts.dnsNames?.length) {
    extensions.push({
      name: 'subjectAltName',
      altNames: opts.dnsNames.map((value) => ({ type: 2, value })),
    });
  }
  cert.setExtensions(extensions);
  cert.sign(ca.key, digest(opts.hash));
  return { certPem: forge.pki.certificateToPem(cert), keyPem, cert, key };
}

/** A PKCS#12 bundle (DER) holding the client key, certificate and CA. */
export function pkcs12(client: Issued, ca: Issued, password: string): Buffer {
  const asn1 = forge.pkcs12.toPkcs12Asn1(client.key, [client.cert, ca.cert], password, {
    algorithm: '3des',
    friendlyName: 'gangway-test',
  });
  return Buffer.from(forge.asn1.toDer(asn1).getBytes(), 'binary');
}

/** An OpenVPN static key (tls-auth / tls-crypt), 2048 random bits in OpenVPN's file format. */
export function staticKey(): string {
  const hex = randomBytes(256).toString('hex');
  const lines = hex.match(/.{32}/g) ?? [];
  return [
    '#',
    '# 2048 bit OpenVPN static key',
    '#',
    '-----BEGIN OpenVPN Static key V1-----',
    ...lines,
    '-----END OpenVPN Static key V1-----',
    '',
  ].join('\n');
}

export interface TestPki {
  ca: Issued;
  server: Issued;
  client: Issued;
}

export function makePki(prefix = 'Gangway Test'): TestPki {
  const ca = makeCa(`${prefix} CA`);
  return {
    ca,
    server: issue(ca, { commonName: 'server', usage: 'server', dnsNames: ['vpn.example.test'] }),
    client: issue(ca, { commonName: 'client1', usage: 'client' }),
  };
}
