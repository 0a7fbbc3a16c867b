/**
 * What each server control message does to a running attempt (forward.c
 * parse_incoming_control_channel_command, push.c receive_auth_failed): AUTH_FAILED forms,
 * RESTART/EXIT (reconnect), HALT (stop), INFO_PRE CR_TEXT
 * challenges, AUTH_PENDING (longer wait), INFO (log).
 */
import type { AttemptOutcome } from './attempt-outcome';
import { authFailureOutcome } from './auth-failure';
import type { ControlMessage, PendingAuthMethod } from '../push/control-message';
import type { LoginState } from './credentials';

export interface ServerMessageTarget {
  connected: boolean;
  login: LoginState;
  end(outcome: AttemptOutcome): void;
  log(level: 'debug' | 'info', message: string): void;
  answerChallenge(challenge: CrTextChallenge): void;
  extendPendingAuth(ms: number): void;
}

export type CrTextChallenge = Extract<PendingAuthMethod, { kind: 'cr-text' }>;

export function handleServerMessage(m: ControlMessage, t: ServerMessageTarget): void {
  switch (m.kind) {
    case 'auth-failed':
      return t.end(authFailureOutcome(m, t.login, (msg) => t.log('info', msg)));
    case 'restart':
    case 'exit':
      return t.end({
        kind: 'reconnect',
        reason: {
          code: 'server-restart',
          message: `the server asked us to reconnect${m.kind === 'restart' && m.message ? ` (${m.message})` : ''}`,
        },
        wasConnected: t.connected,
        advance: m.kind === 'restart' && m.advanceRemote,
      });
    case 'halt':
      return t.end({
        kind: 'failed',
        reason: {
          code: 'server-exited',
          message: `the server ended the session${m.message ? `: ${m.message}` : ''}`,
        },
      });
    case 'push-reply':
      // The link collects every PUSH_REPLY itself; one reaching here is a stray.
      return t.log('debug', 'unexpected PUSH_REPLY ignored');
    case 'info-pre':
      if (m.pending?.kind === 'cr-text') return t.answerChallenge(m.pending);
      return t.log('info', `server: ${m.text}`);
    case 'info':
      return t.log('info', `server: ${m.text}`);
    case 'auth-pending':
      t.extendPendingAuth((m.timeoutSeconds ?? 60) * 1000);
      return t.log('info', 'the server is still checking the login');
    case 'unknown':
      return t.log('debug', `unknown server message: ${m.text.slice(0, 80)}`);
  }
}
