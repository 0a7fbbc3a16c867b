import { isDefaultRoute } from './cidr';
import type { IpsecNetwork, IpsecRoute, IpsecTunnel, PeerSite } from './model';

/**
 * Site networks from what the tunnels carry: per peer, the remote side of its SPD rules and
 * the destinations routed into its tunnels. Peers that carry the same CIDRs are one site
 * (an IDC with two devices, scenario 5).
 */
export function inferSites(
  peers: PeerSite[],
  tunnels: IpsecTunnel[],
  routes: IpsecRoute[],
): IpsecNetwork[] {
  const sites = new Map<string, IpsecNetwork>();
  for (const peer of peers) {
    const mine = tunnels.filter((t) => t.peerId === peer.id);
    const ids = new Set(mine.map((t) => t.id));
    const cidrs = [
      ...new Set([
        ...mine.flatMap((t) => t.spd.flatMap((e) => e.remote)),
        ...routes.filter((r) => r.tunnelId && ids.has(r.tunnelId)).map((r) => r.destination),
      ]),
    ].filter((c) => !isDefaultRoute(c));
    if (!cidrs.length) continue;
    const key = [...cidrs].sort().join(',');
    const known = sites.get(key);
    if (known) {
      known.peerIds?.push(peer.id);
      known.name = `${known.name} + ${peer.name}`;
    } else {
      sites.set(key, {
        id: `site:${peer.id}`,
        name: peer.name,
        kind: 'site',
        cidrs,
        peerIds: [peer.id],
      });
    }
  }
  return [...sites.values()];
}
