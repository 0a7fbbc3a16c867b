/**
 * A deliberately tiny OpenVPN control channel for interop tests of the codecs against a stock
 * `openvpn --tls-server --dev null` peer on loopback: stop-and-go sending, ACK everything,
 * in-order delivery to node:tls. It is NOT the product's reliability layer (that lives in
 * src/core/openvpn/control); it only exists so the codecs meet a real server.
 */
import { createSocket, type Socket } from 'node:dgram';
import { randomBytes } from 'node:crypto';
import { Duplex } from 'node:stream';
import { connect, type TLSSocket } from 'node:tls';
import type { ControlWrap } from '../../../../src/core/openvpn/crypto/control-wrap';

const P_CONTROL_V1 = 4;
const P_ACK_V1 = 5;
const HARD_RESET_CLIENT_V2 = 7;
const HARD_RESET_SERVER_V2 = 8;
const HARD_RESET_CLIENT_V3 = 10;
const CONTROL_WKC_V1 = 11;
const EARLY_NEG_FLAGS = 0x0001;
const RESEND_WKC = 0x0001;
const MAX_PAYLOAD = 1000;

export interface ParsedControl {
  opcode: number;
  keyId: number;
  sessionId: Buffer;
  acks: number[];
  ackSessionId?: Buffer;
  messageId?: number;
  payload: Buffer;
}

export function parseControl(p: Buffer): ParsedControl {
  const opcode = (p[0] ?? 0) >> 3;
  let at = 9;
  const n = p[at++] ?? 0;
  const acks: number[] = [];
  for (let i = 0; i < n; i++, at += 4) acks.push(p.readUInt32BE(at));
  let ackSessionId: Buffer | undefined;
  if (n > 0) {
    ackSessionId = p.subarray(at, at + 8);
    at += 8;
  }
  let messageId: number | undefined;
  if (opcode !== P_ACK_V1) {
    messageId = p.readUInt32BE(at);
    at += 4;
  }
  return {
    opcode,
    keyId: (p[0] ?? 0) & 7,
    sessionId: p.subarray(1, 9),
    acks,
    ackSessionId,
    messageId,
    payload: p.subarray(at),
  };
}

export class MiniControlClient {
  readonly sessionId = randomBytes(8);
  remoteSessionId?: Buffer;
  readonly socket: Socket = createSocket('udp4');
  private nextMessageId = 0;
  private pendingAcks: number[] = [];
  private expected = 0;
  private readonly held = new Map<number, Buffer>();
  private tlsInput?: Duplex;
  /** Data-channel packets (opcode 6/9) go here. */
  onData: (wire: Buffer) => void = () => undefined;
  readonly dropped: string[] = [];
  /** Wraps for control packets of renegotiated keys (key_id > 0), e.g. dynamic tls-crypt. */
  readonly keyWraps = new Map<number, ControlWrap>();
  /** Control packets received on key_id > 0; this client runs no state for them. */
  readonly renegotiationPackets: ParsedControl[] = [];
  /** The server's reset carried EARLY_NEG_FLAGS with RESEND_WKC (tls-crypt-v2). */
  resendWkc = false;

  constructor(
    private readonly wrap: ControlWrap,
    private readonly port: number,
  ) {
    this.socket.on('message', (msg) => this.receive(msg));
  }

  send(wire: Buffer): void {
    this.socket.send(wire, this.port, '127.0.0.1');
  }

  private ackBlock(): Buffer {
    const ids = this.pendingAcks.splice(0, 4);
    if (ids.length === 0 || !this.remoteSessionId) return Buffer.from([0]);
    const b = Buffer.alloc(1 + ids.length * 4 + 8);
    b[0] = ids.length;
    ids.forEach((id, i) => b.writeUInt32BE(id, 1 + i * 4));
    this.remoteSessionId.copy(b, 1 + ids.length * 4);
    return b;
  }

  private sendControl(requested: number, payload: Buffer): void {
    // tls-crypt-v2 early negotiation: message id 1 repeats the wrapped key (ssl.c
    // control_packet_needs_wkc).
    const opcode =
      requested === P_CONTROL_V1 && this.nextMessageId === 1 && this.resendWkc
        ? CONTROL_WKC_V1
        : requested;
    const id = Buffer.alloc(4);
    id.writeUInt32BE(this.nextMessageId++);
    const plain = Buffer.concat([
      Buffer.from([opcode << 3]),
      this.sessionId,
      this.ackBlock(),
      id,
      payload,
    ]);
    this.send(this.wrap.wrap(plain));
  }

  private sendAck(): void {
    if (this.pendingAcks.length === 0) return;
    this.send(
      this.wrap.wrap(
        Buffer.concat([Buffer.from([P_ACK_V1 << 3]), this.sessionId, this.ackBlock()]),
      ),
    );
  }

  hardReset(tlsCryptV2 = false): void {
    this.sendControl(tlsCryptV2 ? HARD_RESET_CLIENT_V3 : HARD_RESET_CLIENT_V2, Buffer.alloc(0));
  }

  /** TLVs in the server's reset payload: type u16, length u16, value. */
  private readEarlyNegotiation(payload: Buffer): void {
    for (let at = 0; at + 4 <= payload.length;) {
      const type = payload.readUInt16BE(at);
      const length = payload.readUInt16BE(at + 2);
      if (type === EARLY_NEG_FLAGS && length === 2 && at + 6 <= payload.length) {
        this.resendWkc = (payload.readUInt16BE(at + 4) & RESEND_WKC) !== 0;
      }
      at += 4 + length;
    }
  }

  private receive(wire: Buffer): void {
    const opcode = (wire[0] ?? 0) >> 3;
    if (opcode === 6 || opcode === 9) {
      this.onData(wire);
      return;
    }
    const keyId = (wire[0] ?? 0) & 7;
    const unwrapped =
      (keyId > 0 ? this.keyWraps.get(keyId) : undefined)?.unwrap(wire) ?? this.wrap.unwrap(wire);
    if (!unwrapped.ok) {
      this.dropped.push(unwrapped.reason);
      return;
    }
    const packet = parseControl(unwrapped.packet);
    if (keyId > 0) {
      this.renegotiationPackets.push(packet);
      return;
    }
    if (packet.opcode === HARD_RESET_SERVER_V2)
      this.remoteSessionId = Buffer.from(packet.sessionId);
    if (packet.messageId === undefined) return;
    this.pendingAcks.push(packet.messageId);
    if (packet.messageId >= this.expected) this.held.set(packet.messageId, packet.payload);
    for (let p = this.held.get(this.expected); p; p = this.held.get(this.expected)) {
      this.held.delete(this.expected++);
      if (p.length > 0 && this.expected > 1) this.tlsInput?.push(p);
    }
    // Let TLS answer first so the ACK can ride on its packet.
    setImmediate(() => this.sendAck());
  }

  /** Starts TLS over P_CONTROL_V1 once the server's reset arrived. */
  startTls(options: { ca: string; cert: string; key: string }): TLSSocket {
    const duplex = new Duplex({
      read: () => undefined,
      write: (chunk: Buffer, _enc, done) => {
        for (let at = 0; at < chunk.length; at += MAX_PAYLOAD) {
          this.sendControl(P_CONTROL_V1, chunk.subarray(at, at + MAX_PAYLOAD));
        }
        done();
      },
    });
    this.tlsInput = duplex;
    return connect({
      socket: duplex,
      ...options,
      minVersion: 'TLSv1.2',
      checkServerIdentity: () => undefined,
    });
  }

  close(): void {
    this.socket.close();
  }
}
