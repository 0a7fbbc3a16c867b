/** Traffic counters for one session, with per-second rates (TrafficStats in tunnel-state). */
import type { TrafficStats } from '../../../shared/tunnel-state';

export class StatsCounter {
  bytesIn = 0;
  bytesOut = 0;
  packetsIn = 0;
  packetsOut = 0;
  droppedAuth = 0;
  droppedReplay = 0;
  private lastSample = { at: Date.now(), bytesIn: 0, bytesOut: 0 };
  private rateIn = 0;
  private rateOut = 0;

  /** Call about once a second: updates the rates and returns a snapshot. */
  sample(now = Date.now()): TrafficStats {
    const seconds = (now - this.lastSample.at) / 1000;
    if (seconds > 0) {
      this.rateIn = Math.round((this.bytesIn - this.lastSample.bytesIn) / seconds);
      this.rateOut = Math.round((this.bytesOut - this.lastSample.bytesOut) / seconds);
    }
    this.lastSample = { at: now, bytesIn: this.bytesIn, bytesOut: this.bytesOut };
    return this.snapshot();
  }

  snapshot(): TrafficStats {
    return {
      bytesIn: this.bytesIn,
      bytesOut: this.bytesOut,
      packetsIn: this.packetsIn,
      packetsOut: this.packetsOut,
      rateIn: this.rateIn,
      rateOut: this.rateOut,
      droppedAuth: this.droppedAuth,
      droppedReplay: this.droppedReplay,
    };
  }
}
