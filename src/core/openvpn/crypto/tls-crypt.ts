/**
 * tls-crypt (v1) and the client side of tls-crypt-v2 (tls_crypt.c). SIV-like:
 * tag = HMAC-SHA256(Ka, byte0|sid|pid|time|plain), ct = AES-256-CTR(Ke, iv = tag[0..15], plain),
 * wire = byte0|sid|pid|time|tag|ct. The client uses the "inverse" key direction.
 */
import { createCipheriv, createHmac, timingSafeEqual } from 'node:crypto';
import {
  CONTROL_HEADER_BYTES,
  REPLAY_ID_BYTES,
  unwrappedPacket,
  WrapPacketIdCounter,
  WrapReplayGuard,
  type ControlWrap,
  type UnwrapResult,
} from './control-wrap';
import type { ReplayPolicy } from '../data/replay-window';
import { sliceKeyDirection, STATIC_KEY_BYTES } from './static-key';

const TAG_BYTES = 32;
const HEADER_BYTES = CONTROL_HEADER_BYTES + REPLAY_ID_BYTES; // 17, authenticated in clear
const CIPHER_KEY_BYTES = 32;
const HMAC_KEY_BYTES = 32;

/** tls-crypt-v2 clients signal early negotiation by starting the wrap pid here (ssl_pkt.h). */
export const EARLY_NEG_START = 0x0f000000;

const OPCODE_HARD_RESET_CLIENT_V3 = 10;
const OPCODE_CONTROL_WKC_V1 = 11;

export interface TlsCryptOptions {
  /** The 256-byte static key (or the Kc of a tls-crypt-v2 client key, or a dynamic key). */
  key: Buffer;
  /** Value before the first pid sent: 0 normally, EARLY_NEG_START for tls-crypt-v2. */
  packetIdStart?: number;
  /** Unix seconds for the replay-id time field. */
  nowSeconds?: number;
  /** tls-crypt-v2 only: appended in clear to opcodes 10 and 11. */
  wrappedClientKey?: Buffer;
  /** `replay-window n [t]` for the received packet ids. */
  replay?: ReplayPolicy;
}

/**
 * The tls-crypt construction itself: tag = HMAC-SHA256(hmacKey, header || plain),
 * ciphertext = AES-256-CTR(cipherKey, iv = tag[0..15], plain). `header` is whatever travels in
 * clear and is authenticated (byte0 | sid | pid | time on the wire).
 */
export function sealTlsCrypt(
  cipherKey: Buffer,
  hmacKey: Buffer,
  header: Buffer,
  plain: Buffer,
): { tag: Buffer; ciphertext: Buffer } {
  const tag = createHmac('sha256', hmacKey).update(header).update(plain).digest();
  const cipher = createCipheriv('aes-256-ctr', cipherKey, tag.subarray(0, 16));
  const ciphertext = cipher.update(plain);
  cipher.final();
  return { tag, ciphertext };
}

export class TlsCryptWrap implements ControlWrap {
  readonly mode: 'tls-crypt' | 'tls-crypt-v2';
  readonly overhead = REPLAY_ID_BYTES + TAG_BYTES;
  private readonly encryptKey: Buffer;
  private readonly encryptHmac: Buffer;
  private readonly decryptKey: Buffer;
  private readonly decryptHmac: Buffer;
  private readonly counter: WrapPacketIdCounter;
  private readonly replay: WrapReplayGuard;
  private readonly wkc: Buffer | undefined;

  constructor(options: TlsCryptOptions) {
    if (options.key.length !== STATIC_KEY_BYTES)
      throw new RangeError('tls-crypt key must be 256 bytes');
    const keys = sliceKeyDirection(options.key, 1);
    this.encryptKey = keys.encryptCipher.subarray(0, CIPHER_KEY_BYTES);
    this.encryptHmac = keys.encryptHmac.subarray(0, HMAC_KEY_BYTES);
    this.decryptKey = keys.decryptCipher.subarray(0, CIPHER_KEY_BYTES);
    this.decryptHmac = keys.decryptHmac.subarray(0, HMAC_KEY_BYTES);
    this.counter = new WrapPacketIdCounter(options.packetIdStart ?? 0, options.nowSeconds);
    this.replay = new WrapReplayGuard(options.replay);
    this.wkc = options.wrappedClientKey;
    this.mode = this.wkc ? 'tls-crypt-v2' : 'tls-crypt';
  }

  wrap(plain: Buffer): Buffer {
    if (plain.length < CONTROL_HEADER_BYTES) throw new RangeError('control packet too short');
    const body = plain.subarray(CONTROL_HEADER_BYTES);
    const opcode = (plain[0] ?? 0) >> 3;
    const appendWkc =
      this.wkc && (opcode === OPCODE_HARD_RESET_CLIENT_V3 || opcode === OPCODE_CONTROL_WKC_V1);
    const wkcLength = appendWkc && this.wkc ? this.wkc.length : 0;
    const out = Buffer.allocUnsafe(HEADER_BYTES + TAG_BYTES + body.length + wkcLength);
    plain.copy(out, 0, 0, CONTROL_HEADER_BYTES);
    this.counter.writeNext(out, CONTROL_HEADER_BYTES);
    const { tag, ciphertext } = sealTlsCrypt(
      this.encryptKey,
      this.encryptHmac,
      out.subarray(0, HEADER_BYTES),
      body,
    );
    tag.copy(out, HEADER_BYTES);
    const ctAt = HEADER_BYTES + TAG_BYTES;
    const written = ciphertext.copy(out, ctAt);
    if (appendWkc && this.wkc) this.wkc.copy(out, ctAt + written);
    return out;
  }

  unwrap(wire: Buffer): UnwrapResult {
    const ctAt = HEADER_BYTES + TAG_BYTES;
    if (wire.length <= ctAt) return { ok: false, reason: 'malformed' };
    const header = wire.subarray(0, HEADER_BYTES);
    const tag = wire.subarray(HEADER_BYTES, ctAt);
    const decipher = createCipheriv('aes-256-ctr', this.decryptKey, tag.subarray(0, 16));
    const body = decipher.update(wire.subarray(ctAt));
    decipher.final();
    const expected = createHmac('sha256', this.decryptHmac).update(header).update(body).digest();
    if (!timingSafeEqual(expected, tag)) return { ok: false, reason: 'auth' };
    if (!this.replay.accept(wire, CONTROL_HEADER_BYTES)) return { ok: false, reason: 'replay' };
    return unwrappedPacket(wire, body);
  }
}
