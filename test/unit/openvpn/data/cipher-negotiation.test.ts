import { describe, expect, it } from 'vitest';
import { negotiateDataCipher } from '../../../../src/core/openvpn/data/cipher-negotiation';

describe('negotiateDataCipher', () => {
  const profile = ['AES-256-GCM', 'AES-128-CBC'];

  it('accepts a pushed cipher from the list, in any case', () => {
    const d = negotiateDataCipher(profile, 'aes-128-cbc');
    expect(d.ok && d.cipher.name).toBe('AES-128-CBC');
  });

  it('fails with no-common-cipher naming both sides', () => {
    const d = negotiateDataCipher(profile, 'CHACHA20-POLY1305');
    expect(d).toMatchObject({
      ok: false,
      reason: {
        code: 'no-common-cipher',
        message:
          'no cipher in common (server offers CHACHA20-POLY1305; this profile allows AES-256-GCM, AES-128-CBC)',
      },
    });
  });

  it('uses the fallback when nothing is pushed, and fails without one', () => {
    const d = negotiateDataCipher(profile, undefined, 'AES-256-CBC');
    expect(d.ok && d.cipher.name).toBe('AES-256-CBC');
    expect(negotiateDataCipher(profile, undefined).ok).toBe(false);
    expect(negotiateDataCipher(['BF-CBC'], 'BF-CBC')).toMatchObject({
      ok: false,
      reason: { code: 'no-common-cipher' },
    });
  });
});
