import type { AdminStatus } from '../../shared/ipc-schema';
import type { LinkState, TopologyInput } from './TopologyDiagram';

/**
 * What the admin screens draw, derived in one place from the schema's AdminStatus: from the
 * full IPsec view when the source produced one, else from the flat tunnel summary.
 */
export type IpsecView = NonNullable<AdminStatus['view']>;
export type TunnelStatus = AdminStatus['tunnels'][number]['state'];

export interface TunnelRow {
  id: string;
  name: string;
  status: TunnelStatus;
  gatewayId: string;
  siteId: string;
  site: string;
  peer?: string;
  standby: boolean;
  health?: 'ok' | 'failing' | 'none';
  localNets: string[];
  remoteNets: string[];
}

export interface RouteRow {
  id: string;
  gatewayId: string;
  destination: string;
  nextHop: string;
  priority?: number;
  enabled: boolean;
  role: 'active' | 'standby' | 'inactive';
}

export interface ReachCell {
  reachable: boolean;
  up: boolean;
  via: string[];
  reason?: string;
}

export interface Reachability {
  /** `gateways`: the gateways a network is served by or connected through. */
  nodes: Array<{ id: string; name: string; gateways: string[] }>;
  /** From → to → cell. Maps: the ids come from IPsec sources and may be any string. */
  cells: ReadonlyMap<string, ReadonlyMap<string, ReachCell>>;
}

export interface AdminModel {
  gateways: Array<{ id: string; name: string; detail?: string }>;
  tunnels: TunnelRow[];
  routes: RouteRow[];
  reachability?: Reachability;
  findings: Array<AdminStatus['findings'][number] & { code?: string; gateways?: string[] }>;
  canControl: boolean;
  fetchedAt: string;
}

const unique = <T>(items: T[]): T[] => [...new Set(items)];

function fromView(view: IpsecView, status: AdminStatus): AdminModel {
  const tunnelName = new Map(view.tunnels.map((t) => [t.id, t.name]));
  const peerName = new Map(view.peers.map((p) => [p.id, p]));
  const siteOfPeer = new Map<string, { id: string; name: string; cidrs: string[] }>();
  for (const n of view.networks) {
    if (n.kind === 'site') for (const p of n.peerIds ?? []) siteOfPeer.set(p, n);
  }
  const routesOf = (tunnelId: string) => view.routes.filter((r) => r.tunnelId === tunnelId);

  const tunnels = view.tunnels.map<TunnelRow>((t) => {
    const peer = t.peerId ? peerName.get(t.peerId) : undefined;
    const site = t.peerId ? siteOfPeer.get(t.peerId) : undefined;
    const routes = routesOf(t.id);
    return {
      id: t.id,
      name: t.name,
      status: t.status,
      gatewayId: t.gatewayId,
      siteId: site?.id ?? peer?.id ?? t.id,
      site: site?.name ?? peer?.name ?? t.name,
      ...(peer?.publicIp ? { peer: peer.publicIp } : {}),
      standby: routes.length > 0 && routes.every((r) => r.role === 'standby'),
      health: t.health,
      localNets: unique(t.spd.map((s) => s.local)),
      remoteNets: unique([
        ...t.spd.flatMap((s) => s.remote),
        ...routes.map((r) => r.destination),
        ...(site?.cidrs ?? []),
      ]),
    };
  });

  const routes = view.routes.map<RouteRow>((r) => ({
    id: r.id,
    gatewayId: r.gatewayId,
    destination: r.destination,
    nextHop:
      r.nextHopType === 'tunnel'
        ? (tunnelName.get(r.tunnelId ?? '') ?? r.tunnelId ?? '—')
        : `CCN ${r.ccnId ?? ''}`.trim(),
    priority: r.priority,
    enabled: r.enabled,
    role: r.role,
  }));

  const gatewaysOfPeer = (peerIds: string[] = []) =>
    view.tunnels.filter((t) => t.peerId && peerIds.includes(t.peerId)).map((t) => t.gatewayId);
  const nodes = view.networks.map((n) => ({
    id: n.id,
    name: n.name,
    gateways: unique(
      n.kind === 'site' ? gatewaysOfPeer(n.peerIds) : n.gatewayId ? [n.gatewayId] : [],
    ),
  }));
  const gatewaysOf = new Map<string, string[]>([
    ...view.gateways.map((g): [string, string[]] => [g.id, [g.id]]),
    ...view.tunnels.map((t): [string, string[]] => [t.id, [t.gatewayId]]),
    ...view.routes.map((r): [string, string[]] => [r.id, [r.gatewayId]]),
    ...nodes.map((n): [string, string[]] => [n.id, n.gateways]),
  ]);
  const cells = new Map<string, Map<string, ReachCell>>();
  for (const r of view.reachability) {
    const row = cells.get(r.from) ?? new Map<string, ReachCell>();
    row.set(r.to, {
      reachable: r.reachable,
      up: r.up,
      via: r.via.map((id) => tunnelName.get(id) ?? id),
      ...(r.reason ? { reason: r.reason } : {}),
    });
    cells.set(r.from, row);
  }

  return {
    gateways: view.gateways.map((g) => ({
      id: g.id,
      name: g.name,
      ...(g.publicIp ? { detail: g.publicIp } : {}),
    })),
    tunnels,
    routes,
    ...(nodes.length > 1 ? { reachability: { nodes, cells } } : {}),
    findings: view.findings.map((f) => ({
      severity: f.severity,
      code: f.code,
      message: f.message,
      gateways: unique(f.subjects.flatMap((id) => gatewaysOf.get(id) ?? [])),
    })),
    canControl: status.canControl,
    fetchedAt: status.fetchedAt,
  };
}

function fromSummary(status: AdminStatus, unknownLabel: string): AdminModel {
  const tunnels = status.tunnels.map<TunnelRow>((t) => ({
    id: t.tunnelId,
    name: t.name,
    status: t.state,
    gatewayId: t.localGateway ?? unknownLabel,
    siteId: t.remoteGateway ?? t.tunnelId,
    site: t.remoteGateway ?? unknownLabel,
    standby: false,
    localNets: [],
    remoteNets: [],
  }));
  return {
    gateways: unique(tunnels.map((t) => t.gatewayId)).map((id) => ({ id, name: id })),
    tunnels,
    routes: [],
    findings: status.findings,
    canControl: status.canControl,
    fetchedAt: status.fetchedAt,
  };
}

export function toAdminModel(status: AdminStatus, unknownLabel: string): AdminModel {
  return status.view ? fromView(status.view, status) : fromSummary(status, unknownLabel);
}

export function linkState(status: TunnelStatus, health?: TunnelRow['health']): LinkState {
  if (status === 'up') return health === 'failing' ? 'degraded' : 'up';
  if (status === 'connecting') return 'degraded';
  return 'down';
}

export function topologyFor(model: AdminModel, gatewayId: string): TopologyInput {
  const gateway = model.gateways.find((g) => g.id === gatewayId);
  const tunnels = model.tunnels.filter((t) => t.gatewayId === gatewayId);
  const sites = new Map(tunnels.map((t) => [t.siteId, t]));
  return {
    gatewayName: gateway?.name ?? gatewayId,
    ...(gateway?.detail ? { gatewayDetail: gateway.detail } : {}),
    sites: [...sites.values()].map((t) => ({
      id: t.siteId,
      name: t.site,
      ...(t.remoteNets[0] ? { detail: t.remoteNets[0] } : {}),
    })),
    links: tunnels.map((t) => ({
      id: t.id,
      siteId: t.siteId,
      label: t.name,
      state: linkState(t.status, t.health),
      standby: t.standby,
    })),
  };
}

/** The part of the model about one gateway: its tunnels, routes, networks and findings. */
export function scopeTo(model: AdminModel, gatewayId: string | undefined): AdminModel {
  if (!gatewayId) return model;
  const nodes = model.reachability?.nodes.filter((n) => n.gateways.includes(gatewayId)) ?? [];
  return {
    ...model,
    tunnels: model.tunnels.filter((t) => t.gatewayId === gatewayId),
    routes: model.routes.filter((r) => r.gatewayId === gatewayId),
    ...(model.reachability && nodes.length > 1
      ? { reachability: { nodes, cells: model.reachability.cells } }
      : { reachability: undefined }),
    findings: model.findings.filter((f) => !f.gateways?.length || f.gateways.includes(gatewayId)),
  };
}
