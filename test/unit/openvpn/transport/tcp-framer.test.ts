import { describe, expect, it } from 'vitest';
import { frameTcp, TcpDeframer } from '../../../../src/core/openvpn/transport/tcp-framer';

describe('TCP framing (u16 length prefix)', () => {
  it('frames packets and reassembles them from arbitrary splits', () => {
    const packets = [Buffer.from('a'), Buffer.alloc(300, 2), Buffer.from('xyz')];
    const stream = frameTcp(packets);
    expect(stream.subarray(0, 3).toString('hex')).toBe('000161');
    for (const cut of [1, 2, 3, 150, stream.length - 1]) {
      const d = new TcpDeframer();
      const got = [...d.push(stream.subarray(0, cut)), ...d.push(stream.subarray(cut))];
      expect(got).toEqual(packets);
    }
    const bytewise = new TcpDeframer();
    const got: Buffer[] = [];
    for (const b of stream) got.push(...bytewise.push(Buffer.from([b])));
    expect(got).toEqual(packets);
  });

  it('rejects a zero length and packets that do not fit', () => {
    expect(() => new TcpDeframer().push(Buffer.from('0000', 'hex'))).toThrow(/zero-length/);
    expect(() => frameTcp([Buffer.alloc(0)])).toThrow(RangeError);
    expect(() => frameTcp([Buffer.alloc(70000)])).toThrow(RangeError);
  });
});
