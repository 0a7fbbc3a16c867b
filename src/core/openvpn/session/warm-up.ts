/**
 * Runs the per-packet code once, on throwaway keys, before our first packet goes out. The
 * first call of each path costs far more than the next ones (OpenSSL looks the algorithm up,
 * V8 sets up the function's feedback), and on a handshake those first calls all sit on the
 * critical path: unwrapping the server's reset, encrypting the first data packet. OpenVPN sets
 * up its cipher contexts at start for the same reason. Nothing here touches session state.
 */
import type { Profile } from '../../config/profile';
import type { ControlWrap } from '../crypto/control-wrap';
import { lookupDigest } from '../crypto/digest';
import { lookupDataCipher } from '../data/ciphers';
import { DataChannelKey } from '../data/data-channel';
import { KEY2_BYTES, splitKey2ForClient } from '../data/key-derivation';

const SAMPLE_BYTES = 96;

export function warmUpPacketPaths(wrap: ControlWrap, profile: Profile): void {
  try {
    // Fails authentication, and a packet that fails it changes no replay state.
    wrap.unwrap(Buffer.alloc(SAMPLE_BYTES));
    const name = profile.dataCiphers[0] ?? profile.dataCiphersFallback;
    const cipher = name ? lookupDataCipher(name) : undefined;
    if (!cipher) return;
    const digest = cipher.kind === 'cbc' ? lookupDigest(profile.digest) : undefined;
    // Both halves of an all-zero key2 are equal, so the key decrypts what it encrypted.
    const keys = splitKey2ForClient(Buffer.alloc(KEY2_BYTES), cipher, digest);
    const key = new DataChannelKey({
      keyId: 0,
      cipher,
      ...(digest ? { digest } : {}),
      keys,
      peerId: 0,
    });
    key.decrypt(key.encrypt(Buffer.alloc(SAMPLE_BYTES)));
  } catch {
    // Only a head start: whatever fails here fails again where the session reports it.
  }
}
