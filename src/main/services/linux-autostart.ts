import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

/**
 * "Launch at login" on Linux: an XDG autostart entry (Electron's login-item API covers only
 * macOS and Windows). The Exec line quotes the binary per the desktop-entry spec.
 */
export function autostartFile(env: NodeJS.ProcessEnv = process.env): string {
  const configHome = env.XDG_CONFIG_HOME || path.join(os.homedir(), '.config');
  return path.join(configHome, 'autostart', 'com.gangway.client.desktop');
}

function quoteExec(arg: string): string {
  return `"${arg.replace(/(["`$\\])/g, '\\$1')}"`;
}

export function autostartEntry(executable: string): string {
  return [
    '[Desktop Entry]',
    'Type=Application',
    'Name=Gangway',
    'Comment=Start Gangway in the tray',
    `Exec=${quoteExec(executable)} --hidden`,
    'Icon=gangway',
    'Terminal=false',
    'X-GNOME-Autostart-enabled=true',
    '',
  ].join('\n');
}

export async function setLinuxAutostart(
  enabled: boolean,
  executable: string,
  file = autostartFile(),
): Promise<void> {
  if (!enabled) {
    await rm(file, { force: true });
    return;
  }
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, autostartEntry(executable), { mode: 0o644 });
}
