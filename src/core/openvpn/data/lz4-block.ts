/**
 * LZ4 block-format decompressor (no frame header), for servers with `compress lz4[-v2]` and
 * `allow-compression yes`. Every read and write is bounds-checked and the output is capped,
 * so a malicious packet can neither overrun nor inflate past `maxOutput`.
 *
 * Sequence: token (literal length << 4 | match length - 4), [extra literal-length bytes],
 * literals, then — except for the last sequence — a 2-byte little-endian offset and
 * [extra match-length bytes]. A nibble of 15 continues with bytes that add 0..255 each,
 * ending at the first byte below 255.
 */
export class DecompressError extends Error {}

const MIN_MATCH = 4;

export function lz4BlockDecompress(input: Buffer, maxOutput: number): Buffer {
  const out = Buffer.allocUnsafe(maxOutput);
  let ip = 0;
  let op = 0;
  const readLength = (base: number): number => {
    let length = base;
    if (base !== 15) return length;
    for (;;) {
      if (ip >= input.length) throw new DecompressError('lz4: truncated length');
      const b = input[ip++] ?? 0;
      length += b;
      if (length > maxOutput) throw new DecompressError('lz4: output exceeds limit');
      if (b !== 255) return length;
    }
  };
  for (;;) {
    if (ip >= input.length) throw new DecompressError('lz4: missing token');
    const token = input[ip++] ?? 0;
    const literals = readLength(token >> 4);
    if (ip + literals > input.length) throw new DecompressError('lz4: literals past input');
    if (op + literals > maxOutput) throw new DecompressError('lz4: output exceeds limit');
    input.copy(out, op, ip, ip + literals);
    ip += literals;
    op += literals;
    if (ip === input.length) break; // the last sequence has literals only
    if (ip + 2 > input.length) throw new DecompressError('lz4: truncated offset');
    const offset = (input[ip] ?? 0) | ((input[ip + 1] ?? 0) << 8);
    ip += 2;
    if (offset === 0 || offset > op) throw new DecompressError('lz4: offset outside output');
    const matchLength = readLength(token & 15) + MIN_MATCH;
    if (op + matchLength > maxOutput) throw new DecompressError('lz4: output exceeds limit');
    copyMatch(out, op, offset, matchLength);
    op += matchLength;
  }
  return out.subarray(0, op);
}

/** Byte-wise when source and destination overlap (offset < length repeats a pattern). */
export function copyMatch(out: Buffer, op: number, distance: number, length: number): void {
  let from = op - distance;
  if (distance >= length) {
    out.copy(out, op, from, from + length);
    return;
  }
  for (let end = op + length; op < end;) out[op++] = out[from++] ?? 0;
}
