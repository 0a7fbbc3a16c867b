/**
 * Server certificate checks OpenVPN makes beyond the CA chain (ssl_verify.c verify_cert):
 * `remote-cert-tls server` (EKU serverAuth and some key usage), `remote-cert-eku`, `remote-cert-ku`
 * and `verify-x509-name`. OpenVPN never checks the hostname. Each failure is a GangwayError
 * carrying the FailureCode the session reports.
 */
import type { PeerCertificate } from 'node:tls';
import type { Profile, VerifyX509Name } from '../../config/profile';
import { GangwayError } from '../../errors';
import { certificateKeyUsage, keyUsageMatches } from './cert-key-usage';
import { certificateSubject, openvpnCommonName, openvpnSubjectString } from './x509-subject';

const SERVER_AUTH_OID = '1.3.6.1.5.5.7.3.1';
const EKU_NAMES: ReadonlyMap<string, string> = new Map([
  ['TLS Web Server Authentication', SERVER_AUTH_OID],
  ['serverAuth', SERVER_AUTH_OID],
]);

type VerifyProfile = Pick<
  Profile,
  'remoteCertTls' | 'remoteCertKu' | 'remoteCertEku' | 'verifyX509Name'
>;

/** Returns undefined when the certificate is acceptable (checkServerIdentity contract). */
export function checkServerCertificate(
  profile: VerifyProfile,
  cert: PeerCertificate,
): GangwayError | undefined {
  const eku = cert.ext_key_usage ?? [];
  const wantedEku =
    profile.remoteCertTls === 'server'
      ? SERVER_AUTH_OID
      : profile.remoteCertEku
        ? (EKU_NAMES.get(profile.remoteCertEku) ?? profile.remoteCertEku)
        : undefined;
  if (wantedEku && !eku.includes(wantedEku)) {
    return new GangwayError(
      'server-cert-usage',
      wantedEku === SERVER_AUTH_OID
        ? 'server certificate is not valid for a server (no TLS Web Server Authentication EKU)'
        : `server certificate lacks the required extended key usage ${wantedEku}`,
      'The server may be impersonated, or its certificate was issued for a client; ask the VPN administrator.',
    );
  }
  const kuError = checkKeyUsage(profile, cert);
  if (kuError) return kuError;
  const want = profile.verifyX509Name;
  return want ? checkX509Name(want, cert) : undefined;
}

/** verify-x509-name, compared as ssl_verify.c verify_peer_cert does (see x509-subject.ts). */
function checkX509Name(want: VerifyX509Name, cert: PeerCertificate): GangwayError | undefined {
  const name = cert.raw ? certificateSubject(cert.raw) : undefined;
  if (!name) {
    return new GangwayError(
      'server-cert-name',
      'the server certificate subject cannot be read, so verify-x509-name cannot match it',
      'The server may not be the one you expect; ask the VPN administrator.',
    );
  }
  if (want.type === 'subject') {
    const subject = openvpnSubjectString(name);
    if (subject === want.name) return undefined;
    return new GangwayError(
      'server-cert-name',
      `server certificate subject "${subject}" does not match verify-x509-name "${want.name}"`,
      'Check the remote address and the profile; the server may not be the one you expect.',
    );
  }
  const cn = openvpnCommonName(name);
  const ok =
    cn !== undefined && (want.type === 'name-prefix' ? cn.startsWith(want.name) : cn === want.name);
  if (ok) return undefined;
  return new GangwayError(
    'server-cert-name',
    `server certificate name "${cn ?? ''}" does not match verify-x509-name "${want.name}"${want.type === 'name-prefix' ? ' (name-prefix)' : ''}`,
    'Check the remote address and the profile; the server may not be the one you expect.',
  );
}

/** `remote-cert-ku`, and `remote-cert-tls server`, which (since 2.4) wants any key usage. */
function checkKeyUsage(profile: VerifyProfile, cert: PeerCertificate): GangwayError | undefined {
  const expected = profile.remoteCertKu ?? (profile.remoteCertTls === 'server' ? [] : undefined);
  if (!expected) return undefined;
  const actual = cert.raw ? certificateKeyUsage(cert.raw) : undefined;
  if (keyUsageMatches(actual, expected)) return undefined;
  const have =
    actual === undefined
      ? 'has no key usage extension'
      : `has key usage ${actual.toString(16).padStart(2, '0')}`;
  const want = expected.length ? ` (remote-cert-ku ${expected.join(' ')})` : '';
  return new GangwayError(
    'server-cert-usage',
    `server certificate ${have}, which the profile does not accept${want}`,
    'The server may be impersonated, or its certificate was issued for another purpose; ask the VPN administrator.',
  );
}
