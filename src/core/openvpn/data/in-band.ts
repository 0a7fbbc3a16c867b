/**
 * Messages carried in data packets rather than the control channel (ping.c, occ.c; doc 7.2,
 * 7.3). Both are recognised on the unframed plaintext, after decompression.
 */
export const PING_MAGIC = Buffer.from('2a187bf3641eb4cb07ed2d0a981fc748', 'hex');
export const OCC_MAGIC = Buffer.from('287f346bd4ef7a812d56b8d3afc5459c', 'hex');

export const OCC_OPCODE = {
  REQUEST: 0,
  REPLY: 1,
  MTU_LOAD_REQUEST: 2,
  MTU_LOAD: 3,
  MTU_REQUEST: 4,
  MTU_REPLY: 5,
  EXIT: 6,
} as const;

export type OccMessage =
  | { opcode: typeof OCC_OPCODE.REPLY; options: string }
  | { opcode: typeof OCC_OPCODE.MTU_REPLY; maxRecv: number; maxSend: number }
  | { opcode: number };

export type InBandMessage = { kind: 'ping' } | { kind: 'occ'; message: OccMessage };

/** A ping is exactly the 16 magic bytes. */
export function isPing(plain: Buffer): boolean {
  return plain.length === PING_MAGIC.length && plain.equals(PING_MAGIC);
}

/** Returns the OCC message, or undefined when the payload is not OCC (or is truncated). */
export function parseOcc(plain: Buffer): OccMessage | undefined {
  if (plain.length < OCC_MAGIC.length + 1) return undefined;
  if (!plain.subarray(0, OCC_MAGIC.length).equals(OCC_MAGIC)) return undefined;
  const opcode = plain[OCC_MAGIC.length] ?? 0;
  const body = plain.subarray(OCC_MAGIC.length + 1);
  if (opcode === OCC_OPCODE.REPLY) {
    const nul = body.indexOf(0);
    return { opcode, options: body.subarray(0, nul < 0 ? body.length : nul).toString('latin1') };
  }
  if (opcode === OCC_OPCODE.MTU_REPLY) {
    if (body.length < 4) return undefined;
    return { opcode, maxRecv: body.readUInt16BE(0), maxSend: body.readUInt16BE(2) };
  }
  return { opcode };
}

/** Classifies a decrypted, unframed payload: ping, OCC, or undefined for a tun packet. */
export function classifyInBand(plain: Buffer): InBandMessage | undefined {
  if (isPing(plain)) return { kind: 'ping' };
  const occ = parseOcc(plain);
  return occ ? { kind: 'occ', message: occ } : undefined;
}

/** The payload of a keepalive ping (frame and encrypt it like any packet). */
export function buildPing(): Buffer {
  return Buffer.from(PING_MAGIC);
}

/** OCC_EXIT: the legacy UDP explicit-exit-notify; send once per second for N seconds. */
export function buildOccExit(): Buffer {
  return Buffer.concat([OCC_MAGIC, Buffer.from([OCC_OPCODE.EXIT])]);
}

/** OCC_REPLY with our options string, for peers that send OCC_REQUEST. */
export function buildOccReply(options: string): Buffer {
  return Buffer.concat([
    OCC_MAGIC,
    Buffer.from([OCC_OPCODE.REPLY]),
    Buffer.from(`${options}\0`, 'latin1'),
  ]);
}

/** MTU_REPLY(max_recv, max_send) for peers that send MTU_REQUEST. */
export function buildOccMtuReply(maxRecv: number, maxSend: number): Buffer {
  const body = Buffer.alloc(4);
  body.writeUInt16BE(maxRecv, 0);
  body.writeUInt16BE(maxSend, 2);
  return Buffer.concat([OCC_MAGIC, Buffer.from([OCC_OPCODE.MTU_REPLY]), body]);
}
