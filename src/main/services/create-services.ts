import { dataDir as defaultDataDir, ProfileStore } from '../../core/config';
import { GangwayError } from '../../core/errors';
import { EventHub } from '../ipc/event-hub';
import { AdminService, type IpsecBackend } from './admin-service';
import { coreIpsecBackend } from './ipsec-backend';
import { CredentialService } from './credential-service';
import { LogBook } from './log-book';
import { ProfileService } from './profile-service';
import type { SecretStore } from './secret-store';
import { SessionManager } from './session-manager';
import { SettingsService } from './settings-service';
import type { WorkerLauncher } from './worker-protocol';

export interface ServiceOptions {
  /** Defaults to the profile store's directory: $GANGWAY_HOME, XDG data dir, ~/.local/share. */
  dataDir?: string;
  secrets: SecretStore;
  launchWorker: WorkerLauncher;
  /** Defaults to the real sources (Tencent API, VICI, snapshot files). */
  ipsec?: IpsecBackend;
  /** Where unexpected errors go (never the UI, which gets a generic line). */
  logInternal?: (what: string, err: unknown) => void;
}

export type Services = ReturnType<typeof createServices>;

/** Every main-side service, wired together; the same set runs in Electron main and the dev host. */
export function createServices(opts: ServiceOptions) {
  const dataDir = opts.dataDir ?? defaultDataDir();
  const events = new EventHub((event, err) => opts.logInternal?.(`event ${event}`, err));
  const logs = new LogBook();
  const credentials = new CredentialService(opts.secrets, events);
  const profiles = new ProfileService(
    new ProfileStore(dataDir),
    (name) => credentials.passwordSaved(name),
    events,
    {
      // The session, its log, tray and notifications all go by the profile's name; renaming
      // under a live session would leave it running under a name that no longer exists.
      beforeRename: (from) => {
        if (sessions.isRunning(from)) {
          throw new GangwayError(
            'profile-busy',
            `cannot rename "${from}" while it is connected`,
            'disconnect it first, then rename it',
          );
        }
      },
      onRemoved: async (name) => {
        await credentials.forget(name);
        await followAutoConnect(name, null);
      },
      onRenamed: async (from, to) => {
        await credentials.rename(from, to);
        await followAutoConnect(from, to);
      },
      onIdentityChanged: (name) => credentials.forget(name),
    },
  );
  const sessions = new SessionManager(
    opts.launchWorker,
    (name) => profiles.get(name),
    credentials,
    logs,
    events,
  );
  const settings = new SettingsService(dataDir, events);
  /** The auto-connect choice follows its profile's rename, and is cleared when it is removed. */
  async function followAutoConnect(from: string, to: string | null): Promise<void> {
    if ((await settings.get()).autoConnectProfile === from) {
      await settings.set({ autoConnectProfile: to });
    }
  }
  const admin = new AdminService(dataDir, opts.secrets, opts.ipsec ?? coreIpsecBackend, events);
  return {
    dataDir,
    events,
    logs,
    credentials,
    profiles,
    sessions,
    settings,
    admin,
    secrets: opts.secrets,
  };
}
