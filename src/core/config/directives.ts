/**
 * Every OpenVPN directive Gangway knows, in exactly one of three classes. The importer looks a
 * directive up here first; anything not listed is unknown and fails with a suggestion.
 *
 * - supported: the normalizer has a handler for it (a unit test checks the two lists agree).
 * - ignored: harmless for a Gangway client; the import succeeds with a warning naming the line.
 * - refused: it would run a program, load code, touch files outside the profile, or change
 *   behaviour in a way Gangway cannot honour; the import fails. Nothing is ever executed.
 */

export const SUPPORTED_DIRECTIVES: ReadonlySet<string> = new Set([
  // role and pull
  'client',
  'pull',
  'tls-client',
  'dev',
  'dev-type',
  'tun-ipv6',
  // where to connect
  'remote',
  'proto',
  'port',
  'rport',
  'lport',
  'nobind',
  'remote-random',
  'connection',
  'connect-retry',
  'connect-retry-max',
  'server-poll-timeout',
  'connect-timeout',
  'resolv-retry',
  // key material
  'ca',
  'cert',
  'key',
  'pkcs12',
  'extra-certs',
  'tls-auth',
  'tls-crypt',
  'tls-crypt-v2',
  'key-direction',
  // data channel
  'cipher',
  'data-ciphers',
  'ncp-ciphers',
  'data-ciphers-fallback',
  'auth',
  'comp-lzo',
  'compress',
  'allow-compression',
  // user authentication
  'auth-user-pass',
  'static-challenge',
  'auth-nocache',
  // server verification and TLS
  'remote-cert-tls',
  'remote-cert-ku',
  'remote-cert-eku',
  'verify-x509-name',
  'tls-version-min',
  'tls-version-max',
  'tls-cipher',
  'tls-ciphersuites',
  'tls-groups',
  // timers
  'reneg-sec',
  'reneg-bytes',
  'reneg-pkts',
  'tran-window',
  'replay-window',
  'ping',
  'ping-restart',
  'ping-exit',
  'keepalive',
  'explicit-exit-notify',
  'mssfix',
  'tun-mtu',
  // routing and pushed options
  'route',
  'route-ipv6',
  'route-nopull',
  'redirect-gateway',
  'pull-filter',
  'dhcp-option',
  'dns',
  // meta
  'setenv',
  'ignore-unknown-option',
]);

/** Why an ignored directive does not matter, shown in its warning. */
export const IGNORED_DIRECTIVES: ReadonlyMap<string, string> = new Map(
  Object.entries({
    'persist-tun': 'Gangway always keeps the device, its routes and DNS across reconnects',
    'persist-key': 'Gangway keeps keys in memory anyway',
    'persist-local-ip': 'not needed by Gangway',
    'persist-remote-ip': 'not needed by Gangway',
    'disable-dco': 'Gangway has no kernel data-channel offload',
    verb: 'Gangway has its own log levels',
    mute: 'Gangway has its own log levels',
    'mute-replay-warnings': 'Gangway has its own log levels',
    'suppress-timestamps': 'Gangway has its own log format',
    'machine-readable-output': 'Gangway has its own log format',
    'errors-to-stderr': 'Gangway has its own log format',
    syslog: 'Gangway has its own log',
    echo: 'not needed by Gangway',
    'status-version': 'not needed by Gangway',
    float: 'Gangway accepts the server from its address as connected',
    user: 'Gangway drops privileges by design',
    group: 'Gangway drops privileges by design',
    nice: 'not needed by Gangway',
    mlock: 'not needed by Gangway',
    daemon: 'Gangway runs as an app',
    sndbuf: 'Gangway uses system socket buffers',
    rcvbuf: 'Gangway uses system socket buffers',
    'socket-flags': 'Gangway uses default socket options',
    'tcp-nodelay': 'Gangway uses default socket options',
    'fast-io': 'Gangway uses default socket options',
    mark: 'Gangway uses default socket options',
    'bind-dev': 'Gangway uses default socket options',
    bind: 'Gangway binds only when lport is given',
    local: 'Gangway lets the system pick the local address',
    txqueuelen: 'Gangway sets up the tunnel device itself',
    'auth-retry': 'Gangway asks again for credentials after a failure',
    'block-outside-dns': 'a Windows-only option',
    'windows-driver': 'a Windows-only option',
    'route-method': 'a Windows-only option',
    'ip-win32': 'a Windows-only option',
    'dhcp-renew': 'a Windows-only option',
    'dhcp-release': 'a Windows-only option',
    'dhcp-pre-release': 'a Windows-only option',
    'register-dns': 'a Windows-only option',
    'tap-sleep': 'a Windows-only option',
    'allow-nonadmin': 'a Windows-only option',
    'win-sys': 'a Windows-only option',
    'dev-node': 'Gangway creates its own tunnel device',
    'route-delay': 'Gangway adds routes as soon as the tunnel is up',
    'route-metric': 'Gangway uses its own route metric',
    'route-gateway': 'the server pushes the gateway',
    'redirect-private': 'use redirect-gateway instead',
    'block-ipv6': 'not supported; IPv6 is left as the system has it',
    'show-net-up': 'not needed by Gangway',
    'allow-pull-fqdn': 'not needed by Gangway',
    topology: 'the server pushes the topology',
    'push-peer-info': 'Gangway sends its own peer info',
    'remote-random-hostname': 'not needed by Gangway',
    'hand-window': 'Gangway uses the default handshake window',
    'tls-timeout': 'Gangway uses the default retransmit timer',
    'ping-timer-rem': 'not needed by Gangway',
    inactive: 'Gangway does not disconnect idle tunnels',
    'ncp-disable': 'removed in OpenVPN 2.6; ciphers are always negotiated',
    'key-method': 'only key method 2 exists',
    'comp-noadapt': 'Gangway does not compress outgoing packets',
    'tls-cert-profile': 'Gangway uses the system TLS defaults',
    'ecdh-curve': 'Gangway uses the system TLS defaults',
    'mtu-disc': 'Gangway uses the system path-MTU setting',
    'mtu-test': 'not supported',
    'link-mtu': 'deprecated; tun-mtu is used',
    'tun-mtu-extra': 'only for tap devices',
    'max-routes': 'removed in OpenVPN 2.4',
    'single-session': 'not needed by Gangway',
    'tls-exit': 'not needed by Gangway',
    'opt-verify': 'Gangway only logs option mismatches',
    'disable-occ': 'Gangway only logs option mismatches',
    'up-delay': 'Gangway runs no scripts',
    'up-restart': 'Gangway runs no scripts',
    'down-pre': 'Gangway runs no scripts',
    'x509-track': 'Gangway runs no scripts',
    'setenv-safe': 'Gangway runs no scripts',
    'keying-material-exporter': 'not needed by Gangway',
    'auth-token': 'tokens come from the server',
    'auth-token-user': 'tokens come from the server',
    service: 'a Windows-only option',
    'no-replay': 'Gangway always keeps replay protection',
  }),
);

const RUNS_PROGRAM = 'it would run a program';
const LOADS_CODE = 'it would load a plugin or other code';
const TOUCHES_FILES = 'it would read or write files outside the profile';
const MANAGEMENT = 'it would open a management interface';
const NEEDS_SCRIPTS = 'it leaves network setup to scripts, which Gangway never runs';
const SERVER_ONLY = 'it is a server option, not for a client profile';
const UNSUPPORTED = 'Gangway does not support it';

/** Why a refused directive is refused, completing "directive X is refused: …". */
export const REFUSED_DIRECTIVES: ReadonlyMap<string, string> = new Map(
  Object.entries({
    up: RUNS_PROGRAM,
    down: RUNS_PROGRAM,
    'route-up': RUNS_PROGRAM,
    'route-pre-down': RUNS_PROGRAM,
    ipchange: RUNS_PROGRAM,
    'learn-address': RUNS_PROGRAM,
    'client-connect': RUNS_PROGRAM,
    'client-disconnect': RUNS_PROGRAM,
    'tls-verify': RUNS_PROGRAM,
    'auth-user-pass-verify': RUNS_PROGRAM,
    'tls-crypt-v2-verify': RUNS_PROGRAM,
    'dns-updown': RUNS_PROGRAM,
    iproute: RUNS_PROGRAM,
    'script-security': RUNS_PROGRAM,
    plugin: LOADS_CODE,
    engine: LOADS_CODE,
    providers: LOADS_CODE,
    'pkcs11-providers': LOADS_CODE,
    management: MANAGEMENT,
    config: TOUCHES_FILES,
    cd: TOUCHES_FILES,
    chroot: TOUCHES_FILES,
    log: TOUCHES_FILES,
    'log-append': TOUCHES_FILES,
    writepid: TOUCHES_FILES,
    status: TOUCHES_FILES,
    'tls-export-cert': TOUCHES_FILES,
    askpass: TOUCHES_FILES,
    'replay-persist': TOUCHES_FILES,
    'tmp-dir': TOUCHES_FILES,
    'ifconfig-pool-persist': TOUCHES_FILES,
    capath: TOUCHES_FILES,
    'ifconfig-noexec': NEEDS_SCRIPTS,
    'route-noexec': NEEDS_SCRIPTS,
    server: SERVER_ONLY,
    'server-ipv6': SERVER_ONLY,
    'server-bridge': SERVER_ONLY,
    mode: SERVER_ONLY,
    'tls-server': SERVER_ONLY,
    push: SERVER_ONLY,
    'push-reset': SERVER_ONLY,
    'push-remove': SERVER_ONLY,
    'client-to-client': SERVER_ONLY,
    'duplicate-cn': SERVER_ONLY,
    'ifconfig-pool': SERVER_ONLY,
    'client-config-dir': SERVER_ONLY,
    'ccd-exclusive': SERVER_ONLY,
    'max-clients': SERVER_ONLY,
    'verify-client-cert': SERVER_ONLY,
    'username-as-common-name': SERVER_ONLY,
    'auth-gen-token': SERVER_ONLY,
    'port-share': SERVER_ONLY,
    dh: SERVER_ONLY,
    'auth-user-pass-optional': SERVER_ONLY,
    'client-cert-not-required': SERVER_ONLY,
    secret: `${UNSUPPORTED} (static-key mode; use TLS with certificates)`,
    fragment: UNSUPPORTED,
    ifconfig: `${UNSUPPORTED} (the server must push the tunnel address)`,
    'ifconfig-ipv6': `${UNSUPPORTED} (the server must push the tunnel address)`,
    lladdr: UNSUPPORTED,
    'http-proxy': `${UNSUPPORTED} yet (proxies)`,
    'http-proxy-option': `${UNSUPPORTED} yet (proxies)`,
    'http-proxy-user-pass': `${UNSUPPORTED} yet (proxies)`,
    'http-proxy-retry': `${UNSUPPORTED} yet (proxies)`,
    'socks-proxy': `${UNSUPPORTED} yet (proxies)`,
    'socks-proxy-retry': `${UNSUPPORTED} yet (proxies)`,
    'pkcs11-id': `${UNSUPPORTED} (smart cards)`,
    cryptoapicert: `${UNSUPPORTED} (Windows certificate store)`,
    'peer-fingerprint': `${UNSUPPORTED} (use a CA certificate)`,
    'verify-hash': `${UNSUPPORTED}, and ignoring it would weaken server verification`,
    'crl-verify': `${UNSUPPORTED}, and ignoring it would weaken server verification`,
    'ns-cert-type': 'it was removed in OpenVPN 2.5 (use "remote-cert-tls server")',
    'tls-remote': 'it was removed in OpenVPN 2.3 (use "verify-x509-name")',
  }),
);

/** `management-*` options (hold, query-passwords, external-key, …) all need a management interface. */
const REFUSED_PREFIXES: ReadonlyArray<[string, string]> = [
  ['management-', MANAGEMENT],
  ['pkcs11-', `${UNSUPPORTED} (smart cards)`],
];

export type DirectiveClass =
  | { kind: 'supported' }
  | { kind: 'ignored'; reason: string }
  | { kind: 'refused'; reason: string }
  | { kind: 'unknown' };

export function classifyDirective(name: string): DirectiveClass {
  if (SUPPORTED_DIRECTIVES.has(name)) return { kind: 'supported' };
  const ignored = IGNORED_DIRECTIVES.get(name);
  if (ignored !== undefined) return { kind: 'ignored', reason: ignored };
  const refused = REFUSED_DIRECTIVES.get(name);
  if (refused !== undefined) return { kind: 'refused', reason: refused };
  for (const [prefix, reason] of REFUSED_PREFIXES) {
    if (name.startsWith(prefix)) return { kind: 'refused', reason };
  }
  return { kind: 'unknown' };
}

export function allKnownDirectives(): string[] {
  return [...SUPPORTED_DIRECTIVES, ...IGNORED_DIRECTIVES.keys(), ...REFUSED_DIRECTIVES.keys()];
}

/** Directives whose file argument may instead be an inline `<tag>` block. */
export const INLINE_CAPABLE: ReadonlySet<string> = new Set([
  'ca',
  'cert',
  'key',
  'pkcs12',
  'extra-certs',
  'tls-auth',
  'tls-crypt',
  'tls-crypt-v2',
  'auth-user-pass',
  'connection',
]);
