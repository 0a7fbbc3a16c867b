/**
 * OpenVPN packet opcodes (ssl_pkt.h). The first byte of every packet is opcode << 3 | key_id;
 * the top five bits also tell control from data packets on the shared socket.
 */
export const Opcode = {
  SOFT_RESET_V1: 3,
  CONTROL_V1: 4,
  ACK_V1: 5,
  DATA_V1: 6,
  HARD_RESET_CLIENT_V2: 7,
  HARD_RESET_SERVER_V2: 8,
  DATA_V2: 9,
  HARD_RESET_CLIENT_V3: 10,
  CONTROL_WKC_V1: 11,
} as const;

export type OpcodeValue = (typeof Opcode)[keyof typeof Opcode];

export function makeByte0(opcode: number, keyId: number): number {
  return ((opcode & 0x1f) << 3) | (keyId & 0x07);
}

export function opcodeOf(byte0: number): number {
  return byte0 >> 3;
}

export function keyIdOf(byte0: number): number {
  return byte0 & 0x07;
}

export function isDataOpcode(opcode: number): boolean {
  return opcode === Opcode.DATA_V1 || opcode === Opcode.DATA_V2;
}

export function isControlOpcode(opcode: number): boolean {
  return opcode >= Opcode.SOFT_RESET_V1 && opcode <= Opcode.CONTROL_WKC_V1 && !isDataOpcode(opcode);
}

/** key_id after `current`: 1..7, wrapping to 1 (0 is only ever the first key). */
export function nextKeyId(current: number): number {
  return current >= 7 ? 1 : current + 1;
}
