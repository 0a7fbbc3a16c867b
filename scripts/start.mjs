// `npm start`: builds, then runs the desktop app in Electron when Electron can run here, and
// otherwise the same UI through the local dev host in the user's browser.
//
// Electron's install script is denied in package.json (`allowScripts`), so that `npm install`
// succeeds where its binary cannot be downloaded (offline mirrors, proxies, CI). The binary is
// fetched here instead, on the first start, and a failed fetch only changes how the UI opens.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const require = createRequire(import.meta.url);
/** A download that neither finishes nor fails (a black-holing proxy) must not hang the start. */
const FETCH_TIMEOUT_MS = 5 * 60_000;

const say = (line) => process.stderr.write(`start: ${line}\n`);

function electronPackageDir() {
  try {
    return path.dirname(require.resolve('electron/package.json', { paths: [root] }));
  } catch {
    return null;
  }
}

/** The Electron executable when it is installed, else null (mirrors electron/index.js). */
function installedElectron(dir) {
  const pathFile = path.join(dir, 'path.txt');
  if (!existsSync(pathFile)) return null;
  const executable = path.join(dir, 'dist', readFileSync(pathFile, 'utf8').trim());
  return existsSync(executable) ? executable : null;
}

/** Runs Electron's own install script once; returns the reason it failed, or null. */
function fetchElectron(dir) {
  if (process.env.ELECTRON_SKIP_BINARY_DOWNLOAD) {
    return 'its binary is not installed and ELECTRON_SKIP_BINARY_DOWNLOAD is set';
  }
  say('fetching the Electron binary (first start only)…');
  const r = spawnSync(process.execPath, [path.join(dir, 'install.js')], {
    cwd: dir,
    encoding: 'utf8',
    timeout: FETCH_TIMEOUT_MS,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  if (r.error?.code === 'ETIMEDOUT') {
    return `downloading its binary took longer than ${FETCH_TIMEOUT_MS / 60_000} minutes`;
  }
  if (installedElectron(dir)) return null;
  // install.js prints the error's stack; its first line says what went wrong.
  const first = `${r.stderr ?? ''}\n${r.stdout ?? ''}`
    .split('\n')
    .map((l) => l.trim())
    .find((l) => l.length > 0);
  return `its binary could not be downloaded (${first ?? `install exited ${r.status}`})`;
}

/** Why Electron cannot show a window here, or null when it can. */
function electronUnavailable() {
  const dir = electronPackageDir();
  if (!dir) return { reason: 'the electron package is not installed' };
  let executable = installedElectron(dir);
  if (!executable) {
    const reason = fetchElectron(dir);
    if (reason) return { reason };
    executable = installedElectron(dir);
  }
  if (process.platform === 'linux' && !hasDesktop()) {
    return { reason: 'there is no desktop session (DISPLAY and WAYLAND_DISPLAY are unset)' };
  }
  return { executable };
}

function hasDesktop() {
  return Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY);
}

function build() {
  const r = spawnSync(process.execPath, [path.join(root, 'scripts/build.mjs')], {
    cwd: root,
    stdio: 'inherit',
  });
  if (r.status !== 0) process.exit(r.status ?? 1);
}

function runElectron(executable) {
  const child = spawn(executable, [root, ...process.argv.slice(2)], { stdio: 'inherit' });
  forwardSignals(child);
  child.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
}

function forwardSignals(child) {
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.on(signal, () => child.kill(signal));
  }
}

/** Hands the URL to the desktop's browser; false when there is no desktop or no xdg-open. */
function openInBrowser(url) {
  return new Promise((resolve) => {
    if (!hasDesktop()) return resolve(false);
    // Not waiting for xdg-open to exit: with some browsers it returns only when they close.
    const opener = spawn('xdg-open', [url], { stdio: 'ignore', detached: true });
    opener.once('error', () => resolve(false));
    opener.once('spawn', () => resolve(true));
    opener.unref();
  });
}

function runInBrowser(reason) {
  say(`Electron is unavailable: ${reason}; opening Gangway in your browser instead.`);
  const host = spawn(process.execPath, [path.join(root, 'dist/devhost/devhost.cjs')], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  forwardSignals(host);
  host.on('exit', (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
  let out = '';
  host.stdout.setEncoding('utf8');
  host.stdout.on('data', (chunk) => {
    if (out.includes('\n')) return;
    out += chunk;
    const newline = out.indexOf('\n');
    if (newline < 0) return;
    // The dev host's first stdout line is its URL, with the per-run access token.
    const url = out.slice(0, newline).trim();
    void openInBrowser(url).then((opened) => {
      say(
        opened
          ? 'opening it in your browser; Ctrl-C stops Gangway'
          : 'no desktop browser to open; open this address yourself (Ctrl-C stops Gangway):',
      );
      process.stdout.write(`${url}\n`);
    });
  });
}

build();
const electron = electronUnavailable();
if (electron.executable) runElectron(electron.executable);
else runInBrowser(electron.reason);
