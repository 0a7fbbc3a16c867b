import { EventEmitter } from 'node:events';
import net from 'node:net';
import { GangwayError } from '../../errors';
import { encodePacket, PacketReader, PacketType, type Packet, type ViciSection } from './codec';

/**
 * A VICI client over charon's unix socket. VICI allows one command at a time per connection
 * and has no request ids, so commands are queued; events may arrive at any time (streamed
 * list-* results during a command, or registered notifications such as child-updown).
 */

export interface ViciEvent {
  name: string;
  message: ViciSection;
}

/** "unix:///run/charon.vici" or a plain path. */
export function viciSocketPath(uri: string): string {
  if (uri.startsWith('unix://')) return uri.slice('unix://'.length);
  if (/^[a-z]+:\/\//i.test(uri)) {
    throw new GangwayError(
      'bad-input',
      `unsupported VICI URI: ${uri}`,
      'use unix:///path/to/charon.vici',
    );
  }
  return uri;
}

function connectError(path: string, err: NodeJS.ErrnoException): GangwayError {
  const why =
    err.code === 'ENOENT'
      ? 'the socket does not exist'
      : err.code === 'ECONNREFUSED'
        ? 'nothing is listening (charon is not running)'
        : err.code === 'EACCES'
          ? 'permission denied'
          : err.message;
  return new GangwayError(
    'vici-unreachable',
    `cannot connect to charon's VICI socket ${path}: ${why}`,
    'is charon running with the vici plugin?',
  );
}

/** Most list-* messages read for one command: far above IPSEC_LIMITS' tunnels. */
export const MAX_STREAMED_EVENTS = 10_000;

interface Pending {
  resolve(p: Packet): void;
  reject(err: Error): void;
}

export class ViciClient extends EventEmitter<{ event: [ViciEvent]; close: [] }> {
  private readonly reader = new PacketReader();
  private waiting: Pending | undefined;
  private queue: Promise<unknown> = Promise.resolve();
  private closed = false;

  private constructor(
    private readonly socket: net.Socket,
    readonly path: string,
    private readonly timeoutMs: number,
  ) {
    super();
    socket.on('data', (chunk: Buffer) => this.onData(chunk));
    socket.on('close', () => {
      this.closed = true;
      this.waiting?.reject(
        new GangwayError('vici-closed', `charon closed the VICI connection ${path}`),
      );
      this.waiting = undefined;
      this.emit('close');
    });
    socket.on('error', () => {
      // 'close' follows and rejects what is waiting.
    });
  }

  static connect(uri: string, opts: { timeoutMs?: number } = {}): Promise<ViciClient> {
    const path = viciSocketPath(uri);
    const timeoutMs = opts.timeoutMs ?? 10_000;
    return new Promise((resolve, reject) => {
      const socket = net.createConnection({ path });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(
          new GangwayError(
            'vici-unreachable',
            `no answer from charon's VICI socket ${path} within ${timeoutMs} ms`,
          ),
        );
      }, timeoutMs);
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(connectError(path, err));
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        resolve(new ViciClient(socket, path, timeoutMs));
      });
    });
  }

  private onData(chunk: Buffer): void {
    let packets: Packet[];
    try {
      packets = this.reader.push(chunk);
    } catch (err) {
      this.waiting?.reject(err as Error);
      this.waiting = undefined;
      this.socket.destroy();
      return;
    }
    for (const p of packets) {
      if (p.type === PacketType.EVENT) {
        this.emit('event', { name: p.name ?? '', message: p.message ?? {} });
      } else if (this.waiting) {
        const w = this.waiting;
        this.waiting = undefined;
        w.resolve(p);
      }
    }
  }

  /** Sends one packet and waits for the reply packet (commands are serialized). */
  private exchange(p: Packet): Promise<Packet> {
    const run = (): Promise<Packet> =>
      new Promise<Packet>((resolve, reject) => {
        if (this.closed) {
          reject(new GangwayError('vici-closed', `the VICI connection ${this.path} is closed`));
          return;
        }
        const timer = setTimeout(() => {
          this.waiting = undefined;
          reject(
            new GangwayError(
              'vici-timeout',
              `charon did not answer "${p.name ?? ''}" within ${this.timeoutMs} ms`,
            ),
          );
        }, this.timeoutMs);
        this.waiting = {
          resolve: (x) => {
            clearTimeout(timer);
            resolve(x);
          },
          reject: (e) => {
            clearTimeout(timer);
            reject(e);
          },
        };
        this.socket.write(encodePacket(p));
      });
    const next = this.queue.then(run, run);
    this.queue = next.catch(() => undefined);
    return next;
  }

  /** A command; resolves to its response message. */
  async request(command: string, message: ViciSection = {}): Promise<ViciSection> {
    const reply = await this.exchange({ type: PacketType.CMD_REQUEST, name: command, message });
    if (reply.type === PacketType.CMD_UNKNOWN) {
      throw new GangwayError(
        'vici-unknown-command',
        `charon does not know the VICI command "${command}"`,
      );
    }
    if (reply.type !== PacketType.CMD_RESPONSE) {
      throw new GangwayError(
        'vici-protocol',
        `unexpected VICI reply ${reply.type} to "${command}"`,
      );
    }
    return reply.message ?? {};
  }

  async register(event: string): Promise<void> {
    const reply = await this.exchange({ type: PacketType.EVENT_REGISTER, name: event });
    if (reply.type !== PacketType.EVENT_CONFIRM) {
      throw new GangwayError(
        'vici-unknown-event',
        `charon refused to register the VICI event "${event}"`,
      );
    }
  }

  async unregister(event: string): Promise<void> {
    await this.exchange({ type: PacketType.EVENT_UNREGISTER, name: event });
  }

  /**
   * A list-* command: collects the `event` messages it streams before its response, at most
   * MAX_STREAMED_EVENTS of them (each is up to 512 KiB, so an endless stream would otherwise
   * fill memory).
   */
  async streamed(
    command: string,
    event: string,
    message: ViciSection = {},
  ): Promise<ViciSection[]> {
    const items: ViciSection[] = [];
    let dropped = 0;
    const collect = (e: ViciEvent): void => {
      if (e.name !== event) return;
      if (items.length < MAX_STREAMED_EVENTS) items.push(e.message);
      else dropped++;
    };
    await this.register(event);
    this.on('event', collect);
    try {
      await this.request(command, message);
    } finally {
      this.off('event', collect);
      if (!this.closed) await this.unregister(event);
    }
    if (dropped) {
      throw new GangwayError(
        'vici-too-large',
        `charon sent more than ${MAX_STREAMED_EVENTS} "${event}" messages for "${command}"`,
        'Gangway shows strongSwan hosts with fewer connections and SAs',
      );
    }
    return items;
  }

  close(): void {
    this.closed = true;
    this.socket.end();
    this.socket.destroy();
  }
}
