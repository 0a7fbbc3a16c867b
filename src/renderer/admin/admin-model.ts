import type { AdminStatus } from '../../shared/ipc-schema';
import type { LinkState, TopologyInput } from './TopologyDiagram';

/**
 * What the admin screens draw, derived from the schema's AdminStatus in one place, so that
 * when the status grows richer (sites, routes, reachability) only this mapping changes.
 */
export type TunnelStatus = AdminStatus['tunnels'][number]['state'];

export interface TunnelRow {
  id: string;
  name: string;
  status: TunnelStatus;
  gateway: string;
  site: string;
  standby: boolean;
  health?: string;
  localNets: string[];
  remoteNets: string[];
  details: Record<string, string>;
}

export interface RouteRow {
  destination: string;
  nextHop: string;
  priority?: number;
  role: 'active' | 'standby' | 'inactive';
}

export interface Reachability {
  nodes: string[];
  /** `cells[from][to]`: reachable, and through which tunnel or gateway. */
  cells: Record<string, Record<string, { reachable: boolean; via?: string }>>;
}

export interface AdminModel {
  gateways: string[];
  tunnels: TunnelRow[];
  routes: RouteRow[];
  reachability?: Reachability;
  findings: AdminStatus['findings'];
  canControl: boolean;
  fetchedAt: string;
}

const NETS = /[,\s]+/;
function nets(value: string | undefined): string[] {
  return value ? value.split(NETS).filter(Boolean) : [];
}

function pick(details: Record<string, string>, ...keys: string[]): string | undefined {
  for (const key of keys) {
    const hit = Object.entries(details).find(([k]) => k.toLowerCase() === key.toLowerCase());
    if (hit) return hit[1];
  }
  return undefined;
}

export function toAdminModel(status: AdminStatus, unknownLabel: string): AdminModel {
  const tunnels = status.tunnels.map<TunnelRow>((t) => {
    const d = t.details;
    const role = pick(d, 'role', 'routeRole');
    return {
      id: t.tunnelId,
      name: t.name,
      status: t.state,
      gateway: t.localGateway ?? pick(d, 'gateway', 'vpnGateway') ?? unknownLabel,
      site: pick(d, 'site', 'customerGateway') ?? t.remoteGateway ?? unknownLabel,
      standby: role === 'standby',
      health: pick(d, 'health', 'healthCheck'),
      localNets: nets(pick(d, 'localNets', 'localSubnets', 'local')),
      remoteNets: nets(pick(d, 'remoteNets', 'remoteSubnets', 'remote')),
      details: d,
    };
  });
  return {
    gateways: [...new Set(tunnels.map((t) => t.gateway))],
    tunnels,
    routes: [],
    findings: status.findings,
    canControl: status.canControl,
    fetchedAt: status.fetchedAt,
  };
}

export function linkState(status: TunnelStatus, health?: string): LinkState {
  if (status === 'up') return health && /fail|down|bad/i.test(health) ? 'degraded' : 'up';
  if (status === 'connecting') return 'degraded';
  return 'down';
}

export function topologyFor(model: AdminModel, gateway: string): TopologyInput {
  const tunnels = model.tunnels.filter((t) => t.gateway === gateway);
  const sites = [...new Set(tunnels.map((t) => t.site))];
  return {
    gatewayName: gateway,
    sites: sites.map((s) => ({ id: s, name: s })),
    links: tunnels.map((t) => ({
      id: t.id,
      siteId: t.site,
      label: t.name,
      state: linkState(t.status, t.health),
      standby: t.standby,
    })),
  };
}
