import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Services } from '../../../src/main/services/create-services';
import type { GangwayApi } from '../../../src/shared/ipc-schema';
import { makePki, type TestPki } from '../../support/pki';
import { tencentOvpn } from '../../support/profiles';
import { inMemoryApi, servicesIn } from './in-memory-api';

let pki: TestPki;
let dir: string;
let services: Services;
let api: GangwayApi;

beforeAll(() => {
  pki = makePki('Gangway Replace Test');
});
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'gwe-replace-'));
  services = servicesIn(dir);
  api = inMemoryApi(services);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const savePassword = (name: string) =>
  services.secrets.set(
    `profile-password:${name}`,
    JSON.stringify({ username: 'alice', password: 'pw' }),
  );

describe('re-importing an existing profile', () => {
  it('is refused with a code the UI can offer Replace for, and no CLI flag in the hint', async () => {
    await api.profiles.import({ from: 'text', text: tencentOvpn(pki), name: 'office' });
    const err = await api.profiles
      .import({ from: 'text', text: tencentOvpn(pki), name: 'office' })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'profile-exists' });
    expect(JSON.stringify(err)).not.toContain('--name');
  });

  it('Replace keeps the saved password when server and user are unchanged', async () => {
    await api.profiles.import({ from: 'text', text: tencentOvpn(pki), name: 'office' });
    await savePassword('office');
    const { profile } = await api.profiles.import({
      from: 'text',
      text: `${tencentOvpn(pki)}\nverb 4\n`,
      name: 'office',
      replace: true,
    });
    expect(profile.passwordSaved).toBe(true);
  });

  it('Replace forgets the saved password when the profile now names another server', async () => {
    await api.profiles.import({ from: 'text', text: tencentOvpn(pki), name: 'office' });
    await savePassword('office');
    const moved = tencentOvpn(pki).replace('remote 203.0.113.10 1194', 'remote 198.51.100.7 1194');
    const { profile } = await api.profiles.import({
      from: 'text',
      text: moved,
      name: 'office',
      replace: true,
    });
    expect(profile.remotes[0]?.host).toBe('198.51.100.7');
    expect(profile.passwordSaved).toBe(false);
  });
});
