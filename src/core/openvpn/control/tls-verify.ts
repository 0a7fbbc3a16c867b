/**
 * Server certificate checks OpenVPN makes beyond the CA chain (doc 4.1): `remote-cert-tls
 * server` (EKU serverAuth), `remote-cert-eku`, and `verify-x509-name`. OpenVPN never checks the
 * hostname. Each failure is a GangwayError carrying the FailureCode the session reports.
 */
import type { PeerCertificate } from 'node:tls';
import type { Profile } from '../../config/profile';
import { GangwayError } from '../../errors';

const SERVER_AUTH_OID = '1.3.6.1.5.5.7.3.1';
const EKU_NAMES: Record<string, string> = {
  'TLS Web Server Authentication': SERVER_AUTH_OID,
  serverAuth: SERVER_AUTH_OID,
};

type VerifyProfile = Pick<Profile, 'remoteCertTls' | 'remoteCertEku' | 'verifyX509Name'>;

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
        ? (EKU_NAMES[profile.remoteCertEku] ?? profile.remoteCertEku)
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
  const want = profile.verifyX509Name;
  if (want) {
    const subject = cert.subject as unknown as Record<string, string | string[]> | undefined;
    const cnValue = subject?.CN;
    const cn = Array.isArray(cnValue) ? (cnValue[0] ?? '') : (cnValue ?? '');
    const ok =
      want.type === 'subject'
        ? normalizeSubject(subjectString(subject)) === normalizeSubject(want.name)
        : want.type === 'name-prefix'
          ? cn.startsWith(want.name)
          : cn === want.name;
    if (!ok) {
      return new GangwayError(
        'server-cert-name',
        `server certificate name "${cn}" does not match verify-x509-name "${want.name}"`,
        'Check the remote address and the profile; the server may not be the one you expect.',
      );
    }
  }
  return undefined;
}

function subjectString(subject: Record<string, string | string[]> | undefined): string {
  if (!subject) return '';
  return Object.entries(subject)
    .flatMap(([k, v]) => (Array.isArray(v) ? v : [v]).map((x) => `${k}=${x}`))
    .join(', ');
}

/** OpenVPN prints subjects as "C=US, O=Org, CN=name"; compare ignoring spacing around commas. */
function normalizeSubject(s: string): string {
  return s
    .replace(/^\//, '')
    .split(/\s*[,/]\s*/)
    .filter(Boolean)
    .join(',');
}
