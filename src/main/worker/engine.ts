/**
 * The seam between the worker and the session engine (createSession, src/core/openvpn) plus the
 * Linux TUN provider (src/core/platform/linux): the worker codes against this narrow interface
 * and this file is the one place that wires the real implementation.
 */
import type { Profile } from '../../core/config/profile';
import { createSession } from '../../core/openvpn/session/session';
import { LinuxHelperTunProvider } from '../../core/platform/linux/helper-tun';
import { RouteMonitor } from '../../core/platform/linux/route-monitor';
import type { CredentialRequest, SessionEvent } from '../../shared/tunnel-state';
import type { WorkerCredentials } from '../services/worker-protocol';
import { engineRunsOn } from './platforms';

export interface EngineCredentialProvider {
  request(request: CredentialRequest): Promise<WorkerCredentials | undefined>;
}

export interface EngineSession {
  /** Orderly stop: exit-notify, close the TUN (routes and DNS restored). */
  close(): Promise<void>;
}

export interface EngineStart {
  profile: Profile;
  credentials: EngineCredentialProvider;
  onEvent: (event: SessionEvent) => void;
}

export interface Engine {
  start(opts: EngineStart): EngineSession;
}

/** The OpenVPN engine over the privileged helper (direct when root, through pkexec otherwise). */
export function loadEngine(platform: NodeJS.Platform = process.platform): Engine | undefined {
  if (!engineRunsOn(platform)) return undefined;
  return {
    start({ profile, credentials, onEvent }) {
      const session = createSession({
        profile,
        tun: new LinuxHelperTunProvider(),
        network: new RouteMonitor(),
        credentials,
      });
      session.on(onEvent);
      void session.connect();
      return { close: () => session.disconnect() };
    },
  };
}
