import { describe, expect, it } from 'vitest';
import {
  buildOccExit,
  buildOccMtuReply,
  buildOccReply,
  buildPing,
  classifyInBand,
  OCC_OPCODE,
} from '../../../../src/core/openvpn/data/in-band';

describe('in-band data messages', () => {
  it('recognises exactly the 16-byte ping magic', () => {
    const ping = Buffer.from('2a187bf3641eb4cb07ed2d0a981fc748', 'hex');
    expect(buildPing()).toEqual(ping);
    expect(classifyInBand(ping)).toEqual({ kind: 'ping' });
    expect(classifyInBand(Buffer.concat([ping, Buffer.from([0])]))).toBeUndefined();
    const almost = Buffer.from(ping);
    almost[15] = 0x49;
    expect(classifyInBand(almost)).toBeUndefined();
  });

  it('builds OCC_EXIT as magic + 6 and parses it back', () => {
    const exit = buildOccExit();
    expect(exit.toString('hex')).toBe('287f346bd4ef7a812d56b8d3afc5459c06');
    expect(classifyInBand(exit)).toEqual({ kind: 'occ', message: { opcode: OCC_OPCODE.EXIT } });
  });

  it('parses OCC_REPLY options and MTU_REPLY sizes; ignores truncated OCC', () => {
    expect(classifyInBand(buildOccReply('V4,dev-type tun'))).toEqual({
      kind: 'occ',
      message: { opcode: 1, options: 'V4,dev-type tun' },
    });
    expect(classifyInBand(buildOccMtuReply(1500, 1400))).toEqual({
      kind: 'occ',
      message: { opcode: 5, maxRecv: 1500, maxSend: 1400 },
    });
    expect(classifyInBand(buildOccMtuReply(1, 2).subarray(0, 19))).toBeUndefined();
    expect(classifyInBand(buildOccExit().subarray(0, 16))).toBeUndefined();
    expect(classifyInBand(Buffer.from('450000', 'hex'))).toBeUndefined();
  });
});
