import path from 'node:path';
import type { Settings, SettingsPatch } from '../../shared/ipc-schema';
import { settings as settingsValidator } from '../../shared/ipc-views';
import * as v from '../../shared/validate';
import type { EventSink } from '../ipc/event-hub';
import { readJsonFile, SerialQueue, writeJsonFile } from './json-file';

export const DEFAULT_SETTINGS: Settings = {
  launchAtLogin: false,
  autoConnectProfile: null,
  language: 'en',
  killSwitch: false,
};

/** App settings in `settings.json` (0600) under the data directory the profile store uses. */
export class SettingsService {
  private readonly queue = new SerialQueue();
  private readonly file: string;
  private readonly changeHooks: Array<(next: Settings, prev: Settings) => void> = [];

  constructor(
    dataDir: string,
    private readonly events?: EventSink,
  ) {
    this.file = path.join(dataDir, 'settings.json');
  }

  /** Host side effects (login item, tray language) run after each saved change. */
  onChange(hook: (next: Settings, prev: Settings) => void): void {
    this.changeHooks.push(hook);
  }

  async get(): Promise<Settings> {
    const raw = await readJsonFile(this.file);
    if (raw === undefined) return { ...DEFAULT_SETTINGS };
    // Missing keys (older files) take defaults; unknown keys are dropped; bad values refuse.
    const merged = { ...DEFAULT_SETTINGS, ...(raw as object) };
    try {
      return v.parse(settingsValidator, merged, 'settings.json', { allowExtra: true });
    } catch {
      return { ...DEFAULT_SETTINGS };
    }
  }

  set(patch: SettingsPatch): Promise<Settings> {
    return this.queue.run(async () => {
      const prev = await this.get();
      const given = Object.entries(patch).filter(([, value]) => value !== undefined);
      const next: Settings = { ...prev, ...Object.fromEntries(given) };
      await writeJsonFile(this.file, next);
      for (const hook of this.changeHooks) hook(next, prev);
      this.events?.emit('settings.changed', next);
      return next;
    });
  }
}
