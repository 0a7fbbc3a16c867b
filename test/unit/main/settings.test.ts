import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventHub } from '../../../src/main/ipc/event-hub';
import { FileSecretStore, plainCipher } from '../../../src/main/services/secret-store';
import { DEFAULT_SETTINGS, SettingsService } from '../../../src/main/services/settings-service';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'gwe-settings-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('settings persistence', () => {
  it('starts from defaults, persists changes in a 0600 file and announces them', async () => {
    const hub = new EventHub();
    const seen: unknown[] = [];
    hub.subscribe((event, payload) => seen.push([event, payload]));
    const service = new SettingsService(dir, hub);
    expect(await service.get()).toEqual(DEFAULT_SETTINGS);
    const next = await service.set({ language: 'zh-CN', autoConnectProfile: 'office' });
    expect(next).toMatchObject({
      language: 'zh-CN',
      autoConnectProfile: 'office',
      launchAtLogin: false,
    });
    const file = path.join(dir, 'settings.json');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(file, 'utf8'))).toEqual(next);
    expect(await new SettingsService(dir).get()).toEqual(next);
    expect(seen).toEqual([['settings.changed', next]]);
  });

  it('serializes concurrent changes without losing one', async () => {
    const service = new SettingsService(dir);
    await Promise.all([service.set({ killSwitch: true }), service.set({ launchAtLogin: true })]);
    expect(await service.get()).toMatchObject({ killSwitch: true, launchAtLogin: true });
  });

  it('falls back to defaults for a file with bad values', async () => {
    await writeFile(path.join(dir, 'settings.json'), JSON.stringify({ language: 'klingon' }));
    expect(await new SettingsService(dir).get()).toEqual(DEFAULT_SETTINGS);
  });
});

describe('file secret store', () => {
  it('keeps secrets in a 0600 file and forgets them on delete', async () => {
    const store = FileSecretStore.inDir(dir, plainCipher);
    await store.set('k', 'v1');
    expect(await store.get('k')).toBe('v1');
    expect((await stat(path.join(dir, 'secrets.json'))).mode & 0o777).toBe(0o600);
    await store.delete('k');
    expect(await store.has('k')).toBe(false);
  });

  it('does not read secrets written under another scheme', async () => {
    await FileSecretStore.inDir(dir, plainCipher).set('k', 'v1');
    const other = FileSecretStore.inDir(dir, { ...plainCipher, scheme: 'electron-safe-storage' });
    expect(await other.get('k')).toBeUndefined();
  });

  it('refuses to save when the keystore is unavailable', async () => {
    const store = FileSecretStore.inDir(dir, { ...plainCipher, available: false });
    await expect(store.set('k', 'v')).rejects.toMatchObject({ code: 'keystore-unavailable' });
  });
});
