import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { waitForLog } from '../support/netns';
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
  ];

  for (const [name, options] of cases) {
    it(`connects and pings through the tunnel: ${name}`, async () => {
      lab = await startLab(options);
      await connectStockClient(lab);
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
