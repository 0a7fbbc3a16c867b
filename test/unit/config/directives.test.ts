import { beforeAll, describe, expect, it } from 'vitest';
import {
  IGNORED_DIRECTIVES,
  REFUSED_DIRECTIVES,
  SUPPORTED_DIRECTIVES,
  classifyDirective,
} from '../../../src/core/config/directives';
import { HANDLERS } from '../../../src/core/config/parse-config';
import { importProfileFromText } from '../../../src/core/config';
import { configErrorLine, makePki, tencentOvpn, type TestPki } from '../../support/profiles';

let pki: TestPki;
beforeAll(() => {
  pki = makePki('Directives');
});

/** Imports a Tencent-style profile with `lines` inserted after the 12 header lines (so they start at line 13). */
const withLines = (...lines: string[]) =>
  importProfileFromText(tencentOvpn(pki, lines), { name: 't', sourceName: 'client.ovpn' });

describe('directive table', () => {
  it('puts every directive in exactly one class', () => {
    const all = [
      ...SUPPORTED_DIRECTIVES,
      ...IGNORED_DIRECTIVES.keys(),
      ...REFUSED_DIRECTIVES.keys(),
    ];
    expect(new Set(all).size).toBe(all.length);
    expect(all.length).toBeGreaterThan(200);
  });

  it('has a handler for exactly the supported directives', () => {
    expect([...HANDLERS.keys()].sort()).toEqual([...SUPPORTED_DIRECTIVES].sort());
  });

  it('refuses everything that runs programs, loads code or touches files', () => {
    for (const name of [
      'up',
      'down',
      'route-up',
      'route-pre-down',
      'ipchange',
      'learn-address',
      'client-connect',
      'client-disconnect',
      'script-security',
      'plugin',
      'tls-verify',
      'auth-user-pass-verify',
      'management',
      'management-hold',
      'management-query-passwords',
      'config',
      'cd',
      'chroot',
      'log',
      'log-append',
      'writepid',
      'status',
      'tls-export-cert',
      'askpass',
      'iproute',
      'ifconfig-noexec',
      'route-noexec',
    ]) {
      expect(classifyDirective(name).kind, name).toBe('refused');
    }
  });
});

describe('directive classes at import', () => {
  it('fails a refused directive with the exact message and line', async () => {
    expect(await configErrorLine(withLines('up /etc/openvpn/update-resolv-conf'))).toBe(
      'client.ovpn:13: directive "up" is refused: it would run a program; remove it from the config',
    );
    expect(await configErrorLine(withLines('verb 1', 'plugin /usr/lib/x.so'))).toBe(
      'client.ovpn:14: directive "plugin" is refused: it would load a plugin or other code; remove it from the config',
    );
    expect(await configErrorLine(withLines('management-hold'))).toMatch(
      /^client\.ovpn:13: directive "management-hold" is refused: it would open a management interface/,
    );
    expect(await configErrorLine(withLines('log /tmp/x.log'))).toMatch(
      /it would read or write files outside the profile/,
    );
  });

  it('suggests the nearest known directive for a typo', async () => {
    expect(await configErrorLine(withLines('remot 198.51.100.1 1194'))).toBe(
      'client.ovpn:13: unknown directive "remot" (did you mean "remote"?)',
    );
    expect(await configErrorLine(withLines('persist-tunn'))).toBe(
      'client.ovpn:13: unknown directive "persist-tunn" (did you mean "persist-tun"?)',
    );
    expect(await configErrorLine(withLines('frobnicate-all-the-things'))).toBe(
      'client.ovpn:13: unknown directive "frobnicate-all-the-things"',
    );
  });

  it('warns for ignored directives, naming the directive and line', async () => {
    const { warnings } = await withLines('block-outside-dns', 'sndbuf 0');
    expect(warnings).toContain(
      'client.ovpn:13: directive "block-outside-dns" is ignored: a Windows-only option',
    );
    expect(
      warnings.some((w) => w.startsWith('client.ovpn:14: directive "sndbuf" is ignored')),
    ).toBe(true);
    expect(
      warnings.some((w) => w.startsWith('client.ovpn:9: directive "persist-key" is ignored')),
    ).toBe(true);
  });

  it('lets setenv opt and ignore-unknown-option soften unknown directives, never refused ones', async () => {
    const { warnings } = await withLines(
      'setenv opt some-future-option 1',
      'ignore-unknown-option other-new',
      'other-new x',
    );
    expect(warnings).toContain(
      'client.ovpn:13: unknown directive "some-future-option" is ignored (the config marks it optional)',
    );
    expect(warnings).toContain(
      'client.ovpn:15: unknown directive "other-new" is ignored (the config marks it optional)',
    );
    expect(await configErrorLine(withLines('setenv opt up /bin/sh'))).toMatch(
      /^client\.ovpn:13: directive "up" is refused/,
    );
  });

  it('checks argument counts and values', async () => {
    expect(await configErrorLine(withLines('remote'))).toBe(
      'client.ovpn:13: remote takes 1 to 3 arguments, got 0',
    );
    expect(await configErrorLine(withLines('remote h 99999'))).toBe(
      'client.ovpn:13: remote: 99999 is out of range (1 to 65535)',
    );
    expect(await configErrorLine(withLines('dev tap'))).toBe(
      'client.ovpn:13: dev: only "dev tun" is supported (got "tap")',
    );
    expect(await configErrorLine(withLines('proto tcp-server'))).toMatch(
      /unknown protocol "tcp-server" \(that is a server setting\)/,
    );
    expect(await configErrorLine(withLines('<remote>', 'x', '</remote>'))).toBe(
      'client.ovpn:13: "remote" cannot be given as an inline <remote> block',
    );
  });
});
