import { constants } from 'node:fs';
import { open } from 'node:fs/promises';

/**
 * The one way Gangway reads a file a user names (a profile to import, an IPsec snapshot, a
 * password file): only a regular file, only up to a size bound. `/dev/zero` would otherwise be
 * read until memory runs out, and a FIFO would block the read (and a thread of libuv's pool)
 * until someone writes to it.
 *
 * The file is opened with O_NONBLOCK so that opening a FIFO returns at once instead of waiting
 * for a writer, and the checks use fstat on that descriptor, so the file cannot be swapped for
 * another between the check and the read. The read stops one byte past the size fstat gave,
 * so a file that grows after the check cannot make it read more.
 */

/** Password and auth files (--auth-file, --p12-password-file) hold a line or two. */
export const MAX_PASSWORD_FILE_BYTES = 64 * 1024;

export class RegularFileError extends Error {
  constructor(
    /** What is wrong, phrased to follow the file name: "not a regular file". */
    readonly reason: string,
    readonly errno?: string,
  ) {
    super(reason);
    this.name = 'RegularFileError';
  }
}

function errnoReason(err: unknown): RegularFileError {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return new RegularFileError('no such file', code);
  if (code === 'EACCES' || code === 'EPERM') return new RegularFileError('permission denied', code);
  if (code === 'EISDIR') return new RegularFileError('it is a directory', code);
  if (code === 'ELOOP') return new RegularFileError('too many symbolic links', code);
  return new RegularFileError(err instanceof Error ? err.message : String(err), code);
}

/** Human form of a byte bound: "16 MiB", "64 KiB", "100 bytes". */
export function byteLimitText(maxBytes: number): string {
  if (maxBytes >= 1024 * 1024 && maxBytes % (1024 * 1024) === 0)
    return `${maxBytes / (1024 * 1024)} MiB`;
  if (maxBytes >= 1024 && maxBytes % 1024 === 0) return `${maxBytes / 1024} KiB`;
  return `${maxBytes} bytes`;
}

/**
 * Reads a regular file of at most `maxBytes` bytes. Throws RegularFileError (never anything
 * else) with a reason the caller puts after the file name in its own typed error.
 */
export async function readRegularFile(file: string, maxBytes: number): Promise<Buffer> {
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (err) {
    throw errnoReason(err);
  }
  try {
    const info = await handle.stat();
    if (info.isDirectory()) throw new RegularFileError('it is a directory');
    if (!info.isFile()) throw new RegularFileError('not a regular file');
    if (info.size > maxBytes) throw new RegularFileError(`larger than ${byteLimitText(maxBytes)}`);
    // One byte more than stat promised: finding it means the file grew while we read it, and
    // the read stays bounded either way.
    const buf = Buffer.alloc(info.size + 1);
    let filled = 0;
    while (filled < buf.length) {
      const { bytesRead } = await handle.read(buf, filled, buf.length - filled, filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    if (filled > info.size) throw new RegularFileError('changed while it was read; try again');
    return buf.subarray(0, filled);
  } catch (err) {
    if (err instanceof RegularFileError) throw err;
    throw errnoReason(err);
  } finally {
    await handle.close();
  }
}
