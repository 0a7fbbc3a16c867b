import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { lookupDataCipher } from '../../../../src/core/openvpn/data/ciphers';
import { DataChannelKey } from '../../../../src/core/openvpn/data/data-channel';
import { splitKey2ForClient } from '../../../../src/core/openvpn/data/key-derivation';
import { DataKeys } from '../../../../src/core/openvpn/session/data-keys';

const cipher = lookupDataCipher('AES-256-GCM')!;
const payload = Buffer.alloc(100, 7);

function key(keyId: number, firstPacketId?: number): DataChannelKey {
  const keys = splitKey2ForClient(randomBytes(256), cipher);
  return new DataChannelKey({
    keyId,
    cipher,
    keys,
    ...(firstPacketId ? { firstPacketId } : {}),
  });
}

function keyRing(tranWindowSeconds: number, extra: { renegPackets?: number } = {}) {
  const retired: number[] = [];
  const logs: string[] = [];
  let due = 0;
  const keys = new DataKeys({
    tranWindowSeconds,
    ...extra,
    renegotiationDue: () => due++,
    retired: (id) => retired.push(id),
    log: (_level, message) => logs.push(message),
  });
  return { keys, retired, logs, due: () => due };
}

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('lame-duck key expiry (ssl.c key_state_soft_reset / lame_duck_must_die)', () => {
  it('keeps the old key for tran-window seconds after the renegotiation started, then deletes it', () => {
    const { keys, retired } = keyRing(60);
    const k0 = key(0);
    const k1 = key(1);
    keys.install(k0);
    keys.beginTransition(); // renegotiation starts: k0 must die 60 s from now
    vi.advanceTimersByTime(2_000); // the new key takes 2 s to negotiate
    keys.install(k1);
    expect(keys.sendKey).toBe(k1);
    expect(keys.lookup(0)).toBe(k0); // packets still in flight on the old key decrypt
    expect(keys.lameDuckKey).toBe(k0);
    vi.advanceTimersByTime(57_999);
    expect(keys.lookup(0)).toBe(k0);
    expect(retired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(keys.lookup(0)).toBeUndefined();
    expect(keys.lookup(1)).toBe(k1);
    expect(retired).toEqual([0]);
  });

  it('deletes the old key at once when the renegotiation outlasted tran-window', () => {
    const sendKeyWhenRetired: Array<number | undefined> = [];
    const keys = new DataKeys({
      tranWindowSeconds: 5,
      renegotiationDue: () => undefined,
      retired: () => sendKeyWhenRetired.push(keys.sendKey?.keyId),
      log: () => undefined,
    });
    keys.install(key(0));
    keys.beginTransition();
    vi.advanceTimersByTime(6_000);
    keys.install(key(1));
    expect(keys.lookup(0)).toBeUndefined();
    expect(keys.lameDuckKey).toBeUndefined();
    // The link keeps the control state of the send key only: it must already be the new one.
    expect(sendKeyWhenRetired).toEqual([1]);
  });

  it('drops an older lame duck when the next renegotiation starts, as the primary takes its slot', () => {
    const { keys, retired } = keyRing(3600);
    keys.install(key(0));
    keys.beginTransition();
    keys.install(key(1));
    expect(keys.lookup(0)).toBeDefined();
    keys.beginTransition();
    expect(keys.lookup(0)).toBeUndefined();
    expect(retired).toEqual([0]);
    keys.install(key(2));
    expect(keys.lookup(1)).toBeDefined();
    expect(keys.lookup(2)).toBeDefined();
    vi.advanceTimersByTime(3600_000);
    expect(keys.lookup(1)).toBeUndefined();
    expect(retired).toEqual([0, 1]);
  });

  it('leaves no timer behind after close', () => {
    const { keys, retired } = keyRing(60);
    keys.install(key(0));
    keys.beginTransition();
    keys.install(key(1));
    keys.close();
    vi.advanceTimersByTime(120_000);
    expect(retired).toEqual([]);
    expect(vi.getTimerCount()).toBe(0);
  });
});

describe('packet-id wrap on the send key', () => {
  it('asks for a renegotiation near the wrap and drops packets past the last id instead of throwing', () => {
    const { keys, logs, due } = keyRing(60);
    keys.install(key(0, 0xfffffffe));
    const sent = keys.encrypt([payload, payload, payload, payload]);
    expect(sent).toHaveLength(2); // ids 0xfffffffe and 0xffffffff
    expect(due()).toBeGreaterThan(0);
    expect(() => keys.encrypt([payload])).not.toThrow();
    expect(keys.encrypt([payload])).toEqual([]);
    expect(logs.filter((l) => /used up its packet ids/.test(l))).toHaveLength(1);
    keys.beginTransition();
    keys.install(key(1));
    expect(keys.encrypt([payload])).toHaveLength(1);
  });

  it('asks for a renegotiation at reneg-pkts, counting both directions', () => {
    const { keys, due } = keyRing(60, { renegPackets: 3 });
    keys.install(key(0));
    keys.encrypt([payload]);
    keys.countUsage(1, 100);
    expect(due()).toBe(0);
    keys.encrypt([payload]);
    expect(due()).toBe(1);
  });
});
