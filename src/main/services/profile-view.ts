import type { Profile } from '../../core/config/profile';
import { verifiesServerIdentity } from '../../core/config/server-verification';
import type { ProfileView } from '../../shared/ipc-schema';

/** What the UI may know about a profile: everything to recognize it, no key material. */
export function toProfileView(profile: Profile, passwordSaved: boolean): ProfileView {
  return {
    name: profile.name,
    remotes: profile.remotes.map((r) => ({ host: r.host, port: r.port, proto: r.proto })),
    dataCiphers: [...profile.dataCiphers],
    ...(profile.dataCiphersFallback ? { dataCiphersFallback: profile.dataCiphersFallback } : {}),
    digest: profile.digest,
    tlsWrap: profile.tlsWrap.mode,
    // Computed, not stored: profiles imported before the check existed get the warning too.
    serverVerified: verifiesServerIdentity(profile),
    compression: profile.compression,
    certificateAuth: profile.cert !== undefined || profile.pkcs12 !== undefined,
    pkcs12: profile.pkcs12 !== undefined,
    authUserPass: profile.authUserPass,
    ...(profile.username !== undefined ? { username: profile.username } : {}),
    ...(profile.staticChallenge ? { staticChallenge: { ...profile.staticChallenge } } : {}),
    certificates: profile.certificates.map((c) => ({
      role: c.role,
      subject: c.subject,
      issuer: c.issuer,
      notBefore: c.notBefore,
      notAfter: c.notAfter,
      sha256: c.sha256,
    })),
    warnings: [...profile.warnings],
    source: { ...profile.source },
    passwordSaved,
  };
}
