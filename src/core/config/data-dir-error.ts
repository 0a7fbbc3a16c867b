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
  return new GangwayError(
    'data-dir-unusable',
    `the Gangway data directory ${root} cannot be used: ${reason}`,
    'set GANGWAY_HOME to a directory you can write, or fix this one',
  );
}
