/**
 * A connected link to one server address: packets in, packets out. UDP sends one packet per
 * datagram; TCP adds the 2-byte length framing. The session does not care which.
 */
export interface TransportEvents {
  packet(data: Buffer): void;
  /** The link broke (TCP closed, ICMP unreachable on UDP...). */
  error(err: Error): void;
}

export interface Transport {
  readonly proto: 'udp' | 'tcp';
  readonly remoteAddress: string;
  readonly family: 4 | 6;
  send(packet: Buffer): void;
  /** Sends several packets with as few system calls as the transport allows. */
  sendMany(packets: Buffer[]): void;
  close(): void;
}

export interface ConnectTarget {
  address: string;
  port: number;
  family: 4 | 6;
  localPort?: number;
}
