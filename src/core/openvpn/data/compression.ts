/**
 * Compression framing inside the data-channel encryption (comp.h, compstub.c, comp-lz4.c,
 * lzo.c). We never compress what we send; we only add the "uncompressed" framing the
 * server expects. What the server sends may be compressed (LZO or LZ4) whenever its framing
 * allows, so receiving decompresses with a size cap.
 *
 *   lzo      (comp-lzo …, compress lzo): 0xFA + payload; 0x66 = LZO1X follows
 *   stub/lz4 (compress [stub|lz4]):      "swap": 0xFB, payload[1..], payload[0]; lz4 0x69 = LZ4
 *   stub-v2/lz4-v2:                      raw payload, unless it starts with 0x50: 0x50 0x00 + payload;
 *                                        received 0x50 0x01 = LZ4
 */
import type { Compression } from '../../config/profile';
import { DecompressError, lz4BlockDecompress } from './lz4-block';
import { lzo1xDecompress } from './lzo1x';

const LZO_COMPRESS_BYTE = 0x66;
const NO_COMPRESS_BYTE = 0xfa;
const NO_COMPRESS_BYTE_SWAP = 0xfb;
const LZ4_COMPRESS_BYTE = 0x69;
const V2_INDICATOR = 0x50;
const V2_UNCOMPRESSED = 0x00;
const V2_LZ4 = 0x01;

export type UnframeResult = { ok: Buffer } | { dropped: 'malformed' | 'too-large' };

export interface CompressionFraming {
  readonly compression: Compression;
  /** Bytes frame() may add (for MTU/MSS computations). */
  readonly overhead: number;
  frame(payload: Buffer): Buffer;
  unframe(plain: Buffer): UnframeResult;
}

/** `maxOutput`: largest decompressed packet accepted (tun MTU plus headroom). */
export function createCompressionFraming(
  compression: Compression,
  maxOutput = 1600 + 256,
): CompressionFraming {
  const decompress = (fn: (b: Buffer, max: number) => Buffer, data: Buffer): UnframeResult => {
    try {
      return { ok: fn(data, maxOutput) };
    } catch (err) {
      if (err instanceof DecompressError && /exceeds limit/.test(err.message))
        return { dropped: 'too-large' };
      return { dropped: 'malformed' };
    }
  };
  switch (compression) {
    case 'none':
      return { compression, overhead: 0, frame: (p) => p, unframe: (p) => ({ ok: p }) };
    case 'lzo':
      return {
        compression,
        overhead: 1,
        frame: (p) => (p.length === 0 ? p : prepend(NO_COMPRESS_BYTE, p)),
        unframe: (p) => {
          if (p.length === 0) return { ok: p };
          if (p[0] === NO_COMPRESS_BYTE) return { ok: p.subarray(1) };
          if (p[0] === LZO_COMPRESS_BYTE) return decompress(lzo1xDecompress, p.subarray(1));
          return { dropped: 'malformed' };
        },
      };
    case 'stub':
    case 'lz4':
      return {
        compression,
        overhead: 1,
        frame: (p) => (p.length === 0 ? p : swapFrame(p)),
        unframe: (p) => {
          if (p.length === 0) return { ok: p };
          const body = unswap(p);
          if (p[0] === NO_COMPRESS_BYTE_SWAP) return { ok: body };
          if (p[0] === LZ4_COMPRESS_BYTE) return decompress(lz4BlockDecompress, body);
          return { dropped: 'malformed' };
        },
      };
    case 'stub-v2':
    case 'lz4-v2':
      return {
        compression,
        overhead: 0,
        frame: (p) =>
          p[0] === V2_INDICATOR
            ? Buffer.concat([Buffer.from([V2_INDICATOR, V2_UNCOMPRESSED]), p])
            : p,
        unframe: (p) => {
          if (p[0] !== V2_INDICATOR) return { ok: p };
          if (p.length < 2) return { dropped: 'malformed' };
          if (p[1] === V2_UNCOMPRESSED) return { ok: p.subarray(2) };
          if (p[1] === V2_LZ4) return decompress(lz4BlockDecompress, p.subarray(2));
          return { dropped: 'malformed' };
        },
      };
  }
}

function prepend(byte: number, payload: Buffer): Buffer {
  const out = Buffer.allocUnsafe(payload.length + 1);
  out[0] = byte;
  payload.copy(out, 1);
  return out;
}

/** 0xFB, payload[1..], payload[0]: the first payload byte moves to the end. */
function swapFrame(payload: Buffer): Buffer {
  const out = Buffer.allocUnsafe(payload.length + 1);
  out[0] = NO_COMPRESS_BYTE_SWAP;
  payload.copy(out, 1, 1);
  out[payload.length] = payload[0] ?? 0;
  return out;
}

/** Undo the swap: the last byte returns to the front, the marker byte is dropped. */
function unswap(framed: Buffer): Buffer {
  const out = Buffer.allocUnsafe(framed.length - 1);
  if (out.length === 0) return out;
  out[0] = framed[framed.length - 1] ?? 0;
  framed.copy(out, 1, 1, framed.length - 1);
  return out;
}
