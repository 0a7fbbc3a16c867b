import { describe, expect, it } from 'vitest';
import {
  decodePacketBatch,
  encodeControl,
  encodePacketBatches,
  FRAME_MAX_BODY,
  FrameDecoder,
  FrameError,
} from '../../../src/core/platform/linux/helper-frames';

const packet = (n: number, fill: number): Buffer => {
  const p = Buffer.alloc(n, fill);
  p[0] = 0x45;
  return p;
};

describe('helper frame codec', () => {
  it('encodes a control frame as length, type 1 and JSON', () => {
    const f = encodeControl({ ok: true });
    expect(f.readUInt32BE(0)).toBe(f.length - 4);
    expect(f[4]).toBe(1);
    expect(f.subarray(5).toString()).toBe('{"ok":true}');
  });

  it('round-trips packet batches through the decoder, in any chunking', () => {
    const packets = [packet(20, 1), packet(1500, 2), packet(60, 3)];
    const frames = encodePacketBatches(packets, 1500);
    expect(frames).toHaveLength(1);
    const bytes = Buffer.concat([encodeControl({ ok: true, name: 'tun0' }), ...frames]);
    for (const step of [1, 7, bytes.length]) {
      const d = new FrameDecoder();
      const out = [];
      for (let i = 0; i < bytes.length; i += step) out.push(...d.push(bytes.subarray(i, i + step)));
      expect(out).toEqual([
        { type: 'control', message: { ok: true, name: 'tun0' } },
        { type: 'packets', packets },
      ]);
    }
  });

  it('splits batches that would exceed the frame limit', () => {
    const packets = Array.from({ length: 100 }, (_, i) => packet(1400, i));
    const frames = encodePacketBatches(packets, 1500);
    expect(frames.length).toBe(3);
    for (const f of frames) expect(f.length - 5).toBeLessThanOrEqual(FRAME_MAX_BODY);
    const decoded = frames.flatMap((f) => decodePacketBatch(f.subarray(5)));
    expect(decoded).toEqual(packets);
  });

  it('refuses packets larger than the MTU and malformed batches', () => {
    expect(() => encodePacketBatches([packet(1501, 0)], 1500)).toThrow(FrameError);
    expect(() => decodePacketBatch(Buffer.from([0, 2, 0, 1, 0x45]))).toThrow(/truncated/);
    expect(() => decodePacketBatch(Buffer.from([0, 1, 0, 1, 0x45, 9]))).toThrow(/trailing/);
  });

  it('refuses an oversize or unknown frame', () => {
    const big = Buffer.alloc(5);
    big.writeUInt32BE(FRAME_MAX_BODY + 2, 0);
    expect(() => new FrameDecoder().push(big)).toThrow(/bad frame length/);
    expect(() => new FrameDecoder().push(Buffer.from([0, 0, 0, 1, 9]))).toThrow(
      /unknown frame type/,
    );
  });
});
