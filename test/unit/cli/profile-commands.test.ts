import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { zipSync } from 'fflate';
import { beforeAll, describe, expect, it } from 'vitest';
import { pkcs12 } from '../../support/pki';
import {
  makePki,
  tempDir,
  tencentApiJson,
  tencentOvpn,
  writeTree,
  zipOf,
  zipWithName,
  type TestPki,
} from '../../support/profiles';

const repo = path.resolve(__dirname, '../../..');
let cli: string;
let pki: TestPki;
let work: string;

beforeAll(() => {
  const build = spawnSync(process.execPath, ['scripts/build.mjs', 'cli'], {
    cwd: repo,
    encoding: 'utf8',
  });
  expect(build.status, build.stderr).toBe(0);
  // Run a private copy: other work in this tree may rebuild dist/ while these tests run.
  const dir = tempDir('gw-cfg-cli-');
  cli = path.join(dir, 'gangway.cjs');
  copyFileSync(path.join(repo, 'dist/cli/gangway.cjs'), cli);
  pki = makePki('CLI');
  work = tempDir('gw-cfg-work-');
}, 60_000);

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function gangway(home: string, ...args: string[]): Run {
  const r = spawnSync(process.execPath, [cli, ...args], {
    encoding: 'utf8',
    env: { ...process.env, GANGWAY_HOME: home },
    timeout: 30_000,
  });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function file(name: string, content: string | Uint8Array): string {
  const p = path.join(work, name);
  writeTree(work, { [name]: content });
  return p;
}

/** Every file under the store, with contents' size and mtime: "unchanged" means equal snapshots. */
function snapshot(home: string): string[] {
  const dir = path.join(home, 'profiles');
  if (!existsSync(dir)) return [];
  return readdirSync(dir).map((f) => {
    const s = statSync(path.join(dir, f));
    return `${f}:${s.size}:${s.mtimeMs}`;
  });
}

describe('gangway import / list / show / remove', () => {
  it('imports, lists, shows and removes a profile with 0700/0600 modes', () => {
    const home = tempDir('gw-cfg-home-');
    const config = file('office.ovpn', tencentOvpn(pki));
    const imported = gangway(home, 'import', config);
    expect(imported.status).toBe(0);
    expect(imported.stdout).toBe('office\n');
    expect(imported.stderr).toContain(`warning: ${config}:9: directive "persist-key" is ignored`);
    expect(statSync(path.join(home, 'profiles')).mode & 0o777).toBe(0o700);
    expect(statSync(path.join(home, 'profiles', 'office.json')).mode & 0o777).toBe(0o600);

    const list = gangway(home, 'list');
    expect(list.status).toBe(0);
    expect(list.stdout.split('\n')[0]).toMatch(/^NAME\s+REMOTE\s+PROTO\s+CIPHER$/);
    expect(list.stdout.split('\n')[1]).toMatch(
      /^office\s+203\.0\.113\.10:1194\s+udp\s+AES-128-CBC$/,
    );

    for (const args of [
      ['show', 'office'],
      ['show', 'office', '--json'],
    ]) {
      const shown = gangway(home, ...args);
      expect(shown.status).toBe(0);
      expect(shown.stdout).not.toMatch(/PRIVATE KEY|BEGIN CERTIFICATE/);
      expect(shown.stdout).toContain('CN=client1');
    }

    expect(gangway(home, 'remove', 'office')).toMatchObject({
      status: 0,
      stdout: 'removed office\n',
    });
    expect(gangway(home, 'show', 'office')).toMatchObject({
      status: 2,
      stderr:
        'gangway: no profile named "office" (run `gangway list` to see the stored profiles)\n',
    });
  });

  it('warns at import, and keeps the note, when the profile does not verify the server', () => {
    const home = tempDir('gw-cfg-home-');
    const unverified = tencentOvpn(pki).replace('remote-cert-tls server\n', '');
    const config = file('open.ovpn', unverified);
    const imported = gangway(home, 'import', config);
    expect(imported.status).toBe(0);
    expect(imported.stderr).toContain(
      `warning: ${config}: no server certificate verification (add "remote-cert-tls server" or "verify-x509-name")`,
    );
    const shown = JSON.parse(gangway(home, 'show', 'open', '--json').stdout);
    expect(
      shown.warnings.filter((w: string) => /could impersonate the server/.test(w)),
    ).toHaveLength(1);
    for (const check of [
      'remote-cert-tls server',
      'verify-x509-name server name',
      'remote-cert-eku serverAuth',
    ]) {
      const verified = gangway(
        home,
        'inspect',
        file('v.ovpn', tencentOvpn(pki, [check]).replace('remote-cert-tls server\n', '')),
      );
      expect(verified.status, check).toBe(0);
      expect(verified.stderr + verified.stdout, check).not.toMatch(/impersonate/);
    }
  });

  it('imports a zip, Tencent JSON and PKCS#12 with a password file', () => {
    const home = tempDir('gw-cfg-home-');
    const zip = file('bundle.zip', zipOf({ 'vpn/client.ovpn': tencentOvpn(pki) }));
    expect(gangway(home, 'import', zip)).toMatchObject({ status: 0, stdout: 'bundle\n' });
    const json = file('DownloadVpnGatewaySslClientCert.json', tencentApiJson(pki, true));
    expect(gangway(home, 'import', json, '--name', 'tencent')).toMatchObject({
      status: 0,
      stdout: 'tencent\n',
    });
    writeTree(work, {
      'p12/c.ovpn': tencentOvpn(pki).replace(/<cert>[\s\S]*<\/key>\n/, 'pkcs12 c.p12\n'),
      'p12/c.p12': pkcs12(pki.client, pki.ca, 'hunter2'),
      'p12/pass.txt': 'hunter2\n',
    });
    const p12 = gangway(
      home,
      'import',
      path.join(work, 'p12/c.ovpn'),
      '--p12-password-file',
      path.join(work, 'p12/pass.txt'),
    );
    expect(p12).toMatchObject({ status: 0, stdout: 'c\n' });
    // Without the password, inspect and import still work and say it is needed to connect.
    const locked = gangway(home, 'inspect', path.join(work, 'p12/c.ovpn'));
    expect(locked.status).toBe(0);
    expect(locked.stdout).toContain(
      'client certificate (key encrypted: its passphrase is asked when connecting)',
    );
    expect(locked.stdout).toMatch(/c\.p12 is password-protected .* asks for its password/);
    expect(
      gangway(home, 'import', path.join(work, 'p12/c.ovpn'), '--name', 'c-locked'),
    ).toMatchObject({ status: 0, stdout: 'c-locked\n' });
    const stored = readFileSync(path.join(home, 'profiles', 'c-locked.json'), 'utf8');
    expect(stored).not.toContain('PRIVATE KEY');
    const names = gangway(home, 'list')
      .stdout.split('\n')
      .slice(1, 4)
      .map((l) => l.split(/\s+/)[0]);
    expect(names).toEqual(['bundle', 'c', 'c-locked']);
  });
});

describe('gangway inspect --json', () => {
  it('prints the documented shape and stores nothing', () => {
    const home = tempDir('gw-cfg-home-');
    const config = file(
      'inspect-me.ovpn',
      tencentOvpn(pki, ['auth-user-pass', 'static-challenge "OTP code" 0']),
    );
    const r = gangway(home, 'inspect', config, '--json');
    expect(r.status).toBe(0);
    expect(r.stdout).not.toMatch(/PRIVATE KEY/);
    const out = JSON.parse(r.stdout);
    expect(out).toMatchObject({
      name: 'inspect-me',
      remotes: [{ host: '203.0.113.10', port: 1194, proto: 'udp' }],
      dataCiphers: ['AES-256-GCM', 'AES-128-GCM', 'CHACHA20-POLY1305', 'AES-128-CBC'],
      digest: 'SHA1',
      tlsWrap: { mode: 'none', keyDirection: null },
      compression: 'lzo',
      credentials: {
        certificate: true,
        userPass: true,
        staticChallenge: { text: 'OTP code', echo: false },
      },
    });
    expect(out.certificates.map((c: { role: string }) => c.role)).toEqual(['ca', 'client']);
    for (const c of out.certificates) {
      expect(typeof c.subject).toBe('string');
      expect(new Date(c.notAfter).toISOString()).toBe(c.notAfter);
      expect(c.sha256).toMatch(/^([0-9A-F]{2}:){31}[0-9A-F]{2}$/);
    }
    expect(out.warnings.length).toBeGreaterThan(0);
    expect(out.warnings.every((w: unknown) => typeof w === 'string')).toBe(true);
    expect(existsSync(path.join(home, 'profiles'))).toBe(false);
  });
});

describe('bad input: one line, exit 2, store unchanged', () => {
  let home: string;
  beforeAll(() => {
    home = tempDir('gw-cfg-home-');
    expect(gangway(home, 'import', file('existing.ovpn', tencentOvpn(pki))).status).toBe(0);
  });

  const ovpn = (lines: string[]): string => tencentOvpn(pki, lines);
  const cases: Array<[string, () => string[], (p: string) => string]> = [
    [
      'unterminated block',
      () => [file('unterminated.ovpn', ovpn(['<tls-auth>', 'abc']))],
      (p) => `${p}:13: <tls-auth> block is not closed: no "</tls-auth>" line follows`,
    ],
    [
      'misspelled directive',
      () => [file('typo.ovpn', ovpn(['remot 198.51.100.1']))],
      (p) => `${p}:13: unknown directive "remot" (did you mean "remote"?)`,
    ],
    [
      'refused directive',
      () => [file('up.ovpn', ovpn(['script-security 2', 'up /etc/openvpn/up.sh']))],
      (p) =>
        `${p}:13: directive "script-security" is refused: it would run a program; remove it from the config`,
    ],
    [
      'missing referenced file',
      () => [file('missing.ovpn', ovpn(['tls-auth ta.key 1']))],
      (p) => `${p}:13: cannot read "ta.key": no such file`,
    ],
    [
      'binary junk',
      () => [file('junk.ovpn', new Uint8Array([0x63, 0x6c, 0x0a, 0xc3, 0x28, 0x00]))],
      (p) => `${p}:2: binary data (NUL byte): this is not a text config`,
    ],
    [
      'missing CA',
      () => [file('noca.ovpn', ovpn([]).replace(/<ca>[\s\S]*<\/ca>\n/, ''))],
      (p) => `${p}: no CA certificate: add a <ca> block or a "ca FILE" line`,
    ],
    [
      'no remote',
      () => [file('noremote.ovpn', ovpn([]).replace(/^remote .*\n/m, ''))],
      (p) => `${p}: no "remote" line: the profile does not say which server to connect to`,
    ],
    [
      'name taken',
      () => [file('sub/existing.ovpn', ovpn([]))],
      (p) => `${p}: a profile named "existing" already exists; choose another name with --name`,
    ],
    [
      'two configs in a zip',
      () => [file('two.zip', zipOf({ 'a.ovpn': ovpn([]), 'b.conf': ovpn([]) }))],
      (p) => `${p}: the zip holds more than one config (a.ovpn, b.conf); keep only one`,
    ],
    [
      'zip path traversal',
      () => [file('trav.zip', zipWithName('xx/c.ovpn', '../c.ovpn', ovpn([])))],
      (p) => `${p}!../c.ovpn: unsafe path in zip: ".." would escape the bundle`,
    ],
    [
      'zip symlink',
      () => [
        file(
          'link.zip',
          zipSync({
            'c.ovpn': new TextEncoder().encode(ovpn([])),
            'ta.key': [
              new TextEncoder().encode('/etc/shadow'),
              { os: 3, attrs: (0o120777 << 16) >>> 0 },
            ],
          }),
        ),
      ],
      (p) => `${p}!ta.key: symbolic links are not allowed in a profile zip`,
    ],
    [
      'zip with too many entries',
      () => [
        file(
          'many.zip',
          zipOf(Object.fromEntries(Array.from({ length: 70 }, (_, i) => [`f${i}.txt`, 'x']))),
        ),
      ],
      (p) => `${p}: the zip has 70 entries; at most 64 are allowed`,
    ],
    [
      'zip entry too large',
      () => [
        file('bomb.zip', zipOf({ 'c.ovpn': ovpn([]), 'z.bin': new Uint8Array(32 * 1024 * 1024) })),
      ],
      (p) =>
        `${p}!z.bin: the entry unpacks to more than 1048576 bytes; that is not a key or config`,
    ],
    [
      'error inside a zip entry',
      () => [file('inzip.zip', zipOf({ 'sub/client.ovpn': ovpn(['remot x']) }))],
      (p) => `${p}!sub/client.ovpn:13: unknown directive "remot" (did you mean "remote"?)`,
    ],
  ];

  it.each(cases)('%s', (_label, makeArgs, expected) => {
    const before = snapshot(home);
    const args = makeArgs();
    const r = gangway(home, 'import', ...args);
    expect(r.stderr).toBe(`${expected(args[0] as string)}\n`);
    expect(r.status).toBe(2);
    expect(r.stdout).toBe('');
    expect(snapshot(home)).toEqual(before);
  });

  it('wrong PKCS#12 password', () => {
    writeTree(work, {
      'wp/c.ovpn': tencentOvpn(pki)
        .replace(/<cert>[\s\S]*<\/key>\n/, '')
        .replace('nobind', 'nobind\npkcs12 c.p12'),
      'wp/c.p12': pkcs12(pki.client, pki.ca, 'right'),
      'wp/pass.txt': 'wrong\n',
    });
    const before = snapshot(home);
    const config = path.join(work, 'wp/c.ovpn');
    const r = gangway(
      home,
      'import',
      config,
      '--p12-password-file',
      path.join(work, 'wp/pass.txt'),
    );
    expect(r).toMatchObject({
      status: 2,
      stderr: `${config}:9: wrong password for PKCS#12 c.p12\n`,
    });
    expect(snapshot(home)).toEqual(before);
  });

  it('usage errors and bad names', () => {
    expect(gangway(home, 'import')).toMatchObject({
      status: 2,
      stderr: 'import: expected one PATH\n',
    });
    expect(gangway(home, 'import', 'x.ovpn', '--bogus').status).toBe(2);
    const config = file('n.ovpn', tencentOvpn(pki));
    expect(gangway(home, 'import', config, '--name', '../evil')).toMatchObject({
      status: 2,
      stderr: `${config}: invalid profile name "../evil": the name must not contain "/" or "\\"\n`,
    });
  });
});
