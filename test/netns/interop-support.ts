/**
 * Helpers for the interop suites: run our CLI in the lab's client namespace, follow its JSON
 * SessionEvents, move a hashed bulk transfer through the tunnel, and check that nothing is
 * left behind (tun device, routes, resolv.conf).
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createCipheriv, createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { createInterface } from 'node:readline';
import type { SessionEvent, TunnelState } from '../../src/shared/tunnel-state';
import { execIn, namespaceResolvConf, run, spawnIn } from '../support/netns';
import type { Lab } from '../support/openvpn-lab';

const ROOT = path.resolve(__dirname, '..', '..');
export const CLI = path.join(ROOT, 'bin', 'gangway.cjs');

export async function buildCli(): Promise<void> {
  await run([process.execPath, path.join(ROOT, 'scripts', 'build.mjs'), 'cli', 'helper'], {
    timeoutMs: 120_000,
  });
}

export interface RunningClient {
  process: ChildProcess;
  events: SessionEvent[];
  states: TunnelState[];
  waitFor(kind: TunnelState['kind'], timeoutMs?: number): Promise<TunnelState>;
  /** SIGINT (or `signal`) and wait for the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>;
  exited: Promise<number | null>;
}

export function startClient(
  lab: Lab,
  extraArgs: string[] = [],
  profilePath = lab.clientProfilePath,
): RunningClient {
  const args = [CLI, 'connect', profilePath, '--json', ...extraArgs];
  if (lab.credentialsPath && !extraArgs.includes('--auth-file'))
    args.push('--auth-file', lab.credentialsPath);
  const child = spawn('/usr/sbin/ip', ['netns', 'exec', lab.clientNs, process.execPath, ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  lab.cleanup.add('stop gangway client', async () => {
    if (child.exitCode === null) child.kill('SIGKILL');
  });
  const events: SessionEvent[] = [];
  const states: TunnelState[] = [];
  const waiters: Array<() => void> = [];
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
  createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
    try {
      const e = JSON.parse(line) as SessionEvent;
      events.push(e);
      if (e.type === 'state') states.push(e.state);
      for (const w of waiters.splice(0)) w();
    } catch {
      // not an event line
    }
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const waitFor = (kind: TunnelState['kind'], timeoutMs = 30_000): Promise<TunnelState> =>
    new Promise((resolve, reject) => {
      const started = states.length;
      const timer = setTimeout(() => {
        reject(
          new Error(
            `no "${kind}" state within ${timeoutMs} ms; states: ${states.map((s) => s.kind).join(' → ')}; stderr: ${stderr.slice(-500)}`,
          ),
        );
      }, timeoutMs);
      const check = (): void => {
        const hit = states.slice(started).find((s) => s.kind === kind);
        if (hit) {
          clearTimeout(timer);
          resolve(hit);
        } else if (child.exitCode !== null) {
          clearTimeout(timer);
          reject(
            new Error(
              `client exited (${child.exitCode}) before "${kind}"; states: ${states.map((s) => s.kind).join(' → ')}; stderr: ${stderr.slice(-500)}`,
            ),
          );
        } else waiters.push(check);
      };
      child.on('exit', () => check());
      check();
    });
  return {
    process: child,
    events,
    states,
    waitFor,
    exited,
    stop: async (signal: NodeJS.Signals = 'SIGINT') => {
      if (child.exitCode === null) child.kill(signal);
      return exited;
    },
  };
}

/** Deterministic bytes: AES-256-CTR keystream of a fixed key, so both ends can hash them. */
export function transferBytes(length: number): Buffer {
  return createCipheriv('aes-256-ctr', Buffer.alloc(32, 7), Buffer.alloc(16)).update(
    Buffer.alloc(length),
  );
}

const TRANSFER_SERVER = `
const net = require('node:net'), crypto = require('node:crypto');
const [host, port, size] = [process.argv[1], Number(process.argv[2]), Number(process.argv[3])];
const data = crypto.createCipheriv('aes-256-ctr', Buffer.alloc(32, 7), Buffer.alloc(16)).update(Buffer.alloc(size));
net.createServer((sock) => {
  let mode = null, hash = crypto.createHash('sha256'), got = 0;
  sock.on('data', (chunk) => {
    if (mode === null) { mode = chunk[0]; chunk = chunk.subarray(1); if (mode === 68) { sock.end(data); return; } }
    if (mode === 85) { hash.update(chunk); got += chunk.length; if (got >= size) sock.end(hash.digest('hex')); }
  });
  sock.on('error', () => {});
}).listen(port, host, () => console.log('listening'));`;

const TRANSFER_CLIENT = `
const net = require('node:net'), crypto = require('node:crypto');
const [host, port, size, mode] = [process.argv[1], Number(process.argv[2]), Number(process.argv[3]), process.argv[4]];
const started = Date.now();
const sock = net.connect(port, host, () => {
  if (mode === 'D') sock.write('D');
  else sock.write(Buffer.concat([Buffer.from('U'), crypto.createCipheriv('aes-256-ctr', Buffer.alloc(32, 7), Buffer.alloc(16)).update(Buffer.alloc(size))]));
});
const hash = crypto.createHash('sha256'); let got = 0, text = '';
sock.on('data', (c) => { if (mode === 'D') { hash.update(c); got += c.length; } else text += c; });
sock.on('end', () => console.log(JSON.stringify({ hash: mode === 'D' ? hash.digest('hex') : text, bytes: mode === 'D' ? got : size, ms: Date.now() - started })));
sock.setTimeout(60000, () => { console.error('timeout'); process.exit(1); });`;

export const TRANSFER_PORT = 5201;

export async function startTransferServer(lab: Lab, host: string, size: number): Promise<void> {
  const log = path.join(lab.dir, `transfer-${host.replace(/:/g, '_')}.log`);
  writeFileSync(log, '');
  spawnIn(
    lab.serverNs,
    [process.execPath, '-e', TRANSFER_SERVER, host, String(TRANSFER_PORT), String(size)],
    lab.cleanup,
    { logFile: log },
  );
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    if (readFileSync(log, 'utf8').includes('listening')) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('transfer server did not start');
}

/** Runs one transfer from the client namespace; returns the hash, bytes and duration. */
export async function transfer(
  lab: Lab,
  host: string,
  size: number,
  mode: 'D' | 'U',
): Promise<{ hash: string; bytes: number; ms: number }> {
  const r = await execIn(
    lab.clientNs,
    [process.execPath, '-e', TRANSFER_CLIENT, host, String(TRANSFER_PORT), String(size), mode],
    {
      timeoutMs: 90_000,
    },
  );
  return JSON.parse(r.stdout.trim()) as { hash: string; bytes: number; ms: number };
}

export function sha256(b: Buffer): string {
  return createHash('sha256').update(b).digest('hex');
}

/** What the client namespace looks like, to compare before and after a session. */
export async function systemSnapshot(
  lab: Lab,
): Promise<{ links: string; routes: string; routes6: string; resolv: string }> {
  const ip = async (...a: string[]) =>
    (await execIn(lab.clientNs, ['/usr/sbin/ip', ...a])).stdout.replace(/\s+$/, '');
  let resolv = '(none)';
  try {
    resolv = namespaceResolvConf(lab.clientNs);
  } catch {
    // no resolv.conf for this namespace
  }
  return {
    links: (await ip('-o', 'link', 'show'))
      .replace(/^\d+: /gm, '')
      .split('\n')
      .map((l) => l.split(':')[0])
      .join(','),
    routes: await ip('route', 'show'),
    routes6: await ip('-6', 'route', 'show'),
    resolv,
  };
}
