import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the deb installs the helper (the polkit policy's exec.path names it). */
export const INSTALLED_HELPER_PATH = '/usr/lib/gangway/gangway-helper';

/**
 * Finds gangway-helper: $GANGWAY_HELPER; else `helper/build/gangway-helper` in a checkout,
 * searched upwards from this module (works from src/ and from the dist/ bundles); else next to
 * a packaged app's resources (`process.resourcesPath`, set by Electron, read without importing
 * it); else the installed path. Returns the first that exists, or the installed path.
 */
export function defaultHelperPath(env: NodeJS.ProcessEnv = process.env): string {
  if (env.GANGWAY_HELPER) return env.GANGWAY_HELPER;
  const candidates: string[] = [];
  let dir = path.dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    candidates.push(path.join(dir, 'helper', 'build', 'gangway-helper'));
    dir = path.dirname(dir);
  }
  const resourcesPath = (process as { resourcesPath?: string }).resourcesPath;
  if (resourcesPath) candidates.push(path.join(resourcesPath, 'gangway-helper'));
  return candidates.find((c) => existsSync(c)) ?? INSTALLED_HELPER_PATH;
}
