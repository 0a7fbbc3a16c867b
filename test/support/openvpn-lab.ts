import { type ChildProcess } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  Cleanup,
  createNamespace,
  createVeth,
  execIn,
  icmpPing,
  PING_PROGRAM,
  run,
  spawnIn,
  startUdpEcho,
  udpPing,
  stopProcess,
  sweepStale,
  uniqueName,
  waitFor,
  waitForLog,
  type ExecOptions,
  type ExecResult,
} from './netns';
import { issue, makeCa, makePki, type Issued } from './pki';
import { OPENVPN } from './prereqs';

/**
 * A stock OpenVPN 2.6 server in a network namespace, for interop tests.
 *
 *   client ns [veth0 198.51.100.2]  <-- veth -->  [veth0 198.51.100.1] server ns
 *   (default route via .1)                         openvpn server, tun0 10.8.0.1 (fd00:8::1)
 *                                                  priv0 10.99.0.1/24, .53, fd00:99::1/64
 *
 * `startLab(options)` returns a Lab: the client profile (.ovpn with inline certs and keys),
 * namespace names, addresses, the server log, and stop()/restart()/exec()/spawn()/ping()/
 * icmpPing(). The server ns also answers UDP echo on port 7 (ping(): paced loss counting).
 * Always `await lab.stop()` (afterAll / finally); a killed run is swept by the next startLab.
 */

export const OPENVPN_BIN = '/usr/sbin/openvpn';

/** What startLab needs: pass as `describeWith({ root: true, programs: LAB_PROGRAMS }, ...)`. */
export const LAB_PROGRAMS = { ...OPENVPN, '/usr/sbin/nft': 'nftables', ...PING_PROGRAM };

export type TlsWrap = 'none' | 'tls-auth' | 'tls-crypt' | 'tls-crypt-v2';
export type PushedCompression = 'none' | 'comp-lzo' | 'lz4' | 'lz4-v2';

export interface LabOptions {
  /** Namespace name prefix (yours, from your task); default 'gwl'. */
  prefix?: string;
  proto?: 'udp' | 'tcp';
  /** Default 1194. */
  port?: number;
  /** Default 'tls-crypt'. */
  tlsWrap?: TlsWrap;
  /** Server `data-ciphers`; default AES-256-GCM:AES-128-GCM:CHACHA20-POLY1305. */
  dataCiphers?: string[];
  /** Server `data-ciphers-fallback` (for clients that only say `cipher X`). */
  dataCiphersFallback?: string;
  /** `auth` digest on both sides (tls-auth HMAC, CBC data channel), e.g. 'SHA256'. */
  auth?: string;
  /** Compression the server uses and pushes; default 'none'. */
  compression?: PushedCompression;
  /** When set, the server checks username/password (auth-user-pass-verify via-file). */
  credentials?: { username: string; password: string };
  /** Default true; false = `verify-client-cert none` (password only). */
  requireClientCert?: boolean;
  /** Default 'subnet'. */
  topology?: 'subnet' | 'net30';
  /** Server IPv6 in the tunnel (`server-ipv6 fd00:8::/64`) and a pushed fd00:99::/64 route. */
  ipv6?: boolean;
  /** IPv6 on the veth too (2001:db8:100::1/::2); the server listens dual-stack. */
  ipv6Underlay?: boolean;
  /** IPv4 CIDRs pushed as routes; default ['10.99.0.0/24']. */
  routes?: string[];
  /** How DNS is pushed; default 'dhcp-option' (DNS 10.99.0.53, DOMAIN lab.test). */
  dns?: 'dhcp-option' | 'dns' | 'none';
  /** Push `redirect-gateway def1`. */
  redirectGateway?: boolean;
  renegSec?: number;
  /** [interval, timeout]; default [10, 60]. */
  keepalive?: [number, number];
  tlsVersionMin?: string;
  /** 'no-server-eku': the server cert lacks serverAuth EKU (remote-cert-tls must refuse it). */
  serverCert?: 'good' | 'no-server-eku';
  /** 'wrong-ca': signed by another CA; 'expired': validity ended yesterday. */
  clientCert?: 'good' | 'wrong-ca' | 'expired';
  /** Adds an unreachable remote (198.51.100.99) before or after the real one. */
  deadRemote?: 'before' | 'after';
  /** Raw `push "..."` payloads added after the generated ones. */
  extraPush?: string[];
  /** Raw lines appended to the server config. */
  extraServerConfig?: string[];
  /** Raw lines appended to the client profile (e.g. 'comp-lzo', 'cipher AES-128-CBC'). */
  extraProfile?: string[];
  /** Milliseconds to wait for the server to come up; default 20000. */
  readyTimeoutMs?: number;
}

export const LAB_ADDRESSES = {
  serverUnderlay: '198.51.100.1',
  clientUnderlay: '198.51.100.2',
  serverUnderlay6: '2001:db8:100::1',
  clientUnderlay6: '2001:db8:100::2',
  deadRemote: '198.51.100.99',
  /** The server's own tunnel address. */
  serverTunnel: '10.8.0.1',
  serverTunnel6: 'fd00:8::1',
  /** Private network behind the server (a dummy interface in the server ns). */
  privateHost: '10.99.0.1',
  privateHost6: 'fd00:99::1',
  privateNet: '10.99.0.0/24',
  privateNet6: 'fd00:99::/64',
  dnsServer: '10.99.0.53',
  dnsDomain: 'lab.test',
} as const;

export interface Lab {
  /** Temp dir holding PKI, keys, configs, logs (0700; removed by stop()). */
  dir: string;
  serverNs: string;
  clientNs: string;
  /** The veth's name in both namespaces (capture on it with tcpdump). */
  vethName: string;
  proto: 'udp' | 'tcp';
  port: number;
  addresses: typeof LAB_ADDRESSES;
  /** The client profile (OpenVPN format, inline certs/keys), ready to import. */
  clientProfile: string;
  /** Path of the same profile on disk (0600). */
  clientProfilePath: string;
  /** When credentials were asked for: a 0600 file (username\npassword) for `--auth-user-pass`. */
  credentialsPath?: string;
  serverLog: string;
  /** Cleanup registry of the lab; add your own steps, they run (first) on stop(). */
  cleanup: Cleanup;
  exec(ns: 'server' | 'client' | string, argv: string[], opts?: ExecOptions): Promise<ExecResult>;
  /** Long-running process in a namespace, killed on stop(). */
  spawn(ns: 'server' | 'client' | string, argv: string[], logFile?: string): ChildProcess;
  /**
   * UDP echo round trips (ms) from the client ns to `address` (the server ns answers UDP echo
   * on port 7 on every address: underlay, tunnel, private network); [] when none came back.
   */
  ping(address: string, opts?: { count?: number; timeoutMs?: number }): Promise<number[]>;
  /** Real ICMP echo (iputils ping -c count -W waitSeconds) from the client ns; reply RTTs in ms. */
  icmpPing(address: string, opts?: { count?: number; waitSeconds?: number }): Promise<number[]>;
  /** Stops the OpenVPN server only (the namespaces stay). */
  stopServer(): Promise<void>;
  /** Restarts the OpenVPN server with the same config and waits until it is ready. */
  restart(): Promise<void>;
  /** Stops everything and removes namespaces, processes and the temp dir. */
  stop(): Promise<void>;
}

function writeSecret(file: string, text: string): string {
  writeFileSync(file, text, { mode: 0o600 });
  return file;
}

function cidrToRoute(cidr: string): string {
  const [addr, bits] = cidr.split('/');
  const n = Number(bits);
  const mask = [0, 8, 16, 24].map((s) => ((0xffffffff << (32 - n)) >>> (24 - s)) & 0xff);
  return `${addr} ${n === 0 ? '0.0.0.0' : mask.join('.')}`;
}

function compressionLines(c: PushedCompression): { server: string[]; push: string[] } {
  if (c === 'comp-lzo') return { server: ['comp-lzo yes'], push: ['comp-lzo yes'] };
  if (c === 'lz4') return { server: ['compress lz4'], push: ['compress lz4'] };
  if (c === 'lz4-v2') return { server: ['compress lz4-v2'], push: ['compress lz4-v2'] };
  return { server: [], push: [] };
}

async function genkey(dir: string, wrap: TlsWrap): Promise<{ server: string; client: string }> {
  if (wrap === 'none') return { server: '', client: '' };
  if (wrap === 'tls-crypt-v2') {
    const srv = path.join(dir, 'tc2-server.key');
    const cli = path.join(dir, 'tc2-client.key');
    await run([OPENVPN_BIN, '--genkey', 'tls-crypt-v2-server', srv]);
    await run([OPENVPN_BIN, '--genkey', 'tls-crypt-v2-client', cli, '--tls-crypt-v2', srv]);
    chmodSync(cli, 0o600);
    return { server: srv, client: readFileSync(cli, 'utf8') };
  }
  const key = path.join(dir, 'static.key');
  await run([OPENVPN_BIN, '--genkey', 'secret', key]);
  chmodSync(key, 0o600);
  return { server: key, client: readFileSync(key, 'utf8') };
}

function clientIdentity(o: LabOptions, ca: Issued): { ca: Issued; client: Issued } {
  const day = 86_400_000;
  if (o.clientCert === 'wrong-ca') {
    const other = makeCa('Gangway Other CA');
    return { ca, client: issue(other, { commonName: 'client1', usage: 'client' }) };
  }
  if (o.clientCert === 'expired') {
    const notBefore = new Date(Date.now() - 30 * day);
    const notAfter = new Date(Date.now() - day);
    return {
      ca,
      client: issue(ca, { commonName: 'client1', usage: 'client', notBefore, notAfter }),
    };
  }
  return { ca, client: issue(ca, { commonName: 'client1', usage: 'client' }) };
}

function serverConfig(
  o: Required<Pick<LabOptions, 'proto' | 'port'>> & LabOptions,
  files: {
    dir: string;
    wrapKey: string;
    verifyScript?: string;
  },
): string {
  const a = LAB_ADDRESSES;
  const wrap = o.tlsWrap ?? 'tls-crypt';
  const proto = o.ipv6Underlay ? `${o.proto}6` : o.proto;
  const comp = compressionLines(o.compression ?? 'none');
  const push: string[] = [];
  for (const r of o.routes ?? [a.privateNet]) push.push(`route ${cidrToRoute(r)}`);
  if (o.ipv6) push.push(`route-ipv6 ${a.privateNet6}`);
  if ((o.dns ?? 'dhcp-option') === 'dhcp-option') {
    push.push(`dhcp-option DNS ${a.dnsServer}`, `dhcp-option DOMAIN ${a.dnsDomain}`);
  } else if (o.dns === 'dns') {
    push.push(`dns server 0 address ${a.dnsServer}`, `dns search-domains ${a.dnsDomain}`);
  }
  if (o.redirectGateway) push.push('redirect-gateway def1');
  push.push(...comp.push, ...(o.extraPush ?? []));
  const [ping, timeout] = o.keepalive ?? [10, 60];
  const lines = [
    'mode server',
    'tls-server',
    `proto ${o.proto === 'tcp' ? `${proto}-server` : proto}`,
    `port ${o.port}`,
    'dev tun',
    `topology ${o.topology ?? 'subnet'}`,
    'server 10.8.0.0 255.255.255.0',
    ...(o.ipv6 ? ['server-ipv6 fd00:8::/64'] : []),
    `ca ${files.dir}/ca.crt`,
    `cert ${files.dir}/server.crt`,
    `key ${files.dir}/server.key`,
    'dh none',
    `data-ciphers ${(o.dataCiphers ?? ['AES-256-GCM', 'AES-128-GCM', 'CHACHA20-POLY1305']).join(':')}`,
    ...(o.dataCiphersFallback ? [`data-ciphers-fallback ${o.dataCiphersFallback}`] : []),
    ...(o.auth ? [`auth ${o.auth}`] : []),
    ...(wrap === 'tls-auth' ? [`tls-auth ${files.wrapKey} 0`] : []),
    ...(wrap === 'tls-crypt' ? [`tls-crypt ${files.wrapKey}`] : []),
    ...(wrap === 'tls-crypt-v2' ? [`tls-crypt-v2 ${files.wrapKey}`] : []),
    `keepalive ${ping} ${timeout}`,
    ...(o.renegSec !== undefined ? [`reneg-sec ${o.renegSec}`] : []),
    ...(o.tlsVersionMin ? [`tls-version-min ${o.tlsVersionMin}`] : []),
    ...(comp.server.length ? ['allow-compression yes', ...comp.server] : []),
    'duplicate-cn',
    `tmp-dir ${files.dir}`,
    ...(files.verifyScript
      ? ['script-security 2', `auth-user-pass-verify ${files.verifyScript} via-file`]
      : []),
    ...(o.requireClientCert === false
      ? ['verify-client-cert none', 'username-as-common-name']
      : []),
    ...push.map((p) => `push "${p}"`),
    'verb 3',
    ...(o.extraServerConfig ?? []),
  ];
  return lines.join('\n') + '\n';
}

function clientProfile(
  o: Required<Pick<LabOptions, 'proto' | 'port'>> & LabOptions,
  id: { ca: Issued; client: Issued },
  wrapKey: string,
): string {
  const a = LAB_ADDRESSES;
  const wrap = o.tlsWrap ?? 'tls-crypt';
  const server = o.ipv6Underlay ? a.serverUnderlay6 : a.serverUnderlay;
  const remotes = [`remote ${server} ${o.port}`];
  if (o.deadRemote === 'before') remotes.unshift(`remote ${a.deadRemote} ${o.port}`);
  if (o.deadRemote === 'after') remotes.push(`remote ${a.deadRemote} ${o.port}`);
  const inline = (tag: string, body: string): string => `<${tag}>\n${body.trim()}\n</${tag}>`;
  const lines = [
    'client',
    'dev tun',
    `proto ${o.proto === 'tcp' ? 'tcp-client' : 'udp'}`,
    ...remotes,
    'nobind',
    'remote-cert-tls server',
    ...(o.auth ? [`auth ${o.auth}`] : []),
    ...(o.credentials ? ['auth-user-pass'] : []),
    'verb 3',
    ...(o.extraProfile ?? []),
    inline('ca', id.ca.certPem),
    ...(o.requireClientCert === false
      ? []
      : [inline('cert', id.client.certPem), inline('key', id.client.keyPem)]),
    ...(wrap === 'tls-auth' ? ['key-direction 1', inline('tls-auth', wrapKey)] : []),
    ...(wrap === 'tls-crypt' ? [inline('tls-crypt', wrapKey)] : []),
    ...(wrap === 'tls-crypt-v2' ? [inline('tls-crypt-v2', wrapKey)] : []),
  ];
  return lines.join('\n') + '\n';
}

async function buildNetwork(serverNs: string, clientNs: string, o: LabOptions, c: Cleanup) {
  const a = LAB_ADDRESSES;
  await createNamespace(serverNs, c);
  await createNamespace(clientNs, c);
  await createVeth(
    {
      ns: serverNs,
      ifname: 'veth0',
      addresses: [`${a.serverUnderlay}/24`, ...(o.ipv6Underlay ? [`${a.serverUnderlay6}/64`] : [])],
    },
    {
      ns: clientNs,
      ifname: 'veth0',
      addresses: [`${a.clientUnderlay}/24`, ...(o.ipv6Underlay ? [`${a.clientUnderlay6}/64`] : [])],
    },
  );
  // The server ns plays "the internet" for the client: a default route lets redirect-gateway
  // tests find an original gateway.
  await execIn(clientNs, ['/usr/sbin/ip', 'route', 'add', 'default', 'via', a.serverUnderlay]);
  if (o.ipv6Underlay) {
    await execIn(clientNs, [
      '/usr/sbin/ip',
      '-6',
      'route',
      'add',
      'default',
      'via',
      a.serverUnderlay6,
    ]);
  }
  const ip = (...args: string[]) => execIn(serverNs, ['/usr/sbin/ip', ...args]);
  // This kernel has no dummy driver: a veth pair whose far end stays unused does the same job.
  await ip('link', 'add', 'priv0', 'type', 'veth', 'peer', 'name', 'priv0p');
  await ip('link', 'set', 'priv0p', 'up');
  await ip('addr', 'add', `${a.privateHost}/24`, 'dev', 'priv0');
  await ip('addr', 'add', `${a.dnsServer}/32`, 'dev', 'priv0');
  await ip('addr', 'add', `${a.privateHost6}/64`, 'dev', 'priv0', 'nodad');
  await ip('link', 'set', 'priv0', 'up');
  // Without this, the client's default route would reach the private network and the tunnel
  // addresses WITHOUT the tunnel, and every reachability test would pass vacuously.
  await execIn(serverNs, ['/usr/sbin/nft', '-f', '-'], { input: UNDERLAY_FIREWALL });
}

const UNDERLAY_FIREWALL = `table inet gwl_lab {
  chain guard {
    type filter hook prerouting priority -150; policy accept;
    iifname "veth0" ip daddr { 10.8.0.0/16, 10.99.0.0/24 } drop
    iifname "veth0" ip6 daddr { fd00:8::/64, fd00:99::/64 } drop
  }
}
`;

/** Builds the namespaces, writes PKI and configs, starts the server and waits until it is up. */
export async function startLab(options: LabOptions = {}): Promise<Lab> {
  const prefix = options.prefix ?? 'gwl';
  const o = { ...options, proto: options.proto ?? 'udp', port: options.port ?? 1194 };
  await sweepStale(prefix);
  const cleanup = new Cleanup();
  const dir = mkdtempSync(path.join(tmpdir(), `${prefix}-lab-`));
  cleanup.add(`remove ${dir}`, () => {
    if (process.env.GANGWAY_KEEP_LAB !== '1') rmSync(dir, { recursive: true, force: true });
  });
  const serverNs = uniqueName(prefix, 's');
  const clientNs = uniqueName(prefix, 'c');
  try {
    await buildNetwork(serverNs, clientNs, o, cleanup);

    const pki = makePki('Gangway Lab');
    const server =
      o.serverCert === 'no-server-eku'
        ? issue(pki.ca, { commonName: 'server', usage: 'none' })
        : pki.server;
    writeFileSync(path.join(dir, 'ca.crt'), pki.ca.certPem);
    writeFileSync(path.join(dir, 'server.crt'), server.certPem);
    writeSecret(path.join(dir, 'server.key'), server.keyPem);
    const keys = await genkey(dir, o.tlsWrap ?? 'tls-crypt');

    let verifyScript: string | undefined;
    let credentialsPath: string | undefined;
    if (o.credentials) {
      const { username, password } = o.credentials;
      const expected = writeSecret(
        path.join(dir, 'expected-credentials'),
        `${username}\n${password}\n`,
      );
      verifyScript = path.join(dir, 'verify-credentials.sh');
      writeFileSync(verifyScript, `#!/bin/sh\nexec /usr/bin/cmp -s "$1" "${expected}"\n`, {
        mode: 0o700,
      });
      credentialsPath = writeSecret(
        path.join(dir, 'client-credentials'),
        `${username}\n${password}\n`,
      );
    }

    const serverConf = path.join(dir, 'server.conf');
    writeFileSync(
      serverConf,
      serverConfig(o, { dir, wrapKey: keys.server, ...(verifyScript ? { verifyScript } : {}) }),
    );
    const profile = clientProfile(o, clientIdentity(o, pki.ca), keys.client);
    const clientProfilePath = writeSecret(path.join(dir, 'client.ovpn'), profile);
    const serverLog = path.join(dir, 'server.log');

    let serverProcess: ChildProcess | undefined;
    const startServer = async (): Promise<void> => {
      writeFileSync(serverLog, '', { flag: 'a' });
      const before = readFileSync(serverLog, 'utf8').length;
      serverProcess = spawnIn(serverNs, [OPENVPN_BIN, '--config', serverConf], cleanup, {
        logFile: serverLog,
      });
      const proc = serverProcess;
      await waitForLog(serverLog, /Initialization Sequence Completed/, {
        timeoutMs: o.readyTimeoutMs ?? 20_000,
        what: 'the OpenVPN server to start',
        failOn: /Exiting due to fatal error|Options error:.*/,
        fromOffset: before,
      }).catch((err: Error) => {
        const tail = readFileSync(serverLog, 'utf8')
          .slice(before)
          .split('\n')
          .slice(-15)
          .join('\n');
        throw new Error(`${err.message} (exit ${String(proc.exitCode)}); server log:\n${tail}`);
      });
    };
    const stopServer = async (): Promise<void> => {
      if (serverProcess) await stopProcess(serverProcess);
    };
    await startServer();
    startUdpEcho(serverNs, cleanup);
    await waitFor(
      async () => (await udpPing(serverNs, '127.0.0.1', { timeoutMs: 200 })).length > 0,
      {
        timeoutMs: 10_000,
        what: 'the UDP echo responder in the server namespace',
      },
    );

    const nsOf = (ns: string): string =>
      ns === 'server' ? serverNs : ns === 'client' ? clientNs : ns;
    return {
      dir,
      serverNs,
      clientNs,
      vethName: 'veth0',
      proto: o.proto,
      port: o.port,
      addresses: LAB_ADDRESSES,
      clientProfile: profile,
      clientProfilePath,
      ...(credentialsPath ? { credentialsPath } : {}),
      serverLog,
      cleanup,
      exec: (ns, argv, opts) => execIn(nsOf(ns), argv, opts),
      spawn: (ns, argv, logFile) => spawnIn(nsOf(ns), argv, cleanup, logFile ? { logFile } : {}),
      ping: (address, opts) => udpPing(clientNs, address, opts),
      icmpPing: (address, opts) => icmpPing(clientNs, address, opts),
      stopServer,
      restart: async () => {
        await stopServer();
        await startServer();
        startUdpEcho(serverNs, cleanup);
      },
      stop: () => cleanup.run(),
    };
  } catch (err) {
    await cleanup.run().catch(() => undefined);
    throw err;
  }
}
