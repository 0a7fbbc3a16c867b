import { spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { spawnIn, stopProcess, type Cleanup } from './netns';

export const REPO = path.resolve(import.meta.dirname, '../..');
export const DEVHOST_BUNDLE = path.join(REPO, 'dist/devhost/devhost.cjs');

/** Builds renderer, dev host, worker and helper the way a release does. */
export function buildAll(): void {
  const r = spawnSync(process.execPath, ['scripts/build.mjs'], {
    cwd: REPO,
    encoding: 'utf8',
    timeout: 240_000,
  });
  if (r.status !== 0) throw new Error(`build failed:\n${r.stderr}\n${r.stdout}`);
}

export interface DevHostProcess {
  url: string;
  home: string;
  child: ChildProcess;
  /** Everything the dev host wrote to stderr so far (its diagnostics). */
  stderr(): string;
  stop(): Promise<void>;
}

/**
 * Starts the real dev host inside `ns` with a temp GANGWAY_HOME and PORT=0, and waits for the
 * URL on the first stdout line. Registered with `cleanup` so it dies with the lab.
 */
export async function startDevHostIn(ns: string, cleanup: Cleanup): Promise<DevHostProcess> {
  const home = mkdtempSync(path.join(tmpdir(), 'gwr-home-'));
  cleanup.add(`remove ${home}`, () => rmSync(home, { recursive: true, force: true }));
  const child = spawnIn(ns, [process.execPath, DEVHOST_BUNDLE], cleanup, {
    env: { ...process.env, PORT: '0', GANGWAY_HOME: home, NODE_ENV: 'test' },
  });
  let err = '';
  child.stderr?.on('data', (d: Buffer) => (err += d.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(
      () => reject(new Error(`dev host printed no URL in 20 s:\n${err}`)),
      20_000,
    );
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const line = out.split('\n')[0];
      if (out.includes('\n') && line) {
        clearTimeout(timer);
        resolve(line.trim());
      }
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`dev host exited (${String(code)}) before printing its URL:\n${err}`));
    });
  });
  return { url, home, child, stderr: () => err, stop: () => stopProcess(child) };
}
