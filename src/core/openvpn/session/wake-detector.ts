/**
 * Notices that the engine did not run for a while: the machine slept, or the process was
 * stopped. On Linux node's monotonic clock stops during suspend (nodejs/node#47724), so a timer
 * forgets the sleep; the wall clock does not. A stopped process sees both clocks jump.
 */
import { performance } from 'node:perf_hooks';

/** A tick this much later than due (by either clock) means we did not run. */
export const WAKE_GAP_MS = 5_000;
const INTERVAL_MS = 1_000;

/** Measures the time between two ticks; `sleptMs` > 0 when it was a sleep. */
export class TickClock {
  private wall = Date.now();
  private mono = performance.now();

  constructor(private readonly intervalMs = INTERVAL_MS) {}

  /** Milliseconds we did not run since the last tick (0 when on time). */
  tick(): number {
    const wall = Date.now();
    const mono = performance.now();
    const late = Math.max(wall - this.wall, mono - this.mono) - this.intervalMs;
    this.wall = wall;
    this.mono = mono;
    return late >= WAKE_GAP_MS ? late : 0;
  }
}

export class WakeDetector {
  private readonly timer: NodeJS.Timeout;
  private readonly clock = new TickClock();

  constructor(onWake: (sleptMs: number) => void) {
    this.timer = setInterval(() => {
      const slept = this.clock.tick();
      if (slept > 0) onWake(slept);
    }, INTERVAL_MS);
    this.timer.unref?.();
  }

  stop(): void {
    clearInterval(this.timer);
  }
}
