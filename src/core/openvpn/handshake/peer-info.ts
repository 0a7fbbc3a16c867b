/**
 * The peer-info block the client sends in key-method 2 (ssl.c push_peer_info): newline-terminated
 * KEY=VALUE lines. IV_PROTO announces features; announce only what the engine implements.
 */

/** IV_PROTO bits (ssl.h). Bit 0 is reserved; any client setting bits must set DATA_V2. */
export const IV_PROTO = {
  DATA_V2: 1 << 1,
  REQUEST_PUSH: 1 << 2,
  TLS_KEY_EXPORT: 1 << 3,
  AUTH_PENDING_KW: 1 << 4,
  /** Peer-to-peer NCP: never for pull clients. */
  NCP_P2P: 1 << 5,
  DNS_OPTION: 1 << 6,
  CC_EXIT_NOTIFY: 1 << 7,
  AUTH_FAIL_TEMP: 1 << 8,
  DYN_TLS_CRYPT: 1 << 9,
} as const;

export interface PeerInfoInput {
  /** Profile dataCiphers in order (already including a legacy `cipher`). */
  ciphers: string[];
  /** The profile's tun-mtu; IV_MTU = max(1600, tunMtu). */
  tunMtu: number;
  /** node's process.platform, mapped to OpenVPN's names. */
  platform?: NodeJS.Platform;
  /** What OpenVPN version to claim for servers that branch on it. */
  version?: string;
  /** e.g. "Gangway 0.1.0"; a profile's `setenv IV_GUI_VER` in `extras` wins. */
  guiVersion?: string;
  /** Set only once the session implements dynamic tls-crypt (ssl.c push_peer_info). */
  dynamicTlsCrypt?: boolean;
  /** `setenv IV_*`/`UV_*` values from the profile. */
  extras?: Record<string, string>;
}

/** 2|4|8|16|64|128|256 = 478: the features the codecs in src/core/openvpn implement. */
export const DEFAULT_IV_PROTO =
  IV_PROTO.DATA_V2 |
  IV_PROTO.REQUEST_PUSH |
  IV_PROTO.TLS_KEY_EXPORT |
  IV_PROTO.AUTH_PENDING_KW |
  IV_PROTO.DNS_OPTION |
  IV_PROTO.CC_EXIT_NOTIFY |
  IV_PROTO.AUTH_FAIL_TEMP;

const PLATFORMS: Partial<Record<NodeJS.Platform, string>> = {
  linux: 'linux',
  darwin: 'mac',
  win32: 'win',
  freebsd: 'freebsd',
  openbsd: 'openbsd',
  netbsd: 'netbsd',
  android: 'android',
  sunos: 'solaris',
};

/** Keys OpenVPN itself sets; a profile `setenv` must not override the protocol ones. */
const RESERVED = new Set([
  'IV_VER',
  'IV_PLAT',
  'IV_PROTO',
  'IV_CIPHERS',
  'IV_NCP',
  'IV_MTU',
  'IV_TCPNL',
]);
const MAX_LINE = 255;

export function ivProto(dynamicTlsCrypt = false): number {
  return DEFAULT_IV_PROTO | (dynamicTlsCrypt ? IV_PROTO.DYN_TLS_CRYPT : 0);
}

export function buildPeerInfo(input: PeerInfoInput): string {
  const lines: Array<[string, string]> = [
    ['IV_VER', input.version ?? '2.6.14'],
    ['IV_PLAT', PLATFORMS[input.platform ?? process.platform] ?? 'linux'],
    ['IV_TCPNL', '1'],
    ['IV_MTU', String(Math.max(1600, input.tunMtu))],
  ];
  if (input.ciphers.includes('AES-256-GCM') && input.ciphers.includes('AES-128-GCM')) {
    lines.push(['IV_NCP', '2']);
  }
  lines.push(['IV_CIPHERS', input.ciphers.join(':')]);
  lines.push(['IV_PROTO', String(ivProto(input.dynamicTlsCrypt))]);
  lines.push(['IV_LZO_STUB', '1'], ['IV_COMP_STUB', '1'], ['IV_COMP_STUBv2', '1']);
  const extras = { ...input.extras };
  if (input.guiVersion && extras.IV_GUI_VER === undefined) extras.IV_GUI_VER = input.guiVersion;
  for (const [key, value] of Object.entries(extras)) {
    if (RESERVED.has(key) || !/^[A-Za-z0-9_]+$/.test(key) || /[\r\n\0]/.test(value)) continue;
    lines.push([key, value]);
  }
  return lines
    .map(([k, v]) => `${k}=${v}`)
    .filter((line) => line.length <= MAX_LINE)
    .map((line) => `${line}\n`)
    .join('');
}
