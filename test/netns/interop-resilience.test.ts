import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { TrafficStats } from '../../src/shared/tunnel-state';
import { spawnIn } from '../support/netns';
import { LAB_PROGRAMS, startLab } from '../support/openvpn-lab';
import { describeWith } from '../support/prereqs';
import {
  buildCli,
  sha256,
  startClient,
  startTransferServer,
  systemSnapshot,
  transfer,
  transferBytes,
} from './interop-support';

// Renegotiation, failover and recovery against the STOCK openvpn 2.6 server.

const MB10 = 10 * 1024 * 1024;

/**
 * A UDP relay in the server namespace (port 1195 → the server's 1194) that, for every 25th
 * data packet towards the client, also sends a replayed copy and a copy with a flipped byte.
 */
const TAMPER_PROXY = `
const dgram = require('node:dgram');
const front = dgram.createSocket('udp4'), back = dgram.createSocket('udp4');
let client = null, n = 0;
front.on('message', (m, r) => { client = r; back.send(m, 1194, '127.0.0.1'); });
back.on('message', (m) => {
  if (!client) return;
  front.send(m, client.port, client.address);
  if ((m[0] >> 3) === 9 && ++n % 25 === 0) {
    front.send(Buffer.from(m), client.port, client.address);
    const bad = Buffer.from(m); bad[bad.length - 1] ^= 0x55;
    front.send(bad, client.port, client.address);
  }
});
front.bind(1195, '198.51.100.1', () => console.log('relaying'));`;

describeWith(
  { root: true, programs: LAB_PROGRAMS },
  'interop resilience with stock openvpn 2.6',
  () => {
    beforeAll(buildCli, 120_000);

    it('renegotiation every 5 s (server reneg-sec), dynamic tls-crypt, under continuous probes: zero loss', async () => {
      const lab = await startLab({ prefix: 'gws', renegSec: 5 });
      try {
        const client = startClient(lab);
        await client.waitFor('connected');
        const rtts = await lab.ping(lab.addresses.privateHost, { count: 600, timeoutMs: 1000 });
        expect(rtts.length).toBe(600);
        const switches = client.events.filter(
          (e) => e.type === 'log' && /switched to key_id/.test(e.message),
        );
        expect(switches.length).toBeGreaterThanOrEqual(2);
        expect(client.states.filter((s) => s.kind === 'reconnecting')).toEqual([]);
        expect(await client.stop()).toBe(0);
      } finally {
        await lab.stop();
      }
    });

    it('client-initiated renegotiation (reneg-sec 3 in the profile), tls-auth + dynamic tls-crypt, auth-token, zero loss', async () => {
      const lab = await startLab({
        prefix: 'gws',
        proto: 'tcp',
        credentials: { username: 'alice', password: 'correct horse' },
        extraServerConfig: ['auth-gen-token'],
        extraProfile: ['reneg-sec 3'],
      });
      try {
        const client = startClient(lab);
        await client.waitFor('connected');
        const rtts = await lab.ping(lab.addresses.privateHost, { count: 400, timeoutMs: 1000 });
        expect(rtts.length).toBe(400);
        const started = client.events.filter(
          (e) => e.type === 'log' && /starting renegotiation/.test(e.message),
        );
        expect(started.length).toBeGreaterThanOrEqual(2);
        expect(client.states.filter((s) => s.kind === 'reconnecting')).toEqual([]);
        expect(await client.stop()).toBe(0);
      } finally {
        await lab.stop();
      }
    });

    it('reneg-bytes in the profile: 8+ renegotiations during a 10 MB transfer (key_id wraps), data intact', async () => {
      const lab = await startLab({ prefix: 'gws', extraProfile: ['reneg-bytes 400000'] });
      try {
        await startTransferServer(lab, lab.addresses.privateHost, MB10);
        const client = startClient(lab);
        await client.waitFor('connected');
        const down = await transfer(lab, lab.addresses.privateHost, MB10, 'D');
        expect(down.hash).toBe(sha256(transferBytes(MB10)));
        const renegs = client.events.filter(
          (e) => e.type === 'log' && /starting renegotiation/.test(e.message),
        );
        expect(renegs.length).toBeGreaterThanOrEqual(8);
        // key_id 1 came back after 7: the wrap 7 → 1 (never 0) worked
        const toKey1 = client.events.filter(
          (e) => e.type === 'log' && /switched to key_id 1$/.test(e.message),
        );
        expect(toKey1.length).toBeGreaterThanOrEqual(2);
        expect(client.states.filter((s) => s.kind === 'reconnecting')).toEqual([]);
        expect(await client.stop()).toBe(0);
      } finally {
        await lab.stop();
      }
    });

    it('after a server restart the stale auth-token is refused and the password is used again', async () => {
      const lab = await startLab({
        prefix: 'gws',
        credentials: { username: 'alice', password: 'correct horse' },
        extraServerConfig: ['auth-gen-token', 'explicit-exit-notify 1'],
      });
      try {
        const client = startClient(lab);
        await client.waitFor('connected');
        await lab.restart();
        const deadline = Date.now() + 40_000;
        const connected = (): number => client.states.filter((s) => s.kind === 'connected').length;
        while (connected() < 2 && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 200));
        expect(connected()).toBe(2);
        const refused = client.events.some(
          (e) => e.type === 'log' && /refused the session token/.test(e.message),
        );
        expect(refused).toBe(true);
        expect((await lab.ping(lab.addresses.privateHost, { count: 2 })).length).toBe(2);
        expect(await client.stop()).toBe(0);
      } finally {
        await lab.stop();
      }
    });

    it('a dead first remote, then the live second one, both by host name', async () => {
      const lab = await startLab({
        prefix: 'gws',
        deadRemote: 'before',
        extraProfile: ['server-poll-timeout 3'],
      });
      try {
        // `ip netns exec` bind-mounts /etc/netns/NAME/hosts over /etc/hosts.
        writeFileSync(
          `/etc/netns/${lab.clientNs}/hosts`,
          `127.0.0.1 localhost\n${lab.addresses.deadRemote} dead.lab.test\n${lab.addresses.serverUnderlay} vpn.lab.test\n`,
        );
        const profile = path.join(lab.dir, 'by-name.ovpn');
        writeFileSync(
          profile,
          lab.clientProfile
            .replace(`remote ${lab.addresses.deadRemote} `, 'remote dead.lab.test ')
            .replace(`remote ${lab.addresses.serverUnderlay} `, 'remote vpn.lab.test '),
          { mode: 0o600 },
        );
        const client = startClient(lab, [], profile);
        const state = await client.waitFor('connected', 40_000);
        if (state.kind !== 'connected') throw new Error('unreachable');
        expect(state.remote).toMatchObject({
          host: 'vpn.lab.test',
          address: lab.addresses.serverUnderlay,
        });
        const tried = client.states.flatMap((s) =>
          s.kind === 'connecting' ? [s.remote.address] : [],
        );
        expect(tried[0]).toBe(lab.addresses.deadRemote);
        expect((await lab.ping(lab.addresses.privateHost, { count: 2 })).length).toBe(2);
        expect(await client.stop()).toBe(0);
      } finally {
        await lab.stop();
      }
    });

    for (const proto of ['udp', 'tcp'] as const) {
      it(`${proto}: the server restarts and the client reconnects by itself`, async () => {
        const lab = await startLab({
          prefix: 'gws',
          proto,
          keepalive: [2, 10],
          ...(proto === 'udp' ? { extraServerConfig: ['explicit-exit-notify 1'] } : {}),
        });
        try {
          const before = await systemSnapshot(lab);
          const client = startClient(lab);
          await client.waitFor('connected');
          const connectedCount = (): number =>
            client.states.filter((s) => s.kind === 'connected').length;
          await lab.restart();
          const deadline = Date.now() + 40_000;
          while (connectedCount() < 2 && Date.now() < deadline)
            await new Promise((r) => setTimeout(r, 200));
          expect(connectedCount()).toBe(2);
          expect(client.states.some((s) => s.kind === 'reconnecting')).toBe(true);
          expect((await lab.ping(lab.addresses.privateHost, { count: 3 })).length).toBe(3);
          expect(await client.stop()).toBe(0);
          expect(await systemSnapshot(lab)).toEqual(before);
        } finally {
          await lab.stop();
        }
      });
    }

    it('tampered and replayed data packets are dropped and counted; traffic is intact', async () => {
      const lab = await startLab({ prefix: 'gws' });
      try {
        const proxyLog = path.join(lab.dir, 'proxy.log');
        writeFileSync(proxyLog, '');
        spawnIn(lab.serverNs, [process.execPath, '-e', TAMPER_PROXY], lab.cleanup, {
          logFile: proxyLog,
        });
        const profile = path.join(lab.dir, 'via-proxy.ovpn');
        writeFileSync(
          profile,
          lab.clientProfile.replace(/^remote (\S+) 1194$/m, 'remote $1 1195'),
          { mode: 0o600 },
        );
        await startTransferServer(lab, lab.addresses.privateHost, MB10);
        const client = startClient(lab, [], profile);
        await client.waitFor('connected');
        const down = await transfer(lab, lab.addresses.privateHost, MB10, 'D');
        expect(down.hash).toBe(sha256(transferBytes(MB10)));
        await new Promise((r) => setTimeout(r, 1500)); // one more stats event
        const stats = client.events
          .flatMap((e) => (e.type === 'stats' ? [e.stats] : []))
          .at(-1) as TrafficStats;
        expect(stats.droppedAuth).toBeGreaterThan(10);
        expect(stats.droppedReplay).toBeGreaterThan(10);
        expect(stats.bytesIn).toBeGreaterThan(MB10);
        expect(await client.stop()).toBe(0);
      } finally {
        await lab.stop();
      }
    });
  },
);
