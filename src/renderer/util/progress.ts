import type { RemoteEndpoint, TunnelState } from '../../shared/tunnel-state';
import { isBusy, stageStep } from './stage';

/**
 * What the stage indicator shows across one connect: which attempt this is and the furthest
 * step reached in it. Within an attempt the step only moves forward; when the engine starts
 * over (sign-in retry, next remote, reconnect) that is a new attempt, labelled as one.
 */
export interface ConnectProgress {
  /** 1-based. */
  attempt: number;
  /** Furthest step of the connect sequence reached in this attempt; 0 before the first. */
  step: number;
  /** The remote being tried, kept through states that do not name one (reconnecting). */
  remote?: RemoteEndpoint;
}

export function advanceProgress(
  previous: ConnectProgress | undefined,
  state: TunnelState,
): ConnectProgress | undefined {
  if (!isBusy(state) || state.kind === 'disconnecting') return undefined;
  const remote = 'remote' in state ? state.remote : previous?.remote;
  const withRemote = (p: ConnectProgress): ConnectProgress => (remote ? { ...p, remote } : p);
  // Waiting for the user is not a network stage: it keeps whatever step was reached.
  const step = state.kind === 'awaiting-credentials' ? undefined : stageStep(state)?.step;
  if (!previous) return withRemote({ attempt: 1, step: step ?? 0 });
  if (state.kind === 'reconnecting') return withRemote({ attempt: previous.attempt + 1, step: 0 });
  if (step === undefined) return withRemote(previous);
  if (step < previous.step) return withRemote({ attempt: previous.attempt + 1, step });
  return withRemote({ attempt: previous.attempt, step });
}

/** "remote 2 of 3" position of `remote` among the profile's remotes, when it is one of them. */
export function remoteIndex(
  remotes: ReadonlyArray<{ host: string; port: number; proto: string }>,
  remote: RemoteEndpoint,
): number | undefined {
  const i = remotes.findIndex(
    (r) => r.host === remote.host && r.port === remote.port && r.proto === remote.proto,
  );
  return i < 0 ? undefined : i + 1;
}
