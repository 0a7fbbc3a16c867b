/**
 * TLS bytes from the control channel, handed to TLS once per event-loop turn instead of once
 * per packet. A server's flight (certificate chain, key-method 2 + PUSH_REPLY) arrives as
 * several datagrams back to back; node reads them one at a time, and feeding TLS after each
 * one ran node's stream and OpenSSL machinery per packet and held the next datagram, and the
 * ACKs, behind it (about 0.7 ms of a 10 ms handshake). Deferring to setImmediate lets the
 * event loop read every datagram that is waiting, the control channel ACK them at once, and
 * TLS take the flight in one piece. Order is kept within and across key_ids.
 */
export class TlsInbox {
  private pending: Array<{ keyId: number; chunks: Buffer[] }> = [];
  private scheduled: NodeJS.Immediate | undefined;

  constructor(private readonly deliver: (keyId: number, data: Buffer) => void) {}

  push(keyId: number, data: Buffer): void {
    const last = this.pending[this.pending.length - 1];
    if (last && last.keyId === keyId) last.chunks.push(data);
    else this.pending.push({ keyId, chunks: [data] });
    this.scheduled ??= setImmediate(() => this.drain());
  }

  private drain(): void {
    this.scheduled = undefined;
    const batch = this.pending;
    this.pending = [];
    for (const { keyId, chunks } of batch) {
      this.deliver(keyId, chunks.length === 1 ? (chunks[0] as Buffer) : Buffer.concat(chunks));
    }
  }

  /** Drops whatever has not been delivered yet. */
  close(): void {
    if (this.scheduled) clearImmediate(this.scheduled);
    this.scheduled = undefined;
    this.pending = [];
  }
}
