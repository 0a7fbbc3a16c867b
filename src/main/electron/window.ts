import { BrowserWindow, session, shell, type WebContents } from 'electron';
import { pathToFileURL } from 'node:url';
import { contentSecurityPolicy } from '../csp';

export interface WindowPaths {
  preload: string;
  rendererIndex: string;
  icon: string;
}

/**
 * Locks down the default session before any page loads: a CSP header on every response (the
 * page also carries it as a meta tag, since file:// responses may bypass header hooks), and no
 * permission is ever granted: a VPN client needs no camera, notifications API or geolocation.
 */
export function hardenSession(): void {
  const ses = session.defaultSession;
  const csp = contentSecurityPolicy();
  ses.webRequest.onHeadersReceived((details, callback) => {
    callback({
      responseHeaders: {
        ...details.responseHeaders,
        'Content-Security-Policy': [csp],
        'X-Content-Type-Options': ['nosniff'],
      },
    });
  });
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
}

/** No navigation away from our page and no new windows; web links go to the user's browser. */
function lockNavigation(contents: WebContents, pageUrl: string): void {
  contents.on('will-navigate', (event, url) => {
    if (url !== pageUrl) event.preventDefault();
  });
  contents.on('will-redirect', (event) => event.preventDefault());
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (/^https:\/\//i.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

export function createMainWindow(paths: WindowPaths): { window: BrowserWindow; pageUrl: string } {
  const pageUrl = pathToFileURL(paths.rendererIndex).href;
  const window = new BrowserWindow({
    width: 960,
    height: 680,
    minWidth: 720,
    minHeight: 520,
    show: false,
    title: 'Gangway',
    icon: paths.icon,
    autoHideMenuBar: true,
    webPreferences: {
      preload: paths.preload,
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
      spellcheck: false,
      navigateOnDragDrop: false,
    },
  });
  // Electron's default File/Edit/View menu offers nothing for this app (and reload or dev
  // tools only confuse); the window has no menu bar at all.
  window.removeMenu();
  lockNavigation(window.webContents, pageUrl);
  window.once('ready-to-show', () => window.show());
  void window.loadURL(pageUrl);
  return { window, pageUrl };
}
