import { createSocket } from 'node:dgram';
import { describe, expect, it } from 'vitest';
import type { TunnelState } from '../../../../src/shared/tunnel-state';
import { createSession } from '../../../../src/core/openvpn/session/session';
import { orderRemotes, retryDelayMs } from '../../../../src/core/openvpn/transport/resolve-remotes';
import { FakeTunProvider } from '../../../../src/core/platform/fake-tun';
import { testProfile } from './profile-fixture';

const noCredentials = { request: async () => undefined };

/** A UDP socket that never answers: a remote that is up but silent. */
async function silentRemote(): Promise<{ port: number; received: Buffer[]; close(): void }> {
  const s = createSocket('udp4');
  const received: Buffer[] = [];
  s.on('message', (m) => received.push(m));
  await new Promise<void>((r) => s.bind(0, '127.0.0.1', r));
  return { port: s.address().port, received, close: () => s.close() };
}

describe('session state machine', () => {
  it('fails with "no answer from any remote within N s" after trying every remote', async () => {
    const a = await silentRemote();
    const b = await silentRemote();
    const tun = new FakeTunProvider();
    const session = createSession({
      profile: testProfile({
        remotes: [
          { host: '127.0.0.1', port: a.port, proto: 'udp' },
          { host: '127.0.0.1', port: b.port, proto: 'udp' },
        ],
        serverPollTimeout: 1,
      }),
      tun,
      credentials: noCredentials,
    });
    const states: TunnelState[] = [];
    session.on((e) => e.type === 'state' && states.push(e.state));
    await session.connect();
    expect(states.map((s) => s.kind)).toEqual([
      'resolving',
      'connecting',
      'resolving',
      'connecting',
      'failed',
    ]);
    expect(session.state).toMatchObject({
      kind: 'failed',
      reason: { code: 'no-answer', message: 'no answer from any remote within 1 s' },
    });
    // each remote got our hard reset (14 bytes, opcode 7)
    expect(a.received[0]?.[0]).toBe(0x38);
    expect(b.received[0]?.length).toBe(14);
    expect(tun.devices).toEqual([]);
    a.close();
    b.close();
  });

  it('asks for credentials first and fails cleanly when the user cancels', async () => {
    const session = createSession({
      profile: testProfile({ authUserPass: true }),
      tun: new FakeTunProvider(),
      credentials: noCredentials,
    });
    const kinds: string[] = [];
    session.on((e) => e.type === 'state' && kinds.push(e.state.kind));
    await session.connect();
    expect(kinds).toEqual(['awaiting-credentials', 'failed']);
    expect(session.state).toMatchObject({ reason: { code: 'auth-failed' } });
  });

  it('disconnect() while connecting ends in disconnected', async () => {
    const a = await silentRemote();
    const session = createSession({
      profile: testProfile({
        remotes: [{ host: '127.0.0.1', port: a.port, proto: 'udp' }],
        serverPollTimeout: 30,
      }),
      tun: new FakeTunProvider(),
      credentials: noCredentials,
    });
    const settled = session.connect();
    await new Promise((r) => setTimeout(r, 100));
    await session.disconnect();
    await settled;
    expect(session.state.kind).toBe('disconnected');
    a.close();
  });

  it('remote-random shuffles; connect-retry backs off up to the maximum', () => {
    const remotes = [1, 2, 3].map((port) => ({ host: 'h', port, proto: 'udp' as const }));
    expect(orderRemotes(remotes, false)).toEqual(remotes);
    expect(orderRemotes(remotes, true, () => 0).map((r) => r.port)).toEqual([2, 3, 1]);
    expect([0, 1, 2, 3, 10].map((p) => retryDelayMs(p, 5, 60))).toEqual([
      0, 5000, 10000, 20000, 60000,
    ]);
  });
});

describe('session name resolution', () => {
  it('fails with dns-failed when no remote resolves and resolv-retry is over', async () => {
    const session = createSession({
      profile: testProfile({
        remotes: [{ host: 'no-such-host.invalid', port: 1194, proto: 'udp' }],
        resolvRetry: 0,
      }),
      tun: new FakeTunProvider(),
      credentials: noCredentials,
    });
    await session.connect();
    expect(session.state).toMatchObject({ kind: 'failed', reason: { code: 'dns-failed' } });
  });
});

describe('session over TCP', () => {
  it('fails with connection-refused when nothing listens on the port', async () => {
    const { createServer } = await import('node:net');
    const probe = createServer();
    await new Promise<void>((r) => probe.listen(0, '127.0.0.1', r));
    const port = (probe.address() as { port: number }).port;
    await new Promise<void>((r) => probe.close(() => r()));
    const session = createSession({
      profile: testProfile({ remotes: [{ host: '127.0.0.1', port, proto: 'tcp' }] }),
      tun: new FakeTunProvider(),
      credentials: noCredentials,
    });
    await session.connect();
    expect(session.state).toMatchObject({ kind: 'failed', reason: { code: 'connection-refused' } });
  });
});

describe('session credentials prompt', () => {
  it('disconnect() while waiting for credentials cancels the prompt and ends disconnected', async () => {
    const session = createSession({
      profile: testProfile({ authUserPass: true }),
      tun: new FakeTunProvider(),
      credentials: { request: () => new Promise(() => undefined) }, // the user never answers
    });
    const settled = session.connect();
    await new Promise((r) => setTimeout(r, 20));
    expect(session.state.kind).toBe('awaiting-credentials');
    await session.disconnect();
    await settled;
    expect(session.state.kind).toBe('disconnected');
  });
});
