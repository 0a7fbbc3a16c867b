import { beforeAll, describe, expect, it } from 'vitest';
import { importProfileFromBytes, importProfileFromText } from '../../../src/core/config';
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
  pki = makePki('Fields');
});

const load = (lines: string[]) =>
  importProfileFromText(tencentOvpn(pki, lines), { name: 'f', sourceName: 'f.ovpn' });

describe('directives become profile fields', () => {
  it('connection settings and timers', async () => {
    const { profile } = await load([
      'remote vpn2.example.test 443 tcp-client',
      'remote 2001:db8::1 1195 udp6',
      'port 1200',
      'remote-random',
      'connect-retry 5 60',
      'connect-retry-max 3',
      'server-poll-timeout 10',
      'resolv-retry 30',
      'lport 5000',
      'keepalive 10 60',
      'ping-exit 600',
      'reneg-sec 0',
      'reneg-bytes 1000000',
      'explicit-exit-notify',
      'mssfix 1400',
      'tun-mtu 1400',
    ]);
    expect(profile.remotes).toEqual([
      { host: '203.0.113.10', port: 1194, proto: 'udp' },
      { host: 'vpn2.example.test', port: 443, proto: 'tcp' },
      { host: '2001:db8::1', port: 1195, proto: 'udp', family: 6 },
    ]);
    expect(profile).toMatchObject({
      remoteRandom: true,
      connectRetry: { initial: 5, max: 60 },
      connectRetryMax: 3,
      serverPollTimeout: 10,
      resolvRetry: 30,
      localPort: 5000,
      ping: 10,
      pingRestart: 60,
      pingExit: 600,
      renegSec: 0,
      renegBytes: 1000000,
      explicitExitNotify: 1,
      mssfix: 1400,
      tunMtu: 1400,
    });
  });

  it('a global port and proto apply to remotes that name none, wherever they appear', async () => {
    const text =
      tencentOvpn(pki)
        .replace('remote 203.0.113.10 1194', 'remote 203.0.113.10')
        .replace('proto udp', 'proto tcp') + '\nport 8443\n';
    const { profile } = await importProfileFromText(text, { name: 'p' });
    expect(profile.remotes).toEqual([{ host: '203.0.113.10', port: 8443, proto: 'tcp' }]);
  });

  it('routing, pull filters, DNS and peer-info', async () => {
    const { profile, warnings } = await load([
      'route 10.0.0.0 255.255.0.0 vpn_gateway 5',
      'route 192.0.2.7',
      'route-ipv6 fd00::/64',
      'route-nopull',
      'redirect-gateway def1 bypass-dhcp',
      'pull-filter ignore "route 0.0.0.0"',
      'dhcp-option DNS 198.51.100.53',
      'dns server 1 address 198.51.100.53',
      'setenv IV_GUI_VER "gangway 0.1"',
      'setenv UV_TEAM blue',
      'setenv OTHER x',
      'tls-version-min 1.2 or-highest',
      'verify-x509-name vpn-server name',
      'remote-cert-ku a0 88',
      'remote-cert-eku "TLS Web Server Authentication"',
      'auth-nocache',
    ]);
    expect(profile.routes).toEqual([
      { destination: '10.0.0.0/16', gateway: 'vpn_gateway', metric: 5 },
      { destination: '192.0.2.7/32' },
      { destination: 'fd00::/64' },
    ]);
    expect(profile).toMatchObject({
      routeNoPull: true,
      redirectGateway: { flags: ['def1', 'bypass-dhcp'] },
      pullFilters: [{ action: 'ignore', text: 'route 0.0.0.0' }],
      dhcpOptions: [{ type: 'DNS', value: '198.51.100.53' }],
      dnsOptions: [['server', '1', 'address', '198.51.100.53']],
      peerInfoExtras: { IV_GUI_VER: 'gangway 0.1', UV_TEAM: 'blue' },
      tlsVersionMin: '1.2',
      verifyX509Name: { name: 'vpn-server', type: 'name' },
      remoteCertKu: ['a0', '88'],
      remoteCertEku: 'TLS Web Server Authentication',
      authNoCache: true,
    });
    expect(warnings).toContain(
      'f.ovpn:23: setenv OTHER is ignored: Gangway runs no scripts to read it',
    );
  });

  it('tran-window and replay-window are applied, with OpenVPN 2.6 bounds', async () => {
    const { profile } = await load(['tran-window 30', 'replay-window 256 40']);
    expect(profile).toMatchObject({
      tranWindow: 30,
      replayWindow: { packets: 256, seconds: 40 },
    });
    expect(profile.warnings.join('\n')).not.toMatch(/window/);
    const windowOnly = await load(['replay-window 0']);
    expect(windowOnly.profile.replayWindow).toEqual({ packets: 0, seconds: 15 });
    const defaults = await load([]);
    expect(defaults.profile.tranWindow).toBeUndefined();
    expect(defaults.profile.replayWindow).toBeUndefined();
    expect(await configErrorLine(load(['replay-window 65537']))).toBe(
      'f.ovpn:13: replay-window: 65537 is out of range (0 to 65536)',
    );
    expect(await configErrorLine(load(['replay-window 64 601']))).toBe(
      'f.ovpn:13: replay-window: 601 is out of range (0 to 600)',
    );
    expect(await configErrorLine(load(['replay-window']))).toBe(
      'f.ovpn:13: replay-window takes 1 to 2 arguments, got 0',
    );
    expect(await configErrorLine(load(['tran-window soon']))).toBe(
      'f.ovpn:13: tran-window: "soon" is not a whole number',
    );
  });

  it('rejects malformed values with the directive named', async () => {
    expect(await configErrorLine(load(['route 10.0.0.0 255.0.255.0']))).toBe(
      'f.ovpn:13: route: netmask "255.0.255.0" is not contiguous',
    );
    expect(await configErrorLine(load(['redirect-gateway def2']))).toBe(
      'f.ovpn:13: redirect-gateway: unknown flag "def2"',
    );
    expect(await configErrorLine(load(['keepalive 10 5']))).toBe(
      'f.ovpn:13: keepalive: the timeout must be at least twice the interval',
    );
    expect(await configErrorLine(load(['remote-cert-tls client']))).toBe(
      'f.ovpn:13: remote-cert-tls: a client profile must say "server"',
    );
    expect(await configErrorLine(load(['connection']))).toBe(
      'f.ovpn:13: connection must be a <connection> … </connection> block',
    );
    expect(await configErrorLine(load(['<connection>', 'verb 3', '</connection>']))).toBe(
      'f.ovpn:14: "verb" is not allowed inside a <connection> block',
    );
  });

  it('takes only the user name from an inline <auth-user-pass> block', async () => {
    const text = [
      tencentConfigBody(),
      'auth-user-pass',
      inlineBlock('auth-user-pass', 'bob\npw-123'),
      inlineBlock('ca', pki.ca.certPem),
    ].join('\n');
    const { profile, warnings } = await importProfileFromText(text, { name: 'u' });
    expect(profile.username).toBe('bob');
    expect(JSON.stringify(profile)).not.toContain('pw-123');
    expect(
      warnings.some((w) => w.includes('the password in <auth-user-pass> block is not stored')),
    ).toBe(true);
  });

  it('accepts Tencent JSON whose fields are base64', async () => {
    const b64 = (s: string): string => Buffer.from(s).toString('base64');
    const json = JSON.stringify({
      Response: {
        SslVpnClientConfiguration: b64(tencentConfigBody()),
        SslVpnRootCert: b64(pki.ca.certPem),
        SslVpnCert: b64(pki.client.certPem),
        SslVpnKey: b64(pki.client.keyPem),
      },
    });
    const { profile } = await importProfileFromBytes(
      new TextEncoder().encode(json),
      'tencent.json',
    );
    expect(profile.remotes[0]?.host).toBe('203.0.113.10');
    expect(profile.key).toContain('PRIVATE KEY');
    const bad = JSON.stringify({
      SslVpnClientConfiguration: tencentConfigBody().replace('verb 3', 'remot x'),
    });
    expect(
      await configErrorLine(importProfileFromBytes(new TextEncoder().encode(bad), 't.json')),
    ).toBe(
      't.json!SslVpnClientConfiguration:12: unknown directive "remot" (did you mean "remote"?)',
    );
  });
});
