import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createCompressionFraming } from '../../../../src/core/openvpn/data/compression';

const ip = Buffer.from('4500001c000000004001f7cec0000201c0000202', 'hex');
const fixtures = JSON.parse(
  readFileSync(join(__dirname, 'fixtures', 'compressed.json'), 'utf8'),
) as Array<{
  name: string;
  plain: string;
  lzo1x: string;
  lz4: string;
}>;
const sample = fixtures.find((f) => f.name === 'http-repeat')!;
const plain = Buffer.from(sample.plain, 'hex');

describe('compression framing', () => {
  it('none passes payloads through', () => {
    const f = createCompressionFraming('none');
    expect(f.frame(ip)).toBe(ip);
    expect(f.unframe(ip)).toEqual({ ok: ip });
  });

  it('lzo: 0xFA in front; receives 0xFA and LZO (0x66) frames, refuses other bytes', () => {
    const f = createCompressionFraming('lzo');
    expect(f.frame(ip)).toEqual(Buffer.concat([Buffer.from([0xfa]), ip]));
    expect(f.unframe(f.frame(ip))).toEqual({ ok: ip });
    const lzo = Buffer.concat([Buffer.from([0x66]), Buffer.from(sample.lzo1x, 'hex')]);
    expect(f.unframe(lzo)).toEqual({ ok: plain });
    expect(f.unframe(ip)).toEqual({ dropped: 'malformed' });
    expect(f.unframe(Buffer.from([0x66, 0x11, 0x00]))).toEqual({ dropped: 'malformed' });
  });

  it('stub and lz4 use the swap framing: 0xFB, bytes 1.., byte 0', () => {
    for (const mode of ['stub', 'lz4'] as const) {
      const f = createCompressionFraming(mode);
      const framed = f.frame(ip);
      expect(framed[0]).toBe(0xfb);
      expect(framed.subarray(1, ip.length)).toEqual(ip.subarray(1));
      expect(framed[ip.length]).toBe(0x45);
      expect(f.unframe(framed)).toEqual({ ok: ip });
      expect(f.unframe(Buffer.concat([Buffer.from([0xfa]), ip]))).toEqual({ dropped: 'malformed' });
    }
  });

  it('lz4 swap framing: a 0x69 frame has the first compressed byte moved to the end', () => {
    const block = Buffer.from(sample.lz4, 'hex');
    const wire = Buffer.concat([Buffer.from([0x69]), block.subarray(1), block.subarray(0, 1)]);
    expect(createCompressionFraming('lz4').unframe(wire)).toEqual({ ok: plain });
  });

  it('v2 framings escape only payloads starting with 0x50 and decode LZ4 after 0x50 0x01', () => {
    const f = createCompressionFraming('lz4-v2');
    expect(f.frame(ip)).toBe(ip);
    const odd = Buffer.from([0x50, 1, 2]);
    expect(f.frame(odd)).toEqual(Buffer.from([0x50, 0x00, 0x50, 1, 2]));
    expect(f.unframe(f.frame(odd))).toEqual({ ok: odd });
    expect(f.unframe(ip)).toEqual({ ok: ip });
    const lz4 = Buffer.concat([Buffer.from([0x50, 0x01]), Buffer.from(sample.lz4, 'hex')]);
    expect(createCompressionFraming('stub-v2').unframe(lz4)).toEqual({ ok: plain });
    expect(f.unframe(Buffer.from([0x50]))).toEqual({ dropped: 'malformed' });
    expect(f.unframe(Buffer.from([0x50, 0x07, 1]))).toEqual({ dropped: 'malformed' });
  });

  it('reports decompression bombs as too-large', () => {
    const run = fixtures.find((x) => x.name === 'long-run-9000')!;
    const f = createCompressionFraming('lzo', 1600);
    expect(f.unframe(Buffer.concat([Buffer.from([0x66]), Buffer.from(run.lzo1x, 'hex')]))).toEqual({
      dropped: 'too-large',
    });
  });
});
