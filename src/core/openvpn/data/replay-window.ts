/**
 * Sliding-window replay protection with OpenVPN's packet_id.c semantics (minus the time-based
 * backtrack limit): id 0 is never valid; ids above the highest seen are accepted and advance
 * the window; older ids are accepted once if they are still inside the window.
 *
 * Call accept() only after the packet authenticated, otherwise a forged id could advance
 * the window and make genuine packets look old.
 */
export type ReplayVerdict = 'ok' | 'replay' | 'too-old';

export class ReplayWindow {
  /** Bit i set = id with (id % size) === i was seen; valid for ids in (highest - size, highest]. */
  private readonly bits: Uint32Array;
  private readonly size: number;
  private highest = 0;
  /** Packets refused because their id was already seen. */
  replayed = 0;
  /** Packets refused because their id fell behind the window. */
  tooOld = 0;

  constructor(size = 64) {
    if (!Number.isInteger(size) || size < 1)
      throw new RangeError('replay window size must be >= 1');
    this.size = Math.ceil(size / 32) * 32;
    this.bits = new Uint32Array(this.size / 32);
    this.windowSize = size;
  }

  /** The configured size (the bitmap may be rounded up; the acceptance test uses this). */
  readonly windowSize: number;

  get highestSeen(): number {
    return this.highest;
  }

  /** Checks and, when acceptable, records `id` (a uint32, or larger for 64-bit counters). */
  accept(id: number): ReplayVerdict {
    if (id <= 0) return this.refuse('replay');
    if (id > this.highest) {
      this.advanceTo(id);
      this.set(id);
      return 'ok';
    }
    if (this.highest - id >= this.windowSize) return this.refuse('too-old');
    if (this.isSet(id)) return this.refuse('replay');
    this.set(id);
    return 'ok';
  }

  private refuse(verdict: 'replay' | 'too-old'): ReplayVerdict {
    if (verdict === 'replay') this.replayed++;
    else this.tooOld++;
    return verdict;
  }

  private advanceTo(id: number): void {
    const gap = id - this.highest;
    if (gap >= this.size) {
      this.bits.fill(0);
    } else {
      for (let i = this.highest + 1; i < id; i++) this.clear(i);
    }
    this.highest = id;
  }

  private isSet(id: number): boolean {
    const bit = id % this.size;
    return ((this.bits[bit >>> 5] ?? 0) & (1 << (bit & 31))) !== 0;
  }

  private set(id: number): void {
    const bit = id % this.size;
    this.bits[bit >>> 5] = (this.bits[bit >>> 5] ?? 0) | (1 << (bit & 31));
  }

  private clear(id: number): void {
    const bit = id % this.size;
    this.bits[bit >>> 5] = (this.bits[bit >>> 5] ?? 0) & ~(1 << (bit & 31));
  }
}

/**
 * The control-wrap replay id is (packet-id, time): time is when the sender started its
 * counter. A newer time means the peer restarted its counter, so the window restarts; an
 * older time is a replay of a previous incarnation.
 */
export class TimedReplayWindow {
  private window: ReplayWindow;
  private time = 0;

  constructor(private readonly size = 64) {
    this.window = new ReplayWindow(size);
  }

  accept(id: number, time: number): ReplayVerdict {
    if (time < this.time) {
      this.window.tooOld++;
      return 'too-old';
    }
    if (time > this.time) {
      const { replayed, tooOld } = this.window;
      this.window = new ReplayWindow(this.size);
      this.window.replayed = replayed;
      this.window.tooOld = tooOld;
      this.time = time;
    }
    return this.window.accept(id);
  }
}
