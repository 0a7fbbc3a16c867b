import { describe, expect, it } from 'vitest';
import { reduce, initialState, type StoreState } from '../../../src/renderer/api/store';
import { advanceProgress, remoteIndex } from '../../../src/renderer/util/progress';
import type { TunnelState } from '../../../src/shared/tunnel-state';

const remote = { host: 'vpn.example.com', port: 1194, proto: 'udp' as const };
const second = { host: 'vpn2.example.com', port: 443, proto: 'tcp' as const };
const request = { kind: 'user-pass' as const };

function walk(states: TunnelState[]) {
  let store: StoreState = initialState;
  return states.map((state, i) => {
    store = reduce(store, {
      type: 'state',
      event: { sessionId: 's', profile: 'p', state, at: 1000 + i },
    });
    const p = store.progress.s;
    return p ? `${p.attempt}:${p.step}` : '-';
  });
}

describe('connect progress', () => {
  it('moves only forward within an attempt: sign-in waits keep the step reached', () => {
    expect(
      walk([
        { kind: 'awaiting-credentials', remote, request },
        { kind: 'resolving', remote },
        { kind: 'connecting', remote, attempt: 1 },
        { kind: 'tls-handshake', remote },
        { kind: 'authenticating', remote },
        { kind: 'awaiting-credentials', remote, request },
        { kind: 'getting-config', remote },
      ]),
    ).toEqual(['1:0', '1:1', '1:2', '1:3', '1:4', '1:4', '1:5']);
  });

  it('labels a restart as a new attempt instead of stepping back (2 → 4 → 2)', () => {
    expect(
      walk([
        { kind: 'connecting', remote, attempt: 1 },
        { kind: 'authenticating', remote },
        { kind: 'connecting', remote, attempt: 1 },
        { kind: 'tls-handshake', remote },
      ]),
    ).toEqual(['1:2', '1:4', '2:2', '2:3']);
  });

  it('counts the next remote and a reconnect as attempts, and clears when connecting ends', () => {
    expect(
      walk([
        { kind: 'resolving', remote },
        { kind: 'connecting', remote, attempt: 1 },
        { kind: 'resolving', remote: second },
        {
          kind: 'reconnecting',
          reason: { code: 'ping-timeout', message: 'x' },
          attempt: 1,
          delayMs: 1000,
        },
        { kind: 'resolving', remote },
        { kind: 'failed', reason: { code: 'no-answer', message: 'x' } },
      ]),
    ).toEqual(['1:1', '1:2', '2:1', '3:0', '3:1', '-']);
  });

  it('remembers which remote is tried, and its place in the profile', () => {
    const p = advanceProgress(undefined, { kind: 'connecting', remote: second, attempt: 1 });
    expect(p?.remote).toEqual(second);
    expect(remoteIndex([remote, second], second)).toBe(2);
    expect(remoteIndex([remote], second)).toBeUndefined();
  });
});
