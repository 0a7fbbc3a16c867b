import { spawnSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { encodeControl } from '../../src/core/platform/linux/helper-frames';
import {
  Cleanup,
  createNamespace,
  createVeth,
  execIn,
  namespaceResolvConf,
  run,
  sweepStale,
  uniqueName,
  waitFor,
} from '../support/netns';
import { startHelperProcess, type LiveHelper } from '../support/helper-process';
import { describeWith, OPENVPN } from '../support/prereqs';

// The helper's life cycle against the system's state: the stop request, a killed helper's
// leftovers, and two sessions at once in one namespace. ns "client" (192.0.2.2/24, default via
// 192.0.2.1) is joined by a veth to ns "gateway"; the helper runs in "client".

const root = path.resolve(__dirname, '../..');
const helperPath = path.join(root, 'helper/build/gangway-helper');
const ORIGINAL_RESOLV = '# gwm helper test\nnameserver 192.0.2.53\n';
const SERVER = '203.0.113.10';

const cleanup = new Cleanup();
let ns = '';
const live: LiveHelper[] = [];

const ip = (...args: string[]) => execIn(ns, ['/usr/sbin/ip', ...args]);
const routes4 = async (): Promise<string[]> =>
  (
    JSON.parse((await ip('-j', '-4', 'route')).stdout || '[]') as Array<Record<string, unknown>>
  ).map((r) => `${String(r.dst)} ${String(r.gateway ?? '-')} ${String(r.dev)}`);
const links = async (): Promise<string[]> =>
  (JSON.parse((await ip('-j', 'link')).stdout) as Array<{ ifname: string }>)
    .map((l) => l.ifname)
    .filter((n) => n.startsWith('gangway'));

function helper(): LiveHelper {
  const h = startHelperProcess(['/usr/sbin/ip', 'netns', 'exec', ns, helperPath]);
  live.push(h);
  return h;
}

const open = (extra: Record<string, unknown> = {}): Buffer =>
  encodeControl({
    type: 'open',
    mtu: 1400,
    ipv4: { address: '10.8.0.2', prefixLength: 24 },
    routes: [{ destination: '10.99.0.0/24', gateway: '10.8.0.1' }],
    ...extra,
  });
const fullTunnel = { redirectGateway: { ipv4: true, ipv6: false, serverAddresses: [SERVER] } };
const withDns = {
  dns: { servers: ['10.99.0.53'], domains: ['lab.test'], searchDomains: [] },
};
const isOk = (r: Record<string, unknown>) => r.ok === true;
const isConfigured = (r: Record<string, unknown>) => r.configured === true;
const isError = (r: Record<string, unknown>) => typeof r.error === 'string';

/** Starts a helper with `request` and waits until it has configured everything. */
async function connected(request: Buffer): Promise<LiveHelper> {
  const h = helper();
  h.send(request);
  await h.reply((r) => isConfigured(r) || isError(r));
  expect(h.replies.filter(isError)).toEqual([]);
  return h;
}

async function closeAndCheck(h: LiveHelper): Promise<void> {
  h.endInput();
  expect((await h.exited()).code).toBe(0);
}

describeWith({ root: true, programs: OPENVPN }, 'gangway-helper sessions', () => {
  let baseline: string[] = [];
  beforeAll(async () => {
    const r = spawnSync('make', ['-s', '-C', path.join(root, 'helper')], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`make -C helper failed: ${r.stderr}`);
    await sweepStale('gwm');
    ns = await createNamespace(uniqueName('gwm', 'h'), cleanup, { resolvConf: ORIGINAL_RESOLV });
    const gw = await createNamespace(uniqueName('gwm', 'g'), cleanup);
    await createVeth(
      { ns, ifname: 'veth0', addresses: ['192.0.2.2/24'] },
      { ns: gw, ifname: 'veth0', addresses: ['192.0.2.1/24'] },
    );
    await ip('route', 'add', 'default', 'via', '192.0.2.1');
    baseline = await routes4();
  });
  afterEach(async () => {
    for (const h of live.splice(0)) h.kill();
    // Every test leaves the namespace as it found it.
    await waitFor(async () => (await links()).length === 0, {
      timeoutMs: 5_000,
      what: 'no device',
    });
    expect(await routes4()).toEqual(baseline);
    expect(namespaceResolvConf(ns)).toBe(ORIGINAL_RESOLV);
  });
  afterAll(() => cleanup.run());

  it('a stop request after open restores everything and exits 0 while stdin stays open', async () => {
    const h = await connected(open({ ...fullTunnel, ...withDns }));
    expect(await routes4()).toContain(`${SERVER} 192.0.2.1 veth0`);
    h.send(encodeControl({ type: 'stop' }));
    const { code, ms } = await h.exited(5_000);
    expect(code).toBe(0);
    console.log(`helper: stop request to exit in ${ms} ms`);
  });

  it('honours a stop request that comes in the same write as the open request', async () => {
    const h = helper();
    h.send(Buffer.concat([open(), encodeControl({ type: 'stop' })]));
    const { code } = await h.exited(5_000);
    expect(code).toBe(0);
    expect(h.replies).toEqual([
      { ok: true, name: expect.stringMatching(/^gangway\d+$/) },
      { configured: true },
    ]);
  });

  it('takes over an identical host route to the server that an older helper left behind', async () => {
    // What a SIGKILLed helper of the previous version left: `proto boot`, as `ip route add` makes.
    await ip('route', 'add', `${SERVER}/32`, 'via', '192.0.2.1', 'dev', 'veth0');
    const h = await connected(open(fullTunnel));
    expect(await routes4()).toContain(`${SERVER} 192.0.2.1 veth0`);
    await closeAndCheck(h); // taken over: deleted on close like the helper's own
  });

  it('a killed helper leaves its host route behind; the next session connects and removes it', async () => {
    const first = await connected(open(fullTunnel));
    const pids = (await run(['/usr/sbin/ip', 'netns', 'pids', ns])).stdout.trim().split(/\s+/);
    expect(pids).toHaveLength(1);
    process.kill(Number(pids[0]), 'SIGKILL');
    await first.exited();
    await waitFor(async () => (await links()).length === 0, {
      timeoutMs: 5_000,
      what: 'no device',
    });
    expect(await routes4()).toContain(`${SERVER} 192.0.2.1 veth0`); // what SIGKILL cannot undo
    const second = await connected(open(fullTunnel));
    await closeAndCheck(second);
  });

  it('refuses a second full tunnel with the reason, and leaves the first one working', async () => {
    const first = await connected(open(fullTunnel));
    const [device] = await links();
    const during = await routes4();
    const second = helper();
    second.send(open({ ...fullTunnel, routes: [] }));
    expect(await second.reply(isError)).toEqual({
      error: `another Gangway session already sends all traffic through its tunnel (${String(device)}); disconnect it first: two full tunnels would route through each other`,
    });
    expect((await second.exited()).code).toBe(1);
    expect(await routes4()).toEqual(during);
    expect(await links()).toEqual([device]);
    await closeAndCheck(first);
    const third = await connected(open(fullTunnel)); // the lock went with the first helper
    await closeAndCheck(third);
  });

  it("never removes another session's route to the server address", async () => {
    // A split tunnel that routes the server's address through itself, then a full tunnel to
    // that server: the full tunnel's host route goes through the split one, and stays its.
    const split = await connected(
      open({
        ipv4: { address: '10.9.0.2', prefixLength: 24 },
        routes: [{ destination: `${SERVER}/32`, gateway: '10.9.0.1' }],
      }),
    );
    const [splitDevice] = await links();
    const full = await connected(open({ ...fullTunnel, routes: [] }));
    await closeAndCheck(full);
    expect(await routes4()).toContain(`${SERVER} 10.9.0.1 ${String(splitDevice)}`);
    await closeAndCheck(split);
  });

  it('a split tunnel next to a full tunnel is allowed', async () => {
    const full = await connected(open(fullTunnel));
    const split = await connected(
      open({
        ipv4: { address: '10.9.0.2', prefixLength: 24 },
        routes: [{ destination: '10.77.0.0/24' }],
      }),
    );
    expect(await links()).toHaveLength(2);
    await closeAndCheck(split);
    await closeAndCheck(full);
  });

  it('without systemd-resolved, a second session with DNS is refused and never restores the first one', async () => {
    const first = await connected(open(withDns));
    const ours = namespaceResolvConf(ns);
    expect(ours).toContain('nameserver 10.99.0.53');
    const second = helper();
    second.send(
      open({
        ipv4: { address: '10.9.0.2', prefixLength: 24 },
        routes: [],
        dns: { servers: ['10.77.0.53'], domains: [], searchDomains: [] },
      }),
    );
    expect(await second.reply(isError)).toEqual({
      error:
        'another Gangway session has set the DNS servers in /etc/resolv.conf (there is no systemd-resolved here for per-link DNS); disconnect it first',
    });
    expect((await second.exited()).code).toBe(1);
    expect(second.replies.some(isOk)).toBe(false); // refused before it changed anything
    expect(namespaceResolvConf(ns)).toBe(ours);
    await closeAndCheck(first);
  });

  it('the next session with DNS puts back the resolv.conf that a killed helper had replaced', async () => {
    const killed = await connected(open(withDns));
    expect(namespaceResolvConf(ns)).toContain('nameserver 10.99.0.53');
    process.kill(
      Number((await run(['/usr/sbin/ip', 'netns', 'pids', ns])).stdout.trim()),
      'SIGKILL',
    );
    await killed.exited();
    expect(namespaceResolvConf(ns)).toContain('nameserver 10.99.0.53'); // what SIGKILL cannot undo
    const next = await connected(
      open({ dns: { servers: ['10.77.0.53'], domains: [], searchDomains: [] } }),
    );
    expect(namespaceResolvConf(ns)).toContain('nameserver 10.77.0.53');
    await closeAndCheck(next); // back to what was there before the killed session
  });

  it('leaves resolv.conf alone at close when someone else rewrote it meanwhile', async () => {
    const h = await connected(open(withDns));
    const file = path.join('/etc/netns', ns, 'resolv.conf');
    const newer = '# written by a DHCP client\nnameserver 192.0.2.99\n';
    writeFileSync(file, newer);
    try {
      await closeAndCheck(h);
      expect(namespaceResolvConf(ns)).toBe(newer);
    } finally {
      writeFileSync(file, ORIGINAL_RESOLV);
    }
  });
});
