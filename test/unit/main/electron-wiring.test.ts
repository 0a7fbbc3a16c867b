import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ipcErrorOf } from '../../../src/shared/ipc-error';
import { invokeChannels } from '../../../src/shared/ipc-schema';

/**
 * The Electron layer, run for real (the built bundles) against a recording stand-in for the
 * 'electron' module, since the Electron binary is not available here.
 */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const fixtures = path.join(root, 'test/unit/main/fixtures/fake-electron');
let home: string;

function runScenario(script: string, bundle: string, env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [path.join(fixtures, script), path.join(root, bundle)], {
    env: { ...process.env, GANGWAY_HOME: home, ...env },
    encoding: 'utf8',
    timeout: 20_000,
  });
  expect(r.status, r.stderr).toBe(0);
  return { out: JSON.parse(r.stdout) as Record<string, unknown>, stderr: r.stderr };
}

beforeAll(() => {
  const built = spawnSync(process.execPath, ['scripts/build.mjs', 'main', 'preload'], {
    cwd: root,
    encoding: 'utf8',
  });
  expect(built.status, built.stderr).toBe(0);
  home = mkdtempSync(path.join(os.tmpdir(), 'gwe-electron-'));
}, 60_000);
afterAll(() => rmSync(home, { recursive: true, force: true }));

describe('Electron main (dist/main/main.cjs)', () => {
  let out: Record<string, unknown>;
  let stderr: string;
  beforeAll(() => {
    ({ out, stderr } = runScenario('scenario.cjs', 'dist/main/main.cjs'));
  });

  it('registers exactly one handler per schema channel', () => {
    expect(out.handlers).toEqual([...invokeChannels].sort());
  });

  it('opens one hardened window on the bundled renderer', () => {
    expect(out.windowCount).toBe(1);
    expect(out.webPreferences).toMatchObject({
      sandbox: true,
      contextIsolation: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      webviewTag: false,
      preload: path.join(root, 'dist/preload/preload.cjs'),
    });
    expect(out.loaded).toBe(`file://${path.join(root, 'dist/renderer/index.html')}`);
  });

  it('answers its own page and refuses foreign frames, subframes and other webContents', () => {
    expect(out.trusted).toMatchObject({ ok: true, value: { host: 'electron' } });
    for (const key of ['foreignFrame', 'subFrame', 'otherContents']) {
      expect(out[key], key).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    }
    expect(stderr).toContain('ipc refused: app.info from https://evil.example/');
    expect(out.badPayload).toMatchObject({ ok: false, error: { code: 'bad-request' } });
  });

  it('denies new windows, navigation and every permission; sets a strict CSP header', () => {
    expect(out.windowOpen).toEqual({ action: 'deny' });
    expect(out.navigationPrevented).toBe(true);
    expect(out.permissionRequest).toBe(false);
    expect(out.permissionCheck).toBe(false);
    const csp = String((out.csp as string[])[0]);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("object-src 'none'");
    expect(csp).not.toContain('unsafe-eval');
  });

  it('keeps running in the tray when the window closes, and says so the first time only', () => {
    expect(out.closeKeepsRunning).toBe(true);
    expect(out.closeHidWindow).toBe(true);
    expect(out.notificationTitles).toEqual(['Gangway is still running']);
    expect(out.tray).toMatchObject({
      image: path.join(root, 'assets/tray/tray-disconnected.png'),
      tooltip: 'Gangway: not connected',
    });
    expect((out.tray as { menu: string[] }).menu).toContain('No profiles: import one first');
  });

  it('shows no menu bar', () => {
    expect(out.menuRemoved).toBe(true);
  });

  it('has an About dialog with the version, the helper and the bundled licences', () => {
    const about = out.about as { message: string; detail: string; buttons: string[] };
    expect(about.message).toBe('Gangway 0.1.0-test');
    expect(about.detail).toContain(`Node.js ${process.versions.node}`);
    expect(about.detail).toMatch(/Helper: \S*gangway-helper \(build [0-9a-f]{16}, /);
    expect(about.detail).toContain('react 19.3.1 (MIT)');
    expect(about.detail).toContain('node-forge');
    expect(about.buttons).toEqual(['OK', 'Licence texts']);
  });

  it('refuses to save passwords with the fixed-key "basic_text" keystore', () => {
    expect(out.savedPasswords).toBe(false);
  });

  it('a second instance hands over and quits without opening a window', () => {
    const second = runScenario('scenario.cjs', 'dist/main/main.cjs', { FAKE_ELECTRON_LOCKED: '1' });
    expect(second.out.windowCount).toBe(0);
    expect(second.out.quitCalls).toBe(1);
    expect(second.out.handlers).toEqual([]);
  });
});

describe('preload (dist/preload/preload.cjs)', () => {
  it("exposes only window.gangway (and a dropped file's path), validates before sending, and keeps error details across the bridge", () => {
    const { out } = runScenario('preload-scenario.cjs', 'dist/preload/preload.cjs');
    expect(out.exposedKeys).toEqual(['gangway', 'gangwayFiles']);
    expect(out.droppedPath).toBe('/dropped/split.ovpn');
    expect(out.groups).toEqual([
      'admin',
      'app',
      'credentials',
      'logs',
      'on',
      'profiles',
      'session',
      'settings',
    ]);
    expect(out.connect).toEqual({ sessionId: 'sid-1' });
    expect(ipcErrorOf(new Error(String(out.refusedLocally))).code).toBe('bad-request');
    expect(ipcErrorOf(new Error(String(out.failure)))).toEqual({
      code: 'auth-failed',
      message: 'nope',
      hint: 'retry',
    });
    expect(out.invoked).toEqual([
      ['session.connect', { name: 'office' }],
      ['session.disconnect', { name: 'office' }],
    ]);
    expect(out.events).toEqual([{ requestId: 'r1' }]);
    expect(out.listenerRemoved).toBe(true);
  });
});
