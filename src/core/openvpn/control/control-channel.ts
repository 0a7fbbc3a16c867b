/**
 * The control channel of one OpenVPN session (one hard reset = one session): session ids, the
 * wrap layer (tls-auth/tls-crypt/-v2 from crypto/), and one KeyChannel per key_id. It turns
 * queued messages into wire packets with piggy-backed ACKs, retransmits on a timer, and hands
 * in-order TLS bytes of each key_id to its listener.
 */
import { randomBytes } from 'node:crypto';
import type { ControlWrap } from '../crypto/control-wrap';
import {
  decodeControlPacket,
  encodeControlPacket,
  MAX_ACKS_PER_PACKET,
  type ControlPacket,
} from './control-packet';
import { parseEarlyNegotiation } from './early-negotiation';
import { KeyChannel } from './key-channel';
import { keyIdOf, Opcode } from './opcodes';

/** Piggy-backed ACKs on packets carrying a message (CONTROL_SEND_ACK_MAX). */
const PIGGYBACK_ACKS = 4;
const TLS_MTU = 1250;

export interface ControlChannelEvents {
  /** Our reset on `keyId` was ACKed: start TLS on it. */
  resetAcked(keyId: number): void;
  /** In-order TLS bytes from the peer on `keyId`. */
  tlsData(keyId: number, data: Buffer): void;
  /** The server started a renegotiation on `keyId` (we already answered with our reset). */
  peerSoftReset(keyId: number): void;
  /** A packet was dropped (bad wrap, wrong session id...). */
  dropped(reason: string): void;
}

export interface ControlChannelOptions {
  wrap: ControlWrap;
  send(packet: Buffer): void;
  events: ControlChannelEvents;
  /** IPv6 transport: a larger IP header to budget for. */
  ipv6?: boolean;
  /** `tls-timeout`, default 2 s. */
  initialTimeoutMs?: number;
  now?: () => number;
}

export class ControlChannel {
  readonly localSessionId: Buffer = randomNonZeroSessionId();
  remoteSessionId: Buffer | undefined;
  private readonly keys = new Map<number, KeyChannel>();
  private latestKeyId = 0;
  private resendWkc = false;
  private dynamicWrap: ControlWrap | undefined;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;
  private readonly now: () => number;
  /** Largest TLS payload per P_CONTROL_V1 (ssl.c tls_init_control_channel_frame_parameters). */
  readonly maxPayload: number;

  constructor(private readonly options: ControlChannelOptions) {
    this.now = options.now ?? Date.now;
    const ipHeader = options.ipv6 ? 48 : 28;
    const fixed = 1 + 8 + (1 + 4 * PIGGYBACK_ACKS + 8) + 4;
    // Budget for the larger of the configured wrap and dynamic tls-crypt (40 bytes).
    this.maxPayload = TLS_MTU - ipHeader - fixed - Math.max(options.wrap.overhead, 40) - 16;
  }

  /**
   * Dynamic tls-crypt (tls_crypt.c tls_session_generate_dynamic_tls_crypt_key): from now on every
   * key_id > 0 packet uses `wrap`. Its size matches tls-crypt, within the budget maxPayload was
   * computed for.
   */
  setDynamicWrap(wrap: ControlWrap): void {
    this.dynamicWrap = wrap;
  }

  private wrapFor(keyId: number): ControlWrap {
    return keyId > 0 && this.dynamicWrap ? this.dynamicWrap : this.options.wrap;
  }

  get newestKeyId(): number {
    return this.latestKeyId;
  }

  /** Sends P_CONTROL_HARD_RESET_CLIENT_V2 (V3 with tls-crypt-v2) on key_id 0. */
  startHardReset(): void {
    const key = this.addKey(0);
    const v3 = this.options.wrap.mode === 'tls-crypt-v2';
    key.sender.enqueue(
      v3 ? Opcode.HARD_RESET_CLIENT_V3 : Opcode.HARD_RESET_CLIENT_V2,
      Buffer.alloc(0),
    );
    this.flush();
  }

  /** Starts a client-initiated renegotiation on `keyId`. */
  startSoftReset(keyId: number): void {
    const key = this.addKey(keyId);
    key.sender.enqueue(Opcode.SOFT_RESET_V1, Buffer.alloc(0));
    this.flush();
  }

  /** Queues TLS bytes on `keyId`, split to fit one control packet each. */
  sendTls(keyId: number, data: Buffer): void {
    const key = this.keys.get(keyId);
    if (!key || this.closed) return;
    for (let at = 0; at < data.length; at += this.maxPayload) {
      key.sender.enqueue(Opcode.CONTROL_V1, data.subarray(at, at + this.maxPayload));
    }
    this.flush();
  }

  /** Forgets the control state of every key_id but `keep` and the newest one. */
  retainKeys(keep: readonly number[]): void {
    for (const id of this.keys.keys())
      if (!keep.includes(id) && id !== this.latestKeyId) this.keys.delete(id);
  }

  /** Handles one control packet as it came off the wire. */
  receive(wire: Buffer): void {
    if (this.closed) return;
    const unwrapped = this.wrapFor(keyIdOf(wire[0] ?? 0)).unwrap(wire);
    if (!unwrapped.ok)
      return this.options.events.dropped(`control packet failed ${unwrapped.reason} check`);
    const packet = decodeControlPacket(unwrapped.packet);
    if (!packet) return this.options.events.dropped('malformed control packet');
    if (!this.acceptSessionIds(packet)) return;
    let key = this.keys.get(packet.keyId);
    if (!key && packet.opcode === Opcode.SOFT_RESET_V1 && packet.messageId === 0) {
      key = this.addKey(packet.keyId);
      key.sender.enqueue(Opcode.SOFT_RESET_V1, Buffer.alloc(0));
      this.options.events.peerSoftReset(packet.keyId);
    }
    if (!key)
      return this.options.events.dropped(`control packet for unknown key_id ${packet.keyId}`);
    this.process(key, packet);
    this.flush();
  }

  private acceptSessionIds(packet: ControlPacket): boolean {
    if (packet.ackRemoteSessionId && !packet.ackRemoteSessionId.equals(this.localSessionId)) {
      this.options.events.dropped('ACK for another session');
      return false;
    }
    if (packet.opcode === Opcode.HARD_RESET_SERVER_V2 && !this.remoteSessionId) {
      this.remoteSessionId = packet.sessionId;
      return true;
    }
    if (!this.remoteSessionId || !packet.sessionId.equals(this.remoteSessionId)) {
      this.options.events.dropped('control packet from another session');
      return false;
    }
    return true;
  }

  private process(key: KeyChannel, packet: ControlPacket): void {
    if (packet.acks.length > 0) {
      key.sender.acknowledge(packet.acks);
      if (packet.acks.some((id) => id >= 1)) key.peerHasState = true;
    }
    if (packet.messageId !== undefined) {
      if (packet.messageId >= 1) key.peerHasState = true;
      const verdict = key.receiver.receive(packet.messageId, packet.payload);
      if (verdict !== 'out-of-window') key.acks.add(packet.messageId);
      for (const payload of key.receiver.drain()) {
        if (!key.peerResetSeen) {
          key.peerResetSeen = true;
          if (key.keyId === 0) this.resendWkc = parseEarlyNegotiation(payload).resendWkc;
        } else if (payload.length > 0) {
          this.options.events.tlsData(key.keyId, payload);
        }
      }
    }
    if (!key.resetAcked && key.sender.isAcked(0)) {
      key.resetAcked = true;
      // The ACK of the peer's reset must ride on the first TLS packet, or a 2.6 server's
      // cookie check (ssl_pkt.c check_session_hmac_and_pkt_id) drops it:
      // the session starts TLS synchronously inside this callback and flush() follows.
      this.options.events.resetAcked(key.keyId);
    }
  }

  private addKey(keyId: number): KeyChannel {
    const key = new KeyChannel(keyId, this.options.initialTimeoutMs ?? 2000);
    this.keys.set(keyId, key);
    this.latestKeyId = keyId;
    return key;
  }

  /** Transmits everything due on every key and re-arms the retransmit timer. */
  flush(): void {
    if (this.closed) return;
    const now = this.now();
    for (const key of this.keys.values()) {
      for (const m of key.sender.collect(now)) {
        let opcode = m.opcode;
        if (opcode === Opcode.CONTROL_V1 && m.id === 1 && key.keyId === 0 && this.resendWkc) {
          opcode = Opcode.CONTROL_WKC_V1;
        }
        this.transmit(key, { opcode, messageId: m.id, payload: m.payload }, PIGGYBACK_ACKS);
      }
      if (key.acks.hasPending)
        this.transmit(
          key,
          { opcode: Opcode.ACK_V1, payload: Buffer.alloc(0) },
          MAX_ACKS_PER_PACKET,
        );
    }
    this.armTimer();
  }

  private transmit(
    key: KeyChannel,
    m: { opcode: number; messageId?: number; payload: Buffer },
    maxAcks: number,
  ): void {
    // Until the 2.6 server shows it holds state, keep re-ACKing its reset (ssl_pkt.c
    // check_session_hmac_and_pkt_id wants that ACK on every packet until then).
    const acks = this.remoteSessionId ? key.acks.take(maxAcks) : [];
    if (m.opcode === Opcode.ACK_V1 && acks.length === 0) return;
    const plain = encodeControlPacket({
      opcode: m.opcode,
      keyId: key.keyId,
      sessionId: this.localSessionId,
      acks,
      ...(acks.length > 0 && this.remoteSessionId
        ? { ackRemoteSessionId: this.remoteSessionId }
        : {}),
      ...(m.messageId !== undefined ? { messageId: m.messageId } : {}),
      payload: m.payload,
    });
    this.options.send(this.wrapFor(key.keyId).wrap(plain));
  }

  private armTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    let deadline: number | undefined;
    for (const key of this.keys.values()) {
      const d = key.sender.nextDeadline();
      if (d !== undefined && (deadline === undefined || d < deadline)) deadline = d;
    }
    if (deadline === undefined) return;
    this.timer = setTimeout(() => this.flush(), Math.max(0, deadline - this.now()) + 5);
    this.timer.unref?.();
  }

  close(): void {
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

function randomNonZeroSessionId(): Buffer {
  for (;;) {
    const sid = randomBytes(8);
    if (!sid.equals(Buffer.alloc(8))) return sid;
  }
}
