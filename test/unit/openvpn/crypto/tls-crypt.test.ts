import { createCipheriv, createHmac, randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  createControlWrap,
  createDynamicTlsCryptWrap,
} from '../../../../src/core/openvpn/crypto/create-control-wrap';
import { parseStaticKey } from '../../../../src/core/openvpn/crypto/static-key';
import { sealTlsCrypt, TlsCryptWrap } from '../../../../src/core/openvpn/crypto/tls-crypt';
import { sliceKeyDirection } from '../../../../src/core/openvpn/crypto/static-key';
import { parseTlsCryptV2ClientKey } from '../../../../src/core/openvpn/crypto/tls-crypt-v2-key';
import { describeWith } from '../../../support/prereqs';
import { genkeys, NEEDS_OPENVPN, pemBody, type GeneratedKeys } from './openvpn-genkey';

const NOW = 1_700_000_000;
const sid = randomBytes(8);
const header = (opcode: number) => Buffer.concat([Buffer.from([opcode << 3]), sid]);
const resetV2 = Buffer.concat([header(7), Buffer.from([0, 0, 0, 0, 0])]);

/** What the server does, written independently of TlsCryptWrap: keys from the "normal" direction. */
function serverOpen(key: Buffer, wire: Buffer): Buffer {
  const head = wire.subarray(0, 17);
  const tag = wire.subarray(17, 49);
  const d = createCipheriv('aes-256-ctr', key.subarray(128, 160), tag.subarray(0, 16));
  const plain = Buffer.concat([d.update(wire.subarray(49)), d.final()]);
  const check = createHmac('sha256', key.subarray(192, 224)).update(head).update(plain).digest();
  if (!check.equals(tag)) throw new Error('server: bad tag');
  return plain;
}

function serverSeal(key: Buffer, plainPacket: Buffer, pid: number): Buffer {
  const head = Buffer.concat([plainPacket.subarray(0, 9), Buffer.alloc(8)]);
  head.writeUInt32BE(pid, 9);
  head.writeUInt32BE(NOW, 13);
  const body = plainPacket.subarray(9);
  const tag = createHmac('sha256', key.subarray(64, 96)).update(head).update(body).digest();
  const c = createCipheriv('aes-256-ctr', key.subarray(0, 32), tag.subarray(0, 16));
  return Buffer.concat([head, tag, c.update(body), c.final()]);
}

describe('TlsCryptWrap (v1)', () => {
  const key = randomBytes(256);

  it('wraps a 54-byte hard reset the server can open', () => {
    const wire = new TlsCryptWrap({ key, nowSeconds: NOW }).wrap(resetV2);
    expect(wire).toHaveLength(54);
    expect(wire.readUInt32BE(9)).toBe(1);
    expect(wire.readUInt32BE(13)).toBe(NOW);
    expect(serverOpen(key, wire)).toEqual(resetV2.subarray(9));
  });

  it('opens server packets, and drops tampering, replays and short packets', () => {
    const client = new TlsCryptWrap({ key });
    const packet = Buffer.concat([header(8), Buffer.from([1, 0, 0, 0, 0]), sid, Buffer.alloc(4)]);
    const wire = serverSeal(key, packet, 1);
    const flipped = Buffer.from(wire);
    flipped[wire.length - 1] = (flipped[wire.length - 1] ?? 0) ^ 0x80;
    expect(client.unwrap(flipped)).toEqual({ ok: false, reason: 'auth' });
    expect(client.unwrap(wire)).toEqual({ ok: true, packet });
    expect(client.unwrap(wire)).toEqual({ ok: false, reason: 'replay' });
    expect(client.unwrap(wire.subarray(0, 49))).toEqual({ ok: false, reason: 'malformed' });
    // Its own packets are encrypted in the other direction and must not verify.
    expect(client.unwrap(client.wrap(packet))).toEqual({ ok: false, reason: 'auth' });
  });
});

describeWith(NEEDS_OPENVPN, 'keys from openvpn --genkey', () => {
  it('accepts a key file made by openvpn --genkey via createControlWrap', () => {
    const text = genkeys().staticKey;
    const wrap = createControlWrap({ mode: 'tls-crypt', key: text }, 'SHA1', NOW);
    expect(serverOpen(parseStaticKey(text), wrap.wrap(resetV2))).toEqual(resetV2.subarray(9));
  });
});

describeWith(NEEDS_OPENVPN, 'tls-crypt-v2 client', () => {
  let keys: GeneratedKeys;
  beforeAll(() => {
    keys = genkeys();
  });

  it('parses Kc and a WKc that the server key unwraps back to Kc', () => {
    const { key, wrappedKey } = parseTlsCryptV2ClientKey(keys.v2Client);
    expect(key).toHaveLength(256);
    expect(wrappedKey.readUInt16BE(wrappedKey.length - 2)).toBe(wrappedKey.length);
    // Server key = cipher(64) || hmac(64); WKc = T || AES-256-CTR(Ke, T[0..15], Kc||metadata) || len.
    const server = pemBody(keys.v2Server);
    expect(server).toHaveLength(128);
    const tag = wrappedKey.subarray(0, 32);
    const d = createCipheriv('aes-256-ctr', server.subarray(0, 32), tag.subarray(0, 16));
    const inner = Buffer.concat([d.update(wrappedKey.subarray(32, -2)), d.final()]);
    expect(inner.subarray(0, 256)).toEqual(key);
    const t = createHmac('sha256', server.subarray(64, 96))
      .update(wrappedKey.subarray(-2))
      .update(inner)
      .digest();
    expect(t).toEqual(tag);
  });

  it('appends WKc only to opcodes 10 and 11 and starts the pid at 0x0f000001', () => {
    const wrap = createControlWrap({ mode: 'tls-crypt-v2', key: keys.v2Client }, 'SHA1', NOW);
    const { key, wrappedKey } = parseTlsCryptV2ClientKey(keys.v2Client);
    const resetV3 = Buffer.concat([header(10), Buffer.from([0, 0, 0, 0, 0])]);
    const wire = wrap.wrap(resetV3);
    expect(wire.readUInt32BE(9)).toBe(0x0f000001);
    expect(wire.subarray(54)).toEqual(wrappedKey);
    expect(serverOpen(key, wire.subarray(0, 54))).toEqual(resetV3.subarray(9));
    const control = Buffer.concat([header(4), Buffer.from([0, 0, 0, 0, 1]), randomBytes(40)]);
    expect(wrap.wrap(control)).toHaveLength(control.length + 40);
    const wkc = Buffer.concat([header(11), Buffer.from([0, 0, 0, 0, 1])]);
    expect(wrap.wrap(wkc).subarray(-wrappedKey.length)).toEqual(wrappedKey);
  });

  it('refuses a truncated client key', () => {
    const body = pemBody(keys.v2Client).subarray(0, 300).toString('base64');
    const text = `-----BEGIN OpenVPN tls-crypt-v2 client key-----\n${body}\n-----END OpenVPN tls-crypt-v2 client key-----\n`;
    expect(() => parseTlsCryptV2ClientKey(text)).toThrow(/impossible length/);
  });
});

describe('dynamic tls-crypt', () => {
  it('XORs the exporter output with the original key and wraps with the result', () => {
    const original = randomBytes(256);
    const ekm = randomBytes(256);
    const text = `-----BEGIN OpenVPN Static key V1-----\n${original.toString('hex')}\n-----END OpenVPN Static key V1-----`;
    const wrap = createDynamicTlsCryptWrap(
      ekm,
      { mode: 'tls-auth', key: text, keyDirection: 1 },
      NOW,
    );
    const expectedKey = Buffer.from(ekm.map((b, i) => b ^ (original[i] ?? 0)));
    const packet = Buffer.concat([Buffer.from([0x19]), sid, Buffer.from([0, 0, 0, 0, 0])]);
    const wire = wrap.wrap(packet);
    expect(wire.readUInt32BE(9)).toBe(1);
    expect(serverOpen(expectedKey, wire)).toEqual(packet.subarray(9));
    const plainWrap = createDynamicTlsCryptWrap(ekm, { mode: 'none' }, NOW);
    expect(serverOpen(ekm, plainWrap.wrap(packet))).toEqual(packet.subarray(9));
  });
});

describe('sealTlsCrypt known answer', () => {
  it("reproduces OpenVPN's own dynamic tls-crypt vector (tests/unit_tests/openvpn/test_tls_crypt.c)", () => {
    // There the exporter is mocked to 256 x 0xba, the packet id is 1 with time 0, no opcode/sid
    // header precedes it, and the plaintext is "1234567890".
    const keys = sliceKeyDirection(Buffer.alloc(256, 0xba), 1);
    const header = Buffer.from('0000000100000000', 'hex');
    const { tag, ciphertext } = sealTlsCrypt(
      keys.encryptCipher.subarray(0, 32),
      keys.encryptHmac.subarray(0, 32),
      header,
      Buffer.from('1234567890'),
    );
    expect(Buffer.concat([header, tag, ciphertext]).toString('hex')).toBe(
      '0000000100000000e319277f1c8d6e6a7796a855337b9cfb56e1f13a870e6647' +
        'dfa195c92c17a015ba4967a11d55ea1a06a7',
    );
  });
});
