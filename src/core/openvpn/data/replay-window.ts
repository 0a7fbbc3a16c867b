/**
 * Replay protection with the semantics of OpenVPN's packet_id.c (`packet_id_test`,
 * `packet_id_add`, `packet_id_reap`), configured by `replay-window n [t]`:
 *
 * - id 0 is never valid;
 * - with n > 0 ("backtrack mode"), ids above the highest seen are accepted and advance the
 *   window; an older id is accepted once while it is fewer than n behind the highest, and no
 *   later than t seconds after any packet with a higher id arrived (the time backtrack);
 * - with n = 0, ids must increase by exactly one ("non-backtrack mode").
 *
 * Call accept() only after the packet authenticated, otherwise a forged id could advance
 * the window and make genuine packets look old.
 */
export type ReplayVerdict = 'ok' | 'replay' | 'too-old' | 'out-of-sequence';

/** `replay-window n [t]`: n packets, t seconds. */
export interface ReplayPolicy {
  packets: number;
  seconds: number;
}

/** packet_id.h DEFAULT_SEQ_BACKTRACK and DEFAULT_TIME_BACKTRACK. */
export const DEFAULT_REPLAY_POLICY: Readonly<ReplayPolicy> = { packets: 64, seconds: 15 };
/** packet_id.h MAX_SEQ_BACKTRACK and MAX_TIME_BACKTRACK (the minimums are 0). */
export const MAX_REPLAY_PACKETS = 65536;
export const MAX_REPLAY_SECONDS = 600;
/** packet_id.h SEQ_REAP_INTERVAL: expired ids are swept at most this often. */
const REAP_INTERVAL_SECONDS = 5;
/** A slot never seen; any other value is the second it was seen, or EXPIRED. */
const UNSEEN = 0;
/** packet_id.h SEQ_EXPIRED: the slot fell behind the time backtrack. */
const EXPIRED = 1;

export type SecondsClock = () => number;
const wallClockSeconds: SecondsClock = () => Math.floor(Date.now() / 1000);

export class ReplayWindow {
  /** Per id in (highest - packets, highest], at index id % packets: when it was seen. */
  private readonly seenAt: Float64Array;
  private readonly packets: number;
  private readonly seconds: number;
  private highest = 0;
  private lastReap: number;
  /** Packets refused because their id was already seen. */
  replayed = 0;
  /** Packets refused because their id fell behind the window (in packets or in time). */
  tooOld = 0;

  constructor(
    policy: ReplayPolicy = DEFAULT_REPLAY_POLICY,
    private readonly now: SecondsClock = wallClockSeconds,
  ) {
    const { packets, seconds } = policy;
    if (!Number.isInteger(packets) || packets < 0 || packets > MAX_REPLAY_PACKETS)
      throw new RangeError(`replay window size must be 0 to ${MAX_REPLAY_PACKETS}`);
    if (!Number.isInteger(seconds) || seconds < 0 || seconds > MAX_REPLAY_SECONDS)
      throw new RangeError(`replay window time must be 0 to ${MAX_REPLAY_SECONDS} s`);
    this.packets = packets;
    this.seconds = seconds;
    this.seenAt = new Float64Array(packets);
    this.lastReap = now();
  }

  get highestSeen(): number {
    return this.highest;
  }

  /** Checks and, when acceptable, records `id` (a uint32, or larger for 64-bit counters). */
  accept(id: number): ReplayVerdict {
    if (id <= 0) return this.refuse('replay');
    if (this.packets === 0) return this.acceptInSequence(id);
    const now = this.now();
    if (this.seconds > 0 && this.lastReap + REAP_INTERVAL_SECONDS <= now) this.reap(now);
    if (id > this.highest) {
      this.advanceTo(id);
      this.seenAt[id % this.packets] = now;
      return 'ok';
    }
    if (this.highest - id >= this.packets) return this.refuse('too-old');
    const slot = id % this.packets;
    const seen = this.seenAt[slot] ?? UNSEEN;
    if (seen === EXPIRED) return this.refuse('too-old');
    if (seen !== UNSEEN) return this.refuse('replay');
    this.seenAt[slot] = now;
    return 'ok';
  }

  /** packet_id_test without backtrack: the first id starts the series, then +1 each. */
  private acceptInSequence(id: number): ReplayVerdict {
    if (this.highest !== 0 && id !== this.highest + 1) {
      if (id <= this.highest) return this.refuse('replay');
      return 'out-of-sequence';
    }
    this.highest = id;
    return 'ok';
  }

  private refuse(verdict: 'replay' | 'too-old'): ReplayVerdict {
    if (verdict === 'replay') this.replayed++;
    else this.tooOld++;
    return verdict;
  }

  /** packet_id_add: ids skipped over become unseen; a jump past the window clears it. */
  private advanceTo(id: number): void {
    if (id - this.highest >= this.packets) {
      this.seenAt.fill(UNSEEN);
    } else {
      for (let skipped = this.highest + 1; skipped < id; skipped++)
        this.seenAt[skipped % this.packets] = UNSEEN;
    }
    this.highest = id;
  }

  /**
   * packet_id_reap: walking down from the highest id, the first id seen more than `seconds`
   * ago and every id below it expire, so none of them can be accepted any more.
   */
  private reap(now: number): void {
    this.lastReap = now;
    const count = Math.min(this.packets, this.highest);
    let expire = false;
    for (let i = 0; i < count; i++) {
      const slot = (this.highest - i) % this.packets;
      const seen = this.seenAt[slot] ?? UNSEEN;
      if (seen === EXPIRED) break;
      if (!expire && seen !== UNSEEN && seen + this.seconds < now) expire = true;
      if (expire) this.seenAt[slot] = EXPIRED;
    }
  }
}

/**
 * The control-wrap replay id is (packet-id, time): time is when the sender started its
 * counter. A newer time means the peer restarted its counter, so the window restarts; an
 * older time is a replay of a previous incarnation (packet_id_test, "time backtrack").
 */
export class TimedReplayWindow {
  private window: ReplayWindow;
  private time = 0;

  constructor(
    private readonly policy: ReplayPolicy = DEFAULT_REPLAY_POLICY,
    private readonly now: SecondsClock = wallClockSeconds,
  ) {
    this.window = new ReplayWindow(policy, now);
  }

  accept(id: number, time: number): ReplayVerdict {
    if (time < this.time) {
      this.window.tooOld++;
      return 'too-old';
    }
    if (time > this.time) {
      // Non-backtrack mode starts a new series only at id 1 (packet_id_test).
      if (this.policy.packets === 0 && id !== 1) return 'out-of-sequence';
      const { replayed, tooOld } = this.window;
      this.window = new ReplayWindow(this.policy, this.now);
      this.window.replayed = replayed;
      this.window.tooOld = tooOld;
      this.time = time;
    }
    return this.window.accept(id);
  }
}
