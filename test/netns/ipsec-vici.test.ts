import { afterEach, beforeAll, expect, it } from 'vitest';
import type { IpsecModel, IpsecTunnel, IpsecView } from '../../src/core/ipsec/model';
import {
  initiateTunnel,
  loadFromVici,
  terminateTunnel,
  watchVici,
  type TunnelChange,
  type ViciWatch,
} from '../../src/core/ipsec/vici/source';
import { buildView } from '../../src/core/ipsec/view';
import { runCli } from '../../src/cli/run';
import { execIn, spawnIn, sweepStale, waitFor } from '../support/netns';
import { describeWith, STRONGSWAN } from '../support/prereqs';
import {
  StrongswanLab,
  swanctlFile,
  type CharonNode,
  type ConnSpec,
} from '../support/strongswan-lab';

/**
 * Real charon peers in namespaces, our VICI source watching the "cloud gateway" charon:
 * scenario 1 (VPC <-> IDC), scenario 6 (two IDCs, SPD per IDC) and scenario 5 (two tunnels
 * to one destination), tunnels coming up, a peer stopping (event) and a peer killed (DPD).
 */

const PREFIX = 'gwi';
const PSK = 'lab-only-psk-never-logged-5b1e';
const VPC = '10.0.0.0/16';

let lab: StrongswanLab | undefined;
let watch: ViciWatch | undefined;

beforeAll(async () => {
  await sweepStale(PREFIX);
});

afterEach(async () => {
  watch?.close();
  watch = undefined;
  await lab?.close();
  lab = undefined;
});

interface Site {
  name: string;
  lan: string;
  cloudIf: string;
  cloudAddr: string;
  peerAddr: string;
}

/** Cloud namespace + one namespace per IDC device, each pair on its own documentation range. */
async function buildLab(
  sites: Site[],
  dpdDelaySeconds = 0,
): Promise<{ cloud: CharonNode; peers: Map<string, CharonNode> }> {
  lab = new StrongswanLab(PREFIX);
  const cloudNs = await lab.namespace('cloud', ['10.0.0.1/16']);
  const peers = new Map<string, CharonNode>();
  const cloudConns: ConnSpec[] = [];
  const secrets: Array<{ ids: [string, string]; psk: string }> = [];
  for (const s of sites) {
    const ns = await lab.namespace(s.name, [s.lan.replace(/0\/(\d+)$/, '1/$1')]);
    await lab.link(
      { ns: cloudNs, ifname: s.cloudIf, address: `${s.cloudAddr}/24` },
      { ns, ifname: 'wan0', address: `${s.peerAddr}/24` },
    );
    const node = await lab.startCharon(s.name, ns);
    await lab.load(
      node,
      swanctlFile(
        [
          {
            name: 'cloud',
            local: s.peerAddr,
            remote: s.cloudAddr,
            localId: s.name,
            remoteId: 'cloud',
            children: [{ name: 'vpc', localTs: [s.lan], remoteTs: [VPC] }],
            initiate: false,
          },
        ],
        [{ ids: ['cloud', s.name], psk: PSK }],
      ),
    );
    peers.set(s.name, node);
    cloudConns.push({
      name: s.name,
      local: s.cloudAddr,
      remote: s.peerAddr,
      localId: 'cloud',
      remoteId: s.name,
      children: [{ name: 'net', localTs: [VPC], remoteTs: [s.lan] }],
      initiate: true,
      dpdDelaySeconds,
    });
    secrets.push({ ids: ['cloud', s.name], psk: PSK });
  }
  const cloud = await lab.startCharon('cloud', cloudNs);
  await lab.load(cloud, swanctlFile(cloudConns, secrets));
  return { cloud, peers };
}

function tunnel(m: IpsecModel, id: string): IpsecTunnel | undefined {
  return m.tunnels.find((t) => t.id === id);
}

/** Watches the cloud charon; `latest` always holds the last model. */
async function watchCloud(
  cloud: CharonNode,
): Promise<{ latest: () => IpsecModel; changes: TunnelChange[]; errors: string[] }> {
  let latest: IpsecModel | undefined;
  const changes: TunnelChange[] = [];
  const errors: string[] = [];
  watch = await watchVici(cloud.viciUri, {
    onModel: (m, change) => {
      latest = m;
      if (change) changes.push(change);
    },
    onError: (err) => errors.push(err.message),
  });
  return {
    errors,
    latest: () => {
      if (!latest) throw new Error('no model yet');
      return latest;
    },
    changes,
  };
}

async function waitStatus(
  get: () => IpsecModel,
  id: string,
  status: IpsecTunnel['status'],
  timeoutMs = 20_000,
): Promise<number> {
  const start = Date.now();
  await waitFor(() => tunnel(get(), id)?.status === status, {
    timeoutMs,
    intervalMs: 50,
    what: `${id} ${status}`,
  });
  return Date.now() - start;
}

function reach(v: IpsecView, fromCidr: string, toCidr: string): boolean | undefined {
  const id = (c: string): string | undefined => v.networks.find((n) => n.cidrs.includes(c))?.id;
  return v.reachability.find((r) => r.from === id(fromCidr) && r.to === id(toCidr))?.reachable;
}

describeWith({ root: true, programs: STRONGSWAN }, 'strongSwan over VICI (netns lab)', () => {
  it('scenario 1: the tunnel comes up, is reported up, and goes down on the peer terminating', async () => {
    const { cloud, peers } = await buildLab([
      {
        name: 'idc1',
        lan: '172.16.1.0/24',
        cloudIf: 'to-idc1',
        cloudAddr: '203.0.113.1',
        peerAddr: '203.0.113.2',
      },
    ]);
    const w = await watchCloud(cloud);
    const upMs = await waitStatus(w.latest, 'idc1/net', 'up');
    const model = await loadFromVici(cloud.viciUri);
    const t = tunnel(model, 'idc1/net');
    expect(t).toMatchObject({
      status: 'up',
      routeType: 'policy',
      spd: [{ local: VPC, remote: ['172.16.1.0/24'] }],
    });
    expect(t?.ike?.remoteAddress).toBe('203.0.113.2');
    expect(t?.bytesIn).toBeTypeOf('number');
    expect(JSON.stringify(model)).not.toContain(PSK);
    const view = buildView(model);
    expect(reach(view, VPC, '172.16.1.0/24')).toBe(true);
    expect(reach(view, '172.16.1.0/24', VPC)).toBe(true);

    // Traffic through the tunnel (kernel-libipsec: routed into ipsec0 on both sides).
    const idc1 = peers.get('idc1') as CharonNode;
    await lab?.routeIntoTunnel(cloud.ns, '172.16.1.0/24', '10.0.0.1');
    await lab?.routeIntoTunnel(idc1.ns, VPC, '172.16.1.1');
    const cleanup = lab?.cleanup;
    if (cleanup) spawnIn(idc1.ns, ['/usr/bin/iperf3', '-s', '-1', '-B', '172.16.1.1'], cleanup);
    await waitFor(
      async () =>
        (
          await execIn(
            cloud.ns,
            [
              '/usr/bin/iperf3',
              '-c',
              '172.16.1.1',
              '-B',
              '10.0.0.1',
              '-n',
              '64K',
              '--connect-timeout',
              '2000',
            ],
            { check: false, timeoutMs: 15_000 },
          )
        ).code === 0,
      { timeoutMs: 15_000, intervalMs: 300, what: 'iperf3 through the tunnel' },
    );
    const counted = tunnel(await loadFromVici(cloud.viciUri), 'idc1/net');
    expect(counted?.bytesOut).toBeGreaterThan(16 * 1024);
    expect(counted?.packetsIn).toBeGreaterThan(0);

    // The CLI on the same socket.
    const out: string[] = [];
    const write = process.stdout.write.bind(process.stdout);
    process.stdout.write = ((chunk: string) =>
      out.push(String(chunk)) > 0) as typeof process.stdout.write;
    let code: number;
    try {
      code = await runCli(['ipsec', 'status', '--vici', cloud.viciUri, '--json']);
    } finally {
      process.stdout.write = write;
    }
    expect(code).toBe(0);
    const json = JSON.parse(out.join('')) as IpsecView;
    expect(json.tunnels.find((t) => t.id === 'idc1/net')).toMatchObject({
      status: 'up',
      health: 'none',
    });

    const stoppedAt = Date.now();
    await lab?.swanctl(idc1.viciUri, ['--terminate', '--ike', 'cloud', '--timeout', '5']);
    await waitStatus(w.latest, 'idc1/net', 'down', 10_000);
    const downMs = Date.now() - stoppedAt;
    // Known from charon's event, well before any DPD could have run (none is configured here).
    expect(downMs).toBeLessThan(2000);
    expect(w.changes.some((c) => !c.up && c.connections.includes('idc1'))).toBe(true);
    console.log(
      `scenario 1: up after ${upMs} ms of watching; down ${downMs} ms after the peer terminated (event)`,
    );
  });

  it('scenario 6: two IDCs with SPD per IDC reach the VPC but not each other; admin terminate/initiate', async () => {
    const { cloud } = await buildLab([
      {
        name: 'idc1',
        lan: '172.16.1.0/24',
        cloudIf: 'to-idc1',
        cloudAddr: '203.0.113.1',
        peerAddr: '203.0.113.2',
      },
      {
        name: 'idc2',
        lan: '172.16.2.0/24',
        cloudIf: 'to-idc2',
        cloudAddr: '192.0.2.1',
        peerAddr: '192.0.2.2',
      },
    ]);
    const w = await watchCloud(cloud);
    await waitStatus(w.latest, 'idc1/net', 'up');
    await waitStatus(w.latest, 'idc2/net', 'up');
    const view = buildView(await loadFromVici(cloud.viciUri));
    expect(reach(view, VPC, '172.16.1.0/24')).toBe(true);
    expect(reach(view, VPC, '172.16.2.0/24')).toBe(true);
    expect(reach(view, '172.16.1.0/24', '172.16.2.0/24')).toBe(false);
    expect(reach(view, '172.16.2.0/24', '172.16.1.0/24')).toBe(false);
    expect(view.findings.filter((f) => f.severity !== 'info')).toEqual([]);

    // The admin actions the UI offers (after confirmation).
    await terminateTunnel(cloud.viciUri, 'idc2/net', { wholeConnection: true });
    await waitStatus(w.latest, 'idc2/net', 'down', 10_000);
    expect(tunnel(w.latest(), 'idc1/net')?.status).toBe('up');
    await initiateTunnel(cloud.viciUri, 'idc2/net');
    await waitStatus(w.latest, 'idc2/net', 'up', 15_000);
  });

  it('scenario 5: two tunnels to one destination; a killed peer is detected by DPD', async () => {
    const { cloud, peers } = await buildLab(
      [
        {
          name: 'idc5a',
          lan: '172.16.5.0/24',
          cloudIf: 'to-idc5a',
          cloudAddr: '203.0.113.1',
          peerAddr: '203.0.113.2',
        },
        {
          name: 'idc5b',
          lan: '172.16.5.0/24',
          cloudIf: 'to-idc5b',
          cloudAddr: '192.0.2.1',
          peerAddr: '192.0.2.2',
        },
      ],
      2,
    );
    const w = await watchCloud(cloud);
    await waitStatus(w.latest, 'idc5a/net', 'up');
    await waitStatus(w.latest, 'idc5b/net', 'up');
    const view = buildView(w.latest());
    const sites = view.networks.filter((n) => n.kind === 'site');
    expect(sites).toHaveLength(1);
    expect(sites[0]?.peerIds).toHaveLength(2);
    // With SPD alone both tunnels claim the same traffic: flagged (use routes with priorities).
    expect(view.findings.map((f) => f.code)).toContain('spd-overlap');

    const killedAt = Date.now();
    await lab?.kill(peers.get('idc5a') as CharonNode);
    const detectMs = await waitStatus(w.latest, 'idc5a/net', 'down', 30_000);
    expect(tunnel(w.latest(), 'idc5b/net')?.status).toBe('up');
    console.log(
      `scenario 5: DPD (delay 2 s, 3 retransmits of 1 s) noticed the killed peer after ${Date.now() - killedAt} ms (watch ${detectMs} ms)`,
    );

    // A cleanly stopped peer is known at once (it sends DELETE before exiting).
    const stoppedAt = Date.now();
    await lab?.stop(peers.get('idc5b') as CharonNode);
    await waitStatus(w.latest, 'idc5b/net', 'down', 10_000);
    const cleanMs = Date.now() - stoppedAt;
    // The DELETE arrives at once: faster than DPD (2 s delay) could notice.
    expect(cleanMs).toBeLessThan(2000);
    console.log(`scenario 5: cleanly stopped peer shown down after ${cleanMs} ms`);

    // The watched charon itself going away is reported, not swallowed.
    await lab?.stop(cloud);
    await waitFor(() => w.errors.length > 0, { timeoutMs: 10_000, what: 'watch error' });
    expect(w.errors[0]).toMatch(/charon closed the VICI connection/);
  });

  it('a missing socket is one clear error', async () => {
    await expect(loadFromVici('unix:///nonexistent/gwi/charon.vici')).rejects.toThrow(
      /cannot connect to charon's VICI socket .*does not exist/,
    );
  });
});
