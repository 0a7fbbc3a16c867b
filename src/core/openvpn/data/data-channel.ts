/**
 * One data-channel key (one key_id): encrypts tun payloads into P_DATA_V1/V2 packets and back
 * (crypto.c openvpn_encrypt_aead/_v1). Synchronous and allocation-lean: the
 * output buffer is the only per-packet allocation we control (node's cipher API allocates
 * its own update() results).
 *
 * AEAD:   [hdr][pid 4][tag 16][ct]        nonce = pid || implicit IV, AAD = hdr+pid (V2) / pid (V1)
 * CBC:    [hdr][hmac N][iv 16][CBC(pid || payload)]   hmac over iv || ct
 */
import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  randomFillSync,
  timingSafeEqual,
} from 'node:crypto';
import type { DigestInfo } from '../crypto/digest';
import {
  AEAD_IMPLICIT_IV_BYTES,
  AEAD_TAG_BYTES,
  CBC_IV_BYTES,
  type DataCipherInfo,
} from './ciphers';
import { dataHeaderLength, NO_PEER_ID, P_DATA_V1, P_DATA_V2 } from './data-opcodes';
import type { ClientDataKeys } from './key-derivation';
import { ReplayWindow, type ReplayPolicy, type SecondsClock } from './replay-window';

const PID_BYTES = 4;
/** OpenVPN renegotiates when the send counter reaches this (PACKET_ID_WRAP_TRIGGER). */
export const PACKET_ID_WRAP_TRIGGER = 0xff000000;
const PACKET_ID_MAX = 0xffffffff;

export type DataDropReason = 'auth' | 'replay' | 'malformed';
export type DecryptResult = { ok: Buffer } | { dropped: DataDropReason };

export interface DataChannelKeyOptions {
  keyId: number;
  cipher: DataCipherInfo;
  /** Required for CBC ciphers. */
  digest?: DigestInfo;
  keys: ClientDataKeys;
  /** Pushed peer-id: send P_DATA_V2. Absent (or NO_PEER_ID): send P_DATA_V1. */
  peerId?: number;
  /** `replay-window n [t]`; default 64 packets, 15 s. */
  replay?: ReplayPolicy;
  /** Seconds clock for the replay window's time backtrack (tests). */
  replayClock?: SecondsClock;
  /** For tests of the wrap trigger: the first packet id to send (default 1). */
  firstPacketId?: number;
}

/** Random IVs for CBC come from a refilled pool: one getrandom per ~256 packets. */
class RandomPool {
  private readonly pool = Buffer.allocUnsafe(4096);
  private offset = this.pool.length;
  take(target: Buffer, at: number, length: number): void {
    if (this.offset + length > this.pool.length) {
      randomFillSync(this.pool);
      this.offset = 0;
    }
    this.pool.copy(target, at, this.offset, this.offset + length);
    this.offset += length;
  }
}

export class DataChannelKey {
  readonly keyId: number;
  readonly cipher: DataCipherInfo;
  private readonly digest: DigestInfo | undefined;
  private readonly header: Buffer;
  private readonly encryptKey: Buffer;
  private readonly decryptKey: Buffer;
  private readonly encryptIv: Buffer;
  private readonly decryptIv: Buffer;
  private readonly encryptHmacKey: Buffer | undefined;
  private readonly decryptHmacKey: Buffer | undefined;
  private readonly nonce = Buffer.alloc(12);
  private readonly random = new RandomPool();
  private readonly pidScratch = Buffer.alloc(PID_BYTES);
  private nextPacketId = 1;
  readonly replay: ReplayWindow;
  droppedAuth = 0;
  droppedMalformed = 0;

  constructor(options: DataChannelKeyOptions) {
    if (options.keyId < 0 || options.keyId > 7) throw new RangeError('key_id is 0..7');
    this.keyId = options.keyId;
    this.cipher = options.cipher;
    this.digest = options.digest;
    const { encrypt, decrypt } = options.keys;
    // Raw Buffer keys: node builds a KeyObject per call either way, and measured faster so.
    this.encryptKey = Buffer.from(encrypt.cipherKey);
    this.decryptKey = Buffer.from(decrypt.cipherKey);
    if (this.cipher.kind === 'aead') {
      this.encryptIv = Buffer.from(encrypt.hmacKeyOrIv.subarray(0, AEAD_IMPLICIT_IV_BYTES));
      this.decryptIv = Buffer.from(decrypt.hmacKeyOrIv.subarray(0, AEAD_IMPLICIT_IV_BYTES));
      if (this.encryptIv.length !== AEAD_IMPLICIT_IV_BYTES)
        throw new RangeError('implicit IV too short');
    } else {
      if (!this.digest) throw new RangeError('CBC ciphers need an HMAC digest');
      this.encryptIv = Buffer.alloc(0);
      this.decryptIv = Buffer.alloc(0);
      this.encryptHmacKey = Buffer.from(encrypt.hmacKeyOrIv);
      this.decryptHmacKey = Buffer.from(decrypt.hmacKeyOrIv);
    }
    const peerId = options.peerId ?? NO_PEER_ID;
    if (peerId !== NO_PEER_ID) {
      if (!Number.isInteger(peerId) || peerId < 0 || peerId > NO_PEER_ID)
        throw new RangeError('bad peer-id');
      this.header = Buffer.alloc(4);
      this.header.writeUInt32BE(((((P_DATA_V2 << 3) | this.keyId) << 24) | peerId) >>> 0, 0);
    } else {
      this.header = Buffer.from([(P_DATA_V1 << 3) | this.keyId]);
    }
    this.replay = new ReplayWindow(options.replay, options.replayClock);
    this.nextPacketId = options.firstPacketId ?? 1;
  }

  /** True once the send counter is close to wrapping: start a renegotiation. */
  get needsRenegotiation(): boolean {
    return this.nextPacketId >= PACKET_ID_WRAP_TRIGGER;
  }

  /** The last packet id was sent: encrypt() would throw, the key must be replaced. */
  get exhausted(): boolean {
    return this.nextPacketId > PACKET_ID_MAX;
  }

  /** Packets sent so far with this key. */
  get packetsSent(): number {
    return this.nextPacketId - 1;
  }

  /** Bytes added to every payload (excluding CBC padding). */
  get overhead(): number {
    if (this.cipher.kind === 'aead') return this.header.length + PID_BYTES + AEAD_TAG_BYTES;
    return this.header.length + (this.digest?.size ?? 0) + CBC_IV_BYTES + PID_BYTES;
  }

  encrypt(payload: Buffer): Buffer {
    if (this.nextPacketId > PACKET_ID_MAX) {
      throw new RangeError('data packet-id exhausted: this key must be renegotiated');
    }
    const pid = this.nextPacketId++;
    return this.cipher.kind === 'aead'
      ? this.encryptAead(payload, pid)
      : this.encryptCbc(payload, pid);
  }

  decrypt(wire: Buffer): DecryptResult {
    const headerLength = dataHeaderLength(wire[0] ?? 0);
    if (headerLength === 0 || ((wire[0] ?? 0) & 7) !== this.keyId) return this.malformed();
    return this.cipher.kind === 'aead'
      ? this.decryptAead(wire, headerLength)
      : this.decryptCbc(wire, headerLength);
  }

  private encryptAead(payload: Buffer, pid: number): Buffer {
    const h = this.header.length;
    const out = Buffer.allocUnsafe(h + PID_BYTES + AEAD_TAG_BYTES + payload.length);
    this.header.copy(out, 0);
    out.writeUInt32BE(pid, h);
    this.nonce.writeUInt32BE(pid, 0);
    this.encryptIv.copy(this.nonce, PID_BYTES);
    const cipher = createCipheriv(
      this.cipher.nodeName as 'aes-256-gcm',
      this.encryptKey,
      this.nonce,
      {
        authTagLength: AEAD_TAG_BYTES,
      },
    );
    // V2 authenticates the opcode/peer-id word too; V1 only the packet id.
    cipher.setAAD(h === 4 ? out.subarray(0, 8) : out.subarray(h, h + PID_BYTES));
    const ctAt = h + PID_BYTES + AEAD_TAG_BYTES;
    const written = cipher.update(payload).copy(out, ctAt);
    cipher.final();
    cipher.getAuthTag().copy(out, h + PID_BYTES);
    return written === payload.length ? out : out.subarray(0, ctAt + written);
  }

  private decryptAead(wire: Buffer, h: number): DecryptResult {
    const ctAt = h + PID_BYTES + AEAD_TAG_BYTES;
    if (wire.length <= ctAt) return this.malformed();
    const pid = wire.readUInt32BE(h);
    this.nonce.writeUInt32BE(pid, 0);
    this.decryptIv.copy(this.nonce, PID_BYTES);
    const decipher = createDecipheriv(
      this.cipher.nodeName as 'aes-256-gcm',
      this.decryptKey,
      this.nonce,
      {
        authTagLength: AEAD_TAG_BYTES,
      },
    );
    decipher.setAAD(h === 4 ? wire.subarray(0, 8) : wire.subarray(h, h + PID_BYTES));
    decipher.setAuthTag(wire.subarray(h + PID_BYTES, ctAt));
    const plain = decipher.update(wire.subarray(ctAt));
    try {
      decipher.final();
    } catch {
      this.droppedAuth++;
      return { dropped: 'auth' };
    }
    return this.replay.accept(pid) === 'ok' ? { ok: plain } : { dropped: 'replay' };
  }

  private encryptCbc(payload: Buffer, pid: number): Buffer {
    const h = this.header.length;
    const macBytes = this.digest?.size ?? 0;
    const ivAt = h + macBytes;
    const ctAt = ivAt + CBC_IV_BYTES;
    const ctLength = (Math.floor((PID_BYTES + payload.length) / 16) + 1) * 16;
    const out = Buffer.allocUnsafe(ctAt + ctLength);
    this.header.copy(out, 0);
    this.random.take(out, ivAt, CBC_IV_BYTES);
    const cipher = createCipheriv(this.cipher.nodeName, this.encryptKey, out.subarray(ivAt, ctAt));
    this.pidScratch.writeUInt32BE(pid, 0);
    let at = ctAt;
    at += cipher.update(this.pidScratch).copy(out, at);
    at += cipher.update(payload).copy(out, at);
    at += cipher.final().copy(out, at);
    const mac = createHmac(this.digest?.nodeName ?? 'sha1', this.encryptHmacKey as Buffer)
      .update(out.subarray(ivAt, at))
      .digest();
    mac.copy(out, h);
    return out;
  }

  private decryptCbc(wire: Buffer, h: number): DecryptResult {
    const macBytes = this.digest?.size ?? 0;
    const ivAt = h + macBytes;
    const ctAt = ivAt + CBC_IV_BYTES;
    const ctLength = wire.length - ctAt;
    if (ctLength < 16 || ctLength % 16 !== 0) return this.malformed();
    const mac = createHmac(this.digest?.nodeName ?? 'sha1', this.decryptHmacKey as Buffer)
      .update(wire.subarray(ivAt))
      .digest();
    if (!timingSafeEqual(mac, wire.subarray(h, ivAt))) {
      this.droppedAuth++;
      return { dropped: 'auth' };
    }
    let plain: Buffer;
    try {
      const decipher = createDecipheriv(
        this.cipher.nodeName,
        this.decryptKey,
        wire.subarray(ivAt, ctAt),
      );
      const first = decipher.update(wire.subarray(ctAt));
      const last = decipher.final();
      plain = last.length === 0 ? first : Buffer.concat([first, last]);
    } catch {
      return this.malformed(); // authentic but badly padded: a broken peer, not an attacker
    }
    if (plain.length < PID_BYTES) return this.malformed();
    const pid = plain.readUInt32BE(0);
    if (this.replay.accept(pid) !== 'ok') return { dropped: 'replay' };
    return { ok: plain.subarray(PID_BYTES) };
  }

  private malformed(): DecryptResult {
    this.droppedMalformed++;
    return { dropped: 'malformed' };
  }
}
