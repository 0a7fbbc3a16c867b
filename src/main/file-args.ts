import path from 'node:path';

/** Extensions a double-click or `gangway-app FILE` may hand us to import. */
const PROFILE_EXTENSIONS = new Set(['.ovpn', '.conf', '.zip', '.json']);

/**
 * Profile files named on a command line (first launch or a second instance's argv). Only
 * existing-looking paths with a profile extension count; Chromium switches are ignored.
 */
export function profileFilesInArgv(argv: readonly string[], cwd: string): string[] {
  return argv
    .filter(
      (arg) => !arg.startsWith('-') && PROFILE_EXTENSIONS.has(path.extname(arg).toLowerCase()),
    )
    .map((arg) => path.resolve(cwd, arg));
}
