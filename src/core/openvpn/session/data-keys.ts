/**
 * The data-channel keys of one connection: the primary (send) key, and the previous key kept
 * as a "lame duck" for `tran-window` seconds so that packets the server still sends on it
 * decrypt. The bookkeeping follows OpenVPN's ssl.c: `key_state_soft_reset` gives the
 * primary key its end of life (`must_die`) when a renegotiation starts and drops the older
 * lame duck, and `lame_duck_must_die` deletes the lame duck once that time has come.
 *
 * It also counts what reneg-bytes / reneg-pkts and the packet-id wrap trigger need, and never
 * lets a key that used up its packet ids encrypt (crypto.c openvpn_encrypt drops the packet
 * with "packet ID roll over"; ssl.c tls_process renegotiates once packet_id_close_to_wrapping).
 */
import type { DataChannelKey } from '../data/data-channel';

/** options.c init_options: transition_window = 3600 (`tran-window`, seconds). */
export const DEFAULT_TRAN_WINDOW_SECONDS = 3600;

export interface DataKeysOptions {
  /** Seconds the previous key lives after a renegotiation starts. */
  tranWindowSeconds: number;
  renegBytes?: number;
  renegPackets?: number;
  /** A limit was reached (reneg-bytes, reneg-pkts, or packet ids close to wrapping). */
  renegotiationDue(): void;
  /** The lame duck `keyId` expired and was deleted: its control state can go too. */
  retired(keyId: number): void;
  log(level: 'debug' | 'info' | 'warn', message: string): void;
  /** Milliseconds clock (tests). */
  now?: () => number;
}

export class DataKeys {
  private primary: DataChannelKey | undefined;
  private lameDuck: DataChannelKey | undefined;
  /** When the primary dies once it is replaced: set when a renegotiation starts. */
  private primaryMustDie: number | undefined;
  private lameDuckTimer: NodeJS.Timeout | undefined;
  private bytes = 0;
  private packets = 0;
  private rollOverLogged = false;
  private readonly now: () => number;

  constructor(private readonly options: DataKeysOptions) {
    this.now = options.now ?? Date.now;
  }

  get sendKey(): DataChannelKey | undefined {
    return this.primary;
  }

  /** The key that decrypts a packet with this key_id: the primary or the lame duck. */
  lookup(keyId: number): DataChannelKey | undefined {
    if (this.primary?.keyId === keyId) return this.primary;
    if (this.lameDuck?.keyId === keyId) return this.lameDuck;
    return undefined;
  }

  /**
   * A renegotiation started (ours or the server's): key_state_soft_reset. The primary will
   * live `tran-window` seconds from now; an older lame duck is deleted now.
   */
  beginTransition(): void {
    this.retireLameDuck();
    if (this.primary) this.primaryMustDie = this.now() + this.options.tranWindowSeconds * 1000;
  }

  /** The previous key while it still decrypts (within tran-window). */
  get lameDuckKey(): DataChannelKey | undefined {
    return this.lameDuck;
  }

  /** The new key from a completed negotiation becomes the send key at once. */
  install(key: DataChannelKey): void {
    const previous = this.primary;
    const mustDie = this.primaryMustDie ?? this.now() + this.options.tranWindowSeconds * 1000;
    this.primary = key;
    this.primaryMustDie = undefined;
    this.bytes = 0;
    this.packets = 0;
    this.rollOverLogged = false;
    if (previous && previous.keyId !== key.keyId) {
      this.retireLameDuck();
      this.lameDuck = previous;
      this.scheduleLameDuckDeath(mustDie - this.now());
    }
  }

  /** Encrypts on the primary key. Payloads past the last packet id are dropped, not thrown. */
  encrypt(payloads: readonly Buffer[]): Buffer[] {
    const key = this.primary;
    if (!key) return [];
    const out: Buffer[] = [];
    let bytes = 0;
    for (const payload of payloads) {
      if (key.exhausted) break;
      out.push(key.encrypt(payload));
      bytes += payload.length;
    }
    if (out.length < payloads.length && !this.rollOverLogged) {
      this.rollOverLogged = true;
      this.options.log(
        'warn',
        `data channel key_id ${key.keyId} used up its packet ids; dropping packets until the renegotiation completes`,
      );
    }
    this.countUsage(out.length, bytes);
    return out;
  }

  /** reneg-bytes / reneg-pkts count both directions per key (ssl.c n_bytes / n_packets). */
  countUsage(packets: number, bytes: number): void {
    this.packets += packets;
    this.bytes += bytes;
    const key = this.primary;
    if (!key) return;
    const { renegBytes, renegPackets } = this.options;
    if (
      key.needsRenegotiation ||
      (renegBytes && this.bytes >= renegBytes) ||
      (renegPackets && this.packets >= renegPackets)
    ) {
      this.options.renegotiationDue();
    }
  }

  private scheduleLameDuckDeath(delayMs: number): void {
    if (delayMs <= 0) return this.retireLameDuck();
    this.lameDuckTimer = setTimeout(() => this.retireLameDuck(), delayMs);
    this.lameDuckTimer.unref?.();
  }

  private retireLameDuck(): void {
    if (this.lameDuckTimer) clearTimeout(this.lameDuckTimer);
    this.lameDuckTimer = undefined;
    const lame = this.lameDuck;
    if (!lame) return;
    this.lameDuck = undefined;
    this.options.log('info', `data channel key_id ${lame.keyId} expired (tran-window)`);
    this.options.retired(lame.keyId);
  }

  close(): void {
    if (this.lameDuckTimer) clearTimeout(this.lameDuckTimer);
    this.lameDuckTimer = undefined;
    this.primary = undefined;
    this.lameDuck = undefined;
  }
}
