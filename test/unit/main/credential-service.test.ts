import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { EventHub } from '../../../src/main/ipc/event-hub';
import {
  CredentialService,
  type CredentialContext,
} from '../../../src/main/services/credential-service';
import { FileSecretStore, plainCipher } from '../../../src/main/services/secret-store';
import type { CredentialPrompt } from '../../../src/shared/ipc-schema';

let dir: string;
let secrets: FileSecretStore;
let service: CredentialService;
let prompts: CredentialPrompt[];
let typed: string[];
const ctx = (): CredentialContext => ({
  sessionId: 's1',
  profile: 'office',
  onSecret: (s) => typed.push(s),
});

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'gwe-creds-'));
  secrets = FileSecretStore.inDir(dir, plainCipher);
  const hub = new EventHub();
  prompts = [];
  typed = [];
  hub.subscribe((e, p) => {
    if (e === 'credentials.request') prompts.push(p as CredentialPrompt);
  });
  service = new CredentialService(secrets, hub);
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

const until = async (n: number) => {
  for (let i = 0; i < 100 && prompts.length < n; i++) await new Promise((r) => setTimeout(r, 5));
  return prompts[n - 1]!;
};

describe('credential service', () => {
  it('asks the key passphrase, never answers it with the saved login password', async () => {
    await secrets.set(
      'profile-password:office',
      JSON.stringify({ username: 'alice', password: 'saved-pw' }),
    );
    const pending = service.request(ctx(), { kind: 'key-passphrase', source: 'pkcs12' });
    const prompt = await until(1);
    expect(prompt).toMatchObject({ canRemember: false, request: { kind: 'key-passphrase' } });
    await expect(service.submit({ requestId: prompt.requestId })).rejects.toMatchObject({
      code: 'bad-request',
    });
    await service.submit({ requestId: prompt.requestId, password: 'bundle-pw', remember: true });
    expect(await pending).toEqual({ username: '', password: 'bundle-pw' });
    expect(typed).toEqual(['bundle-pw']);
    // Nothing about the key was saved.
    expect(JSON.parse((await secrets.get('profile-password:office')) ?? '{}')).toEqual({
      username: 'alice',
      password: 'saved-pw',
    });
  });

  it('a static challenge always prompts, and an empty password uses the saved one', async () => {
    await secrets.set(
      'profile-password:office',
      JSON.stringify({ username: 'alice', password: 'saved-pw' }),
    );
    const pending = service.request(ctx(), {
      kind: 'user-pass',
      username: 'alice',
      staticChallenge: { text: 'OTP', echo: true },
    });
    const prompt = await until(1);
    expect(prompt).toMatchObject({ passwordSaved: true, canRemember: true });
    await service.submit({ requestId: prompt.requestId, response: '123456' });
    expect(await pending).toEqual({ username: 'alice', password: 'saved-pw', response: '123456' });
    expect(typed).toEqual(['saved-pw', '123456']);
  });

  it('a CRV1 challenge is answered with the response only and never saved', async () => {
    const pending = service.request(ctx(), {
      kind: 'challenge',
      text: 'Enter PIN',
      echo: false,
      username: 'alice',
    });
    const prompt = await until(1);
    expect(prompt.canRemember).toBe(false);
    await service.submit({ requestId: prompt.requestId, response: '9999', remember: true });
    expect(await pending).toEqual({ username: 'alice', password: '', response: '9999' });
    expect(await service.passwordSaved('office')).toBe(false);
  });

  it('a login without a password and nothing saved is refused, and the prompt stays open', async () => {
    const pending = service.request(ctx(), { kind: 'user-pass' });
    const prompt = await until(1);
    await expect(
      service.submit({ requestId: prompt.requestId, username: 'bob' }),
    ).rejects.toMatchObject({
      code: 'bad-request',
    });
    expect(service.open()).toEqual([prompt]);
    await service.submit({ requestId: prompt.requestId, username: 'bob', password: 'pw' });
    expect(await pending).toEqual({ username: 'bob', password: 'pw' });
  });

  it('the saved password is tried once per session; a second request prompts', async () => {
    await secrets.set(
      'profile-password:office',
      JSON.stringify({ username: 'alice', password: 'old' }),
    );
    expect(await service.request(ctx(), { kind: 'user-pass' })).toEqual({
      username: 'alice',
      password: 'old',
    });
    const second = service.request(ctx(), { kind: 'user-pass' });
    const prompt = await until(1);
    service.cancel(prompt.requestId);
    expect(await second).toBeUndefined();
  });

  it('closing a session resolves its open prompts with nothing', async () => {
    const pending = service.request(ctx(), { kind: 'user-pass' });
    await until(1);
    service.closeSession('s1');
    expect(await pending).toBeUndefined();
    expect(service.open()).toEqual([]);
  });
});
