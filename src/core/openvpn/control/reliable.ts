/**
 * The control channel's reliability layer (reliable.c), one instance per key_id:
 * message ids from 0, at most 6 un-ACKed messages in flight, retransmit with a doubling
 * timeout, fast retransmit after 3 later ACKs, a 12-message receive window delivering in order,
 * and the ACK list with OpenVPN 2.6's "most recently used" re-ACKs.
 */
export const SEND_WINDOW = 6;
export const RECEIVE_WINDOW = 12;
const FAST_RETRANSMIT_ACKS = 3;
const PENDING_ACK_LIMIT = 8;
const MRU_ACK_LIMIT = 8;

export interface OutgoingMessage {
  id: number;
  opcode: number;
  payload: Buffer;
}

interface InFlight extends OutgoingMessage {
  dueAt: number;
  timeoutMs: number;
  laterAcks: number;
}

export class ReliableSender {
  private nextId = 0;
  private readonly inFlight: InFlight[] = [];
  private readonly waiting: Array<{ opcode: number; payload: Buffer }> = [];
  /** Retransmissions so far (for logs and tests). */
  retransmits = 0;

  constructor(
    private readonly initialTimeoutMs = 2000,
    private readonly maxTimeoutMs = 60_000,
  ) {}

  enqueue(opcode: number, payload: Buffer): void {
    this.waiting.push({ opcode, payload });
  }

  /** Everything un-ACKed or still waiting. */
  get pendingCount(): number {
    return this.inFlight.length + this.waiting.length;
  }

  /** Messages to transmit at `now`: new ones that fit the window, then due retransmissions. */
  collect(now: number): OutgoingMessage[] {
    const out: OutgoingMessage[] = [];
    for (const m of this.inFlight) {
      if (m.dueAt <= now || m.laterAcks >= FAST_RETRANSMIT_ACKS) {
        if (m.laterAcks < FAST_RETRANSMIT_ACKS)
          m.timeoutMs = Math.min(m.timeoutMs * 2, this.maxTimeoutMs);
        m.laterAcks = 0;
        m.dueAt = now + m.timeoutMs;
        this.retransmits++;
        out.push(m);
      }
    }
    while (this.waiting.length > 0 && this.fitsWindow(this.nextId)) {
      const w = this.waiting.shift();
      if (!w) break;
      const m: InFlight = {
        id: this.nextId++,
        opcode: w.opcode,
        payload: w.payload,
        timeoutMs: this.initialTimeoutMs,
        dueAt: now + this.initialTimeoutMs,
        laterAcks: 0,
      };
      this.inFlight.push(m);
      out.push(m);
    }
    out.sort((a, b) => a.id - b.id);
    return out;
  }

  private fitsWindow(id: number): boolean {
    const lowest = this.inFlight[0]?.id ?? id;
    return id - lowest < SEND_WINDOW;
  }

  /** Drops ACKed messages; returns how many were newly acknowledged. */
  acknowledge(ids: readonly number[]): number {
    let removed = 0;
    for (const id of ids) {
      const i = this.inFlight.findIndex((m) => m.id === id);
      if (i < 0) continue;
      this.inFlight.splice(i, 1);
      removed++;
      for (const m of this.inFlight) if (m.id < id) m.laterAcks++;
    }
    return removed;
  }

  isAcked(id: number): boolean {
    return id < this.nextId && !this.inFlight.some((m) => m.id === id);
  }

  /** Earliest time a retransmission is due, if anything is in flight. */
  nextDeadline(): number | undefined {
    let min: number | undefined;
    for (const m of this.inFlight) if (min === undefined || m.dueAt < min) min = m.dueAt;
    return min;
  }
}

export type ReceiveVerdict = 'stored' | 'duplicate' | 'out-of-window';

export class ReliableReceiver {
  private expected = 0;
  private readonly buffered = new Map<number, Buffer>();

  /** Ids in the window are stored (and must be ACKed); lower ids are duplicates (ACK again). */
  receive(id: number, payload: Buffer): ReceiveVerdict {
    if (id < this.expected) return 'duplicate';
    if (id >= this.expected + RECEIVE_WINDOW) return 'out-of-window';
    if (this.buffered.has(id)) return 'duplicate';
    this.buffered.set(id, payload);
    return 'stored';
  }

  /** Payloads that are now contiguous, in order. */
  drain(): Buffer[] {
    const out: Buffer[] = [];
    for (;;) {
      const p = this.buffered.get(this.expected);
      if (!p) return out;
      this.buffered.delete(this.expected);
      this.expected++;
      out.push(p);
    }
  }

  get nextExpected(): number {
    return this.expected;
  }
}

/** Ids still to ACK, plus recently ACKed ones re-sent in free slots (reliable.c reliable_ack_write). */
export class AckList {
  private readonly pending: number[] = [];
  private readonly recent: number[] = [];

  add(id: number): void {
    if (!this.pending.includes(id) && this.pending.length < PENDING_ACK_LIMIT)
      this.pending.push(id);
  }

  get hasPending(): boolean {
    return this.pending.length > 0;
  }

  /** Up to `max` ids: pending ones first (they become "recent"), then recent re-ACKs. */
  take(max: number): number[] {
    const fresh = this.pending.splice(0, max);
    for (const id of fresh) {
      const at = this.recent.indexOf(id);
      if (at >= 0) this.recent.splice(at, 1);
      this.recent.unshift(id);
    }
    if (this.recent.length > MRU_ACK_LIMIT) this.recent.length = MRU_ACK_LIMIT;
    const out = [...fresh];
    for (const id of this.recent) {
      if (out.length >= max) break;
      if (!out.includes(id)) out.push(id);
    }
    return out;
  }
}
