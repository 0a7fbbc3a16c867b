import { anyOverlap, cidrOverlaps } from './cidr';
import type {
  IpsecGateway,
  IpsecModel,
  IpsecNetwork,
  IpsecTunnel,
  Reachability,
  ReachRule,
  RoutedRoute,
} from './model';
import { deriveRouteRoles, tunnelHealthy } from './roles';

/** How traffic leaves a gateway towards a site: which tunnels, by which rule. */
interface Egress {
  rule: ReachRule;
  tunnels: IpsecTunnel[];
}

interface Context {
  model: IpsecModel;
  routes: RoutedRoute[];
  tunnelsById: Map<string, IpsecTunnel>;
}

function gatewayTunnels(ctx: Context, gatewayId: string): IpsecTunnel[] {
  return ctx.model.tunnels.filter((t) => t.gatewayId === gatewayId);
}

/** SPD match: a rule whose local side covers the source and remote side the destination. */
function spdMatches(t: IpsecTunnel, src: string[], dst: string[]): boolean {
  return t.spd.some((e) => anyOverlap([e.local], src) && anyOverlap(e.remote, dst));
}

/**
 * Where a gateway sends traffic from `src` to `dst`. SPD rules take precedence over
 * destination routes; traffic that came in through a tunnel (`transit`) is never matched
 * against SPD, because a policy-based tunnel cannot carry traffic between sites.
 */
function egress(
  ctx: Context,
  gw: IpsecGateway,
  src: string[],
  dst: string[],
  transit: boolean,
): Egress | undefined {
  if (!transit) {
    const bySpd = gatewayTunnels(ctx, gw.id).filter((t) => spdMatches(t, src, dst));
    if (bySpd.length) return { rule: 'spd', tunnels: bySpd };
  }
  const candidates = ctx.routes.filter(
    (r) =>
      r.gatewayId === gw.id &&
      r.enabled &&
      r.nextHopType === 'tunnel' &&
      anyOverlap([r.destination], dst),
  );
  if (!candidates.length) return undefined;
  // Prefer the most specific destination, then the routes currently carrying traffic.
  const longest = Math.max(...candidates.map((r) => Number(r.destination.split('/')[1] ?? 0)));
  const specific = candidates.filter((r) => Number(r.destination.split('/')[1] ?? 0) === longest);
  const active = specific.filter((r) => r.role === 'active');
  const chosen = active.length ? active : specific;
  const tunnels = [...new Set(chosen.map((r) => r.tunnelId))]
    .map((id) => (id ? ctx.tunnelsById.get(id) : undefined))
    .filter((t): t is IpsecTunnel => t !== undefined);
  return tunnels.length ? { rule: 'route', tunnels } : undefined;
}

/** Whether a tunnel accepts traffic arriving from its site towards `dst`. */
function ingressAccepts(t: IpsecTunnel, siteCidrs: string[], dst: string[]): boolean {
  if (t.routeType !== 'policy') return true;
  return t.spd.some((e) => anyOverlap(e.remote, siteCidrs) && anyOverlap([e.local], dst));
}

function anyHealthy(ts: IpsecTunnel[]): boolean {
  return ts.some(tunnelHealthy);
}

function published(gw: IpsecGateway, site: IpsecNetwork): boolean {
  if (!gw.ccnPublished) return true;
  return site.cidrs.some((c) =>
    gw.ccnPublished?.some((p) => p.enabled && cidrOverlaps(p.destination, c)),
  );
}

function unreachable(from: IpsecNetwork, to: IpsecNetwork, reason: string): Reachability {
  return { from: from.id, to: to.id, reachable: false, via: [], up: false, reason };
}

/**
 * The gateways that connect a cloud-side network to sites: every gateway of a VPC (a VPC
 * may have several VPN gateways), or the CCN gateway of a CCN network while it is attached.
 */
function cloudGateways(ctx: Context, net: IpsecNetwork): IpsecGateway[] {
  if (net.kind === 'ccn')
    return ctx.model.gateways.filter((g) => g.id === net.gatewayId && g.ccnId);
  return ctx.model.gateways.filter(
    (g) => g.vpcId === net.id || (!g.vpcId && g.id === net.gatewayId),
  );
}

/** Of several candidate paths the reachable one that is up now, else any reachable one. */
function best(candidates: Reachability[], fallback: Reachability): Reachability {
  return (
    candidates.find((c) => c.reachable && c.up) ??
    candidates.find((c) => c.reachable) ??
    candidates[0] ??
    fallback
  );
}

function cloudToSite(ctx: Context, from: IpsecNetwork, to: IpsecNetwork): Reachability {
  const gws = cloudGateways(ctx, from);
  const paths = gws.map((gw): Reachability => {
    if (from.kind === 'ccn' && !published(gw, to))
      return unreachable(from, to, `${to.name} is not published to the CCN`);
    const out = egress(ctx, gw, from.cidrs, to.cidrs, false);
    const hop = out?.tunnels.filter((t) => servesSite(t, to)) ?? [];
    if (!out || !hop.length)
      return unreachable(
        from,
        to,
        `no SPD rule or route on ${gw.name} sends ${to.name} to its tunnel`,
      );
    return {
      from: from.id,
      to: to.id,
      reachable: true,
      via: hop.map((t) => t.id),
      rule: out.rule,
      up: anyHealthy(hop),
    };
  });
  return best(
    paths,
    unreachable(from, to, `${from.name} is not served by a gateway attached to it`),
  );
}

function servesSite(t: IpsecTunnel, site: IpsecNetwork): boolean {
  return t.peerId !== undefined && (site.peerIds ?? []).includes(t.peerId);
}

function siteTunnels(ctx: Context, site: IpsecNetwork): IpsecTunnel[] {
  return ctx.model.tunnels.filter((t) => servesSite(t, site));
}

function siteToCloud(ctx: Context, from: IpsecNetwork, to: IpsecNetwork): Reachability {
  const gws = cloudGateways(ctx, to);
  const paths = gws.map((gw): Reachability => {
    const ins = siteTunnels(ctx, from).filter(
      (t) => t.gatewayId === gw.id && ingressAccepts(t, from.cidrs, to.cidrs),
    );
    if (!ins.length)
      return unreachable(from, to, `no tunnel from ${from.name} accepts traffic to ${to.name}`);
    const rule: ReachRule =
      to.kind === 'ccn' ? 'ccn' : ins.every((t) => t.routeType === 'policy') ? 'spd' : 'route';
    return {
      from: from.id,
      to: to.id,
      reachable: true,
      via: ins.map((t) => t.id),
      rule,
      up: anyHealthy(ins),
    };
  });
  return best(
    paths,
    unreachable(from, to, `${to.name} is not reachable through any gateway (CCN not attached)`),
  );
}

function siteToSite(ctx: Context, from: IpsecNetwork, to: IpsecNetwork): Reachability {
  const reasons: string[] = [];
  for (const gw of ctx.model.gateways) {
    const ins = siteTunnels(ctx, from).filter(
      (t) => t.gatewayId === gw.id && ingressAccepts(t, from.cidrs, to.cidrs),
    );
    if (!ins.length) continue;
    const out = egress(ctx, gw, from.cidrs, to.cidrs, true);
    const hop = out?.tunnels.filter((t) => servesSite(t, to) && !ins.includes(t)) ?? [];
    if (!out || !hop.length) {
      reasons.push(`${gw.name} has no destination route from ${from.name} to ${to.name}`);
      continue;
    }
    return {
      from: from.id,
      to: to.id,
      reachable: true,
      via: [...ins, ...hop].map((t) => t.id),
      rule: out.rule,
      up: anyHealthy(ins) && anyHealthy(hop),
    };
  }
  return unreachable(
    from,
    to,
    reasons[0] ?? `no tunnel from ${from.name} accepts traffic to ${to.name} (SPD cannot transit)`,
  );
}

/**
 * From every known network to every other one (not between two cloud-side networks, which
 * do not cross IPsec): can traffic get there, through which tunnels, by which rule.
 */
export function deriveReachability(
  model: IpsecModel,
  routes = deriveRouteRoles(model),
): Reachability[] {
  const ctx: Context = { model, routes, tunnelsById: new Map(model.tunnels.map((t) => [t.id, t])) };
  const out: Reachability[] = [];
  for (const from of model.networks) {
    for (const to of model.networks) {
      if (from.id === to.id) continue;
      const fromSite = from.kind === 'site';
      const toSite = to.kind === 'site';
      if (!fromSite && !toSite) continue;
      if (fromSite && toSite) {
        out.push(siteToSite(ctx, from, to));
      } else if (fromSite) {
        out.push(siteToCloud(ctx, from, to));
      } else {
        out.push(cloudToSite(ctx, from, to));
      }
    }
  }
  return out;
}
