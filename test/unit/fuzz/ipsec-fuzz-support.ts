import fc from 'fast-check';
import { GangwayError } from '../../../src/core/errors';
import { checkHeap, checkInputTime, FUZZ_SEED, heapUsed } from './fuzz-support';

export { FUZZ_SEED, fuzzRuns, MAX_INPUT_MS, timeoutFor } from './fuzz-support';

/**
 * Shared rules for the IPsec fuzz targets (issue 12): snapshots, Tencent API responses, VICI
 * decoding. Every target states one property: whatever the input, the code under test returns
 * or throws one of the project's typed errors (GangwayError and its subclasses, such as
 * ViciProtocolError), each input within 2 s, without the heap running away.
 *
 * Runs are deterministic: a fixed seed (GANGWAY_FUZZ_SEED overrides it) and a CI-sized number
 * of inputs per target. GANGWAY_FUZZ_RUNS sets that number for every target, so the long run
 * is the same properties with 10^6 inputs each:
 *
 *   GANGWAY_FUZZ_RUNS=1000000 npx vitest run --project unit test/unit/fuzz/ipsec-
 *
 * The conventions (variable names, seed, per-input time, heap bound) are those of the config
 * and push targets in this folder, so one command drives all of them; the helpers for them are
 * fuzz-support.ts's.
 */

export interface FuzzStats {
  inputs: number;
  typedErrors: number;
  slowestMs: number;
}

/**
 * Runs `target` on `runs` inputs; the target may return or throw a GangwayError, anything
 * else (TypeError, RangeError, a bare Error) fails the property with the shrunk input.
 */
export function fuzzSync<T>(
  name: string,
  inputs: fc.Arbitrary<T>,
  runs: number,
  target: (input: T) => unknown,
): FuzzStats {
  const stats: FuzzStats = { inputs: 0, typedErrors: 0, slowestMs: 0 };
  const startedAt = performance.now();
  const baseline = heapUsed();
  fc.assert(
    fc.property(inputs, (input) => {
      const started = process.cpuUsage();
      try {
        target(input);
      } catch (err) {
        if (!(err instanceof GangwayError)) throw err;
        stats.typedErrors++;
      }
      stats.slowestMs = Math.max(stats.slowestMs, checkInputTime(started));
      if (++stats.inputs % 500 === 0) checkHeap(baseline);
    }),
    { seed: FUZZ_SEED, numRuns: runs },
  );
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  process.stdout.write(
    `fuzz ${name}: ${stats.inputs} inputs (${stats.typedErrors} typed errors), slowest ${Math.round(stats.slowestMs)} ms of CPU, seed ${FUZZ_SEED}, ${seconds} s\n`,
  );
  return stats;
}

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** Every path to a value inside a JSON document (the root is []). */
function pathsOf(
  doc: Json,
  out: Array<Array<string | number>> = [],
  at: Array<string | number> = [],
) {
  // Iterative walk: the documents are our own samples, but recursion is what this suite hunts.
  const stack: Array<[Json, Array<string | number>]> = [[doc, at]];
  while (stack.length) {
    const [node, path] = stack.pop() as [Json, Array<string | number>];
    out.push(path);
    if (Array.isArray(node)) node.forEach((x, i) => stack.push([x, [...path, i]]));
    else if (node && typeof node === 'object')
      for (const [k, v] of Object.entries(node)) stack.push([v, [...path, k]]);
  }
  return out;
}

/** Values that probe the checks: near-CIDRs, prototype names, wrong types, big numbers. */
export const hostileValue: fc.Arbitrary<Json> = fc.oneof(
  fc.constantFrom<Json>(
    '10.0.0.0/8',
    '10.0.0.1',
    '0.0.0.0/0',
    '::/0',
    '2001:db8::/32',
    '::ffff:192.0.2.1/120',
    '10.0.0.0/33',
    ' 10.0.0.0/8 ',
    '10.0.0.0/8[tcp/80]',
    '1.2.3',
    '__proto__',
    'constructor',
    'toString',
    '',
    'up',
    'down',
    'policy',
    'tunnel',
    'ccn',
    'site',
    'vpc',
    null,
    true,
    -1,
    1e308,
    Number.MAX_SAFE_INTEGER,
    [],
    {},
  ),
  fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<Json>,
  fc.string({ maxLength: 64 }),
);

type Edit =
  | { kind: 'set'; at: number; value: Json }
  | { kind: 'delete'; at: number }
  | { kind: 'grow'; at: number; times: number };

/**
 * Structured damage to a valid JSON sample: values replaced by hostile ones, keys deleted,
 * arrays grown by repeating an element (up to a few hundred times, to reach the limits).
 */
export function mutatedJson(sample: Json): fc.Arbitrary<Json> {
  const edit: fc.Arbitrary<Edit> = fc.oneof(
    fc.record({ kind: fc.constant('set' as const), at: fc.nat(), value: hostileValue }),
    fc.record({ kind: fc.constant('delete' as const), at: fc.nat() }),
    fc.record({
      kind: fc.constant('grow' as const),
      at: fc.nat(),
      times: fc.integer({ min: 2, max: 600 }),
    }),
  );
  return fc.array(edit, { minLength: 1, maxLength: 5 }).map((edits) => {
    const doc = structuredClone(sample);
    for (const e of edits) {
      const paths = pathsOf(doc);
      const path = paths[e.at % paths.length] ?? [];
      if (!path.length) continue;
      const parentPath = path.slice(0, -1);
      let parent: Json = doc;
      for (const step of parentPath)
        parent = (parent as Record<string | number, Json>)[step] as Json;
      const key = path[path.length - 1] as string | number;
      const holder = parent as Record<string | number, Json>;
      if (e.kind === 'set') holder[key] = e.value;
      else if (e.kind === 'delete') {
        if (Array.isArray(parent)) parent.splice(key as number, 1);
        else delete holder[key];
      } else {
        const target = holder[key];
        if (Array.isArray(target) && target.length)
          holder[key] = Array.from({ length: target.length * e.times }, (_, i) =>
            structuredClone(target[i % target.length] as Json),
          );
      }
    }
    return doc;
  });
}

/** Byte-level damage to a valid sample: bit flips, overwrites, cuts and insertions. */
export function mutatedBytes(sample: Uint8Array): fc.Arbitrary<Uint8Array> {
  const edit = fc.oneof(
    fc.record({ kind: fc.constant('flip' as const), at: fc.nat(), bit: fc.nat(7) }),
    fc.record({ kind: fc.constant('set' as const), at: fc.nat(), byte: fc.nat(255) }),
    fc.record({ kind: fc.constant('cut' as const), at: fc.nat() }),
    fc.record({
      kind: fc.constant('insert' as const),
      at: fc.nat(),
      bytes: fc.uint8Array({ maxLength: 16 }),
    }),
  );
  return fc.array(edit, { minLength: 1, maxLength: 6 }).map((edits) => {
    let bytes = Buffer.from(sample);
    for (const e of edits) {
      const at = bytes.length === 0 ? 0 : e.at % bytes.length;
      if (e.kind === 'flip' && bytes.length) bytes[at] = (bytes[at] ?? 0) ^ (1 << e.bit);
      else if (e.kind === 'set' && bytes.length) bytes[at] = e.byte;
      else if (e.kind === 'cut') bytes = bytes.subarray(0, at);
      else if (e.kind === 'insert')
        bytes = Buffer.concat([bytes.subarray(0, at), e.bytes, bytes.subarray(at)]);
    }
    return new Uint8Array(bytes);
  });
}

export type { Json };
