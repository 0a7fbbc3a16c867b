/**
 * The control-channel wrap layer seen by the control-packet codec. A "plain" control packet is
 * `byte0 | own_sid(8) | ack block | [msg id] | payload`; wrap() turns it into what goes on the
 * wire (inserting HMAC/replay id, encrypting, appending WKc) and unwrap() reverses it,
 * verifying authenticity and the replay id. Each wrap object holds one direction's send
 * counter and the receive replay window for one TLS session.
 */
import { TimedReplayWindow, type ReplayPolicy } from '../data/replay-window';

export const CONTROL_HEADER_BYTES = 9; // byte0 + session id
/** packet id (4) + unix time (4), in every tls-auth / tls-crypt packet. */
export const REPLAY_ID_BYTES = 8;

export type ControlDropReason = 'auth' | 'replay' | 'malformed';

export type UnwrapResult = { ok: true; packet: Buffer } | { ok: false; reason: ControlDropReason };

export interface ControlWrap {
  readonly mode: 'none' | 'tls-auth' | 'tls-crypt' | 'tls-crypt-v2';
  /** Bytes the wrap adds to every packet (excluding the tls-crypt-v2 WKc). */
  readonly overhead: number;
  wrap(plain: Buffer): Buffer;
  unwrap(wire: Buffer): UnwrapResult;
}

/** The 8-byte replay id every wrapped packet carries, and its sender-side counter. */
export class WrapPacketIdCounter {
  private next: number;
  readonly time: number;

  /** `start` is the value before the first one sent (1 is sent first by default). */
  constructor(start = 0, nowSeconds = Math.floor(Date.now() / 1000)) {
    this.next = start + 1;
    this.time = nowSeconds >>> 0;
  }

  /** Writes the next (pid, time) at `offset`; every transmission, retransmits included, calls it. */
  writeNext(target: Buffer, offset: number): void {
    if (this.next > 0xffffffff) throw new RangeError('control packet-id exhausted; reconnect');
    target.writeUInt32BE(this.next++, offset);
    target.writeUInt32BE(this.time, offset + 4);
  }
}

/**
 * The receive side of the replay id: a timed window over the (pid, time) found at `offset`,
 * sized by `replay-window` as OpenVPN sizes its tls_wrap packet_id (ssl.c tls_session_init).
 */
export class WrapReplayGuard {
  private readonly window: TimedReplayWindow;

  constructor(policy?: ReplayPolicy) {
    this.window = new TimedReplayWindow(policy);
  }

  accept(wire: Buffer, offset: number): boolean {
    return this.window.accept(wire.readUInt32BE(offset), wire.readUInt32BE(offset + 4)) === 'ok';
  }
}

/** The plain packet after unwrapping: the clear header followed by the verified body. */
export function unwrappedPacket(wire: Buffer, body: Buffer): UnwrapResult {
  return { ok: true, packet: Buffer.concat([wire.subarray(0, CONTROL_HEADER_BYTES), body]) };
}

/** Without tls-auth/tls-crypt the plain packet is the wire packet. */
export class NoControlWrap implements ControlWrap {
  readonly mode = 'none' as const;
  readonly overhead = 0;
  wrap(plain: Buffer): Buffer {
    return plain;
  }
  unwrap(wire: Buffer): UnwrapResult {
    if (wire.length < CONTROL_HEADER_BYTES + 1) return { ok: false, reason: 'malformed' };
    return { ok: true, packet: wire };
  }
}
