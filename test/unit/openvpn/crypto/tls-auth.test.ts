import { createHmac, randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { TlsAuthWrap } from '../../../../src/core/openvpn/crypto/tls-auth';

const key = randomBytes(256);
const sid = Buffer.from('0102030405060708', 'hex');
/** A client hard reset: byte0 0x38, sid, empty ACK block, msg id 0. */
const hardReset = Buffer.concat([Buffer.from([0x38]), sid, Buffer.from([0, 0, 0, 0, 0])]);
const NOW = 1_700_000_000;

describe('TlsAuthWrap', () => {
  it('produces the swapped-order HMAC computed independently (SHA1, direction 1)', () => {
    const wrap = new TlsAuthWrap({ key, direction: 1, nowSeconds: NOW });
    const wire = wrap.wrap(hardReset);
    expect(wire).toHaveLength(1 + 8 + 20 + 8 + 5);
    const replayId = Buffer.alloc(8);
    replayId.writeUInt32BE(1, 0);
    replayId.writeUInt32BE(NOW, 4);
    const expected = createHmac('sha1', key.subarray(192, 212))
      .update(Buffer.concat([replayId, hardReset]))
      .digest();
    expect(wire.subarray(0, 9)).toEqual(hardReset.subarray(0, 9));
    expect(wire.subarray(9, 29)).toEqual(expected);
    expect(wire.subarray(29, 37)).toEqual(replayId);
    expect(wire.subarray(37)).toEqual(hardReset.subarray(9));
    // The second packet carries pid 2.
    expect(wrap.wrap(hardReset).readUInt32BE(29)).toBe(2);
  });

  it('matches the observed 54-byte SHA256 hard reset and SHA512 sizes', () => {
    expect(new TlsAuthWrap({ key, direction: 1, digest: 'SHA256' }).wrap(hardReset)).toHaveLength(
      54,
    );
    expect(new TlsAuthWrap({ key, direction: 1, digest: 'sha512' }).wrap(hardReset)).toHaveLength(
      86,
    );
  });

  for (const digest of ['SHA1', 'SHA256', 'SHA512']) {
    it(`round-trips client→server and server→client with ${digest}`, () => {
      const client = new TlsAuthWrap({ key, direction: 1, digest });
      const server = new TlsAuthWrap({ key, direction: 0, digest });
      const packet = Buffer.concat([hardReset, randomBytes(300)]);
      expect(server.unwrap(client.wrap(packet))).toEqual({ ok: true, packet });
      expect(client.unwrap(server.wrap(packet))).toEqual({ ok: true, packet });
    });
  }

  it('drops a packet signed with the wrong direction (own packets reflected)', () => {
    const client = new TlsAuthWrap({ key, direction: 1 });
    expect(client.unwrap(client.wrap(hardReset))).toEqual({ ok: false, reason: 'auth' });
  });

  it('works without a key direction (both sides use key[0])', () => {
    const a = new TlsAuthWrap({ key, direction: null });
    const b = new TlsAuthWrap({ key, direction: null });
    expect(b.unwrap(a.wrap(hardReset)).ok).toBe(true);
  });

  it('drops tampered, replayed, stale-time and truncated packets', () => {
    const client = new TlsAuthWrap({ key, direction: 1, nowSeconds: NOW });
    const server = new TlsAuthWrap({ key, direction: 0 });
    const first = client.wrap(hardReset);
    for (let byte = 0; byte < first.length; byte++) {
      const tampered = Buffer.from(first);
      tampered[byte] = (tampered[byte] ?? 0) ^ 0x01;
      expect(server.unwrap(tampered)).toEqual({ ok: false, reason: 'auth' });
    }
    expect(server.unwrap(first).ok).toBe(true);
    expect(server.unwrap(first)).toEqual({ ok: false, reason: 'replay' });
    const older = new TlsAuthWrap({ key, direction: 1, nowSeconds: NOW - 5 });
    expect(server.unwrap(older.wrap(hardReset))).toEqual({ ok: false, reason: 'replay' });
    expect(server.unwrap(first.subarray(0, 37))).toEqual({ ok: false, reason: 'malformed' });
  });

  it('sizes its replay window from replay-window (ssl.c tls_session_init)', () => {
    const client = new TlsAuthWrap({ key, direction: 1, nowSeconds: NOW });
    const wires = Array.from({ length: 5 }, () => client.wrap(hardReset));
    const small = new TlsAuthWrap({ key, direction: 0, replay: { packets: 2, seconds: 15 } });
    const usual = new TlsAuthWrap({ key, direction: 0 });
    for (const server of [small, usual]) expect(server.unwrap(wires[4]!).ok).toBe(true);
    expect(small.unwrap(wires[1]!)).toEqual({ ok: false, reason: 'replay' }); // 3 behind, window 2
    expect(usual.unwrap(wires[1]!).ok).toBe(true);
  });
});
