/**
 * The typed result of a PUSH_REPLY (push.c process_incoming_push_msg). Absent fields were not
 * pushed.
 */
import type { Compression } from '../../config/profile';

export type Topology = 'subnet' | 'net30' | 'p2p';

export interface PushedRoute {
  /** IPv4 network, or a keyword (vpn_gateway, net_gateway, remote_host) as OpenVPN allows. */
  network: string;
  netmask: string;
  /** IPv4 address or keyword; absent = route-gateway (subnet) / ifconfig peer (net30, p2p). */
  gateway?: string;
  metric?: number;
}

export interface PushedRouteIpv6 {
  /** "2001:db8::/32" */
  network: string;
  gateway?: string;
  metric?: number;
}

export interface RedirectGatewayFlags {
  def1: boolean;
  /** False when `!ipv4` was given. */
  ipv4: boolean;
  ipv6: boolean;
  bypassDhcp: boolean;
  bypassDns: boolean;
  local: boolean;
  autolocal: boolean;
  blockLocal: boolean;
}

export interface DhcpOptions {
  dns: string[];
  dns6: string[];
  domain?: string;
  domainSearch: string[];
  adapterDomainSuffix?: string;
  ntp: string[];
  wins: string[];
}

export interface DnsServer {
  priority: number;
  addresses: Array<{ address: string; port?: number }>;
  resolveDomains: string[];
  dnssec?: 'yes' | 'no' | 'optional';
  transport?: 'plain' | 'DoH' | 'DoT';
  sni?: string;
}

export interface ProtocolFlags {
  ccExit: boolean;
  tlsEkm: boolean;
  dynTlsCrypt: boolean;
  aeadEpoch: boolean;
}

export interface PushedConfig {
  ifconfig?: { local: string; /** netmask (subnet) or remote peer (net30/p2p) */ second: string };
  ifconfigIpv6?: { address: string; prefixLength: number; remote?: string };
  topology?: Topology;
  routeGateway?: string;
  routeMetric?: number;
  routes: PushedRoute[];
  routesIpv6: PushedRouteIpv6[];
  redirectGateway?: RedirectGatewayFlags;
  redirectPrivate?: RedirectGatewayFlags;
  blockIpv6: boolean;
  blockOutsideDns: boolean;
  dhcp: DhcpOptions;
  dns: { servers: DnsServer[]; searchDomains: string[] };
  peerId?: number;
  cipher?: string;
  auth?: string;
  ping?: number;
  pingRestart?: number;
  pingExit?: number;
  inactive?: number;
  authToken?: string;
  /** Decoded from base64. */
  authTokenUser?: string;
  tunMtu?: number;
  protocolFlags: ProtocolFlags;
  /** `key-derivation tls-ekm` or protocol-flags tls-ekm: derive data keys with the exporter. */
  useTlsEkm: boolean;
  compression?: Compression;
  explicitExitNotify?: number;
  /** Options recognised but deliberately not acted upon (Windows-only, tap-only, …). */
  ignored: string[];
  /** Options Gangway does not know; a warning each, never fatal. */
  unknown: string[];
  warnings: string[];
}

export function emptyPushedConfig(): PushedConfig {
  return {
    routes: [],
    routesIpv6: [],
    blockIpv6: false,
    blockOutsideDns: false,
    dhcp: { dns: [], dns6: [], domainSearch: [], ntp: [], wins: [] },
    dns: { servers: [], searchDomains: [] },
    protocolFlags: { ccExit: false, tlsEkm: false, dynTlsCrypt: false, aeadEpoch: false },
    useTlsEkm: false,
    ignored: [],
    unknown: [],
    warnings: [],
  };
}
