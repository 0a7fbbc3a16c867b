import type { ChildProcess } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import {
  Cleanup,
  createNamespace,
  createVeth,
  execIn,
  run,
  spawnIn,
  stopProcess,
  uniqueName,
  waitFor,
} from './netns';

/**
 * strongSwan peers in network namespaces: each node runs its own charon-systemd with its own
 * strongswan.conf (STRONGSWAN_CONF), its own VICI socket and log file in a private directory,
 * kernel-libipsec (this kernel has no XFRM) and no journal (filelog only, so it runs outside
 * systemd). Connections are loaded with `swanctl --load-all --file F --uri unix://SOCK`.
 * Everything is registered in a Cleanup: processes, namespaces, directories.
 */

export const CHARON = '/usr/sbin/charon-systemd';
export const SWANCTL = '/usr/sbin/swanctl';

export interface CharonNode {
  name: string;
  ns: string;
  dir: string;
  viciUri: string;
  log: string;
  process: ChildProcess;
}

export interface NodeTiming {
  /** IKEv2 retransmission: first timeout (s), growth base, tries before giving up. */
  retransmitTimeout?: number;
  retransmitBase?: number;
  retransmitTries?: number;
}

function charonConf(dir: string, t: NodeTiming): string {
  // Plugins listed explicitly: no modular loading from /etc, no journal logger.
  return `charon-systemd {
  load_modular = no
  load = random nonce openssl aes sha1 sha2 hmac kdf pem pkcs1 x509 pubkey gmp socket-default kernel-libipsec kernel-netlink vici
  install_routes = no
  install_virtual_ip = no
  retransmit_timeout = ${t.retransmitTimeout ?? 1}
  retransmit_base = ${t.retransmitBase ?? 1}
  retransmit_tries = ${t.retransmitTries ?? 3}
  plugins {
    vici {
      socket = unix://${dir}/charon.vici
    }
    kernel-libipsec {
      load = yes
    }
  }
  journal {
    default = -1
  }
  filelog {
    lab {
      path = ${dir}/charon.log
      default = 1
      ike = 2
      time_format = %H:%M:%S
      flush_line = yes
    }
  }
}
`;
}

export class StrongswanLab {
  readonly cleanup = new Cleanup();
  readonly root: string;
  readonly nodes = new Map<string, CharonNode>();
  private readonly prefix: string;

  constructor(prefix: string) {
    this.prefix = prefix;
    this.root = mkdtempSync(path.join(tmpdir(), `${prefix}-lab-`));
    const root = this.root;
    this.cleanup.add(
      `remove ${root}`,
      () => rmSync(root, { recursive: true, force: true }),
      () => rmSync(root, { recursive: true, force: true }),
    );
  }

  /** A namespace with loopback addresses standing for the site's LAN (e.g. 10.0.1.1/24). */
  async namespace(name: string, lanAddresses: string[] = []): Promise<string> {
    const ns = await createNamespace(uniqueName(this.prefix, name.slice(0, 4)), this.cleanup);
    for (const a of lanAddresses) await execIn(ns, ['/usr/sbin/ip', 'addr', 'add', a, 'dev', 'lo']);
    return ns;
  }

  async link(
    a: { ns: string; ifname: string; address: string },
    b: { ns: string; ifname: string; address: string },
  ): Promise<void> {
    await createVeth(
      { ns: a.ns, ifname: a.ifname, addresses: [a.address] },
      { ns: b.ns, ifname: b.ifname, addresses: [b.address] },
    );
  }

  /** Starts charon-systemd in `ns`; resolves when its VICI socket accepts connections. */
  async startCharon(name: string, ns: string, timing: NodeTiming = {}): Promise<CharonNode> {
    const dir = path.join(this.root, name);
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    const conf = path.join(dir, 'strongswan.conf');
    writeFileSync(conf, charonConf(dir, timing), { mode: 0o600 });
    const log = path.join(dir, 'charon.log');
    const proc = spawnIn(ns, [CHARON], this.cleanup, {
      env: { ...process.env, STRONGSWAN_CONF: conf },
      logFile: path.join(dir, 'stderr.log'),
    });
    const viciUri = `unix://${dir}/charon.vici`;
    await waitFor(
      async () =>
        existsSync(`${dir}/charon.vici`) &&
        (await this.swanctl(viciUri, ['--stats'], false)).code === 0,
      {
        timeoutMs: 15_000,
        what: `charon ${name} VICI socket`,
      },
    );
    const node: CharonNode = { name, ns, dir, viciUri, log, process: proc };
    this.nodes.set(name, node);
    return node;
  }

  swanctl(viciUri: string, args: string[], check = true): ReturnType<typeof run> {
    return run([SWANCTL, ...args, '--uri', viciUri], { check, timeoutMs: 20_000 });
  }

  /** Writes the node's swanctl.conf (0600: it holds the PSK) and loads it. */
  async load(node: CharonNode, swanctlConf: string): Promise<void> {
    const file = path.join(node.dir, 'swanctl.conf');
    writeFileSync(file, swanctlConf, { mode: 0o600 });
    chmodSync(file, 0o600);
    await this.swanctl(node.viciUri, ['--load-all', '--file', file]);
  }

  /**
   * Sends `dest` into the tunnel: kernel-libipsec has no XFRM policies to catch packets, so
   * they must be routed into its ipsec0 TUN device (with the local LAN address as source).
   */
  async routeIntoTunnel(ns: string, dest: string, src: string): Promise<void> {
    await execIn(ns, ['/usr/sbin/ip', 'link', 'set', 'ipsec0', 'up']);
    await execIn(ns, ['/usr/sbin/ip', 'route', 'replace', dest, 'dev', 'ipsec0', 'src', src]);
  }

  /** Stops charon cleanly (SIGTERM): it deletes its SAs and tells its peers. */
  async stop(node: CharonNode): Promise<void> {
    await stopProcess(node.process);
  }

  /** Kills charon (SIGKILL): the peer only finds out by DPD. */
  async kill(node: CharonNode): Promise<void> {
    const exited = new Promise<void>((resolve) => node.process.once('exit', () => resolve()));
    node.process.kill('SIGKILL');
    await exited;
  }

  async close(): Promise<void> {
    await this.cleanup.run();
  }
}

export interface ConnSpec {
  name: string;
  local: string;
  remote: string;
  localId: string;
  remoteId: string;
  children: Array<{ name: string; localTs: string[]; remoteTs: string[] }>;
  /** The initiating side starts the tunnel as soon as it is loaded. */
  initiate: boolean;
  dpdDelaySeconds?: number;
}

/** One swanctl connection with PSK auth (IKEv2, AES-128/SHA-256, DH 14). */
export function swanctlConnection(c: ConnSpec): string {
  const children = c.children
    .map(
      (ch) => `      ${ch.name} {
        local_ts = ${ch.localTs.join(',')}
        remote_ts = ${ch.remoteTs.join(',')}
        esp_proposals = aes128-sha256
        dpd_action = clear
        ${c.initiate ? 'start_action = start' : ''}
      }`,
    )
    .join('\n');
  return `  ${c.name} {
    version = 2
    local_addrs = ${c.local}
    remote_addrs = ${c.remote}
    proposals = aes128-sha256-modp2048
    dpd_delay = ${c.dpdDelaySeconds ?? 0}s
    local {
      auth = psk
      id = ${c.localId}
    }
    remote {
      auth = psk
      id = ${c.remoteId}
    }
    children {
${children}
    }
  }
`;
}

export function swanctlFile(
  conns: ConnSpec[],
  secrets: Array<{ ids: [string, string]; psk: string }>,
): string {
  const s = secrets
    .map(
      (x, i) =>
        `  ike-${i} {\n    id-a = ${x.ids[0]}\n    id-b = ${x.ids[1]}\n    secret = "${x.psk}"\n  }`,
    )
    .join('\n');
  return `connections {\n${conns.map(swanctlConnection).join('')}}\nsecrets {\n${s}\n}\n`;
}
