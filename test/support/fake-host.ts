import { createServer, type Server } from 'node:http';
import { readFileSync, existsSync } from 'node:fs';
import path from 'node:path';
import { WebSocketServer, type WebSocket } from 'ws';
import type {
  EventChannel,
  EventPayload,
  ProfileView,
  SessionView,
} from '../../src/shared/ipc-schema';
import type { TunnelState } from '../../src/shared/tunnel-state';
import { decodeWire, encodeWire } from '../../src/shared/wire-json';
import { normalizeTencent } from '../../src/core/ipsec/tencent/normalize';
import { buildView } from '../../src/core/ipsec/view';
import { allScenarios } from './ipsec-fixtures';

/**
 * A TEST-ONLY stand-in for the dev host: serves dist/renderer and answers the IPC schema over
 * the same WebSocket wire with canned data, so screens can be designed and screenshotted
 * before the real services exist. Never shipped; the e2e suite runs against the real dev host.
 */

const DAY = 86_400_000;
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.map': 'application/json',
};

function profile(name: string, over: Partial<ProfileView>): ProfileView {
  const now = Date.now();
  return {
    name,
    remotes: [{ host: 'vpn.example.com', port: 1194, proto: 'udp' }],
    dataCiphers: ['AES-256-GCM', 'AES-128-GCM', 'CHACHA20-POLY1305'],
    digest: 'SHA256',
    tlsWrap: 'tls-crypt',
    serverVerified: true,
    compression: 'none',
    certificateAuth: true,
    pkcs12: false,
    authUserPass: false,
    certificates: [
      {
        role: 'client',
        subject: 'CN=client1',
        issuer: 'CN=Example CA',
        notBefore: new Date(now - 100 * DAY).toISOString(),
        notAfter: new Date(now + 300 * DAY).toISOString(),
        sha256: 'AA:BB',
      },
    ],
    warnings: [],
    source: { path: `${name}.ovpn`, form: 'file', importedAt: new Date(now - DAY).toISOString() },
    passwordSaved: false,
    ...over,
  };
}

export interface FakeHost {
  url: string;
  close(): Promise<void>;
}

export async function startFakeHost(opts: { root: string; port?: number }): Promise<FakeHost> {
  const token = 'fake-token';
  const now = Date.now();
  let profiles: ProfileView[] = [
    profile('Guangzhou office', {
      remotes: [{ host: 'gz-vpn.example.cn', port: 1194, proto: 'udp' }],
    }),
    profile('Shanghai DC', {
      remotes: [
        { host: 'sh-vpn.example.cn', port: 443, proto: 'tcp' },
        { host: 'sh-vpn2.example.cn', port: 443, proto: 'tcp' },
      ],
      dataCiphers: ['AES-128-CBC'],
      authUserPass: true,
      staticChallenge: { text: 'Enter your OTP code', echo: true },
      certificates: [
        {
          role: 'client',
          subject: 'CN=alice',
          issuer: 'CN=Example CA',
          notBefore: new Date(now - 300 * DAY).toISOString(),
          notAfter: new Date(now + 12 * DAY).toISOString(),
          sha256: 'CC:DD',
        },
      ],
    }),
    profile('Old laptop profile', {
      certificates: [
        {
          role: 'client',
          subject: 'CN=old',
          issuer: 'CN=Example CA',
          notBefore: new Date(now - 400 * DAY).toISOString(),
          notAfter: new Date(now - 3 * DAY).toISOString(),
          sha256: 'EE:FF',
        },
      ],
    }),
  ];
  const remote = {
    host: 'gz-vpn.example.cn',
    port: 1194,
    proto: 'udp' as const,
    address: '203.0.113.10',
  };
  const connected: TunnelState = {
    kind: 'connected',
    remote,
    since: now - 754_000,
    tunnel: {
      interfaceName: 'tun0',
      ipv4: '10.8.0.6/24',
      ipv6: 'fd00:8::1000/64',
      routes: ['10.99.0.0/24'],
      dns: ['10.99.0.53'],
      cipher: 'AES-256-GCM',
      compression: 'none',
      mtu: 1500,
    },
  };
  const sessions: SessionView[] = [
    {
      sessionId: 's1',
      profile: 'Guangzhou office',
      state: connected,
      startedAt: now - 760_000,
      ended: false,
    },
    {
      sessionId: 's0',
      profile: 'Old laptop profile',
      state: {
        kind: 'failed',
        reason: {
          code: 'client-cert-expired',
          message:
            'The client certificate CN=old expired on ' +
            new Date(now - 3 * DAY).toDateString() +
            '.',
        },
      },
      startedAt: now - 900_000,
      ended: true,
    },
  ];
  let settings = {
    launchAtLogin: false,
    autoConnectProfile: null as string | null,
    language: 'en' as 'en' | 'zh-CN',
    killSwitch: false,
  };
  const sockets = new Set<WebSocket>();
  const emit = <E extends EventChannel>(event: E, payload: EventPayload<E>) => {
    for (const s of sockets) s.send(encodeWire({ t: 'event', event, payload }));
  };
  let bytesIn = 48_000_000;
  let bytesOut = 6_000_000;
  const stats = setInterval(() => {
    const t = Date.now() / 1000;
    const rateIn = 180_000 + 120_000 * Math.sin(t / 9) + 60_000 * Math.sin(t / 2.3);
    const rateOut = 30_000 + 15_000 * Math.cos(t / 7);
    bytesIn += rateIn;
    bytesOut += rateOut;
    emit('session.stats', {
      sessionId: 's1',
      profile: 'Guangzhou office',
      at: Date.now(),
      stats: {
        bytesIn,
        bytesOut,
        packetsIn: 0,
        packetsOut: 0,
        rateIn,
        rateOut,
        droppedAuth: 0,
        droppedReplay: 0,
      },
    });
  }, 1000);

  const logs = [
    'Resolving gz-vpn.example.cn',
    'UDP link to 203.0.113.10:1194',
    'TLS: peer certificate CN=server, verified against the profile CA',
    'Data channel: cipher AES-256-GCM, peer-id 0',
    'PUSH_REPLY: ifconfig 10.8.0.6 255.255.255.0, route 10.99.0.0/24, dhcp-option DNS 10.99.0.53',
    'Tunnel tun0 up, MTU 1500',
    'auth-user-pass: password [redacted]',
  ].map((message, i) => ({
    at: now - 760_000 + i * 400,
    level: i === 6 ? ('debug' as const) : ('info' as const),
    message,
  }));

  const handlers: Record<string, (p: never) => unknown> = {
    'app.info': () => ({
      name: 'Gangway',
      version: '0.1.0',
      platform: 'linux',
      host: 'devhost',
      dataDir: '/tmp',
      capabilities: { nativeDialogs: false, launchAtLogin: false, savedPasswords: true },
    }),
    'settings.get': () => settings,
    'settings.set': (patch: Partial<typeof settings>) => (settings = { ...settings, ...patch }),
    'profiles.list': () => profiles,
    'profiles.import': (req: { from: string; text?: string }) => {
      const text = req.from === 'text' ? (req.text ?? '') : '';
      if (text.includes('bogus'))
        throw {
          code: 'config-invalid',
          message: 'unknown directive "bogus"',
          location: 'pasted.ovpn:3',
        };
      const p = profile('Imported', {});
      profiles = [...profiles, p];
      emit('profiles.changed', profiles);
      return { profile: p, warnings: [] };
    },
    'profiles.rename': ({ from, to }: { from: string; to: string }) => {
      profiles = profiles.map((p) => (p.name === from ? { ...p, name: to } : p));
      emit('profiles.changed', profiles);
    },
    'profiles.remove': ({ name }: { name: string }) => {
      profiles = profiles.filter((p) => p.name !== name);
      emit('profiles.changed', profiles);
    },
    'session.state': () => sessions,
    'session.connect': ({ name }: { name: string }) => {
      const sessionId = `s-${name}`;
      const state = (s: TunnelState) =>
        emit('session.state', { sessionId, profile: name, state: s, at: Date.now() });
      state({ kind: 'tls-handshake', remote });
      setTimeout(() => {
        state({
          kind: 'awaiting-credentials',
          remote,
          request: {
            kind: 'user-pass',
            username: 'alice',
            staticChallenge: { text: 'Enter your OTP code', echo: true },
          },
        });
        emit('credentials.request', {
          requestId: 'r1',
          sessionId,
          profile: name,
          request: {
            kind: 'user-pass',
            username: 'alice',
            staticChallenge: { text: 'Enter your OTP code', echo: true },
          },
          canRemember: true,
        });
      }, 300);
      return { sessionId };
    },
    'session.disconnect': () => undefined,
    'credentials.submit': () => undefined,
    'credentials.cancel': () => undefined,
    'logs.get': () => logs,
    'logs.export': () => ({
      fileName: 'gangway.log',
      text: logs.map((l) => l.message).join('\n'),
      savedTo: null,
    }),
    'admin.listSources': () => [
      {
        sourceId: 'snap',
        kind: 'snapshot',
        label: 'gz-prod snapshot',
        detail: '/srv/ipsec/gz-prod.json',
        addedAt: new Date(now).toISOString(),
      },
    ],
    'admin.status': () => {
      const view = buildView(normalizeTencent(allScenarios(), new Date().toISOString()));
      return {
        sourceId: 'snap',
        fetchedAt: view.source.fetchedAt,
        canControl: true,
        tunnels: view.tunnels.map((t) => ({
          tunnelId: t.id,
          name: t.name,
          state: t.status,
          details: {},
        })),
        findings: view.findings.map((f) => ({ severity: f.severity, message: f.message })),
        view,
      };
    },
    'admin.addSource': (s: { kind: string; label: string }) => ({
      sourceId: 'new',
      kind: s.kind,
      label: s.label,
      detail: '',
      addedAt: new Date().toISOString(),
    }),
    'admin.removeSource': () => undefined,
    'admin.initiate': () => undefined,
    'admin.terminate': () => undefined,
  };

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    const file = path.join(
      opts.root,
      url.pathname === '/' ? 'index.html' : path.normalize(url.pathname),
    );
    if (!file.startsWith(opts.root) || !existsSync(file)) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[path.extname(file)] ?? 'application/octet-stream' });
    res.end(readFileSync(file));
  });
  const wss = new WebSocketServer({ server, path: '/ipc' });
  wss.on('connection', (socket, req) => {
    if (new URL(req.url ?? '', 'http://x').searchParams.get('token') !== token) {
      socket.close();
      return;
    }
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('message', (data) => {
      const msg = decodeWire(String(data)) as { id: number; channel: string; payload: never };
      let reply: unknown;
      try {
        const handler = handlers[msg.channel];
        if (!handler) throw { code: 'internal', message: `no fake for ${msg.channel}` };
        reply = { ok: true, value: handler(msg.payload) ?? null };
      } catch (err) {
        reply = { ok: false, error: err };
      }
      socket.send(encodeWire({ t: 'reply', id: msg.id, reply }));
    });
  });
  await new Promise<void>((resolve) => server.listen(opts.port ?? 0, '127.0.0.1', resolve));
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  return {
    url: `http://127.0.0.1:${port}/?token=${token}`,
    close: async () => {
      clearInterval(stats);
      for (const s of sockets) s.terminate();
      await new Promise((r) => wss.close(r));
      await new Promise((r) => server.close(r));
    },
  };
}
