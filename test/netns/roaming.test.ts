import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { LAB_PROGRAMS, OPENVPN_BIN, startLab, type Lab } from '../support/openvpn-lab';
import { waitForLog } from '../support/netns';
import { describeWith } from '../support/prereqs';
import { buildCli, startClient } from './interop-support';

// A laptop's day against the STOCK openvpn 2.6 server (keepalive 2 10): the link goes away and
// comes back. Our client must survive it, reconnect on its own within seconds of the link's
// return, and not ask for the password again (it reuses the server's auth-token).

const LINK_DOWN_MS = 20_000;
const RECOVERY_TARGET_MS = 3_000;
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

describeWith({ root: true, programs: LAB_PROGRAMS }, 'roaming against stock openvpn 2.6', () => {
  beforeAll(buildCli, 120_000);

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
});
