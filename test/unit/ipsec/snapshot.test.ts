import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import {
  loadSnapshot,
  parseSnapshot,
  saveSnapshot,
  toSnapshot,
} from '../../../src/core/ipsec/snapshot';
import { normalizeTencent } from '../../../src/core/ipsec/tencent/normalize';
import { buildView } from '../../../src/core/ipsec/view';
import * as fx from '../../support/ipsec-fixtures';

const dir = mkdtempSync(path.join(tmpdir(), 'gwi-snap-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('IPsec snapshots', () => {
  it('round-trips a model; derived data is recomputed identically', async () => {
    const model = normalizeTencent(fx.allScenarios(), '2026-01-02T03:04:05Z');
    const file = path.join(dir, 'all.json');
    await saveSnapshot(file, model);
    const back = await loadSnapshot(file);
    expect({ ...back, source: model.source }).toEqual(model);
    expect(back.source).toEqual({
      kind: 'snapshot',
      label: `snapshot all.json (${model.source.label} at 2026-01-02T03:04:05Z)`,
      fetchedAt: '2026-01-02T03:04:05Z',
    });
    const a = buildView(model);
    const b = buildView(back);
    expect(b.routes).toEqual(a.routes);
    expect(b.reachability).toEqual(a.reachability);
    expect(b.findings).toEqual(a.findings);
  });

  it('contains no secret, even one smuggled into the model', async () => {
    const model = normalizeTencent(fx.scenario5());
    const tunnel = model.tunnels[0] as unknown as Record<string, unknown>;
    tunnel.PreShareKey = fx.FIXTURE_PSK;
    tunnel.ike = { ...(tunnel.ike as object), psk: fx.FIXTURE_PSK, secretKey: fx.FIXTURE_PSK };
    const file = path.join(dir, 's5.json');
    await saveSnapshot(file, model);
    const text = readFileSync(file, 'utf8');
    expect(text).not.toContain(fx.FIXTURE_PSK);
    expect(text).not.toMatch(/PreShareKey|"psk"|secretKey/);
    expect(JSON.stringify(parseSnapshot(text, 'x'))).not.toContain(fx.FIXTURE_PSK);
  });

  it('a snapshot with a secret planted by hand loses it on import', () => {
    const text = toSnapshot(normalizeTencent(fx.scenario1())).replace(
      '"routeType":',
      `"preShareKey": "${fx.FIXTURE_PSK}", "routeType":`,
    );
    expect(text).toContain(fx.FIXTURE_PSK);
    expect(JSON.stringify(parseSnapshot(text, 'planted.json'))).not.toContain(fx.FIXTURE_PSK);
  });

  it('also imports the JSON that `status --json` prints (a view), dropping derived data', () => {
    const model = normalizeTencent(fx.scenario5(), '2026-01-02T03:04:05Z');
    const back = parseSnapshot(JSON.stringify(buildView(model)), 'status.json');
    expect({ ...back, source: model.source }).toEqual(model);
  });

  it.each([
    ['not JSON', '{', /not JSON/],
    ['another format', '{"format":"x","version":1}', /format/],
    ['an array', '[]', /not a JSON object/],
    ['a newer version', '{"format":"gangway-ipsec-snapshot","version":2}', /unsupported version 2/],
    ['no model', '{"format":"gangway-ipsec-snapshot","version":1}', /no model/],
  ])('rejects %s', (_what, text, why) => {
    expect(() => parseSnapshot(text, 'bad.json')).toThrow(why);
  });

  it('rejects a tunnel with a bad status or SPD', () => {
    const good = JSON.parse(toSnapshot(normalizeTencent(fx.scenario1()))) as {
      model: { tunnels: Array<Record<string, unknown>> };
    };
    const t = good.model.tunnels[0] as Record<string, unknown>;
    t.status = 'sideways';
    expect(() => parseSnapshot(JSON.stringify(good), 'bad.json')).toThrow(
      'bad.json is not a usable IPsec snapshot: model.tunnels[0].status: expected one of "up", "down", "connecting", "unknown", got "sideways"',
    );
    t.status = 'up';
    t.spd = [{ local: 'not-a-cidr', remote: [] }];
    expect(() => parseSnapshot(JSON.stringify(good), 'bad.json')).toThrow(
      'model.tunnels[0].spd[0].local: not a CIDR block: "not-a-cidr"',
    );
  });

  it('a missing file is one clear error', async () => {
    await expect(loadSnapshot(path.join(dir, 'nope.json'))).rejects.toThrow(
      /cannot read .*nope\.json: no such file/,
    );
  });
});
