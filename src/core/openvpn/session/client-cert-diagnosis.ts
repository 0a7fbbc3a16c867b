/**
 * With TLS 1.3 the server checks our certificate after the handshake has finished on our
 * side, and a 2.6 server drops the session without delivering its alert. When the server then
 * never answers key-method 2, this says why as precisely as the local certificate allows.
 */
import { X509Certificate } from 'node:crypto';
import type { FailureReason } from '../../../shared/tunnel-state';

export function diagnoseSilentRejection(
  certPem: string | undefined,
  stage: 'tls-handshake' | 'authenticating',
  now = new Date(),
): FailureReason {
  if (certPem) {
    try {
      const cert = new X509Certificate(certPem);
      const notAfter = new Date(cert.validTo);
      const notBefore = new Date(cert.validFrom);
      if (notAfter < now) {
        return {
          code: 'client-cert-expired',
          message: `server rejected our client certificate: it expired on ${notAfter.toISOString().slice(0, 10)}`,
          hint: 'Ask your VPN administrator for a new profile or certificate.',
        };
      }
      if (notBefore > now) {
        return {
          code: 'client-cert-rejected',
          message: `server rejected our client certificate: it is not valid before ${notBefore.toISOString().slice(0, 10)}`,
          hint: 'Check the system clock.',
        };
      }
    } catch {
      // unreadable: fall through to the generic reason
    }
  }
  return {
    code: 'client-cert-rejected',
    message:
      'server rejected our client certificate (it ended the session right after the TLS handshake)',
    hint: 'The certificate may be revoked or issued by another CA; re-import the profile from your VPN administrator.',
  };
}

/** True when our own client certificate is outside its validity period (or unreadable: false). */
export function clientCertOutOfDate(certPem: string | undefined, now = new Date()): boolean {
  if (!certPem) return false;
  try {
    const cert = new X509Certificate(certPem);
    return new Date(cert.validTo) < now || new Date(cert.validFrom) > now;
  } catch {
    return false;
  }
}
