import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { normalizeTencent } from '../../../src/core/ipsec/tencent/normalize';
import { ipcErrorOf } from '../../../src/shared/ipc-error';
import type { GangwayApi } from '../../../src/shared/ipc-schema';
import * as fx from '../../support/ipsec-fixtures';
import { inMemoryApi, servicesIn } from './in-memory-api';

let dir: string;
let api: GangwayApi;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'gwe-admin-'));
  api = inMemoryApi(servicesIn(dir));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('admin sources over the schema', () => {
  it('starts with no sources', async () => {
    expect(await api.admin.listSources()).toEqual([]);
  });

  it('shows a snapshot source: tunnel rows for the table and the full derived view', async () => {
    const file = path.join(dir, 'snapshot.json');
    await writeFile(
      file,
      JSON.stringify(normalizeTencent(fx.scenario1({ up: false }), '2026-01-01T00:00:00Z')),
    );
    const source = await api.admin.addSource({ kind: 'snapshot', label: 'lab', path: file });
    expect(await api.admin.listSources()).toEqual([source]);
    const status = await api.admin.status({ sourceId: source.sourceId });
    expect(status.canControl).toBe(false);
    expect(status.tunnels).toHaveLength(1);
    expect(status.tunnels[0]).toMatchObject({ tunnelId: 'vpnx-s1', state: 'down' });
    expect(status.tunnels[0]?.details.remoteNets).toContain(fx.IDC[1]);
    expect(status.view?.reachability.length).toBeGreaterThan(0);
    expect(status.findings.map((f) => f.code)).toContain('destination-down');
    const err = await api.admin
      .initiate({ sourceId: source.sourceId, tunnelId: 'vpnx-s1' })
      .catch((e: unknown) => e);
    expect(ipcErrorOf(err).code).toBe('not-available');
  });

  it('refuses a file that is not a snapshot, with a reason', async () => {
    const file = path.join(dir, 'bad.json');
    await writeFile(file, JSON.stringify({ gateways: 'nope' }));
    const source = await api.admin.addSource({ kind: 'snapshot', label: 'bad', path: file });
    const err = await api.admin.status({ sourceId: source.sourceId }).catch((e: unknown) => e);
    expect(ipcErrorOf(err)).toMatchObject({ code: 'snapshot-invalid' });
  });

  it('keeps Tencent API keys in the secret store only, and forgets them with the source', async () => {
    const source = await api.admin.addSource({
      kind: 'tencent',
      label: 'prod',
      region: 'ap-guangzhou',
      secretId: 'AKIDexample',
      secretKey: 'verysecretkey',
    });
    expect(source).toMatchObject({ kind: 'tencent', detail: 'ap-guangzhou' });
    expect(await readFile(path.join(dir, 'admin-sources.json'), 'utf8')).not.toContain(
      'verysecretkey',
    );
    expect(await readFile(path.join(dir, 'secrets.json'), 'utf8')).toContain('verysecretkey');
    await api.admin.removeSource({ sourceId: source.sourceId });
    expect(await readFile(path.join(dir, 'secrets.json'), 'utf8')).not.toContain('verysecretkey');
    expect(await api.admin.listSources()).toEqual([]);
  });

  it('an unknown source id is a user-facing error', async () => {
    const err = await api.admin.status({ sourceId: 'nope' }).catch((e: unknown) => e);
    expect(ipcErrorOf(err)).toMatchObject({ code: 'bad-request', message: 'no such IPsec source' });
  });
});
