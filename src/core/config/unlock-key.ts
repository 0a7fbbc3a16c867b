/**
 * Opens a profile's encrypted key at connect: an encrypted PEM key, or the key inside a
 * password-protected PKCS#12 bundle. The result lives in memory only; the stored profile keeps
 * the key encrypted. OpenVPN asks for the same passphrase at startup (ssl.c pem_password_callback,
 * ssl_openssl.c tls_ctx_load_pkcs12).
 */
import { createPrivateKey, type KeyObject, X509Certificate } from 'node:crypto';
import { GangwayError } from '../errors';
import { keyMatchesCertificate, splitPemCertificates } from './certificates';
import { openPkcs12 } from './pkcs12';
import type { Profile } from './profile';

const WRONG_HINT = 'Enter the passphrase of the private key (or of the PKCS#12 file) you imported.';

function wrongPassphrase(what: string): GangwayError {
  return new GangwayError('key-locked', `wrong passphrase for ${what}`, WRONG_HINT);
}

/** A copy of `profile` whose key is plain PEM, or a GangwayError saying what is wrong. */
export function unlockProfile(profile: Profile, passphrase: string): Profile {
  if (!profile.keyEncrypted) return profile;
  const { pkcs12, keyEncrypted: _locked, ...rest } = profile;
  if (pkcs12 !== undefined) {
    const opened = openPkcs12(Buffer.from(pkcs12, 'base64'), passphrase);
    if ('problem' in opened) {
      if (opened.problem === 'password') throw wrongPassphrase('the PKCS#12 bundle');
      throw new GangwayError(
        'config-invalid',
        `the PKCS#12 bundle in the profile cannot be read: ${opened.detail ?? 'it is damaged'}`,
        'Import the profile again.',
      );
    }
    return {
      ...rest,
      cert: opened.certPem,
      key: opened.keyPem,
      // Like OpenVPN, the bundle's CAs count only when the config named no `ca`.
      ca: profile.ca || opened.caPem.join(''),
    };
  }
  if (profile.key === undefined) return rest;
  let key: KeyObject;
  try {
    key = createPrivateKey({ key: profile.key, format: 'pem', passphrase });
  } catch {
    throw wrongPassphrase('the private key');
  }
  const leaf = profile.cert ? splitPemCertificates(profile.cert)[0] : undefined;
  if (leaf && !keyMatchesCertificate(key, new X509Certificate(leaf))) {
    throw new GangwayError(
      'config-invalid',
      'the private key does not match the client certificate',
      'Import the profile again with the key that belongs to its certificate.',
    );
  }
  return { ...rest, key: key.export({ type: 'pkcs8', format: 'pem' }).toString() };
}
