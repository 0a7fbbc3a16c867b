import { beforeAll, describe, expect, it } from 'vitest';
import { importProfileFromText } from '../../../src/core/config';
import { effectiveCiphers } from '../../../src/core/config/ciphers';
import { issue, makeCa } from '../../support/pki';
import {
  configErrorLine,
  inlineBlock,
  makePki,
  tencentConfigBody,
  tencentOvpn,
  type TestPki,
} from '../../support/profiles';

let pki: TestPki;
beforeAll(() => {
  pki = makePki('Rules');
});

const DAY = 86_400_000;
const load = (text: string) => importProfileFromText(text, { name: 'r', sourceName: 'r.ovpn' });
const withCipherLines = (...lines: string[]) =>
  load(
    tencentOvpn(pki)
      .replace('cipher AES-128-CBC\n', '')
      .replace('client\n', `client\n${lines.join('\n')}\n`),
  );

describe('effective data ciphers', () => {
  it('appends a named cipher to the default list (Tencent AES-128-CBC)', async () => {
    const { profile } = await load(tencentOvpn(pki));
    expect(profile.dataCiphers).toEqual([
      'AES-256-GCM',
      'AES-128-GCM',
      'CHACHA20-POLY1305',
      'AES-128-CBC',
    ]);
  });

  it('does not duplicate a cipher already in the list, and matches names case-insensitively', async () => {
    const { profile } = await withCipherLines('cipher aes-256-gcm');
    expect(profile.dataCiphers).toEqual(['AES-256-GCM', 'AES-128-GCM', 'CHACHA20-POLY1305']);
    expect(profile.dataCiphersFallback).toBe('AES-256-GCM');
  });

  it('lets data-ciphers replace the default, still adding cipher', async () => {
    const { profile } = await withCipherLines(
      'data-ciphers AES-256-GCM:CHACHA20-POLY1305',
      'cipher AES-256-CBC',
    );
    expect(profile.dataCiphers).toEqual(['AES-256-GCM', 'CHACHA20-POLY1305', 'AES-256-CBC']);
  });

  it('warns about and drops unsupported ciphers such as BF-CBC', async () => {
    const { profile, warnings } = await withCipherLines('cipher BF-CBC');
    expect(profile.dataCiphers).toEqual(['AES-256-GCM', 'AES-128-GCM', 'CHACHA20-POLY1305']);
    expect(profile.dataCiphersFallback).toBeUndefined();
    expect(
      warnings.some((w) =>
        /^r\.ovpn:2: cipher BF-CBC is not supported by Gangway and is ignored/.test(w),
      ),
    ).toBe(true);
    expect(
      effectiveCiphers({ dataCiphers: ['AES-256-GCM', 'DES-CBC', '?CAMELLIA-128-CBC'] }).notes,
    ).toEqual(['data cipher DES-CBC is not supported by Gangway and is left out']);
  });

  it('fails when nothing usable is left', async () => {
    expect(await configErrorLine(withCipherLines('data-ciphers BF-CBC:DES-EDE3-CBC'))).toMatch(
      /^r\.ovpn:2: no supported data cipher: Gangway supports AES-128-GCM/,
    );
  });

  it('defaults auth to SHA1 and rejects unknown digests', async () => {
    const sha256 = await load(tencentOvpn(pki).replace('auth SHA1', 'auth sha256'));
    expect(sha256.profile.digest).toBe('SHA256');
    const none = await load(tencentOvpn(pki).replace('auth SHA1\n', ''));
    expect(none.profile.digest).toBe('SHA1');
    expect(
      await configErrorLine(load(tencentOvpn(pki).replace('auth SHA1', 'auth WHIRLPOOL'))),
    ).toBe(
      'r.ovpn:6: auth: digest "WHIRLPOOL" is not supported; use SHA1, SHA256, SHA384 or SHA512',
    );
  });

  it('maps compression directives to framings', async () => {
    const cases: Array<[string, string, boolean]> = [
      ['comp-lzo no', 'lzo', true],
      ['comp-lzo adaptive', 'lzo', true],
      ['compress', 'stub', false],
      ['compress stub-v2', 'stub-v2', false],
      ['compress lz4', 'lz4', false],
      ['compress lz4-v2', 'lz4-v2', false],
      ['compress lzo', 'lzo', false],
    ];
    for (const [line, compression, compLzo] of cases) {
      const { profile } = await load(tencentOvpn(pki).replace('comp-lzo', line));
      expect([line, profile.compression, profile.compLzo]).toEqual([line, compression, compLzo]);
    }
    const none = await load(tencentOvpn(pki).replace('comp-lzo\n', ''));
    expect(none.profile.compression).toBe('none');
    expect(await configErrorLine(load(tencentOvpn(pki).replace('comp-lzo', 'compress zstd')))).toBe(
      'r.ovpn:7: compress: unknown algorithm "zstd"; use stub, stub-v2, lz4, lz4-v2 or lzo',
    );
  });
});

describe('certificate checks', () => {
  const clientConfig = (
    client: { certPem: string; keyPem: string },
    caPem = pki.ca.certPem,
  ): string =>
    [
      tencentConfigBody(),
      inlineBlock('ca', caPem),
      inlineBlock('cert', client.certPem),
      inlineBlock('key', client.keyPem),
    ].join('\n');
  const withClient = (client: { certPem: string; keyPem: string }, caPem = pki.ca.certPem) =>
    load(clientConfig(client, caPem));
  /** 1-based line of the `<key>` block in the config built for `client`. */
  const keyLine = (client: { certPem: string; keyPem: string }): number =>
    clientConfig(client).split('\n').indexOf('<key>') + 1;

  it('records subject, issuer, validity, fingerprint, key and signature', async () => {
    const { profile, warnings } = await withClient(pki.client);
    const client = profile.certificates.find((c) => c.role === 'client');
    expect(client).toMatchObject({
      subject: 'CN=client1',
      issuer: 'CN=Rules CA',
      keyType: 'RSA',
      keyBits: 2048,
      signatureAlgorithm: 'sha256WithRSAEncryption',
    });
    expect(client?.sha256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    expect(warnings.filter((w) => /certificate/.test(w))).toEqual([]);
  });

  it('warns (never blocks) on expired, not yet valid, soon expiring, weak key and weak signature', async () => {
    const expired = issue(pki.ca, {
      commonName: 'old',
      keyBits: 1024,
      notAfter: new Date(Date.now() - DAY),
    });
    const soon = issue(pki.ca, {
      commonName: 'soon',
      keyBits: 1024,
      hash: 'sha1',
      notAfter: new Date(Date.now() + 10 * DAY),
    });
    const future = issue(pki.ca, {
      commonName: 'future',
      keyBits: 1024,
      hash: 'md5',
      notBefore: new Date(Date.now() + 5 * DAY),
    });
    const w1 = (await withClient(expired)).warnings;
    expect(
      w1.some((w) => /^r\.ovpn: client certificate "CN=old" expired on \d{4}-\d\d-\d\d$/.test(w)),
    ).toBe(true);
    expect(w1).toContain(
      'r.ovpn: client certificate "CN=old" has a weak 1024-bit RSA key (2048 or more is safe)',
    );
    const w2 = (await withClient(soon)).warnings;
    expect(w2.some((w) => /client certificate "CN=soon" expires in (9|10) days/.test(w))).toBe(
      true,
    );
    expect(w2).toContain(
      'r.ovpn: client certificate "CN=soon" is signed with the weak sha1WithRSAEncryption algorithm',
    );
    const w3 = (await withClient(future)).warnings;
    expect(w3.some((w) => /client certificate "CN=future" is not valid before/.test(w))).toBe(true);
    expect(w3.some((w) => /signed with the weak md5WithRSAEncryption algorithm/.test(w))).toBe(
      true,
    );
  });

  it('fails when the key does not match the certificate', async () => {
    const mismatched = { certPem: pki.client.certPem, keyPem: pki.server.keyPem };
    expect(await configErrorLine(withClient(mismatched))).toBe(
      `r.ovpn:${keyLine(mismatched)}: the private key does not match the client certificate`,
    );
  });

  it('fails on a missing CA, a damaged CA and a missing remote', async () => {
    const noCa = [
      tencentConfigBody(),
      inlineBlock('cert', pki.client.certPem),
      inlineBlock('key', pki.client.keyPem),
    ].join('\n');
    expect(await configErrorLine(load(noCa))).toBe(
      'r.ovpn: no CA certificate: add a <ca> block or a "ca FILE" line',
    );
    expect(await configErrorLine(withClient(pki.client, 'not a certificate'))).toBe(
      'r.ovpn:13: <ca> block (ca) holds no PEM certificate',
    );
    expect(await configErrorLine(load(tencentOvpn(pki).replace(/^remote .*\n/m, '')))).toBe(
      'r.ovpn: no "remote" line: the profile does not say which server to connect to',
    );
  });

  it('keeps a whole CA bundle', async () => {
    const other = makeCa('Second CA', { keyBits: 1024 });
    const { profile } = await withClient(pki.client, pki.ca.certPem + other.certPem);
    expect(profile.certificates.filter((c) => c.role === 'ca').map((c) => c.subject)).toEqual([
      'CN=Rules CA',
      'CN=Second CA',
    ]);
  });
});
