import { chmod, readFile, rename, rm } from 'node:fs/promises';
import path from 'node:path';
import { dataDirError, makeDirectories } from '../../core/config/data-dir-error';
import { writePrivateTemp } from '../../core/config/private-file';
import { GangwayError } from '../../core/errors';

/**
 * Small JSON state files (settings, secrets, admin sources): 0600 in a 0700 directory, written
 * to a temporary file and renamed, so a crash never leaves half a file.
 */

export async function readJsonFile(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw dataDirError(err, path.dirname(file));
  }
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new GangwayError(
      'state-corrupt',
      `${file} is damaged (not JSON)`,
      'remove the file; Gangway recreates it with defaults',
    );
  }
}

export async function writeJsonFile(file: string, value: unknown): Promise<void> {
  const dir = path.dirname(file);
  const temp = await makeDirectories(dir, 0o700)
    .then(() => writePrivateTemp(dir, `${JSON.stringify(value, null, 2)}\n`))
    .catch((err: unknown) => {
      throw dataDirError(err, dir);
    });
  try {
    await rename(temp, file);
    await chmod(file, 0o600);
  } finally {
    await rm(temp, { force: true });
  }
}

/** Serializes async read-modify-write cycles on one file. */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const next = this.tail.then(task, task);
    this.tail = next.catch(() => undefined);
    return next;
  }
}
