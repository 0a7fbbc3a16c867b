import { readFileSync } from 'node:fs';
import path from 'node:path';
import { inflateSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { REPO } from '../../support/devhost-process';

/** The alpha channel of an 8-bit RGBA, non-interlaced PNG (what render-icons.mjs writes). */
function alphaMask(file: string): { width: number; height: number; opaque: boolean[] } {
  const png = readFileSync(file);
  let offset = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const type = png.toString('latin1', offset + 4, offset + 8);
    const data = png.subarray(offset + 8, offset + 8 + length);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      expect([data[8], data[9], data[12]], `${file}: bit depth, colour type, interlace`).toEqual([
        8, 6, 0,
      ]);
    } else if (type === 'IDAT') idat.push(data);
    offset += 12 + length;
  }
  const raw = inflateSync(Buffer.concat(idat));
  const stride = width * 4;
  const pixels = Buffer.alloc(stride * height);
  for (let y = 0; y < height; y++) {
    const filter = raw[y * (stride + 1)]!;
    const line = raw.subarray(y * (stride + 1) + 1, (y + 1) * (stride + 1));
    for (let x = 0; x < stride; x++) {
      const a = x >= 4 ? pixels[y * stride + x - 4]! : 0;
      const b = y > 0 ? pixels[(y - 1) * stride + x]! : 0;
      const c = x >= 4 && y > 0 ? pixels[(y - 1) * stride + x - 4]! : 0;
      const p = a + b - c;
      const paeth =
        Math.abs(p - a) <= Math.abs(p - b) && Math.abs(p - a) <= Math.abs(p - c)
          ? a
          : Math.abs(p - b) <= Math.abs(p - c)
            ? b
            : c;
      const predictor = [0, a, b, (a + b) >> 1, paeth][filter]!;
      pixels[y * stride + x] = (line[x]! + predictor) & 0xff;
    }
  }
  const opaque: boolean[] = [];
  for (let i = 3; i < pixels.length; i += 4) opaque.push(pixels[i]! > 127);
  return { width, height, opaque };
}

const STATES = ['disconnected', 'connecting', 'connected', 'error'] as const;

describe('tray icons', () => {
  // Colour alone fails on monochrome panels and for colour-blind users: the silhouettes
  // (alpha masks) of any two states must differ visibly, at every size shipped.
  it.each(['', '@2x', '-16'])('differ in shape between states (size suffix "%s")', (suffix) => {
    const masks = STATES.map((s) =>
      alphaMask(path.join(REPO, `assets/tray/tray-${s}${suffix}.png`)),
    );
    for (let i = 0; i < masks.length; i++) {
      for (let j = i + 1; j < masks.length; j++) {
        const a = masks[i]!;
        const b = masks[j]!;
        const differing = a.opaque.filter((v, k) => v !== b.opaque[k]).length;
        expect(
          differing / a.opaque.length,
          `${STATES[i]} vs ${STATES[j]}${suffix}: ${differing} of ${a.opaque.length} pixels`,
        ).toBeGreaterThan(0.02);
      }
    }
  });
});
