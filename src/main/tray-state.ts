import { CONNECTING_KINDS, type TunnelState } from '../shared/tunnel-state';
import type { Strings } from './strings';

export type TrayState = 'disconnected' | 'connecting' | 'connected' | 'error';

/** One icon for all sessions: connected wins, then connecting, then a failure, else idle. */
export function trayStateOf(states: readonly TunnelState[]): TrayState {
  if (states.some((s) => s.kind === 'connected')) return 'connected';
  if (states.some((s) => CONNECTING_KINDS.includes(s.kind) || s.kind === 'disconnecting')) {
    return 'connecting';
  }
  if (states.some((s) => s.kind === 'failed')) return 'error';
  return 'disconnected';
}

export interface NotificationText {
  title: string;
  body: string;
}

/** What to tell the user about a state change, or undefined for changes not worth a popup. */
export function notificationFor(
  profile: string,
  state: TunnelState,
  previous: TunnelState,
  t: Strings,
  /** The session reached `connected` at some point; a stop before that needs no popup. */
  wasConnected = true,
): NotificationText | undefined {
  switch (state.kind) {
    case 'connected':
      if (previous.kind === 'connected') return undefined;
      return { title: t.connected(profile), body: state.tunnel.ipv4 ?? state.remote.host };
    case 'failed':
      return {
        title: t.failed(profile),
        body: state.reason.hint
          ? `${state.reason.message}. ${state.reason.hint}`
          : state.reason.message,
      };
    case 'reconnecting':
      if (previous.kind !== 'connected') return undefined;
      return { title: t.reconnecting(profile), body: state.reason.message };
    case 'disconnected':
      if (previous.kind !== 'disconnecting' && previous.kind !== 'connected') return undefined;
      // Canceling the sign-in (or stopping a connect) ends quietly: nothing was connected.
      if (!wasConnected) return undefined;
      return { title: t.disconnected(profile), body: '' };
    default:
      return undefined;
  }
}
