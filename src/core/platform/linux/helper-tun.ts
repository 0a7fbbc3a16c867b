import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { existsSync } from 'node:fs';
import { GangwayError } from '../../errors';
import type { TunConfig, TunDevice, TunProvider } from '../network';
import { currentHelperLookup, locateHelper, type HelperLocation } from './helper-path';
import {
  encodeControl,
  encodePacketBatches,
  FrameDecoder,
  type HelperFrame,
} from './helper-frames';

/**
 * TunProvider for Linux: each open() starts gangway-helper (directly when already root,
 * through pkexec otherwise) or takes the one prepare() started during the handshake, and
 * talks to it over stdin/stdout (docs/helper-protocol.md).
 * A `stop` request or closing stdin makes the helper undo every change; so does this process
 * dying. Signals are only a last resort, and only for a helper started directly: one started
 * through pkexec runs as root, and this process may not signal it (EPERM).
 */

export interface LinuxHelperTunOptions {
  /**
   * Path of gangway-helper when it is started directly; default: locateHelper(). Through pkexec
   * the helper is always the installed one (helper-path.ts).
   */
  helperPath?: string;
  /** 'auto' (default): direct when root, else pkexec. */
  elevation?: 'auto' | 'direct' | 'pkexec';
  /** Interface name to ask for (at most 15 chars, may contain one %d); default gangway%d. */
  interfaceName?: string;
  /** Bound on start + authentication + configuration; default 30 s direct, 120 s pkexec. */
  openTimeoutMs?: number;
  /** Bound on the helper's restore-and-exit after close(), then a signal (direct only); default 10 s. */
  closeTimeoutMs?: number;
  /**
   * argv run in front of the helper when it is started directly, e.g.
   * ['/usr/sbin/ip', 'netns', 'exec', 'NS'] in tests. The launcher must exec the helper
   * (same process), or parent-death cleanup will not apply.
   */
  launcher?: string[];
}

const PKEXEC = '/usr/bin/pkexec';
/** Bytes queued to the helper beyond which new packets are dropped (as a full NIC queue would). */
const MAX_QUEUED_BYTES = 4 * 1024 * 1024;
const MAX_HELD_PACKETS = 256;

const HELPER_REFUSED_HINT =
  'The helper checked the request and refused it for the reason given; it changed nothing.';

function helperFailed(message: string, hint?: string): GangwayError {
  return new GangwayError('helper-failed', message, hint);
}

/** Asks the helper to restore everything and exit (docs/helper-protocol.md). */
const STOP_REQUEST = encodeControl({ type: 'stop' });

/** Makes the device ahead of `open` (docs/helper-protocol.md); same name as openRequest's. */
function createRequest(name: string | undefined): object {
  return { type: 'create', ...(name ? { name } : {}) };
}

/** Only the fields the helper knows: it refuses anything else. */
function openRequest(config: TunConfig, name: string | undefined): object {
  const addr = (a: TunConfig['ipv4']) =>
    a && { address: a.address, prefixLength: a.prefixLength, ...(a.peer ? { peer: a.peer } : {}) };
  return {
    type: 'open',
    ...(name ? { name } : {}),
    mtu: config.mtu,
    ...(config.ipv4 ? { ipv4: addr(config.ipv4) } : {}),
    ...(config.ipv6 ? { ipv6: addr(config.ipv6) } : {}),
    routes: config.routes.map((r) => ({
      destination: r.destination,
      ...(r.gateway ? { gateway: r.gateway } : {}),
      ...(r.metric !== undefined ? { metric: r.metric } : {}),
    })),
    ...(config.dns
      ? {
          dns: {
            servers: config.dns.servers,
            domains: config.dns.domains,
            searchDomains: config.dns.searchDomains,
          },
        }
      : {}),
    ...(config.redirectGateway
      ? {
          redirectGateway: {
            ipv4: config.redirectGateway.ipv4,
            ipv6: config.redirectGateway.ipv6,
            serverAddresses: config.redirectGateway.serverAddresses,
          },
        }
      : {}),
  };
}

export class LinuxHelperTunDevice implements TunDevice {
  private listeners: Array<(packets: Buffer[]) => void> = [];
  private closedListeners: Array<(error?: GangwayError) => void> = [];
  private queue: Buffer[] = [];
  /** Packets read before anyone listened (see holdUntilListened). */
  private held: Buffer[] = [];
  private flushScheduled = false;
  private closing: Promise<void> | undefined;
  private exited = false;
  /** The helper's last {"error"} message after open, reported when it exits. */
  private helperError: string | undefined;
  /** Packets dropped because they exceeded the MTU or the queue was full. */
  dropped = 0;
  readonly configured: Promise<void>;
  /** Settles `configured`; cleared once it has. */
  private settleConfigured:
    { resolve: () => void; reject: (error: GangwayError) => void } | undefined;

  constructor(
    readonly name: string,
    readonly mtu: number,
    private readonly child: ChildProcessWithoutNullStreams,
    private readonly closeTimeoutMs: number,
    private readonly stderrTail: () => string,
    /** Started directly, so this process may signal it (not through pkexec). */
    private readonly direct: boolean,
  ) {
    this.configured = new Promise<void>((resolve, reject) => {
      this.settleConfigured = { resolve, reject };
    });
    this.configured.catch(() => undefined); // a session that never asks must not crash on it
    // 'close' so that the helper's final error frame has been read (see open()).
    child.once('close', (code, signal) => {
      this.exited = true;
      const error =
        this.closing || code === 0
          ? undefined
          : helperFailed(
              `the TUN helper stopped unexpectedly (${signal ?? `exit ${String(code)}`}): ${
                this.helperError ?? stderrTail()
              }`,
            );
      this.settleConfigured?.reject(
        error ?? helperFailed(`the TUN helper stopped before it had configured ${name}`),
      );
      this.settleConfigured = undefined;
      for (const l of this.closedListeners) l(error);
    });
  }

  /** Called by the provider with frames that arrive after the open reply. */
  deliver(frame: HelperFrame): void {
    if (frame.type === 'packets') {
      if (this.listeners.length === 0) return this.holdUntilListened(frame.packets);
      for (const l of this.listeners) l(frame.packets);
    } else {
      const msg = frame.message as { error?: unknown; configured?: unknown };
      if (typeof msg.error === 'string') this.helperError = msg.error;
      if (msg.configured === true) {
        this.settleConfigured?.resolve();
        this.settleConfigured = undefined;
      }
    }
  }

  /**
   * The first packets often come in the same read as the open reply, before the session has
   * had a turn to listen; they are the ones that show the tunnel works, so keep a few.
   */
  private holdUntilListened(packets: Buffer[]): void {
    for (const p of packets) {
      if (this.held.length < MAX_HELD_PACKETS) this.held.push(p);
      else this.dropped++;
    }
  }

  onPackets(listener: (packets: Buffer[]) => void): void {
    this.listeners.push(listener);
    if (this.held.length === 0) return;
    const held = this.held;
    this.held = [];
    queueMicrotask(() => listener(held));
  }

  /** Called once when the helper has gone: with an error unless close() asked for it. */
  onClosed(listener: (error?: GangwayError) => void): void {
    this.closedListeners.push(listener);
  }

  writePackets(packets: Buffer[]): void {
    if (this.closing || this.exited) return;
    for (const p of packets) {
      if (p.length === 0 || p.length > this.mtu) this.dropped++;
      else this.queue.push(p);
    }
    if (!this.flushScheduled && this.queue.length > 0) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.flushScheduled = false;
    const packets = this.queue;
    this.queue = [];
    if (this.closing || this.exited) return;
    if (this.child.stdin.writableLength > MAX_QUEUED_BYTES) {
      this.dropped += packets.length;
      return;
    }
    for (const frame of encodePacketBatches(packets, this.mtu)) this.child.stdin.write(frame);
  }

  /**
   * `stop`, then end of input: either alone makes the helper restore and exit. A helper that
   * has not gone after closeTimeoutMs gets SIGTERM, then SIGKILL, if it was started directly;
   * one started through pkexec cannot be signalled, and close() then gives up waiting on it.
   */
  close(): Promise<void> {
    this.closing ??= new Promise<void>((resolve) => {
      if (this.exited) return resolve();
      const timers = [
        setTimeout(() => this.direct && this.child.kill('SIGTERM'), this.closeTimeoutMs),
        setTimeout(() => {
          if (this.direct) return void this.child.kill('SIGKILL');
          this.child.stdout.destroy();
          resolve();
        }, this.closeTimeoutMs + 3_000),
      ];
      this.child.once('exit', () => {
        for (const t of timers) clearTimeout(t);
        resolve();
      });
      this.child.stdin.write(STOP_REQUEST);
      this.child.stdin.end();
    });
    return this.closing;
  }
}

/** A started helper that has not been sent its open request yet. */
interface HelperProcess {
  child: ChildProcessWithoutNullStreams;
  direct: boolean;
  stderrTail(): string;
  /** Set when the process could not start ('error' before open() listened). */
  startError?: Error;
  /** The process has exited or failed to start: open() must not use it. */
  gone: boolean;
}

export class LinuxHelperTunProvider implements TunProvider {
  /** Started by prepare(), taken by the next open(), ended by release(). */
  private prepared: HelperProcess | undefined;

  constructor(private readonly options: LinuxHelperTunOptions = {}) {}

  private get direct(): boolean {
    const elevation = this.options.elevation ?? 'auto';
    return elevation === 'direct' || (elevation === 'auto' && process.getuid?.() === 0);
  }

  /** Which binary runs, and how; pkexec only ever gets the installed path. */
  private locate(): HelperLocation {
    const direct = this.direct;
    if (direct && this.options.helperPath) {
      const found = existsSync(this.options.helperPath);
      return found
        ? { found, path: this.options.helperPath, elevation: 'direct' }
        : {
            found,
            message: `the TUN helper was not found at ${this.options.helperPath}`,
            hint: 'Build it with `npm run build` (needs gcc and make), reinstall Gangway, or set GANGWAY_HELPER.',
          };
    }
    return locateHelper(currentHelperLookup(direct ? 'direct' : 'pkexec'));
  }

  private spawnHelper(helperPath: string): HelperProcess {
    const direct = this.direct;
    const argv = direct ? [...(this.options.launcher ?? []), helperPath] : [PKEXEC, helperPath];
    const [file, ...args] = argv as [string, ...string[]];
    // The helper clears its environment itself; pkexec needs ours to find the session's agent.
    const child = spawn(file, args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: direct ? {} : process.env,
    });
    let stderr = '';
    child.stderr.on('data', (b: Buffer) => {
      stderr = (stderr + b.toString('utf8')).slice(-2_000);
    });
    const helper: HelperProcess = {
      child,
      direct,
      stderrTail: () => stderr.trim().split('\n').slice(-3).join(' '),
      gone: false,
    };
    child.on('error', (err) => {
      helper.startError ??= err;
      helper.gone = true;
    });
    child.once('exit', () => (helper.gone = true));
    child.stdin.on('error', () => undefined); // EPIPE when the helper exits first; 'exit' reports it
    return helper;
  }

  /** Starts the helper now (in parallel with the handshake); the next open() sends it the request. */
  prepare(): void {
    // Through pkexec a prepared helper would ask for authorization on every attempt, even
    // ones that never reach the server; there the prompt dwarfs the spawn anyway.
    if (!this.direct) return;
    if (this.prepared && !this.prepared.gone) return;
    const location = this.locate();
    if (!location.found) return; // open() reports it
    this.prepared = this.spawnHelper(location.path);
    // The device is made now, during the handshake; open() then only configures it. This also
    // runs node's first write to the pipe (about 0.5 ms, cold) here rather than after PUSH_REPLY.
    this.prepared.child.stdin.write(encodeControl(createRequest(this.options.interfaceName)));
  }

  /**
   * Ends a helper that prepare() started and no open() took. All it did was create the
   * device, which goes away with its file descriptor when the helper exits.
   */
  release(): void {
    const helper = this.prepared;
    this.prepared = undefined;
    if (!helper || helper.gone) return;
    helper.child.stdin.end(); // the helper exits at once when stdin closes before a request
    helper.child.kill('SIGTERM');
  }

  /** The prepared helper if it is still waiting for its request (it exits after 60 s). */
  private takePrepared(): HelperProcess | undefined {
    const helper = this.prepared;
    if (helper && !helper.gone) {
      this.prepared = undefined;
      return helper;
    }
    this.release();
    return undefined;
  }

  open(config: TunConfig): Promise<LinuxHelperTunDevice> {
    const prepared = this.takePrepared();
    const location = prepared ? undefined : this.locate();
    if (location && !location.found) {
      this.release();
      return Promise.reject(helperFailed(location.message, location.hint));
    }
    const { child, direct, stderrTail, startError } =
      prepared ?? this.spawnHelper((location as { path: string }).path);
    const timeoutMs = this.options.openTimeoutMs ?? (direct ? 30_000 : 120_000);
    const closeTimeoutMs = this.options.closeTimeoutMs ?? 10_000;

    return new Promise((resolve, reject) => {
      const decoder = new FrameDecoder();
      let device: LinuxHelperTunDevice | undefined;
      let settled = false;
      const settle = (err: GangwayError | undefined, dev?: LinuxHelperTunDevice): void => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        if (err) {
          child.stdin.destroy(); // ends a helper started through pkexec, which we cannot signal
          if (direct && child.exitCode === null) child.kill('SIGTERM');
          reject(err);
        } else if (dev) {
          resolve(dev);
        }
      };
      const timer = setTimeout(
        () => settle(helperFailed(`the TUN helper did not answer within ${timeoutMs} ms`)),
        timeoutMs,
      );
      const startFailed = (err: Error): void =>
        settle(
          helperFailed(
            `cannot start the TUN helper: ${err.message}`,
            direct ? undefined : 'Install pkexec (package pkexec or policykit-1), or run as root.',
          ),
        );
      if (startError) return startFailed(startError);
      child.on('error', startFailed);
      // 'close', not 'exit': 'exit' can come before the helper's last frame (its error
      // message) has been read from stdout, and that message is the reason the user needs.
      child.once('close', (code, signal) => {
        if (device) return;
        const why =
          !direct && (code === 126 || code === 127)
            ? 'authorization was refused or dismissed'
            : `${signal ?? `exit ${String(code)}`}${stderrTail() ? `: ${stderrTail()}` : ''}`;
        settle(helperFailed(`the TUN helper stopped before the device was ready (${why})`));
      });
      child.stdout.on('data', (chunk: Buffer) => {
        let frames: HelperFrame[];
        try {
          frames = decoder.push(chunk);
        } catch (err) {
          settle(helperFailed(`the TUN helper sent garbage: ${(err as Error).message}`));
          return;
        }
        for (const frame of frames) {
          if (device) {
            device.deliver(frame);
            continue;
          }
          const msg = frame.type === 'control' ? (frame.message as Record<string, unknown>) : {};
          if (typeof msg.error === 'string') {
            // The helper ran and refused: its reason is the whole story, not the install.
            settle(helperFailed(msg.error, HELPER_REFUSED_HINT));
          } else if (msg.ok === true && typeof msg.name === 'string') {
            device = new LinuxHelperTunDevice(
              msg.name,
              config.mtu,
              child,
              closeTimeoutMs,
              stderrTail,
              direct,
            );
            settle(undefined, device);
          } else {
            settle(helperFailed('the TUN helper answered the open request unexpectedly'));
          }
        }
      });
      child.stdin.write(encodeControl(openRequest(config, this.options.interfaceName)));
    });
  }
}
