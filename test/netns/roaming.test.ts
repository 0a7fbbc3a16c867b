import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { LAB_PROGRAMS, OPENVPN_BIN, startLab, type Lab } from '../support/openvpn-lab';
import { namespaceResolvConf, waitFor, waitForLog } from '../support/netns';
import { describeWith } from '../support/prereqs';
import {
  buildCli,
  sha256,
  startClient,
  systemSnapshot,
  transfer,
  transferBytes,
} from './interop-support';
import {
  buildTwoUplinks,
  lostAfter,
  PACED_PORT,
  probeTunnel,
  recoveryAfter,
  startPacedServer,
  useUplink,
} from './roaming-support';

// A laptop's day against the STOCK openvpn 2.6 server (keepalive 2 10): the link goes away and
// comes back. Our client must survive it, reconnect on its own within seconds of the link's
// return, and not ask for the password again (it reuses the server's auth-token).

const LINK_DOWN_MS = 20_000;
const RECOVERY_TARGET_MS = 3_000;
/** Longer than the pushed ping-restart (10 s) and than the server's own timeout (20 s). */
const SLEEP_MS = 150_000;
const CREDENTIALS = { username: 'alice', password: 'correct horse' };

async function ip(lab: Lab, ...args: string[]): Promise<void> {
  await lab.exec('client', ['/usr/sbin/ip', ...args]);
}

/** Link down for `ms`, then up again with its default route back (as a DHCP client would). */
async function loseLink(lab: Lab, ms: number): Promise<number> {
  await ip(lab, 'link', 'set', 'veth0', 'down');
  await new Promise((r) => setTimeout(r, ms));
  await ip(lab, 'link', 'set', 'veth0', 'up');
  await lab.exec('client', [
    '/usr/sbin/ip',
    'route',
    'replace',
    'default',
    'via',
    lab.addresses.serverUnderlay,
  ]);
  return Date.now();
}

/** Milliseconds from `since` until a UDP echo through the tunnel comes back; bounded. */
async function timeToTraffic(lab: Lab, since: number, boundMs = 40_000): Promise<number> {
  const deadline = since + boundMs;
  for (let i = 0; i < 400 && Date.now() < deadline; i++) {
    const rtts = await lab.ping(lab.addresses.privateHost, { count: 1, timeoutMs: 200 });
    if (rtts.length > 0) return Date.now() - since;
  }
  throw new Error(`no traffic through the tunnel within ${boundMs} ms`);
}

/** Makes the password the server expects a different one: only the auth-token still works. */
function changeServerPassword(lab: Lab): void {
  writeFileSync(path.join(lab.dir, 'expected-credentials'), `${CREDENTIALS.username}\nchanged\n`, {
    mode: 0o600,
  });
}

/** Drops the server's VPN traffic (in the server namespace: no event reaches the client). */
const BLOCK_SERVER = `table inet gwr_block {
  chain in {
    type filter hook input priority 0; policy accept;
    udp dport 1194 drop
  }
  chain out {
    type filter hook output priority 0; policy accept;
    udp sport 1194 drop
  }
}
`;

/** The client's Gangway device as "index:name", e.g. "5:gangway0". */
async function tunDevice(lab: Lab): Promise<string | undefined> {
  const r = await lab.exec('client', ['/usr/sbin/ip', '-o', 'link', 'show']);
  const m = r.stdout.match(/^(\d+): (gangway\d+)[:@]/m);
  return m ? `${m[1]}:${m[2]}` : undefined;
}

// The router namespaces of the two-uplink test turn on forwarding with sysctl.
const PROGRAMS = { ...LAB_PROGRAMS, '/usr/sbin/sysctl': 'procps' };

describeWith({ root: true, programs: PROGRAMS }, 'roaming against stock openvpn 2.6', () => {
  beforeAll(buildCli, 120_000);

  it('after ping-restart the same server comes first, and the device, its routes and DNS stay while reconnecting', async () => {
    // A fixed tunnel address for client1 (client-config-dir), as cloud gateways give each
    // user: the reconnect then pushes the same configuration and the device is reused as is.
    const ccd = mkdtempSync(path.join(tmpdir(), 'gwr-ccd-'));
    mkdirSync(path.join(ccd, 'ccd'));
    writeFileSync(path.join(ccd, 'ccd', 'client1'), 'ifconfig-push 10.8.0.50 255.255.255.0\n');
    const lab = await startLab({
      prefix: 'gwr',
      keepalive: [2, 10],
      deadRemote: 'after',
      extraProfile: ['server-poll-timeout 3'],
      extraServerConfig: [`client-config-dir ${path.join(ccd, 'ccd')}`],
    }).catch((err: unknown) => {
      rmSync(ccd, { recursive: true, force: true });
      throw err;
    });
    lab.cleanup.add('remove the ccd dir', () => rmSync(ccd, { recursive: true, force: true }));
    try {
      const before = await systemSnapshot(lab);
      const client = startClient(lab);
      await client.waitFor('connected');
      const device = await tunDevice(lab);
      expect(device).toBeDefined();
      const name = (device as string).split(':')[1] as string;
      const statesBefore = client.states.length;
      await lab.exec('server', ['/usr/sbin/nft', '-f', '-'], { input: BLOCK_SERVER });
      await client.waitFor('reconnecting', 20_000);
      // While reconnecting: same device, routes and DNS (nothing leaks past the tunnel).
      const deviceWhileReconnecting = await tunDevice(lab);
      const routesWhileReconnecting = (
        await lab.exec('client', ['/usr/sbin/ip', 'route', 'show', 'dev', name], { check: false })
      ).stdout;
      const resolvWhileReconnecting = namespaceResolvConf(lab.clientNs);
      await lab.exec('server', ['/usr/sbin/nft', 'delete', 'table', 'inet', 'gwr_block']);
      await waitFor(() => client.states.slice(statesBefore).some((s) => s.kind === 'connected'), {
        timeoutMs: 30_000,
        what: 'the client to reconnect',
      });
      const tried = client.states
        .slice(statesBefore)
        .flatMap((s) => (s.kind === 'connecting' ? [s.remote.address] : []));
      expect(tried[0]).toBe(lab.addresses.serverUnderlay);
      expect(deviceWhileReconnecting).toBe(device);
      expect(routesWhileReconnecting).toContain(lab.addresses.privateNet);
      expect(resolvWhileReconnecting).toContain(lab.addresses.dnsServer);
      expect(await tunDevice(lab)).toBe(device);
      expect((await lab.ping(lab.addresses.privateHost, { count: 2 })).length).toBe(2);
      expect(await client.stop()).toBe(0);
      expect(await systemSnapshot(lab)).toEqual(before);
    } finally {
      await lab.stop();
    }
  });

  it('the link goes down for 20 s: the client survives, recovers within 3 s of its return, reuses the auth-token', async () => {
    const lab = await startLab({
      prefix: 'gwr',
      keepalive: [2, 10],
      credentials: CREDENTIALS,
      extraServerConfig: ['auth-gen-token'],
    });
    try {
      const client = startClient(lab);
      await client.waitFor('connected');
      expect((await lab.ping(lab.addresses.privateHost, { count: 2 })).length).toBe(2);
      changeServerPassword(lab);
      const connectedBefore = client.states.filter((s) => s.kind === 'connected').length;
      const statesBefore = client.states.length;
      const linkBack = await loseLink(lab, LINK_DOWN_MS);
      expect(client.process.exitCode, 'the client is still running').toBeNull();
      const recoveryMs = await timeToTraffic(lab, linkBack);
      console.log(`link loss: gangway traffic flows ${recoveryMs} ms after the link returned`);
      expect(recoveryMs).toBeLessThan(RECOVERY_TARGET_MS);
      expect(client.states.filter((s) => s.kind === 'connected').length).toBeGreaterThan(
        connectedBefore,
      );
      const after = client.states.slice(statesBefore);
      expect(after.some((s) => s.kind === 'awaiting-credentials')).toBe(false);
      expect(after.some((s) => s.kind === 'failed')).toBe(false);
      expect(await client.stop()).toBe(0);

      if (process.env.GANGWAY_COMPARE_STOCK === '1') {
        // The stock client in the same lab, for the comparison in the closing note.
        const log = path.join(lab.dir, 'stock-client.log');
        writeFileSync(log, '');
        writeFileSync(lab.credentialsPath as string, `${CREDENTIALS.username}\nchanged\n`);
        const args = [OPENVPN_BIN, '--config', lab.clientProfilePath];
        lab.spawn('client', [...args, '--auth-user-pass', lab.credentialsPath as string], log);
        await waitForLog(log, /Initialization Sequence Completed/, { timeoutMs: 30_000 });
        const stockBack = await loseLink(lab, LINK_DOWN_MS);
        const stockMs = await timeToTraffic(lab, stockBack, 90_000);
        console.log(`link loss: stock openvpn traffic flows ${stockMs} ms after the link returned`);
      }
    } finally {
      await lab.stop();
    }
  }, 150_000);

  it('a new address on the same link (a DHCP renewal): the session floats, traffic within 3 s', async () => {
    const lab = await startLab({ prefix: 'gwr', keepalive: [2, 10] });
    try {
      const client = startClient(lab);
      await client.waitFor('connected');
      const statesBefore = client.states.length;
      const changedAt = Date.now();
      await lab.exec('client', ['/usr/sbin/ip', '-batch', '-'], {
        input: [
          // Deleting the primary address would take a secondary in its subnet with it.
          `addr del ${lab.addresses.clientUnderlay}/24 dev veth0`,
          'addr add 198.51.100.3/24 dev veth0',
          `route replace default via ${lab.addresses.serverUnderlay}`,
        ].join('\n'),
      });
      const recoveryMs = await timeToTraffic(lab, changedAt);
      console.log(`address change: gangway traffic flows ${recoveryMs} ms after it`);
      expect(recoveryMs).toBeLessThan(RECOVERY_TARGET_MS);
      expect(client.process.exitCode).toBeNull();
      expect(client.states.slice(statesBefore).map((st) => st.kind)).toEqual([]);
      expect(await client.stop()).toBe(0);
    } finally {
      await lab.stop();
    }
  });

  it('roaming between two uplinks during a hashed transfer: traffic flows again within 3 s (and the stock client, for the ratio)', async () => {
    const size = 24 * 1024 * 1024; // ~4 s at the paced rate: the change lands mid-transfer
    const lab = await startLab({ prefix: 'gwr', keepalive: [2, 10] });
    try {
      const clientRef: { current?: ReturnType<typeof startClient> } = {};
      await buildTwoUplinks(lab);
      await startPacedServer(lab, size);
      expect(PACED_PORT).toBe(5201); // transfer() connects to this port

      const roam = async (
        to: 'a' | 'b',
      ): Promise<{ recoveryMs: number | undefined; hash: string }> => {
        const probing = probeTunnel(lab, 9_000);
        const moving = transfer(lab, lab.addresses.privateHost, size, 'D');
        await new Promise((r) => setTimeout(r, 1_500));
        const changedAt = Date.now();
        await useUplink(lab, to);
        const [answers, done] = await Promise.all([probing, moving]);
        if (process.env.GANGWAY_ROAM_DEBUG === '1') {
          const current = clientRef.current;
          for (const e of current?.events ?? [])
            if (e.type === 'log' && e.at > changedAt - 100)
              console.log(`+${e.at - changedAt} ms ${e.message}`);
          const lost = answers.sent.flatMap((t, i) =>
            answers.answered[i] === null ? [t - changedAt] : [],
          );
          console.log(`probes lost (sent at, ms from the change): ${lost.join(' ')}`);
        }
        console.log(`roaming: ${lostAfter(answers, changedAt)} probes (every 20 ms) lost`);
        return { recoveryMs: recoveryAfter(answers, changedAt), hash: done.hash };
      };

      const client = startClient(lab, ['--verbose']);
      clientRef.current = client;
      await client.waitFor('connected');
      const statesBefore = client.states.length;
      const ours = await roam('b');
      // The server floated the session to the new address: no reconnect was needed.
      expect(client.states.slice(statesBefore).map((st) => st.kind)).toEqual([]);
      expect(
        client.events.some((e) => e.type === 'log' && /answered over the new path/.test(e.message)),
      ).toBe(true);
      console.log(`roaming: gangway traffic flows ${ours.recoveryMs} ms after the change`);
      expect(ours.hash).toBe(sha256(transferBytes(size)));
      expect(ours.recoveryMs).toBeDefined();
      expect(ours.recoveryMs as number).toBeLessThan(RECOVERY_TARGET_MS);
      expect(client.process.exitCode).toBeNull();
      expect(await client.stop()).toBe(0);

      // The stock client, same lab, same change.
      await useUplink(lab, 'a');
      const log = path.join(lab.dir, 'stock-client.log');
      writeFileSync(log, '');
      lab.spawn('client', [OPENVPN_BIN, '--config', lab.clientProfilePath], log);
      await waitForLog(log, /Initialization Sequence Completed/, { timeoutMs: 30_000 });
      const stock = await roam('b').catch((err: Error) => ({
        recoveryMs: undefined,
        hash: `failed: ${err.message}`,
      }));
      if (process.env.GANGWAY_ROAM_DEBUG === '1')
        console.log(readFileSync(log, 'utf8').split('\n').slice(-25).join('\n'));
      const ratio =
        stock.recoveryMs !== undefined && ours.recoveryMs
          ? (stock.recoveryMs / ours.recoveryMs).toFixed(1)
          : 'n/a';
      console.log(
        `roaming: stock openvpn traffic flows ${stock.recoveryMs ?? 'not within the 7.5 s window'} ms after the change (transfer ${stock.hash === sha256(transferBytes(size)) ? 'intact' : stock.hash}); stock/gangway = ${ratio}`,
      );
    } finally {
      await lab.stop();
    }
  });

  it('sleep: the engine is stopped for 150 s (longer than ping-restart); traffic flows within 3 s of waking, no "TLS keys out of sync"', async () => {
    const lab = await startLab({
      prefix: 'gwr',
      keepalive: [2, 10],
      credentials: CREDENTIALS,
      extraServerConfig: ['auth-gen-token'],
    });
    try {
      const client = startClient(lab);
      await client.waitFor('connected');
      expect((await lab.ping(lab.addresses.privateHost, { count: 2 })).length).toBe(2);
      changeServerPassword(lab); // only the auth-token gets us back in
      const statesBefore = client.states.length;
      const pid = client.process.pid as number;
      process.kill(pid, 'SIGSTOP');
      try {
        await new Promise((r) => setTimeout(r, SLEEP_MS));
      } finally {
        process.kill(pid, 'SIGCONT');
      }
      const wokeAt = Date.now();
      const recoveryMs = await timeToTraffic(lab, wokeAt);
      console.log(`sleep: gangway traffic flows ${recoveryMs} ms after SIGCONT`);
      expect(recoveryMs).toBeLessThan(RECOVERY_TARGET_MS);
      const after = client.states.slice(statesBefore);
      expect(after).toContainEqual(
        expect.objectContaining({
          kind: 'reconnecting',
          reason: expect.objectContaining({ code: 'woke-from-sleep' }),
        }),
      );
      expect(after.some((s) => s.kind === 'awaiting-credentials' || s.kind === 'failed')).toBe(
        false,
      );
      expect(readFileSync(lab.serverLog, 'utf8')).not.toMatch(/TLS keys out of sync/);
      expect(await client.stop()).toBe(0);
    } finally {
      await lab.stop();
    }
  }, 240_000);
});
