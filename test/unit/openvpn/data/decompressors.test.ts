import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DecompressError, lz4BlockDecompress } from '../../../../src/core/openvpn/data/lz4-block';
import { lzo1xDecompress } from '../../../../src/core/openvpn/data/lzo1x';

/** Produced by the system's liblzo2/liblz4 (see fixtures/make-compressed-fixtures.py). */
const fixtures = JSON.parse(
  readFileSync(join(__dirname, 'fixtures', 'compressed.json'), 'utf8'),
) as Array<{
  name: string;
  plain: string;
  lzo1x: string;
  lz4: string;
}>;
const hex = (s: string) => Buffer.from(s, 'hex');

describe('lzo1xDecompress against liblzo2 output', () => {
  for (const f of fixtures) {
    it(`restores ${f.name}`, () => {
      expect(lzo1xDecompress(hex(f.lzo1x), 65536)).toEqual(hex(f.plain));
    });
  }

  it('decodes hand-built M1, M2, M3 and M4 instructions', () => {
    // "abcd" literal (first byte 17+4), M2 len 3 dist 4 (t = 0x40|((4-1)<<2)? see below), end.
    // M2: t >= 64, length (t>>5)+1, distance 1+((t>>2)&7)+(next<<3): t=0x4c,next=0 → len 3, dist 4.
    const m2 = Buffer.from([21, 0x61, 0x62, 0x63, 0x64, 0x4c, 0x00, 0x11, 0x00, 0x00]);
    expect(lzo1xDecompress(m2, 100).toString()).toBe('abcdabc');
    // M3: t=0x21 → len 3, le16 = (dist-1)<<2 | trailing; dist 2 with 1 trailing literal 'z'.
    const m3 = Buffer.from([21, 0x61, 0x62, 0x63, 0x64, 0x21, 0x05, 0x00, 0x7a, 0x11, 0x00, 0x00]);
    expect(lzo1xDecompress(m3, 100).toString()).toBe('abcdcdcz');
    // After 1 trailing literal (state 1), t<16 is an M1: 2 bytes at distance 1+(t>>2)+(next<<2).
    const m1 = Buffer.from([
      21, 0x61, 0x62, 0x63, 0x64, 0x21, 0x05, 0x00, 0x7a, 0x04, 0x00, 0x11, 0x00, 0x00,
    ]);
    expect(lzo1xDecompress(m1, 100).toString()).toBe('abcdcdczcz');
  });

  it('refuses bombs, truncation, bad distances and missing end markers', () => {
    const run = fixtures.find((f) => f.name === 'long-run-9000')!;
    expect(() => lzo1xDecompress(hex(run.lzo1x), 1500)).toThrow(/exceeds limit/);
    const http = hex(fixtures.find((f) => f.name === 'http-repeat')!.lzo1x);
    for (let cut = 1; cut < http.length; cut += 7) {
      expect(() => lzo1xDecompress(http.subarray(0, cut), 65536)).toThrow(DecompressError);
    }
    expect(() =>
      lzo1xDecompress(Buffer.from([21, 0x61, 0x62, 0x63, 0x64, 0x4c, 0xff, 0x11, 0, 0]), 100),
    ).toThrow(/distance/);
    expect(() => lzo1xDecompress(Buffer.from([0x11, 0x00, 0x00, 0x00]), 100)).toThrow(/end marker/);
    expect(() => lzo1xDecompress(Buffer.alloc(0), 100)).toThrow(DecompressError);
  });
});

describe('lz4BlockDecompress against liblz4 output', () => {
  for (const f of fixtures) {
    it(`restores ${f.name}`, () => {
      expect(lz4BlockDecompress(hex(f.lz4), 65536)).toEqual(hex(f.plain));
    });
  }

  it('decodes a hand-built block with an overlapping match and extended lengths', () => {
    // token 0x1f: 1 literal 'x', match len 15+4+(ext 10) = 29 at offset 1, then 'yz' literals.
    const block = Buffer.from([0x1f, 0x78, 0x01, 0x00, 0x0a, 0x20, 0x79, 0x7a]);
    expect(lz4BlockDecompress(block, 100).toString()).toBe(`${'x'.repeat(30)}yz`);
  });

  it('refuses bombs, zero or far offsets and truncation', () => {
    const run = fixtures.find((f) => f.name === 'long-run-9000')!;
    expect(() => lz4BlockDecompress(hex(run.lz4), 1500)).toThrow(/exceeds limit/);
    expect(() => lz4BlockDecompress(Buffer.from([0x10, 0x78, 0x00, 0x00, 0x00]), 100)).toThrow(
      /offset/,
    );
    expect(() => lz4BlockDecompress(Buffer.from([0x10, 0x78, 0x05, 0x00, 0x00]), 100)).toThrow(
      /offset/,
    );
    expect(() => lz4BlockDecompress(Buffer.from([0x50, 0x78]), 100)).toThrow(/literals/);
    expect(() => lz4BlockDecompress(Buffer.from([0xf0, 0xff, 0xff]), 100)).toThrow(DecompressError);
  });
});
