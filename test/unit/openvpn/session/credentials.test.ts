import { describe, expect, it } from 'vitest';
import { LoginState } from '../../../../src/core/openvpn/session/credentials';
import { redact } from '../../../../src/core/redact';
import { testProfile } from './profile-fixture';

describe('LoginState', () => {
  it('sends nothing without auth-user-pass', () => {
    const l = new LoginState(testProfile());
    l.setCredentials({ username: 'u', password: 'p' });
    expect(l.current()).toBeUndefined();
  });

  it('uses the auth-token (and auth-token-user) after a push, the password again once dropped', () => {
    const l = new LoginState(testProfile({ authUserPass: true }));
    l.setCredentials({ username: 'alice', password: 'pw' });
    expect(l.current()).toEqual({ username: 'alice', password: 'pw' });
    l.setToken('TOKEN');
    expect(l.current()).toEqual({ username: 'alice', password: 'TOKEN' });
    l.setTokenUser('alice@realm');
    expect(l.current()).toEqual({ username: 'alice@realm', password: 'TOKEN' });
    l.dropToken();
    expect(l.current()).toEqual({ username: 'alice', password: 'pw' });
  });

  it('builds SCRV1 for a static challenge and CRV1 for a dynamic one', () => {
    const l = new LoginState(
      testProfile({ authUserPass: true, staticChallenge: { text: 'PIN', echo: false } }),
    );
    l.setCredentials({ username: 'bob', password: 'pw', response: '1234' });
    expect(l.current()).toEqual({
      username: 'bob',
      password: `SCRV1:${btoa('pw')}:${btoa('1234')}`,
    });
    l.setChallengeAnswer('sid', 'bob', '999');
    expect(l.current()).toEqual({ username: 'bob', password: 'CRV1::sid::999' });
    l.afterLogin();
    expect(l.current()?.password).toMatch(/^SCRV1:/);
  });

  it('auth-nocache forgets the password after login', () => {
    const l = new LoginState(testProfile({ authUserPass: true, authNoCache: true }));
    l.setCredentials({ username: 'a', password: 'b' });
    l.afterLogin();
    expect(l.current()).toBeUndefined();
    expect(l.hasCredentials).toBe(false);
  });

  it('log redaction removes tokens and passwords', () => {
    expect(redact('PUSH_REPLY,auth-token SESS_ID_AT_secret,ping 10')).not.toContain('secret');
    expect(redact('password=hunter2')).toBe('password=[redacted]');
  });

  it('the engine log masks key blocks and bare session tokens too (one redact for all logs)', () => {
    const pem =
      '-----BEGIN ENCRYPTED PRIVATE KEY-----\nMIIFHzBJBgkq\n-----END ENCRYPTED PRIVATE KEY-----';
    expect(redact(`loaded ${pem}`)).not.toContain('MIIFHzBJBgkq');
    expect(redact('<key>\nMIIEvQIBADAN\n</key>')).not.toContain('MIIEvQIBADAN');
    expect(redact('{"passphrase": "s3cret-pw"}')).not.toContain('s3cret-pw');
    expect(redact('echo SESS_ID_AT_abc123')).not.toContain('abc123');
  });
});
