import { spawnSync, type ChildProcess } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { TunConfig } from '../../src/core/platform/network';
import {
  Cleanup,
  createNamespace,
  execIn,
  namespaceResolvConf,
  sweepStale,
  uniqueName,
  waitFor,
} from '../support/netns';
import { POLKIT_PROGRAMS, startPolkitLab, type PolkitLab } from '../support/polkit-lab';
import { describeWith, OPENVPN } from '../support/prereqs';

// The real pkexec path: an unprivileged user's engine starts /usr/lib/gangway/gangway-helper
// through pkexec and polkit (test/support/polkit-lab.ts). That user cannot signal the root
// helper (EPERM), so it must end through the `stop` request or the end of its input.

const root = path.resolve(__dirname, '../..');
const ORIGINAL_RESOLV = '# gwp helper test\nnameserver 192.0.2.53\n';
const config: TunConfig = {
  mtu: 1400,
  ipv4: { address: '10.8.0.2', prefixLength: 24 },
  routes: [{ destination: '10.99.0.0/24', gateway: '10.8.0.1' }],
  dns: { servers: ['10.99.0.53'], domains: ['lab.test'], searchDomains: [] },
};

const cleanup = new Cleanup();
let ns = '';
let lab: PolkitLab;
let fixture = '';

const tunnels = async (): Promise<string[]> =>
  (await execIn(ns, ['/usr/sbin/ip', '-o', 'link'])).stdout
    .split('\n')
    .map((l) => l.split(':')[1]?.trim() ?? '')
    .filter((n) => n.startsWith('gangway'));

/** The fixture as the lab's user; `output()` is what it printed so far. */
function runFixture(mode: string): { child: ChildProcess; output: () => string } {
  const child = lab.runAsUser(['/usr/bin/node', fixture, mode, JSON.stringify(config)]);
  let out = '';
  child.stdout?.on('data', (b: Buffer) => (out += b.toString()));
  return { child, output: () => out };
}

const printed = (output: () => string, pattern: RegExp, what: string) =>
  waitFor(() => output().match(pattern) ?? output().match(/failed .*/)?.[0], {
    timeoutMs: 20_000,
    what,
  });

/** The root process among `parent`'s children that runs the helper. */
function helperChildOf(parent: number): number | undefined {
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === parent && readlinkSync(`/proc/${entry}/exe`).endsWith('gangway-helper'))
        return Number(entry);
    } catch {
      // gone meanwhile
    }
  }
  return undefined;
}

describeWith(
  { root: true, programs: { ...OPENVPN, ...POLKIT_PROGRAMS } },
  'gangway-helper through pkexec, as an unprivileged user',
  () => {
    beforeAll(async () => {
      const r = spawnSync('make', ['-s', '-C', path.join(root, 'helper')], { encoding: 'utf8' });
      if (r.status !== 0) throw new Error(`make -C helper failed: ${r.stderr}`);
      await sweepStale('gwp');
      ns = await createNamespace(uniqueName('gwp', 'h'), cleanup, { resolvConf: ORIGINAL_RESOLV });
      lab = await startPolkitLab({
        ns,
        helperBinary: path.join(root, 'helper/build/gangway-helper'),
        policy: path.join(root, 'assets/linux/com.gangway.helper.policy'),
        cleanup,
      });
      fixture = path.join(lab.dir, 'pkexec-tun.cjs');
      await build({
        entryPoints: [path.join(__dirname, 'fixtures/pkexec-tun.ts')],
        outfile: fixture,
        bundle: true,
        platform: 'node',
        format: 'cjs',
        logLevel: 'warning',
        define: { 'import.meta.url': 'importMetaUrl' },
        banner: { js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
      });
      chmodSync(fixture, 0o644);
    });
    afterAll(() => cleanup.run());

    it('connects through pkexec; the user cannot signal the helper, and close() stops it', async () => {
      const { child, output } = runFixture('provider');
      const [, name] = await printed(output, /ready (\S+)\n/, 'the device through pkexec');
      expect(name).toMatch(/^gangway\d+$/);
      expect(await tunnels()).toEqual([name]);
      expect(namespaceResolvConf(ns)).toContain('nameserver 10.99.0.53');
      const helperPid = helperChildOf(child.pid ?? -1);
      expect(helperPid).toBeDefined();
      child.stdin?.write(`signal ${String(helperPid)}\n`);
      await printed(output, /signal EPERM\n/, 'the signal to be refused');
      child.stdin?.write('close\n');
      const [, ms] = await printed(output, /closed (\d+)\n/, 'close() to finish');
      console.log(`helper via pkexec: close() (stop request) took ${String(ms)} ms`);
      expect(Number(ms)).toBeLessThan(2_000); // the stop request, not the 13 s give-up
      expect(await tunnels()).toEqual([]);
      expect(namespaceResolvConf(ns)).toBe(ORIGINAL_RESOLV);
    });

    it('closing its stdin ends a helper started through pkexec, while the engine lives on', async () => {
      const { output } = runFixture('raw-eof');
      await printed(output, /ready (\d+)\n/, 'the device through pkexec');
      const [, code, ms] = await printed(output, /eof-exit (\S+) (\d+)\n/, 'the helper to exit');
      expect(code).toBe('0');
      console.log(`helper via pkexec: end of input to exit in ${String(ms)} ms`);
      expect(await tunnels()).toEqual([]);
    });
  },
);
