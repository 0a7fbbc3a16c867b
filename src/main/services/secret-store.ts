/**
 * Saved secrets (profile passwords, admin API keys). The store logic is one class; what differs
 * per host is the cipher: Electron's safeStorage (OS keystore) in the app, none in the dev host,
 * whose file is still 0600 like every private key Gangway keeps.
 */
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
  encrypt(plain: string): string;
  decrypt(stored: string): string;
}

export const plainCipher: SecretCipher = {
  scheme: 'plain-0600',
  available: true,
  encrypt: (s) => s,
  decrypt: (s) => s,
};

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

  static inDir(dir: string, cipher: SecretCipher): FileSecretStore {
    return new FileSecretStore(path.join(dir, 'secrets.json'), cipher);
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
      return Promise.reject(
        new GangwayError(
          'keystore-unavailable',
          'passwords cannot be saved: the system keystore is not available',
          'unlock your keyring (GNOME Keyring, KWallet) or enter the password each time',
        ),
      );
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
