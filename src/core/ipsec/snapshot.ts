import { rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { GangwayError } from '../errors';
import { jsonBoundsProblem } from '../json-bounds';
import { readRegularFile } from '../regular-file';
import { ValidationError } from '../../shared/validate';
import { modelLimitProblem } from './limits';
import type { IpsecModel } from './model';
import { validateModel } from './model-schema';

/**
 * Snapshot files: the JSON export of a model, imported again for offline viewing. Derived
 * data (roles, reachability, findings) is not stored; it is recomputed on import so that a
 * snapshot never disagrees with the code that shows it. A snapshot is untrusted input: it is
 * bounded before it is parsed and checked field by field against the model schema after, so a
 * bad file fails with the path of its first bad field. The schema is an allowlist in both
 * directions: secrets never enter the model, and any key the schema does not name (a planted
 * "preShareKey" included) is dropped on export and on import.
 */

export const SNAPSHOT_FORMAT = 'gangway-ipsec-snapshot';
export const SNAPSHOT_VERSION = 1;
/**
 * A snapshot of the largest model IPSEC_LIMITS accept is under 1 MiB, a `status --json` view of
 * it under 5 MiB; parsing more than this only costs time.
 */
const MAX_SNAPSHOT_BYTES = 8 * 1024 * 1024;
/**
 * A model at IPSEC_LIMITS has about 10 levels and 100,000 values, a `status --json` view at
 * those limits about 400,000; a million is what JSON.parse turns into objects within ~1 s.
 */
export const SNAPSHOT_JSON_BOUNDS = { maxDepth: 32, maxValues: 1_000_000 } as const;

interface SnapshotFile {
  format: typeof SNAPSHOT_FORMAT;
  version: number;
  exportedAt: string;
  model: IpsecModel;
}

function fail(where: string, why: string): never {
  throw new GangwayError(
    'snapshot-invalid',
    `${where} is not a usable IPsec snapshot: ${why}`,
    'export it again with `gangway ipsec snapshot`',
  );
}

export function toSnapshot(model: IpsecModel, exportedAt = new Date().toISOString()): string {
  let clean: IpsecModel;
  try {
    clean = validateModel(model, 'model');
  } catch (err) {
    throw new GangwayError(
      'snapshot-unwritable',
      `the model of ${model.source.label} cannot be exported: ${(err as Error).message}`,
    );
  }
  const file: SnapshotFile = {
    format: SNAPSHOT_FORMAT,
    version: SNAPSHOT_VERSION,
    exportedAt,
    model: clean,
  };
  return `${JSON.stringify(file, null, 2)}\n`;
}

const isObj = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** Parses and checks a snapshot; the source becomes "snapshot" (keeping the original label). */
export function parseSnapshot(text: string, where: string): IpsecModel {
  const tooBig = jsonBoundsProblem(text, SNAPSHOT_JSON_BOUNDS);
  if (tooBig) fail(where, `the JSON is ${tooBig}`);
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
    fail(where, `unsupported version ${JSON.stringify(raw.version) ?? 'undefined'}`);
  const m = bare ? raw : raw.model;
  if (!isObj(m)) fail(where, 'no model');
  let model: IpsecModel;
  try {
    // Derived data of a view (route roles, reachability, findings) is dropped as unknown keys:
    // it is recomputed by whoever shows the model.
    model = validateModel(m, bare ? 'view' : 'model');
  } catch (err) {
    if (err instanceof ValidationError) fail(where, err.message);
    throw err;
  }
  const tooLarge = modelLimitProblem(model);
  if (tooLarge) fail(where, `larger than Gangway can show: ${tooLarge}`);
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
  const text = toSnapshot(model);
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    await writeFile(tmp, text, { mode: 0o644 });
    await rename(tmp, file);
  } catch (err) {
    await rm(tmp, { force: true }).catch(() => undefined);
    throw new GangwayError(
      'snapshot-unwritable',
      `cannot write ${file}: ${(err as Error).message}`,
    );
  }
}
