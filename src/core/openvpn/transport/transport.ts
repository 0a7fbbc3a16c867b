/**
 * A connected link to one server address: packets in, packets out. UDP sends one packet per
 * datagram; TCP adds the 2-byte length framing. The session does not care which.
 */
export interface TransportEvents {
  packet(data: Buffer): void;
  /** The link broke (TCP closed, ICMP unreachable on UDP...). */
  error(err: Error): void;
  /**
   * A send did not leave this machine (no route while the link is down, the source address
   * went away, the socket is closed...). Sends never throw: this is how they fail.
   */
  sendFailed(failure: SendFailure): void;
}

/** Why a packet could not be sent: `code` is the errno name (ENETUNREACH...) when there is one. */
export interface SendFailure {
  code: string;
  message: string;
}

export interface Transport {
  readonly proto: 'udp' | 'tcp';
  readonly remoteAddress: string;
  readonly family: 4 | 6;
  /** Never throws; a failure is reported through TransportEvents.sendFailed. */
  send(packet: Buffer): void;
  /** Sends several packets with as few system calls as the transport allows; never throws. */
  sendMany(packets: Buffer[]): void;
  close(): void;
}

export interface ConnectTarget {
  address: string;
  port: number;
  family: 4 | 6;
  localPort?: number;
}

export function sendFailureOf(err: unknown): SendFailure {
  const e = err as NodeJS.ErrnoException | undefined;
  return {
    code: typeof e?.code === 'string' ? e.code : 'ESEND',
    message: e instanceof Error ? e.message : String(err),
  };
}
