import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { importProfileFromBytes, importProfileFromText } from '../../../src/core/config';
import { makePki, tencentOvpn, type TestPki } from '../../support/profiles';
import { blockBodies, configText } from './config-generators';
import { fuzzAsync, fuzzRuns, mutatedText, timeoutFor } from './fuzz-support';

/** The .ovpn importer: generated configs, damaged real profiles, random bytes. */

let pki: TestPki;
let bodies: string[];
beforeAll(() => {
  pki = makePki('Fuzz');
  bodies = blockBodies(pki);
});

const RUNS = fuzzRuns(300);
const NOW = new Date('2026-06-01T00:00:00Z');

describe('config importer, text', () => {
  it(
    'generated configs end in a profile or a typed error',
    async () => {
      await fuzzAsync('config-text generated', configText(bodies), RUNS, (text) =>
        importProfileFromText(text, { name: 'fuzz', now: NOW }),
      );
    },
    timeoutFor(RUNS),
  );

  it(
    'damaged real profiles end in a profile or a typed error',
    async () => {
      await fuzzAsync(
        'config-text mutated',
        mutatedText(tencentOvpn(pki, ['tls-crypt [inline]'])),
        RUNS,
        (text) => importProfileFromText(text, { name: 'fuzz', now: NOW }),
      );
    },
    timeoutFor(RUNS),
  );

  it(
    'arbitrary bytes under any file name end in a typed error',
    async () => {
      await fuzzAsync(
        'config-bytes random',
        fc.tuple(
          fc.oneof(
            fc.uint8Array({ maxLength: 2000 }),
            fc.string().map((s) => Buffer.from(s)),
          ),
          fc.constantFrom('a.ovpn', 'a.conf', 'a.json', 'a.p12', 'a.zip', 'a'),
        ),
        RUNS,
        ([bytes, name]) => importProfileFromBytes(bytes, name, { now: NOW }),
      );
    },
    timeoutFor(RUNS),
  );
});
