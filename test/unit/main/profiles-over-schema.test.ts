import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Services } from '../../../src/main/services/create-services';
import { ipcErrorOf } from '../../../src/shared/ipc-error';
import type { GangwayApi } from '../../../src/shared/ipc-schema';
import type { WorkerHandle } from '../../../src/main/services/worker-protocol';
import { makePki, pkcs12, type TestPki } from '../../support/pki';
import { tencentConfigBody, tencentOvpn, zipOf } from '../../support/profiles';
import { inMemoryApi, servicesIn } from './in-memory-api';

let pki: TestPki;
let dir: string;
let services: Services;
let api: GangwayApi;

beforeAll(() => {
  pki = makePki('Gangway Desktop Test');
});
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'gwe-profiles-'));
  services = servicesIn(dir);
  api = inMemoryApi(services);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('profiles over the schema', () => {
  it('imports pasted text; the view carries no key material; listeners hear the change', async () => {
    const changes: unknown[] = [];
    api.on('profiles.changed', (list) => changes.push(list.map((p) => p.name)));
    const { profile, warnings } = await api.profiles.import({
      from: 'text',
      text: tencentOvpn(pki),
      name: 'office',
    });
    expect(profile).toMatchObject({
      name: 'office',
      remotes: [{ host: '203.0.113.10', port: 1194, proto: 'udp' }],
      certificateAuth: true,
      passwordSaved: false,
    });
    expect(Array.isArray(warnings)).toBe(true);
    const wire = JSON.stringify(await api.profiles.list());
    expect(wire).not.toContain('PRIVATE KEY');
    expect(wire).not.toContain('BEGIN CERTIFICATE');
    expect(changes).toEqual([['office']]);
  });

  it('flags a profile that does not verify the server, in the view and its import notes', async () => {
    const { profile, warnings } = await api.profiles.import({
      from: 'text',
      text: tencentOvpn(pki).replace('remote-cert-tls server\n', ''),
      name: 'open',
    });
    expect(profile.serverVerified).toBe(false);
    expect(warnings.some((w) => /could impersonate the server/.test(w))).toBe(true);
    expect(profile.warnings).toEqual(warnings);
    const checked = await api.profiles.import({ from: 'text', text: tencentOvpn(pki), name: 'ok' });
    expect(checked.profile.serverVerified).toBe(true);
    expect(checked.warnings.some((w) => /impersonate/.test(w))).toBe(false);
  });

  it('imports dropped zip bytes', async () => {
    const bytes = zipOf({ 'client.ovpn': tencentOvpn(pki) });
    const { profile } = await api.profiles.import({
      from: 'bytes',
      fileName: 'gateway.zip',
      bytes,
    });
    expect(profile.name).toBe('gateway');
    expect(profile.source.form).toBe('zip');
  });

  it('reports a broken config with file:line', async () => {
    const err = await api.profiles
      .import({ from: 'text', text: `${tencentConfigBody()}\nremote\n`, name: 'bad' })
      .catch((e: unknown) => e);
    const info = ipcErrorOf(err);
    expect(info.code).toBe('config-invalid');
    expect(info.location).toMatch(/:\d+$/);
  });

  it('a PKCS#12 bundle imports without its password; a wrong one gets a code the UI can act on', async () => {
    const p12 = pkcs12(pki.client, pki.ca, 'bundle-pw');
    const text = [tencentConfigBody(), '<pkcs12>', p12.toString('base64'), '</pkcs12>', ''].join(
      '\n',
    );
    const locked = await api.profiles.import({ from: 'text', text, name: 'p12' });
    // The bundle stays protected: its password is asked when connecting.
    expect(locked.profile).toMatchObject({ certificateAuth: true, pkcs12: true });
    const err = await api.profiles
      .import({ from: 'text', text, name: 'p12b', p12Password: 'not-it' })
      .catch((e: unknown) => e);
    expect(ipcErrorOf(err).code).toBe('pkcs12-password-wrong');
  });

  it('refuses a second profile of the same name unless asked to replace it', async () => {
    await api.profiles.import({ from: 'text', text: tencentOvpn(pki), name: 'dup' });
    const err = await api.profiles
      .import({ from: 'text', text: tencentOvpn(pki), name: 'dup' })
      .catch((e: unknown) => e);
    expect(ipcErrorOf(err).message).toContain('already exists');
    await api.profiles.import({ from: 'text', text: tencentOvpn(pki), name: 'dup', replace: true });
  });

  it('a saved password follows a rename and goes with a removal', async () => {
    await api.profiles.import({
      from: 'text',
      text: tencentOvpn(pki, ['auth-user-pass']),
      name: 'a',
    });
    await services.secrets.set(
      'profile-password:a',
      JSON.stringify({ username: 'u', password: 'p' }),
    );
    expect((await api.profiles.list())[0]?.passwordSaved).toBe(true);
    await api.profiles.rename({ from: 'a', to: 'b' });
    expect(await api.profiles.list()).toMatchObject([{ name: 'b', passwordSaved: true }]);
    await api.credentials.forget({ name: 'b' });
    expect(await api.profiles.list()).toMatchObject([{ name: 'b', passwordSaved: false }]);
    await services.secrets.set('profile-password:b', 'x');
    await api.profiles.remove({ name: 'b' });
    expect(await services.secrets.has('profile-password:b')).toBe(false);
    expect(await api.profiles.list()).toEqual([]);
  });

  it('the auto-connect setting follows a rename and is cleared by a removal', async () => {
    await api.profiles.import({ from: 'text', text: tencentOvpn(pki), name: 'home' });
    await api.settings.set({ autoConnectProfile: 'home' });
    await api.profiles.rename({ from: 'home', to: 'house' });
    expect((await api.settings.get()).autoConnectProfile).toBe('house');
    await api.profiles.remove({ name: 'house' });
    expect((await api.settings.get()).autoConnectProfile).toBeNull();
  });

  it('refuses to rename a connected profile, and renames it once disconnected', async () => {
    // A worker that stays up until told to disconnect, then exits.
    let exit: (code: number) => void = () => undefined;
    const worker: WorkerHandle = {
      send: (message) => {
        if (message.type === 'disconnect') setImmediate(() => exit(0));
      },
      onMessage: () => undefined,
      onOutput: () => undefined,
      onExit: (listener) => (exit = listener),
      kill: () => exit(1),
    };
    const withWorker = servicesIn(dir, () => worker);
    const live = inMemoryApi(withWorker);
    await live.profiles.import({ from: 'text', text: tencentOvpn(pki), name: 'office' });
    await live.session.connect({ name: 'office' });

    const err = await live.profiles.rename({ from: 'office', to: 'hq' }).catch((e: unknown) => e);
    expect(ipcErrorOf(err)).toMatchObject({
      code: 'profile-busy',
      message: 'cannot rename "office" while it is connected',
      hint: 'disconnect it first, then rename it',
    });
    expect((await live.profiles.list()).map((p) => p.name)).toEqual(['office']);

    await live.session.disconnect({ name: 'office' });
    await withWorker.sessions.disconnectAll();
    await live.profiles.rename({ from: 'office', to: 'hq' });
    expect((await live.profiles.list()).map((p) => p.name)).toEqual(['hq']);
  });

  it('without native dialogs, importWithDialog says so', async () => {
    const err = await api.profiles.importWithDialog().catch((e: unknown) => e);
    expect(ipcErrorOf(err).code).toBe('not-available');
  });

  it('with a dialog, importWithDialog imports the chosen path or reports a cancel', async () => {
    const { writeFile } = await import('node:fs/promises');
    const file = path.join(dir, 'picked.conf');
    await writeFile(file, tencentOvpn(pki));
    let answer: string | undefined = file;
    const withDialog = inMemoryApi(services, { pickProfileFile: async () => answer });
    const got = await withDialog.profiles.importWithDialog();
    expect(got.outcome === 'imported' && got.result.profile.name).toBe('picked');
    answer = undefined;
    expect(await withDialog.profiles.importWithDialog()).toEqual({ outcome: 'canceled' });
  });
});
