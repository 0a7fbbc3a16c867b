import { createSocket } from 'node:dgram';
import { describe, expect, it } from 'vitest';
import { createSession } from '../../../../src/core/openvpn/session/session';
import { FakeTunProvider } from '../../../../src/core/platform/fake-tun';
import type { TunnelState } from '../../../../src/shared/tunnel-state';
import { testProfile } from './profile-fixture';

/** A loopback UDP port with nothing bound to it: the kernel answers ICMP port unreachable. */
async function closedUdpPort(): Promise<number> {
  const probe = createSocket('udp4');
  await new Promise<void>((resolve) => probe.bind(0, '127.0.0.1', resolve));
  const { port } = probe.address();
  await new Promise<void>((resolve) => probe.close(resolve));
  return port;
}

describe('session over UDP to a closed port', () => {
  it('fails as connection-refused at once, not after the poll timeout', async () => {
    const port = await closedUdpPort();
    const session = createSession({
      profile: testProfile({
        remotes: [{ host: '127.0.0.1', port, proto: 'udp' }],
        serverPollTimeout: 60,
      }),
      tun: new FakeTunProvider(),
      credentials: { request: async () => undefined },
    });
    const states: TunnelState[] = [];
    session.on((e) => e.type === 'state' && states.push(e.state));
    const started = Date.now();
    await session.connect();
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(session.state).toMatchObject({
      kind: 'failed',
      reason: { code: 'connection-refused' },
    });
    expect(states.map((s) => s.kind)).toEqual(['resolving', 'connecting', 'failed']);
  }, 10_000);
});
