/**
 * What an AUTH_FAILED means for the attempt (push.c receive_auth_failed): a CRV1 challenge to ask
 * the user, a stale auth-token to drop (log in again with the password), a temporary refusal
 * to retry, a cipher mismatch, or a real authentication failure.
 */
import type { ControlMessage } from '../push/control-message';
import type { AttemptOutcome } from './attempt-outcome';
import type { LoginState } from './credentials';

type AuthFailed = Extract<ControlMessage, { kind: 'auth-failed' }>;

export function authFailureOutcome(
  m: AuthFailed,
  login: LoginState,
  log: (message: string) => void,
): AttemptOutcome {
  if (m.challenge) return { kind: 'challenge', challenge: m.challenge };
  if (login.hasToken || m.session) {
    login.dropToken();
    log('the server refused the session token; logging in again');
    return { kind: 'retry-auth' };
  }
  if (m.temp) {
    // AUTH_FAILED,TEMP: the server is busy; try again (next remote unless told otherwise).
    return {
      kind: 'reconnect',
      reason: {
        code: 'remote-failed',
        message: `temporary login failure (server said: ${m.reason})`,
      },
      wasConnected: false,
      advance: m.temp.advance !== 'no',
    };
  }
  if (/cipher/i.test(m.reason)) {
    return {
      kind: 'failed',
      reason: {
        code: 'no-common-cipher',
        message: `no cipher in common (server said: ${m.reason})`,
      },
    };
  }
  return {
    kind: 'failed',
    reason: {
      code: 'auth-failed',
      message: `authentication failed (server said: ${m.reason || 'no reason given'})`,
      hint: 'Check the username and password.',
    },
  };
}
