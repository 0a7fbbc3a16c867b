import type { Profile } from '../../../../src/core/config/profile';

/** A minimal valid profile for engine tests (no real key material needed unless TLS runs). */
export function testProfile(overrides: Partial<Profile> = {}): Profile {
  return {
    name: 'test',
    remotes: [{ host: '127.0.0.1', port: 1, proto: 'udp' }],
    remoteRandom: false,
    connectRetry: { initial: 1, max: 1 },
    serverPollTimeout: 1,
    resolvRetry: 0,
    ca: '',
    tlsWrap: { mode: 'none' },
    dataCiphers: ['AES-256-GCM', 'AES-128-GCM', 'CHACHA20-POLY1305'],
    digest: 'SHA1',
    compression: 'none',
    compLzo: false,
    authUserPass: false,
    authNoCache: false,
    renegSec: 3600,
    explicitExitNotify: 0,
    tunMtu: 1500,
    pull: true,
    routeNoPull: false,
    pullFilters: [],
    routes: [],
    peerInfoExtras: {},
    dev: 'tun',
    certificates: [],
    warnings: [],
    source: { path: 'test', form: 'text', importedAt: '2026-01-01T00:00:00Z' },
    ...overrides,
  };
}
