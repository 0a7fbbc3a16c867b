import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import type { SessionEvent } from '../../src/shared/tunnel-state';
import { spawnIn } from '../support/netns';
import { LAB_PROGRAMS, startLab } from '../support/openvpn-lab';
import { describeWith } from '../support/prereqs';
import { buildCli, startClient } from './interop-support';

// Key lifetime and replay rules as strict as the STOCK openvpn 2.6 server's peer would be.

/**
 * A TCP relay in the server namespace (port 1195 → the server's 1194) that sends the 20th
 * data packet towards the client twice, once in the relay's life: a replay inside the stream.
 */
const REPLAYING_TCP_PROXY = `
const net = require('node:net');
let replayed = false;
net.createServer((client) => {
  const server = net.connect(1194, '127.0.0.1');
  client.pipe(server);
  let pending = Buffer.alloc(0), dataPackets = 0;
  server.on('data', (chunk) => {
    pending = Buffer.concat([pending, chunk]);
    while (pending.length >= 2 && pending.length >= 2 + pending.readUInt16BE(0)) {
      const frame = pending.subarray(0, 2 + pending.readUInt16BE(0));
      pending = pending.subarray(frame.length);
      client.write(frame);
      if (!replayed && (frame[2] >> 3) === 9 && ++dataPackets === 20) {
        replayed = true;
        client.write(frame);
        console.log('replayed one data packet');
      }
    }
  });
  for (const [a, b] of [[client, server], [server, client]]) {
    a.on('error', () => b.destroy());
    a.on('close', () => b.destroy());
  }
}).listen(1195, '198.51.100.1', () => console.log('relaying'));`;

function logs(events: SessionEvent[], pattern: RegExp): number[] {
  return events.flatMap((e) => (e.type === 'log' && pattern.test(e.message) ? [e.at] : []));
}

describeWith(
  { root: true, programs: LAB_PROGRAMS },
  'strict key and replay handling with stock openvpn 2.6',
  () => {
    beforeAll(buildCli, 120_000);

    it('tran-window 2: each old key is deleted 2 s after its renegotiation started, and probes lose nothing', async () => {
      const lab = await startLab({ prefix: 'gwk', renegSec: 4, extraProfile: ['tran-window 2'] });
      try {
        const client = startClient(lab, ['--verbose']);
        await client.waitFor('connected');
        const rtts = await lab.ping(lab.addresses.privateHost, { count: 400, timeoutMs: 1000 });
        expect(rtts.length).toBe(400);
        const starts = logs(client.events, /started renegotiation|starting renegotiation/);
        const expiries = logs(client.events, /expired \(tran-window\)/);
        expect(expiries.length).toBeGreaterThanOrEqual(1);
        for (const expiry of expiries) {
          const start = starts.filter((at) => at <= expiry).at(-1) as number;
          expect(expiry - start).toBeGreaterThanOrEqual(1900);
          expect(expiry - start).toBeLessThan(3500);
        }
        expect(client.states.filter((s) => s.kind === 'reconnecting')).toEqual([]);
        expect(await client.stop()).toBe(0);
      } finally {
        await lab.stop();
      }
    });

    it('tcp: a replayed data packet in the stream restarts the connection, as OpenVPN does', async () => {
      const lab = await startLab({ prefix: 'gwk', proto: 'tcp' });
      try {
        const proxyLog = path.join(lab.dir, 'proxy.log');
        writeFileSync(proxyLog, '');
        spawnIn(lab.serverNs, [process.execPath, '-e', REPLAYING_TCP_PROXY], lab.cleanup, {
          logFile: proxyLog,
        });
        const profile = path.join(lab.dir, 'via-proxy.ovpn');
        writeFileSync(
          profile,
          lab.clientProfile.replace(/^remote (\S+) 1194$/m, 'remote $1 1195'),
          { mode: 0o600 },
        );
        const client = startClient(lab, [], profile);
        await client.waitFor('connected');
        await lab.ping(lab.addresses.privateHost, { count: 30, timeoutMs: 500 });
        const connected = (): number => client.states.filter((s) => s.kind === 'connected').length;
        const deadline = Date.now() + 30_000;
        while (connected() < 2 && Date.now() < deadline)
          await new Promise((r) => setTimeout(r, 200));
        expect(client.states.find((s) => s.kind === 'reconnecting')).toMatchObject({
          reason: {
            code: 'transport-error',
            message: 'a data packet on TCP repeated or skipped back in its packet ids',
          },
        });
        expect(connected()).toBe(2);
        expect((await lab.ping(lab.addresses.privateHost, { count: 3 })).length).toBe(3);
        expect(await client.stop()).toBe(0);
      } finally {
        await lab.stop();
      }
    });
  },
);
