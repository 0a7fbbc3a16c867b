import type { GangwayApi } from '../../shared/ipc-schema';
import { createWebSocketApi } from '../../shared/ws-client';

declare global {
  interface Window {
    /** Set by the Electron preload (contextBridge); absent in a plain browser. */
    gangway?: GangwayApi;
    /** Set by the Electron preload: the path of a dropped file (webUtils.getPathForFile). */
    gangwayFiles?: { pathForFile(file: File): string };
  }
}

/** Where a dropped file lives on disk, in the desktop app; undefined in a browser. */
export function droppedFilePath(file: File): string | undefined {
  try {
    return window.gangwayFiles?.pathForFile(file) || undefined;
  } catch {
    return undefined;
  }
}

/**
 * The one place that decides the transport: the preload's object inside Electron, otherwise
 * the dev host's WebSocket with the token from this page's URL.
 */
export function connectApi(onConnectionLost?: () => void): GangwayApi {
  if (window.gangway) return window.gangway;
  const token = new URL(window.location.href).searchParams.get('token');
  if (!token) throw new Error('no access token in the page address');
  return createWebSocketApi(onConnectionLost ? { onConnectionLost } : {});
}
