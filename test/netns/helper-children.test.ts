import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, expect, it } from 'vitest';
import { encodeControl } from '../../src/core/platform/linux/helper-frames';
import {
  Cleanup,
  createNamespace,
  execIn,
  sweepStale,
  uniqueName,
  waitFor,
} from '../support/netns';
import { startHelperProcess, type LiveHelper } from '../support/helper-process';
import { describeWith, OPENVPN } from '../support/prereqs';

// The programs the helper starts (resolvectl), through the helper's test build (`make -C
// helper test`): it takes resolved's socket and resolvectl from /run/gangway-helper-test, where
// this test puts a stand-in that records its signal state and its arguments, or hangs. It kills
// a child after 700 ms instead of 5 s. A release build has no such switch.

const root = path.resolve(__dirname, '../..');
const testHelper = path.join(root, 'helper/build/test/gangway-helper');
const TEST_DIR = '/run/gangway-helper-test';
const STUB_RESOLV = '# gwc helper test: systemd-resolved stub\nnameserver 127.0.0.53\n';

const STAND_IN = `#!/bin/sh
d=${TEST_DIR}
echo "$*" >> $d/calls
# Builtins only: the shell's own mask, not the one it holds while waiting for a child.
: > $d/signals-$1
while read -r key value; do
  case $key in SigBlk:|SigIgn:) echo "$key $value" >> $d/signals-$1;; esac
done < /proc/$$/status
if [ -e $d/hang-$1 ]; then
  sleep 30 &
  echo $! > $d/sleeper-$1
  wait
fi
exit 0
`;

const cleanup = new Cleanup();
let ns = '';
const live: LiveHelper[] = [];

const inTestDir = (name: string) => path.join(TEST_DIR, name);
const calls = (): string[] =>
  existsSync(inTestDir('calls')) ? readFileSync(inTestDir('calls'), 'utf8').trim().split('\n') : [];
const alive = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

function helper(): LiveHelper {
  const h = startHelperProcess(['/usr/sbin/ip', 'netns', 'exec', ns, testHelper]);
  live.push(h);
  return h;
}

const openWithDns = (address: string): Buffer =>
  encodeControl({
    type: 'open',
    mtu: 1400,
    ipv4: { address, prefixLength: 24 },
    routes: [],
    dns: { servers: ['10.99.0.53'], domains: ['lab.test'], searchDomains: [] },
  });
const isDone = (r: Record<string, unknown>) => r.configured === true || typeof r.error === 'string';

describeWith({ root: true, programs: OPENVPN }, 'programs the helper starts', () => {
  beforeAll(async () => {
    const r = spawnSync('make', ['-s', '-C', path.join(root, 'helper'), 'test'], {
      encoding: 'utf8',
    });
    if (r.status !== 0) throw new Error(`make -C helper test failed: ${r.stderr}`);
    await sweepStale('gwc');
    mkdirSync(TEST_DIR, { mode: 0o700 });
    cleanup.add('remove the stand-ins', () => rmSync(TEST_DIR, { recursive: true, force: true }));
    writeFileSync(inTestDir('resolvectl'), STAND_IN, { mode: 0o755 });
    writeFileSync(inTestDir('io.systemd.Resolve'), ''); // "resolved runs"
    ns = await createNamespace(uniqueName('gwc', 'h'), cleanup, { resolvConf: STUB_RESOLV });
  });
  afterEach(async () => {
    for (const h of live.splice(0)) h.kill();
    await waitFor(
      async () => !(await execIn(ns, ['/usr/sbin/ip', '-o', 'link'])).stdout.includes('gangway'),
      { timeoutMs: 5_000, what: 'no device left' },
    );
    for (const f of ['calls', 'hang-dns', 'hang-revert']) rmSync(inTestDir(f), { force: true });
  });
  afterAll(() => cleanup.run());

  it('starts resolvectl with no blocked signals and default dispositions, per link', async () => {
    const h = helper();
    h.send(openWithDns('10.8.0.2'));
    expect(await h.reply(isDone)).toEqual({ configured: true });
    h.endInput();
    expect((await h.exited()).code).toBe(0);
    const device = (h.replies[0] as { name: string }).name;
    expect(calls()).toEqual([
      `dns ${device} 10.99.0.53`,
      `domain ${device} lab.test`,
      `revert ${device}`,
    ]);
    // The helper itself blocks TERM/INT/HUP and ignores PIPE; none of that may reach a child.
    for (const verb of ['dns', 'revert'])
      expect(readFileSync(inTestDir(`signals-${verb}`), 'utf8')).toBe(
        'SigBlk: 0000000000000000\nSigIgn: 0000000000000000\n',
      );
  });

  it('kills a hung resolvectl, when setting DNS and again when restoring, and exits', async () => {
    writeFileSync(inTestDir('hang-dns'), '');
    writeFileSync(inTestDir('hang-revert'), '');
    const started = Date.now();
    const h = helper();
    h.send(openWithDns('10.8.0.2'));
    expect(await h.reply(isDone, 5_000)).toEqual({
      error: `${TEST_DIR}/resolvectl dns failed: no answer within 700 ms, killed`,
    });
    expect((await h.exited(5_000)).code).toBe(1);
    const ms = Date.now() - started;
    console.log(`helper: open to exit with a hung resolvectl (dns, then revert): ${ms} ms`);
    expect(ms).toBeLessThan(3_000); // two 700 ms bounds and start-up; never the 30 s sleeps
    expect(calls().map((c) => c.split(' ')[0])).toEqual(['dns', 'revert']);
    // The whole process group went: the stand-in's own child too.
    for (const verb of ['dns', 'revert']) {
      const sleeper = Number(readFileSync(inTestDir(`sleeper-${verb}`), 'utf8'));
      await waitFor(() => !alive(sleeper), { timeoutMs: 2_000, what: `sleep of ${verb} to go` });
    }
  });

  it('two sessions with per-link DNS each revert only their own link', async () => {
    const first = helper();
    first.send(openWithDns('10.8.0.2'));
    expect(await first.reply(isDone)).toEqual({ configured: true });
    const second = helper();
    second.send(openWithDns('10.9.0.2'));
    expect(await second.reply(isDone)).toEqual({ configured: true });
    const [one, two] = [first, second].map((h) => (h.replies[0] as { name: string }).name);
    expect(one).not.toBe(two);
    first.endInput();
    expect((await first.exited()).code).toBe(0);
    expect(calls().filter((c) => c.startsWith('revert'))).toEqual([`revert ${String(one)}`]);
    second.endInput();
    expect((await second.exited()).code).toBe(0);
    expect(calls().filter((c) => c.startsWith('revert'))).toEqual([
      `revert ${String(one)}`,
      `revert ${String(two)}`,
    ]);
  });
});
