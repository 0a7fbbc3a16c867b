/**
 * Turns pushed option lines into a PushedConfig. Unknown or malformed options become warnings,
 * never errors: a real client ignores what it cannot use (options.c apply_push_options hands
 * each line to add_option, which reports an unrecognized one and goes on). Passing an existing config
 * as `into` merges a later PUSH_REPLY (e.g. an auth-token refresh after renegotiation).
 */
import { isIP } from 'node:net';
import type { Compression } from '../../config/profile';
import { applyDhcpOption, applyDnsOption } from './dns-options';
import { splitOptionLine } from './option-line';
import { emptyPushedConfig, type PushedConfig, type RedirectGatewayFlags } from './pushed-config';

type Handler = (config: PushedConfig, args: string[]) => boolean;

const ROUTE_KEYWORDS = ['vpn_gateway', 'net_gateway', 'remote_host'];

function count(min: number, max: number, args: string[]): boolean {
  return args.length >= min && args.length <= max;
}

function uint(text: string | undefined, max = 0x7fffffff): number | undefined {
  if (text === undefined || !/^\d+$/.test(text)) return undefined;
  const n = Number(text);
  return n <= max ? n : undefined;
}

function setUint(key: 'ping' | 'pingRestart' | 'pingExit' | 'inactive' | 'tunMtu'): Handler {
  return (c, [value]) => {
    const n = uint(value);
    if (n === undefined) return false;
    c[key] = n;
    return true;
  };
}

function setString(key: 'cipher' | 'auth' | 'authToken'): Handler {
  return (c, args) => {
    if (!count(1, 1, args)) return false;
    c[key] = args[0];
    return true;
  };
}

function setFlag(key: 'blockIpv6' | 'blockOutsideDns'): Handler {
  return (c, args) => {
    if (args.length !== 0) return false;
    c[key] = true;
    return true;
  };
}

function redirectFlags(args: string[]): RedirectGatewayFlags | undefined {
  const flags: RedirectGatewayFlags = {
    def1: false,
    ipv4: true,
    ipv6: false,
    bypassDhcp: false,
    bypassDns: false,
    local: false,
    autolocal: false,
    blockLocal: false,
  };
  for (const f of args) {
    if (f === 'def1') flags.def1 = true;
    else if (f === 'ipv6') flags.ipv6 = true;
    else if (f === '!ipv4') flags.ipv4 = false;
    else if (f === 'bypass-dhcp') flags.bypassDhcp = true;
    else if (f === 'bypass-dns') flags.bypassDns = true;
    else if (f === 'local') flags.local = true;
    else if (f === 'autolocal') flags.autolocal = true;
    else if (f === 'block-local') flags.blockLocal = true;
    else return undefined;
  }
  return flags;
}

/** `compress [alg]` / `comp-lzo [yes|no|adaptive]` → framing. All are receivable (we decompress). */
function compressionOf(name: string, args: string[]): Compression | undefined {
  if (name === 'comp-lzo')
    return ['yes', 'no', 'adaptive', undefined].includes(args[0]) ? 'lzo' : undefined;
  return PUSHED_COMPRESSION.get(args[0] ?? 'stub');
}

const PUSHED_COMPRESSION: ReadonlyMap<string, Compression> = new Map([
  ['stub', 'stub'],
  ['stub-v2', 'stub-v2'],
  ['lz4', 'lz4'],
  ['lz4-v2', 'lz4-v2'],
  ['lzo', 'lzo'],
]);

/** A route's optional gateway and metric ("default" = absent); undefined when malformed. */
function routeTail(
  gateway: string | undefined,
  metric: string | undefined,
  family: 4 | 6,
): { gw?: string; m?: number } | undefined {
  const gw = gateway === undefined || gateway === 'default' ? undefined : gateway;
  if (gw !== undefined && isIP(gw) !== family && !ROUTE_KEYWORDS.includes(gw)) return undefined;
  if (metric === undefined || metric === 'default') return { gw };
  const m = uint(metric, 65535);
  return m === undefined ? undefined : { gw, m };
}

const HANDLER_ENTRIES: Record<string, Handler> = {
  ifconfig: (c, [local = '', second = '', ...rest]) => {
    if (rest.length > 0 || isIP(local) !== 4 || isIP(second) !== 4) return false;
    c.ifconfig = { local, second };
    return true;
  },
  'ifconfig-ipv6': (c, [cidr = '', remote]) => {
    const [address = '', bits = '128'] = cidr.split('/');
    const prefixLength = uint(bits, 128);
    if (isIP(address) !== 6 || prefixLength === undefined) return false;
    if (remote !== undefined && isIP(remote) !== 6) return false;
    c.ifconfigIpv6 = remote ? { address, prefixLength, remote } : { address, prefixLength };
    return true;
  },
  topology: (c, [t]) => {
    if (t !== 'subnet' && t !== 'net30' && t !== 'p2p') return false;
    c.topology = t;
    return true;
  },
  'route-gateway': (c, args) => {
    const [gw = ''] = args;
    if (!count(1, 1, args) || (gw !== 'dhcp' && isIP(gw) !== 4)) return false;
    c.routeGateway = gw;
    return true;
  },
  'route-metric': (c, [m]) => {
    const n = uint(m, 65535);
    if (n === undefined) return false;
    c.routeMetric = n;
    return true;
  },
  route: (c, args) => {
    const [network = '', netmask = '255.255.255.255', gateway, metric] = args;
    if (!count(1, 4, args)) return false;
    if (isIP(network) !== 4 && !ROUTE_KEYWORDS.includes(network)) return false;
    const mask = netmask === 'default' ? '255.255.255.255' : netmask;
    if (isIP(mask) !== 4) return false;
    const tail = routeTail(gateway, metric, 4);
    if (!tail) return false;
    const { gw, m } = tail;
    c.routes.push({
      network,
      netmask: mask,
      ...(gw ? { gateway: gw } : {}),
      ...(m !== undefined ? { metric: m } : {}),
    });
    return true;
  },
  'route-ipv6': (c, args) => {
    const [network = '', gateway, metric] = args;
    const [address = '', bits = '128'] = network.split('/');
    if (!count(1, 3, args) || isIP(address) !== 6 || uint(bits, 128) === undefined) return false;
    const tail = routeTail(gateway, metric, 6);
    if (!tail) return false;
    const { gw, m } = tail;
    c.routesIpv6.push({
      network,
      ...(gw ? { gateway: gw } : {}),
      ...(m !== undefined ? { metric: m } : {}),
    });
    return true;
  },
  'redirect-gateway': (c, args) => {
    const flags = redirectFlags(args);
    if (!flags) return false;
    c.redirectGateway = flags;
    return true;
  },
  'redirect-private': (c, args) => {
    const flags = redirectFlags(args);
    if (!flags) return false;
    c.redirectPrivate = flags;
    return true;
  },
  'block-ipv6': setFlag('blockIpv6'),
  'block-outside-dns': setFlag('blockOutsideDns'),
  'dhcp-option': (c, args) => count(1, 2, args) && applyDhcpOption(c, args),
  dns: (c, args) => applyDnsOption(c, args),
  'peer-id': (c, [id]) => {
    const n = uint(id, 0xfffffe);
    if (n === undefined) return false;
    c.peerId = n;
    return true;
  },
  cipher: setString('cipher'),
  auth: setString('auth'),
  ping: setUint('ping'),
  'ping-restart': setUint('pingRestart'),
  'ping-exit': setUint('pingExit'),
  inactive: (c, args) => count(1, 2, args) && setUint('inactive')(c, args),
  'tun-mtu': setUint('tunMtu'),
  'auth-token': setString('authToken'),
  'auth-token-user': (c, [b64]) => {
    if (!b64 || !/^[A-Za-z0-9+/]+={0,2}$/.test(b64)) return false;
    c.authTokenUser = Buffer.from(b64, 'base64').toString('utf8');
    return true;
  },
  'protocol-flags': (c, args) => {
    for (const f of args) {
      if (f === 'cc-exit') c.protocolFlags.ccExit = true;
      else if (f === 'tls-ekm') c.protocolFlags.tlsEkm = c.useTlsEkm = true;
      else if (f === 'dyn-tls-crypt') c.protocolFlags.dynTlsCrypt = true;
      else if (f === 'aead-epoch') c.protocolFlags.aeadEpoch = true;
      else c.warnings.push(`unknown protocol flag "${f}" ignored`);
    }
    return true;
  },
  'key-derivation': (c, [method]) => {
    if (method !== 'tls-ekm') return false;
    c.useTlsEkm = true;
    return true;
  },
  'comp-lzo': (c, args) => {
    const framing = compressionOf('comp-lzo', args);
    if (framing) c.compression = framing;
    return framing !== undefined;
  },
  compress: (c, args) => {
    const framing = compressionOf('compress', args);
    if (framing) c.compression = framing;
    return framing !== undefined;
  },
  'explicit-exit-notify': (c, [n = '1']) => {
    const v = uint(n, 65535);
    if (v === undefined) return false;
    c.explicitExitNotify = v;
    return true;
  },
};

// Looked up in a Map, never in the object: a pushed `hasOwnProperty` or `__proto__` finds nothing.
const HANDLERS: ReadonlyMap<string, Handler> = new Map(Object.entries(HANDLER_ENTRIES));

/** Options that need nothing from a tun client (Windows-only, tap-only, socket tuning, GUI). */
const IGNORED = new Set([
  'register-dns',
  'ip-win32',
  'dhcp-pre-release',
  'dhcp-renew',
  'dhcp-release',
  'tun-ipv6',
  'route-delay',
  'socket-flags',
  'sndbuf',
  'rcvbuf',
  'echo',
  'setenv',
  'setenv-safe',
  'push-peer-info',
  'persist-tun',
  'persist-key',
]);

/**
 * Words an option may have, its name included (options.h MAX_PARMS): OpenVPN's parse_line
 * drops the rest with a warning, and so do we, which also keeps hostile lines small.
 */
const MAX_PARMS = 16;

export function parsePushedOptions(
  options: readonly string[],
  into: PushedConfig = emptyPushedConfig(),
): PushedConfig {
  for (const line of options) {
    const words = splitOptionLine(line);
    if (words.length > MAX_PARMS) {
      into.warnings.push(
        `pushed option "${words[0] ?? ''} …" has ${words.length} words; only the first ${MAX_PARMS} are used`,
      );
      words.length = MAX_PARMS;
    }
    let [name = '', ...args] = words;
    // `setenv opt <option>`: an option the server marks as safe to ignore if unknown.
    const optional = name === 'setenv' && args[0] === 'opt';
    if (optional) [name = '', ...args] = args.slice(1);
    const handler = HANDLERS.get(name);
    if (handler) {
      if (!handler(into, args)) into.warnings.push(`ignored malformed pushed option "${line}"`);
    } else if (IGNORED.has(name) || optional) {
      into.ignored.push(line);
    } else if (name !== '') {
      into.unknown.push(line);
      into.warnings.push(`ignored unknown pushed option "${line}"`);
    }
  }
  return into;
}
