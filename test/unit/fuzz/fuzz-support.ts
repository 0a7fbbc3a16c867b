import v8 from 'node:v8';
import vm from 'node:vm';
import fc from 'fast-check';
import { GangwayError } from '../../../src/core/errors';

/**
 * Shared rules for the config and push fuzz targets (issue 12). Every target states one property:
 * whatever the input, the code under test returns or throws one of the project's typed errors
 * (GangwayError and its subclasses), within 2 s, without the heap running away.
 *
 * Runs are deterministic: a fixed seed, and GANGWAY_FUZZ_RUNS to choose how many inputs each
 * target tries (CI uses each target's small default; `npm run fuzz:long` tries 10^6).
 * A failure prints fast-check's seed and path; rerun with GANGWAY_FUZZ_SEED and the same
 * GANGWAY_FUZZ_RUNS to reproduce it.
 *
 * The seed, run count, per-input time and heap helpers are also those of the IPsec targets
 * (ipsec-fuzz-support.ts), so one implementation of each serves every target.
 */

export const FUZZ_SEED = Number(process.env.GANGWAY_FUZZ_SEED ?? 0x6761_6e67);

/**
 * No single input may take longer than this, in CPU time of this process: wall time on the
 * shared 2-core test machine also counts the other engineers' builds.
 */
export const MAX_INPUT_MS = 2_000;

function cpuMsSince(start: NodeJS.CpuUsage): number {
  const used = process.cpuUsage(start);
  return (used.user + used.system) / 1000;
}

/**
 * The CPU time one input took since `started` (process.cpuUsage() taken before it); throws
 * past MAX_INPUT_MS.
 */
export function checkInputTime(started: NodeJS.CpuUsage): number {
  const ms = cpuMsSince(started);
  if (ms > MAX_INPUT_MS) throw new Error(`one input took ${Math.round(ms)} ms of CPU`);
  return ms;
}

/** Heap growth past this while a target runs is a leak or an unbounded buffer. */
const MAX_HEAP_GROWTH_BYTES = 512 * 1024 * 1024;

/**
 * A full collection before each heap check, so that the bound is on memory still held, not on
 * garbage not yet collected (a mutated snapshot can be megabytes of short-lived objects).
 */
const collectGarbage = ((): (() => void) => {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
})();

/** The heap in use after a full collection: the baseline for, and the measure of, checkHeap. */
export function heapUsed(): number {
  collectGarbage();
  return process.memoryUsage().heapUsed;
}

export function fuzzRuns(ciDefault: number): number {
  const fromEnv = Number(process.env.GANGWAY_FUZZ_RUNS);
  return Number.isInteger(fromEnv) && fromEnv > 0 ? fromEnv : ciDefault;
}

/** A vitest timeout that grows with the run count (at most 50 ms an input on a busy machine). */
export function timeoutFor(runs: number): number {
  return 30_000 + runs * 50;
}

/** What a target reports once it is done, for the closing note on issue 12. */
export function report(target: string, runs: number, startedAt: number): void {
  const seconds = ((performance.now() - startedAt) / 1000).toFixed(1);
  process.stdout.write(`fuzz ${target}: ${runs} inputs, seed ${FUZZ_SEED}, ${seconds} s\n`);
}

/** Rethrows anything that is not a typed GangwayError; returns normally otherwise. */
export function onlyTypedErrors(err: unknown): void {
  if (err instanceof GangwayError) return;
  throw err;
}

/** Throws if the heap (after a full collection) grew past the bound since `baseline`. */
export function checkHeap(baseline: number): void {
  const grown = heapUsed() - baseline;
  if (grown > MAX_HEAP_GROWTH_BYTES) {
    throw new Error(`heap grew by ${Math.round(grown / 1048576)} MiB while fuzzing`);
  }
}

/**
 * Runs `target` on `runs` inputs from `inputs`; the target may return or throw a GangwayError,
 * anything else (TypeError, RangeError, a library's error) fails with the shrunk input.
 */
export function fuzzSync<T>(
  name: string,
  inputs: fc.Arbitrary<T>,
  runs: number,
  target: (input: T) => unknown,
): void {
  const startedAt = performance.now();
  const baseline = heapUsed();
  let count = 0;
  fc.assert(
    fc.property(inputs, (input) => {
      const started = process.cpuUsage();
      try {
        target(input);
      } catch (err) {
        onlyTypedErrors(err);
      }
      checkInputTime(started);
      if (++count % 100 === 0) checkHeap(baseline);
    }),
    { seed: FUZZ_SEED, numRuns: runs },
  );
  checkHeap(baseline);
  report(name, runs, startedAt);
}

/** fuzzSync for targets that return promises (the importers). */
export async function fuzzAsync<T>(
  name: string,
  inputs: fc.Arbitrary<T>,
  runs: number,
  target: (input: T) => Promise<unknown>,
): Promise<void> {
  const startedAt = performance.now();
  const baseline = heapUsed();
  let count = 0;
  await fc.assert(
    fc.asyncProperty(inputs, async (input) => {
      const started = process.cpuUsage();
      try {
        await target(input);
      } catch (err) {
        onlyTypedErrors(err);
      }
      checkInputTime(started);
      if (++count % 100 === 0) checkHeap(baseline);
    }),
    { seed: FUZZ_SEED, numRuns: runs },
  );
  checkHeap(baseline);
  report(name, runs, startedAt);
}

/** Byte-level damage to a valid sample: flips, overwrites, cuts, splices, repeats. */
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
    fc.record({
      kind: fc.constant('repeat' as const),
      at: fc.nat(),
      length: fc.integer({ min: 1, max: 64 }),
      times: fc.integer({ min: 2, max: 200 }),
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
      else if (e.kind === 'repeat') {
        const piece = bytes.subarray(at, at + e.length);
        bytes = Buffer.concat([
          bytes.subarray(0, at),
          Buffer.alloc(piece.length * e.times, piece),
          bytes.subarray(at),
        ]);
      }
    }
    return new Uint8Array(bytes);
  });
}

/** Text-level damage: the same edits on the UTF-8 bytes, decoded leniently back to text. */
export function mutatedText(sample: string): fc.Arbitrary<string> {
  return mutatedBytes(Buffer.from(sample)).map((b) => Buffer.from(b).toString('utf8'));
}

/**
 * Names that resolve through Object.prototype (hasOwnProperty, __proto__, constructor...). The
 * generators mix them in as directive, tag and option names: every table keyed by such a name
 * must treat them as the unknown names they are (issue 12, first class).
 */
export const PROTOTYPE_NAMES = new Set(Object.getOwnPropertyNames(Object.prototype));
