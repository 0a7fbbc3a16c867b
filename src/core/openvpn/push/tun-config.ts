/**
 * PushedConfig + Profile → the TunConfig the platform helper applies (network.ts). Pushed
 * routes, redirect-gateway and DNS are dropped under `route-nopull`, as OpenVPN's
 * pull_permission_mask does; the profile's own routes always apply.
 */
import { isIP } from 'node:net';
import type { Profile } from '../../config/profile';
import type { DnsSpec, RouteSpec, TunConfig } from '../../platform/network';
import type { PushedConfig, RedirectGatewayFlags, Topology } from './pushed-config';

export interface TunConfigInput {
  pushed: PushedConfig;
  profile: Pick<Profile, 'tunMtu' | 'routeNoPull' | 'routes' | 'redirectGateway'>;
  /** Resolved addresses of the VPN server, kept outside the tunnel by redirect-gateway. */
  serverAddresses: string[];
}

export interface TunConfigResult {
  config: TunConfig;
  warnings: string[];
}

/** 255.255.255.0 → 24; undefined for a non-contiguous mask. */
export function netmaskToPrefix(mask: string): number | undefined {
  if (isIP(mask) !== 4) return undefined;
  const value = mask.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
  const inverted = ~value >>> 0;
  if ((inverted & (inverted + 1)) !== 0) return undefined;
  return 32 - Math.log2(inverted + 1);
}

function looksLikeNetmask(text: string): boolean {
  return text.startsWith('255.') && netmaskToPrefix(text) !== undefined;
}

/** Without a pushed topology, a netmask as second ifconfig argument means subnet. */
function topologyOf(pushed: PushedConfig): Topology {
  if (pushed.topology) return pushed.topology;
  return pushed.ifconfig && looksLikeNetmask(pushed.ifconfig.second) ? 'subnet' : 'net30';
}

function networkAddress(address: string, prefix: number): string {
  const value = address.split('.').reduce((acc, part) => acc * 256 + Number(part), 0);
  const masked = prefix === 0 ? 0 : (value & (~0 << (32 - prefix))) >>> 0;
  return [24, 16, 8, 0].map((shift) => (masked >>> shift) & 255).join('.');
}

function pushedRoutes(pushed: PushedConfig, topology: Topology, warnings: string[]): RouteSpec[] {
  const vpnGateway = topology === 'subnet' ? pushed.routeGateway : pushed.ifconfig?.second;
  const usableGateway = vpnGateway && isIP(vpnGateway) === 4 ? vpnGateway : undefined;
  const routes: RouteSpec[] = [];
  for (const r of pushed.routes) {
    const prefix = netmaskToPrefix(r.netmask);
    if (prefix === undefined || isIP(r.network) !== 4) {
      warnings.push(`route ${r.network} ${r.netmask}: not supported, skipped`);
      continue;
    }
    if (r.gateway === 'net_gateway' || r.gateway === 'remote_host') {
      warnings.push(
        `route ${r.network}/${prefix} via ${r.gateway}: routes outside the tunnel are not supported, skipped`,
      );
      continue;
    }
    const gateway = r.gateway && r.gateway !== 'vpn_gateway' ? r.gateway : usableGateway;
    const metric = r.metric ?? pushed.routeMetric;
    routes.push({
      destination: `${networkAddress(r.network, prefix)}/${prefix}`,
      ...(gateway ? { gateway } : {}),
      ...(metric !== undefined ? { metric } : {}),
    });
  }
  for (const r of pushed.routesIpv6) {
    const gateway = r.gateway && isIP(r.gateway) === 6 ? r.gateway : pushed.ifconfigIpv6?.remote;
    routes.push({
      destination: r.network.includes('/') ? r.network : `${r.network}/128`,
      ...(gateway ? { gateway } : {}),
      ...(r.metric !== undefined ? { metric: r.metric } : {}),
    });
  }
  return routes;
}

/**
 * What the helper accepts in one request (helper/src/request.h MAX_DNS_SERVERS, MAX_DOMAINS):
 * more would make it refuse the whole tunnel, so the rest is dropped here, with a warning.
 */
export const HELPER_MAX_DNS_SERVERS = 8;
export const HELPER_MAX_DNS_DOMAINS = 16;

function firstOf(list: string[], max: number, what: string, warnings: string[]): string[] {
  const unique = [...new Set(list)];
  if (unique.length <= max) return unique;
  warnings.push(`the server pushed ${unique.length} ${what}; the first ${max} are used`);
  return unique.slice(0, max);
}

function dnsOf(pushed: PushedConfig, warnings: string[]): DnsSpec | undefined {
  // 2.6: `dns server` settings take precedence over dhcp-option DNS when both are pushed.
  const fromDns = pushed.dns.servers.flatMap((s) => s.addresses.map((a) => a.address));
  const servers = fromDns.length > 0 ? fromDns : [...pushed.dhcp.dns, ...pushed.dhcp.dns6];
  const domains = [pushed.dhcp.domain, pushed.dhcp.adapterDomainSuffix].filter(
    (d): d is string => !!d,
  );
  const searchDomains = [...pushed.dhcp.domainSearch, ...pushed.dns.searchDomains];
  if (servers.length === 0 && domains.length === 0 && searchDomains.length === 0) return undefined;
  return {
    servers: firstOf(servers, HELPER_MAX_DNS_SERVERS, 'DNS servers', warnings),
    domains: firstOf(domains, HELPER_MAX_DNS_DOMAINS, 'DNS domains', warnings),
    searchDomains: firstOf(searchDomains, HELPER_MAX_DNS_DOMAINS, 'DNS search domains', warnings),
  };
}

function profileRedirect(flags: string[] | undefined): RedirectGatewayFlags | undefined {
  if (!flags) return undefined;
  return {
    def1: flags.includes('def1'),
    ipv4: !flags.includes('!ipv4'),
    ipv6: flags.includes('ipv6'),
    bypassDhcp: flags.includes('bypass-dhcp'),
    bypassDns: flags.includes('bypass-dns'),
    local: flags.includes('local'),
    autolocal: flags.includes('autolocal'),
    blockLocal: flags.includes('block-local'),
  };
}

export function buildTunConfig(input: TunConfigInput): TunConfigResult {
  const { pushed, profile } = input;
  const warnings: string[] = [];
  const topology = topologyOf(pushed);
  const config: TunConfig = { mtu: pushed.tunMtu ?? profile.tunMtu, routes: [] };

  if (pushed.ifconfig) {
    const { local, second } = pushed.ifconfig;
    if (topology === 'subnet') {
      const prefixLength = netmaskToPrefix(second);
      if (prefixLength === undefined)
        warnings.push(`ifconfig ${local} ${second}: bad netmask, using /32`);
      config.ipv4 = { address: local, prefixLength: prefixLength ?? 32 };
    } else {
      config.ipv4 = { address: local, prefixLength: 32, peer: second };
    }
  }
  if (pushed.ifconfigIpv6) {
    const { address, prefixLength, remote } = pushed.ifconfigIpv6;
    config.ipv6 = remote ? { address, prefixLength, peer: remote } : { address, prefixLength };
  }

  if (!profile.routeNoPull) {
    for (const r of pushedRoutes(pushed, topology, warnings)) config.routes.push(r);
  }
  for (const r of profile.routes) config.routes.push({ ...r });

  const redirect =
    (profile.routeNoPull ? undefined : pushed.redirectGateway) ??
    profileRedirect(profile.redirectGateway?.flags);
  if (redirect && (redirect.ipv4 || redirect.ipv6)) {
    if (!redirect.def1)
      warnings.push('redirect-gateway without def1 is applied as def1 (0/1 + 128/1)');
    config.redirectGateway = {
      ipv4: redirect.ipv4,
      ipv6: redirect.ipv6,
      serverAddresses: [...input.serverAddresses],
    };
  }

  const dns = profile.routeNoPull ? undefined : dnsOf(pushed, warnings);
  if (dns) config.dns = dns;
  if (!config.ipv4 && !config.ipv6) warnings.push('the server pushed no tunnel address (ifconfig)');
  return { config, warnings };
}
