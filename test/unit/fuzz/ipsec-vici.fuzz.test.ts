import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeMessage,
  encodeMessage,
  encodePacket,
  PacketReader,
  PacketType,
  type ViciSection,
  type ViciValue,
} from '../../../src/core/ipsec/vici/codec';
import { normalizeVici } from '../../../src/core/ipsec/vici/normalize';
import { buildView } from '../../../src/core/ipsec/view';
import capture from '../../support/ipsec-vici-capture.json';
import { FUZZ_SEED, fuzzRuns, fuzzSync, mutatedBytes, timeoutFor } from './ipsec-fuzz-support';

/**
 * VICI decoding as the client does it: a byte stream in arbitrary chunks through the packet
 * reader, every decoded message normalized as list-conn, list-sa and version answers, then
 * viewed. Inputs: byte damage to packets captured from a real charon, random bytes, and
 * generated well-formed messages (whose encoding must also round-trip).
 */

const RUNS = fuzzRuns(600);
const cap = capture as unknown as {
  version: ViciSection;
  conns: ViciSection[];
  sas: ViciSection[];
};
const captured = Buffer.concat([
  encodePacket({ type: PacketType.CMD_RESPONSE, message: cap.version }),
  ...cap.conns.map((m) => encodePacket({ type: PacketType.EVENT, name: 'list-conn', message: m })),
  ...cap.sas.map((m) => encodePacket({ type: PacketType.EVENT, name: 'list-sa', message: m })),
]);

const name = fc.oneof(
  fc.constantFrom(
    '__proto__',
    'constructor',
    'children',
    'local-ts',
    'remote-ts',
    'child-sas',
    'state',
    'INSTALLED',
    'remote_addrs',
    'version',
  ),
  fc
    .string({ maxLength: 12 })
    .filter((s) => Buffer.byteLength(s, 'ascii') <= 255 && /^[\x20-\x7e]*$/.test(s)),
);
const text = fc.oneof(
  fc.constantFrom(
    '10.0.0.0/24',
    '10.0.1.0/24[tcp/http]',
    'dynamic',
    'INSTALLED',
    'yes',
    '2',
    '0.0.0.0/0',
    '::/0',
  ),
  fc.string({ maxLength: 40 }),
);
const { section } = fc.letrec<{ section: ViciSection; value: ViciValue }>((tie) => ({
  section: fc.dictionary(name, tie('value'), { maxKeys: 6 }) as fc.Arbitrary<ViciSection>,
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    text,
    fc.array(text, { maxLength: 4 }),
    tie('section'),
  ),
}));

/** Splits the stream at the given points, as a socket may deliver it. */
function chunks(bytes: Uint8Array, cuts: number[]): Buffer[] {
  const points = [...new Set(cuts.map((c) => (bytes.length ? c % bytes.length : 0)))].sort(
    (a, b) => a - b,
  );
  const out: Buffer[] = [];
  let from = 0;
  for (const p of points) {
    out.push(Buffer.from(bytes.subarray(from, p)));
    from = p;
  }
  out.push(Buffer.from(bytes.subarray(from)));
  return out;
}

function readAndView(bytes: Uint8Array, cuts: number[]): void {
  const reader = new PacketReader();
  const messages: ViciSection[] = [];
  for (const chunk of chunks(bytes, cuts))
    for (const p of reader.push(chunk)) if (p.message) messages.push(p.message);
  if (!messages.length) return;
  buildView(
    normalizeVici(
      { conns: messages, sas: messages, version: messages[0], label: 'fuzz' },
      '2026-01-02T03:04:05Z',
    ),
  );
}

const streams = fc.oneof(
  { weight: 4, arbitrary: mutatedBytes(captured) },
  { weight: 1, arbitrary: fc.uint8Array({ maxLength: 512 }) },
  {
    weight: 2,
    arbitrary: fc
      .array(section, { maxLength: 3 })
      .map((msgs) =>
        Buffer.concat(
          msgs.map((m) => encodePacket({ type: PacketType.EVENT, name: 'list-conn', message: m })),
        ),
      ),
  },
);

describe('fuzz: VICI decoding', () => {
  it(
    'packet reader, normalizer and view: only typed errors, each input under 2 s',
    () => {
      fuzzSync(
        'ipsec vici',
        fc.tuple(streams, fc.array(fc.nat(), { maxLength: 4 })),
        RUNS,
        ([bytes, cuts]) => readAndView(bytes, cuts),
      );
    },
    timeoutFor(RUNS),
  );

  it(
    'well-formed messages round-trip through encode and decode',
    () => {
      fc.assert(
        fc.property(section, (msg) => {
          const back = decodeMessage(encodeMessage(msg));
          expect(JSON.parse(JSON.stringify(back))).toEqual(JSON.parse(JSON.stringify(msg)));
        }),
        { seed: FUZZ_SEED, numRuns: Math.min(RUNS, 2_000) },
      );
    },
    timeoutFor(RUNS),
  );
});
