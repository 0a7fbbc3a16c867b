/**
 * The plain (unwrapped) control packet: byte0 | own sid(8) | ack count | ack ids | [ack remote sid]
 * | [message id] | payload (ssl_pkt.c write_control_auth). The wrap layer (crypto/*) adds
 * HMAC/replay id or encryption around this form.
 */
import { makeByte0, Opcode, opcodeOf, keyIdOf } from './opcodes';

export const SESSION_ID_BYTES = 8;
/** Most ACKs one packet may carry (RELIABLE_ACK_SIZE); receivers reject more. */
export const MAX_ACKS_PER_PACKET = 8;

export interface ControlPacket {
  opcode: number;
  keyId: number;
  sessionId: Buffer;
  acks: number[];
  /** Present when acks is non-empty: the session id of the peer whose packets we ack. */
  ackRemoteSessionId?: Buffer;
  /** Absent only for P_ACK_V1. */
  messageId?: number;
  payload: Buffer;
}

export function encodeControlPacket(p: ControlPacket): Buffer {
  if (p.acks.length > MAX_ACKS_PER_PACKET) throw new RangeError('too many ACKs in one packet');
  const hasMessageId = p.opcode !== Opcode.ACK_V1;
  const ackBytes = p.acks.length > 0 ? 1 + 4 * p.acks.length + SESSION_ID_BYTES : 1;
  const out = Buffer.allocUnsafe(
    1 + SESSION_ID_BYTES + ackBytes + (hasMessageId ? 4 : 0) + p.payload.length,
  );
  let at = out.writeUInt8(makeByte0(p.opcode, p.keyId), 0);
  at += p.sessionId.copy(out, at, 0, SESSION_ID_BYTES);
  at = out.writeUInt8(p.acks.length, at);
  for (const id of p.acks) at = out.writeUInt32BE(id >>> 0, at);
  if (p.acks.length > 0) {
    if (!p.ackRemoteSessionId) throw new Error('ACKs need the remote session id');
    at += p.ackRemoteSessionId.copy(out, at, 0, SESSION_ID_BYTES);
  }
  if (hasMessageId) at = out.writeUInt32BE((p.messageId ?? 0) >>> 0, at);
  p.payload.copy(out, at);
  return out;
}

/** Returns undefined for a packet that is too short or structurally invalid. */
export function decodeControlPacket(buf: Buffer): ControlPacket | undefined {
  if (buf.length < 1 + SESSION_ID_BYTES + 1) return undefined;
  const byte0 = buf[0] ?? 0;
  const opcode = opcodeOf(byte0);
  const sessionId = Buffer.from(buf.subarray(1, 1 + SESSION_ID_BYTES));
  let at = 1 + SESSION_ID_BYTES;
  const ackCount = buf[at++] ?? 0;
  if (ackCount > MAX_ACKS_PER_PACKET) return undefined;
  const acks: number[] = [];
  let ackRemoteSessionId: Buffer | undefined;
  if (ackCount > 0) {
    if (buf.length < at + 4 * ackCount + SESSION_ID_BYTES) return undefined;
    for (let i = 0; i < ackCount; i++, at += 4) acks.push(buf.readUInt32BE(at));
    ackRemoteSessionId = Buffer.from(buf.subarray(at, at + SESSION_ID_BYTES));
    at += SESSION_ID_BYTES;
  }
  let messageId: number | undefined;
  if (opcode !== Opcode.ACK_V1) {
    if (buf.length < at + 4) return undefined;
    messageId = buf.readUInt32BE(at);
    at += 4;
  } else if (ackCount === 0) {
    return undefined;
  }
  return {
    opcode,
    keyId: keyIdOf(byte0),
    sessionId,
    acks,
    ...(ackRemoteSessionId ? { ackRemoteSessionId } : {}),
    ...(messageId !== undefined ? { messageId } : {}),
    payload: Buffer.from(buf.subarray(at)),
  };
}
