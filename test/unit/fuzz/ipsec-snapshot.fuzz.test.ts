import fc from 'fast-check';
import { describe, it } from 'vitest';
import { formatView } from '../../../src/core/ipsec/report';
import { parseSnapshot, toSnapshot } from '../../../src/core/ipsec/snapshot';
import { normalizeTencent } from '../../../src/core/ipsec/tencent/normalize';
import { buildView } from '../../../src/core/ipsec/view';
import * as fx from '../../support/ipsec-fixtures';
import {
  fuzzRuns,
  fuzzSync,
  mutatedBytes,
  mutatedJson,
  timeoutFor,
  type Json,
} from './ipsec-fuzz-support';

/**
 * Snapshot files, as `gangway ipsec status --snapshot` and the admin view read them: parsed,
 * checked, viewed and printed. Inputs: structured damage to a real snapshot and to a
 * `status --json` view, byte damage to a snapshot's text, and arbitrary JSON.
 */

const RUNS = fuzzRuns(400);
const model = normalizeTencent(fx.allScenarios(), '2026-01-02T03:04:05Z');
const snapshotText = toSnapshot(model);
const snapshot = JSON.parse(snapshotText) as Json;
const view = JSON.parse(JSON.stringify(buildView(model))) as Json;

const inputs = fc.oneof(
  { weight: 4, arbitrary: mutatedJson(snapshot).map((d) => JSON.stringify(d)) },
  { weight: 2, arbitrary: mutatedJson(view).map((d) => JSON.stringify(d)) },
  {
    weight: 2,
    arbitrary: mutatedBytes(Buffer.from(snapshotText)).map((b) => Buffer.from(b).toString('utf8')),
  },
  { weight: 1, arbitrary: fc.json({ maxDepth: 6 }) },
);

describe('fuzz: IPsec snapshots', () => {
  it(
    'parse, view and print: only typed errors, each input under 2 s',
    () => {
      fuzzSync('ipsec snapshot', inputs, RUNS, (text) => {
        formatView(buildView(parseSnapshot(text, 'fuzz.json')));
      });
    },
    timeoutFor(RUNS),
  );
});
