import type { Profile } from './profile';

type VerificationFields = Pick<Profile, 'remoteCertTls' | 'remoteCertEku' | 'verifyX509Name'>;

/**
 * Whether the profile checks the server's certificate beyond "signed by the CA". OpenVPN warns
 * "No server certificate verification method has been enabled" unless one of tls-verify,
 * verify-x509-name, ns-cert-type server, remote-cert-eku (which remote-cert-tls server sets)
 * or peer-fingerprint is given (init.c do_option_warnings). Gangway refuses tls-verify,
 * ns-cert-type, peer-fingerprint and verify-hash at import, which leaves these three.
 */
export function verifiesServerIdentity(profile: VerificationFields): boolean {
  return (
    profile.remoteCertTls === 'server' ||
    profile.remoteCertEku !== undefined ||
    profile.verifyX509Name !== undefined
  );
}

export const SERVER_NOT_VERIFIED =
  'no server certificate verification (add "remote-cert-tls server" or "verify-x509-name"): ' +
  "any certificate from the same CA, another user's client certificate included, could impersonate the server";
