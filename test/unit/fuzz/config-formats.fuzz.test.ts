import fc from 'fast-check';
import { beforeAll, describe, it } from 'vitest';
import { importProfileFromBytes, importProfileFromText } from '../../../src/core/config';
import { openPkcs12 } from '../../../src/core/config/pkcs12';
import { parseTencentJson, tencentConfigText } from '../../../src/core/config/tencent';
import { plainPkcs12 } from '../../support/pkcs12-craft';
import {
  inlineBlock,
  makePki,
  tencentApiJson,
  tencentConfigBody,
  tencentOvpn,
  zipOf,
  type TestPki,
} from '../../support/profiles';
import { blockBodies, configText } from './config-generators';
import {
  fuzzAsync,
  fuzzRuns,
  fuzzSync,
  mutatedBytes,
  mutatedText,
  timeoutFor,
} from './fuzz-support';

/** The other import forms: zip bundles, PKCS#12 bundles, Tencent Cloud's JSON. */

let pki: TestPki;
let bodies: string[];
let p12: Buffer;
let p12NoMac: Buffer;
beforeAll(() => {
  pki = makePki('FuzzFormats');
  bodies = blockBodies(pki);
  p12 = plainPkcs12(pki.client, pki.ca, 'pw', { count: 1 });
  // Without a MAC, damage inside the bags reaches forge's bag and key parsers.
  p12NoMac = plainPkcs12(pki.client, pki.ca, 'pw', { count: 1, useMac: false });
});

const RUNS = fuzzRuns(300);
const NOW = new Date('2026-06-01T00:00:00Z');

describe('config importer, zip', () => {
  it(
    'damaged and generated zips end in a profile or a typed error',
    async () => {
      const files = fc.dictionary(
        fc.constantFrom('client.ovpn', 'a/b.ovpn', 'ca.crt', '../x', 'c.p12', 'x.conf', ''),
        fc.oneof(configText(bodies), fc.constantFrom(...bodies)),
        { maxKeys: 4 },
      );
      const zips = fc.oneof(
        mutatedBytes(zipOf({ 'client.ovpn': tencentOvpn(pki) })),
        files.map((f) => zipOf(f)),
      );
      await fuzzAsync('config-zip', zips, RUNS, (zip) =>
        importProfileFromBytes(zip, 'bundle.zip', { now: NOW }),
      );
    },
    timeoutFor(RUNS),
  );
});

describe('config importer, PKCS#12', () => {
  it(
    'damaged bundles open, or report a problem, never throw',
    () => {
      fuzzSync(
        'config-pkcs12 open',
        fc.tuple(
          fc.oneof(mutatedBytes(p12), mutatedBytes(p12NoMac)),
          fc.constantFrom('pw', '', undefined),
        ),
        RUNS,
        ([bytes, password]) => openPkcs12(bytes, password),
      );
    },
    timeoutFor(RUNS),
  );

  it(
    'damaged bundles inline in a config end in a profile or a typed error',
    async () => {
      await fuzzAsync(
        'config-pkcs12 import',
        fc
          .oneof(mutatedBytes(p12), mutatedBytes(p12NoMac))
          .map((bytes) =>
            [
              tencentConfigBody(),
              inlineBlock('pkcs12', Buffer.from(bytes).toString('base64')),
              '',
            ].join('\n'),
          ),
        RUNS,
        (text) => importProfileFromText(text, { name: 'fuzz', p12Password: 'pw', now: NOW }),
      );
    },
    timeoutFor(RUNS),
  );
});

describe('config importer, Tencent JSON', () => {
  it(
    'damaged and generated API answers end in a profile or a typed error',
    async () => {
      const fields = fc.record(
        {
          SslVpnClientConfiguration: fc.oneof(configText(bodies), fc.jsonValue()),
          SslVpnRootCert: fc.oneof(fc.constantFrom(...bodies), fc.jsonValue()),
          SslVpnCert: fc.oneof(fc.constantFrom(...bodies), fc.string()),
          SslVpnKey: fc.oneof(
            fc.constantFrom(...bodies).map((b) => Buffer.from(b).toString('base64')),
            fc.string(),
          ),
        },
        { requiredKeys: [] },
      );
      const answers = fc.oneof(
        mutatedText(tencentApiJson(pki, true)),
        fields.map((f) => JSON.stringify(f)),
        fields.map((f) => JSON.stringify({ Response: f })),
        fc.jsonValue().map((v) => JSON.stringify(v)),
      );
      await fuzzAsync('config-tencent', answers, RUNS, (json) =>
        importProfileFromText(json, { name: 'fuzz', now: NOW }),
      );
    },
    timeoutFor(RUNS),
  );

  it(
    'parseTencentJson and tencentConfigText alone: typed errors only',
    () => {
      fuzzSync(
        'config-tencent parse',
        fc.oneof(
          fc.jsonValue().map((v) => JSON.stringify(v)),
          fc.string(),
        ),
        RUNS * 4,
        (json) => tencentConfigText(parseTencentJson(json, 'fuzz.json')),
      );
    },
    timeoutFor(RUNS * 4),
  );
});
