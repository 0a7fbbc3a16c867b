import { IPSEC_LIMITS as L } from '../../src/core/ipsec/limits';
import type {
  IpsecGateway,
  IpsecModel,
  IpsecNetwork,
  IpsecRoute,
  IpsecTunnel,
  PeerSite,
  SpdEntry,
} from '../../src/core/ipsec/model';

/**
 * The largest models IPSEC_LIMITS accept, shaped to hit the derivations' worst cases: every
 * tunnel and route on one gateway, every SPD rule overlapping every other one, every route
 * shadowed by SPD, every site reachable from every other through destination routes.
 */

export type LargeShape = 'overlapping-spd' | 'disjoint-remotes' | 'many-sites';

/** 10.a.b.0/24 for the n-th block: distinct, non-overlapping. */
function block(n: number, base = 10): string {
  return `${base}.${(n >> 8) & 255}.${n & 255}.0/24`;
}

export function largeModel(shape: LargeShape): IpsecModel {
  const gateways: IpsecGateway[] = Array.from({ length: L.gateways }, (_, i) => ({
    id: `vpngw-${i}`,
    name: `gateway ${i}`,
    type: i % 2 ? 'CCN' : 'IPSEC',
    state: 'AVAILABLE',
    ...(i % 2 ? { ccnId: `ccn-${i}` } : { vpcId: `vpc-${i}` }),
  }));
  const siteCount = L.networks - 1;
  const peers: PeerSite[] = Array.from({ length: L.peers }, (_, i) => ({
    id: `cgw-${i}`,
    name: `site ${i}`,
  }));
  const cidrsPerSite = Math.floor((L.networkCidrs - 1) / siteCount);
  const networks: IpsecNetwork[] = [
    { id: 'vpc-0', name: 'vpc', kind: 'vpc', cidrs: ['10.0.0.0/8'], gatewayId: 'vpngw-0' },
    ...Array.from({ length: siteCount }, (_, s): IpsecNetwork => ({
      id: `site:${s}`,
      name: `site ${s}`,
      kind: 'site',
      cidrs: Array.from({ length: cidrsPerSite }, (_, c) => block(s * cidrsPerSite + c, 172)),
      peerIds: [`cgw-${s % L.peers}`],
    })),
  ];
  const blocksPerTunnel = Math.floor(L.spdCidrs / L.tunnels);
  const entriesPerTunnel = Math.max(1, Math.floor(blocksPerTunnel / 2));
  const remotesPerEntry = Math.max(1, Math.floor(blocksPerTunnel / entriesPerTunnel) - 1);
  const tunnels: IpsecTunnel[] = Array.from({ length: L.tunnels }, (_, i) => {
    const spd: SpdEntry[] = Array.from({ length: entriesPerTunnel }, (_, e) => ({
      local: shape === 'overlapping-spd' ? '10.0.0.0/8' : block(i * entriesPerTunnel + e),
      remote: Array.from({ length: remotesPerEntry }, (_, r) =>
        shape === 'disjoint-remotes'
          ? block((i * entriesPerTunnel + e) * remotesPerEntry + r, 192)
          : '172.16.0.0/12',
      ),
    }));
    return {
      id: `vpnx-${i}`,
      name: `tunnel ${i}`,
      gatewayId: 'vpngw-0',
      peerId: `cgw-${i % siteCount}`,
      routeType: shape === 'many-sites' && i % 2 ? 'route' : 'policy',
      status: i % 3 ? 'down' : 'up',
      health: i % 2 ? 'failing' : 'none',
      spd,
    };
  });
  const routes: IpsecRoute[] = Array.from({ length: L.routes }, (_, i) => ({
    id: `route-${i}`,
    gatewayId: 'vpngw-0',
    destination: shape === 'many-sites' ? block(i % (L.networkCidrs - 1), 172) : '172.16.0.0/12',
    nextHopType: 'tunnel',
    tunnelId: `vpnx-${i % L.tunnels}`,
    priority: i % 2 ? 100 : 0,
    enabled: true,
  }));
  return {
    source: { kind: 'snapshot', label: `large ${shape}`, fetchedAt: '2026-01-01T00:00:00Z' },
    gateways,
    peers,
    tunnels,
    routes,
    networks,
  };
}
