import { rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GangwayError } from '../errors';
import { readRegularFile } from '../regular-file';
import { isCidr } from './cidr';
import type { IpsecModel, IpsecTunnel } from './model';

/**
 * Snapshot files: the JSON export of a model, imported again for offline viewing. Derived
 * data (roles, reachability, findings) is not stored; it is recomputed on import so that a
 * snapshot never disagrees with the code that shows it. Secrets never enter the model, and
 * as a second line of defence any key that looks like a secret is dropped on export.
 */

export const SNAPSHOT_FORMAT = 'gangway-ipsec-snapshot';
export const SNAPSHOT_VERSION = 1;
const MAX_SNAPSHOT_BYTES = 16 * 1024 * 1024;
const SECRET_KEY = /pre-?share|psk|secret|password|passphrase|token|private.?key/i;

interface SnapshotFile {
  format: typeof SNAPSHOT_FORMAT;
  version: number;
  exportedAt: string;
  model: IpsecModel;
}

function withoutSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(withoutSecrets);
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !SECRET_KEY.test(k))
        .map(([k, v]) => [k, withoutSecrets(v)]),
    );
  }
  return value;
}

export function toSnapshot(model: IpsecModel, exportedAt = new Date().toISOString()): string {
  const file: SnapshotFile = {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    exportedAt,
    model: withoutSecrets(model) as IpsecModel,
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

function fail(where: string, why: string): never {
  throw new GangwayError(
    'snapshot-invalid',
    `${where} is not a usable IPsec snapshot: ${why}`,
    'export it again with `gangway ipsec snapshot`',
  );
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string';

function checkArray(
  where: string,
  model: Record<string, unknown>,
  key: string,
  check: (x: Record<string, unknown>, at: string) => void,
): void {
  const list = model[key];
  if (!Array.isArray(list)) fail(where, `"${key}" is not a list`);
  list.forEach((x, i) => {
    const at = `${key}[${i}]`;
    if (!isObj(x) || !isStr(x.id)) fail(where, `${at} has no id`);
    check(x, at);
  });
}

const STATUSES: readonly IpsecTunnel['status'][] = ['up', 'down', 'connecting', 'unknown'];
const HEALTH: readonly IpsecTunnel['health'][] = ['ok', 'failing', 'none'];

/** Parses and checks a snapshot; the source becomes "snapshot" (keeping the original label). */
export function parseSnapshot(text: string, where: string): IpsecModel {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (err) {
    fail(where, `not JSON (${(err as Error).message})`);
  }
  if (!isObj(raw)) fail(where, 'not a JSON object');
  // Also accepted: a bare model or view, as `gangway ipsec status --json` prints it.
  const bare = raw.format === undefined && Array.isArray(raw.tunnels);
  if (!bare && raw.format !== SNAPSHOT_FORMAT) fail(where, `no "format": "${SNAPSHOT_FORMAT}"`);
  if (!bare && raw.version !== SNAPSHOT_VERSION)
    fail(where, `unsupported version ${String(raw.version)}`);
  const m = bare ? raw : raw.model;
  if (!isObj(m) || !isObj(m.source)) fail(where, 'no model');
  checkArray(where, m, 'gateways', (g, at) => {
    if (!isStr(g.type) || !isStr(g.state)) fail(where, `${at} lacks type or state`);
  });
  checkArray(where, m, 'peers', () => undefined);
  checkArray(where, m, 'tunnels', (t, at) => {
    if (!STATUSES.includes(t.status as IpsecTunnel['status']))
      fail(where, `${at} has status ${String(t.status)}`);
    if (!HEALTH.includes(t.health as IpsecTunnel['health']))
      fail(where, `${at} has health ${String(t.health)}`);
    if (!Array.isArray(t.spd)) fail(where, `${at} has no SPD list`);
    for (const e of t.spd as unknown[]) {
      if (
        !isObj(e) ||
        !isStr(e.local) ||
        !isCidr(e.local) ||
        !Array.isArray(e.remote) ||
        !e.remote.every((r) => isStr(r) && isCidr(r))
      ) {
        fail(where, `${at} has an SPD entry that is not CIDR blocks`);
      }
    }
  });
  checkArray(where, m, 'routes', (r, at) => {
    if (!isStr(r.destination) || !isCidr(r.destination))
      fail(where, `${at} has no CIDR destination`);
    if (typeof r.priority !== 'number' || typeof r.enabled !== 'boolean')
      fail(where, `${at} lacks priority or enabled`);
  });
  checkArray(where, m, 'networks', (n, at) => {
    if (!Array.isArray(n.cidrs) || !n.cidrs.every((c) => isStr(c) && isCidr(c)))
      fail(where, `${at} has invalid CIDRs`);
  });
  // Derived data in a view is dropped: it is recomputed by whoever shows the model.
  const {
    reachability: _r,
    findings: _f,
    ...rest
  } = withoutSecrets(m) as IpsecModel & Record<string, unknown>;
  const model: IpsecModel = {
    ...rest,
    routes: rest.routes.map((r) => {
      const { role: _role, ...route } = r as typeof r & { role?: unknown };
      return route;
    }),
  };
  const from = `${model.source.label} at ${model.source.fetchedAt}`;
  return {
    ...model,
    source: {
      kind: 'snapshot',
      label: `snapshot ${path.basename(where)} (${from})`,
      fetchedAt: model.source.fetchedAt,
    },
  };
}

export async function loadSnapshot(file: string): Promise<IpsecModel> {
  let text: string;
  try {
    text = (await readRegularFile(file, MAX_SNAPSHOT_BYTES)).toString('utf8');
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    throw new GangwayError(
      'snapshot-unreadable',
      `cannot read ${file}: ${reason}`,
      'give the path of a snapshot file written by `gangway ipsec snapshot`',
    );
  }
  return parseSnapshot(text, file);
}

/** Writes atomically (temp file + rename). */
export async function saveSnapshot(file: string, model: IpsecModel): Promise<void> {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, toSnapshot(model), { mode: 0o644 });
    await rename(tmp, file);
  } catch (err) {
    throw new GangwayError(
      'snapshot-unwritable',
      `cannot write ${file}: ${(err as Error).message}`,
    );
  }
}
