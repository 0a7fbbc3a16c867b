import { describe, expect, it } from 'vitest';
import {
  AckList,
  ReliableReceiver,
  ReliableSender,
} from '../../../../src/core/openvpn/control/reliable';

const msg = (n: number): Buffer => Buffer.from([n]);

describe('ReliableSender (reliable.c)', () => {
  it('keeps at most 6 messages in flight and releases more as ACKs arrive', () => {
    const s = new ReliableSender(2000);
    for (let i = 0; i < 8; i++) s.enqueue(4, msg(i));
    expect(s.collect(0).map((m) => m.id)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(s.collect(10)).toEqual([]);
    s.acknowledge([1]); // id 0 still blocks the window
    expect(s.collect(20)).toEqual([]);
    s.acknowledge([0]);
    expect(s.collect(30).map((m) => m.id)).toEqual([6, 7]);
  });

  it('retransmits with a doubling timeout: 2 s, 4 s, 8 s', () => {
    const s = new ReliableSender(2000);
    s.enqueue(4, msg(0));
    expect(s.collect(0).map((m) => m.id)).toEqual([0]);
    expect(s.collect(1999)).toEqual([]);
    expect(s.collect(2000).map((m) => m.id)).toEqual([0]);
    expect(s.nextDeadline()).toBe(6000);
    expect(s.collect(5999)).toEqual([]);
    expect(s.collect(6000).map((m) => m.id)).toEqual([0]);
    expect(s.nextDeadline()).toBe(14000);
    expect(s.retransmits).toBe(2);
  });

  it('fast-retransmits a message once 3 later ones were ACKed', () => {
    const s = new ReliableSender(2000);
    for (let i = 0; i < 4; i++) s.enqueue(4, msg(i));
    s.collect(0);
    s.acknowledge([1, 2]);
    expect(s.collect(10)).toEqual([]);
    s.acknowledge([3]);
    expect(s.collect(20).map((m) => m.id)).toEqual([0]);
    expect(s.isAcked(3)).toBe(true);
    expect(s.isAcked(0)).toBe(false);
  });
});

describe('ReliableReceiver', () => {
  it('delivers in order, ignores duplicates and ids beyond the 12-message window', () => {
    const r = new ReliableReceiver();
    expect(r.receive(1, msg(1))).toBe('stored');
    expect(r.drain()).toEqual([]);
    expect(r.receive(0, msg(0))).toBe('stored');
    expect(r.drain()).toEqual([msg(0), msg(1)]);
    expect(r.receive(1, msg(1))).toBe('duplicate');
    expect(r.receive(2 + 12, msg(14))).toBe('out-of-window');
    expect(r.receive(2 + 11, msg(13))).toBe('stored');
    expect(r.receive(13, msg(13))).toBe('duplicate');
    expect(r.nextExpected).toBe(2);
  });
});

describe('AckList', () => {
  it('sends pending ACKs first and fills free slots with recent ones (2.6 MRU)', () => {
    const a = new AckList();
    a.add(0);
    expect(a.take(4)).toEqual([0]);
    expect(a.hasPending).toBe(false);
    // Nothing pending: the retransmission of msg 1 still re-ACKs 0 (the 2.6 cookie needs it).
    expect(a.take(4)).toEqual([0]);
    a.add(1);
    a.add(2);
    expect(a.take(4)).toEqual([1, 2, 0]);
    for (let i = 3; i < 12; i++) a.add(i);
    expect(a.take(4)).toEqual([3, 4, 5, 6]);
    expect(a.take(8)).toEqual([7, 8, 9, 10, 6, 5, 4, 3]);
  });
});
