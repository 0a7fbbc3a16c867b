import { rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  importProfileFromBytes,
  importProfileFromPath,
  importProfileFromText,
} from '../../../src/core/config';
import { MAX_IMPORT_WARNINGS } from '../../../src/core/config/import';
import { MAX_PKCS12_ITERATIONS } from '../../../src/core/config/pkcs12-cost';
import { openPkcs12 } from '../../../src/core/config/pkcs12';
import { ConfigError } from '../../../src/core/errors';
import {
  plainPkcs12,
  withBagIterations,
  withKeyBagCopies,
  withMacIterations,
  withRc2Contents,
} from '../../support/pkcs12-craft';
import {
  inlineBlock,
  makePki,
  tempDir,
  tencentConfigBody,
  tencentOvpn,
  type TestPki,
} from '../../support/profiles';

/**
 * Issue 12: hostile input at the largest size the importer accepts (1 MiB of config, 1 MiB
 * referenced files) must fail or succeed within 2 s, never spin for minutes.
 */

const LIMIT_MS = 2000;
const MIB = 1024 * 1024;

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T | unknown }> {
  const start = performance.now();
  let result: T | unknown;
  try {
    result = await work();
  } catch (err) {
    result = err;
  }
  return { ms: performance.now() - start, result };
}

let pki: TestPki;
const dirs: string[] = [];
beforeAll(() => {
  pki = makePki('Hostile');
});
afterAll(() => {
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

function p12Profile(bundle: Buffer): string {
  const dir = tempDir('gw-hostile-');
  dirs.push(dir);
  writeFileSync(path.join(dir, 'client.p12'), bundle);
  const file = path.join(dir, 'p.ovpn');
  writeFileSync(file, [tencentConfigBody(), 'pkcs12 client.p12', ''].join('\n'));
  return file;
}

describe('PKCS#12 key derivation is bounded before it runs', () => {
  it('refuses a MAC iteration count in the millions at once', async () => {
    const bundle = withMacIterations(plainPkcs12(pki.client, pki.ca, 'pw'), 5_000_000);
    const { ms, result } = await timed(() =>
      importProfileFromPath(p12Profile(bundle), { p12Password: 'pw' }),
    );
    expect(ms).toBeLessThan(LIMIT_MS);
    expect(result).toBeInstanceOf(ConfigError);
    expect((result as Error).message).toMatch(
      `PKCS#12 client.p12 cannot be read: it asks for 5000000 key-derivation iterations; at most ${MAX_PKCS12_ITERATIONS} are accepted`,
    );
  });

  it('refuses a key bag iteration count in the millions at once', async () => {
    const bundle = withBagIterations(
      plainPkcs12(pki.client, pki.ca, 'pw', { useMac: false }),
      5_000_000,
    );
    const { ms, result } = await timed(async () => openPkcs12(bundle, 'pw'));
    expect(ms).toBeLessThan(LIMIT_MS);
    expect(result).toMatchObject({ problem: 'too-costly' });
  });

  it('refuses many bags that each stay under the bound but together cost too much', () => {
    const bundle = withKeyBagCopies(
      plainPkcs12(pki.client, pki.ca, 'pw', { useMac: false, count: MAX_PKCS12_ITERATIONS }),
      10,
    );
    const start = performance.now();
    const result = openPkcs12(bundle, 'pw');
    expect(performance.now() - start).toBeLessThan(LIMIT_MS);
    expect(result).toMatchObject({ problem: 'too-costly' });
    expect((result as { detail: string }).detail).toContain('more key-derivation work');
  });

  it('opens a bundle with Java keytool’s 10 000 iterations', () => {
    const bundle = plainPkcs12(pki.client, pki.ca, 'pw', { count: 10_000 });
    const result = openPkcs12(bundle, 'pw');
    expect(result).toMatchObject({ certPem: expect.stringContaining('BEGIN CERTIFICATE') });
  });

  it('refuses a 1 MiB bundle before forge’s RC2 decrypts it', async () => {
    const bundle = withRc2Contents(
      plainPkcs12(pki.client, pki.ca, 'pw', { useMac: false }),
      MIB - 8192,
    );
    const { ms, result } = await timed(() =>
      importProfileFromPath(p12Profile(bundle), { p12Password: 'pw' }),
    );
    expect(ms).toBeLessThan(LIMIT_MS);
    expect((result as Error).message).toContain('larger than 64 KiB');
  });
});

describe('text at the 1 MiB config limit', () => {
  const fill = (unit: string, around: number): string =>
    unit.repeat(Math.floor(around / unit.length));

  it('Tencent JSON with a long run of spaces inside the config', async () => {
    const config = `${tencentConfigBody()}\n${fill(' ', MIB - 4096)}x\n`;
    const json = JSON.stringify({ SslVpnClientConfiguration: config, SslVpnRootCert: 'x' });
    const { ms, result } = await timed(() =>
      importProfileFromBytes(Buffer.from(json), 'tencent.json'),
    );
    expect(ms).toBeLessThan(LIMIT_MS);
    expect(result).toBeInstanceOf(ConfigError);
  });

  it('Tencent JSON with a long run of blank lines before the config ends', async () => {
    const config = `${tencentConfigBody()}\n${fill('\n', (MIB - 4096) / 2)}x`;
    const json = JSON.stringify({ SslVpnClientConfiguration: config, SslVpnRootCert: 'x' });
    const { ms, result } = await timed(() =>
      importProfileFromBytes(Buffer.from(json), 'tencent.json'),
    );
    expect(ms).toBeLessThan(LIMIT_MS);
    expect(result).toBeInstanceOf(ConfigError);
  });

  it('a <ca> block of BEGIN lines that never END', async () => {
    const body = fill('-----BEGIN CERTIFICATE-----\n', MIB - 4096);
    const text = [tencentConfigBody(), `<ca>\n${body}</ca>`, ''].join('\n');
    const { ms, result } = await timed(() => importProfileFromText(text, { name: 'p' }));
    expect(ms).toBeLessThan(LIMIT_MS);
    expect((result as Error).message).toBe('<ca> block (ca) holds no PEM certificate');
  });

  it('a <key> block of BEGIN lines that never END', async () => {
    const body = fill('-----BEGIN PRIVATE KEY-----\n', MIB - 8192);
    const text = [
      tencentConfigBody(),
      inlineBlock('ca', pki.ca.certPem),
      inlineBlock('cert', pki.client.certPem),
      `<key>\n${body}</key>`,
      '',
    ].join('\n');
    const { ms, result } = await timed(() => importProfileFromText(text, { name: 'p' }));
    expect(ms).toBeLessThan(LIMIT_MS);
    expect((result as Error).message).toBe('<key> block (key) holds no readable private key');
  });

  it('"did you mean" on a 1 MiB directive name', async () => {
    const text = `${fill('a', MIB - 16)}\n`;
    const { ms, result } = await timed(() => importProfileFromText(text, { name: 'p' }));
    expect(ms).toBeLessThan(LIMIT_MS);
    expect(result).toBeInstanceOf(ConfigError);
    expect((result as Error).message).toMatch(/^unknown directive "a+"$/);
  });

  it('still suggests a near name for a short typo', async () => {
    const { result } = await timed(() => importProfileFromText('remot 1.2.3.4\n', { name: 'p' }));
    expect((result as Error).message).toBe('unknown directive "remot" (did you mean "remote"?)');
  });
});

describe('many warnings', () => {
  it('350 000 comment lines in another encoding: no stack overflow, a short warning list', async () => {
    const head = Buffer.from(
      [
        tencentConfigBody(),
        inlineBlock('ca', pki.ca.certPem),
        inlineBlock('cert', pki.client.certPem),
        inlineBlock('key', pki.client.keyPem),
        '',
      ].join('\n'),
    );
    const comment = Buffer.from('#\xff\n', 'latin1');
    const count = Math.floor((MIB - head.length) / comment.length);
    const bytes = Buffer.concat([head, Buffer.alloc(comment.length * count).fill(comment)]);
    const { ms, result } = await timed(() => importProfileFromBytes(bytes, 'gbk.ovpn'));
    expect(ms).toBeLessThan(LIMIT_MS);
    const { warnings, profile } = result as Awaited<ReturnType<typeof importProfileFromBytes>>;
    expect(warnings.length).toBeLessThanOrEqual(MAX_IMPORT_WARNINGS);
    expect(profile.warnings).toEqual(warnings);
    expect(warnings).toContain(
      `gbk.ovpn: ${count - 10} more comments are not UTF-8; they are ignored`,
    );
  });

  it('20 000 ignored directives end in one summary line', async () => {
    const text = [tencentOvpn(pki), 'verb 3\n'.repeat(20_000)].join('\n');
    const { warnings, profile } = await importProfileFromText(text, { name: 'p' });
    expect(warnings).toHaveLength(MAX_IMPORT_WARNINGS);
    expect(profile.warnings).toEqual(warnings);
    expect(warnings.at(-1)).toMatch(/^… and \d+ more warnings$/);
  });
});
