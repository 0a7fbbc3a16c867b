import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { GangwayError } from '../../../../src/core/errors';
import { parseStaticKey, sliceKeyDirection } from '../../../../src/core/openvpn/crypto/static-key';
import { describeWith } from '../../../support/prereqs';
import { genkeys, NEEDS_OPENVPN } from './openvpn-genkey';

function keyText(bytes: Buffer, perLine = 16): string {
  const hex = bytes.toString('hex');
  const lines: string[] = [];
  for (let i = 0; i < hex.length; i += perLine * 2) lines.push(hex.slice(i, i + perLine * 2));
  return `#\n# 2048 bit OpenVPN static key\n#\n-----BEGIN OpenVPN Static key V1-----\n${lines.join('\n')}\n-----END OpenVPN Static key V1-----\n`;
}

describe('parseStaticKey', () => {
  it('ignores line layout and surrounding text', () => {
    const bytes = randomBytes(256);
    expect(parseStaticKey(keyText(bytes, 7))).toEqual(bytes);
    expect(parseStaticKey(`<tls-auth>\r\n${keyText(bytes)}</tls-auth>`)).toEqual(bytes);
  });

  it('refuses truncated, non-hex and header-less keys with a clear message', () => {
    const bytes = randomBytes(256);
    expect(() => parseStaticKey(keyText(bytes.subarray(0, 128)))).toThrow(
      /expected 256 bytes.*found 128/,
    );
    expect(() =>
      parseStaticKey(keyText(bytes).replace(/[0-9a-f](?=[0-9a-f]{31}\n-----END)/, 'z')),
    ).toThrow(/not hexadecimal/);
    expect(() => parseStaticKey(bytes.toString('hex'))).toThrow(GangwayError);
    expect(() => parseStaticKey(keyText(bytes).replace(/-----END.*/, ''))).toThrow(/END/);
  });
});

describeWith(NEEDS_OPENVPN, 'parseStaticKey with openvpn --genkey', () => {
  it('reads a key made by openvpn --genkey secret', () => {
    const text = genkeys().staticKey;
    const key = parseStaticKey(text);
    expect(key).toHaveLength(256);
    const hexLines = text.split('\n').filter((l) => /^[0-9a-f]{32}$/.test(l));
    expect(key.toString('hex')).toBe(hexLines.join(''));
  });
});

describe('sliceKeyDirection', () => {
  const key = Buffer.alloc(256);
  for (let i = 0; i < 4; i++) key.fill(i + 1, i * 64, i * 64 + 64);
  const first = (b: Buffer) => [b.length, b[0], b[63]];

  it('direction 1 (client) sends with key[1] and receives with key[0]', () => {
    const k = sliceKeyDirection(key, 1);
    expect(first(k.encryptCipher)).toEqual([64, 3, 3]);
    expect(first(k.encryptHmac)).toEqual([64, 4, 4]);
    expect(first(k.decryptCipher)).toEqual([64, 1, 1]);
    expect(first(k.decryptHmac)).toEqual([64, 2, 2]);
  });

  it('direction 0 is the mirror image and no direction uses key[0] both ways', () => {
    const zero = sliceKeyDirection(key, 0);
    expect([zero.encryptHmac[0], zero.decryptHmac[0]]).toEqual([2, 4]);
    const none = sliceKeyDirection(key, null);
    expect([
      none.encryptCipher[0],
      none.encryptHmac[0],
      none.decryptCipher[0],
      none.decryptHmac[0],
    ]).toEqual([1, 2, 1, 2]);
  });
});
