import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../support/profiles';

const loader = path.resolve(__dirname, '../../../bin/code-cache.cjs');

let dir: string;
let bundle: string;
let cacheHome: string;

beforeEach(() => {
  dir = tempDir('gw-code-cache-');
  cacheHome = path.join(dir, 'cache');
  bundle = path.join(dir, 'bundle.cjs');
  // What a bundle relies on from the CommonJS wrapper, reported back as JSON.
  writeFileSync(
    bundle,
    `const { basename } = require('node:path');
     function greet(n) { return 'hello ' + n; }
     module.exports.answer = 42;
     console.log(JSON.stringify({
       file: basename(__filename), dir: __dirname, sameExports: module.exports === exports,
       greeting: greet(process.argv[2]), exitCode: process.exitCode ?? null,
     }));`,
  );
});

function run(command: string, env: Record<string, string> = {}) {
  const r = spawnSync(
    process.execPath,
    [
      '-e',
      `require(${JSON.stringify(loader)}).runBundleWithCodeCache(process.argv[1], process.argv[2])`,
      bundle,
      command,
    ],
    {
      encoding: 'utf8',
      env: { ...process.env, XDG_CACHE_HOME: cacheHome, ...env },
      timeout: 20_000,
    },
  );
  expect(r.status, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

const cacheDir = () => path.join(cacheHome, 'gangway', 'code-cache');
const cacheFiles = () => (existsSync(cacheDir()) ? readdirSync(cacheDir()) : []);

describe('the CLI code cache', () => {
  it('runs the bundle as a CommonJS module and writes a private cache per command', () => {
    expect(run('connect')).toEqual({
      file: 'bundle.cjs',
      dir,
      sameExports: true,
      greeting: 'hello connect',
      exitCode: null,
    });
    const files = cacheFiles();
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^bundle\.cjs-connect-[0-9a-f]{24}\.bin$/);
    expect(statSync(cacheDir()).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(cacheDir(), files[0]!)).mode & 0o777).toBe(0o600);

    run('list');
    expect(cacheFiles()).toHaveLength(2);
  });

  it('reuses a valid cache without rewriting it', () => {
    run('connect');
    const file = path.join(cacheDir(), cacheFiles()[0]!);
    const before = readFileSync(file);
    const mtime = statSync(file).mtimeMs;
    expect(run('connect').greeting).toBe('hello connect');
    expect(statSync(file).mtimeMs).toBe(mtime);
    expect(readFileSync(file).equals(before)).toBe(true);
  });

  it('survives a corrupt cache and replaces it', () => {
    run('connect');
    const file = path.join(cacheDir(), cacheFiles()[0]!);
    const good = readFileSync(file);
    writeFileSync(file, Buffer.alloc(good.length, 0x5a));
    expect(run('connect').greeting).toBe('hello connect');
    expect(readFileSync(file).equals(Buffer.alloc(good.length, 0x5a))).toBe(false);
  });

  it('uses a new cache when the bundle changes, and drops the stale one of that command', () => {
    run('connect');
    run('list');
    const [oldConnect] = cacheFiles().filter((f) => f.includes('-connect-'));
    writeFileSync(bundle, `${readFileSync(bundle, 'utf8')}\n// rebuilt`);
    run('connect');
    const files = cacheFiles();
    expect(files).toHaveLength(2);
    expect(files.filter((f) => f.includes('-connect-'))).not.toContain(oldConnect);
    expect(files.filter((f) => f.includes('-list-'))).toHaveLength(1);
  });

  it('writes nothing when turned off, and keeps odd command names out of file names', () => {
    run('connect', { GANGWAY_CODE_CACHE: 'off' });
    expect(cacheFiles()).toHaveLength(0);
    run('../../etc');
    expect(cacheFiles()).toEqual([expect.stringMatching(/^bundle\.cjs-default-/)]);
  });
});
