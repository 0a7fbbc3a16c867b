import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TunConfig } from '../../src/core/platform/network';
import { LinuxHelperTunProvider } from '../../src/core/platform/linux/helper-tun';
import { encodeControl } from '../../src/core/platform/linux/helper-frames';
import { runHelperProcess } from '../support/helper-process';
import { GangwayError } from '../../src/core/errors';
import { icmpEchoRequest, parseIcmpEcho } from '../support/ip-packets';
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
import { describeWith, OPENVPN } from '../support/prereqs';

// The helper for real, in namespaces of ours: ns "client" (192.0.2.2/24, default via
// 192.0.2.1) joined by a veth to ns "gateway". The provider starts the helper inside
// "client" through `ip netns exec`.

const root = path.resolve(__dirname, '../..');
const helperPath = path.join(root, 'helper/build/gangway-helper');
const ORIGINAL_RESOLV = '# gwl helper test\nnameserver 192.0.2.53\n';
const SERVER = '203.0.113.10';

const cleanup = new Cleanup();
let ns = '';
let provider: LinuxHelperTunProvider;
let fixtureDir = '';

const ipJson = async (...args: string[]): Promise<Array<Record<string, unknown>>> =>
  JSON.parse((await execIn(ns, ['/usr/sbin/ip', '-j', ...args])).stdout || '[]');
const linkExists = async (name: string): Promise<boolean> =>
  (await execIn(ns, ['/usr/sbin/ip', 'link', 'show', 'dev', name], { check: false })).code === 0;
const routeDsts = async (family: '-4' | '-6'): Promise<string[]> =>
  (await ipJson(family, 'route')).map(
    (r) => `${String(r.dst)} ${String(r.gateway ?? '-')} ${String(r.dev)}`,
  );

const fullConfig: TunConfig = {
  mtu: 1400,
  ipv4: { address: '10.8.0.2', prefixLength: 24 },
  ipv6: { address: 'fd00:8::1000', prefixLength: 64 },
  routes: [
    { destination: '10.99.0.0/24', gateway: '10.8.0.1', metric: 7 },
    { destination: 'fd00:99::/64' },
  ],
  dns: {
    servers: ['10.99.0.53', 'fd00:99::53'],
    domains: ['lab.test'],
    searchDomains: ['corp.test'],
  },
};

/** The helper in the namespace, fed raw request frames. */
const runRaw = (frames: Buffer[]) =>
  runHelperProcess(['/usr/sbin/ip', 'netns', 'exec', ns, helperPath], Buffer.concat(frames));

async function expectRestored(before4: string[], before6: string[]): Promise<void> {
  expect(await routeDsts('-4')).toEqual(before4);
  expect(await routeDsts('-6')).toEqual(before6);
  expect(namespaceResolvConf(ns)).toBe(ORIGINAL_RESOLV);
  const tuns = (await ipJson('link')).filter((l) => String(l.ifname).startsWith('gangway'));
  expect(tuns).toEqual([]);
}

describeWith({ root: true, programs: OPENVPN }, 'gangway-helper in a namespace', () => {
  beforeAll(async () => {
    const r = spawnSync('make', ['-s', '-C', path.join(root, 'helper')], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`make -C helper failed: ${r.stderr}`);
    await sweepStale('gwl');
    ns = await createNamespace(uniqueName('gwl', 'h'), cleanup, { resolvConf: ORIGINAL_RESOLV });
    const gw = await createNamespace(uniqueName('gwl', 'g'), cleanup);
    await createVeth(
      { ns, ifname: 'veth0', addresses: ['192.0.2.2/24'] },
      { ns: gw, ifname: 'veth0', addresses: ['192.0.2.1/24'] },
    );
    await execIn(ns, ['/usr/sbin/ip', 'route', 'add', 'default', 'via', '192.0.2.1']);
    await execIn(ns, ['/usr/sbin/ip', 'addr', 'add', '2001:db8:1::2/64', 'dev', 'veth0', 'nodad']);
    await execIn(gw, ['/usr/sbin/ip', 'addr', 'add', '2001:db8:1::1/64', 'dev', 'veth0', 'nodad']);
    await execIn(ns, ['/usr/sbin/ip', '-6', 'route', 'add', 'default', 'via', '2001:db8:1::1']);
    provider = new LinuxHelperTunProvider({
      helperPath,
      launcher: ['/usr/sbin/ip', 'netns', 'exec', ns],
    });
    fixtureDir = mkdtempSync(path.join(tmpdir(), 'gwl-fixture-'));
    cleanup.add('remove fixture', () => rmSync(fixtureDir, { recursive: true, force: true }));
  });
  afterAll(() => cleanup.run());

  it('configures addresses, routes and DNS, and restores everything on close', async () => {
    const before4 = await routeDsts('-4');
    const before6 = await routeDsts('-6');
    const dev = await provider.open(fullConfig);
    try {
      expect(dev.name).toMatch(/^gangway\d+$/);
      await dev.configured; // DNS is the last step, after the device carries packets
      const [link] = await ipJson('addr', 'show', 'dev', dev.name);
      expect(link?.mtu).toBe(1400);
      const addrs = (link?.addr_info as Array<Record<string, unknown>>).map(
        (a) => `${String(a.local)}/${String(a.prefixlen)}`,
      );
      expect(addrs).toEqual(expect.arrayContaining(['10.8.0.2/24', 'fd00:8::1000/64']));
      expect(await routeDsts('-4')).toContain(`10.99.0.0/24 10.8.0.1 ${dev.name}`);
      const metric = (await ipJson('-4', 'route', 'show', '10.99.0.0/24'))[0]?.metric;
      expect(metric).toBe(7);
      expect(await routeDsts('-6')).toContain(`fd00:99::/64 - ${dev.name}`);
      const resolv = namespaceResolvConf(ns);
      expect(resolv).toContain('nameserver 10.99.0.53\nnameserver fd00:99::53\n');
      expect(resolv).toContain('search lab.test corp.test\n');
    } finally {
      await dev.close();
    }
    await expectRestored(before4, before6);
  });

  it('prepare() makes the device during the handshake; open() configures that one; release() removes it', async () => {
    const before4 = await routeDsts('-4');
    const before6 = await routeDsts('-6');
    const early = new LinuxHelperTunProvider({
      helperPath,
      launcher: ['/usr/sbin/ip', 'netns', 'exec', ns],
      interfaceName: 'gangway70',
    });
    early.prepare();
    await waitFor(() => linkExists('gangway70'), { timeoutMs: 5_000 });
    const dev = await early.open({ ...fullConfig, dns: undefined });
    try {
      expect(dev.name).toBe('gangway70');
      const links = (await ipJson('link')).map((l) => String(l.ifname));
      expect(links.filter((n) => n.startsWith('gangway'))).toEqual(['gangway70']);
      expect(await routeDsts('-4')).toContain(`10.99.0.0/24 10.8.0.1 ${dev.name}`);
    } finally {
      await dev.close();
    }
    await expectRestored(before4, before6);
    expect(await linkExists('gangway70')).toBe(false);

    early.prepare();
    await waitFor(() => linkExists('gangway70'), { timeoutMs: 5_000 });
    early.release();
    await waitFor(async () => !(await linkExists('gangway70')), { timeoutMs: 5_000 });
  });

  it('refuses an open request for another device than the one created', async () => {
    const { code, replies } = await runRaw([
      encodeControl({ type: 'create', name: 'gangway71' }),
      encodeControl({ type: 'open', name: 'gangway%d', mtu: 1500, routes: [] }),
    ]);
    expect(replies).toEqual([
      { error: 'the open request names another device than the create request' },
    ]);
    expect(code).toBe(2);
    expect(await linkExists('gangway71')).toBe(false);
  });

  it('relays packets both ways: ICMP echo to our own address comes back, and measures it', async () => {
    const dev = await provider.open({ ...fullConfig, dns: undefined });
    try {
      const replies: Buffer[] = [];
      let waiting: (() => void) | undefined;
      dev.onPackets((packets) => {
        for (const p of packets) {
          const echo = parseIcmpEcho(p);
          if (echo?.type === 0 && echo.src === '10.8.0.2' && echo.dst === '10.8.0.1')
            replies.push(p);
        }
        waiting?.();
      });
      const until = (n: number, ms: number) =>
        waitFor(() => replies.length >= n, {
          timeoutMs: ms,
          intervalMs: 10,
          what: `${n} echo replies`,
        });

      dev.writePackets([icmpEchoRequest('10.8.0.1', '10.8.0.2', 0x4747, 1)]);
      await until(1, 5_000);
      expect(parseIcmpEcho(replies[0] as Buffer)).toMatchObject({ id: 0x4747, seq: 1, type: 0 });

      // Throughput: N echo requests in writes of 64, with at most `window` outstanding.
      replies.length = 0;
      const total = 20_000;
      const window = 512;
      let sent = 0;
      const started = process.hrtime.bigint();
      while (sent < total) {
        const room = Math.min(window - (sent - replies.length), total - sent);
        if (room <= 0) {
          await new Promise<void>((r) => {
            waiting = r;
            setTimeout(r, 50);
          });
          continue;
        }
        const batch = [];
        for (let i = 0; i < Math.min(room, 64); i++, sent++)
          batch.push(icmpEchoRequest('10.8.0.1', '10.8.0.2', 0x4848, sent & 0xffff, 56));
        dev.writePackets(batch);
        await new Promise((r) => setImmediate(r));
      }
      await until(total * 0.99, 20_000);
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      const rate = Math.round(replies.length / seconds);
      console.log(
        `helper relay: ${replies.length}/${total} ICMP echo round trips in ${seconds.toFixed(2)} s = ${rate} round trips/s (${2 * rate} packets/s through the helper)`,
      );
      expect(rate).toBeGreaterThan(1_000);
    } finally {
      await dev.close();
    }
  });

  it('redirect-gateway def1: 0/1 + 128/1 via the tunnel, host route to the server via the original gateway', async () => {
    const before4 = await routeDsts('-4');
    const before6 = await routeDsts('-6');
    const dev = await provider.open({
      ...fullConfig,
      redirectGateway: { ipv4: true, ipv6: false, serverAddresses: [SERVER] },
    });
    try {
      const routes = await routeDsts('-4');
      expect(routes).toEqual(
        expect.arrayContaining([
          `0.0.0.0/1 - ${dev.name}`,
          `128.0.0.0/1 - ${dev.name}`,
          `${SERVER} 192.0.2.1 veth0`,
          'default 192.0.2.1 veth0',
        ]),
      );
      const viaServer = await execIn(ns, ['/usr/sbin/ip', 'route', 'get', SERVER]);
      expect(viaServer.stdout).toContain('via 192.0.2.1 dev veth0');
      const viaOther = await execIn(ns, ['/usr/sbin/ip', 'route', 'get', '198.51.100.77']);
      expect(viaOther.stdout).toContain(`dev ${dev.name}`);
    } finally {
      await dev.close();
    }
    await expectRestored(before4, before6);
  });

  it('net30 peer address, and IPv6 redirect-gateway with its server host route', async () => {
    const before4 = await routeDsts('-4');
    const before6 = await routeDsts('-6');
    const server6 = '2001:db8:ffff::10';
    const dev = await provider.open({
      ...fullConfig,
      ipv4: { address: '10.8.0.6', prefixLength: 32, peer: '10.8.0.5' },
      routes: [{ destination: '10.99.0.0/24', gateway: '10.8.0.5' }],
      redirectGateway: { ipv4: false, ipv6: true, serverAddresses: [server6] },
    });
    try {
      const [link] = await ipJson('-4', 'addr', 'show', 'dev', dev.name);
      expect(link?.addr_info).toEqual([
        expect.objectContaining({ local: '10.8.0.6', address: '10.8.0.5', prefixlen: 32 }),
      ]);
      expect(await routeDsts('-4')).toContain(`10.99.0.0/24 10.8.0.5 ${dev.name}`);
      expect(await routeDsts('-4')).not.toContain(`0.0.0.0/1 - ${dev.name}`);
      expect(await routeDsts('-6')).toEqual(
        expect.arrayContaining([
          `::/1 - ${dev.name}`,
          `8000::/1 - ${dev.name}`,
          `${server6} 2001:db8:1::1 veth0`,
        ]),
      );
    } finally {
      await dev.close();
    }
    await expectRestored(before4, before6);
  });

  it('restores everything when the helper itself gets SIGTERM, and reports it', async () => {
    const before4 = await routeDsts('-4');
    const before6 = await routeDsts('-6');
    const dev = await provider.open({
      ...fullConfig,
      redirectGateway: { ipv4: true, ipv6: false, serverAddresses: [SERVER] },
    });
    const closed = new Promise<GangwayError | undefined>((r) => dev.onClosed(r));
    const pids = (await run(['/usr/sbin/ip', 'netns', 'pids', ns])).stdout.trim().split(/\s+/);
    expect(pids).toHaveLength(1); // the helper is the only process in the namespace
    process.kill(Number(pids[0]), 'SIGTERM');
    const error = await closed;
    expect(error?.code).toBe('helper-failed');
    await expectRestored(before4, before6);
  });

  it("refuses to take over someone else's device of the requested name", async () => {
    await execIn(ns, ['/usr/sbin/ip', 'tuntap', 'add', 'dev', 'gangway72', 'mode', 'tun']);
    try {
      const named = new LinuxHelperTunProvider({
        helperPath,
        launcher: ['/usr/sbin/ip', 'netns', 'exec', ns],
        interfaceName: 'gangway72',
      });
      await expect(named.open(fullConfig)).rejects.toThrow(
        /^cannot create TUN device gangway72: Device or resource busy$/,
      );
      expect(await linkExists('gangway72')).toBe(true);
      expect(namespaceResolvConf(ns)).toBe(ORIGINAL_RESOLV);
    } finally {
      await execIn(ns, ['/usr/sbin/ip', 'tuntap', 'del', 'dev', 'gangway72', 'mode', 'tun']);
    }
  });

  it('maps a failure half-way through to helper-failed and leaves nothing behind', async () => {
    const before4 = await routeDsts('-4');
    const before6 = await routeDsts('-6');
    const err = await provider
      .open({
        ...fullConfig,
        redirectGateway: { ipv4: true, ipv6: false, serverAddresses: [SERVER] },
        routes: [...fullConfig.routes, { destination: '10.98.0.0/24', gateway: '10.50.0.1' }],
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(GangwayError);
    expect((err as GangwayError).code).toBe('helper-failed');
    expect((err as GangwayError).message).toMatch(
      /^ip -4 route add 10\.98\.0\.0\/24 via 10\.50\.0\.1 dev gangway\d+ failed: /,
    );
    await expectRestored(before4, before6);
  });

  it('restores everything when the process that opened the device is killed (SIGKILL)', async () => {
    const before4 = await routeDsts('-4');
    const before6 = await routeDsts('-6');
    const script = path.join(fixtureDir, 'open-tun.cjs');
    await build({
      entryPoints: [path.join(__dirname, 'fixtures/open-tun.ts')],
      outfile: script,
      bundle: true,
      platform: 'node',
      format: 'cjs',
      logLevel: 'warning',
      define: { 'import.meta.url': 'importMetaUrl' },
      banner: { js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
    });
    const config: TunConfig = {
      ...fullConfig,
      redirectGateway: { ipv4: true, ipv6: false, serverAddresses: [SERVER] },
    };
    const child = spawn(process.execPath, [script, ns, JSON.stringify(config), helperPath], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    cleanup.add('kill fixture', () => void child.kill('SIGKILL'));
    let out = '';
    child.stdout.on('data', (b: Buffer) => (out += b.toString()));
    const name = await waitFor(() => out.match(/ready (\S+)/)?.[1] ?? out.match(/failed .*/)?.[0], {
      timeoutMs: 20_000,
      what: 'the fixture to open the TUN',
    });
    expect(name).toMatch(/^gangway\d+$/);
    expect(await linkExists(name)).toBe(true);
    expect(await routeDsts('-4')).toContain(`${SERVER} 192.0.2.1 veth0`);
    expect(namespaceResolvConf(ns)).toContain('nameserver 10.99.0.53');

    const killedAt = Date.now();
    child.kill('SIGKILL');
    await waitFor(async () => !(await linkExists(name)), {
      timeoutMs: 5_000,
      what: 'the TUN to go',
    });
    await waitFor(() => namespaceResolvConf(ns) === ORIGINAL_RESOLV, {
      timeoutMs: 5_000,
      what: 'resolv.conf to be restored',
    });
    console.log(`helper: restored within ${Date.now() - killedAt} ms of SIGKILL to its parent`);
    await expectRestored(before4, before6);
  });
});
