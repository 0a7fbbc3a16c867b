import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Profile } from '../../../src/core/config/profile';
import { EventHub } from '../../../src/main/ipc/event-hub';
import { CredentialService } from '../../../src/main/services/credential-service';
import { LogBook } from '../../../src/main/services/log-book';
import { nodeWorkerLauncher } from '../../../src/main/services/node-worker-launcher';
import { FileSecretStore, plainCipher } from '../../../src/main/services/secret-store';
import { SessionManager } from '../../../src/main/services/session-manager';
import type { CredentialPrompt } from '../../../src/shared/ipc-schema';
import type { TunnelState } from '../../../src/shared/tunnel-state';

const FAKE_WORKER = fileURLToPath(new URL('./fixtures/fake-session-worker.mjs', import.meta.url));

let dir: string;
let manager: SessionManager;
let hub: EventHub;
let credentials: CredentialService;
let secrets: FileSecretStore;
let logs: LogBook;
const events: Array<[string, unknown]> = [];

function waitFor<T>(find: () => T | undefined, what: string, ms = 5000): Promise<T> {
  const started = Date.now();
  return new Promise((resolve, reject) => {
    const tick = () => {
      const found = find();
      if (found !== undefined) return resolve(found);
      if (Date.now() - started > ms) return reject(new Error(`timed out waiting for ${what}`));
      setTimeout(tick, 10);
    };
    tick();
  });
}

const stateOf = (profile: string) => () => {
  const s = manager.list().find((x) => x.profile === profile);
  return s;
};
const reached = (profile: string, kind: TunnelState['kind']) =>
  waitFor(() => (stateOf(profile)()?.state.kind === kind ? true : undefined), `${profile} ${kind}`);

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'gwe-sessions-'));
  events.length = 0;
  hub = new EventHub();
  hub.subscribe((e, p) => events.push([e, p]));
  secrets = FileSecretStore.inDir(dir, plainCipher);
  credentials = new CredentialService(secrets, hub);
  logs = new LogBook();
  manager = new SessionManager(
    nodeWorkerLauncher(FAKE_WORKER),
    async (name) => ({ name }) as Profile,
    credentials,
    logs,
    hub,
    500,
  );
});
afterEach(async () => {
  await manager.disconnectAll();
  await waitFor(() => (manager.list().every((s) => s.ended) ? true : undefined), 'all ended').catch(
    () => undefined,
  );
  await rm(dir, { recursive: true, force: true });
});

describe('session manager with a fake worker process', () => {
  it('relays states, stats and redacted logs, and disconnects on request', async () => {
    const { sessionId } = await manager.connect('office');
    await reached('office', 'connected');
    expect(manager.stateOf('office').kind).toBe('connected');
    // A second connect for the same profile reuses the running session.
    expect(await manager.connect('office')).toEqual({ sessionId });
    await waitFor(() => (stateOf('office')()?.stats ? true : undefined), 'stats');
    const kinds = events
      .filter(([e]) => e === 'session.state')
      .map(([, p]) => (p as { state: TunnelState }).state.kind);
    expect(kinds).toEqual(['resolving', 'connecting', 'connected']);
    const messages = logs.get(sessionId).map((e) => e.message);
    expect(messages.join('\n')).not.toContain('SECRET_TOKEN_1');
    expect(messages).toContain('a line on stdout');
    expect(messages.some((m) => m.startsWith('ignored a malformed message'))).toBe(true);
    await manager.disconnect('office');
    await waitFor(() => (stateOf('office')()?.ended ? true : undefined), 'ended');
    expect(manager.stateOf('office').kind).toBe('disconnected');
    expect(stateOf('office')()?.state.kind).toBe('disconnected');
  });

  it('refuses to start a session on a platform the engine does not run on', async () => {
    const elsewhere = new SessionManager(
      nodeWorkerLauncher(FAKE_WORKER),
      async (name) => ({ name }) as Profile,
      credentials,
      logs,
      hub,
      500,
      'darwin',
    );
    await expect(elsewhere.connect('office')).rejects.toMatchObject({
      code: 'not-available',
      message: 'connecting is not supported on darwin yet',
    });
    expect(elsewhere.list()).toEqual([]);
    expect(events.some(([e]) => e === 'session.state')).toBe(false);
  });

  it('reports a worker crash as a failure with a reason', async () => {
    await manager.connect('crash');
    await reached('crash', 'failed');
    const s = stateOf('crash')();
    expect(s?.state).toMatchObject({ kind: 'failed', reason: { code: 'internal' } });
    expect(s?.state.kind === 'failed' && s.state.reason.message).toContain('exit code 3');
  });

  it('kills a worker that ignores disconnect', async () => {
    await manager.connect('stuck');
    await reached('stuck', 'connected');
    await manager.disconnect('stuck');
    await waitFor(() => (stateOf('stuck')()?.ended ? true : undefined), 'killed', 5000);
    expect(
      logs
        .get(stateOf('stuck')()!.sessionId)
        .some((e) => e.message.includes('did not stop in time')),
    ).toBe(true);
  });

  it('disconnectAll resolves only when every worker is gone, stuck ones included', async () => {
    await manager.connect('office');
    await manager.connect('stuck');
    await reached('office', 'connected');
    await reached('stuck', 'connected');
    await manager.disconnectAll();
    expect(manager.list().map((s) => s.ended)).toEqual([true, true]);
    expect(manager.stateOf('office').kind).toBe('disconnected');
  });

  it('relays a credential prompt, and masks the typed password in the log', async () => {
    const { sessionId } = await manager.connect('auth');
    const prompt = await waitFor(
      () => events.find(([e]) => e === 'credentials.request')?.[1] as CredentialPrompt | undefined,
      'prompt',
    );
    expect(prompt).toMatchObject({
      sessionId,
      profile: 'auth',
      request: { kind: 'user-pass', username: 'alice' },
    });
    await credentials.submit({ requestId: prompt.requestId, password: 'right', remember: true });
    await reached('auth', 'connected');
    const log = logs
      .get(sessionId)
      .map((e) => e.message)
      .join('\n');
    expect(log).toContain('sent password [redacted] for alice');
    expect(await credentials.passwordSaved('auth')).toBe(true);
    await expect(
      credentials.submit({ requestId: prompt.requestId, password: 'x' }),
    ).rejects.toMatchObject({
      code: 'no-such-request',
    });
  });

  it('uses the saved password without prompting, once per session', async () => {
    await secrets.set(
      'profile-password:auth',
      JSON.stringify({ username: 'alice', password: 'right' }),
    );
    await manager.connect('auth');
    await reached('auth', 'connected');
    expect(events.some(([e]) => e === 'credentials.request')).toBe(false);
  });

  it('a cancelled prompt fails the login', async () => {
    await manager.connect('auth');
    const prompt = await waitFor(
      () => events.find(([e]) => e === 'credentials.request')?.[1] as CredentialPrompt | undefined,
      'prompt',
    );
    credentials.cancel(prompt.requestId);
    await reached('auth', 'failed');
    expect(
      events.some(
        ([e, p]) =>
          e === 'credentials.closed' && (p as { requestId: string }).requestId === prompt.requestId,
      ),
    ).toBe(true);
  });

  it('canceling the sign-in prompt disconnects quietly, with no failure', async () => {
    await manager.connect('auth');
    const prompt = await waitFor(
      () => events.find(([e]) => e === 'credentials.request')?.[1] as CredentialPrompt | undefined,
      'prompt',
    );
    await manager.cancelCredentials(prompt.requestId);
    await waitFor(() => (stateOf('auth')()?.ended ? true : undefined), 'ended');
    const kinds = events
      .filter(([e]) => e === 'session.state')
      .map(([, p]) => (p as { state: TunnelState }).state.kind);
    expect(kinds).not.toContain('failed');
    expect(kinds.at(-1)).toBe('disconnected');
    expect(credentials.open()).toEqual([]);
  });
});
