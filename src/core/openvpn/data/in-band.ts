/**
 * Messages carried in data packets rather than the control channel (ping.c, occ.c). Both are
 * recognised on the unframed plaintext, after decompression.
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

/** The payload of a keepalive ping (frame and encrypt it like any packet). */
export function buildPing(): Buffer {
  return Buffer.from(PING_MAGIC);
}

/** OCC_EXIT: the legacy UDP explicit-exit-notify; send once per second for N seconds. */
export function buildOccExit(): Buffer {
  return Buffer.concat([OCC_MAGIC, Buffer.from([OCC_OPCODE.EXIT])]);
}
