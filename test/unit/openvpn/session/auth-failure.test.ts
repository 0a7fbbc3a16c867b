import { describe, expect, it } from 'vitest';
import { authFailureOutcome } from '../../../../src/core/openvpn/session/auth-failure';
import { parseControlMessage } from '../../../../src/core/openvpn/push/control-message';
import { LoginState } from '../../../../src/core/openvpn/session/credentials';
import { testProfile } from './profile-fixture';

function outcome(text: string, token = false) {
  const login = new LoginState(testProfile({ authUserPass: true }));
  login.setCredentials({ username: 'u', password: 'p' });
  if (token) login.setToken('T');
  const m = parseControlMessage(text);
  if (m.kind !== 'auth-failed') throw new Error('not an AUTH_FAILED');
  return { result: authFailureOutcome(m, login, () => undefined), login };
}

describe('AUTH_FAILED handling', () => {
  it('a plain failure is final, with the server text', () => {
    expect(outcome('AUTH_FAILED').result).toMatchObject({
      kind: 'failed',
      reason: {
        code: 'auth-failed',
        message: 'authentication failed (server said: no reason given)',
      },
    });
  });

  it('with an auth-token: drop it and log in again with the password', () => {
    const { result, login } = outcome('AUTH_FAILED', true);
    expect(result).toEqual({ kind: 'retry-auth' });
    expect(login.current()).toEqual({ username: 'u', password: 'p' });
  });

  it('TEMP retries, cipher failures map to no-common-cipher, CRV1 asks the user', () => {
    expect(outcome('AUTH_FAILED,TEMP[advance no]: busy').result).toMatchObject({
      kind: 'reconnect',
      advance: false,
    });
    expect(
      outcome('AUTH_FAILED,Data channel cipher negotiation failed (no shared cipher)').result,
    ).toMatchObject({
      reason: { code: 'no-common-cipher' },
    });
    expect(outcome('AUTH_FAILED,CRV1:R:s1:dQ==:code?').result).toMatchObject({
      kind: 'challenge',
      challenge: { stateId: 's1', username: 'u' },
    });
  });
});
