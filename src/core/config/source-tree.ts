import { readFileSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { ConfigError } from '../errors';

/**
 * Where the files a config names (`ca ca.crt`) come from: the config's directory, the zip the
 * config sits in, or nowhere (pasted text). References resolve relative to the config.
 */
export interface SourceTree {
  /** How messages name the config itself, e.g. `bundle.zip!sub/client.ovpn`. */
  readonly configLabel: string;
  /** Bytes of a referenced file; throws ConfigError at `line` of the config when unreadable. */
  read(ref: string, line: number): Uint8Array;
}

/** Largest key or certificate file we read: real ones are a few kilobytes. */
export const MAX_REFERENCED_FILE_BYTES = 1024 * 1024;

export class DirectoryTree implements SourceTree {
  constructor(
    readonly configLabel: string,
    private readonly configDir: string,
  ) {}

  read(ref: string, line: number): Uint8Array {
    const full = path.resolve(this.configDir, ref);
    const fail = (why: string): never => {
      throw new ConfigError({ file: this.configLabel, line }, `cannot read "${ref}": ${why}`);
    };
    // A config from someone else must not pull in arbitrary local files: `auth-user-pass
    // /etc/shadow` would otherwise send a line of it to the server as the user name.
    const outside = (target: string, base: string): boolean => {
      const rel = path.relative(base, target);
      return rel === '..' || rel.startsWith(`..${path.sep}`) || path.isAbsolute(rel);
    };
    const OUTSIDE = "only files in the config's folder are read (copy the file next to the config)";
    if (outside(full, this.configDir)) fail(OUTSIDE);
    let size: number;
    try {
      if (outside(realpathSync(full), realpathSync(this.configDir))) fail(OUTSIDE);
      const stat = statSync(full);
      if (!stat.isFile()) fail('not a regular file');
      size = stat.size;
    } catch (err) {
      if (err instanceof ConfigError) throw err;
      return fail(errnoText(err));
    }
    if (size > MAX_REFERENCED_FILE_BYTES) fail('larger than 1 MiB, not a key or certificate');
    try {
      return readFileSync(full);
    } catch (err) {
      return fail(errnoText(err));
    }
  }
}

/** Pasted text has no directory: every reference must be an inline block. */
export class NoFilesTree implements SourceTree {
  constructor(readonly configLabel: string) {}

  read(ref: string, line: number): never {
    throw new ConfigError(
      { file: this.configLabel, line },
      `cannot read "${ref}": a pasted or dropped config has no folder; put the file's contents in an inline block, or import the config from its folder`,
    );
  }
}

export function errnoText(err: unknown): string {
  const code = (err as NodeJS.ErrnoException | undefined)?.code;
  if (code === 'ENOENT') return 'no such file';
  if (code === 'EACCES' || code === 'EPERM') return 'permission denied';
  if (code === 'EISDIR') return 'it is a directory';
  return err instanceof Error ? err.message : String(err);
}
