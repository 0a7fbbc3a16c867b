/**
 * Frames exchanged with gangway-helper over its stdin/stdout (docs/helper-protocol.md):
 * u32 big-endian length of what follows, a type byte, then the body. A control body is
 * JSON; a packet-batch body is u16 count, then per packet u16 length + the IP packet.
 */

export const FRAME_CONTROL = 0x01;
export const FRAME_PACKETS = 0x02;
/** Largest body (after the type byte) either side accepts. */
export const FRAME_MAX_BODY = 65_536;

export type HelperFrame =
  { type: 'control'; message: unknown } | { type: 'packets'; packets: Buffer[] };

export class FrameError extends Error {}

function header(type: number, bodyLength: number): Buffer {
  const h = Buffer.alloc(5);
  h.writeUInt32BE(bodyLength + 1, 0);
  h[4] = type;
  return h;
}

export function encodeControl(message: unknown): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  if (body.length > FRAME_MAX_BODY) throw new FrameError('control message too large');
  return Buffer.concat([header(FRAME_CONTROL, body.length), body]);
}

/**
 * Encodes packets into as few batch frames as fit the size limit. Packets larger than
 * `maxPacket` are refused (the helper would treat them as a protocol violation).
 */
export function encodePacketBatches(packets: Buffer[], maxPacket: number): Buffer[] {
  const frames: Buffer[] = [];
  let parts: Buffer[] = [];
  let size = 2;
  let count = 0;
  const flush = (): void => {
    if (count === 0) return;
    const countField = Buffer.alloc(2);
    countField.writeUInt16BE(count, 0);
    frames.push(Buffer.concat([header(FRAME_PACKETS, size), countField, ...parts]));
    parts = [];
    size = 2;
    count = 0;
  };
  for (const p of packets) {
    if (p.length === 0 || p.length > maxPacket)
      throw new FrameError(`packet of ${p.length} bytes does not fit the MTU (${maxPacket})`);
    if (size + 2 + p.length > FRAME_MAX_BODY || count === 0xffff) flush();
    const len = Buffer.alloc(2);
    len.writeUInt16BE(p.length, 0);
    parts.push(len, p);
    size += 2 + p.length;
    count += 1;
  }
  flush();
  return frames;
}

export function decodePacketBatch(body: Buffer): Buffer[] {
  if (body.length < 2) throw new FrameError('malformed packet batch: no count');
  const count = body.readUInt16BE(0);
  const packets: Buffer[] = [];
  let off = 2;
  for (let i = 0; i < count; i++) {
    if (off + 2 > body.length) throw new FrameError('malformed packet batch: truncated');
    const n = body.readUInt16BE(off);
    if (n === 0 || off + 2 + n > body.length)
      throw new FrameError('malformed packet batch: truncated');
    packets.push(body.subarray(off + 2, off + 2 + n));
    off += 2 + n;
  }
  if (off !== body.length) throw new FrameError('malformed packet batch: trailing bytes');
  return packets;
}

/** Reassembles frames from a byte stream delivered in arbitrary chunks. */
export class FrameDecoder {
  private chunks: Buffer[] = [];
  private buffered = 0;

  push(chunk: Buffer): HelperFrame[] {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    const frames: HelperFrame[] = [];
    for (;;) {
      if (this.buffered < 4) break;
      const head = this.peek(4);
      const n = head.readUInt32BE(0);
      if (n < 1 || n > FRAME_MAX_BODY + 1) throw new FrameError(`bad frame length ${n}`);
      if (this.buffered < 4 + n) break;
      const frame = this.take(4 + n).subarray(4);
      const body = frame.subarray(1);
      if (frame[0] === FRAME_CONTROL) {
        let message: unknown;
        try {
          message = JSON.parse(body.toString('utf8'));
        } catch {
          throw new FrameError('malformed control message from the helper');
        }
        frames.push({ type: 'control', message });
      } else if (frame[0] === FRAME_PACKETS) {
        frames.push({ type: 'packets', packets: decodePacketBatch(body) });
      } else {
        throw new FrameError(`unknown frame type ${String(frame[0])}`);
      }
    }
    return frames;
  }

  private peek(n: number): Buffer {
    const first = this.chunks[0];
    if (first && first.length >= n) return first.subarray(0, n);
    this.chunks = [Buffer.concat(this.chunks)];
    return (this.chunks[0] as Buffer).subarray(0, n);
  }

  private take(n: number): Buffer {
    const first = this.chunks[0];
    if (!first || first.length < n) this.chunks = [Buffer.concat(this.chunks)];
    const joined = this.chunks[0] as Buffer;
    const out = joined.subarray(0, n);
    if (joined.length === n) this.chunks.shift();
    else this.chunks[0] = joined.subarray(n);
    this.buffered -= n;
    return out;
  }
}
