import { mkdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { GangwayError } from '../errors';

/**
 * The file-system errors that mean the data directory itself cannot be used ($GANGWAY_HOME is
 * a file, not writable, on a read-only or full disk), each with the words a user acts on.
 */
const REASONS: ReadonlyMap<string, string> = new Map([
  ['ENOTDIR', 'it, or a folder on its path, is a file and not a directory'],
  ['EEXIST', 'it, or a folder on its path, is a file and not a directory'],
  ['EISDIR', 'a folder stands where a profile file should be'],
  ['EACCES', 'permission denied'],
  ['EPERM', 'permission denied'],
  ['EROFS', 'the file system is read-only'],
  ['ENOSPC', 'the disk is full'],
  ['EDQUOT', 'the disk quota is used up'],
  ['ELOOP', 'a symbolic link on its path loops'],
  ['ENAMETOOLONG', 'its path is too long'],
]);

/**
 * `err` as a clear GangwayError when it says the data directory `root` is unusable; any other
 * error (a missing file the caller expects, a programming error) is returned as it was.
 */
export function dataDirError(err: unknown, root: string): unknown {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  const reason = code === undefined ? undefined : REASONS.get(code);
  if (reason === undefined) return err;
  return unusable(root, reason);
}

function unusable(root: string, reason: string): GangwayError {
  return new GangwayError(
    'data-dir-unusable',
    `the Gangway data directory ${root} cannot be used: ${reason}`,
    'set GANGWAY_HOME to a directory you can write, or fix this one',
  );
}

const codeOf = (err: unknown): string | undefined => (err as NodeJS.ErrnoException).code;

/**
 * `mkdir -p dir`, one level at a time, with `mode` for what it creates. Node's recursive mkdir
 * retries forever when the kernel answers ENOENT for a directory whose parent exists (procfs
 * does, under /proc/self), so GANGWAY_HOME=/proc/self/x hung; here that is an error.
 */
export async function makeDirectories(dir: string, mode: number, root = dir): Promise<void> {
  const missing: string[] = [];
  for (let current = path.resolve(dir); ; current = path.dirname(current)) {
    try {
      if (!(await stat(current)).isDirectory()) throw dataDirError({ code: 'ENOTDIR' }, root);
      break;
    } catch (err) {
      if (codeOf(err) !== 'ENOENT') throw dataDirError(err, root);
    }
    missing.push(current);
    if (path.dirname(current) === current) break;
  }
  for (const directory of missing.reverse()) {
    try {
      await mkdir(directory, { mode });
    } catch (err) {
      // Made meanwhile by another process: fine, as with mkdir -p.
      if (codeOf(err) === 'EEXIST') continue;
      if (codeOf(err) === 'ENOENT') throw unusable(root, `${directory} cannot be created there`);
      throw dataDirError(err, root);
    }
  }
}
