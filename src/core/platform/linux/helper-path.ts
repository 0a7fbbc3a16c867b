import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** Where the deb installs the helper: the polkit action's exec.path names it. */
export const INSTALLED_HELPER_PATH = '/usr/lib/gangway/gangway-helper';

/** What decides which helper binary runs, and how (passed in so the order can be tested). */
export interface HelperLookup {
  /** Started directly (the engine is root) or through pkexec. */
  elevation: 'direct' | 'pkexec';
  env: NodeJS.ProcessEnv;
  /** A packaged app (Electron's resourcesPath is set and it is not the default app). */
  packaged: boolean;
  /** Where a checkout's `helper/build/gangway-helper` is searched from, upwards. */
  moduleDir: string;
  exists(file: string): boolean;
}

export type HelperLocation =
  | { found: true; path: string; elevation: 'direct' | 'pkexec' }
  | { found: false; message: string; hint: string };

const notInstalled = `the TUN helper is not installed at ${INSTALLED_HELPER_PATH}`;

/** A checkout's own build: helper/build/gangway-helper in this module's directory or above. */
function checkoutBuild(lookup: HelperLookup): string | undefined {
  let dir = lookup.moduleDir;
  for (let i = 0; i < 6; i++) {
    const candidate = path.join(dir, 'helper', 'build', 'gangway-helper');
    if (lookup.exists(candidate)) return candidate;
    dir = path.dirname(dir);
  }
  return undefined;
}

/**
 * Which gangway-helper to run:
 * - through pkexec, only ever INSTALLED_HELPER_PATH, the one file the polkit action lets run
 *   as root: nothing a user can write (a checkout, an AppImage's mount, $GANGWAY_HELPER) is
 *   ever handed to pkexec;
 * - when already root (direct): $GANGWAY_HELPER (root's own choice), else, outside a packaged
 *   app, a checkout's own build, else the installed one. A packaged app never looks in its
 *   resources: it installs the helper with the deb, and an AppImage cannot carry it safely.
 */
export function locateHelper(lookup: HelperLookup): HelperLocation {
  const { env, exists } = lookup;
  if (lookup.elevation === 'pkexec') {
    if (exists(INSTALLED_HELPER_PATH))
      return { found: true, path: INSTALLED_HELPER_PATH, elevation: 'pkexec' };
    if (env.APPIMAGE)
      return {
        found: false,
        message: notInstalled,
        hint:
          "An AppImage cannot carry Gangway's root helper safely; install it from Gangway's .deb of " +
          'the same version (sudo apt install ./gangway_<version>_amd64.deb installs the helper and ' +
          'its polkit action), then connect again.',
      };
    const own = lookup.packaged ? undefined : checkoutBuild(lookup);
    return {
      found: false,
      message: notInstalled,
      hint: own
        ? `pkexec runs only the installed helper; to use this checkout's build (${own}), run as root.`
        : 'Reinstall Gangway (its .deb installs the helper and its polkit action).',
    };
  }
  const candidates = [
    env.GANGWAY_HELPER,
    lookup.packaged ? undefined : checkoutBuild(lookup),
    INSTALLED_HELPER_PATH,
  ];
  const chosen = candidates.find((c): c is string => !!c && exists(c));
  if (chosen) return { found: true, path: chosen, elevation: 'direct' };
  return {
    found: false,
    message: `the TUN helper was not found at ${env.GANGWAY_HELPER || INSTALLED_HELPER_PATH}`,
    hint: 'Build it with `npm run build` (needs gcc and make), reinstall Gangway, or set GANGWAY_HELPER.',
  };
}

/** The lookup facts of this process. */
export function currentHelperLookup(elevation: 'direct' | 'pkexec'): HelperLookup {
  const electron = process as { resourcesPath?: string; defaultApp?: boolean };
  return {
    elevation,
    env: process.env,
    packaged: electron.resourcesPath !== undefined && !electron.defaultApp,
    moduleDir: path.dirname(fileURLToPath(import.meta.url)),
    exists: existsSync,
  };
}
