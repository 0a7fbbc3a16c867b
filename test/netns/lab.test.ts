import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import {
  Cleanup,
  createNamespace,
  run,
  sweepStale,
  uniqueName,
  waitForLog,
} from '../support/netns';
import {
  LAB_PROGRAMS,
  OPENVPN_BIN,
  startLab,
  type Lab,
  type LabOptions,
} from '../support/openvpn-lab';
import { describeWith } from '../support/prereqs';

// Proves the lab: the STOCK openvpn client connects to the lab server and reaches the server's
// tunnel address and the private network behind it.

let lab: Lab | undefined;
afterEach(async () => {
  await lab?.stop();
  lab = undefined;
});

async function connectStockClient(l: Lab, extraArgs: string[] = []): Promise<string> {
  const log = path.join(l.dir, 'client.log');
  writeFileSync(log, '');
  const args = [OPENVPN_BIN, '--config', l.clientProfilePath, ...extraArgs];
  if (l.credentialsPath) args.push('--auth-user-pass', l.credentialsPath);
  l.spawn('client', args, log);
  await waitForLog(log, /Initialization Sequence Completed/, {
    timeoutMs: 30_000,
    what: 'the stock client to connect',
    failOn: /AUTH_FAILED|Exiting due to fatal error|VERIFY ERROR/,
  });
  return log;
}

async function ping(l: Lab, address: string): Promise<void> {
  const rtts = await l.ping(address, { count: 2, timeoutMs: 2_000 });
  expect(rtts.length, `UDP echo answers from ${address}`).toBeGreaterThan(0);
}

describeWith({ root: true, programs: LAB_PROGRAMS }, 'openvpn lab (stock client)', () => {
  const cases: Array<[string, LabOptions]> = [
    ['udp, tls-crypt', { proto: 'udp' }],
    [
      'tcp, tls-auth, net30, username/password',
      {
        proto: 'tcp',
        tlsWrap: 'tls-auth',
        auth: 'SHA256',
        topology: 'net30',
        credentials: { username: 'alice', password: 'correct horse' },
      },
    ],
    [
      'udp, tls-crypt-v2, IPv6 tunnel and underlay, dead remote first, lz4-v2',
      {
        proto: 'udp',
        tlsWrap: 'tls-crypt-v2',
        ipv6: true,
        ipv6Underlay: true,
        deadRemote: 'before',
        compression: 'lz4-v2',
        extraProfile: ['server-poll-timeout 3', 'allow-compression yes'],
      },
    ],
    [
      'udp, no wrap, AES-128-CBC fallback + comp-lzo, SHA256, dns push, reneg, tls 1.2',
      {
        tlsWrap: 'none',
        dataCiphers: ['AES-256-GCM', 'AES-128-CBC'],
        dataCiphersFallback: 'AES-128-CBC',
        auth: 'SHA256',
        compression: 'comp-lzo',
        dns: 'dns',
        renegSec: 60,
        keepalive: [5, 30],
        tlsVersionMin: '1.2',
        extraProfile: [
          'data-ciphers AES-128-CBC',
          'cipher AES-128-CBC',
          'comp-lzo',
          'allow-compression yes',
        ],
      },
    ],
  ];

  for (const [name, options] of cases) {
    it(`connects and pings through the tunnel: ${name}`, async () => {
      lab = await startLab(options);
      const log = await connectStockClient(lab);
      if (options.dataCiphersFallback) {
        expect(readFileSync(log, 'utf8')).toMatch(/Data Channel: cipher 'AES-128-CBC'/);
      }
      await ping(lab, lab.addresses.serverTunnel);
      await ping(lab, lab.addresses.privateHost);
      if (options.ipv6) {
        await ping(lab, lab.addresses.serverTunnel6);
        await ping(lab, lab.addresses.privateHost6);
      }
    });
  }

  it('refuses a client certificate from the wrong CA', async () => {
    lab = await startLab({ clientCert: 'wrong-ca' });
    // Before connecting, the private network is unreachable from the client ns.
    expect(await lab.ping(lab.addresses.privateHost, { timeoutMs: 500 })).toEqual([]);
    expect((await lab.ping(lab.addresses.serverUnderlay)).length).toBe(1);
    const log = path.join(lab.dir, 'client.log');
    lab.spawn('client', [OPENVPN_BIN, '--config', lab.clientProfilePath], log);
    await waitForLog(lab.serverLog, /VERIFY ERROR|TLS Error|certificate verify failed/, {
      timeoutMs: 30_000,
      what: 'the server to refuse the client certificate',
    });
  });

  it('serves a certificate without serverAuth EKU when asked, which remote-cert-tls refuses', async () => {
    lab = await startLab({ serverCert: 'no-server-eku' });
    const log = path.join(lab.dir, 'client.log');
    lab.spawn('client', [OPENVPN_BIN, '--config', lab.clientProfilePath], log);
    await waitForLog(log, /VERIFY (EKU|KU) ERROR/, {
      timeoutMs: 30_000,
      what: 'the stock client to refuse the server certificate',
    });
  });

  it('issues an expired client certificate when asked, which the server refuses', async () => {
    lab = await startLab({ clientCert: 'expired' });
    lab.spawn(
      'client',
      [OPENVPN_BIN, '--config', lab.clientProfilePath],
      path.join(lab.dir, 'c.log'),
    );
    await waitForLog(lab.serverLog, /certificate has expired/, {
      timeoutMs: 30_000,
      what: 'the server to refuse the expired client certificate',
    });
  });

  it('refuses a wrong password', async () => {
    lab = await startLab({ credentials: { username: 'alice', password: 'right' } });
    const bad = path.join(lab.dir, 'bad-credentials');
    writeFileSync(bad, 'alice\nwrong\n', { mode: 0o600 });
    const log = path.join(lab.dir, 'client.log');
    lab.spawn(
      'client',
      [
        OPENVPN_BIN,
        '--config',
        lab.clientProfilePath,
        '--auth-user-pass',
        bad,
        '--auth-retry',
        'none',
      ],
      log,
    );
    await waitForLog(log, /AUTH_FAILED/, { timeoutMs: 30_000, what: 'AUTH_FAILED' });
  });

  it('sweepStale removes namespaces of dead runs and keeps live ones', async () => {
    const dead = spawnSync(process.execPath, ['-e', '']).pid as number; // has exited
    const stale = `gwl-${dead.toString(36)}-zz`;
    const live = new Cleanup();
    try {
      await run(['/usr/sbin/ip', 'netns', 'add', stale]);
      mkdirSync(`/etc/netns/${stale}`, { recursive: true });
      const mine = await createNamespace(uniqueName('gwl', 'k'), live);
      const removed = await sweepStale('gwl');
      expect(removed).toContain(stale);
      expect(removed).not.toContain(mine);
      expect(existsSync(`/etc/netns/${stale}`)).toBe(false);
      expect((await run(['/usr/sbin/ip', 'netns', 'list'])).stdout).toContain(mine);
    } finally {
      await run(['/usr/sbin/ip', 'netns', 'delete', stale], { check: false });
      await live.run();
    }
  });

  it('restarts the server and the stock client reconnects', async () => {
    lab = await startLab({ proto: 'udp', extraServerConfig: ['explicit-exit-notify 1'] });
    const log = await connectStockClient(lab);
    await lab.restart();
    await waitForLog(
      log,
      /Initialization Sequence Completed[\s\S]*Initialization Sequence Completed/,
      {
        timeoutMs: 40_000,
        what: 'the stock client to reconnect',
      },
    );
    await ping(lab, lab.addresses.privateHost);
  });
});
