import type { X509Certificate } from 'node:crypto';
import { ConfigError, type SourceLocation } from '../errors';
import type { Draft, Material, MaterialSlot } from './draft';
import {
  keyMatchesCertificate,
  parseCertificate,
  readPrivateKey,
  splitPemCertificates,
  unreadableCertificatePart,
} from './certificates';
import { normalizeStaticKey, normalizeTlsCryptV2Key } from './keyfiles';
import { openPkcs12 } from './pkcs12';
import type { TlsWrap } from './profile';

/**
 * Turns the key material a config named into checked, inline PEM: every certificate parses, the
 * client key opens and matches the client certificate, PKCS#12 is unpacked.
 */

/**
 * The password given for a PKCS#12 bundle is wrong: a UI can ask again. Without a password a
 * protected bundle is imported as it is (its password is asked at connect), so 'wrong' is the
 * only reason left.
 */
export class Pkcs12PasswordError extends ConfigError {
  readonly reason = 'wrong' as const;

  constructor(location: SourceLocation, origin: string) {
    super(location, `wrong password for PKCS#12 ${origin}`);
  }
}

export interface ResolvedMaterial {
  ca: string;
  caCerts: X509Certificate[];
  cert?: string;
  clientCert?: X509Certificate;
  key?: string;
  /** Base64 of the original, password-protected PKCS#12 bundle: the key stays inside it. */
  pkcs12?: string;
  /** The key (in `key` or `pkcs12`) needs its passphrase at connect (unlock-key.ts). */
  keyEncrypted?: boolean;
  extraCerts?: string;
  extraCertList: X509Certificate[];
  tlsWrap: TlsWrap;
  username?: string;
  notes: string[];
}

export class MaterialReader {
  constructor(
    readonly draft: Draft,
    private readonly configLabel: string,
  ) {}

  /** A warning pointing at where the material was named. */
  note(material: Material, message: string): string {
    return `${this.configLabel}:${material.line}: ${message}`;
  }

  fail(material: Material | undefined, message: string): never {
    throw new ConfigError(
      material ? { file: this.configLabel, line: material.line } : { file: this.configLabel },
      message,
    );
  }

  get(slot: MaterialSlot): Material | undefined {
    const found = this.draft.material[slot];
    const pendingLine = this.draft.inlinePending[slot];
    if (!found && pendingLine !== undefined) {
      throw new ConfigError(
        { file: this.configLabel, line: pendingLine },
        `${slot} says [inline] but there is no <${slot}> block`,
      );
    }
    return found;
  }

  certificates(slot: MaterialSlot, material: Material): X509Certificate[] {
    const pems = splitPemCertificates(material.text);
    if (pems.length === 0)
      this.fail(material, `${material.origin} (${slot}) holds no PEM certificate`);
    return pems.map((pem) => {
      let cert: X509Certificate;
      try {
        cert = parseCertificate(pem);
      } catch {
        return this.fail(material, `${material.origin} (${slot}) holds a damaged certificate`);
      }
      const unreadable = unreadableCertificatePart(cert);
      if (unreadable) {
        this.fail(
          material,
          `${material.origin} (${slot}) holds a certificate Gangway cannot read ("${cert.subject.replace(/\n/g, ', ')}"): ${unreadable}`,
        );
      }
      return cert;
    });
  }
}

export function resolveMaterial(
  draft: Draft,
  configLabel: string,
  p12Password: string | undefined,
): ResolvedMaterial {
  const reader: MaterialReader = new MaterialReader(draft, configLabel);
  const notes: string[] = [];
  let certSource: Material | undefined;
  let keyPem: string | undefined;
  let p12Ca: string[] = [];
  let lockedBundle: string | undefined;
  let p12Locked = false;
  let keyEncrypted = false;

  const p12 = reader.get('pkcs12');
  if (p12) {
    const bytes = p12.bytes ?? new Uint8Array();
    // A bundle that opens with the empty password protects nothing: it is unpacked as PEM. One
    // with a password stays as it is, so the stored profile never holds its key in the clear.
    const open = openPkcs12(bytes, undefined);
    const protectedBundle = 'problem' in open && open.problem === 'password';
    const opened =
      protectedBundle && p12Password !== undefined ? openPkcs12(bytes, p12Password) : open;
    if ('problem' in opened && !(protectedBundle && p12Password === undefined)) {
      if (opened.problem === 'password') {
        throw new Pkcs12PasswordError({ file: configLabel, line: p12.line }, p12.origin);
      }
      return reader.fail(
        p12,
        `PKCS#12 ${p12.origin} cannot be read: ${opened.detail ?? 'the file is damaged'}`,
      );
    }
    if (protectedBundle) {
      lockedBundle = Buffer.from(bytes).toString('base64');
      notes.push(
        reader.note(
          p12,
          `PKCS#12 ${p12.origin} is password-protected and is stored as it is; Gangway asks for its password when connecting`,
        ),
      );
    }
    if ('problem' in opened) {
      p12Locked = true;
    } else {
      certSource = { ...p12, text: opened.certPem };
      // The key of a protected bundle is checked here and then left inside the bundle.
      if (!protectedBundle) keyPem = opened.keyPem;
      p12Ca = opened.caPem;
      if (!protectedBundle) {
        notes.push(
          reader.note(
            p12,
            `PKCS#12 ${p12.origin} has no password; the profile stores its key and certificates as PEM`,
          ),
        );
      }
    }
  }

  const certMaterial = reader.get('cert');
  const keyMaterial = reader.get('key');
  if (certMaterial) certSource = certMaterial;
  if (keyMaterial) keyPem = keyMaterial.text;

  // Like OpenVPN, the CAs inside a PKCS#12 count only when the config names no `ca`.
  const caMaterial =
    reader.get('ca') ?? (p12Ca.length ? { ...(p12 as Material), text: p12Ca.join('') } : undefined);
  if (!caMaterial && p12Locked) {
    notes.push(
      reader.note(
        p12 as Material,
        'the CA certificates are read from the PKCS#12 bundle when connecting',
      ),
    );
  } else if (!caMaterial) {
    reader.fail(undefined, 'no CA certificate: add a <ca> block or a "ca FILE" line');
  }
  const caCerts = caMaterial ? reader.certificates('ca', caMaterial) : [];

  let clientCert: X509Certificate | undefined;
  let chain: X509Certificate[] = [];
  if (certSource !== undefined) {
    const certs = reader.certificates('cert', certSource);
    clientCert = certs[0];
    chain = certs.slice(1);
    if (keyPem === undefined && lockedBundle === undefined)
      reader.fail(certMaterial, 'a client certificate needs its private key ("key" or <key>)');
    const key = keyPem === undefined ? 'in-bundle' : readPrivateKey(keyPem);
    if (key === 'encrypted') {
      keyEncrypted = true;
      notes.push(
        reader.note(
          keyMaterial ?? (certMaterial as Material),
          `the private key in ${keyMaterial?.origin ?? 'the profile'} is encrypted and is stored encrypted; Gangway asks for its passphrase when connecting`,
        ),
      );
    } else if (key === 'unreadable') {
      reader.fail(
        keyMaterial,
        `${keyMaterial?.origin ?? 'the profile'} (key) holds no readable private key`,
      );
    }
    if (typeof key !== 'string' && clientCert && !keyMatchesCertificate(key, clientCert)) {
      reader.fail(
        keyMaterial ?? certMaterial,
        'the private key does not match the client certificate',
      );
    }
  } else if (keyPem !== undefined && !p12Locked) {
    reader.fail(
      keyMaterial,
      'a private key was given without its client certificate ("cert" or <cert>)',
    );
  }

  const extra = reader.get('extra-certs');
  const extraCertList = [...chain, ...(extra ? reader.certificates('extra-certs', extra) : [])];

  return {
    ca: caCerts.map((c) => c.toString()).join(''),
    caCerts,
    ...(clientCert ? { cert: clientCert.toString(), clientCert } : {}),
    ...(keyPem !== undefined ? { key: keyPem.trim() + '\n' } : {}),
    ...(lockedBundle !== undefined ? { pkcs12: lockedBundle } : {}),
    ...(keyEncrypted || lockedBundle !== undefined ? { keyEncrypted: true } : {}),
    ...(extraCertList.length
      ? { extraCerts: extraCertList.map((c) => c.toString()).join('') }
      : {}),
    extraCertList,
    tlsWrap: resolveTlsWrap(reader),
    ...usernameFrom(reader, notes),
    notes,
  };
}

function resolveTlsWrap(reader: MaterialReader): TlsWrap {
  const draft = reader.draft;
  const present = (['tls-auth', 'tls-crypt', 'tls-crypt-v2'] as const).filter((s) => reader.get(s));
  if (present.length > 1) {
    reader.fail(
      reader.get(present[1] ?? 'tls-crypt'),
      `${present.join(' and ')} cannot be used together; keep one`,
    );
  }
  const mode = present[0];
  if (!mode) return { mode: 'none' };
  const material = reader.get(mode) as Material;
  const normalized =
    mode === 'tls-crypt-v2'
      ? normalizeTlsCryptV2Key(material.text)
      : normalizeStaticKey(material.text);
  if ('problem' in normalized)
    reader.fail(material, `${material.origin} (${mode}): ${normalized.problem}`);
  if (mode === 'tls-auth') {
    // A direction on the tls-auth line wins over key-direction, as in OpenVPN.
    const keyDirection =
      draft.tlsAuthDirection !== undefined ? draft.tlsAuthDirection : (draft.keyDirection ?? null);
    return { mode, key: normalized.key, keyDirection };
  }
  return { mode, key: normalized.key };
}

function usernameFrom(reader: MaterialReader, notes: string[]): { username?: string } {
  const material = reader.get('auth-user-pass');
  if (!material) return {};
  const [user = '', password] = material.text.split(/\r?\n/);
  if (password !== undefined && password !== '') {
    notes.push(
      reader.note(
        material,
        `the password in ${material.origin} is not stored; Gangway asks for it when connecting`,
      ),
    );
  }
  const username = user.trim();
  if (username.length > 127 || /[\p{Cc}]/u.test(username)) {
    reader.fail(material, `${material.origin} (auth-user-pass): the first line is not a user name`);
  }
  return username ? { username } : {};
}
