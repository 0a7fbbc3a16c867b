import { createCipheriv, createHash, createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { ControlWrap } from '../../../../src/core/openvpn/crypto/control-wrap';
import { TlsCryptWrap } from '../../../../src/core/openvpn/crypto/tls-crypt';
import { warmUpPacketPaths } from '../../../../src/core/openvpn/session/warm-up';
import { testProfile } from './profile-fixture';

// 256 bytes of key material, the same for both ends (directions are handled by the wrap).
const keyMaterial = Buffer.concat(
  [0, 1, 2, 3, 4, 5, 6, 7].map((i) => createHash('sha256').update(`k${i}`).digest()),
);

/** The server's side of tls-crypt, as in tls-crypt.test.ts: packet id 1, the reset it sends. */
function serverReset(): Buffer {
  const head = Buffer.concat([Buffer.from([8 << 3]), Buffer.alloc(8, 7), Buffer.alloc(8)]);
  head.writeUInt32BE(1, 9);
  head.writeUInt32BE(Math.floor(Date.now() / 1000), 13);
  const body = Buffer.alloc(5);
  const tag = createHmac('sha256', keyMaterial.subarray(64, 96)).update(head).update(body).digest();
  const c = createCipheriv('aes-256-ctr', keyMaterial.subarray(0, 32), tag.subarray(0, 16));
  return Buffer.concat([head, tag, c.update(body), c.final()]);
}

describe('warmUpPacketPaths', () => {
  it('leaves the control wrap able to accept the first real packet (no replay state taken)', () => {
    const client = new TlsCryptWrap({ key: keyMaterial });
    warmUpPacketPaths(client, testProfile());
    expect(client.unwrap(serverReset()).ok).toBe(true);
  });

  it('never throws, whatever the profile names', () => {
    const wrap: ControlWrap = {
      mode: 'none',
      overhead: 0,
      wrap: (p) => p,
      unwrap: () => ({ ok: false, reason: 'malformed' }),
    };
    for (const profile of [
      testProfile({ dataCiphers: ['AES-128-CBC'], digest: 'NOT-A-DIGEST' }),
      testProfile({ dataCiphers: ['NO-SUCH-CIPHER'] }),
      testProfile({ dataCiphers: [] }),
      testProfile({ dataCiphers: ['AES-128-CBC'], digest: 'SHA1' }),
      testProfile({ dataCiphers: ['CHACHA20-POLY1305'] }),
    ]) {
      expect(() => warmUpPacketPaths(wrap, profile)).not.toThrow();
    }
  });
});
