import { chmod, link, readFile, readdir, rename, rm, unlink } from 'node:fs/promises';
import path from 'node:path';
import { GangwayError } from '../errors';
import { dataDirError, makeDirectories } from './data-dir-error';
import { assertValidName, fileNameFor } from './names';
import { writePrivateTemp } from './private-file';
import { dataDir, profilesDir } from './paths';
import type { Profile } from './profile';

/**
 * Profiles on disk, one JSON file each, shared by the CLI and the Electron app. The directory is
 * 0700 and every file 0600, since profiles hold private keys. Every change is a write to a
 * temporary file followed by an atomic link or rename, so a crash or a failed import never
 * leaves a half-written or half-renamed profile behind.
 */

const FORMAT = 1;

interface StoredFile {
  format: number;
  profile: Profile;
}

export class ProfileNotFoundError extends GangwayError {
  constructor(name: string) {
    super(
      'bad-input',
      `no profile named "${name}"`,
      'run `gangway list` to see the stored profiles',
    );
  }
}

export class ProfileExistsError extends GangwayError {
  constructor(readonly profileName: string) {
    super(
      'bad-input',
      `a profile named "${profileName}" already exists`,
      'choose another name with --name',
    );
  }
}

const isMissing = (err: unknown): boolean => (err as NodeJS.ErrnoException).code === 'ENOENT';

export class ProfileStore {
  readonly dir: string;

  constructor(readonly root: string = dataDir()) {
    this.dir = profilesDir(root);
  }

  private pathFor(name: string): string {
    return path.join(this.dir, fileNameFor(name));
  }

  private async ensureDir(): Promise<void> {
    try {
      await makeDirectories(this.dir, 0o700, this.root);
      // mkdir's mode is filtered by the umask and ignored for existing directories.
      await chmod(this.dir, 0o700);
    } catch (err) {
      throw dataDirError(err, this.root);
    }
  }

  async list(): Promise<Profile[]> {
    let entries: string[];
    try {
      entries = await readdir(this.dir);
    } catch (err) {
      if (isMissing(err)) return [];
      throw dataDirError(err, this.root);
    }
    const profiles: Profile[] = [];
    for (const entry of entries) {
      if (!entry.endsWith('.json') || entry.startsWith('.')) continue;
      try {
        profiles.push(await this.readFile(path.join(this.dir, entry)));
      } catch (err) {
        // Another process (the CLI next to the app) removed it since readdir: it is simply gone.
        if (err instanceof ProfileNotFoundError) continue;
        throw err;
      }
    }
    return profiles.sort((a, b) => a.name.localeCompare(b.name));
  }

  async has(name: string): Promise<boolean> {
    assertValidName(name);
    try {
      await this.readFile(this.pathFor(name));
      return true;
    } catch (err) {
      if (err instanceof ProfileNotFoundError) return false;
      throw err;
    }
  }

  async get(name: string): Promise<Profile> {
    assertValidName(name);
    const profile = await this.readFile(this.pathFor(name), name);
    if (profile.name !== name) throw new ProfileNotFoundError(name);
    return profile;
  }

  /** Stores a new profile; with `replace`, overwrites one of the same name. */
  async save(profile: Profile, opts: { replace?: boolean } = {}): Promise<void> {
    assertValidName(profile.name);
    await this.ensureDir();
    const target = this.pathFor(profile.name);
    await this.writeAtomically(target, profile, opts.replace === true);
  }

  async remove(name: string): Promise<void> {
    assertValidName(name);
    try {
      await unlink(this.pathFor(name));
    } catch (err) {
      if (isMissing(err)) throw new ProfileNotFoundError(name);
      throw dataDirError(err, this.root);
    }
  }

  /** Renames a profile; the new name must be free. */
  async rename(from: string, to: string): Promise<void> {
    assertValidName(to);
    const profile = await this.get(from);
    await this.ensureDir();
    await this.writeAtomically(this.pathFor(to), { ...profile, name: to }, false);
    await unlink(this.pathFor(from));
  }

  private async readFile(file: string, name?: string): Promise<Profile> {
    let text: string;
    try {
      text = await readFile(file, 'utf8');
    } catch (err) {
      if (isMissing(err)) throw new ProfileNotFoundError(name ?? path.basename(file, '.json'));
      throw dataDirError(err, this.root);
    }
    let stored: StoredFile;
    try {
      stored = JSON.parse(text) as StoredFile;
    } catch {
      throw new GangwayError(
        'profile-corrupt',
        `the stored profile ${file} is damaged (not JSON)`,
        'remove it and import the profile again',
      );
    }
    if (stored.format !== FORMAT || typeof stored.profile?.name !== 'string') {
      throw new GangwayError(
        'profile-corrupt',
        `the stored profile ${file} has an unknown format`,
        'remove it and import the profile again',
      );
    }
    return stored.profile;
  }

  private async writeAtomically(target: string, profile: Profile, replace: boolean): Promise<void> {
    const body: StoredFile = { format: FORMAT, profile };
    const temp = await writePrivateTemp(this.dir, `${JSON.stringify(body, null, 2)}\n`).catch(
      (err: unknown) => {
        throw dataDirError(err, this.root);
      },
    );
    try {
      if (replace) {
        await rename(temp, target);
      } else {
        // link() fails if the target exists, so two imports of one name cannot both win.
        await link(temp, target).catch((err: NodeJS.ErrnoException) => {
          if (err.code === 'EEXIST') throw new ProfileExistsError(profile.name);
          throw err;
        });
      }
    } finally {
      await rm(temp, { force: true });
    }
  }
}
