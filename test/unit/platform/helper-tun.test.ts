import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { GangwayError } from '../../../src/core/errors';
import { LinuxHelperTunProvider } from '../../../src/core/platform/linux/helper-tun';

// The provider's error mapping, against the real helper: requests the helper refuses fail
// before anything privileged happens, so this runs without root.

const root = path.resolve(__dirname, '../../..');
const helperPath = path.join(root, 'helper/build/gangway-helper');

beforeAll(() => {
  const r = spawnSync('make', ['-s', '-C', path.join(root, 'helper')], { encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`make -C helper failed: ${r.stderr}`);
});

async function failure(p: Promise<unknown>): Promise<GangwayError> {
  const err = await p.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(GangwayError);
  return err as GangwayError;
}

describe('LinuxHelperTunProvider', () => {
  it("maps the helper's refusal to helper-failed with the helper's message", async () => {
    const provider = new LinuxHelperTunProvider({ helperPath, elevation: 'direct' });
    const err = await failure(provider.open({ mtu: 100, routes: [] }));
    expect(err.code).toBe('helper-failed');
    expect(err.message).toBe('mtu must be an integer from 576 to 9000');
    expect(err.hint).toMatch(/refused it .* changed nothing/);
  });

  it('refuses a bad interface name through the helper, not by crashing', async () => {
    const provider = new LinuxHelperTunProvider({
      helperPath,
      elevation: 'direct',
      interfaceName: 'tun0; reboot',
    });
    const err = await failure(provider.open({ mtu: 1500, routes: [] }));
    expect(err.message).toBe(
      'invalid interface name: tun0; reboot (only gangway%d or gangway and a number)',
    );
  });

  it('says how to get the helper when it is missing', async () => {
    const provider = new LinuxHelperTunProvider({
      helperPath: '/nonexistent/gangway-helper',
      elevation: 'direct',
    });
    const err = await failure(provider.open({ mtu: 1500, routes: [] }));
    expect(err.code).toBe('helper-failed');
    expect(err.message).toBe('the TUN helper was not found at /nonexistent/gangway-helper');
    expect(err.hint).toMatch(/npm run build/);
  });

  it('reports a helper that exits without answering', async () => {
    const provider = new LinuxHelperTunProvider({ helperPath: '/bin/true', elevation: 'direct' });
    const err = await failure(provider.open({ mtu: 1500, routes: [] }));
    expect(err.message).toBe('the TUN helper stopped before the device was ready (exit 0)');
  });
});

describe('LinuxHelperTunProvider.prepare', () => {
  /** A provider whose launcher records the pid of every helper it starts. */
  function recordingProvider(): { provider: LinuxHelperTunProvider; pids: () => number[] } {
    const dir = mkdtempSync(path.join(tmpdir(), 'gangway-prepare-'));
    const log = path.join(dir, 'pids');
    const provider = new LinuxHelperTunProvider({
      helperPath,
      elevation: 'direct',
      // prepare() has the helper create its device at once: as root, in a network namespace
      // of its own, never in the host's.
      launcher: [
        ...(process.getuid?.() === 0 ? ['/usr/bin/unshare', '--net'] : []),
        '/bin/sh',
        '-c',
        `echo $$ >> ${log}; exec "$0"`,
      ],
    });
    const pids = (): number[] =>
      existsSync(log)
        ? readFileSync(log, 'utf8').trim().split('\n').filter(Boolean).map(Number)
        : [];
    return { provider, pids };
  }

  async function until(check: () => boolean): Promise<void> {
    for (let i = 0; i < 100 && !check(); i++) await new Promise((r) => setTimeout(r, 20));
  }

  const alive = (pid: number): boolean => {
    try {
      process.kill(pid, 0);
      return true;
    } catch {
      return false;
    }
  };

  it('open() sends its request to the helper prepare() started, without starting another', async () => {
    const { provider, pids } = recordingProvider();
    provider.prepare();
    await until(() => pids().length > 0);
    expect(pids()).toHaveLength(1);
    const err = await failure(provider.open({ mtu: 100, routes: [] }));
    expect(err.message).toBe('mtu must be an integer from 576 to 9000');
    expect(pids()).toHaveLength(1);
  });

  it('release() ends a prepared helper that no open() took', async () => {
    const { provider, pids } = recordingProvider();
    provider.prepare();
    await until(() => pids().length > 0);
    const [pid] = pids();
    expect(alive(pid!)).toBe(true);
    provider.release();
    await until(() => !alive(pid!));
    expect(alive(pid!)).toBe(false);
  });

  it('open() starts a new helper when the prepared one has gone', async () => {
    const { provider, pids } = recordingProvider();
    provider.prepare();
    await until(() => pids().length > 0);
    process.kill(pids()[0]!, 'SIGKILL');
    await new Promise((r) => setTimeout(r, 100));
    const err = await failure(provider.open({ mtu: 100, routes: [] }));
    expect(err.message).toBe('mtu must be an integer from 576 to 9000');
    expect(pids()).toHaveLength(2);
  });
});

/** A stand-in helper (node script) that answers with what `script` writes. */
function standInHelper(
  script: string,
  options: { closeTimeoutMs?: number; endOnEof?: boolean } = {},
): LinuxHelperTunProvider {
  const dir = mkdtempSync(path.join(tmpdir(), 'gangway-stand-in-'));
  const fake = path.join(dir, 'fake-helper.cjs');
  writeFileSync(
    fake,
    `#!${process.execPath}
const frame = (type, body) => { const h = Buffer.alloc(5); h.writeUInt32BE(body.length + 1); h[4] = type; return Buffer.concat([h, body]); };
const control = (message) => frame(1, Buffer.from(JSON.stringify(message)));
${options.endOnEof === false ? '' : "process.stdin.on('end', () => process.exit(0));"}
${script}
`,
    { mode: 0o755 },
  );
  return new LinuxHelperTunProvider({
    helperPath: fake,
    elevation: 'direct',
    ...(options.closeTimeoutMs ? { closeTimeoutMs: options.closeTimeoutMs } : {}),
  });
}

describe('LinuxHelperTunDevice', () => {
  it('keeps packets that arrive with the open reply until someone listens', async () => {
    // Answers the open request and sends two packets in the same write.
    const provider = standInHelper(`
const batch = Buffer.from([0, 2, 0, 4, 0x45, 0, 0, 1, 0, 4, 0x45, 0, 0, 2]);
process.stdin.once('data', () => process.stdout.write(Buffer.concat([
  control({ ok: true, name: 'fake0' }), frame(2, batch)])));`);
    const dev = await provider.open({ mtu: 1500, routes: [] });
    await new Promise((r) => setTimeout(r, 50)); // the batch has surely been read by now
    const got: number[] = [];
    dev.onPackets((packets) => got.push(...packets.map((p) => p[3] ?? -1)));
    await new Promise((r) => setTimeout(r, 10));
    expect(got).toEqual([1, 2]);
    await dev.close();
  });

  it('is usable at `ok` and configured only at `configured` (DNS comes last)', async () => {
    const provider = standInHelper(`
process.stdin.once('data', () => {
  process.stdout.write(control({ ok: true, name: 'fake0' }));
  setTimeout(() => process.stdout.write(control({ configured: true })), 150);
});`);
    const dev = await provider.open({ mtu: 1500, routes: [] });
    let configured = false;
    void dev.configured.then(() => (configured = true));
    await new Promise((r) => setTimeout(r, 50));
    expect(configured).toBe(false);
    await dev.configured;
    await dev.close();
  });

  it("rejects configured and reports the helper's reason when it fails after `ok`", async () => {
    const provider = standInHelper(`
process.stdin.once('data', () => {
  process.stdout.write(control({ ok: true, name: 'fake0' }));
  process.stdout.write(control({ error: 'cannot write /etc/resolv.conf: Read-only file system' }),
    () => process.exit(1));
});`);
    const dev = await provider.open({ mtu: 1500, routes: [] });
    const closed = new Promise<GangwayError | undefined>((r) => dev.onClosed(r));
    const err = await failure(dev.configured);
    expect(err.code).toBe('helper-failed');
    expect(err.message).toContain('cannot write /etc/resolv.conf: Read-only file system');
    expect((await closed)?.message).toBe(err.message);
  });

  it('close() sends a stop request, which ends a helper that no signal and no EOF would end', async () => {
    // Like a helper started through pkexec, this one cannot be stopped by signals (it ignores
    // them here; there, the engine gets EPERM). It exits only on `stop`.
    const dir = mkdtempSync(path.join(tmpdir(), 'gangway-stop-'));
    const log = path.join(dir, 'frames');
    const provider = standInHelper(
      `
process.on('SIGTERM', () => undefined);
setInterval(() => undefined, 1000); // outlives the end of its input
let buf = Buffer.alloc(0);
process.stdin.on('data', (b) => {
  if (buf.length === 0 && !process.stdout.writableEnded) process.stdout.write(control({ ok: true, name: 'fake0' }));
  buf = Buffer.concat([buf, b]);
  while (buf.length >= 4 && buf.length >= 4 + buf.readUInt32BE(0)) {
    const body = buf.subarray(5, 4 + buf.readUInt32BE(0));
    if (buf[4] === 1) {
      require('node:fs').appendFileSync(${JSON.stringify(log)}, body.toString() + '\\n');
      if (JSON.parse(body.toString()).type === 'stop') process.exit(0);
    }
    buf = buf.subarray(4 + buf.readUInt32BE(0));
  }
});`,
      { closeTimeoutMs: 5_000, endOnEof: false },
    );
    const dev = await provider.open({ mtu: 1500, routes: [] });
    const started = Date.now();
    await dev.close();
    expect(Date.now() - started).toBeLessThan(2_000); // not the 5 s + 3 s of the signals
    const frames = readFileSync(log, 'utf8').trim().split('\n');
    expect(frames.map((f) => (JSON.parse(f) as { type: string }).type)).toEqual(['open', 'stop']);
  });
});
