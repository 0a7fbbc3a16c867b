import { spawnSync } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { importProfileFromText } from '../../../src/core/config';
import type { Profile } from '../../../src/core/config/profile';
import { EventHub } from '../../../src/main/ipc/event-hub';
import { CredentialService } from '../../../src/main/services/credential-service';
import { LogBook } from '../../../src/main/services/log-book';
import { nodeWorkerLauncher } from '../../../src/main/services/node-worker-launcher';
import { FileSecretStore, plainCipher } from '../../../src/main/services/secret-store';
import { SessionManager } from '../../../src/main/services/session-manager';
import { makePki } from '../../support/pki';
import { tencentOvpn } from '../../support/profiles';

/** The real worker bundle with the real engine, against a port where nothing listens. */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../..');
let dir: string;
let profile: Profile;

beforeAll(async () => {
  const built = spawnSync(process.execPath, ['scripts/build.mjs', 'main'], {
    cwd: root,
    encoding: 'utf8',
  });
  expect(built.status, built.stderr).toBe(0);
  const text = tencentOvpn(makePki('Gangway Worker Test'), [
    'connect-retry-max 1',
    'connect-retry 1 1',
  ])
    .replace('proto udp', 'proto tcp-client')
    .replace(/^remote .*$/m, 'remote 127.0.0.1 1');
  profile = (await importProfileFromText(text, { name: 'nowhere' })).profile;
}, 60_000);
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'gwe-worker-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('session worker (dist/main/session-worker.cjs)', () => {
  it('runs the engine in its own process and relays its failure with the reason', async () => {
    const hub = new EventHub();
    const manager = new SessionManager(
      nodeWorkerLauncher(path.join(root, 'dist/main/session-worker.cjs')),
      async () => profile,
      new CredentialService(FileSecretStore.inDir(dir, plainCipher), hub),
      new LogBook(),
      hub,
    );
    const kinds: string[] = [];
    hub.subscribe((event, payload) => {
      if (event === 'session.state')
        kinds.push((payload as { state: { kind: string } }).state.kind);
    });
    await manager.connect('nowhere');
    const started = Date.now();
    while (!manager.list()[0]?.ended && Date.now() - started < 15_000) {
      await new Promise((r) => setTimeout(r, 50));
    }
    const [session] = manager.list();
    expect(session?.ended).toBe(true);
    expect(session?.state).toMatchObject({
      kind: 'failed',
      reason: { code: 'connection-refused' },
    });
    expect(kinds[0]).toBe('resolving');
    expect(kinds).toContain('connecting');
    // The teardown after a failure must not bury the reason under disconnecting/disconnected.
    expect(kinds.at(-1)).toBe('failed');
  }, 30_000);
});
