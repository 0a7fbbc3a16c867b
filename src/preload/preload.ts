/**
 * The whole of the renderer's access to the system: `window.gangway`, the GangwayApi derived
 * from the IPC schema, plus `window.gangwayFiles` (a dropped file's path), and nothing else
 * (no ipcRenderer, no Node). Requests are validated here
 * before they leave and again in main before a service sees them.
 */
import { contextBridge, ipcRenderer, webUtils, type IpcRendererEvent } from 'electron';
import { createGangwayApi } from '../shared/ipc-client';

const api = createGangwayApi(
  {
    invoke: (channel, payload) => ipcRenderer.invoke(channel, payload),
    subscribe: (event, listener) => {
      const handler = (_event: IpcRendererEvent, payload: unknown) => listener(payload);
      ipcRenderer.on(event, handler);
      return () => {
        ipcRenderer.removeListener(event, handler);
      };
    },
  },
  // contextBridge keeps only an Error's message; the renderer reads details with ipcErrorOf().
  { bridgeSafeErrors: true },
);

contextBridge.exposeInMainWorld('gangway', api);
// A dropped File's path, so main can read an .ovpn with the ca.crt next to it (File.path is
// gone since Electron 32). Only the path string crosses; main validates it like any request.
contextBridge.exposeInMainWorld('gangwayFiles', {
  pathForFile: (file: File): string => webUtils.getPathForFile(file),
});
