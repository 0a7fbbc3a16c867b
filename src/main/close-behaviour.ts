/**
 * What closing the main window does. With a tray the VPN keeps running there (the first time,
 * the user is told so). Without one (GNOME without the AppIndicator extension shows no tray
 * icon) hiding the window would make the app vanish with the tunnel still up, so the window
 * then quits when nothing is connected, and asks when something is.
 */
import { existsSync, writeFileSync } from 'node:fs';
import path from 'node:path';

export type CloseAction =
  /** Let the window close (the app is quitting). */
  | 'close'
  | 'hide'
  /** Hide to the tray and say so (the first time only). */
  | 'hide-and-explain'
  | 'quit'
  /** No tray and sessions are up: ask whether to keep them running or disconnect and quit. */
  | 'ask';

export function closeAction(o: {
  quitting: boolean;
  trayShown: boolean;
  activeSessions: number;
  explained: boolean;
}): CloseAction {
  if (o.quitting) return 'close';
  if (o.trayShown) return o.explained ? 'hide' : 'hide-and-explain';
  return o.activeSessions > 0 ? 'ask' : 'quit';
}

/**
 * Whether a tray icon will be visible. Electron cannot tell (creating a Tray succeeds either
 * way), so on Linux this goes by the desktop: stock GNOME has no tray area, Ubuntu's GNOME
 * ships the AppIndicator extension, and the other desktops have one. GANGWAY_TRAY=on|off
 * overrides the guess.
 */
export function trayLikelyShown(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): boolean {
  if (env.GANGWAY_TRAY === 'on') return true;
  if (env.GANGWAY_TRAY === 'off') return false;
  if (platform !== 'linux') return true;
  const desktops = (env.XDG_CURRENT_DESKTOP ?? '').toLowerCase().split(':');
  if (!desktops.includes('gnome')) return true;
  return desktops.includes('ubuntu') || desktops.includes('unity');
}

const MARKER = 'close-to-tray-explained';

/** The "still running in the tray" note is shown once per data directory, not every close. */
export function closeExplained(dataDir: string): boolean {
  return existsSync(path.join(dataDir, MARKER));
}

export function markCloseExplained(dataDir: string): void {
  writeFileSync(path.join(dataDir, MARKER), '', { mode: 0o600 });
}
