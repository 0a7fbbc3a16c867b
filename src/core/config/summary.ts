import type { Profile } from './profile';

/**
 * What `gangway inspect --json` and `gangway show --json` print: everything a user or a UI needs
 * to recognize a profile, and never key material.
 */
export interface ProfileSummary {
  name: string;
  remotes: Array<{ host: string; port: number; proto: 'udp' | 'tcp' }>;
  dataCiphers: string[];
  digest: string;
  tlsWrap: { mode: Profile['tlsWrap']['mode']; keyDirection: 0 | 1 | null };
  compression: Profile['compression'];
  credentials: {
    certificate: boolean;
    /** The key is stored encrypted (or inside a PKCS#12 bundle): its passphrase is asked at connect. */
    keyPassphraseAtConnect: boolean;
    userPass: boolean;
    username: string | null;
    staticChallenge: { text: string; echo: boolean } | null;
  };
  certificates: Array<{
    role: 'ca' | 'client';
    subject: string;
    issuer: string;
    notBefore: string;
    notAfter: string;
    sha256: string;
    keyType: string;
    keyBits: number;
    signatureAlgorithm: string;
  }>;
  warnings: string[];
  source: Profile['source'];
}

export function summarizeProfile(profile: Profile): ProfileSummary {
  return {
    name: profile.name,
    remotes: profile.remotes.map((r) => ({ host: r.host, port: r.port, proto: r.proto })),
    dataCiphers: [...profile.dataCiphers],
    digest: profile.digest,
    tlsWrap: {
      mode: profile.tlsWrap.mode,
      keyDirection: profile.tlsWrap.mode === 'tls-auth' ? profile.tlsWrap.keyDirection : null,
    },
    compression: profile.compression,
    credentials: {
      certificate: profile.cert !== undefined || profile.pkcs12 !== undefined,
      keyPassphraseAtConnect: profile.keyEncrypted === true,
      userPass: profile.authUserPass,
      username: profile.username ?? null,
      staticChallenge: profile.staticChallenge ? { ...profile.staticChallenge } : null,
    },
    certificates: profile.certificates.flatMap((c) =>
      c.role === 'extra'
        ? []
        : [
            {
              role: c.role,
              subject: c.subject,
              issuer: c.issuer,
              notBefore: c.notBefore,
              notAfter: c.notAfter,
              sha256: c.sha256,
              keyType: c.keyType,
              keyBits: c.keyBits,
              signatureAlgorithm: c.signatureAlgorithm,
            },
          ],
    ),
    warnings: [...profile.warnings],
    source: profile.source,
  };
}
