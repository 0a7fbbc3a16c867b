import { createCipheriv, createDecipheriv, createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { lookupDigest } from '../../../../src/core/openvpn/crypto/digest';
import { lookupDataCipher } from '../../../../src/core/openvpn/data/ciphers';
import { DataChannelKey } from '../../../../src/core/openvpn/data/data-channel';
import {
  splitKey2ForClient,
  type ClientDataKeys,
} from '../../../../src/core/openvpn/data/key-derivation';

const key2 = randomBytes(256);
const payload = randomBytes(1400);

function pair(cipherName: string, digestName: string | undefined, peerId?: number, keyId = 0) {
  const cipher = lookupDataCipher(cipherName)!;
  const digest = digestName ? lookupDigest(digestName) : undefined;
  const keys = splitKey2ForClient(key2, cipher, digest);
  const mirrored: ClientDataKeys = { encrypt: keys.decrypt, decrypt: keys.encrypt };
  return {
    client: new DataChannelKey({ keyId, cipher, digest, keys, peerId }),
    server: new DataChannelKey({ keyId, cipher, digest, keys: mirrored, peerId }),
  };
}

function flip(buf: Buffer, at: number): Buffer {
  const copy = Buffer.from(buf);
  copy[at] = (copy[at] ?? 0) ^ 0x01;
  return copy;
}

describe('AEAD data packets (2.6 tag-first layout)', () => {
  for (const [name, keyLen] of [
    ['AES-128-GCM', 16],
    ['AES-256-GCM', 32],
    ['CHACHA20-POLY1305', 32],
  ] as const) {
    it(`${name} P_DATA_V2 decrypts with an independent node:crypto computation`, () => {
      const { client } = pair(name, undefined, 0x123456, 2);
      const wire = client.encrypt(payload);
      expect(wire.subarray(0, 4)).toEqual(Buffer.from([0x4a, 0x12, 0x34, 0x56]));
      expect(wire.readUInt32BE(4)).toBe(1);
      expect(wire).toHaveLength(4 + 4 + 16 + payload.length);
      const nonce = Buffer.concat([wire.subarray(4, 8), key2.subarray(64, 72)]);
      const d = createDecipheriv(
        name.toLowerCase() as 'aes-256-gcm',
        key2.subarray(0, keyLen),
        nonce,
        {
          authTagLength: 16,
        },
      );
      d.setAAD(wire.subarray(0, 8));
      d.setAuthTag(wire.subarray(8, 24));
      expect(Buffer.concat([d.update(wire.subarray(24)), d.final()])).toEqual(payload);
      expect(client.encrypt(payload).readUInt32BE(4)).toBe(2);
    });
  }

  it('P_DATA_V1 authenticates only the packet id (opcode byte is not in the AAD)', () => {
    const { server } = pair('AES-256-GCM', undefined);
    const pid = Buffer.from([0, 0, 0, 7]);
    const nonce = Buffer.concat([pid, key2.subarray(192, 200)]);
    const c = createCipheriv('aes-256-gcm', key2.subarray(128, 160), nonce, { authTagLength: 16 });
    c.setAAD(pid);
    const ct = Buffer.concat([c.update(payload), c.final()]);
    const wire = Buffer.concat([Buffer.from([0x30]), pid, c.getAuthTag(), ct]);
    const { client } = pair('AES-256-GCM', undefined);
    expect(client.decrypt(wire)).toEqual({ ok: payload });
    expect(server.decrypt(wire)).toEqual({ dropped: 'auth' }); // wrong direction keys
  });

  it('accepts V1 and V2 from the server on the same key', () => {
    const v2 = pair('AES-256-GCM', undefined, 5);
    const v1 = pair('AES-256-GCM', undefined);
    expect(v2.client.decrypt(v1.server.encrypt(payload))).toEqual({ ok: payload });
    v2.server.encrypt(payload); // pid 1 was taken by the V1 packet: same key, same counter space
    expect(v2.client.decrypt(v2.server.encrypt(payload))).toEqual({ ok: payload });
  });

  it('drops every single-bit flip as auth (or malformed for the header), and replays', () => {
    const { client, server } = pair('AES-256-GCM', undefined, 9);
    const wire = client.encrypt(Buffer.from('hello world'));
    for (let i = 0; i < wire.length; i++) {
      const verdict = server.decrypt(flip(wire, i));
      expect(verdict).toEqual(i === 0 ? { dropped: 'malformed' } : { dropped: 'auth' });
    }
    expect(server.decrypt(wire)).toEqual({ ok: Buffer.from('hello world') });
    expect(server.decrypt(wire)).toEqual({ dropped: 'replay' });
    expect(server.droppedAuth).toBe(wire.length - 1);
  });

  it('drops truncated packets, foreign opcodes and other key ids as malformed', () => {
    const { client, server } = pair('CHACHA20-POLY1305', undefined, 1);
    const wire = client.encrypt(payload);
    expect(server.decrypt(wire.subarray(0, 24))).toEqual({ dropped: 'malformed' });
    expect(server.decrypt(Buffer.alloc(0))).toEqual({ dropped: 'malformed' });
    expect(server.decrypt(Buffer.concat([Buffer.from([0x20]), wire.subarray(1)]))).toEqual({
      dropped: 'malformed',
    });
    expect(server.decrypt(Buffer.concat([Buffer.from([0x49]), wire.subarray(1)]))).toEqual({
      dropped: 'malformed',
    });
  });

  it('drops packets older than the replay window', () => {
    const { client, server } = pair('AES-128-GCM', undefined, 1);
    const first = client.encrypt(payload);
    for (let i = 0; i < 64; i++) expect('ok' in server.decrypt(client.encrypt(payload))).toBe(true);
    expect(server.decrypt(first)).toEqual({ dropped: 'replay' });
    expect(server.replay.tooOld).toBe(1);
  });
});

describe('CBC + HMAC data packets', () => {
  for (const [name, digest, keyLen, macLen] of [
    ['AES-128-CBC', 'SHA1', 16, 20],
    ['AES-256-CBC', 'SHA256', 32, 32],
    ['AES-192-CBC', 'SHA512', 24, 64],
  ] as const) {
    it(`${name}/${digest} matches an independent decryption`, () => {
      const { client } = pair(name, digest, 3);
      const wire = client.encrypt(payload);
      const ivAt = 4 + macLen;
      const mac = createHmac(digest.toLowerCase(), key2.subarray(64, 64 + macLen))
        .update(wire.subarray(ivAt))
        .digest();
      expect(wire.subarray(4, ivAt)).toEqual(mac);
      const d = createDecipheriv(
        name.toLowerCase(),
        key2.subarray(0, keyLen),
        wire.subarray(ivAt, ivAt + 16),
      );
      const plain = Buffer.concat([d.update(wire.subarray(ivAt + 16)), d.final()]);
      expect(plain.readUInt32BE(0)).toBe(1);
      expect(plain.subarray(4)).toEqual(payload);
      expect((wire.length - ivAt - 16) % 16).toBe(0);
    });
  }

  it('AES-128-CBC/SHA1 (Tencent default) round-trips V1, uses random IVs, drops tampering and replays', () => {
    const { client, server } = pair('AES-128-CBC', 'SHA1');
    const a = client.encrypt(payload);
    const b = client.encrypt(payload);
    expect(a[0]).toBe(0x30);
    expect(a.subarray(21, 37).equals(b.subarray(21, 37))).toBe(false);
    for (const at of [1, 21, 40, a.length - 1])
      expect(server.decrypt(flip(a, at))).toEqual({ dropped: 'auth' });
    expect(server.decrypt(b)).toEqual({ ok: payload });
    expect(server.decrypt(a)).toEqual({ ok: payload });
    expect(server.decrypt(a)).toEqual({ dropped: 'replay' });
    expect(server.decrypt(a.subarray(0, a.length - 3))).toEqual({ dropped: 'malformed' });
  });

  it('handles payloads of every length around a block boundary', () => {
    const { client, server } = pair('AES-128-CBC', 'SHA1', 0);
    for (let len = 1; len < 40; len++) {
      const p = randomBytes(len);
      expect(server.decrypt(client.encrypt(p))).toEqual({ ok: p });
    }
  });
});

describe('packet-id wrap', () => {
  it('asks for renegotiation at 0xFF000000 and refuses to reuse ids', () => {
    const cipher = lookupDataCipher('AES-256-GCM')!;
    const keys = splitKey2ForClient(key2, cipher);
    const key = new DataChannelKey({ keyId: 1, cipher, keys, firstPacketId: 0xfeffffff });
    expect(key.needsRenegotiation).toBe(false);
    key.encrypt(payload);
    expect(key.needsRenegotiation).toBe(true);
    const last = new DataChannelKey({ keyId: 1, cipher, keys, firstPacketId: 0xffffffff });
    expect(last.encrypt(payload).readUInt32BE(1)).toBe(0xffffffff);
    expect(last.exhausted).toBe(true);
    expect(() => last.encrypt(payload)).toThrow(/renegotiated/);
  });
});

describe('replay-window on a data key', () => {
  it('applies the profile policy: replay-window 0 refuses a skipped id, the default takes it', () => {
    const cipher = lookupDataCipher('AES-256-GCM')!;
    const keys = splitKey2ForClient(key2, cipher);
    const mirrored: ClientDataKeys = { encrypt: keys.decrypt, decrypt: keys.encrypt };
    const sender = new DataChannelKey({ keyId: 0, cipher, keys });
    const strict = new DataChannelKey({
      keyId: 0,
      cipher,
      keys: mirrored,
      replay: { packets: 0, seconds: 15 },
    });
    const lenient = new DataChannelKey({ keyId: 0, cipher, keys: mirrored });
    const first = sender.encrypt(payload);
    const second = sender.encrypt(payload);
    const third = sender.encrypt(payload);
    for (const receiver of [strict, lenient]) expect('ok' in receiver.decrypt(first)).toBe(true);
    expect(strict.decrypt(third)).toEqual({ dropped: 'replay' });
    expect('ok' in lenient.decrypt(third)).toBe(true);
    expect('ok' in lenient.decrypt(second)).toBe(true);
  });
});
