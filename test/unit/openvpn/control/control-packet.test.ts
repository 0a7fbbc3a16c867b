import { describe, expect, it } from 'vitest';
import {
  decodeControlPacket,
  encodeControlPacket,
} from '../../../../src/core/openvpn/control/control-packet';
import {
  keyIdOf,
  makeByte0,
  nextKeyId,
  Opcode,
  opcodeOf,
} from '../../../../src/core/openvpn/control/opcodes';

const C = Buffer.from('0102030405060708', 'hex');
const S = Buffer.from('a1a2a3a4a5a6a7a8', 'hex');

describe('control packet codec (ssl_pkt.c)', () => {
  it('encodes the client hard reset as the 14 bytes seen on the wire', () => {
    const wire = encodeControlPacket({
      opcode: Opcode.HARD_RESET_CLIENT_V2,
      keyId: 0,
      sessionId: C,
      acks: [],
      messageId: 0,
      payload: Buffer.alloc(0),
    });
    expect(wire.toString('hex')).toBe('38' + '0102030405060708' + '00' + '00000000');
    expect(wire.length).toBe(14);
  });

  it('decodes a server reset that ACKs our id 0', () => {
    const wire = Buffer.from(
      '40' + 'a1a2a3a4a5a6a7a8' + '01' + '00000000' + '0102030405060708' + '00000000',
      'hex',
    );
    const p = decodeControlPacket(wire);
    expect(p).toEqual({
      opcode: Opcode.HARD_RESET_SERVER_V2,
      keyId: 0,
      sessionId: S,
      acks: [0],
      ackRemoteSessionId: C,
      messageId: 0,
      payload: Buffer.alloc(0),
    });
  });

  it('round-trips a P_CONTROL_V1 with several ACKs and a payload on key_id 3', () => {
    const packet = {
      opcode: Opcode.CONTROL_V1,
      keyId: 3,
      sessionId: C,
      acks: [7, 8, 9, 0xfffffffe],
      ackRemoteSessionId: S,
      messageId: 0x01020304,
      payload: Buffer.from('tls bytes'),
    };
    const wire = encodeControlPacket(packet);
    expect(wire[0]).toBe(0x23);
    expect(decodeControlPacket(wire)).toEqual(packet);
  });

  it('P_ACK_V1 has no message id, and must carry at least one ACK', () => {
    const wire = encodeControlPacket({
      opcode: Opcode.ACK_V1,
      keyId: 0,
      sessionId: C,
      acks: [5],
      ackRemoteSessionId: S,
      payload: Buffer.alloc(0),
    });
    expect(wire.toString('hex')).toBe(
      '28' + '0102030405060708' + '01' + '00000005' + 'a1a2a3a4a5a6a7a8',
    );
    expect(decodeControlPacket(wire)?.messageId).toBeUndefined();
    expect(
      decodeControlPacket(Buffer.from('28' + '0102030405060708' + '00', 'hex')),
    ).toBeUndefined();
  });

  it('rejects truncated packets and more than 8 ACKs', () => {
    expect(decodeControlPacket(Buffer.from('2001020304', 'hex'))).toBeUndefined();
    const nineAcks = Buffer.concat([
      Buffer.from([0x20]),
      C,
      Buffer.from([9]),
      Buffer.alloc(9 * 4 + 8 + 4),
    ]);
    expect(decodeControlPacket(nineAcks)).toBeUndefined();
    const noMsgId = Buffer.concat([Buffer.from([0x20]), C, Buffer.from([0])]);
    expect(decodeControlPacket(noMsgId)).toBeUndefined();
    expect(() =>
      encodeControlPacket({
        opcode: 4,
        keyId: 0,
        sessionId: C,
        acks: [1, 2, 3, 4, 5, 6, 7, 8, 9],
        ackRemoteSessionId: S,
        messageId: 1,
        payload: Buffer.alloc(0),
      }),
    ).toThrow(RangeError);
  });

  it('byte0 carries opcode and key_id; key ids wrap 7 → 1', () => {
    expect(makeByte0(Opcode.DATA_V2, 1)).toBe(0x49);
    expect(opcodeOf(0x5f)).toBe(Opcode.CONTROL_WKC_V1);
    expect(keyIdOf(0x5f)).toBe(7);
    expect([0, 1, 6, 7].map(nextKeyId)).toEqual([1, 2, 7, 1]);
  });
});
