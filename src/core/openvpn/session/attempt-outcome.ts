/**
 * What one connection attempt reports to the session: its progress while it runs and how it
 * ended. The session (session.ts) turns both into TunnelStates; an attempt makes none itself.
 * Its own module so that attempt.ts and the message handlers it uses (server-messages.ts,
 * auth-failure.ts) do not import each other.
 */
import type { FailureReason, ReconnectReason, TunnelInfo } from '../../../shared/tunnel-state';
import type { Crv1Challenge } from '../push/control-message';

export type AttemptOutcome =
  | { kind: 'no-answer'; message: string; refused?: boolean }
  | { kind: 'failed'; reason: FailureReason }
  | {
      kind: 'reconnect';
      reason: ReconnectReason;
      wasConnected: boolean;
      advance: boolean;
      /** Reconnect at once, without the back-off delay (network change, wake). */
      immediate?: boolean;
    }
  | { kind: 'retry-auth' }
  | { kind: 'challenge'; challenge: Crv1Challenge }
  | { kind: 'stopped' };

/** Each step shows as the TunnelState of the same kind, at the attempt's remote. */
export type AttemptProgress =
  | { kind: 'tls-handshake' | 'authenticating' | 'getting-config' | 'configuring' }
  | { kind: 'connected'; tunnel: TunnelInfo };
