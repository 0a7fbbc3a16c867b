import { afterEach, describe, expect, it, vi } from 'vitest';
import { TickClock, WAKE_GAP_MS } from '../../../../src/core/openvpn/session/wake-detector';

afterEach(() => vi.useRealTimers());

describe('TickClock (wake detection)', () => {
  it('is quiet for ticks on time', () => {
    vi.useFakeTimers({ toFake: ['Date', 'performance'] });
    const clock = new TickClock(1000);
    vi.advanceTimersByTime(1000);
    expect(clock.tick()).toBe(0);
    vi.advanceTimersByTime(1000 + WAKE_GAP_MS - 1); // a slow machine, not a sleep
    expect(clock.tick()).toBe(0);
  });

  it('notices a suspend: the wall clock jumps while the monotonic clock stood still', () => {
    vi.useFakeTimers({ toFake: ['Date', 'performance'] });
    const clock = new TickClock(1000);
    vi.advanceTimersByTime(1000);
    clock.tick();
    vi.setSystemTime(Date.now() + 2 * 3600_000); // only Date moves
    vi.advanceTimersByTime(1000);
    expect(clock.tick()).toBe(2 * 3600_000);
  });

  it('notices a stopped process: both clocks jump', () => {
    vi.useFakeTimers({ toFake: ['Date', 'performance'] });
    const clock = new TickClock(1000);
    vi.advanceTimersByTime(151_000);
    expect(clock.tick()).toBe(150_000);
  });
});
