/** Data packet headers (ssl_pkt.h): P_DATA_V1 is 1 byte, P_DATA_V2 adds a 24-bit peer-id. */
export const P_DATA_V1 = 6;
export const P_DATA_V2 = 9;
/** peer-id value meaning "none"; a pushed peer-id is 0..0xFFFFFE. */
export const NO_PEER_ID = 0xffffff;

export function dataHeaderLength(byte0: number): 1 | 4 | 0 {
  const opcode = byte0 >> 3;
  if (opcode === P_DATA_V2) return 4;
  if (opcode === P_DATA_V1) return 1;
  return 0;
}

export function isDataPacket(byte0: number): boolean {
  return dataHeaderLength(byte0) !== 0;
}

export function keyIdOf(byte0: number): number {
  return byte0 & 0x07;
}
