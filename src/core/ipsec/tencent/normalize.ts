import { ownValue } from '../../../shared/own-property';
import { normalizeCidr } from '../cidr';
import { tooLargeError } from '../limits';
import { inferSites } from '../sites';
import { TENCENT_LISTS } from './validate';
import type {
  GatewayType,
  IpsecGateway,
  IpsecModel,
  IpsecNetwork,
  IpsecRoute,
  IpsecTunnel,
  PeerSite,
  RouteType,
  SpdEntry,
  TunnelHealth,
  TunnelStatus,
} from '../model';
import type { TcVpnConnection, TcVpnGateway, TencentInventory } from './types';

const GATEWAY_TYPES: readonly GatewayType[] = ['IPSEC', 'SSL', 'CCN', 'SSL_CCN'];

export function gatewayType(raw: string | undefined): GatewayType {
  const t = (raw ?? '').toUpperCase();
  return (GATEWAY_TYPES as readonly string[]).includes(t) ? (t as GatewayType) : 'IPSEC';
}

export function isCcnGateway(g: Pick<IpsecGateway, 'type'>): boolean {
  return g.type === 'CCN' || g.type === 'SSL_CCN';
}

/** The gateways the model keeps: IPsec ones, attached to a VPC or to CCN. */
export function isIpsecGateway(g: Pick<IpsecGateway, 'type'>): boolean {
  return g.type === 'IPSEC' || g.type === 'CCN';
}

/** STATIC and Policy are SPD (policy-based); StaticRoute is destination routing. */
function routeType(raw: string | undefined): RouteType {
  const t = (raw ?? '').toLowerCase();
  if (t === 'staticroute') return 'route';
  if (t === 'bgp') return 'bgp';
  return 'policy';
}

function tunnelStatus(c: TcVpnConnection): TunnelStatus {
  if ((c.State ?? '').toUpperCase() === 'PENDING') return 'connecting';
  const net = (c.NetStatus ?? '').toUpperCase();
  if (net === 'AVAILABLE') return 'up';
  if (net === 'UNAVAILABLE' || net === 'DOWN') return 'down';
  return 'unknown';
}

function tunnelHealth(c: TcVpnConnection): TunnelHealth {
  if (!c.EnableHealthCheck) return 'none';
  return (c.HealthCheckStatus ?? '').toUpperCase() === 'AVAILABLE' ? 'ok' : 'failing';
}

function cidrList(values: readonly (string | undefined)[]): string[] {
  return values
    .map((v) => (v ? normalizeCidr(v) : undefined))
    .filter((v): v is string => v !== undefined);
}

function spd(c: TcVpnConnection, type: RouteType): SpdEntry[] {
  // Route-based connections carry a 0.0.0.0/0 placeholder SPD that the gateway ignores.
  if (type !== 'policy') return [];
  return (c.SecurityPolicyDatabaseSet ?? [])
    .map((e) => ({
      local: normalizeCidr(e.LocalCidrBlock ?? ''),
      remote: cidrList(e.RemoteCidrBlock ?? []),
    }))
    .filter((e): e is SpdEntry => e.local !== undefined && e.remote.length > 0);
}

function num(v: unknown): number | undefined {
  const n = typeof v === 'string' ? Number(v) : v;
  return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
}

/** Copies only the fields we name: PreShareKey (and anything unknown) never passes. */
function tunnel(c: TcVpnConnection): IpsecTunnel {
  const type = routeType(c.RouteType);
  const ike = c.IKEOptionsSpecification;
  const ipsec = c.IPSECOptionsSpecification;
  const t: IpsecTunnel = {
    id: c.VpnConnectionId ?? '',
    name: c.VpnConnectionName || c.VpnConnectionId || '',
    gatewayId: c.VpnGatewayId ?? '',
    ...(c.CustomerGatewayId ? { peerId: c.CustomerGatewayId } : {}),
    routeType: type,
    status: tunnelStatus(c),
    health: tunnelHealth(c),
    spd: spd(c, type),
  };
  if (c.EnableHealthCheck)
    t.healthCheck = { localIp: c.HealthCheckLocalIp, remoteIp: c.HealthCheckRemoteIp };
  if (ike) {
    t.ike = {
      version: ike.IKEVersion,
      encryption: ike.PropoEncryAlgorithm,
      integrity: ike.PropoAuthenAlgorithm,
      dhGroup: ike.DhGroupName,
      lifetimeSeconds: num(ike.IKESaLifetimeSeconds),
      exchangeMode: ike.ExchangeMode,
      localId: ike.LocalFqdnName || ike.LocalIdentity,
      remoteId: ike.RemoteFqdnName || ike.RemoteIdentity,
      localAddress: ike.LocalAddress,
      remoteAddress: ike.RemoteAddress,
    };
  }
  if (ipsec) {
    t.ipsec = {
      encryption: ipsec.EncryptAlgorithm,
      integrity: ipsec.IntegrityAlgorith,
      pfsGroup: ipsec.PfsDhGroup,
      lifetimeSeconds: num(ipsec.IPSECSaLifetimeSeconds),
      lifetimeKilobytes: num(ipsec.IPSECSaLifetimeTraffic),
    };
  }
  if (c.DpdEnable !== undefined) {
    t.dpd = {
      enabled: Number(c.DpdEnable) === 1,
      timeoutSeconds: num(c.DpdTimeout),
      action: c.DpdAction,
    };
  }
  return t;
}

function gateway(g: TcVpnGateway, inv: TencentInventory): IpsecGateway {
  const type = gatewayType(g.Type);
  const id = g.VpnGatewayId ?? '';
  const out: IpsecGateway = {
    id,
    name: g.VpnGatewayName || id,
    type,
    state: g.State ?? 'unknown',
  };
  if (g.PublicIpAddress) out.publicIp = g.PublicIpAddress;
  if (g.VpcId && !isCcnGateway(out)) out.vpcId = g.VpcId;
  if (isCcnGateway(out) && g.NetworkInstanceId) out.ccnId = g.NetworkInstanceId;
  const bw = num(g.InternetMaxBandwidthOut);
  if (bw !== undefined) out.bandwidthMbps = bw;
  const ccn = ownValue(inv.ccnRoutes, id);
  if (ccn) {
    out.ccnPublished = ccn
      .map((r) => ({
        destination: normalizeCidr(r.DestinationCidrBlock ?? ''),
        enabled: (r.Status ?? '').toUpperCase() === 'ENABLE',
      }))
      .filter((r): r is { destination: string; enabled: boolean } => r.destination !== undefined);
  }
  return out;
}

function routes(inv: TencentInventory): IpsecRoute[] {
  const out: IpsecRoute[] = [];
  for (const [gatewayId, list] of Object.entries(inv.routes)) {
    list.forEach((r, i) => {
      const destination = normalizeCidr(r.DestinationCidrBlock ?? '');
      if (!destination) return;
      const ccn = (r.InstanceType ?? '').toUpperCase() === 'CCN';
      out.push({
        id: r.RouteId || `${gatewayId}-route-${i}`,
        gatewayId,
        destination,
        nextHopType: ccn ? 'ccn' : 'tunnel',
        ...(ccn ? (r.InstanceId ? { ccnId: r.InstanceId } : {}) : { tunnelId: r.InstanceId ?? '' }),
        priority: num(r.Priority) ?? 0,
        enabled: (r.Status ?? 'ENABLE').toUpperCase() === 'ENABLE',
        ...(r.Type ? { type: r.Type } : {}),
      });
    });
  }
  return out;
}

function uniq(values: string[]): string[] {
  return [...new Set(values)];
}

/**
 * Known networks: each VPC a gateway serves (from DescribeVpcs), each site (the SPD remote
 * blocks and route destinations of its tunnels), and for attached CCN gateways each
 * destination the CCN offers (routes whose next hop is the CCN).
 */
function networks(
  inv: TencentInventory,
  gws: IpsecGateway[],
  peers: PeerSite[],
  tunnels: IpsecTunnel[],
  rts: IpsecRoute[],
): IpsecNetwork[] {
  const out: IpsecNetwork[] = [];
  const vpcOfGateway = new Map(gws.map((g) => [g.id, g.vpcId]));
  const seenVpcs = new Set<string>();
  for (const g of gws) {
    // One network per VPC, however many VPN gateways it has.
    if (!g.vpcId || seenVpcs.has(g.vpcId)) continue;
    seenVpcs.add(g.vpcId);
    const vpc = inv.vpcs.find((v) => v.VpcId === g.vpcId);
    const fromSpd = tunnels
      .filter((t) => vpcOfGateway.get(t.gatewayId) === g.vpcId)
      .flatMap((t) => t.spd.map((e) => e.local));
    const cidrs = uniq(cidrList([vpc?.CidrBlock, vpc?.Ipv6CidrBlock]).concat(vpc ? [] : fromSpd));
    out.push({ id: g.vpcId, name: vpc?.VpcName || g.vpcId, kind: 'vpc', cidrs, gatewayId: g.id });
  }
  for (const site of inferSites(peers, tunnels, rts)) out.push(site);
  const ccnSeen = new Set<string>();
  for (const g of gws) {
    if (!isCcnGateway(g) || !g.ccnId) continue;
    for (const r of rts.filter((x) => x.gatewayId === g.id && x.nextHopType === 'ccn')) {
      const key = `${g.id}\u0000${r.destination}`;
      if (ccnSeen.has(key)) continue;
      ccnSeen.add(key);
      out.push({
        id: `ccn:${g.id}:${r.destination}`,
        name: `${g.ccnId} ${r.destination}`,
        kind: 'ccn',
        cidrs: [r.destination],
        gatewayId: g.id,
      });
    }
  }
  return out;
}

/** Turns one region's raw inventory into the model; IPsec gateways only (SSL ones are skipped). */
export function normalizeTencent(
  inv: TencentInventory,
  fetchedAt = new Date().toISOString(),
): IpsecModel {
  // Bounded before the work below, which pairs peers with tunnels (fetching stops at the same
  // bounds; this catches an inventory from elsewhere).
  const label = `Tencent Cloud ${inv.region}`;
  const lists: Array<[string, unknown[], number]> = [
    ['VPN gateways', inv.gateways, TENCENT_LISTS.VpnGatewaySet.max],
    ['customer gateways', inv.customerGateways, TENCENT_LISTS.CustomerGatewaySet.max],
    ['VPN connections', inv.connections, TENCENT_LISTS.VpnConnectionSet.max],
    ['VPCs', inv.vpcs, TENCENT_LISTS.VpcSet.max],
    ['gateway routes', Object.values(inv.routes).flat(), TENCENT_LISTS.Routes.max],
  ];
  for (const [what, list, max] of lists)
    if (list.length > max) throw tooLargeError(label, `more than ${max} ${what}`);
  const gws = inv.gateways.map((g) => gateway(g, inv)).filter(isIpsecGateway);
  const gwIds = new Set(gws.map((g) => g.id));
  const tunnels = inv.connections.map(tunnel).filter((t) => gwIds.has(t.gatewayId));
  const rts = routes(inv).filter((r) => gwIds.has(r.gatewayId));
  const peers: PeerSite[] = inv.customerGateways.map((c) => ({
    id: c.CustomerGatewayId ?? '',
    name: c.CustomerGatewayName || c.CustomerGatewayId || '',
    ...(c.IpAddress ? { publicIp: c.IpAddress } : {}),
  }));
  return {
    source: { kind: 'tencent', label: `Tencent Cloud ${inv.region}`, fetchedAt },
    gateways: gws,
    peers,
    tunnels,
    routes: rts,
    networks: networks(inv, gws, peers, tunnels, rts),
  };
}
