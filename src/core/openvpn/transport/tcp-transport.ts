/** TCP transport over node:net with OpenVPN's 2-byte length framing. */
import { connect, type Socket } from 'node:net';
import { frameTcp, TcpDeframer } from './tcp-framer';
import {
  sendFailureOf,
  type ConnectTarget,
  type Transport,
  type TransportEvents,
} from './transport';

export class TcpTransport implements Transport {
  readonly proto = 'tcp' as const;
  private closed = false;

  private constructor(
    private readonly socket: Socket,
    private readonly events: TransportEvents,
    readonly remoteAddress: string,
    readonly family: 4 | 6,
  ) {}

  /** Resolves once connected; rejects on refusal or after `timeoutMs`. */
  static open(
    target: ConnectTarget,
    events: TransportEvents,
    timeoutMs: number,
  ): Promise<TcpTransport> {
    return new Promise((resolve, reject) => {
      const socket = connect({
        host: target.address,
        port: target.port,
        family: target.family,
        noDelay: true,
        ...(target.localPort ? { localPort: target.localPort } : {}),
      });
      const timer = setTimeout(() => {
        socket.destroy();
        reject(
          Object.assign(new Error(`TCP connect to ${target.address}:${target.port} timed out`), {
            code: 'ETIMEDOUT',
          }),
        );
      }, timeoutMs);
      socket.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
      socket.once('connect', () => {
        clearTimeout(timer);
        socket.removeAllListeners('error');
        const deframer = new TcpDeframer();
        socket.on('data', (chunk: Buffer) => {
          let packets: Buffer[];
          try {
            packets = deframer.push(chunk);
          } catch (err) {
            socket.destroy();
            events.error(err as Error);
            return;
          }
          for (const p of packets) events.packet(p);
        });
        socket.on('error', (err) => events.error(err));
        socket.on('close', () => events.error(new Error('the server closed the TCP connection')));
        resolve(new TcpTransport(socket, events, target.address, target.family));
      });
    });
  }

  send(packet: Buffer): void {
    this.sendMany([packet]);
  }

  sendMany(packets: Buffer[]): void {
    if (this.closed || packets.length === 0) return;
    if (this.socket.destroyed || !this.socket.writable) {
      this.events.sendFailed({ code: 'ECONNRESET', message: 'the TCP connection is closed' });
      return;
    }
    try {
      // A write that fails later is reported by the socket's 'error' event (see open()).
      this.socket.write(frameTcp(packets));
    } catch (err) {
      this.events.sendFailed(sendFailureOf(err));
    }
  }

  close(): void {
    this.closed = true;
    this.socket.removeAllListeners('close');
    this.socket.destroy();
  }
}
