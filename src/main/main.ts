/**
 * Electron main: thin wiring of the plain-Node services to windows, tray, notifications and
 * IPC. Everything that decides anything lives in ./services (shared with the dev host).
 */
import type { BrowserWindow } from 'electron';
import { app, dialog, Notification, shell } from 'electron';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeError } from '../core/errors';
import {
  currentHelperLookup,
  INSTALLED_HELPER_PATH,
  locateHelper,
} from '../core/platform/linux/helper-path';
import { aboutDetail, helperFacts, readBundledLicences } from './about';
import {
  closeAction,
  closeExplained,
  markCloseExplained,
  trayLikelyShown,
} from './close-behaviour';
import { registerIpc, forwardEvents } from './electron/ipc-bridge';
import { pickProfileFile, saveTextFile } from './electron/dialogs';
import { safeStorageCipher } from './electron/safe-storage-cipher';
import { GangwayTray } from './electron/tray';
import { utilityWorkerLauncher } from './electron/utility-launcher';
import { createMainWindow, hardenSession } from './electron/window';
import { profileFilesInArgv } from './file-args';
import { createDispatcher } from './ipc/dispatch';
import type { TrustedRenderer } from './ipc/sender-check';
import { createServices, type Services } from './services/create-services';
import { createHandlers } from './services/handlers';
import { setLinuxAutostart } from './services/linux-autostart';
import { FileSecretStore } from './services/secret-store';
import { stringsFor, type Strings } from './strings';
import { notificationFor } from './tray-state';
import { dataDir } from '../core/config';

const appRoot = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PATHS = {
  preload: path.join(appRoot, 'dist/preload/preload.cjs'),
  rendererIndex: path.join(appRoot, 'dist/renderer/index.html'),
  worker: path.join(appRoot, 'dist/main/session-worker.cjs'),
  icon: path.join(appRoot, 'assets/icons/512x512.png'),
  trayIcons: path.join(appRoot, 'assets/tray'),
  licences: path.join(appRoot, 'dist/licenses.json'),
  licenceTexts: path.join(appRoot, 'dist/licenses.txt'),
};
const trayShown = trayLikelyShown(process.platform, process.env);

let services: Services | undefined;

/** The helper a connect would start: the same lookup the engine makes. */
function aboutHelperPath(): string {
  const elevation = process.getuid?.() === 0 ? 'direct' : 'pkexec';
  const found = locateHelper(currentHelperLookup(elevation));
  return found.found ? found.path : INSTALLED_HELPER_PATH;
}
let window: BrowserWindow | undefined;
let trusted: TrustedRenderer | undefined;
let tray: GangwayTray | undefined;
let strings: Strings = stringsFor('en');
let profileNames: string[] = [];
let quitting = false;
/** Files handed to us before the services were up (first launch, macOS open-file). */
const pendingFiles: string[] = [];

const logError = (what: string, err: unknown) =>
  console.error(
    `gangway: ${what}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`,
  );

function showWindow(): void {
  if (!window || window.isDestroyed()) {
    const created = createMainWindow(PATHS);
    window = created.window;
    trusted = { webContentsId: window.webContents.id, pageUrl: created.pageUrl };
    window.on('close', (event) => {
      // Closing the window keeps the VPN running in the tray; Quit ends it. Without a tray
      // the app must not vanish with a tunnel up (see close-behaviour.ts).
      const home = services?.dataDir;
      const action = closeAction({
        quitting,
        trayShown,
        activeSessions: services?.sessions.list().filter((x) => !x.ended).length ?? 0,
        explained: home ? closeExplained(home) : true,
      });
      if (action === 'close') return;
      event.preventDefault();
      if (action === 'quit') return app.quit();
      if (action === 'ask') return void askBeforeClosing();
      window?.hide();
      if (action === 'hide-and-explain' && home) {
        notify(strings.closedToTray, strings.closedToTrayBody);
        try {
          markCloseExplained(home);
        } catch (err) {
          logError('close-to-tray note', err);
        }
      }
    });
    return;
  }
  if (window.isMinimized()) window.restore();
  window.show();
  window.focus();
}

async function askBeforeClosing(): Promise<void> {
  if (!window) return;
  const { response } = await dialog.showMessageBox(window, {
    type: 'question',
    title: 'Gangway',
    message: strings.closeQuestion,
    detail: strings.closeQuestionBody,
    buttons: [strings.keepConnected, strings.disconnectAndQuit, strings.cancel],
    defaultId: 0,
    cancelId: 2,
  });
  if (response === 0) window.minimize();
  else if (response === 1) app.quit();
}

async function showAbout(): Promise<void> {
  const detail = aboutDetail({
    versions: {
      node: process.versions.node,
      ...(process.versions.electron ? { electron: process.versions.electron } : {}),
      ...(process.versions.chrome ? { chrome: process.versions.chrome } : {}),
    },
    helper: helperFacts(aboutHelperPath()),
    licences: readBundledLicences(PATHS.licences),
    strings,
  });
  const options = {
    type: 'info' as const,
    title: strings.about.title,
    message: `Gangway ${app.getVersion()}`,
    detail,
    buttons: [strings.about.ok, strings.about.licenceTexts],
    defaultId: 0,
  };
  const { response } = window
    ? await dialog.showMessageBox(window, options)
    : await dialog.showMessageBox(options);
  if (response === 1) void shell.openPath(PATHS.licenceTexts);
}

function notify(title: string, body: string): void {
  if (Notification.isSupported()) new Notification({ title, body, icon: PATHS.icon }).show();
}

async function importFiles(files: string[]): Promise<void> {
  if (!services) {
    for (const file of files) pendingFiles.push(file);
    return;
  }
  for (const file of files) {
    try {
      const result = await services.profiles.import({ from: 'path', path: file });
      services.events.emit('profiles.imported', result);
      notify(strings.imported(result.profile.name), result.warnings.join('\n'));
    } catch (err) {
      notify(strings.importFailed, describeError(err));
    }
  }
}

function refreshTray(): void {
  const s = services;
  if (!tray || !s) return;
  tray.update({ profiles: profileNames, stateOf: (p) => s.sessions.stateOf(p), strings });
}

async function start(): Promise<void> {
  hardenSession();
  const home = dataDir();
  const s = createServices({
    dataDir: home,
    secrets: FileSecretStore.inDir(home, safeStorageCipher()),
    launchWorker: utilityWorkerLauncher(PATHS.worker),
    logInternal: logError,
  });
  services = s;
  const dispatch = createDispatcher(
    createHandlers(s, {
      host: 'electron',
      version: app.getVersion(),
      pickProfileFile: () => pickProfileFile(window),
      saveTextFile: (name, text) => saveTextFile(window, name, text),
      launchAtLogin: true,
    }),
    logError,
  );
  registerIpc(
    dispatch,
    () => trusted,
    (channel, url) => logError('ipc refused', `${channel} from ${url ?? 'a closed frame'}`),
  );
  forwardEvents(s.events, () => window);

  const settings = await s.settings.get();
  strings = stringsFor(settings.language);
  s.settings.onChange((next, prev) => {
    strings = stringsFor(next.language);
    if (next.launchAtLogin !== prev.launchAtLogin) applyLaunchAtLogin(next.launchAtLogin);
    refreshTray();
  });
  const everConnected = new Set<string>();
  s.sessions.onStateChange((profile, state, previous) => {
    if (state.kind === 'connected') everConnected.add(profile);
    const wasConnected = everConnected.has(profile);
    if (state.kind === 'disconnected' || state.kind === 'failed') everConnected.delete(profile);
    const text = notificationFor(profile, state, previous, strings, wasConnected);
    if (text) notify(text.title, text.body);
    refreshTray();
  });
  s.events.subscribe((event, payload) => {
    if (event === 'profiles.changed') {
      profileNames = (payload as Array<{ name: string }>).map((p) => p.name);
      refreshTray();
    }
  });
  profileNames = (await s.profiles.list()).map((p) => p.name);

  tray = new GangwayTray(PATHS.trayIcons, {
    open: showWindow,
    connect: (p) =>
      void s.sessions.connect(p).catch((err) => notify(strings.failed(p), describeError(err))),
    disconnect: (p) => void s.sessions.disconnect(p),
    about: () => void showAbout().catch((err) => logError('about', err)),
    quit: () => app.quit(),
  });
  refreshTray();

  // Started hidden at login, the window lives in the tray; with no tray it must be shown.
  if (!process.argv.includes('--hidden') || !trayShown) showWindow();
  await importFiles([
    ...pendingFiles.splice(0),
    ...profileFilesInArgv(process.argv.slice(1), process.cwd()),
  ]);
  if (settings.autoConnectProfile && profileNames.includes(settings.autoConnectProfile)) {
    await s.sessions
      .connect(settings.autoConnectProfile)
      .catch((err) => logError('auto-connect', err));
  }
}

function applyLaunchAtLogin(enabled: boolean): void {
  if (process.platform === 'linux') {
    const executable = process.env.APPIMAGE ?? process.execPath;
    void setLinuxAutostart(enabled, executable).catch((err) => logError('autostart', err));
  } else {
    app.setLoginItemSettings({ openAtLogin: enabled, args: ['--hidden'] });
  }
}

if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.on('second-instance', (_event, argv, cwd) => {
    showWindow();
    void importFiles(profileFilesInArgv(argv.slice(1), cwd));
  });
  app.on('open-file', (event, file) => {
    event.preventDefault();
    void importFiles([file]);
  });
  app.on('web-contents-created', (_event, contents) => {
    contents.on('will-attach-webview', (e) => e.preventDefault());
  });
  app.on('window-all-closed', () => {
    // Stay in the tray.
  });
  app.on('activate', showWindow);
  app.on('before-quit', (event) => {
    if (quitting || !services) return;
    // Disconnect sessions first, so routes and DNS are restored before we exit.
    quitting = true;
    event.preventDefault();
    void services.sessions.disconnectAll().finally(() => app.quit());
  });
  app
    .whenReady()
    .then(start)
    .catch((err) => {
      logError('startup', err);
      app.exit(1);
    });
}
