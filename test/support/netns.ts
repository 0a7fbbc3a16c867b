import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';

/**
 * Network-namespace plumbing for the netns tests. Everything runs with argv (never a shell),
 * every wait is bounded, and everything created is registered in a Cleanup so it is removed
 * even when a test fails. Namespace names carry the creating process id
 * (`PREFIX-PID36-N`) so that `sweepStale(prefix)` can remove what killed runs left behind
 * without touching a run that is still alive.
 */

export const IP = '/usr/sbin/ip';

export interface ExecResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface ExecOptions {
  timeoutMs?: number;
  /** Fail (reject) on a non-zero exit; default true. */
  check?: boolean;
  input?: string;
}

/** Runs argv[0] with argv[1..] (no shell), bounded in time. */
export function run(argv: string[], opts: ExecOptions = {}): Promise<ExecResult> {
  const [file, ...args] = argv;
  if (!file) return Promise.reject(new Error('run: empty argv'));
  const timeout = opts.timeoutMs ?? 20_000;
  return new Promise((resolve, reject) => {
    const child = execFile(
      file,
      args,
      { timeout, killSignal: 'SIGKILL', maxBuffer: 16 * 1024 * 1024, encoding: 'utf8' },
      (err, stdout, stderr) => {
        const e = err as (NodeJS.ErrnoException & { code?: unknown; signal?: unknown }) | null;
        const result: ExecResult = {
          code: e ? (typeof e.code === 'number' ? e.code : null) : 0,
          signal: e && typeof e.signal === 'string' ? (e.signal as NodeJS.Signals) : null,
          stdout,
          stderr,
        };
        if (e && typeof e.code === 'string') {
          reject(new Error(`${argv.join(' ')}: ${e.message}`));
        } else if (opts.check !== false && result.code !== 0) {
          const why = result.signal ? `signal ${result.signal}` : `exit ${String(result.code)}`;
          reject(new Error(`${argv.join(' ')}: ${why}: ${stderr.trim() || stdout.trim()}`));
        } else {
          resolve(result);
        }
      },
    );
    if (opts.input !== undefined) child.stdin?.end(opts.input);
  });
}

/** Runs a command inside namespace `ns` (through `ip netns exec`, still no shell). */
export function execIn(ns: string, argv: string[], opts: ExecOptions = {}): Promise<ExecResult> {
  return run([IP, 'netns', 'exec', ns, ...argv], opts);
}

/**
 * Starts a long-running command inside `ns`. `ip netns exec` execs the program, so
 * child.pid is the program's own pid. The process is registered with `cleanup` (killed).
 */
export function spawnIn(
  ns: string,
  argv: string[],
  cleanup: Cleanup,
  opts: { logFile?: string; env?: NodeJS.ProcessEnv } = {},
): ChildProcess {
  const child = spawn(IP, ['netns', 'exec', ns, ...argv], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: opts.env ?? process.env,
  });
  if (opts.logFile) {
    const file = opts.logFile;
    const append = (b: Buffer): void => writeFileSync(file, b, { flag: 'a' });
    child.stdout?.on('data', append);
    child.stderr?.on('data', append);
  } else {
    child.stdout?.resume();
    child.stderr?.resume();
  }
  cleanup.add(
    `kill ${argv[0] ?? '?'} in ${ns}`,
    () => stopProcess(child),
    () => {
      if (child.pid && child.exitCode === null) process.kill(child.pid, 'SIGKILL');
    },
  );
  return child;
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves when the process has exited. */
export async function stopProcess(child: ChildProcess, graceMs = 5_000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

export interface WaitOptions {
  timeoutMs?: number;
  intervalMs?: number;
  /** Named in the timeout error. */
  what?: string;
}

/** Polls `probe` until it returns a value other than undefined/false; bounded in time and tries. */
export async function waitFor<T>(
  probe: () => T | undefined | false | Promise<T | undefined | false>,
  opts: WaitOptions = {},
): Promise<T> {
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const intervalMs = opts.intervalMs ?? 100;
  const deadline = Date.now() + timeoutMs;
  const maxTries = Math.ceil(timeoutMs / intervalMs) + 1;
  let lastError: unknown;
  for (let i = 0; i < maxTries; i++) {
    try {
      const v = await probe();
      if (v !== undefined && v !== false) return v;
    } catch (err) {
      lastError = err;
    }
    if (Date.now() >= deadline) break;
    await new Promise((r) => setTimeout(r, intervalMs));
  }
  const why = lastError instanceof Error ? ` (last error: ${lastError.message})` : '';
  throw new Error(
    `timed out after ${timeoutMs} ms waiting for ${opts.what ?? 'a condition'}${why}`,
  );
}

/**
 * Waits until `file` (from character `fromOffset` on) matches `pattern`; returns the match.
 * A match for `failOn` fails the wait at once.
 */
export function waitForLog(
  file: string,
  pattern: RegExp,
  opts: WaitOptions & { failOn?: RegExp; fromOffset?: number } = {},
): Promise<RegExpMatchArray> {
  return waitFor(
    () => {
      if (!existsSync(file)) return undefined;
      const text = readFileSync(file, 'utf8').slice(opts.fromOffset ?? 0);
      const bad = opts.failOn && text.match(opts.failOn);
      if (bad) throw new Error(`${file} reports "${bad[0]}"`);
      return text.match(pattern) ?? undefined;
    },
    { what: `${pattern} in ${file}`, ...opts },
  );
}

type Undo = () => Promise<void> | void;

/**
 * Everything a test created, undone in reverse order. `run()` never throws half-way: every
 * step is attempted and failures are collected. A best-effort synchronous variant runs when
 * the process exits without having cleaned up (e.g. the worker is torn down).
 */
export class Cleanup {
  private steps: Array<{ label: string; undo: Undo; undoSync?: () => void }> = [];
  private readonly onExit = (): void => this.runSync();

  constructor() {
    process.once('exit', this.onExit);
  }

  add(label: string, undo: Undo, undoSync?: () => void): void {
    this.steps.push({ label, undo, ...(undoSync ? { undoSync } : {}) });
  }

  async run(): Promise<void> {
    process.removeListener('exit', this.onExit);
    const errors: string[] = [];
    for (let step = this.steps.pop(); step; step = this.steps.pop()) {
      try {
        await step.undo();
      } catch (err) {
        errors.push(`${step.label}: ${err instanceof Error ? err.message : String(err)}`);
      }
    }
    if (errors.length) throw new Error(`cleanup failed: ${errors.join('; ')}`);
  }

  runSync(): void {
    for (let step = this.steps.pop(); step; step = this.steps.pop()) {
      try {
        step.undoSync?.();
      } catch {
        // Best effort at exit; sweepStale() catches what is left.
      }
    }
  }
}

let counter = 0;

/** A fresh namespace name `PREFIX-PID36-N[suffix]`; keep prefix+suffix short. */
export function uniqueName(prefix: string, suffix = ''): string {
  counter += 1;
  return `${prefix}-${process.pid.toString(36)}-${counter.toString(36)}${suffix}`;
}

function netnsDir(name: string): string {
  return path.join('/etc/netns', name);
}

function deleteNamespaceSync(name: string): void {
  const pids = spawnSync(IP, ['netns', 'pids', name], { encoding: 'utf8' }).stdout ?? '';
  for (const pid of pids.split(/\s+/).filter(Boolean)) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // already gone
    }
  }
  spawnSync(IP, ['netns', 'delete', name]);
  rmSync(netnsDir(name), { recursive: true, force: true });
}

/** Kills the namespace's processes, deletes it and its /etc/netns directory. */
export async function deleteNamespace(name: string): Promise<void> {
  const { stdout } = await run([IP, 'netns', 'pids', name], { check: false });
  for (const pid of stdout.split(/\s+/).filter(Boolean)) {
    try {
      process.kill(Number(pid), 'SIGKILL');
    } catch {
      // already gone
    }
  }
  await run([IP, 'netns', 'delete', name], { check: false });
  rmSync(netnsDir(name), { recursive: true, force: true });
}

/**
 * Creates a namespace with loopback up and its own /etc/netns/NAME/resolv.conf (bind-mounted
 * over /etc/resolv.conf by `ip netns exec`, so DNS changes made inside stay inside).
 */
export async function createNamespace(
  name: string,
  cleanup: Cleanup,
  opts: { resolvConf?: string } = {},
): Promise<string> {
  mkdirSync(netnsDir(name), { recursive: true });
  writeFileSync(
    path.join(netnsDir(name), 'resolv.conf'),
    opts.resolvConf ?? '# gangway test namespace\nnameserver 192.0.2.53\n',
  );
  cleanup.add(
    `delete netns ${name}`,
    () => deleteNamespace(name),
    () => deleteNamespaceSync(name),
  );
  await run([IP, 'netns', 'add', name]);
  await execIn(name, [IP, 'link', 'set', 'lo', 'up']);
  return name;
}

export interface VethEnd {
  ns: string;
  ifname: string;
  /** CIDR addresses, e.g. "198.51.100.1/24", "2001:db8:100::1/64". */
  addresses: string[];
}

/** Creates a veth pair directly inside two namespaces (no name clash in the root namespace). */
export async function createVeth(a: VethEnd, b: VethEnd): Promise<void> {
  for (const end of [a, b]) {
    if (end.ifname.length > 15) throw new Error(`interface name too long: ${end.ifname}`);
  }
  await run([
    IP,
    'link',
    'add',
    a.ifname,
    'netns',
    a.ns,
    'type',
    'veth',
    'peer',
    'name',
    b.ifname,
    'netns',
    b.ns,
  ]);
  for (const end of [a, b]) {
    for (const cidr of end.addresses) {
      const extra = cidr.includes(':') ? ['nodad'] : [];
      await execIn(end.ns, [IP, 'addr', 'add', cidr, 'dev', end.ifname, ...extra]);
    }
    await execIn(end.ns, [IP, 'link', 'set', end.ifname, 'up']);
  }
}

/** Reads /etc/netns/NAME/resolv.conf (what the namespace sees as /etc/resolv.conf). */
export function namespaceResolvConf(name: string): string {
  return readFileSync(path.join(netnsDir(name), 'resolv.conf'), 'utf8');
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Removes namespaces (and their /etc/netns dirs and processes) named `PREFIX-PID36-…` whose
 * creating process is gone. Returns the names removed.
 */
export async function sweepStale(prefix: string): Promise<string[]> {
  const { stdout } = await run([IP, 'netns', 'list'], { check: false });
  const names = new Set(stdout.split('\n').map((l) => l.split(' ')[0] ?? ''));
  if (existsSync('/etc/netns')) {
    for (const entry of readdirSync('/etc/netns')) names.add(entry);
  }
  const removed: string[] = [];
  const pattern = new RegExp(`^${prefix.replace(/[^A-Za-z0-9]/g, '\\$&')}-([0-9a-z]+)-`);
  for (const name of names) {
    const m = name.match(pattern);
    if (!m?.[1] || pidAlive(parseInt(m[1], 36))) continue;
    await deleteNamespace(name);
    removed.push(name);
  }
  return removed;
}

/*
 * Reachability probes. Real ICMP echo uses iputils `ping` (a prerequisite: PING_PROGRAM). The
 * lab also answers UDP echo (RFC 862 style) on port 7 in the server namespace, probed with node
 * itself: long probe runs (loss counting, hundreds of probes at a fixed pace) use that one.
 */
export const PING_PROGRAM = { '/usr/bin/ping': 'iputils-ping' };
export const UDP_ECHO_PORT = 7;

const ECHO_SERVER = `
const dgram = require('node:dgram');
for (const type of ['udp4', 'udp6']) {
  const s = dgram.createSocket({ type, ipv6Only: type === 'udp6' });
  s.on('message', (m, r) => s.send(m, r.port, r.address));
  s.bind(Number(process.argv[1]));
}`;

const ECHO_CLIENT = `
const dgram = require('node:dgram');
const [address, count, timeoutMs] = [process.argv[1], Number(process.argv[2]), Number(process.argv[3])];
const s = dgram.createSocket(address.includes(':') ? 'udp6' : 'udp4');
const rtts = [];
let seq = 0, sentAt = 0, timer;
function next() {
  if (seq >= count) { console.log(JSON.stringify(rtts)); process.exit(rtts.length ? 0 : 1); }
  seq += 1; sentAt = process.hrtime.bigint();
  s.send(Buffer.from('gangway-probe-' + seq), ${UDP_ECHO_PORT}, address);
  timer = setTimeout(next, timeoutMs);
}
s.on('message', (m) => {
  if (m.toString() !== 'gangway-probe-' + seq) return;
  clearTimeout(timer);
  rtts.push(Number(process.hrtime.bigint() - sentAt) / 1e6);
  setTimeout(next, 20);
});
next();`;

/** Starts a UDP echo responder (v4 + v6, port 7) in `ns`; killed by `cleanup`. */
export function startUdpEcho(ns: string, cleanup: Cleanup): ChildProcess {
  return spawnIn(ns, [process.execPath, '-e', ECHO_SERVER, String(UDP_ECHO_PORT)], cleanup);
}

/**
 * Sends `count` UDP echo probes from `ns` to `address` (each waits `timeoutMs` at most) and
 * returns the round-trip times in ms of those answered; [] when none was.
 */
export async function udpPing(
  ns: string,
  address: string,
  opts: { count?: number; timeoutMs?: number } = {},
): Promise<number[]> {
  const count = opts.count ?? 1;
  const timeoutMs = opts.timeoutMs ?? 2_000;
  const r = await execIn(
    ns,
    [process.execPath, '-e', ECHO_CLIENT, address, String(count), String(timeoutMs)],
    { check: false, timeoutMs: count * (timeoutMs + 100) + 5_000 },
  );
  if (r.code !== 0) return [];
  return JSON.parse(r.stdout.trim()) as number[];
}

/**
 * Sends `count` ICMP echo requests from `ns` to `address` with iputils ping (-W seconds to wait
 * for each answer) and returns the round-trip times in ms of the replies; [] when none came.
 */
export async function icmpPing(
  ns: string,
  address: string,
  opts: { count?: number; waitSeconds?: number } = {},
): Promise<number[]> {
  const count = opts.count ?? 3;
  const waitSeconds = opts.waitSeconds ?? 2;
  const r = await execIn(
    ns,
    ['/usr/bin/ping', '-n', '-c', String(count), '-W', String(waitSeconds), address],
    { check: false, timeoutMs: count * (waitSeconds + 1) * 1000 + 5_000 },
  );
  return [...r.stdout.matchAll(/bytes from .* time=([\d.]+) ms/g)].map((m) => Number(m[1]));
}
