import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { keyFileCipher } from '../../../src/main/services/key-file-cipher';
import { FileSecretStore, plainCipher } from '../../../src/main/services/secret-store';

let dir: string;
const keyFile = () => path.join(dir, 'devhost-secrets.key');
/** Stands in for Electron's safeStorage: a different scheme, as in the app. */
const appCipher = { ...plainCipher, scheme: 'electron-safe-storage' };

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'gw-secret-files-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('the dev host and the app keep separate secret files', () => {
  it('neither erases the other’s entries in a shared data directory', async () => {
    const app = FileSecretStore.inDir(dir, appCipher);
    const devhost = FileSecretStore.forDevHost(dir, keyFileCipher(keyFile()));
    await app.set('profile-password:office', 'app-secret');
    await devhost.set('profile-password:lab', 'devhost-secret');
    await app.set('profile-password:home', 'app-secret-2');
    expect(await devhost.get('profile-password:lab')).toBe('devhost-secret');
    expect(await app.get('profile-password:office')).toBe('app-secret');
    expect(await app.get('profile-password:home')).toBe('app-secret-2');
  });

  it('the dev host encrypts at rest with a key in its own 0600 file', async () => {
    const devhost = FileSecretStore.forDevHost(dir, keyFileCipher(keyFile()));
    await devhost.set('profile-password:lab', 'hunter2-devhost');
    const file = path.join(dir, 'devhost-secrets.json');
    expect(await readFile(file, 'utf8')).not.toContain('hunter2-devhost');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(keyFile())).mode & 0o777).toBe(0o600);
    expect((await stat(keyFile())).size).toBe(32);
    // A second run reads the same key.
    const again = FileSecretStore.forDevHost(dir, keyFileCipher(keyFile()));
    expect(await again.get('profile-password:lab')).toBe('hunter2-devhost');
  });

  it('refuses a key file other users can read, with the reason', async () => {
    keyFileCipher(keyFile());
    await chmod(keyFile(), 0o644);
    const store = FileSecretStore.forDevHost(dir, keyFileCipher(keyFile()));
    expect(store.available).toBe(false);
    await expect(store.set('k', 'v')).rejects.toMatchObject({
      code: 'keystore-unavailable',
      message: expect.stringContaining('readable by other users'),
    });
  });

  it('moves clear-text secrets an older dev host left in secrets.json, and only those', async () => {
    const legacy = path.join(dir, 'secrets.json');
    await writeFile(
      legacy,
      JSON.stringify({ scheme: 'plain-0600', secrets: { 'profile-password:lab': 'old-clear' } }),
      { mode: 0o600 },
    );
    const devhost = FileSecretStore.forDevHost(dir, keyFileCipher(keyFile()));
    expect(await devhost.adoptLegacy(legacy, plainCipher)).toBe(1);
    expect(await devhost.get('profile-password:lab')).toBe('old-clear');
    await expect(stat(legacy)).rejects.toMatchObject({ code: 'ENOENT' });

    // The app's own secrets.json is never taken.
    await FileSecretStore.inDir(dir, appCipher).set('profile-password:office', 'app');
    expect(await devhost.adoptLegacy(legacy, plainCipher)).toBe(0);
    expect(await FileSecretStore.inDir(dir, appCipher).get('profile-password:office')).toBe('app');
  });

  it('a store does not overwrite a file written under another scheme', async () => {
    await FileSecretStore.inDir(dir, plainCipher).set('k', 'kept');
    const app = FileSecretStore.inDir(dir, appCipher);
    await expect(app.set('other', 'x')).rejects.toMatchObject({ code: 'state-corrupt' });
    expect(await FileSecretStore.inDir(dir, plainCipher).get('k')).toBe('kept');
  });
});
