/**
 * Deciding the data cipher after PUSH_REPLY (ssl_ncp.c check_pull_client_ncp): the server picks
 * from our IV_CIPHERS and pushes `cipher X`; X must be one we offered and can run. Without a
 * pushed cipher (a server without NCP) the profile's data-ciphers-fallback is used.
 */
import type { FailureReason } from '../../../shared/tunnel-state';
import { canonicalCipherName, lookupDataCipher, type DataCipherInfo } from './ciphers';

export type CipherDecision =
  { ok: true; cipher: DataCipherInfo } | { ok: false; reason: FailureReason };

export function negotiateDataCipher(
  profileCiphers: readonly string[],
  pushedCipher: string | undefined,
  fallback?: string,
): CipherDecision {
  const allowed = profileCiphers.map(canonicalCipherName);
  const candidate = pushedCipher ?? fallback;
  const offered = pushedCipher ?? (fallback ? `${fallback} (fallback)` : 'nothing');
  const fail = (hint: string): CipherDecision => ({
    ok: false,
    reason: {
      code: 'no-common-cipher',
      message: `no cipher in common (server offers ${offered}; this profile allows ${allowed.join(', ') || 'none'})`,
      hint,
    },
  });
  if (!candidate) {
    return fail(
      'The server did not choose a cipher; add "data-ciphers-fallback CIPHER" to the profile.',
    );
  }
  const name = canonicalCipherName(candidate);
  if (pushedCipher && !allowed.includes(name)) {
    return fail(
      `Add ${name} to the profile's data-ciphers, or ask the administrator to allow one of the listed ciphers.`,
    );
  }
  const cipher = lookupDataCipher(name);
  if (!cipher) {
    return fail(
      `${name} is not supported by Gangway; ask the administrator to enable AES-GCM or CHACHA20-POLY1305.`,
    );
  }
  return { ok: true, cipher };
}
