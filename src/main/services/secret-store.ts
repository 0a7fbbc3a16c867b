/**
 * Saved secrets (profile passwords, admin API keys). The store logic is one class; what differs
 * per host is the file and the cipher: the app keeps `secrets.json` under Electron's safeStorage
 * (OS keystore), the dev host `devhost-secrets.json` under a key in its own 0600 file
 * (key-file-cipher.ts). They used to share `secrets.json` and erase each other's entries; a store
 * still never overwrites a file written under another scheme.
 */
import { rm } from 'node:fs/promises';
import path from 'node:path';
import { GangwayError } from '../../core/errors';
import { readJsonFile, SerialQueue, writeJsonFile } from './json-file';

export interface SecretStore {
  /** Whether secrets can be saved at all (false when the OS keystore is locked or missing). */
  readonly available: boolean;
  get(key: string): Promise<string | undefined>;
  set(key: string, value: string): Promise<void>;
  delete(key: string): Promise<void>;
  has(key: string): Promise<boolean>;
}

export interface SecretCipher {
  /** Names the scheme in the file, so a file written by another cipher is not misread. */
  readonly scheme: string;
  readonly available: boolean;
  /** Why `available` is false, when the cause is not the OS keystore. */
  readonly unavailableReason?: { message: string; hint: string };
  encrypt(plain: string): string;
  decrypt(stored: string): string;
}

export const plainCipher: SecretCipher = {
  scheme: 'plain-0600',
  available: true,
  encrypt: (s) => s,
  decrypt: (s) => s,
};

const APP_FILE = 'secrets.json';
const DEV_HOST_FILE = 'devhost-secrets.json';
/** Where the dev host kept clear-text secrets before it had its own file. */
export const LEGACY_SHARED_FILE = APP_FILE;

interface SecretsFile {
  scheme: string;
  secrets: Record<string, string>;
}

export class FileSecretStore implements SecretStore {
  private readonly queue = new SerialQueue();

  constructor(
    private readonly file: string,
    private readonly cipher: SecretCipher,
  ) {}

  /** The app's store (and the tests'). */
  static inDir(dir: string, cipher: SecretCipher): FileSecretStore {
    return new FileSecretStore(path.join(dir, APP_FILE), cipher);
  }

  /** The dev host's own file, so that it and the app never overwrite each other. */
  static forDevHost(dir: string, cipher: SecretCipher): FileSecretStore {
    return new FileSecretStore(path.join(dir, DEV_HOST_FILE), cipher);
  }

  /**
   * Moves the entries of an older file written under `legacy` (the dev host's clear-text
   * `secrets.json`) into this store, encrypted, then removes that file. Entries this store
   * already has win. A file under any other scheme (the app's) is left alone.
   */
  adoptLegacy(file: string, legacy: SecretCipher): Promise<number> {
    return this.queue.run(async () => {
      const raw = (await readJsonFile(file)) as SecretsFile | undefined;
      if (!raw || raw.scheme !== legacy.scheme || typeof raw.secrets !== 'object' || !raw.secrets)
        return 0;
      if (!this.cipher.available) return 0;
      const secrets = await this.load();
      let moved = 0;
      for (const [key, stored] of Object.entries(raw.secrets)) {
        if (secrets.has(key) || typeof stored !== 'string') continue;
        secrets.set(key, this.cipher.encrypt(legacy.decrypt(stored)));
        moved++;
      }
      await this.save(secrets);
      await rm(file, { force: true });
      return moved;
    });
  }

  get available(): boolean {
    return this.cipher.available;
  }

  /** A Map, so that a key is only ever what the file holds, never an Object.prototype member. */
  private async load(): Promise<Map<string, string>> {
    const raw = (await readJsonFile(this.file)) as SecretsFile | undefined;
    if (!raw) return new Map();
    if (raw.scheme !== this.cipher.scheme || typeof raw.secrets !== 'object' || !raw.secrets) {
      // Written by another host (dev host vs app): not readable here, treat as empty.
      return new Map();
    }
    return new Map(Object.entries(raw.secrets));
  }

  private async save(secrets: Map<string, string>): Promise<void> {
    const current = (await readJsonFile(this.file)) as SecretsFile | undefined;
    if (current && typeof current === 'object' && current.scheme !== this.cipher.scheme) {
      throw new GangwayError(
        'state-corrupt',
        `${this.file} holds secrets saved under another scheme (${String(current.scheme)}); they are left as they are`,
        'start the dev host once to move its secrets to its own file, or remove this file',
      );
    }
    await writeJsonFile(this.file, {
      scheme: this.cipher.scheme,
      secrets: Object.fromEntries(secrets),
    } satisfies SecretsFile);
  }

  async get(key: string): Promise<string | undefined> {
    const stored = (await this.load()).get(key);
    return stored === undefined ? undefined : this.cipher.decrypt(stored);
  }

  async has(key: string): Promise<boolean> {
    return (await this.load()).has(key);
  }

  set(key: string, value: string): Promise<void> {
    if (!this.cipher.available) {
      const why = this.cipher.unavailableReason ?? {
        message: 'passwords cannot be saved: the system keystore is not available',
        hint: 'unlock your keyring (GNOME Keyring, KWallet) or enter the password each time',
      };
      return Promise.reject(new GangwayError('keystore-unavailable', why.message, why.hint));
    }
    return this.queue.run(async () => {
      const secrets = await this.load();
      secrets.set(key, this.cipher.encrypt(value));
      await this.save(secrets);
    });
  }

  delete(key: string): Promise<void> {
    return this.queue.run(async () => {
      const secrets = await this.load();
      if (!secrets.delete(key)) return;
      await this.save(secrets);
    });
  }
}
