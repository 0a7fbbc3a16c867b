/** UDP transport over node:dgram: one OpenVPN packet per datagram, socket connected to the server. */
import { createSocket, type Socket } from 'node:dgram';
import type { ConnectTarget, Transport, TransportEvents } from './transport';

export class UdpTransport implements Transport {
  readonly proto = 'udp' as const;
  private constructor(
    private readonly socket: Socket,
    readonly remoteAddress: string,
    readonly family: 4 | 6,
  ) {}

  static open(target: ConnectTarget, events: TransportEvents): Promise<UdpTransport> {
    const socket = createSocket({
      type: target.family === 6 ? 'udp6' : 'udp4',
      recvBufferSize: 4 << 20,
      sendBufferSize: 4 << 20,
    });
    return new Promise((resolve, reject) => {
      const fail = (err: Error): void => reject(err);
      socket.once('error', fail);
      const connectNow = (): void =>
        socket.connect(target.port, target.address, () => {
          socket.off('error', fail);
          socket.on('error', (err) => events.error(err));
          socket.on('message', (msg) => events.packet(msg));
          resolve(new UdpTransport(socket, target.address, target.family));
        });
      if (target.localPort) socket.bind(target.localPort, connectNow);
      else connectNow();
    });
  }

  send(packet: Buffer): void {
    this.socket.send(packet);
  }

  sendMany(packets: Buffer[]): void {
    for (const p of packets) this.socket.send(p);
  }

  close(): void {
    try {
      this.socket.close();
    } catch {
      // already closed
    }
  }
}
