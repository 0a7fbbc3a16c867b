import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { build } from 'esbuild';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { IpsecView } from '../../../src/core/ipsec/model';
import { toSnapshot } from '../../../src/core/ipsec/snapshot';
import { normalizeTencent } from '../../../src/core/ipsec/tencent/normalize';
import * as fx from '../../support/ipsec-fixtures';
import { startTencentStandin, type TencentStandin } from '../../support/tencent-standin';

/** `gangway ipsec ...` as a user runs it: the bundled CLI in a child process. */

const repo = path.resolve(__dirname, '../../..');
const dir = mkdtempSync(path.join(tmpdir(), 'gwi-cli-'));
const cli = path.join(dir, 'gangway.cjs');
const ID = 'AKIDgangwayCLI000000000000000000000000';
const KEY = 'gangway-cli-secret-key-000000000';
let standin: TencentStandin;

beforeAll(async () => {
  // Our own bundle (not dist/): other work in this tree rebuilds dist/ concurrently.
  await build({
    absWorkingDir: repo,
    entryPoints: ['src/cli/main.ts'],
    outfile: cli,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    logLevel: 'error',
    define: { 'import.meta.url': 'importMetaUrl' },
    banner: { js: "const importMetaUrl = require('node:url').pathToFileURL(__filename).href;" },
  });
  standin = await startTencentStandin({ keys: { [ID]: KEY }, inventory: fx.scenario5() });
}, 60_000);

afterAll(async () => {
  await standin.close();
  rmSync(dir, { recursive: true, force: true });
});

interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

function gangway(args: string[], env: Record<string, string> = {}): Promise<Result> {
  const base = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir };
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [cli, ...args],
      { env: { ...base, ...env }, timeout: 30_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

const creds = { TENCENTCLOUD_SECRET_ID: ID, TENCENTCLOUD_SECRET_KEY: KEY };

/** `gangway ipsec <command> --tencent` against `endpoint`, then any further arguments. */
function tencentArgs(command: 'status' | 'snapshot', endpoint: string, ...rest: string[]) {
  return [
    'ipsec',
    command,
    '--tencent',
    '--region',
    'ap-guangzhou',
    '--endpoint',
    endpoint,
    ...rest,
  ];
}

function oneLine(r: Result): string {
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  expect(r.stderr).not.toMatch(/\n\s+at |internal error/);
  return lines[0] ?? '';
}

describe('gangway ipsec status', () => {
  it('--tencent --json prints the model with route roles', async () => {
    const r = await gangway(tencentArgs('status', standin.url, '--json'), creds);
    expect(r.code, r.stderr).toBe(0);
    const view = JSON.parse(r.stdout) as IpsecView;
    expect(
      view.routes.map((x) => ({
        destination: x.destination,
        tunnelId: x.tunnelId,
        priority: x.priority,
        enabled: x.enabled,
        role: x.role,
      })),
    ).toEqual([
      {
        destination: '172.16.5.0/24',
        tunnelId: 'vpnx-primary',
        priority: 0,
        enabled: true,
        role: 'active',
      },
      {
        destination: '172.16.5.0/24',
        tunnelId: 'vpnx-standby',
        priority: 100,
        enabled: true,
        role: 'standby',
      },
    ]);
    expect(view.tunnels[0]).toMatchObject({
      id: 'vpnx-primary',
      status: 'up',
      health: 'ok',
      spd: [],
    });
    expect(Array.isArray(view.reachability) && Array.isArray(view.findings)).toBe(true);
    expect(r.stdout).not.toContain(fx.FIXTURE_PSK);
  });

  it('human output has the five tables', async () => {
    const r = await gangway(tencentArgs('status', standin.url), creds);
    expect(r.code, r.stderr).toBe(0);
    for (const title of ['Gateways', 'Tunnels', 'Routes', 'Reachability', 'Findings'])
      expect(r.stdout).toMatch(new RegExp(`^${title}$`, 'm'));
    expect(r.stdout).toMatch(/172\.16\.5\.0\/24\s+vpnx-standby-name\s+100\s+yes\s+standby/);
  });

  it('bad credentials: one line, exit 1, no stack trace, no key', async () => {
    const r = await gangway(tencentArgs('status', standin.url), {
      ...creds,
      TENCENTCLOUD_SECRET_KEY: 'not-the-key',
    });
    expect(r.code).toBe(1);
    expect(oneLine(r)).toMatch(
      /^gangway: Tencent Cloud refused the credentials: AuthFailure\.SignatureFailure/,
    );
    expect(r.stderr).not.toContain('not-the-key');
  });

  it('no credentials: one line', async () => {
    const r = await gangway(tencentArgs('status', standin.url));
    expect(r.code).toBe(1);
    expect(oneLine(r)).toMatch(
      /no Tencent Cloud credentials \(set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY\)/,
    );
  });

  it('unreachable endpoint: one line', async () => {
    const r = await gangway(tencentArgs('status', 'http://127.0.0.1:9'), creds);
    expect(r.code).toBe(1);
    expect(oneLine(r)).toMatch(/cannot reach the Tencent Cloud API at http:\/\/127\.0\.0\.1:9/);
  });

  it('missing VICI socket: one line', async () => {
    const r = await gangway(['ipsec', 'status', '--vici', `unix://${dir}/none/charon.vici`]);
    expect(r.code).toBe(1);
    expect(oneLine(r)).toMatch(
      /cannot connect to charon's VICI socket .*: the socket does not exist/,
    );
  });

  it('usage errors exit 2', async () => {
    expect((await gangway(['ipsec', 'status'])).code).toBe(2);
    expect((await gangway(['ipsec', 'status', '--tencent'])).code).toBe(2);
    expect((await gangway(['ipsec', 'status', '--vici', 'x', '--snapshot', 'y'])).code).toBe(2);
    const r = await gangway(['ipsec', 'frobnicate']);
    expect(r.code).toBe(2);
    expect(oneLine(r)).toMatch(/expected "status" or "snapshot"/);
  });
});

describe('gangway ipsec snapshot', () => {
  it('exports without secrets and views offline', async () => {
    const out = path.join(dir, 'snap.json');
    const w = await gangway(tencentArgs('snapshot', standin.url, '--out', out), creds);
    expect(w.code, w.stderr).toBe(0);
    expect(readFileSync(out, 'utf8')).not.toContain(fx.FIXTURE_PSK);
    const r = await gangway(['ipsec', 'status', '--snapshot', out, '--json']);
    expect(r.code, r.stderr).toBe(0);
    const view = JSON.parse(r.stdout) as IpsecView;
    expect(view.source.kind).toBe('snapshot');
    expect(view.routes.map((x) => x.role)).toEqual(['active', 'standby']);
  });

  it('a scenario 6 snapshot shows the transit finding', async () => {
    const file = path.join(dir, 's6.json');
    writeFileSync(file, toSnapshot(normalizeTencent(fx.scenario6('routes'))));
    const r = await gangway(['ipsec', 'status', '--snapshot', file]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/info\s+site-transit\s+IDC1 and IDC2 can reach each other/);
  });

  it('a broken snapshot: one line', async () => {
    const file = path.join(dir, 'broken.json');
    writeFileSync(file, '{"format":"gangway-ipsec-snapshot","version":1,"model":{}}');
    const r = await gangway(['ipsec', 'status', '--snapshot', file]);
    expect(r.code).toBe(1);
    expect(oneLine(r)).toMatch(/broken\.json is not a usable IPsec snapshot/);
  });

  it('--snapshot /dev/zero or a FIFO: one line at once, no endless read, no hang', async () => {
    const fifo = path.join(dir, 'snapshot.fifo');
    execFileSync('mkfifo', [fifo]);
    for (const file of ['/dev/zero', fifo]) {
      const started = Date.now();
      const r = await gangway(['ipsec', 'status', '--snapshot', file]);
      expect(Date.now() - started).toBeLessThan(5_000);
      expect(r.code).toBe(1);
      expect(oneLine(r)).toBe(
        `gangway: cannot read ${file}: not a regular file (give the path of a snapshot file written by \`gangway ipsec snapshot\`)`,
      );
    }
  });
});
