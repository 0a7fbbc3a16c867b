import { randomBytes } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { importProfileFromText } from '../../../src/core/config';
import { normalizeTlsCryptV2Key } from '../../../src/core/config/keyfiles';
import { parseTlsCryptV2ClientKey } from '../../../src/core/openvpn/crypto/tls-crypt-v2-key';
import {
  configErrorLine,
  inlineBlock,
  makePki,
  tencentOvpn,
  type TestPki,
} from '../../support/profiles';

/** A client key file whose WKc is `wrappedLength` bytes, its length field set as `lengthField`. */
function clientKey(wrappedLength: number, lengthField = wrappedLength): string {
  const wrapped = randomBytes(wrappedLength);
  if (wrappedLength >= 2) wrapped.writeUInt16BE(lengthField & 0xffff, wrappedLength - 2);
  const body = Buffer.concat([randomBytes(256), wrapped]).toString('base64');
  return [
    '-----BEGIN OpenVPN tls-crypt-v2 client key-----',
    ...(body.match(/.{1,64}/g) ?? []),
    '-----END OpenVPN tls-crypt-v2 client key-----',
    '',
  ].join('\n');
}

function connectAccepts(text: string): boolean {
  try {
    parseTlsCryptV2ClientKey(text);
    return true;
  } catch {
    return false;
  }
}

describe('a tls-crypt-v2 client key is checked the same way at import and at connect', () => {
  it('import accepts exactly the keys connect accepts, at every wrapped-key length', () => {
    const accepted: number[] = [];
    for (let length = 0; length <= 1100; length++) {
      for (const field of [length, length + 1]) {
        const text = clientKey(length, field);
        const imported = normalizeTlsCryptV2Key(text);
        const importAccepts = !('problem' in imported);
        expect(importAccepts, `WKc ${length} bytes, length field ${field}`).toBe(
          connectAccepts(text),
        );
        // What the store keeps is what connect reads.
        if (importAccepts) expect(connectAccepts(imported.key)).toBe(true);
        if (importAccepts) accepted.push(length);
      }
    }
    expect(Math.min(...accepted)).toBe(32 + 256 + 2);
    expect(Math.max(...accepted)).toBe(1024);
  });

  describe('in a profile', () => {
    let pki: TestPki;
    beforeAll(() => {
      pki = makePki('V2');
    });

    it('refuses a wrapped key too short to hold Kc, at the block, with the reason', async () => {
      const text = tencentOvpn(pki, [inlineBlock('tls-crypt-v2', clientKey(120))]);
      expect(
        await configErrorLine(importProfileFromText(text, { name: 'v', sourceName: 'v.ovpn' })),
      ).toBe(
        'v.ovpn:13: <tls-crypt-v2> block (tls-crypt-v2): the wrapped key has an impossible length (120 bytes; a tls-crypt-v2 client key holds 290 to 1024)',
      );
    });
  });
});
