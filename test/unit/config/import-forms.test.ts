import { X509Certificate } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  importProfileFromBytes,
  importProfileFromPath,
  importProfileFromText,
  Pkcs12PasswordError,
} from '../../../src/core/config';
import { pkcs12 } from '../../support/pki';
import {
  configErrorLine,
  inlineBlock,
  makePki,
  staticKey,
  tempDir,
  tencentApiJson,
  tencentConfigBody,
  tencentOvpn,
  tlsCryptV2ClientKey,
  writeTree,
  zipOf,
  type TestPki,
} from '../../support/profiles';

let pki: TestPki;
beforeAll(() => {
  pki = makePki('Forms');
});

const siblingConfig = (extra: string[] = []): string =>
  [tencentConfigBody(), 'ca ca.crt', 'cert client.crt', 'key client.key', ...extra, ''].join('\n');

describe('single file with inline blocks', () => {
  it('normalizes a Tencent-style profile', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'tencent-vpn.ovpn');
    writeFileSync(file, tencentOvpn(pki));
    const { profile } = await importProfileFromPath(file);
    expect(profile.name).toBe('tencent-vpn');
    expect(profile.remotes).toEqual([{ host: '203.0.113.10', port: 1194, proto: 'udp' }]);
    expect(profile.dataCiphers).toEqual([
      'AES-256-GCM',
      'AES-128-GCM',
      'CHACHA20-POLY1305',
      'AES-128-CBC',
    ]);
    expect(profile.dataCiphersFallback).toBe('AES-128-CBC');
    expect(profile.digest).toBe('SHA1');
    expect(profile.compression).toBe('lzo');
    expect(profile.compLzo).toBe(true);
    expect(profile.remoteCertTls).toBe('server');
    expect(profile.ca).toContain('BEGIN CERTIFICATE');
    expect(profile.key).toContain('PRIVATE KEY');
    expect(profile.source).toMatchObject({ path: file, form: 'file' });
  });

  it('reads CRLF, a BOM, quotes and a leading -- the way OpenVPN does', async () => {
    const text =
      `\uFEFF${tencentOvpn(pki, ['--static-challenge "Enter \\"token\\"" 1', "verify-x509-name 'CN=server' subject"])}`.replace(
        /\r?\n/g,
        '\r\n',
      );
    const { profile } = await importProfileFromText(text, { name: 'crlf' });
    expect(profile.staticChallenge).toEqual({ text: 'Enter "token"', echo: true });
    expect(profile.verifyX509Name).toEqual({ name: 'CN=server', type: 'subject' });
    expect(profile.ca.includes('\r')).toBe(false);
  });

  it('fails pasted text that names files, since there is no folder', async () => {
    expect(
      await configErrorLine(
        importProfileFromText(siblingConfig(), { name: 'x', sourceName: 'paste' }),
      ),
    ).toMatch(/^paste:13: cannot read "ca\.crt": a pasted or dropped config has no folder/);
  });
});

describe('config with sibling files', () => {
  it('resolves ca.crt, client.crt, client.key, ta.key relative to the config', async () => {
    const dir = tempDir();
    writeTree(dir, {
      'conf/client.conf': siblingConfig(['tls-auth ta.key 1']),
      'conf/ca.crt': pki.ca.certPem,
      'conf/client.crt': pki.client.certPem,
      'conf/client.key': pki.client.keyPem,
      'conf/ta.key': staticKey(),
    });
    const { profile } = await importProfileFromPath(path.join(dir, 'conf/client.conf'));
    expect(profile.tlsWrap).toMatchObject({ mode: 'tls-auth', keyDirection: 1 });
    expect(profile.certificates[1]?.sha256).toBe(
      new X509Certificate(pki.client.certPem).fingerprint256,
    );
    expect(profile.certificates.map((c) => c.role)).toEqual(['ca', 'client']);
  });

  it('fails on a missing referenced file, naming it and the line', async () => {
    const dir = tempDir();
    writeTree(dir, {
      'client.ovpn': siblingConfig(),
      'ca.crt': pki.ca.certPem,
      'client.crt': pki.client.certPem,
    });
    const file = path.join(dir, 'client.ovpn');
    expect(await configErrorLine(importProfileFromPath(file))).toBe(
      `${file}:15: cannot read "client.key": no such file`,
    );
  });

  it('takes [inline] to mean the inline block, and key-direction for inline tls-auth', async () => {
    const text = [
      tencentConfigBody(),
      'ca [inline]',
      'tls-auth [inline]',
      'key-direction 1',
      inlineBlock('ca', pki.ca.certPem),
      inlineBlock('cert', pki.client.certPem),
      inlineBlock('key', pki.client.keyPem),
      inlineBlock('tls-auth', staticKey()),
    ].join('\n');
    const { profile } = await importProfileFromText(text, { name: 'inl' });
    expect(profile.tlsWrap).toMatchObject({ mode: 'tls-auth', keyDirection: 1 });
    expect(
      await configErrorLine(
        importProfileFromText(`${tencentOvpn(pki)}\ntls-crypt [inline]\n`, {
          name: 'x',
          sourceName: 's',
        }),
      ),
    ).toMatch(/^s:\d+: tls-crypt says \[inline\] but there is no <tls-crypt> block$/);
  });
});

describe('control-channel wrapping and credentials', () => {
  it('accepts tls-crypt and tls-crypt-v2 keys and rejects mixing them', async () => {
    const crypt = await importProfileFromText(
      tencentOvpn(pki, [inlineBlock('tls-crypt', staticKey())]),
      { name: 'a' },
    );
    expect(crypt.profile.tlsWrap.mode).toBe('tls-crypt');
    const v2 = await importProfileFromText(
      tencentOvpn(pki, [inlineBlock('tls-crypt-v2', tlsCryptV2ClientKey())]),
      { name: 'b' },
    );
    expect(v2.profile.tlsWrap.mode).toBe('tls-crypt-v2');
    const both = tencentOvpn(pki, [
      inlineBlock('tls-crypt', staticKey()),
      inlineBlock('tls-auth', staticKey()),
    ]);
    expect(
      await configErrorLine(importProfileFromText(both, { name: 'c', sourceName: 's' })),
    ).toMatch(/tls-auth and tls-crypt cannot be used together; keep one$/);
    const short = tencentOvpn(pki, [
      inlineBlock('tls-crypt', staticKey().replace(/^[0-9a-f]{32}$/m, '')),
    ]);
    expect(
      await configErrorLine(importProfileFromText(short, { name: 'd', sourceName: 's' })),
    ).toBe('s:13: <tls-crypt> block (tls-crypt): the static key has 240 bytes, not 256');
  });

  it('stores only the user name from an auth-user-pass file, never the password', async () => {
    const dir = tempDir();
    writeTree(dir, {
      'c.ovpn': [
        tencentConfigBody(),
        'auth-user-pass creds.txt',
        inlineBlock('ca', pki.ca.certPem),
      ].join('\n'),
      'creds.txt': 'alice\ns3cret-pass\n',
    });
    const { profile, warnings } = await importProfileFromPath(path.join(dir, 'c.ovpn'));
    expect(profile.authUserPass).toBe(true);
    expect(profile.username).toBe('alice');
    expect(JSON.stringify(profile)).not.toContain('s3cret-pass');
    expect(warnings.some((w) => w.includes('the password in creds.txt is not stored'))).toBe(true);
  });

  it('needs some client credentials', async () => {
    const text = [tencentConfigBody(), inlineBlock('ca', pki.ca.certPem)].join('\n');
    expect(await configErrorLine(importProfileFromText(text, { name: 'x', sourceName: 's' }))).toBe(
      's: no client credentials: the profile has neither a client certificate (cert and key, or pkcs12) nor auth-user-pass',
    );
  });

  it('reads <connection> blocks as extra remotes', async () => {
    const text = tencentOvpn(pki, ['<connection>', 'remote 198.51.100.7 443 tcp', '</connection>']);
    const { profile } = await importProfileFromText(text, { name: 'conn' });
    expect(profile.remotes).toEqual([
      { host: '203.0.113.10', port: 1194, proto: 'udp' },
      { host: '198.51.100.7', port: 443, proto: 'tcp' },
    ]);
  });
});

describe('PKCS#12', () => {
  it('checks the bundle with the right password and keeps it protected', async () => {
    const dir = tempDir();
    const bundle = pkcs12(pki.client, pki.ca, 'p12-pass');
    writeTree(dir, {
      'c.ovpn': [tencentConfigBody(), 'pkcs12 client.p12'].join('\n'),
      'client.p12': bundle,
    });
    const { profile, warnings } = await importProfileFromPath(path.join(dir, 'c.ovpn'), {
      p12Password: 'p12-pass',
    });
    expect(profile.pkcs12).toBe(bundle.toString('base64'));
    expect(profile.keyEncrypted).toBe(true);
    expect(profile.key).toBeUndefined();
    expect(JSON.stringify(profile)).not.toContain('PRIVATE KEY');
    expect(profile.certificates.map((c) => [c.role, c.subject])).toEqual([
      ['ca', 'CN=Forms CA'],
      ['client', 'CN=client1'],
    ]);
    expect(warnings.some((w) => w.includes('client.p12 is password-protected'))).toBe(true);
  });

  it('unpacks a bundle that has no password', async () => {
    const b64 = pkcs12(pki.client, pki.ca, '').toString('base64');
    const { profile } = await importProfileFromText(
      [tencentConfigBody(), inlineBlock('pkcs12', b64)].join('\n'),
      { name: 'p' },
    );
    expect(profile.pkcs12).toBeUndefined();
    expect(profile.keyEncrypted).toBeUndefined();
    expect(profile.key).toContain('BEGIN PRIVATE KEY');
  });

  it('fails clearly on a wrong password, and on an inline bundle too', async () => {
    const dir = tempDir();
    const file = path.join(dir, 'c.ovpn');
    writeTree(dir, {
      'c.ovpn': [tencentConfigBody(), 'pkcs12 client.p12'].join('\n'),
      'client.p12': pkcs12(pki.client, pki.ca, 'right'),
    });
    expect(await configErrorLine(importProfileFromPath(file, { p12Password: 'wrong' }))).toBe(
      `${file}:13: wrong password for PKCS#12 client.p12`,
    );
    // The app tells "ask again" by the error's reason.
    await expect(importProfileFromPath(file, { p12Password: 'x' })).rejects.toMatchObject({
      reason: 'wrong',
    });
    await expect(importProfileFromPath(file, { p12Password: 'nope' })).rejects.toBeInstanceOf(
      Pkcs12PasswordError,
    );
    const b64 = pkcs12(pki.client, pki.ca, 'right').toString('base64').replace(/.{64}/g, '$&\n');
    const inline = [tencentConfigBody(), inlineBlock('pkcs12', b64)].join('\n');
    const ok = await importProfileFromText(inline, { name: 'p', p12Password: 'right' });
    expect(ok.profile.cert).toContain('BEGIN CERTIFICATE');
  });
});

describe('zip bundles and Tencent API JSON', () => {
  it('finds the one config in a sub-folder and resolves files beside it', async () => {
    const dir = tempDir();
    const zip = zipOf({
      'tencent-vpn/client.ovpn': siblingConfig(),
      'tencent-vpn/ca.crt': pki.ca.certPem,
      'tencent-vpn/client.crt': pki.client.certPem,
      'tencent-vpn/client.key': pki.client.keyPem,
      '__MACOSX/tencent-vpn/._client.ovpn': 'resource fork',
      'README.txt': 'hello',
    });
    writeFileSync(path.join(dir, 'bundle.zip'), zip);
    const { profile } = await importProfileFromPath(path.join(dir, 'bundle.zip'));
    expect(profile.name).toBe('bundle');
    expect(profile.source.form).toBe('zip');
    expect(profile.certificates).toHaveLength(2);
  });

  it('reads a PKCS#12 bundle that sits in the zip beside the config', async () => {
    const zip = zipOf({
      'alibaba/config.ovpn': [tencentConfigBody(), 'pkcs12 certs/client.p12'].join('\n'),
      'alibaba/certs/client.p12': pkcs12(pki.client, pki.ca, 'zip-pass'),
    });
    const { profile } = await importProfileFromBytes(zip, 'certs.zip', { p12Password: 'zip-pass' });
    expect(profile.certificates.map((c) => c.subject)).toEqual(['CN=Forms CA', 'CN=client1']);
    expect(profile.pkcs12).toBeDefined();
    expect(profile.keyEncrypted).toBe(true);
  });

  it('recognizes a zip by magic even under a wrong extension, from bytes', async () => {
    const zip = zipOf({ 'x/client.ovpn': tencentOvpn(pki) });
    const { profile } = await importProfileFromBytes(zip, 'download.ovpn', { name: 'dropped' });
    expect(profile.source.form).toBe('zip');
  });

  it('names the zip entry in errors', async () => {
    const zip = zipOf({ 'sub/client.ovpn': siblingConfig(), 'sub/ca.crt': pki.ca.certPem });
    expect(await configErrorLine(importProfileFromBytes(zip, 'bundle.zip'))).toBe(
      'bundle.zip!sub/client.ovpn:14: cannot read "client.crt": no such file in bundle.zip',
    );
  });

  it('imports Tencent DownloadVpnGatewaySslClientCert output, bare and wrapped', async () => {
    for (const wrapped of [false, true]) {
      const { profile } = await importProfileFromBytes(
        new TextEncoder().encode(tencentApiJson(pki, wrapped)),
        'cert.json',
      );
      expect(profile.source.form).toBe('tencent-json');
      expect(profile.name).toBe('cert');
      expect(profile.dataCiphers).toContain('AES-128-CBC');
      expect(profile.certificates.map((c) => c.role)).toEqual(['ca', 'client']);
    }
    expect(
      await configErrorLine(
        importProfileFromBytes(new TextEncoder().encode('{"Response":{"Error":{}}}'), 'e.json'),
      ),
    ).toBe(
      'e.json: JSON without "SslVpnClientConfiguration": expected Tencent Cloud\'s DownloadVpnGatewaySslClientCert output',
    );
  });

  it('says a lone PKCS#12 file is not a profile', async () => {
    expect(
      await configErrorLine(importProfileFromBytes(pkcs12(pki.client, pki.ca, 'x'), 'me.p12')),
    ).toMatch(/^me\.p12: a PKCS#12 file alone is not a profile/);
  });
});

describe('file references stay inside the config folder', () => {
  it('refuses absolute paths, .. and symlinks that lead out', async () => {
    const dir = tempDir();
    const outsideDir = tempDir();
    writeTree(outsideDir, { 'creds.txt': 'root:secret-hash\n' });
    const { symlinkSync } = await import('node:fs');
    writeTree(dir, { 'vpn/ca.crt': pki.ca.certPem });
    symlinkSync(path.join(outsideDir, 'creds.txt'), path.join(dir, 'vpn/link.txt'));
    const refs = [path.join(outsideDir, 'creds.txt'), '../../creds.txt', 'link.txt'];
    for (const ref of refs) {
      writeTree(dir, {
        'vpn/c.ovpn': [tencentConfigBody(), 'ca ca.crt', `auth-user-pass "${ref}"`].join('\n'),
      });
      const file = path.join(dir, 'vpn/c.ovpn');
      expect(await configErrorLine(importProfileFromPath(file))).toBe(
        `${file}:14: cannot read "${ref}": only files in the config's folder are read (copy the file next to the config)`,
      );
    }
  });
});
