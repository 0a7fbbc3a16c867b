/** UDP transport over node:dgram: one OpenVPN packet per datagram, socket connected to the server. */
import { createSocket, type Socket } from 'node:dgram';
import {
  sendFailureOf,
  type ConnectTarget,
  type Transport,
  type TransportEvents,
} from './transport';

export class UdpTransport implements Transport {
  readonly proto = 'udp' as const;
  private closed = false;
  /**
   * One callback for every send that reports: node drops send errors silently when no callback
   * is given, and a closure per packet would cost the data path.
   */
  private readonly afterSend = (err: Error | null): void => {
    if (err && !this.closed) this.events.sendFailed(sendFailureOf(err));
  };

  private constructor(
    private readonly socket: Socket,
    private readonly events: TransportEvents,
    readonly remoteAddress: string,
    readonly family: 4 | 6,
  ) {}

  /**
   * Resolves once the socket is connected to the server. node hands a failed connect (e.g.
   * ENETUNREACH while the link is down) to the connect callback as its argument, not as an
   * 'error' event: such a socket is not connected, and sending on it would throw.
   */
  static open(target: ConnectTarget, events: TransportEvents): Promise<UdpTransport> {
    const socket = createSocket({
      type: target.family === 6 ? 'udp6' : 'udp4',
      recvBufferSize: 4 << 20,
      sendBufferSize: 4 << 20,
    });
    return new Promise((resolve, reject) => {
      const fail = (err: Error): void => {
        try {
          socket.close();
        } catch {
          // already closed
        }
        reject(err);
      };
      socket.once('error', fail);
      const connectNow = (): void =>
        socket.connect(target.port, target.address, (err?: Error) => {
          if (err) return fail(err);
          socket.off('error', fail);
          socket.on('error', (e) => events.error(e));
          socket.on('message', (msg) => events.packet(msg));
          resolve(new UdpTransport(socket, events, target.address, target.family));
        });
      if (target.localPort) socket.bind(target.localPort, connectNow);
      else connectNow();
    });
  }

  send(packet: Buffer): void {
    if (this.closed) return;
    try {
      this.socket.send(packet, this.afterSend);
    } catch (err) {
      this.events.sendFailed(sendFailureOf(err));
    }
  }

  /** Only the last packet of a batch reports: a broken path fails all of them alike. */
  sendMany(packets: Buffer[]): void {
    if (this.closed) return;
    const last = packets.length - 1;
    try {
      for (let i = 0; i < last; i++) this.socket.send(packets[i] as Buffer);
      if (last >= 0) this.socket.send(packets[last] as Buffer, this.afterSend);
    } catch (err) {
      this.events.sendFailed(sendFailureOf(err));
    }
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.socket.close();
    } catch {
      // already closed
    }
  }
}
