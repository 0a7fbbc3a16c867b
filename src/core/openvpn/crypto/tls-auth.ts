/**
 * tls-auth: an HMAC over every control packet. On the wire the HMAC and the replay id sit after
 * the session id, but the HMAC is computed over `pid | time | byte0 | sid | rest`, the replay
 * id moved to the front (ssl_pkt.c swap_hmac).
 */
import { createHmac, timingSafeEqual } from 'node:crypto';
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
import { lookupDigest, type DigestInfo } from './digest';
import { sliceKeyDirection, type KeyDirection } from './static-key';

export interface TlsAuthOptions {
  /** The 256-byte static key. */
  key: Buffer;
  direction: KeyDirection;
  /** OpenVPN `auth` name; default SHA1. */
  digest?: string;
  /** For tests: the send counter's time field (unix seconds). */
  nowSeconds?: number;
  /** `replay-window n [t]` for the received packet ids. */
  replay?: ReplayPolicy;
}

export class TlsAuthWrap implements ControlWrap {
  readonly mode = 'tls-auth' as const;
  readonly overhead: number;
  private readonly digest: DigestInfo;
  private readonly sendKey: Buffer;
  private readonly verifyKey: Buffer;
  private readonly counter: WrapPacketIdCounter;
  private readonly replay: WrapReplayGuard;

  constructor(options: TlsAuthOptions) {
    this.digest = lookupDigest(options.digest ?? 'SHA1');
    const keys = sliceKeyDirection(options.key, options.direction);
    this.sendKey = keys.encryptHmac.subarray(0, this.digest.size);
    this.verifyKey = keys.decryptHmac.subarray(0, this.digest.size);
    this.counter = new WrapPacketIdCounter(0, options.nowSeconds);
    this.replay = new WrapReplayGuard(options.replay);
    this.overhead = this.digest.size + REPLAY_ID_BYTES;
  }

  wrap(plain: Buffer): Buffer {
    if (plain.length < CONTROL_HEADER_BYTES) throw new RangeError('control packet too short');
    const hmacAt = CONTROL_HEADER_BYTES;
    const replayAt = hmacAt + this.digest.size;
    const out = Buffer.allocUnsafe(plain.length + this.overhead);
    plain.copy(out, 0, 0, CONTROL_HEADER_BYTES);
    this.counter.writeNext(out, replayAt);
    plain.copy(out, replayAt + REPLAY_ID_BYTES, CONTROL_HEADER_BYTES);
    this.mac(this.sendKey, out).copy(out, hmacAt);
    return out;
  }

  unwrap(wire: Buffer): UnwrapResult {
    const hmacAt = CONTROL_HEADER_BYTES;
    const replayAt = hmacAt + this.digest.size;
    const restAt = replayAt + REPLAY_ID_BYTES;
    if (wire.length <= restAt) return { ok: false, reason: 'malformed' };
    const expected = this.mac(this.verifyKey, wire);
    if (!timingSafeEqual(expected, wire.subarray(hmacAt, replayAt))) {
      return { ok: false, reason: 'auth' };
    }
    if (!this.replay.accept(wire, replayAt)) return { ok: false, reason: 'replay' };
    return unwrappedPacket(wire, wire.subarray(restAt));
  }

  /** HMAC of a wire-layout packet in OpenVPN's swapped order. */
  private mac(key: Buffer, wire: Buffer): Buffer {
    const replayAt = CONTROL_HEADER_BYTES + this.digest.size;
    const restAt = replayAt + REPLAY_ID_BYTES;
    return createHmac(this.digest.nodeName, key)
      .update(wire.subarray(replayAt, restAt))
      .update(wire.subarray(0, CONTROL_HEADER_BYTES))
      .update(wire.subarray(restAt))
      .digest();
  }
}
