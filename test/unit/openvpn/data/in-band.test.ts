import { describe, expect, it } from 'vitest';
import {
  buildOccExit,
  buildPing,
  OCC_MAGIC,
  OCC_OPCODE,
  PING_MAGIC,
} from '../../../../src/core/openvpn/data/in-band';

describe('in-band data messages', () => {
  it('builds the 16-byte ping magic of ping.c', () => {
    expect(buildPing().toString('hex')).toBe('2a187bf3641eb4cb07ed2d0a981fc748');
    expect(buildPing()).toEqual(PING_MAGIC);
  });

  it('builds OCC_EXIT as magic + 6', () => {
    const exit = buildOccExit();
    expect(exit.toString('hex')).toBe('287f346bd4ef7a812d56b8d3afc5459c06');
    expect(exit.subarray(0, 16)).toEqual(OCC_MAGIC);
    expect(exit[16]).toBe(OCC_OPCODE.EXIT);
  });
});
