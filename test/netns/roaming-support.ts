/**
 * Helpers for roaming.test.ts: two "ISP" uplinks from the lab's client namespace to its server
 * namespace, each through a router namespace; a paced download (long enough to span a network
 * change); and a UDP echo prober that timestamps every answer through the tunnel.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import {
  createNamespace,
  createVeth,
  execIn,
  spawnIn,
  uniqueName,
  waitFor,
} from '../support/netns';
import type { Lab } from '../support/openvpn-lab';

/**
 *   client ns                 router A ns                  server ns
 *   ua0 203.0.113.2/26  <->   c0 .1/26 | s0 .129/26  <->   ra0 203.0.113.130/26
 *   ub0 203.0.113.66/26 <->   c0 .65/26 | s0 .193/26 <->   rb0 203.0.113.194/26
 *                             router B ns
 * The lab's direct veth is taken down, so the server (198.51.100.1) is reached only through
 * a router. The server answers from 198.51.100.1 on either path (`src` on its return routes).
 */
export const UPLINKS = {
  a: { client: '203.0.113.2', gateway: '203.0.113.1', dev: 'ua0' },
  b: { client: '203.0.113.66', gateway: '203.0.113.65', dev: 'ub0' },
} as const;

export async function buildTwoUplinks(lab: Lab): Promise<void> {
  const legs = [
    { name: 'a', clientDev: 'ua0', serverDev: 'ra0', net: 0 },
    { name: 'b', clientDev: 'ub0', serverDev: 'rb0', net: 64 },
  ] as const;
  for (const leg of legs) {
    const router = await createNamespace(uniqueName('gwr', `r${leg.name}`), lab.cleanup);
    const host = (n: number): string => `203.0.113.${leg.net + n}`;
    await createVeth(
      { ns: lab.clientNs, ifname: leg.clientDev, addresses: [`${host(2)}/26`] },
      { ns: router, ifname: 'c0', addresses: [`${host(1)}/26`] },
    );
    await createVeth(
      { ns: router, ifname: 's0', addresses: [`${host(129)}/26`] },
      { ns: lab.serverNs, ifname: leg.serverDev, addresses: [`${host(130)}/26`] },
    );
    await execIn(router, ['/usr/sbin/sysctl', '-qw', 'net.ipv4.ip_forward=1']);
    await execIn(router, ['/usr/sbin/ip', 'route', 'add', '198.51.100.0/24', 'via', host(130)]);
    await execIn(lab.serverNs, [
      '/usr/sbin/ip',
      'route',
      'add',
      `${host(0)}/26`,
      'via',
      host(129),
      'src',
      lab.addresses.serverUnderlay,
    ]);
  }
  await execIn(lab.clientNs, ['/usr/sbin/ip', 'link', 'set', 'veth0', 'down']);
  await useUplink(lab, 'a');
}

/**
 * Leaves the other uplink (its address goes away first, as when a laptop leaves a Wi-Fi
 * network), then takes `which`: its address and the default route. One `ip -batch` process,
 * so that the change is one moment rather than three process starts on a loaded machine.
 */
export async function useUplink(lab: Lab, which: 'a' | 'b'): Promise<void> {
  const to = UPLINKS[which];
  const from = UPLINKS[which === 'a' ? 'b' : 'a'];
  await execIn(lab.clientNs, ['/usr/sbin/ip', '-batch', '-'], {
    input: [
      `addr flush dev ${from.dev}`,
      `addr replace ${to.client}/26 dev ${to.dev}`,
      `route replace default via ${to.gateway} dev ${to.dev}`,
    ].join('\n'),
  });
}

export const PACED_PORT = 5201;

/** Sends `size` deterministic bytes (interop-support's transferBytes) at ~6 MB/s, then ends. */
const PACED_SERVER = `
const net = require('node:net'), crypto = require('node:crypto');
const [host, port, size] = [process.argv[1], Number(process.argv[2]), Number(process.argv[3])];
const data = crypto.createCipheriv('aes-256-ctr', Buffer.alloc(32, 7), Buffer.alloc(16)).update(Buffer.alloc(size));
net.createServer((sock) => {
  let at = 0;
  sock.on('error', () => {});
  sock.once('data', () => {
    const timer = setInterval(() => {
      if (at >= size) { clearInterval(timer); sock.end(); return; }
      if (sock.writableLength > (1 << 20)) return;
      const n = Math.min(65536, size - at);
      sock.write(data.subarray(at, at + n));
      at += n;
    }, 10);
    sock.on('close', () => clearInterval(timer));
  });
}).listen(port, host, () => console.log('listening'));`;

export async function startPacedServer(lab: Lab, size: number): Promise<void> {
  const log = path.join(lab.dir, 'paced-server.log');
  writeFileSync(log, '');
  spawnIn(
    lab.serverNs,
    [
      process.execPath,
      '-e',
      PACED_SERVER,
      lab.addresses.privateHost,
      String(PACED_PORT),
      String(size),
    ],
    lab.cleanup,
    { logFile: log },
  );
  await waitFor(() => readFileSync(log, 'utf8').includes('listening'), {
    timeoutMs: 10_000,
    what: 'the paced transfer server',
  });
}

/** UDP echo every 20 ms for `durationMs`; prints when each probe was sent and answered. */
const PROBER = `
const dgram = require('node:dgram');
const [address, durationMs] = [process.argv[1], Number(process.argv[2])];
const s = dgram.createSocket('udp4');
const sent = [], answered = [];
s.on('message', (m) => { const seq = Number(m.toString().slice(5)); if (answered[seq] === undefined) answered[seq] = Date.now(); });
s.on('error', () => {});
const timer = setInterval(() => { sent.push(Date.now()); s.send(Buffer.from('roam-' + (sent.length - 1)), 7, address); }, 20);
setTimeout(() => clearInterval(timer), durationMs);
setTimeout(() => { console.log(JSON.stringify({ sent, answered: sent.map((_, i) => answered[i] ?? null) })); process.exit(0); }, durationMs + 1000);`;

export interface ProbeRun {
  /** Send time of each probe (wall clock, ms). */
  sent: number[];
  /** When each probe's answer came back, or null. */
  answered: Array<number | null>;
}

/** Runs the prober in the client namespace; resolves with its record when it ends. */
export async function probeTunnel(lab: Lab, durationMs: number): Promise<ProbeRun> {
  const r = await execIn(
    lab.clientNs,
    [process.execPath, '-e', PROBER, lab.addresses.privateHost, String(durationMs)],
    { timeoutMs: durationMs + 10_000 },
  );
  return JSON.parse(r.stdout.trim()) as ProbeRun;
}

/**
 * Milliseconds from `since` (the network change) until traffic flows again: the answer to the
 * first probe sent after the last one lost. 0 when none was lost; undefined when none sent
 * after the change was answered. Slow answers (a loaded machine) are not losses.
 */
export function recoveryAfter(run: ProbeRun, since: number): number | undefined {
  let lastLost = -1;
  run.sent.forEach((t, i) => {
    if (t > since && run.answered[i] === null) lastLost = i;
  });
  if (lastLost < 0) return 0;
  for (let i = lastLost + 1; i < run.sent.length; i++) {
    const answer = run.answered[i];
    if (answer != null) return answer - since;
  }
  return undefined;
}

/** How many probes sent after `since` were lost, for the log. */
export function lostAfter(run: ProbeRun, since: number): number {
  return run.sent.filter((t, i) => t > since && run.answered[i] === null).length;
}
