/**
 * The seam between the worker and the session engine (src/core/openvpn, by the session
 * engineer) plus the Linux TUN provider (src/core/platform/linux). The worker codes against this
 * narrow interface; `loadEngine` is the one place that wires the real implementation.
 */
import type { Profile } from '../../core/config/profile';
import type { CredentialRequest, SessionEvent } from '../../shared/tunnel-state';
import type { WorkerCredentials } from '../services/worker-protocol';

export interface EngineCredentialProvider {
  request(request: CredentialRequest): Promise<WorkerCredentials | undefined>;
}

export interface EngineSession {
  onEvent(listener: (event: SessionEvent) => void): void;
  /** Orderly stop: exit-notify, close the TUN (routes and DNS restored). */
  close(): Promise<void>;
}

export interface Engine {
  start(opts: { profile: Profile; credentials: EngineCredentialProvider }): EngineSession;
}

/**
 * The real engine is not in the tree yet (createSession and LinuxHelperTunProvider have not
 * landed); until they do, connecting fails with a reason that says so rather than pretending.
 */
export function loadEngine(): Engine | undefined {
  return undefined;
}
