import { readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ProfileExistsError,
  ProfileNotFoundError,
  ProfileStore,
  dataDir,
  importProfileFromText,
  nameFromFileName,
  nameProblem,
  type Profile,
} from '../../../src/core/config';
import { makePki, tempDir, tencentOvpn, type TestPki } from '../../support/profiles';

let pki: TestPki;
let sample: Profile;
beforeAll(async () => {
  pki = makePki('Store');
  sample = (await importProfileFromText(tencentOvpn(pki), { name: 'office' })).profile;
});

const mode = (p: string): number => statSync(p).mode & 0o777;
const named = (name: string): Profile => ({ ...sample, name });

describe('dataDir', () => {
  it('prefers GANGWAY_HOME, then XDG_DATA_HOME, then ~/.local/share', () => {
    expect(dataDir({ GANGWAY_HOME: '/x/gw', XDG_DATA_HOME: '/y' })).toBe('/x/gw');
    expect(dataDir({ XDG_DATA_HOME: '/y' })).toBe('/y/gangway');
    expect(dataDir({})).toMatch(/\.local\/share\/gangway$/);
  });
});

describe('profile names', () => {
  it('accepts ordinary and non-ASCII names and rejects unsafe ones', () => {
    expect(nameProblem('Office VPN (Shanghai)')).toBeUndefined();
    expect(nameProblem('腾讯云 办公网')).toBeUndefined();
    expect(nameProblem('a/b')).toMatch(/"\/"/);
    expect(nameProblem('..')).toMatch(/"\.\."/);
    expect(nameProblem('.hidden')).toMatch(/start with "\."/);
    expect(nameProblem('x'.repeat(65))).toMatch(/longer than 64/);
    expect(nameProblem('')).toMatch(/empty/);
    expect(nameProblem('tab\there')).toMatch(/control/);
    expect(nameFromFileName('/tmp/Tencent VPN (1).ovpn')).toBe('Tencent VPN (1)');
    expect(nameFromFileName('..ovpn')).toBe('profile');
  });
});

describe('ProfileStore', () => {
  it('creates a 0700 directory and 0600 files, and round-trips profiles', async () => {
    const root = path.join(tempDir(), 'home');
    const store = new ProfileStore(root);
    await store.save(named('office'));
    await store.save(named('腾讯云/../x'.replace('/../', '-')));
    expect(mode(store.dir)).toBe(0o700);
    for (const f of readdirSync(store.dir)) expect(mode(path.join(store.dir, f))).toBe(0o600);
    expect(await store.get('office')).toEqual(named('office'));
    expect((await store.list()).map((p) => p.name)).toEqual(['office', '腾讯云-x']);
    expect(await store.has('office')).toBe(true);
    expect(await store.has('nope')).toBe(false);
  });

  it('refuses to overwrite unless asked, and leaves the old profile intact', async () => {
    const store = new ProfileStore(tempDir());
    await store.save(named('a'));
    const before = readFileSync(path.join(store.dir, 'a.json'), 'utf8');
    await expect(store.save({ ...named('a'), remoteRandom: true })).rejects.toBeInstanceOf(
      ProfileExistsError,
    );
    expect(readFileSync(path.join(store.dir, 'a.json'), 'utf8')).toBe(before);
    await store.save({ ...named('a'), remoteRandom: true }, { replace: true });
    expect((await store.get('a')).remoteRandom).toBe(true);
    expect(readdirSync(store.dir)).toEqual(['a.json']);
  });

  it('renames and removes, with clear errors for missing names', async () => {
    const store = new ProfileStore(tempDir());
    await store.save(named('old'));
    await store.save(named('taken'));
    await expect(store.rename('old', 'taken')).rejects.toBeInstanceOf(ProfileExistsError);
    await store.rename('old', 'new');
    expect((await store.list()).map((p) => p.name)).toEqual(['new', 'taken']);
    expect((await store.get('new')).name).toBe('new');
    await store.remove('new');
    await expect(store.get('new')).rejects.toBeInstanceOf(ProfileNotFoundError);
    await expect(store.remove('new')).rejects.toThrow('no profile named "new"');
    await expect(store.get('../etc/passwd')).rejects.toThrow(/invalid profile name/);
    expect(readdirSync(store.dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('tightens a pre-existing loose directory and reports damaged files', async () => {
    const store = new ProfileStore(tempDir());
    await store.save(named('a'));
    const { chmodSync } = await import('node:fs');
    chmodSync(store.dir, 0o755);
    await store.save(named('b'));
    expect(mode(store.dir)).toBe(0o700);
    writeFileSync(path.join(store.dir, 'c.json'), '{not json');
    await expect(store.list()).rejects.toThrow(/is damaged/);
  });
});
