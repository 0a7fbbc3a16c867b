import { describe, expect, it } from 'vitest';
import {
  applyPullFilters,
  buildTunConfig,
  parsePushedOptions,
} from '../../../../src/core/openvpn/session/pushed-config';
import { testProfile } from './profile-fixture';

// A real 2.6.14 reply (doc 7.5), split into options.
const SUBNET =
  'dhcp-option DNS 10.8.0.1,route 192.168.77.0 255.255.255.0,route-gateway 10.8.0.1,topology subnet,ping 10,ping-restart 120,ifconfig 10.8.0.2 255.255.255.0,peer-id 0,auth-token SESS_ID_AT_abc,cipher AES-256-GCM,protocol-flags cc-exit tls-ekm,tun-mtu 1500'.split(
    ',',
  );

describe('pushed options → TunConfig', () => {
  it('parses a topology subnet reply', () => {
    const p = parsePushedOptions(SUBNET);
    expect(p).toMatchObject({
      topology: 'subnet',
      ping: 10,
      pingRestart: 120,
      peerId: 0,
      cipher: 'AES-256-GCM',
      ekm: true,
      ccExit: true,
      tunMtu: 1500,
      authToken: 'SESS_ID_AT_abc',
    });
    expect(buildTunConfig(p, testProfile(), ['203.0.113.1'])).toEqual({
      mtu: 1500,
      ipv4: { address: '10.8.0.2', prefixLength: 24 },
      routes: [{ destination: '192.168.77.0/24', gateway: '10.8.0.1' }],
      dns: { servers: ['10.8.0.1'], domains: [], searchDomains: [] },
    });
  });

  it('net30: peer address, host route to the server without a mask, gateway = the peer', () => {
    const p = parsePushedOptions([
      'route 10.8.0.1',
      'topology net30',
      'ifconfig 10.8.0.6 10.8.0.5',
      'ifconfig-ipv6 fd00:8::1000/64 fd00:8::1',
      'route-ipv6 fd00:99::/64',
      'comp-lzo no',
      'key-derivation tls-ekm',
    ]);
    const c = buildTunConfig(p, testProfile(), []);
    expect(c.ipv4).toEqual({ address: '10.8.0.6', prefixLength: 32, peer: '10.8.0.5' });
    expect(c.ipv6).toEqual({ address: 'fd00:8::1000', prefixLength: 64 });
    expect(c.routes).toEqual([
      { destination: '10.8.0.1/32', gateway: '10.8.0.5' },
      { destination: 'fd00:99::/64' },
    ]);
    expect(p.compression).toBe('lzo');
    expect(p.ekm).toBe(true);
  });

  it('reads the 2.6 `dns` option, compress variants, redirect-gateway; route-nopull drops pushed routes', () => {
    const p = parsePushedOptions([
      'dns server 0 address 10.99.0.53 [fd00::53]:53',
      'dns search-domains a.test b.test',
      'compress lz4-v2',
      'redirect-gateway def1 ipv6',
      'route 10.1.0.0 255.255.0.0',
      'something-new 1',
    ]);
    expect(p.dns).toEqual({
      servers: ['10.99.0.53', 'fd00::53'],
      domains: [],
      searchDomains: ['a.test', 'b.test'],
    });
    expect(p.compression).toBe('lz4-v2');
    expect(p.ignored).toEqual(['something-new 1']);
    expect(buildTunConfig(p, testProfile(), ['203.0.113.1']).redirectGateway).toEqual({
      ipv4: true,
      ipv6: true,
      serverAddresses: ['203.0.113.1'],
    });
    const nopull = buildTunConfig(p, testProfile({ routeNoPull: true }), []);
    expect(nopull.routes).toEqual([]);
    expect(nopull.redirectGateway).toBeUndefined();
    expect(parsePushedOptions(['compress']).compression).toBe('stub');
    expect(parsePushedOptions(['compress lz4']).compression).toBe('lz4');
  });
});

describe('pull-filter', () => {
  it('first matching rule wins; ignore drops, reject aborts', () => {
    const rules = [
      { action: 'accept' as const, text: 'route 10.99' },
      { action: 'ignore' as const, text: 'route' },
      { action: 'reject' as const, text: 'redirect-gateway' },
    ];
    expect(
      applyPullFilters(
        ['route 10.99.0.0 255.255.255.0', 'route 10.1.0.0 255.255.0.0', 'ping 10'],
        rules,
      ),
    ).toEqual({
      options: ['route 10.99.0.0 255.255.255.0', 'ping 10'],
    });
    expect(applyPullFilters(['ping 10', 'redirect-gateway def1'], rules)).toEqual({
      options: ['ping 10'],
      rejected: 'redirect-gateway def1',
    });
  });
});
