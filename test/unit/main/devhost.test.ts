import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, stat } from 'node:fs/promises';
import { request } from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { tokenMatches } from '../../../src/devhost/access';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
const bundle = path.join(root, 'dist/devhost/devhost.cjs');

let home: string;
let child: ChildProcess;
let url: URL;
let stdoutLines: string[];

function httpGet(
  target: string,
  headers: Record<string, string> = {},
): Promise<{ status: number; headers: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    const req = request(target, { headers }, (res) => {
      res.resume();
      resolve({ status: res.statusCode ?? 0, headers: res.headers });
    });
    req.on('error', reject);
    req.end();
  });
}

type Outcome = { opened: true; ws: WebSocket } | { opened: false; status: number };

function openSocket(socketUrl: string, origin?: string, host?: string): Promise<Outcome> {
  return new Promise((resolve) => {
    const headers: Record<string, string> = host ? { Host: host } : {};
    const ws = new WebSocket(socketUrl, { ...(origin ? { origin } : {}), headers });
    ws.once('open', () => resolve({ opened: true, ws }));
    ws.once('unexpected-response', (_req, res) =>
      resolve({ opened: false, status: res.statusCode ?? 0 }),
    );
    ws.once('error', () => resolve({ opened: false, status: -1 }));
  });
}

function call(ws: WebSocket, id: number, channel: string, payload?: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    const onMessage = (data: WebSocket.RawData) => {
      const msg = JSON.parse(String(data)) as { t: string; id: number; reply: unknown };
      if (msg.t === 'reply' && msg.id === id) {
        ws.off('message', onMessage);
        resolve(msg.reply);
      }
    };
    ws.on('message', onMessage);
    ws.send(JSON.stringify({ t: 'call', id, channel, payload }));
  });
}

beforeAll(async () => {
  const built = spawnSync(process.execPath, ['scripts/build.mjs', 'devhost', 'main'], {
    cwd: root,
    encoding: 'utf8',
  });
  expect(built.status, built.stderr).toBe(0);
  home = await mkdtemp(path.join(os.tmpdir(), 'gwe-devhost-'));
  child = spawn(process.execPath, [bundle], {
    env: { ...process.env, PORT: '0', GANGWAY_HOME: home },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  stdoutLines = [];
  const lines = createInterface({ input: child.stdout! });
  lines.on('line', (l) => stdoutLines.push(l));
  const first = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('dev host printed no URL in 10 s')), 10_000);
    lines.once('line', (l) => (clearTimeout(timer), resolve(l)));
    child.once('exit', (code) => reject(new Error(`dev host exited with ${code}`)));
  });
  url = new URL(first);
}, 60_000);

afterAll(async () => {
  child?.kill('SIGTERM');
  await new Promise((r) => (child?.exitCode !== null ? r(undefined) : child.once('exit', r)));
  await rm(home, { recursive: true, force: true });
});

describe('dev host', () => {
  const socketUrl = (token: string) =>
    `ws://127.0.0.1:${url.port}/ipc?token=${encodeURIComponent(token)}`;
  const origin = () => `http://127.0.0.1:${url.port}`;

  it('prints http://127.0.0.1:PORT/?token=… as its first stdout line, on a random port', () => {
    expect(url.protocol).toBe('http:');
    expect(url.hostname).toBe('127.0.0.1');
    expect(Number(url.port)).toBeGreaterThan(0);
    expect(url.pathname).toBe('/');
    expect(url.searchParams.get('token')).toMatch(/^[A-Za-z0-9_-]{40,}$/);
  });

  it('accepts the right token from our own origin and answers schema calls', async () => {
    const o = await openSocket(socketUrl(url.searchParams.get('token')!), origin());
    expect(o.opened).toBe(true);
    if (!o.opened) return;
    expect(await call(o.ws, 1, 'app.info')).toMatchObject({
      ok: true,
      value: { host: 'devhost', dataDir: home },
    });
    expect(await call(o.ws, 2, 'profiles.list')).toEqual({ ok: true, value: [] });
    expect(await call(o.ws, 3, 'settings.set', { language: 'xx' })).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
    expect(await call(o.ws, 4, 'no.such')).toMatchObject({
      ok: false,
      error: { code: 'bad-request' },
    });
    expect(await call(o.ws, 5, 'settings.set', { killSwitch: true })).toMatchObject({ ok: true });
    expect((await stat(path.join(home, 'settings.json'))).mode & 0o777).toBe(0o600);
    o.ws.close();
  });

  it('refuses a wrong or missing token', async () => {
    const token = url.searchParams.get('token')!;
    expect(await openSocket(socketUrl(`${token.slice(0, -1)}x`), origin())).toEqual({
      opened: false,
      status: 403,
    });
    expect(await openSocket(`ws://127.0.0.1:${url.port}/ipc`, origin())).toEqual({
      opened: false,
      status: 403,
    });
  });

  it('refuses a foreign or missing Origin even with the right token', async () => {
    const token = url.searchParams.get('token')!;
    expect(await openSocket(socketUrl(token), 'https://evil.example')).toEqual({
      opened: false,
      status: 403,
    });
    expect(await openSocket(socketUrl(token), `http://127.0.0.1:${Number(url.port) + 1}`)).toEqual({
      opened: false,
      status: 403,
    });
    expect(await openSocket(socketUrl(token))).toEqual({ opened: false, status: 403 });
  });

  it('refuses a foreign Host header (DNS rebinding) on the socket and on pages', async () => {
    const token = url.searchParams.get('token')!;
    expect(await openSocket(socketUrl(token), origin(), `evil.example:${url.port}`)).toEqual({
      opened: false,
      status: 421,
    });
    expect((await httpGet(`${origin()}/`, { Host: 'evil.example' })).status).toBe(421);
  });

  it('serves pages with a CSP and refuses paths outside the renderer', async () => {
    const page = await httpGet(`${origin()}/`);
    expect(String(page.headers['content-security-policy'])).toContain("script-src 'self'");
    expect((await httpGet(`${origin()}/..%2f..%2fpackage.json`)).status).toBe(403);
  });

  it('constant-time token comparison still compares', () => {
    expect(tokenMatches('abc', 'abc')).toBe(true);
    expect(tokenMatches('abc', 'abd')).toBe(false);
    expect(tokenMatches('abc', 'abcd')).toBe(false);
    expect(tokenMatches('abc', undefined)).toBe(false);
  });

  it('wrote nothing but the URL on stdout', () => {
    expect(stdoutLines).toHaveLength(1);
    expect(new URL(stdoutLines[0]!).href).toBe(url.href);
  });
});
