import path from 'node:path';
import { ConfigError } from '../errors';
import type { SourceTree } from './source-tree';
import type { ZipFiles } from './zip';

const CONFIG_EXTENSIONS = /\.(ovpn|conf)$/i;

/** macOS adds `__MACOSX/._name` resource forks to zips it makes; they are not configs. */
const isMacResourceFork = (name: string): boolean =>
  name.startsWith('__MACOSX/') || path.posix.basename(name).startsWith('._');

const stem = (name: string): string => name.replace(CONFIG_EXTENSIONS, '');
const sameText = (a: Uint8Array | undefined, b: Uint8Array | undefined): boolean =>
  a !== undefined &&
  b !== undefined &&
  Buffer.from(a).toString('latin1').replace(/\r/g, '') ===
    Buffer.from(b).toString('latin1').replace(/\r/g, '');

/**
 * Alibaba Cloud's bundles carry the same config twice, as `config.ovpn` (Windows) and
 * `config.conf` (Linux/macOS). Such a pair is one config: keep the `.ovpn`.
 */
function collapsePlatformTwins(configs: string[], files: ZipFiles): string[] {
  const [first, second, ...rest] = [...configs].sort();
  if (rest.length > 0 || !first || !second) return configs;
  const twins = stem(first) === stem(second) && sameText(files.get(first), files.get(second));
  return twins ? [first.endsWith('.ovpn') ? first : second] : configs;
}

/** The single config in a bundle; none or several is an error naming what was found. */
export function findEntryConfig(files: ZipFiles, zipLabel: string): string {
  const configs = collapsePlatformTwins(
    [...files.keys()].filter((n) => CONFIG_EXTENSIONS.test(n) && !isMacResourceFork(n)),
    files,
  );
  if (configs.length === 0) {
    throw new ConfigError({ file: zipLabel }, 'the zip holds no .ovpn or .conf config');
  }
  if (configs.length > 1) {
    throw new ConfigError(
      { file: zipLabel },
      `the zip holds more than one config (${configs.sort().join(', ')}); keep only one`,
    );
  }
  return configs[0] as string;
}

/** Files referenced by a config inside a zip resolve relative to the config, within the zip. */
export class ZipTree implements SourceTree {
  readonly configLabel: string;
  private readonly entryDir: string;

  constructor(
    private readonly files: ZipFiles,
    private readonly zipLabel: string,
    entry: string,
  ) {
    this.configLabel = `${zipLabel}!${entry}`;
    this.entryDir = path.posix.dirname(entry);
  }

  read(ref: string, line: number): Uint8Array {
    const fail = (why: string): never => {
      throw new ConfigError({ file: this.configLabel, line }, `cannot read "${ref}": ${why}`);
    };
    const slashed = ref.replace(/\\/g, '/');
    if (slashed.startsWith('/') || /^[A-Za-z]:/.test(slashed)) {
      fail('a config in a zip may only name files inside the zip');
    }
    const joined = path.posix.normalize(path.posix.join(this.entryDir, slashed));
    if (joined === '..' || joined.startsWith('../')) fail('the path leaves the zip');
    const found = this.files.get(joined);
    if (!found) return fail(`no such file in ${this.zipLabel}`);
    return found;
  }
}
