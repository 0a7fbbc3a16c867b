import { randomUUID } from 'node:crypto';
import { open } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes `text` to a new 0600 file in `dir` and flushes it to disk; returns its path. The
 * first half of every atomic save (profiles, settings, secrets): the caller then renames or
 * links it into place and removes it whatever happens.
 */
export async function writePrivateTemp(dir: string, text: string): Promise<string> {
  const temp = path.join(dir, `.${randomUUID()}.tmp`);
  const handle = await open(temp, 'wx', 0o600);
  try {
    // The mode given to open() is narrowed by the umask, never widened; chmod makes it exact.
    await handle.chmod(0o600);
    await handle.writeFile(text);
    await handle.sync();
  } finally {
    await handle.close();
  }
  return temp;
}
