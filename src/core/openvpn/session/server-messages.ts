/**
 * What each server control message does to a running attempt (doc 7.4): AUTH_FAILED forms,
 * RESTART/EXIT (reconnect), HALT (stop), late PUSH_REPLY (auth-token refresh), INFO_PRE
 * CR_TEXT challenges, AUTH_PENDING (longer wait), INFO (log).
 */
import type { AttemptOutcome } from './attempt';
import { authFailureOutcome } from './auth-failure';
import type { ServerMessage } from './control-messages';
import type { LoginState } from './credentials';
import { parseCrText, type CrTextChallenge } from './pending-auth';
import { parsePushedOptions, type PushedConfig } from './pushed-config';

export interface ServerMessageTarget {
  connected: boolean;
  login: LoginState;
  end(outcome: AttemptOutcome): void;
  log(level: 'debug' | 'info', message: string): void;
  rememberToken(pushed: PushedConfig): void;
  answerChallenge(challenge: CrTextChallenge): void;
  extendPendingAuth(ms: number): void;
}

export function handleServerMessage(m: ServerMessage, t: ServerMessageTarget): void {
  switch (m.kind) {
    case 'auth-failed':
      return t.end(authFailureOutcome(m, t.login, (msg) => t.log('info', msg)));
    case 'restart':
    case 'exit':
      return t.end({
        kind: 'reconnect',
        reason: {
          code: 'server-restart',
          message: `the server asked us to reconnect${m.kind === 'restart' && m.text ? ` (${m.text})` : ''}`,
        },
        wasConnected: t.connected,
        advance: m.kind === 'restart' && m.advance,
      });
    case 'halt':
      return t.end({
        kind: 'failed',
        reason: {
          code: 'server-exited',
          message: `the server ended the session${m.text ? `: ${m.text}` : ''}`,
        },
      });
    case 'push-reply':
      return t.rememberToken(parsePushedOptions(m.options));
    case 'info-pre': {
      const challenge = parseCrText(m.text);
      if (challenge) return t.answerChallenge(challenge);
      return t.log('info', `server: ${m.text}`);
    }
    case 'info':
      return t.log('info', `server: ${m.text}`);
    case 'auth-pending':
      t.extendPendingAuth((m.timeoutSeconds ?? 60) * 1000);
      return t.log('info', 'the server is still checking the login');
    case 'unknown':
      return t.log('debug', `unknown server message: ${m.text.slice(0, 80)}`);
  }
}
