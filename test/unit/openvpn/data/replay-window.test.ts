import { describe, expect, it } from 'vitest';
import { ReplayWindow, TimedReplayWindow } from '../../../../src/core/openvpn/data/replay-window';

describe('ReplayWindow', () => {
  it('accepts increasing ids, refuses 0 and repeats', () => {
    const w = new ReplayWindow();
    expect(w.accept(0)).toBe('replay');
    expect(w.accept(1)).toBe('ok');
    expect(w.accept(2)).toBe('ok');
    expect(w.accept(2)).toBe('replay');
    expect(w.accept(1)).toBe('replay');
    expect(w.replayed).toBe(3);
  });

  it('accepts reordered ids once inside the window, refuses them outside', () => {
    const w = new ReplayWindow(64);
    expect(w.accept(100)).toBe('ok');
    expect(w.accept(37)).toBe('ok'); // 100 - 37 = 63 < 64
    expect(w.accept(37)).toBe('replay');
    expect(w.accept(36)).toBe('too-old');
    expect(w.accept(99)).toBe('ok');
    expect(w.tooOld).toBe(1);
  });

  it('forgets stale bits when the window slides, including big jumps', () => {
    const w = new ReplayWindow(64);
    for (let i = 1; i <= 10; i++) expect(w.accept(i)).toBe('ok');
    expect(w.accept(10 + 64)).toBe('ok'); // slot of 10 reused for 74
    expect(w.accept(20)).toBe('ok');
    expect(w.accept(20)).toBe('replay');
    expect(w.accept(1_000_000)).toBe('ok');
    expect(w.accept(999_999)).toBe('ok');
    expect(w.accept(999_937)).toBe('ok');
    expect(w.accept(999_936)).toBe('too-old');
  });

  it('honours a non-multiple-of-32 size exactly', () => {
    const w = new ReplayWindow(10);
    w.accept(20);
    expect(w.accept(11)).toBe('ok');
    expect(w.accept(10)).toBe('too-old');
  });

  it('matches a brute-force model on random traffic', () => {
    const w = new ReplayWindow(64);
    const seen = new Set<number>();
    let highest = 0;
    let seed = 7;
    for (let n = 0; n < 20_000; n++) {
      seed = (seed * 1103515245 + 12345) & 0x7fffffff;
      const id = Math.max(1, highest + (seed % 100) - 70);
      let expected: string;
      if (id > highest) expected = 'ok';
      else if (highest - id >= 64) expected = 'too-old';
      else expected = seen.has(id) ? 'replay' : 'ok';
      expect(w.accept(id)).toBe(expected);
      if (expected === 'ok') {
        seen.add(id);
        highest = Math.max(highest, id);
      }
    }
  });
});

describe('TimedReplayWindow', () => {
  it('restarts on a newer time and refuses an older time', () => {
    const w = new TimedReplayWindow();
    expect(w.accept(5, 100)).toBe('ok');
    expect(w.accept(5, 100)).toBe('replay');
    expect(w.accept(1, 101)).toBe('ok');
    expect(w.accept(6, 100)).toBe('too-old');
  });
});
