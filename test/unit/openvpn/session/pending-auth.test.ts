import { describe, expect, it } from 'vitest';
import { crResponseMessage, parseCrText } from '../../../../src/core/openvpn/session/pending-auth';

describe('CR_TEXT pending auth', () => {
  it('parses flags and text (the text may contain colons)', () => {
    expect(parseCrText('CR_TEXT:R,E:Enter PIN: 6 digits')).toEqual({
      echo: true,
      responseRequired: true,
      text: 'Enter PIN: 6 digits',
    });
    expect(parseCrText('CR_TEXT::Touch the key')).toEqual({
      echo: false,
      responseRequired: false,
      text: 'Touch the key',
    });
    expect(parseCrText('OPEN_URL:https://example.com')).toBeUndefined();
  });

  it('answers with base64', () => {
    expect(crResponseMessage('4242')).toBe('CR_RESPONSE,NDI0Mg==');
  });
});
