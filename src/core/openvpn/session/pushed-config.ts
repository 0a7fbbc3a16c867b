/**
 * The subset of PUSH_REPLY options the session acts on (doc 7.5), parsed from the option list,
 * and the TunConfig the platform layer applies. Unknown options are returned for a log line.
 */
import type { Compression, Profile } from '../../config/profile';
import type { DnsSpec, RouteSpec, TunConfig } from '../../platform/network';

export interface PushedConfig {
  ifconfig?: { local: string; second: string };
  ifconfigIpv6?: { address: string; prefixLength: number };
  topology: 'subnet' | 'net30' | 'p2p';
  routeGateway?: string;
  routes: Array<{ network: string; mask: string; gateway?: string; metric?: number }>;
  routesIpv6: Array<{ destination: string; gateway?: string }>;
  dns: DnsSpec;
  redirectGateway?: string[];
  ping?: number;
  pingRestart?: number;
  pingExit?: number;
  peerId?: number;
  cipher?: string;
  ekm: boolean;
  ccExit: boolean;
  dynTlsCrypt: boolean;
  tunMtu?: number;
  authToken?: string;
  authTokenUser?: string;
  compression?: Compression;
  explicitExitNotify?: number;
  ignored: string[];
}

function tokens(option: string): string[] {
  const out: string[] = [];
  const re = /"([^"]*)"|(\S+)/g;
  for (let m = re.exec(option); m; m = re.exec(option)) out.push(m[1] ?? m[2] ?? '');
  return out;
}

function compressionOf(args: string[], compLzo: boolean): Compression {
  if (compLzo) return 'lzo'; // every comp-lzo form uses the 0xFA framing byte
  const alg = args[0];
  if (!alg || alg === 'stub') return 'stub';
  if (alg === 'lzo') return 'lzo';
  if (alg === 'lz4') return 'lz4';
  if (alg === 'lz4-v2') return 'lz4-v2';
  if (alg === 'stub-v2') return 'stub-v2';
  return 'stub';
}

export function parsePushedOptions(options: readonly string[]): PushedConfig {
  const c: PushedConfig = {
    topology: 'net30',
    routes: [],
    routesIpv6: [],
    dns: { servers: [], domains: [], searchDomains: [] },
    ekm: false,
    ccExit: false,
    dynTlsCrypt: false,
    ignored: [],
  };
  for (const option of options) {
    const [name = '', ...a] = tokens(option);
    const num = (i: number): number | undefined => (a[i] !== undefined ? Number(a[i]) : undefined);
    switch (name) {
      case 'ifconfig':
        if (a[0] && a[1]) c.ifconfig = { local: a[0], second: a[1] };
        break;
      case 'ifconfig-ipv6': {
        const [address = '', bits = '64'] = (a[0] ?? '').split('/');
        if (address) c.ifconfigIpv6 = { address, prefixLength: Number(bits) };
        break;
      }
      case 'topology':
        if (a[0] === 'subnet' || a[0] === 'net30' || a[0] === 'p2p') c.topology = a[0];
        break;
      case 'route-gateway':
        if (a[0] && a[0] !== 'dhcp') c.routeGateway = a[0];
        break;
      case 'route':
        if (a[0]) {
          const gw = a[2] && a[2] !== 'vpn_gateway' && a[2] !== 'default' ? a[2] : undefined;
          const metric = num(3);
          c.routes.push({
            network: a[0],
            mask: a[1] && a[1] !== 'default' ? a[1] : '255.255.255.255',
            ...(gw ? { gateway: gw } : {}),
            ...(metric !== undefined && Number.isFinite(metric) ? { metric } : {}),
          });
        }
        break;
      case 'route-ipv6':
        if (a[0]) c.routesIpv6.push({ destination: a[0], ...(a[1] ? { gateway: a[1] } : {}) });
        break;
      case 'dhcp-option': {
        const kind = (a[0] ?? '').toUpperCase();
        if ((kind === 'DNS' || kind === 'DNS6') && a[1]) c.dns.servers.push(a[1]);
        else if (kind === 'DOMAIN' && a[1]) c.dns.domains.push(a[1]);
        else if ((kind === 'DOMAIN-SEARCH' || kind === 'ADAPTER_DOMAIN_SUFFIX') && a[1])
          c.dns.searchDomains.push(a[1]);
        break;
      }
      case 'dns':
        if (a[0] === 'server' && a[2] === 'address') {
          for (const addr of a.slice(3))
            c.dns.servers.push(addr.replace(/^\[?([^\]]+?)\]?(?::\d+)?$/, '$1'));
        } else if (a[0] === 'search-domains') {
          c.dns.searchDomains.push(...a.slice(1));
        }
        break;
      case 'redirect-gateway':
        c.redirectGateway = a;
        break;
      case 'ping':
        c.ping = num(0);
        break;
      case 'ping-restart':
        c.pingRestart = num(0);
        break;
      case 'ping-exit':
        c.pingExit = num(0);
        break;
      case 'peer-id':
        c.peerId = num(0);
        break;
      case 'cipher':
        c.cipher = a[0];
        break;
      case 'key-derivation':
        if (a[0] === 'tls-ekm') c.ekm = true;
        break;
      case 'protocol-flags':
        if (a.includes('tls-ekm')) c.ekm = true;
        if (a.includes('cc-exit')) c.ccExit = true;
        if (a.includes('dyn-tls-crypt')) c.dynTlsCrypt = true;
        break;
      case 'tun-mtu':
        c.tunMtu = num(0);
        break;
      case 'auth-token':
        c.authToken = a[0];
        break;
      case 'auth-token-user':
        c.authTokenUser = a[0];
        break;
      case 'comp-lzo':
        c.compression = compressionOf(a, true);
        break;
      case 'compress':
        c.compression = compressionOf(a, false);
        break;
      case 'explicit-exit-notify':
        c.explicitExitNotify = num(0) ?? 1;
        break;
      default:
        c.ignored.push(option);
    }
  }
  return c;
}

function maskToBits(mask: string): number {
  return mask
    .split('.')
    .reduce((bits, octet) => bits + (Number(octet) >>> 0).toString(2).replace(/0/g, '').length, 0);
}

export function buildTunConfig(
  p: PushedConfig,
  profile: Profile,
  serverAddresses: string[],
): TunConfig {
  const mtu = p.tunMtu ?? profile.tunMtu;
  const cfg: TunConfig = { mtu, routes: [] };
  const subnet = p.topology === 'subnet';
  if (p.ifconfig) {
    cfg.ipv4 = subnet
      ? { address: p.ifconfig.local, prefixLength: maskToBits(p.ifconfig.second) }
      : { address: p.ifconfig.local, prefixLength: 32, peer: p.ifconfig.second };
  }
  if (p.ifconfigIpv6)
    cfg.ipv6 = { address: p.ifconfigIpv6.address, prefixLength: p.ifconfigIpv6.prefixLength };
  const defaultGw = subnet ? p.routeGateway : p.ifconfig?.second;
  const routes: RouteSpec[] = [];
  if (!profile.routeNoPull) {
    for (const r of p.routes) {
      const gateway = r.gateway ?? defaultGw;
      routes.push({
        destination: `${r.network}/${maskToBits(r.mask)}`,
        ...(gateway ? { gateway } : {}),
        ...(r.metric !== undefined ? { metric: r.metric } : {}),
      });
    }
    for (const r of p.routesIpv6)
      routes.push({ destination: r.destination, ...(r.gateway ? { gateway: r.gateway } : {}) });
  }
  for (const r of profile.routes) {
    const gateway = r.gateway ?? (r.destination.includes(':') ? undefined : defaultGw);
    routes.push({ ...r, ...(gateway ? { gateway } : {}) });
  }
  cfg.routes = routes;
  if (p.dns.servers.length + p.dns.domains.length + p.dns.searchDomains.length > 0) cfg.dns = p.dns;
  const redirect = p.redirectGateway ?? profile.redirectGateway?.flags;
  if (redirect && !profile.routeNoPull) {
    cfg.redirectGateway = {
      ipv4: !redirect.includes('!ipv4'),
      ipv6: redirect.includes('ipv6'),
      serverAddresses,
    };
  }
  return cfg;
}

/**
 * `pull-filter accept|ignore|reject TEXT`: the first rule whose text starts the option decides
 * (options.c); `reject` aborts the connection.
 */
export function applyPullFilters(
  options: readonly string[],
  rules: ReadonlyArray<{ action: 'accept' | 'ignore' | 'reject'; text: string }>,
): { options: string[]; rejected?: string } {
  const kept: string[] = [];
  for (const option of options) {
    const rule = rules.find((r) => option.startsWith(r.text));
    if (rule?.action === 'reject') return { options: kept, rejected: option };
    if (rule?.action !== 'ignore') kept.push(option);
  }
  return { options: kept };
}
