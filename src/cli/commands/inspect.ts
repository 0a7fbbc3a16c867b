import {
  importProfileFromPath,
  summarizeProfile,
  type ImportResult,
  type Profile,
  type ProfileSummary,
} from '../../core/config';
import { ConfigError } from '../../core/errors';
import { MAX_PASSWORD_FILE_BYTES, readRegularFile } from '../../core/regular-file';
import type { Command } from './command';
import { parseCommandArgs } from './parse-command-args';
import { writeLine, writeText } from '../terminal';

/** The first line of a password file; the file itself is never stored. */
async function readPasswordFile(file: string | undefined): Promise<string | undefined> {
  if (file === undefined) return undefined;
  let text: string;
  try {
    text = (await readRegularFile(file, MAX_PASSWORD_FILE_BYTES)).toString('utf8');
  } catch (err) {
    throw new ConfigError(
      { file },
      `cannot read the password file: ${err instanceof Error ? err.message : String(err)}`,
    );
  }
  return text.split(/\r?\n/)[0] ?? '';
}

/** The options `import` and `inspect` share. */
export const IMPORT_OPTIONS = {
  name: { type: 'string' },
  'p12-password-file': { type: 'string' },
} as const;

/** Reads PATH as `import` and `inspect` do, honouring --name and --p12-password-file. */
export async function importFromArgs(
  file: string,
  values: Record<string, string | boolean | undefined>,
): Promise<ImportResult> {
  const password = await readPasswordFile(values['p12-password-file'] as string | undefined);
  return importProfileFromPath(file, {
    ...(typeof values.name === 'string' ? { name: values.name } : {}),
    ...(password !== undefined ? { p12Password: password } : {}),
  });
}

/** What `inspect` and `show` print: the summary as JSON, or as text for a person. */
export function writeSummary(profile: Profile, json: boolean): void {
  const summary = summarizeProfile(profile);
  writeText('stdout', json ? `${JSON.stringify(summary, null, 2)}\n` : formatSummary(summary));
}

export function writeWarnings(warnings: string[]): void {
  for (const w of warnings) writeLine('stderr', `warning: ${w}`);
}

/** Human-readable profile description; never includes key material. */
export function formatSummary(s: ProfileSummary): string {
  const wrap =
    s.tlsWrap.mode === 'tls-auth'
      ? `tls-auth (key direction ${s.tlsWrap.keyDirection ?? 'bidirectional'})`
      : s.tlsWrap.mode;
  const credentials = [
    s.credentials.certificate
      ? s.credentials.keyPassphraseAtConnect
        ? 'client certificate (key encrypted: its passphrase is asked when connecting)'
        : 'client certificate'
      : undefined,
    s.credentials.userPass
      ? `user/password${s.credentials.username ? ` (user ${s.credentials.username})` : ''}`
      : undefined,
    s.credentials.staticChallenge
      ? `static challenge "${s.credentials.staticChallenge.text}"`
      : undefined,
  ].filter(Boolean);
  const lines = [
    `name:          ${s.name}`,
    `remotes:       ${s.remotes.map((r) => `${r.host}:${r.port}/${r.proto}`).join(', ')}`,
    `data ciphers:  ${s.dataCiphers.join(', ')}`,
    `digest:        ${s.digest}`,
    `tls wrap:      ${wrap}`,
    `compression:   ${s.compression}`,
    `credentials:   ${credentials.join(', ')}`,
    'certificates:',
    ...s.certificates.map(
      (c) =>
        `  ${c.role.padEnd(7)}${c.subject} (issuer ${c.issuer}); ${c.keyType} ${c.keyBits}; ${c.signatureAlgorithm}; valid ${c.notBefore.slice(0, 10)} to ${c.notAfter.slice(0, 10)}; sha256 ${c.sha256}`,
    ),
  ];
  if (s.warnings.length) {
    lines.push('warnings:');
    for (const w of s.warnings) lines.push(`  ${w}`);
  }
  return `${lines.join('\n')}\n`;
}

export const inspectCommand: Command = {
  synopsis: 'PATH [--json] [--name N] [--p12-password-file F]',
  summary: 'Read a config, zip, or Tencent JSON and show what would be imported, storing nothing',
  async run(args) {
    const { values, positionals } = parseCommandArgs(
      'inspect',
      args,
      { json: { type: 'boolean' }, ...IMPORT_OPTIONS },
      { min: 1, max: 1, names: 'one PATH' },
    );
    const { profile } = await importFromArgs(positionals[0] as string, values);
    writeSummary(profile, values.json === true);
    return 0;
  },
};
