import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ProfileStore } from '../../../src/core/config';
import { GangwayError } from '../../../src/core/errors';
import { makePki, tempDir, tencentOvpn } from '../../support/profiles';

// A data directory the CLI cannot use ($GANGWAY_HOME a file, or not writable) is the user's
// to fix: one clear line naming it, never "internal error".

const repo = path.resolve(__dirname, '../../..');
let cli: string;
let config: string;
let work: string;

beforeAll(() => {
  const build = spawnSync(process.execPath, ['scripts/build.mjs', 'cli'], {
    cwd: repo,
    encoding: 'utf8',
  });
  expect(build.status, build.stderr).toBe(0);
  // A private copy others can read (the unwritable case runs as another user).
  work = tempDir('gw-datadir-');
  chmodSync(work, 0o755);
  cli = path.join(work, 'gangway.cjs');
  copyFileSync(path.join(repo, 'dist/cli/gangway.cjs'), cli);
  config = path.join(work, 'office.ovpn');
  writeFileSync(config, tencentOvpn(makePki('DataDir')), { mode: 0o644 });
}, 60_000);

function gangway(home: string, args: string[], user?: number) {
  const cache = path.join(work, `cache-${user ?? 'self'}`);
  mkdirSync(cache, { recursive: true, mode: 0o777 });
  chmodSync(cache, 0o777);
  const r = spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    env: { ...process.env, GANGWAY_HOME: home, XDG_CACHE_HOME: cache, HOME: work },
    timeout: 30_000,
    ...(user === undefined ? {} : { uid: user, gid: user }),
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const NOT_A_DIRECTORY = 'it, or a folder on its path, is a file and not a directory';
const HINT = '(set GANGWAY_HOME to a directory you can write, or fix this one)';

describe('an unusable GANGWAY_HOME', () => {
  it('a file: every command says so in one line', () => {
    const home = path.join(work, 'home-is-a-file');
    writeFileSync(home, 'not a directory\n');
    for (const args of [['import', config], ['list'], ['show', 'office'], ['remove', 'office']]) {
      expect(gangway(home, args), args.join(' ')).toEqual({
        status: 1,
        stdout: '',
        stderr: `gangway: the Gangway data directory ${home} cannot be used: ${NOT_A_DIRECTORY} ${HINT}\n`,
      });
    }
  });

  it('a place where no directory can be made: an error, not a hang', () => {
    // procfs answers ENOENT to mkdir under /proc/self, on which node's recursive mkdir spins.
    const home = '/proc/self/gangway-home';
    const started = Date.now();
    expect(gangway(home, ['import', config])).toEqual({
      status: 1,
      stdout: '',
      stderr: `gangway: the Gangway data directory ${home} cannot be used: ${home} cannot be created there ${HINT}\n`,
    });
    expect(Date.now() - started).toBeLessThan(10_000);
  });

  it('below a file: the same', async () => {
    const file = path.join(work, 'plain-file');
    writeFileSync(file, '');
    const store = new ProfileStore(path.join(file, 'gangway'));
    for (const op of [() => store.list(), () => store.get('office'), () => store.remove('x')]) {
      const err = await op().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(err).toBeInstanceOf(GangwayError);
      expect((err as GangwayError).code).toBe('data-dir-unusable');
    }
  });

  // Only root can run the CLI as another user; CI runs the tests as root.
  const asRoot = process.getuid?.() === 0;
  it.skipIf(!asRoot && process.env.CI !== 'true')(
    'not writable by the user: permission denied, nothing created',
    () => {
      const home = path.join(work, 'root-owned');
      mkdirSync(home, { mode: 0o755 });
      chmodSync(home, 0o755);
      const nobody = 65534;
      expect(gangway(home, ['import', config], nobody)).toEqual({
        status: 1,
        stdout: '',
        stderr: `gangway: the Gangway data directory ${home} cannot be used: permission denied ${HINT}\n`,
      });
      expect(existsSync(path.join(home, 'profiles'))).toBe(false);
      expect(gangway(home, ['list'], nobody)).toMatchObject({ status: 0 });
    },
  );
});
