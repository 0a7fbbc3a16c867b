/**
 * The byte stream node:tls runs over: what TLS writes goes into P_CONTROL_V1 messages of one
 * key_id; what the peer's control messages carry is pushed back in order.
 */
import { Duplex } from 'node:stream';

export class ControlDuplex extends Duplex {
  constructor(private readonly onWrite: (data: Buffer) => void) {
    super();
  }

  override _write(
    chunk: Buffer,
    _encoding: BufferEncoding,
    callback: (err?: Error | null) => void,
  ): void {
    this.onWrite(chunk);
    callback();
  }

  override _read(): void {
    // Data is pushed by deliver() as control packets arrive.
  }

  deliver(data: Buffer): void {
    this.push(data);
  }
}
