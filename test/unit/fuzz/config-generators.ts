import fc from 'fast-check';
import { INLINE_CAPABLE, allKnownDirectives } from '../../../src/core/config/directives';
import { pkcs12, staticKey, type TestPki } from '../../support/pki';
import { tlsCryptV2ClientKey } from '../../support/profiles';
import { PROTOTYPE_NAMES } from './fuzz-support';

/**
 * Config text that looks like what the importer is for: known directives with plausible and
 * hostile arguments, inline blocks holding real, damaged or endless PEM, plus pure noise.
 */

const DIRECTIVES = [...allKnownDirectives(), ...PROTOTYPE_NAMES];
const TAGS = [...INLINE_CAPABLE, ...PROTOTYPE_NAMES];

const TOKENS = [
  'udp',
  'tcp-client',
  'tcp',
  'udp6',
  '1194',
  '0',
  '-1',
  '65536',
  '99999999999999999999',
  '203.0.113.10',
  '2001:db8::1',
  '10.0.0.0',
  '255.255.255.0',
  '[inline]',
  'server',
  'client',
  'yes',
  'no',
  'AES-256-GCM',
  'AES-128-CBC:CHACHA20-POLY1305',
  'SHA1',
  'lz4-v2',
  'stub-v2',
  'def1',
  '"quoted arg"',
  "'single'",
  '\\\\',
  '"unclosed',
  '#',
  ';',
  'x'.repeat(300),
  '\u202e',
  '腾讯云',
  'a\\ b',
];

const token = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(...TOKENS) },
  { weight: 1, arbitrary: fc.string({ maxLength: 12 }) },
);

const directiveLine = fc
  .tuple(
    fc.constantFrom(...DIRECTIVES),
    fc.array(token, { maxLength: 5 }),
    fc.constantFrom('', '--', 'setenv opt '),
  )
  .map(([name, args, prefix]) => `${prefix}${name} ${args.join(' ')}`);

export interface BlockBodies {
  pems: string[];
}

/** Real key material from the fuzz PKI, to be placed whole, cut or repeated. */
export function blockBodies(pki: TestPki): string[] {
  return [
    pki.ca.certPem,
    pki.client.certPem,
    pki.client.keyPem,
    staticKey(),
    tlsCryptV2ClientKey(),
    pkcs12(pki.client, pki.ca, '').toString('base64'),
    'user\npassword\n',
    '-----BEGIN CERTIFICATE-----\n'.repeat(20),
    '-----BEGIN PRIVATE KEY-----\nMIIB\n',
    '',
  ];
}

function block(bodies: string[]): fc.Arbitrary<string> {
  return fc
    .tuple(
      fc.constantFrom(...TAGS, 'connection', 'unknown-tag'),
      fc.constantFrom(...bodies),
      fc.nat(),
      fc.boolean(),
    )
    .map(([tag, body, cut, closed]) => {
      const text = cut % 3 === 0 ? body.slice(0, cut % (body.length + 1)) : body;
      return `<${tag}>\n${text}${closed ? `\n</${tag}>` : ''}`;
    });
}

const noiseLine = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
  fc.constantFrom('', ' ', '\t', '\r', '# comment', '; comment', '\\', '"', "'"),
);

/** Long runs of one token: whitespace, BEGIN lines, quotes, backslashes, letters. */
const longRun = fc
  .tuple(
    fc.constantFrom(
      ' ',
      '\n',
      '\r\n',
      '\t',
      '-----BEGIN CERTIFICATE-----\n',
      '"',
      '\\',
      'a',
      '<ca>\n',
    ),
    fc.integer({ min: 100, max: 20_000 }),
  )
  .map(([unit, times]) => unit.repeat(times));

export function configText(bodies: string[]): fc.Arbitrary<string> {
  const line = fc.oneof(
    { weight: 6, arbitrary: directiveLine },
    { weight: 2, arbitrary: block(bodies) },
    { weight: 2, arbitrary: noiseLine },
    { weight: 1, arbitrary: longRun },
  );
  return fc
    .tuple(fc.array(line, { maxLength: 25 }), fc.constantFrom('\n', '\r\n', '\r'))
    .map(([lines, eol]) => lines.join(eol));
}
