import path from 'node:path';
import { ConfigError } from '../errors';
import { readRegularFile, RegularFileError } from '../regular-file';
import { buildProfile } from './build-profile';
import { decodeConfigBytes } from './lexer';
import { looksLikeDer, looksLikeJson, looksLikeZip } from './magic';
import { nameFromFileName, nameProblem } from './names';
import { parseConfigText } from './parse-config';
import type { Profile } from './profile';
import { DirectoryTree, NoFilesTree, type SourceTree } from './source-tree';
import { parseTencentJson, tencentConfigText } from './tencent';
import { readZip } from './zip';
import { findEntryConfig, ZipTree } from './zip-tree';

/**
 * The three ways a profile arrives (a path, dropped bytes, pasted text), all normalized into one
 * self-contained Profile. Nothing here touches the store: callers save the result.
 */

export interface ImportOptions {
  /** Profile name; defaults to the file name without its extension. */
  name?: string;
  /** Password for a `pkcs12` bundle; without it the empty password is tried. */
  p12Password?: string;
  /** Clock for certificate expiry warnings. */
  now?: Date;
}

export interface ImportResult {
  profile: Profile;
  warnings: string[];
}

/** Imported files larger than this are not VPN profiles (real ones are a few kilobytes). */
export const MAX_IMPORT_BYTES = 8 * 1024 * 1024;
const MAX_CONFIG_BYTES = 1024 * 1024;

export async function importProfileFromPath(
  filePath: string,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  const fail = (why: string): never => {
    throw new ConfigError({ file: filePath }, why);
  };
  let bytes: Uint8Array;
  try {
    bytes = await readRegularFile(filePath, MAX_IMPORT_BYTES);
  } catch (err) {
    // Read errors (no such file, permission denied) say "cannot read"; a file of the wrong
    // kind or size is named as such.
    const reason = err instanceof RegularFileError ? err.reason : String(err);
    if (err instanceof RegularFileError && err.errno === undefined)
      return fail(
        reason.startsWith('larger than') ? `${reason}; that is not a VPN profile` : reason,
      );
    return fail(`cannot read: ${reason}`);
  }
  const dir = path.dirname(filePath);
  return importBytes(
    bytes,
    filePath,
    (label) => new DirectoryTree(label, dir),
    path.resolve(filePath),
    opts,
  );
}

/** Dropped or uploaded bytes (zip, .ovpn, Tencent JSON); there is no folder to read siblings from. */
export async function importProfileFromBytes(
  bytes: Uint8Array,
  fileName: string,
  opts: ImportOptions = {},
): Promise<ImportResult> {
  if (bytes.length > MAX_IMPORT_BYTES) {
    throw new ConfigError(
      { file: fileName },
      `larger than ${MAX_IMPORT_BYTES} bytes; that is not a VPN profile`,
    );
  }
  return importBytes(bytes, fileName, (label) => new NoFilesTree(label), fileName, opts);
}

/** Pasted config text (or pasted Tencent JSON). */
export async function importProfileFromText(
  text: string,
  opts: ImportOptions & { sourceName?: string } = {},
): Promise<ImportResult> {
  const label = opts.sourceName ?? 'pasted text';
  const bytes = new TextEncoder().encode(text);
  return importBytes(bytes, label, (l) => new NoFilesTree(l), label, opts, 'text');
}

function importBytes(
  bytes: Uint8Array,
  label: string,
  makeTree: (configLabel: string) => SourceTree,
  sourcePath: string,
  opts: ImportOptions,
  textForm: Profile['source']['form'] = 'file',
): ImportResult {
  const name = opts.name ?? nameFromFileName(label);
  const problem = nameProblem(name);
  if (problem) throw new ConfigError({ file: label }, `invalid profile name "${name}": ${problem}`);

  const decodeWarnings: string[] = [];
  let text: string;
  let tree: SourceTree;
  let form: Profile['source']['form'];
  if (looksLikeZip(bytes)) {
    const files = readZip(bytes, label);
    const entry = findEntryConfig(files, label);
    tree = new ZipTree(files, label, entry);
    text = decodeConfigBytes(
      limitConfig(files.get(entry) as Uint8Array, tree.configLabel),
      tree.configLabel,
      decodeWarnings,
    );
    form = 'zip';
  } else if (/\.(p12|pfx)$/i.test(label) || looksLikeDer(bytes)) {
    throw new ConfigError(
      { file: label },
      'a PKCS#12 file alone is not a profile: import the .ovpn config that names it with "pkcs12"',
    );
  } else {
    text = decodeConfigBytes(limitConfig(bytes, label), label, decodeWarnings);
    if (looksLikeJson(text)) {
      text = tencentConfigText(parseTencentJson(text, label));
      tree = new NoFilesTree(`${label}!SslVpnClientConfiguration`);
      form = 'tencent-json';
    } else {
      tree = makeTree(label);
      form = textForm;
    }
  }

  const parsed = parseConfigText(text, tree);
  const draft = parsed.draft;
  const warnings = decodeWarnings.concat(parsed.warnings);
  const profile = buildProfile(
    draft,
    {
      name,
      configLabel: tree.configLabel,
      source: { path: sourcePath, form, importedAt: (opts.now ?? new Date()).toISOString() },
      ...(opts.p12Password !== undefined ? { p12Password: opts.p12Password } : {}),
      now: opts.now ?? new Date(),
    },
    warnings,
  );
  const shown = capWarnings(profile.warnings);
  return { profile: { ...profile, warnings: shown }, warnings: shown };
}

/** More warnings than anyone reads: a hostile config can make one per line, 300 000 of them. */
export const MAX_IMPORT_WARNINGS = 100;

function capWarnings(warnings: string[]): string[] {
  if (warnings.length <= MAX_IMPORT_WARNINGS) return warnings;
  const kept = warnings.slice(0, MAX_IMPORT_WARNINGS - 1);
  kept.push(`… and ${warnings.length - kept.length} more warnings`);
  return kept;
}

function limitConfig(bytes: Uint8Array, label: string): Uint8Array {
  if (bytes.length > MAX_CONFIG_BYTES) {
    throw new ConfigError({ file: label }, `the config is larger than ${MAX_CONFIG_BYTES} bytes`);
  }
  return bytes;
}
