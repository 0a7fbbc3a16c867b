import { describe, expect, it } from 'vitest';
import { splitOptionLine } from '../../../../src/core/openvpn/push/option-line';
import { parsePushedOptions } from '../../../../src/core/openvpn/push/parse-pushed-options';
import { applyPullFilters } from '../../../../src/core/openvpn/push/pull-filter';
import {
  MAX_PUSH_REPLY_BYTES,
  PushReplyAccumulator,
  pushReplyOptions,
} from '../../../../src/core/openvpn/push/push-accumulator';

/** A PUSH_REPLY recorded from a stock OpenVPN 2.6.14 server. */
const REAL_REPLY =
  'PUSH_REPLY,dhcp-option DNS 10.8.0.1,route 192.168.77.0 255.255.255.0,route-gateway 10.8.0.1,' +
  'topology subnet,ping 10,ping-restart 120,ifconfig 10.8.0.2 255.255.255.0,peer-id 0,' +
  'auth-token SESS_ID_AT_abc,cipher AES-256-GCM,protocol-flags cc-exit tls-ekm dyn-tls-crypt,tun-mtu 1500';

describe('PUSH_REPLY accumulation', () => {
  it('returns a single reply at once, with an empty reply valid', () => {
    const acc = new PushReplyAccumulator();
    expect(acc.add(REAL_REPLY)).toHaveLength(12);
    expect(acc.add('PUSH_REPLY')).toEqual([]);
  });

  it('merges continuation chunks and drops the markers', () => {
    const acc = new PushReplyAccumulator();
    expect(acc.add('PUSH_REPLY,route 10.1.0.0 255.255.0.0,push-continuation 2')).toBeUndefined();
    expect(acc.pending).toBe(true);
    expect(acc.add('PUSH_REPLY,route 10.2.0.0 255.255.0.0,push-continuation 2')).toBeUndefined();
    expect(acc.add('PUSH_REPLY,ping 10,push-continuation 1')).toEqual([
      'route 10.1.0.0 255.255.0.0',
      'route 10.2.0.0 255.255.0.0',
      'ping 10',
    ]);
    expect(acc.pending).toBe(false);
    expect(() => pushReplyOptions('AUTH_FAILED')).toThrow();
  });

  it('caps a set of continuations and fails it with a typed reason, then starts clean', () => {
    const acc = new PushReplyAccumulator();
    const chunk = `PUSH_REPLY,${'route 10.1.0.0 255.255.0.0,'.repeat(36)}push-continuation 2`;
    let error: unknown;
    let accepted = 0;
    try {
      for (let i = 0; i < 10_000; i++) {
        acc.add(chunk);
        accepted += chunk.length;
      }
    } catch (err) {
      error = err;
    }
    expect(error).toMatchObject({ code: 'push-failed' });
    expect((error as Error).message).toMatch(/larger than 1048576 bytes/);
    expect(accepted).toBeLessThanOrEqual(MAX_PUSH_REPLY_BYTES);
    expect(accepted + chunk.length).toBeGreaterThan(MAX_PUSH_REPLY_BYTES);
    expect(acc.pending).toBe(false);
    expect(acc.add('PUSH_REPLY,ping 10')).toEqual(['ping 10']);
  });
});

describe('parsePushedOptions', () => {
  it('parses the real 2.6.14 reply', () => {
    const c = parsePushedOptions(pushReplyOptions(REAL_REPLY));
    expect(c).toMatchObject({
      dhcp: { dns: ['10.8.0.1'] },
      routes: [{ network: '192.168.77.0', netmask: '255.255.255.0' }],
      routeGateway: '10.8.0.1',
      topology: 'subnet',
      ping: 10,
      pingRestart: 120,
      ifconfig: { local: '10.8.0.2', second: '255.255.255.0' },
      peerId: 0,
      authToken: 'SESS_ID_AT_abc',
      cipher: 'AES-256-GCM',
      protocolFlags: { ccExit: true, tlsEkm: true, dynTlsCrypt: true, aeadEpoch: false },
      useTlsEkm: true,
      tunMtu: 1500,
    });
    expect(c.warnings).toEqual([]);
    expect(c.compression).toBeUndefined();
  });

  it('reads IPv6, route options with keywords, redirect flags, compression and timers', () => {
    const c = parsePushedOptions([
      'ifconfig-ipv6 fd00::1000/64 fd00::1',
      'route-ipv6 2001:db8::/32',
      'route-ipv6 2001:db8:1::/48 fd00::1 5',
      'route 10.9.0.0 255.255.0.0 vpn_gateway 7',
      'route 10.8.0.1',
      'route-metric 3',
      'redirect-gateway def1 bypass-dhcp ipv6 !ipv4',
      'block-ipv6',
      'compress lz4-v2',
      'key-derivation tls-ekm',
      'explicit-exit-notify 3',
      'auth SHA256',
      'auth-token-user YWxpY2U=',
      'inactive 3600 1000',
      'ping-exit 60',
    ]);
    expect(c.ifconfigIpv6).toEqual({ address: 'fd00::1000', prefixLength: 64, remote: 'fd00::1' });
    expect(c.routesIpv6).toEqual([
      { network: '2001:db8::/32' },
      { network: '2001:db8:1::/48', gateway: 'fd00::1', metric: 5 },
    ]);
    expect(c.routes).toEqual([
      { network: '10.9.0.0', netmask: '255.255.0.0', gateway: 'vpn_gateway', metric: 7 },
      { network: '10.8.0.1', netmask: '255.255.255.255' },
    ]);
    expect(c.routeMetric).toBe(3);
    expect(c.redirectGateway).toMatchObject({
      def1: true,
      bypassDhcp: true,
      ipv6: true,
      ipv4: false,
    });
    expect(c.blockIpv6).toBe(true);
    expect(c.compression).toBe('lz4-v2');
    expect(c.useTlsEkm).toBe(true);
    expect(c.protocolFlags.tlsEkm).toBe(false);
    expect(c.explicitExitNotify).toBe(3);
    expect(c.auth).toBe('SHA256');
    expect(c.authTokenUser).toBe('alice');
    expect([c.inactive, c.pingExit]).toEqual([3600, 60]);
    expect(c.warnings).toEqual([]);
  });

  it('maps every compression spelling to its framing', () => {
    const of = (line: string) => parsePushedOptions([line]).compression;
    expect([
      of('comp-lzo'),
      of('comp-lzo no'),
      of('comp-lzo adaptive'),
      of('compress lzo'),
    ]).toEqual(['lzo', 'lzo', 'lzo', 'lzo']);
    expect([
      of('compress'),
      of('compress stub'),
      of('compress stub-v2'),
      of('compress lz4'),
    ]).toEqual(['stub', 'stub', 'stub-v2', 'lz4']);
    expect(of('compress zstd')).toBeUndefined();
  });

  it('parses dhcp-options and the 2.6 dns option', () => {
    const c = parsePushedOptions([
      'dhcp-option DNS 10.8.0.1',
      'dhcp-option DNS6 fd00::53',
      'dhcp-option DNS fd00::54',
      'dhcp-option DOMAIN corp.example',
      'dhcp-option DOMAIN-SEARCH a.example',
      'dhcp-option ADAPTER_DOMAIN_SUFFIX vpn.example',
      'dhcp-option DISABLE-NBT',
      'dns server 2 address 10.8.0.3',
      'dns server 1 address 10.8.0.2:5353 [fd00::2]:53 fd00::3',
      'dns server 1 resolve-domains corp.example lab.example',
      'dns server 1 dnssec optional',
      'dns server 1 transport DoT',
      'dns server 1 sni dns.example',
      'dns search-domains s1.example s2.example',
    ]);
    expect(c.dhcp).toMatchObject({
      dns: ['10.8.0.1'],
      dns6: ['fd00::53', 'fd00::54'],
      domain: 'corp.example',
      domainSearch: ['a.example'],
      adapterDomainSuffix: 'vpn.example',
    });
    expect(c.dns.servers).toEqual([
      {
        priority: 1,
        addresses: [
          { address: '10.8.0.2', port: 5353 },
          { address: 'fd00::2', port: 53 },
          { address: 'fd00::3' },
        ],
        resolveDomains: ['corp.example', 'lab.example'],
        dnssec: 'optional',
        transport: 'DoT',
        sni: 'dns.example',
      },
      { priority: 2, addresses: [{ address: '10.8.0.3' }], resolveDomains: [] },
    ]);
    expect(c.dns.searchDomains).toEqual(['s1.example', 's2.example']);
    expect(c.ignored).toEqual(['dhcp-option DISABLE-NBT']);
  });

  it('warns about unknown and malformed options without failing, honours setenv opt', () => {
    const c = parsePushedOptions([
      'frobnicate yes',
      'route 10.0.0.0 255.0.0.0 not-a-gateway',
      'peer-id 16777215',
      'ifconfig 10.0.0.2',
      'cipher',
      'setenv opt block-outside-dns',
      'setenv opt future-option 1',
      'register-dns',
    ]);
    expect(c.unknown).toEqual(['frobnicate yes']);
    expect(c.warnings).toHaveLength(5);
    expect(c.peerId).toBeUndefined();
    expect(c.cipher).toBeUndefined();
    expect(c.blockOutsideDns).toBe(true);
    expect(c.ignored).toEqual(['setenv opt future-option 1', 'register-dns']);
  });

  it('merges a later reply (auth-token refresh) into an existing config', () => {
    const c = parsePushedOptions(pushReplyOptions(REAL_REPLY));
    parsePushedOptions(['auth-token NEWTOKEN'], c);
    expect(c.authToken).toBe('NEWTOKEN');
    expect(c.peerId).toBe(0);
  });
});

describe('splitOptionLine', () => {
  it('splits on whitespace, honours quotes and escapes', () => {
    expect(splitOptionLine('route  10.0.0.0\t255.0.0.0')).toEqual([
      'route',
      '10.0.0.0',
      '255.0.0.0',
    ]);
    expect(splitOptionLine('echo "hello world" \'a b\' x\\ y ""')).toEqual([
      'echo',
      'hello world',
      'a b',
      'x y',
      '',
    ]);
  });
});

describe('applyPullFilters', () => {
  const options = [
    'route 10.0.0.0 255.0.0.0',
    'route-gateway 10.8.0.1',
    'dhcp-option DNS 1.1.1.1',
    'ping 10',
  ];

  it('first matching prefix wins; unmatched options are accepted', () => {
    const r = applyPullFilters(options, [
      { action: 'accept', text: 'route-gateway' },
      { action: 'ignore', text: 'route' },
      { action: 'ignore', text: 'dhcp-option DNS' },
    ]);
    expect(r.accepted).toEqual(['route-gateway 10.8.0.1', 'ping 10']);
    expect(r.ignored).toEqual(['route 10.0.0.0 255.0.0.0', 'dhcp-option DNS 1.1.1.1']);
    expect(r.rejected).toBeUndefined();
  });

  it('reports the option a reject rule matched', () => {
    expect(applyPullFilters(options, [{ action: 'reject', text: 'dhcp-option' }]).rejected).toBe(
      'dhcp-option DNS 1.1.1.1',
    );
  });
});
