/**
 * TLVs in the payload of the server's hard reset (ssl.c parse_early_negotiation_tlvs):
 * type u16 | len u16 | value. Only EARLY_NEG_FLAGS (1) is defined; bit 1 = RESEND_WKC.
 */
const TLV_EARLY_NEG_FLAGS = 0x0001;
const FLAG_RESEND_WKC = 0x0001;

export interface EarlyNegotiation {
  resendWkc: boolean;
}

export function parseEarlyNegotiation(payload: Buffer): EarlyNegotiation {
  const result: EarlyNegotiation = { resendWkc: false };
  let at = 0;
  while (at + 4 <= payload.length) {
    const type = payload.readUInt16BE(at);
    const len = payload.readUInt16BE(at + 2);
    const value = payload.subarray(at + 4, at + 4 + len);
    if (value.length < len) break;
    if (type === TLV_EARLY_NEG_FLAGS && len === 2) {
      result.resendWkc = (value.readUInt16BE(0) & FLAG_RESEND_WKC) !== 0;
    }
    at += 4 + len;
  }
  return result;
}
