import { describe, expect, it } from 'vitest';
import { ReplayWindow, TimedReplayWindow } from '../../../../src/core/openvpn/data/replay-window';

/** A window of `packets` whose time backtrack never expires anything in these tests. */
const packetsOnly = (packets: number) => new ReplayWindow({ packets, seconds: 0 });

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
    const w = packetsOnly(64);
    expect(w.accept(100)).toBe('ok');
    expect(w.accept(37)).toBe('ok'); // 100 - 37 = 63 < 64
    expect(w.accept(37)).toBe('replay');
    expect(w.accept(36)).toBe('too-old');
    expect(w.accept(99)).toBe('ok');
    expect(w.tooOld).toBe(1);
  });

  it('forgets stale bits when the window slides, including big jumps', () => {
    const w = packetsOnly(64);
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
    const w = packetsOnly(10);
    w.accept(20);
    expect(w.accept(11)).toBe('ok');
    expect(w.accept(10)).toBe('too-old');
  });

  it('matches a brute-force model on random traffic', () => {
    const w = packetsOnly(64);
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

describe('replay-window time backtrack (packet_id.c packet_id_reap)', () => {
  it('defaults to 64 packets and 15 s', () => {
    let now = 1000;
    const w = new ReplayWindow(undefined, () => now);
    expect(w.accept(100)).toBe('ok');
    expect(w.accept(36)).toBe('too-old'); // 64 behind
    now += 14;
    expect(w.accept(37)).toBe('ok'); // 14 s after id 100: still inside the 15 s
    now += 6;
    // 20 s after id 100 arrived; expiry is swept every 5 s (SEQ_REAP_INTERVAL), as in OpenVPN
    expect(w.accept(38)).toBe('too-old');
    expect(w.accept(101)).toBe('ok');
    expect(w.accept(99)).toBe('too-old'); // below an expired id: expired too
  });

  it('refuses an old id once a higher id arrived more than t seconds ago, not before', () => {
    let now = 5000;
    const w = new ReplayWindow({ packets: 64, seconds: 10 }, () => now);
    expect(w.accept(10)).toBe('ok');
    expect(w.accept(12)).toBe('ok'); // 11 is missing
    now += 10;
    expect(w.accept(13)).toBe('ok'); // a reap pass: 12 is 10 s old, not more
    expect(w.accept(11)).toBe('ok');
    expect(w.accept(11)).toBe('replay');
    now += 11; // 13 arrived 11 s ago
    expect(w.accept(20)).toBe('ok'); // reaps: 13 and everything below expire
    expect(w.accept(14)).toBe('ok'); // above the expired 13: still fine
    expect(w.accept(9)).toBe('too-old');
    expect(w.tooOld).toBe(1);
  });

  it('with t = 0 never expires by time', () => {
    let now = 0;
    const w = new ReplayWindow({ packets: 64, seconds: 0 }, () => now);
    w.accept(50);
    now += 600;
    w.accept(51);
    expect(w.accept(2)).toBe('ok');
  });
});

describe('replay-window 0: strictly sequential ids (packet_id_test without backtrack)', () => {
  it('accepts the first id, then only id + 1', () => {
    const w = new ReplayWindow({ packets: 0, seconds: 15 });
    expect(w.accept(0)).toBe('replay');
    expect(w.accept(5)).toBe('ok');
    expect(w.accept(6)).toBe('ok');
    expect(w.accept(6)).toBe('replay');
    expect(w.accept(5)).toBe('replay');
    expect(w.accept(8)).toBe('out-of-sequence');
    expect(w.accept(7)).toBe('ok');
  });

  it('restarts only at id 1 when the sender time moves forward', () => {
    const w = new TimedReplayWindow({ packets: 0, seconds: 15 });
    expect(w.accept(1, 100)).toBe('ok');
    expect(w.accept(2, 100)).toBe('ok');
    expect(w.accept(5, 101)).toBe('out-of-sequence');
    expect(w.accept(1, 101)).toBe('ok');
    expect(w.accept(3, 100)).toBe('too-old');
  });

  it('refuses sizes and times outside packet_id.h bounds', () => {
    expect(() => new ReplayWindow({ packets: 65537, seconds: 15 })).toThrow(RangeError);
    expect(() => new ReplayWindow({ packets: 64, seconds: 601 })).toThrow(RangeError);
    expect(() => new ReplayWindow({ packets: -1, seconds: 15 })).toThrow(RangeError);
  });
});
