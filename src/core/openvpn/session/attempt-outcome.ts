/**
 * How one connection attempt ended. Its own module so that attempt.ts and the message handlers
 * it uses (server-messages.ts, auth-failure.ts) do not import each other.
 */
import type { FailureReason, ReconnectReason } from '../../../shared/tunnel-state';
import type { Crv1Challenge } from '../push/control-message';

export type AttemptOutcome =
  | { kind: 'no-answer'; message: string; refused?: boolean }
  | { kind: 'failed'; reason: FailureReason }
  | { kind: 'reconnect'; reason: ReconnectReason; wasConnected: boolean; advance: boolean }
  | { kind: 'retry-auth' }
  | { kind: 'challenge'; challenge: Crv1Challenge }
  | { kind: 'stopped' };
