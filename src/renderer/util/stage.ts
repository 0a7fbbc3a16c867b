import { CONNECTING_KINDS, type TunnelState } from '../../shared/tunnel-state';
import type { Translate } from '../i18n/i18n';

/** The stages a first connection walks through, for the "step n of m" progress. */
const PROGRESS: readonly TunnelState['kind'][] = [
  'resolving',
  'connecting',
  'tls-handshake',
  'authenticating',
  'getting-config',
  'configuring',
];

export function isBusy(state: TunnelState): boolean {
  return CONNECTING_KINDS.includes(state.kind) || state.kind === 'disconnecting';
}

/** Whether the connect switch is "on": the user wants this profile connected. */
export function isOn(state: TunnelState): boolean {
  return state.kind === 'connected' || CONNECTING_KINDS.includes(state.kind);
}

/** The state in plain words, as a user would say it. */
export function stageText(state: TunnelState, t: Translate): string {
  switch (state.kind) {
    case 'connecting':
      return state.attempt > 1
        ? t('stage.connectingAttempt', { attempt: state.attempt })
        : t('stage.connecting');
    case 'reconnecting': {
      // The engine's message is English; the reasons a user meets on a laptop are translated.
      const code = state.reason.code;
      const reason =
        code === 'network-changed' || code === 'woke-from-sleep'
          ? t(`reconnect.${code}`)
          : state.reason.message;
      const seconds = Math.ceil(state.delayMs / 1000);
      return seconds > 0
        ? t('stage.reconnecting', { seconds, reason })
        : t('stage.reconnectingNow', { reason });
    }
    default:
      return t(`stage.${state.kind}`);
  }
}

/** 1-based position in the connect sequence, or undefined when not walking it. */
export function stageStep(state: TunnelState): { step: number; total: number } | undefined {
  const kind = state.kind === 'awaiting-credentials' ? 'authenticating' : state.kind;
  const index = PROGRESS.indexOf(kind);
  return index < 0 ? undefined : { step: index + 1, total: PROGRESS.length };
}
