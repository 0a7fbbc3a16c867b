/**
 * The About dialog's facts: versions, the helper the app would start, and the licences of the
 * software bundled into the app (collected at build time into dist/licenses.json, because
 * the bundles no longer carry node_modules).
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import type { Strings } from './strings';

export interface BundledLicence {
  name: string;
  version: string;
  license: string;
}

export interface HelperFacts {
  path: string;
  /** First 16 hex digits of the binary's SHA-256: the helper has no version query of its own. */
  sha256?: string;
  builtAt?: string;
}

export function readBundledLicences(file: string): BundledLicence[] {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Array<Partial<BundledLicence>>;
    return parsed
      .filter((l) => typeof l.name === 'string' && typeof l.version === 'string')
      .map((l) => ({ name: l.name!, version: l.version!, license: String(l.license ?? '?') }));
  } catch {
    return [];
  }
}

export function helperFacts(helperPath: string): HelperFacts {
  try {
    const info = statSync(helperPath);
    if (!info.isFile()) return { path: helperPath };
    const sha256 = createHash('sha256').update(readFileSync(helperPath)).digest('hex');
    return { path: helperPath, sha256: sha256.slice(0, 16), builtAt: info.mtime.toISOString() };
  } catch {
    return { path: helperPath };
  }
}

export function aboutDetail(o: {
  versions: { electron?: string; chrome?: string; node: string };
  helper: HelperFacts;
  licences: readonly BundledLicence[];
  strings: Strings;
}): string {
  const t = o.strings.about;
  const runtime = [
    o.versions.electron ? `Electron ${o.versions.electron}` : undefined,
    o.versions.chrome ? `Chromium ${o.versions.chrome}` : undefined,
    `Node.js ${o.versions.node}`,
  ].filter(Boolean);
  const helper = o.helper.sha256
    ? t.helper(o.helper.path, o.helper.sha256, o.helper.builtAt?.slice(0, 10) ?? '?')
    : t.helperMissing(o.helper.path);
  const licences = o.licences.map((l) => `${l.name} ${l.version} (${l.license})`);
  return [
    runtime.join(', '),
    helper,
    '',
    t.licences,
    ...(licences.length ? licences : [t.noLicences]),
  ].join('\n');
}
