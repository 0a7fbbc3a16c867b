import { dialog, type BrowserWindow } from 'electron';
import { writeFile } from 'node:fs/promises';

/** Native open dialog for profiles: .ovpn, and .conf / zip / Tencent JSON, which only import here. */
export async function pickProfileFile(
  parent: BrowserWindow | undefined,
): Promise<string | undefined> {
  const options: Electron.OpenDialogOptions = {
    title: 'Import VPN profile',
    properties: ['openFile'],
    filters: [
      { name: 'VPN profiles', extensions: ['ovpn', 'conf', 'zip', 'json'] },
      { name: 'All files', extensions: ['*'] },
    ],
  };
  const result = parent
    ? await dialog.showOpenDialog(parent, options)
    : await dialog.showOpenDialog(options);
  return result.canceled ? undefined : result.filePaths[0];
}

/** Native save dialog; the log is already redacted. */
export async function saveTextFile(
  parent: BrowserWindow | undefined,
  suggestedName: string,
  text: string,
): Promise<string | undefined> {
  const options: Electron.SaveDialogOptions = { title: 'Export log', defaultPath: suggestedName };
  const result = parent
    ? await dialog.showSaveDialog(parent, options)
    : await dialog.showSaveDialog(options);
  if (result.canceled || !result.filePath) return undefined;
  await writeFile(result.filePath, text, { mode: 0o600 });
  return result.filePath;
}
