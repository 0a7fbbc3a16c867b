/**
 * OpenVPN's TCP stream framing (socket.c): each packet is preceded by its length as a u16
 * big-endian. Frames may arrive split or merged in any way; a zero length is a protocol error.
 */
export const MAX_TCP_FRAME = 0xffff;

export class TcpDeframer {
  private pending: Buffer = Buffer.alloc(0);

  /** Feeds received bytes; returns the complete packets, or throws on a corrupt stream. */
  push(chunk: Buffer): Buffer[] {
    let buf = this.pending.length > 0 ? Buffer.concat([this.pending, chunk]) : chunk;
    const out: Buffer[] = [];
    let at = 0;
    while (buf.length - at >= 2) {
      const len = buf.readUInt16BE(at);
      if (len === 0) throw new Error('TCP stream framing error: zero-length packet');
      if (buf.length - at - 2 < len) break;
      out.push(buf.subarray(at + 2, at + 2 + len));
      at += 2 + len;
    }
    buf = buf.subarray(at);
    this.pending = buf.length > 0 ? Buffer.from(buf) : Buffer.alloc(0);
    return out;
  }
}

export function frameTcp(packets: Buffer[]): Buffer {
  let total = 0;
  for (const p of packets) {
    if (p.length === 0 || p.length > MAX_TCP_FRAME)
      throw new RangeError('packet does not fit a TCP frame');
    total += 2 + p.length;
  }
  const out = Buffer.allocUnsafe(total);
  let at = 0;
  for (const p of packets) {
    at = out.writeUInt16BE(p.length, at);
    at += p.copy(out, at);
  }
  return out;
}
