import { randomUUID } from 'node:crypto';
import { open, rm } from 'node:fs/promises';
import path from 'node:path';

/**
 * Writes `text` to a new 0600 file in `dir` and flushes it to disk; returns its path. The
 * first half of every atomic save (profiles, settings, secrets): the caller then renames or
 * links it into place and removes it whatever happens.
 */
export async function writePrivateTemp(dir: string, text: string): Promise<string> {
  const temp = path.join(dir, `.${randomUUID()}.tmp`);
  const handle = await open(temp, 'wx', 0o600);
  let closing = false;
  try {
    // The mode given to open() is narrowed by the umask, never widened; chmod makes it exact.
    await handle.chmod(0o600);
    await handle.writeFile(text);
    await handle.sync();
    closing = true;
    await handle.close();
  } catch (err) {
    // A full disk or an I/O error: the caller never learns the name, so remove the file here.
    if (!closing) await handle.close().catch(() => undefined);
    await rm(temp, { force: true }).catch(() => undefined);
    throw err;
  }
  return temp;
}
