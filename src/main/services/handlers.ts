import { GangwayError } from '../../core/errors';
import { ProfileExistsError } from './profile-service';
import type { Handlers } from '../ipc/dispatch';
import type { Services } from './create-services';

/** What differs between Electron and the dev host. */
export interface HostCapabilities {
  host: 'electron' | 'devhost';
  version: string;
  /** Native open dialog; resolves the chosen path or undefined when canceled. */
  pickProfileFile?: () => Promise<string | undefined>;
  /** Native save dialog; resolves where the file was written, or undefined when canceled. */
  saveTextFile?: (suggestedName: string, text: string) => Promise<string | undefined>;
  /** Login items exist on this host. */
  launchAtLogin: boolean;
}

function noDialog(): never {
  throw new GangwayError(
    'not-available',
    'file dialogs are only available in the desktop app',
    'drop the file on the window or paste its text instead',
  );
}

/** The schema's handler table over the services: thin, every decision lives in a service. */
export function createHandlers(s: Services, host: HostCapabilities): Handlers {
  return {
    'profiles.list': () => s.profiles.list(),
    'profiles.import': (req) => s.profiles.import(req),
    'profiles.importWithDialog': async () => {
      if (!host.pickProfileFile) noDialog();
      const path = await host.pickProfileFile();
      if (path === undefined) return { outcome: 'canceled' };
      try {
        return { outcome: 'imported', result: await s.profiles.import({ from: 'path', path }) };
      } catch (err) {
        if (err instanceof ProfileExistsError) {
          return { outcome: 'exists', name: err.profileName, path };
        }
        throw err;
      }
    },
    'profiles.rename': (req) => s.profiles.rename(req.from, req.to),
    'profiles.remove': async (req) => {
      await s.sessions.disconnect(req.name);
      await s.profiles.remove(req.name);
    },

    'session.connect': (req) => s.sessions.connect(req.name),
    'session.disconnect': (req) => s.sessions.disconnect(req.name),
    'session.state': async () => s.sessions.list(),

    'credentials.pending': async () => s.credentials.open(),
    'credentials.submit': async (req) => {
      await s.credentials.submit(req);
      // The profile list carries "password saved": the UI shows it and offers Forget.
      if (req.remember) s.events.emit('profiles.changed', await s.profiles.list());
    },
    'credentials.cancel': (req) => s.sessions.cancelCredentials(req.requestId),
    'credentials.forget': async (req) => {
      await s.credentials.forget(req.name);
      s.events.emit('profiles.changed', await s.profiles.list());
    },

    'logs.get': async (req) => {
      s.sessions.profileOf(req.sessionId);
      return s.logs.get(req.sessionId);
    },
    'logs.export': async (req) => {
      const profile = s.sessions.profileOf(req.sessionId);
      const stamp = new Date().toISOString().replace(/[:.]/g, '-');
      const fileName = `gangway-${profile}-${stamp}.log`.replace(/[^\p{L}\p{N}._-]/gu, '_');
      const text = s.logs.exportText(
        req.sessionId,
        `# Gangway ${host.version} log, profile "${profile}", session ${req.sessionId} (secrets redacted)`,
      );
      const savedTo = host.saveTextFile
        ? ((await host.saveTextFile(fileName, text)) ?? null)
        : null;
      return { fileName, text, savedTo };
    },

    'settings.get': () => s.settings.get(),
    'settings.set': (req) => s.settings.set(req),

    'app.info': async () => ({
      name: 'Gangway',
      version: host.version,
      platform: process.platform,
      host: host.host,
      dataDir: s.dataDir,
      capabilities: {
        nativeDialogs: host.pickProfileFile !== undefined,
        launchAtLogin: host.launchAtLogin,
        savedPasswords: s.secrets.available,
      },
    }),

    'admin.listSources': () => s.admin.list(),
    'admin.addSource': (req) => s.admin.add(req),
    'admin.removeSource': (req) => s.admin.remove(req.sourceId),
    'admin.status': (req) => s.admin.status(req.sourceId),
    'admin.initiate': (req) => s.admin.initiate(req),
    'admin.terminate': (req) => s.admin.terminate(req),
  };
}
