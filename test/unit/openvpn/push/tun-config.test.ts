import { describe, expect, it } from 'vitest';
import { parsePushedOptions } from '../../../../src/core/openvpn/push/parse-pushed-options';
import {
  buildTunConfig,
  HELPER_MAX_DNS_DOMAINS,
  HELPER_MAX_DNS_SERVERS,
  netmaskToPrefix,
} from '../../../../src/core/openvpn/push/tun-config';

const profile = { tunMtu: 1500, routeNoPull: false, routes: [], redirectGateway: undefined };

describe('buildTunConfig', () => {
  it('subnet topology: address/prefix, routes via route-gateway, DNS', () => {
    const pushed = parsePushedOptions([
      'topology subnet',
      'ifconfig 10.8.0.2 255.255.255.0',
      'route-gateway 10.8.0.1',
      'route 192.168.77.5 255.255.255.0',
      'route 10.20.0.0 255.255.0.0 10.8.0.9 50',
      'dhcp-option DNS 10.8.0.1',
      'dhcp-option DOMAIN corp.example',
      'tun-mtu 1400',
    ]);
    const { config, warnings } = buildTunConfig({
      pushed,
      profile,
      serverAddresses: ['203.0.113.5'],
    });
    expect(warnings).toEqual([]);
    expect(config).toEqual({
      mtu: 1400,
      ipv4: { address: '10.8.0.2', prefixLength: 24 },
      routes: [
        { destination: '192.168.77.0/24', gateway: '10.8.0.1' },
        { destination: '10.20.0.0/16', gateway: '10.8.0.9', metric: 50 },
      ],
      dns: { servers: ['10.8.0.1'], domains: ['corp.example'], searchDomains: [] },
    });
  });

  it('net30: peer address and host route to the server via the peer', () => {
    const pushed = parsePushedOptions([
      'route 10.8.0.1',
      'topology net30',
      'ifconfig 10.8.0.6 10.8.0.5',
    ]);
    const { config } = buildTunConfig({ pushed, profile, serverAddresses: [] });
    expect(config.ipv4).toEqual({ address: '10.8.0.6', prefixLength: 32, peer: '10.8.0.5' });
    expect(config.routes).toEqual([{ destination: '10.8.0.1/32', gateway: '10.8.0.5' }]);
  });

  it('redirect-gateway def1 (+ipv6) with optional expansion into routes; IPv6 address', () => {
    const pushed = parsePushedOptions([
      'ifconfig 10.8.0.2 255.255.255.0',
      'ifconfig-ipv6 fd00::2/64 fd00::1',
      'route-ipv6 2001:db8::/32',
      'redirect-gateway def1 ipv6',
    ]);
    const base = buildTunConfig({ pushed, profile, serverAddresses: ['203.0.113.5'] }).config;
    expect(base.redirectGateway).toEqual({
      ipv4: true,
      ipv6: true,
      serverAddresses: ['203.0.113.5'],
    });
    expect(base.ipv6).toEqual({ address: 'fd00::2', prefixLength: 64, peer: 'fd00::1' });
    expect(base.routes).toEqual([{ destination: '2001:db8::/32', gateway: 'fd00::1' }]);
  });

  it('route-nopull drops pushed routes, redirect and DNS but keeps profile routes and redirect', () => {
    const pushed = parsePushedOptions([
      'ifconfig 10.8.0.2 255.255.255.0',
      'route 10.1.0.0 255.255.0.0',
      'redirect-gateway def1',
      'dhcp-option DNS 10.8.0.1',
    ]);
    const { config } = buildTunConfig({
      pushed,
      profile: {
        tunMtu: 1500,
        routeNoPull: true,
        routes: [{ destination: '172.16.0.0/12' }],
        redirectGateway: { flags: ['def1', '!ipv4', 'ipv6'] },
      },
      serverAddresses: [],
    });
    expect(config.routes).toEqual([{ destination: '172.16.0.0/12' }]);
    expect(config.dns).toBeUndefined();
    expect(config.redirectGateway).toEqual({ ipv4: false, ipv6: true, serverAddresses: [] });
  });

  it('passes the helper no more DNS servers and domains than it accepts, and says so', () => {
    const pushed = parsePushedOptions([
      ...Array.from({ length: 12 }, (_, i) => `dhcp-option DNS 10.8.0.${i + 1}`),
      ...Array.from({ length: 20 }, (_, i) => `dhcp-option DOMAIN-SEARCH d${i}.example`),
    ]);
    const { config, warnings } = buildTunConfig({ pushed, profile, serverAddresses: [] });
    expect(config.dns?.servers).toEqual(
      Array.from({ length: HELPER_MAX_DNS_SERVERS }, (_, i) => `10.8.0.${i + 1}`),
    );
    expect(config.dns?.searchDomains).toHaveLength(HELPER_MAX_DNS_DOMAINS);
    expect(warnings).toContain('the server pushed 12 DNS servers; the first 8 are used');
    expect(warnings).toContain('the server pushed 20 DNS search domains; the first 16 are used');
  });

  it('prefers 2.6 dns servers over dhcp-option DNS, merges search domains', () => {
    const pushed = parsePushedOptions([
      'ifconfig 10.8.0.2 255.255.255.0',
      'dhcp-option DNS 10.8.0.1',
      'dhcp-option DOMAIN-SEARCH a.example',
      'dns server 0 address 10.8.0.53',
      'dns search-domains b.example',
    ]);
    expect(buildTunConfig({ pushed, profile, serverAddresses: [] }).config.dns).toEqual({
      servers: ['10.8.0.53'],
      domains: [],
      searchDomains: ['a.example', 'b.example'],
    });
  });

  it('skips net_gateway routes with a warning and infers subnet from a netmask', () => {
    const pushed = parsePushedOptions([
      'ifconfig 10.8.0.2 255.255.0.0',
      'route 198.51.100.0 255.255.255.0 net_gateway',
    ]);
    const { config, warnings } = buildTunConfig({ pushed, profile, serverAddresses: [] });
    expect(config.ipv4).toEqual({ address: '10.8.0.2', prefixLength: 16 });
    expect(config.routes).toEqual([]);
    expect(warnings[0]).toMatch(/net_gateway/);
  });

  it('converts netmasks and refuses non-contiguous ones', () => {
    expect(
      ['0.0.0.0', '128.0.0.0', '255.255.255.252', '255.255.255.255'].map(netmaskToPrefix),
    ).toEqual([0, 1, 30, 32]);
    expect(netmaskToPrefix('255.0.255.0')).toBeUndefined();
  });
});
