import { normalizeCidr } from '../cidr';
import type {
  IpsecModel,
  IpsecNetwork,
  IpsecTunnel,
  PeerSite,
  SpdEntry,
  TunnelStatus,
} from '../model';
import { IPSEC_LIMITS, tooLargeError } from '../limits';
import { inferSites } from '../sites';
import type { ViciSection, ViciValue } from './codec';

/**
 * strongSwan as seen over VICI, in the common model: the local charon is the gateway, each
 * remote address set a peer, each CHILD_SA config of each connection a policy-based tunnel
 * named "connection/child". A tunnel is up when its CHILD_SA is INSTALLED; a configured child
 * without an SA is down.
 */

export interface ViciInventory {
  /** Messages of the list-conn events. */
  conns: ViciSection[];
  /** Messages of the list-sa events. */
  sas: ViciSection[];
  version?: ViciSection;
  label: string;
}

export const VICI_GATEWAY_ID = 'charon';
export const LOCAL_NETWORK_ID = 'local';

function section(v: ViciValue | undefined): ViciSection | undefined {
  return v && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
}

function str(v: ViciValue | undefined): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

function list(v: ViciValue | undefined): string[] {
  return Array.isArray(v) ? v : typeof v === 'string' ? [v] : [];
}

function int(v: ViciValue | undefined): number | undefined {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : undefined;
  return n !== undefined && Number.isFinite(n) ? n : undefined;
}

/** A traffic selector without its "[proto/port]" suffix. */
function withoutPortSuffix(ts: string): string {
  // indexOf, not /\[.*\]$/: that regex backtracks quadratically over a value full of "[".
  const open = ts.indexOf('[');
  return open >= 0 && ts.endsWith(']') ? ts.slice(0, open) : ts;
}

/** "10.0.1.0/24", "10.0.1.0/24[tcp/http]" or a range; ranges and "dynamic" are left out. */
function tsCidrs(ts: string[]): string[] {
  return ts
    .map((t) => normalizeCidr(withoutPortSuffix(t)))
    .filter((c): c is string => c !== undefined);
}

function entries(messages: ViciSection[]): Array<[string, ViciSection]> {
  return messages.flatMap((m) =>
    Object.entries(m).flatMap(([k, v]) =>
      section(v) ? [[k, section(v) as ViciSection] as [string, ViciSection]] : [],
    ),
  );
}

interface ChildSa {
  ike: ViciSection;
  child: ViciSection;
}

/** The IKE_SAs and their CHILD_SAs of one IKE connection name, by child config name. */
interface ConnSas {
  ikes: ViciSection[];
  children: Map<string, ChildSa[]>;
}

/** All SAs indexed by connection name once: looking them up per child made this quadratic. */
function sasByConn(sas: Array<[string, ViciSection]>): Map<string, ConnSas> {
  const out = new Map<string, ConnSas>();
  for (const [name, ike] of sas) {
    let conn = out.get(name);
    if (!conn) {
      conn = { ikes: [], children: new Map() };
      out.set(name, conn);
    }
    conn.ikes.push(ike);
    for (const [key, child] of Object.entries(section(ike['child-sas']) ?? {})) {
      const c = section(child);
      if (!c) continue;
      const childName = str(c.name) ?? key;
      const list = conn.children.get(childName);
      if (list) list.push({ ike, child: c });
      else conn.children.set(childName, [{ ike, child: c }]);
    }
  }
  return out;
}

const INSTALLED_STATES = new Set(['INSTALLED', 'REKEYING', 'REKEYED']);
const PENDING_STATES = new Set(['CREATED', 'INSTALLING', 'ROUTED']);

function status(children: ChildSa[], ikes: ViciSection[]): TunnelStatus {
  if (children.some((c) => INSTALLED_STATES.has(str(c.child.state) ?? ''))) return 'up';
  if (children.some((c) => PENDING_STATES.has(str(c.child.state) ?? ''))) return 'connecting';
  if (ikes.some((i) => ['CONNECTING', 'CREATED'].includes(str(i.state) ?? ''))) return 'connecting';
  return 'down';
}

function sumOf(children: ChildSa[], key: string): number | undefined {
  const values = children.map((c) => int(c.child[key])).filter((n): n is number => n !== undefined);
  return values.length ? values.reduce((a, b) => a + b, 0) : undefined;
}

function tunnel(
  connName: string,
  conn: ViciSection,
  childName: string,
  cfg: ViciSection,
  sas: ConnSas | undefined,
  peerId: string,
): IpsecTunnel {
  const children = sas?.children.get(childName) ?? [];
  const ikes = sas?.ikes ?? [];
  const locals = tsCidrs(list(cfg['local-ts']));
  const remotes = tsCidrs(list(cfg['remote-ts']));
  const spd: SpdEntry[] = remotes.length ? locals.map((local) => ({ local, remote: remotes })) : [];
  const installed = children.find((c) => INSTALLED_STATES.has(str(c.child.state) ?? ''));
  const ike = installed?.ike ?? ikes[0];
  const t: IpsecTunnel = {
    id: `${connName}/${childName}`,
    name: `${connName}/${childName}`,
    gatewayId: VICI_GATEWAY_ID,
    peerId,
    routeType: 'policy',
    status: status(children, ikes),
    health: 'none',
    spd,
  };
  if (ike) {
    t.ike = {
      version: str(ike.version) ? `IKEv${str(ike.version)}` : str(conn.version),
      encryption: str(ike['encr-alg']),
      integrity: str(ike['integ-alg']) ?? str(ike['prf-alg']),
      dhGroup: str(ike['dh-group']),
      localId: str(ike['local-id']),
      remoteId: str(ike['remote-id']),
      localAddress: str(ike['local-host']),
      remoteAddress: str(ike['remote-host']),
    };
  } else {
    t.ike = { version: str(conn.version) };
  }
  if (installed) {
    t.ipsec = {
      encryption: str(installed.child['encr-alg']),
      integrity: str(installed.child['integ-alg']),
      pfsGroup: str(installed.child['dh-group']),
      lifetimeSeconds: int(installed.child['life-time']),
    };
    const since = int(installed.child['install-time']);
    if (since !== undefined) t.sinceChangeSeconds = since;
  }
  const dpdDelay = int(conn.dpd_delay);
  if (dpdDelay !== undefined) {
    t.dpd = {
      enabled: dpdDelay > 0,
      delaySeconds: dpdDelay,
      timeoutSeconds: int(conn.dpd_timeout),
      action: str(cfg.dpd_action),
    };
  }
  const counters: Array<[keyof IpsecTunnel, string]> = [
    ['bytesIn', 'bytes-in'],
    ['bytesOut', 'bytes-out'],
    ['packetsIn', 'packets-in'],
    ['packetsOut', 'packets-out'],
  ];
  for (const [field, key] of counters) {
    const n = sumOf(children, key);
    if (n !== undefined) (t as unknown as Record<string, number>)[field] = n;
  }
  return t;
}

export function normalizeVici(
  inv: ViciInventory,
  fetchedAt = new Date().toISOString(),
): IpsecModel {
  const sas = sasByConn(entries(inv.sas));
  const conns = entries(inv.conns);
  const peers = new Map<string, PeerSite>();
  const tunnels: IpsecTunnel[] = [];
  const localAddrs = new Set<string>();
  for (const [connName, conn] of conns) {
    const remote = list(conn.remote_addrs).join(',') || '%any';
    list(conn.local_addrs).forEach((a) => localAddrs.add(a));
    const peerId = `peer:${remote}`;
    if (!peers.has(peerId))
      peers.set(peerId, { id: peerId, name: connName, publicIp: list(conn.remote_addrs)[0] });
    for (const [childName, cfg] of Object.entries(section(conn.children) ?? {})) {
      const c = section(cfg);
      if (c) tunnels.push(tunnel(connName, conn, childName, c, sas.get(connName), peerId));
    }
    // Stop early: site inference below compares peers with tunnels.
    if (tunnels.length > IPSEC_LIMITS.tunnels)
      throw tooLargeError(inv.label, `more than ${IPSEC_LIMITS.tunnels} tunnels`);
  }
  const daemon = inv.version
    ? `${str(inv.version.daemon) ?? 'charon'} ${str(inv.version.version) ?? ''}`.trim()
    : 'charon';
  const localCidrs = [...new Set(tunnels.flatMap((t) => t.spd.map((e) => e.local)))];
  const networks: IpsecNetwork[] = [];
  if (localCidrs.length) {
    networks.push({
      id: LOCAL_NETWORK_ID,
      name: 'local networks',
      kind: 'vpc',
      cidrs: localCidrs,
      gatewayId: VICI_GATEWAY_ID,
    });
  }
  const peerList = [...peers.values()];
  for (const site of inferSites(peerList, tunnels, [])) networks.push(site);
  return {
    source: { kind: 'vici', label: inv.label, fetchedAt },
    gateways: [
      {
        id: VICI_GATEWAY_ID,
        name: daemon,
        type: 'IPSEC',
        state: 'running',
        vpcId: LOCAL_NETWORK_ID,
        ...(localAddrs.size === 1 ? { publicIp: [...localAddrs][0] } : {}),
      },
    ],
    peers: peerList,
    tunnels,
    routes: [],
    networks,
  };
}
