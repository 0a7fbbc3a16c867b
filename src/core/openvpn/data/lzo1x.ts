/**
 * LZO1X decompressor (the format liblzo2's lzo1x_1 produces and OpenVPN's `comp-lzo` sends,
 * framed by 0x66). Bounds-checked with an output cap. Instruction summary, after the optional
 * first-byte literal run (first byte > 17: byte - 17 literals):
 *
 *   0..15   state 0: literal run of 3 + t (t = 0: 18 + 255*zeros + next byte)
 *           state 1..3: 2-byte match, distance 1 + (t >> 2) + (next << 2)
 *           state 4: 3-byte match, distance 2049 + (t >> 2) + (next << 2)
 *   16..31  M4: length 2 + (t & 7) [ext], distance 16384 + ((t & 8) << 11) + (le16 >> 2);
 *           distance 16384 exactly is the end-of-stream marker (0x11 0x00 0x00)
 *   32..63  M3: length 2 + (t & 31) [ext], distance 1 + (le16 >> 2)
 *   64..255 M2: length (t >> 5) + 1, distance 1 + ((t >> 2) & 7) + (next << 3)
 *
 * After each match, the low two bits of its last distance byte give 0..3 trailing literals
 * and become the new state; a literal run sets state 4.
 */
import { copyMatch, DecompressError } from './lz4-block';

/** More zero bytes than this in a length could not fit any sane packet. */
const MAX_ZERO_RUN = 1024;

export function lzo1xDecompress(input: Buffer, maxOutput: number): Buffer {
  const out = Buffer.allocUnsafe(maxOutput);
  let ip = 0;
  let op = 0;
  let state = 0;

  const need = (n: number) => {
    if (ip + n > input.length) throw new DecompressError('lzo: truncated input');
  };
  const byte = (): number => {
    need(1);
    return input[ip++] ?? 0;
  };
  const extendedLength = (base: number): number => {
    let zeros = 0;
    while (byte() === 0) {
      if (++zeros > MAX_ZERO_RUN) throw new DecompressError('lzo: length too long');
    }
    return base + zeros * 255 + (input[ip - 1] ?? 0);
  };
  const literals = (count: number) => {
    need(count);
    if (op + count > maxOutput) throw new DecompressError('lzo: output exceeds limit');
    input.copy(out, op, ip, ip + count);
    ip += count;
    op += count;
  };
  const match = (distance: number, length: number) => {
    if (distance < 1 || distance > op) throw new DecompressError('lzo: distance outside output');
    if (op + length > maxOutput) throw new DecompressError('lzo: output exceeds limit');
    copyMatch(out, op, distance, length);
    op += length;
  };

  need(1);
  if ((input[0] ?? 0) > 17) {
    const t = byte() - 17;
    literals(t);
    state = t < 4 ? t : 4;
  }
  for (;;) {
    const t = byte();
    let trailing: number;
    if (t < 16) {
      if (state === 0) {
        literals(3 + (t === 0 ? extendedLength(15) : t));
        state = 4;
        continue;
      }
      const distance = (state === 4 ? 2049 : 1) + (t >> 2) + (byte() << 2);
      match(distance, state === 4 ? 3 : 2);
      trailing = t & 3;
    } else if (t >= 64) {
      const distance = 1 + ((t >> 2) & 7) + (byte() << 3);
      match(distance, (t >> 5) + 1);
      trailing = t & 3;
    } else if (t >= 32) {
      const length = 2 + ((t & 31) === 0 ? extendedLength(31) : t & 31);
      need(2);
      const le16 = input.readUInt16LE(ip);
      ip += 2;
      match(1 + (le16 >> 2), length);
      trailing = le16 & 3;
    } else {
      const length = 2 + ((t & 7) === 0 ? extendedLength(7) : t & 7);
      need(2);
      const le16 = input.readUInt16LE(ip);
      ip += 2;
      const distance = ((t & 8) << 11) + (le16 >> 2);
      if (distance === 0) {
        if (length !== 3 || ip !== input.length) throw new DecompressError('lzo: bad end marker');
        return out.subarray(0, op);
      }
      match(distance + 0x4000, length);
      trailing = le16 & 3;
    }
    literals(trailing);
    state = trailing;
  }
}
