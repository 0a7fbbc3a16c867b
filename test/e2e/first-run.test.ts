import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import {
  chmodSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { launchChromium } from '../support/browser';
import { REPO } from '../support/devhost-process';
import { CHROMIUM, describeWith } from '../support/prereqs';

/**
 * The README's first commands on a fresh clone where Electron's binary cannot be downloaded:
 * `npm install` succeeds, and `npm start` says in one line why Electron is unavailable and
 * serves the same UI through the dev host. Electron's mirror points at a closed loopback port
 * and its cache at an empty directory, so the download is impossible on any machine and no
 * traffic leaves loopback for it (npm itself installs from its cache where it can).
 */

const INSTALL_TIMEOUT_MS = 540_000;
const START_TIMEOUT_MS = 120_000;

let work: string;
let clone: string;
let running: ChildProcess | undefined;

function baseEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    ELECTRON_MIRROR: 'http://127.0.0.1:9/',
    electron_config_cache: path.join(work, 'electron-cache'),
    GANGWAY_HOME: path.join(work, 'home'),
    PORT: '0',
  };
  delete env.ELECTRON_SKIP_BINARY_DOWNLOAD;
  delete env.npm_config_ignore_scripts;
  delete env.DISPLAY;
  delete env.WAYLAND_DISPLAY;
  return env;
}

interface Started {
  url: string;
  stderr: string;
}

/** `npm start` in its own process group; resolves with the URL it prints on stdout. */
function npmStart(env: NodeJS.ProcessEnv): Promise<Started> {
  const child = spawn('npm', ['start', '--silent'], {
    cwd: clone,
    env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  running = child;
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(
      () => reject(new Error(`npm start printed no URL in ${START_TIMEOUT_MS} ms:\n${err}`)),
      START_TIMEOUT_MS,
    );
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const url = /^http:\/\/127\.0\.0\.1:\d+\/\?token=\S+$/m.exec(out)?.[0];
      if (url) {
        clearTimeout(timer);
        resolve({ url, stderr: err });
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (${String(code)}) before printing a URL:\n${err}`));
    });
  });
}

/** Stops `npm start` and everything under it (npm, start.mjs, the dev host). */
async function stopStart(): Promise<void> {
  const child = running;
  running = undefined;
  if (!child?.pid || child.exitCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  process.kill(-child.pid, 'SIGINT');
  const timer = setTimeout(() => {
    try {
      process.kill(-child.pid!, 'SIGKILL');
    } catch {
      // already gone
    }
  }, 10_000);
  await exited;
  clearTimeout(timer);
}

describeWith(
  { programs: { '/usr/bin/git': 'git', ...CHROMIUM } },
  'first run on a fresh clone without Electron',
  () => {
    beforeAll(() => {
      work = mkdtempSync(path.join(tmpdir(), 'gwr-firstrun-'));
      clone = path.join(work, 'gangway');
      mkdirSync(path.join(work, 'home'), { mode: 0o700 });
      const r = spawnSync('git', ['clone', '--quiet', '--no-hardlinks', REPO, clone], {
        encoding: 'utf8',
        timeout: 60_000,
      });
      if (r.status !== 0) throw new Error(`git clone failed: ${r.stderr}`);
    }, 90_000);

    afterAll(async () => {
      await stopStart();
      if (work) rmSync(work, { recursive: true, force: true });
    });

    it(
      'npm install succeeds and leaves Electron without its binary',
      () => {
        const r = spawnSync('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund'], {
          cwd: clone,
          env: baseEnv(),
          encoding: 'utf8',
          timeout: INSTALL_TIMEOUT_MS,
          maxBuffer: 64 * 1024 * 1024,
        });
        expect(r.error, r.stderr).toBeUndefined();
        expect(r.status, `${r.stdout}\n${r.stderr}`.slice(-4000)).toBe(0);
        expect(existsSync(path.join(clone, 'node_modules/electron/package.json'))).toBe(true);
        expect(existsSync(path.join(clone, 'node_modules/electron/path.txt'))).toBe(false);
        // `prepare` built the app, so npm start has something to serve.
        expect(existsSync(path.join(clone, 'dist/devhost/devhost.cjs'))).toBe(true);
      },
      INSTALL_TIMEOUT_MS + 30_000,
    );

    it(
      'npm start without a desktop says why in one line and prints the UI address',
      async () => {
        const { url, stderr } = await npmStart(baseEnv());
        const why = stderr.split('\n').filter((l) => l.includes('Electron is unavailable'));
        expect(why, stderr).toHaveLength(1);
        // The fetch was tried and failed against the closed loopback mirror.
        expect(why[0]).toMatch(/could not be downloaded \(.*127\.0\.0\.1:9/);
        expect(stderr).toContain('open this address yourself');

        const browser = await launchChromium();
        try {
          const context = await browser.newContext();
          const page = await context.newPage();
          const missing: string[] = [];
          page.on('response', (res) => {
            if (res.status() >= 400) missing.push(`${res.status()} ${res.url()}`);
          });
          await page.goto(url);
          await page.getByTestId('nav-connection').waitFor({ timeout: 20_000 });
          expect(await page.title()).toBe('Gangway');
          expect(missing).toEqual([]);
        } finally {
          await browser.close();
        }
        await stopStart();
      },
      START_TIMEOUT_MS + 60_000,
    );

    it(
      'npm start on a desktop hands the address to xdg-open',
      async () => {
        const bin = path.join(work, 'bin');
        mkdirSync(bin);
        const record = path.join(work, 'xdg-open.args');
        writeFileSync(path.join(bin, 'xdg-open'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${record}'\n`);
        chmodSync(path.join(bin, 'xdg-open'), 0o755);
        const env = { ...baseEnv(), DISPLAY: ':97', PATH: `${bin}:${process.env.PATH ?? ''}` };
        const { url } = await npmStart(env);
        await expect
          .poll(() => (existsSync(record) ? readFileSync(record, 'utf8').trim() : ''), {
            timeout: 10_000,
          })
          .toBe(url);
        await stopStart();
      },
      START_TIMEOUT_MS + 30_000,
    );
  },
);
