import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { startDevHost, type DevHost } from '../../../src/devhost/server';
import { ipcErrorOf } from '../../../src/shared/ipc-error';
import type { GangwayApi } from '../../../src/shared/ipc-schema';
import { createWebSocketApi, devHostSocketUrl } from '../../../src/shared/ws-client';
import { makePki } from '../../support/pki';
import { tencentOvpn, zipOf } from '../../support/profiles';

/** The renderer's browser client against an in-process dev host, with `ws` standing in for the browser's WebSocket. */
let home: string;
let host: DevHost;
let api: GangwayApi;
const hadWebSocket = 'WebSocket' in globalThis;

beforeAll(async () => {
  home = await mkdtemp(path.join(os.tmpdir(), 'gwe-wsclient-'));
  host = await startDevHost({
    port: 0,
    dataDir: home,
    rendererDir: home,
    workerScript: '/nonexistent',
    version: '0.0.0-test',
    launchWorker: () => {
      throw new Error('no sessions here');
    },
  });
  const origin = `http://127.0.0.1:${host.port}`;
  // A browser sends its page's Origin; so does this stand-in.
  class BrowserLikeWebSocket extends WebSocket {
    constructor(url: string) {
      super(url, { origin });
    }
  }
  (globalThis as Record<string, unknown>).WebSocket = BrowserLikeWebSocket;
  api = createWebSocketApi({ url: devHostSocketUrl(host.url), timeoutMs: 10_000 });
});
afterAll(async () => {
  if (!hadWebSocket) delete (globalThis as Record<string, unknown>).WebSocket;
  await host.close();
  await rm(home, { recursive: true, force: true });
});

describe('WebSocket client for the dev host', () => {
  it('derives the socket URL from the page URL, token included', () => {
    expect(devHostSocketUrl('http://127.0.0.1:4321/?token=a%2Bb')).toBe(
      'ws://127.0.0.1:4321/ipc?token=a%2Bb',
    );
  });

  it('calls, receives events, and carries file bytes intact', async () => {
    const changes: string[][] = [];
    api.on('profiles.changed', (list) => changes.push(list.map((p) => p.name)));
    expect(await api.app.info()).toMatchObject({ host: 'devhost', dataDir: home });
    const bytes = zipOf({ 'client.ovpn': tencentOvpn(makePki('Gangway WS Test')) });
    const { profile } = await api.profiles.import({ from: 'bytes', fileName: 'site.zip', bytes });
    expect(profile).toMatchObject({ name: 'site', source: { form: 'zip' } });
    for (let i = 0; i < 50 && changes.length === 0; i++)
      await new Promise((r) => setTimeout(r, 10));
    expect(changes).toEqual([['site']]);
  });

  it('brings errors back with their code', async () => {
    const err = await api.session.disconnect({ name: 'x'.repeat(65) }).catch((e: unknown) => e);
    expect(ipcErrorOf(err).code).toBe('bad-request');
    const err2 = await api.profiles.remove({ name: 'absent' }).catch((e: unknown) => e);
    expect(ipcErrorOf(err2)).toMatchObject({ message: 'no profile named "absent"' });
  });

  it('tells the page once when an open connection to the dev host is lost', async () => {
    const dataDir = await mkdtemp(path.join(os.tmpdir(), 'gwe-wslost-'));
    const doomed = await startDevHost({
      port: 0,
      dataDir,
      rendererDir: dataDir,
      workerScript: '/nonexistent',
      version: '0.0.0-test',
      launchWorker: () => {
        throw new Error('no sessions here');
      },
    });
    try {
      let lost = 0;
      const shared = globalThis.WebSocket;
      const origin = `http://127.0.0.1:${doomed.port}`;
      (globalThis as Record<string, unknown>).WebSocket = class extends WebSocket {
        constructor(url: string) {
          super(url, { origin });
        }
      };
      const client = createWebSocketApi({
        url: devHostSocketUrl(doomed.url),
        timeoutMs: 10_000,
        onConnectionLost: () => lost++,
      });
      globalThis.WebSocket = shared;
      await client.app.info();
      expect(lost).toBe(0);
      await doomed.close();
      for (let i = 0; i < 200 && lost === 0; i++) await new Promise((r) => setTimeout(r, 10));
      expect(lost).toBe(1);
      const err = await client.app.info().catch((e: unknown) => e);
      expect(ipcErrorOf(err).code).toBe('transport');
    } finally {
      await rm(dataDir, { recursive: true, force: true });
    }
  });
});
