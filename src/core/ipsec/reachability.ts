import { CidrSet, cidrRange } from './cidr';
import type {
  IpsecGateway,
  IpsecModel,
  IpsecNetwork,
  IpsecRoute,
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

/**
 * Indexes built once per view. Reachability is a matrix over networks, so every lookup that
 * scanned the whole model per pair (tunnels of a site, routes of a gateway, CIDR overlaps)
 * made it cubic; with these it stays within IPSEC_LIMITS' time budget.
 */
interface Context {
  model: IpsecModel;
  routes: RoutedRoute[];
  tunnelsById: Map<string, IpsecTunnel>;
  tunnelsByGateway: Map<string, IpsecTunnel[]>;
  /** Enabled routes whose next hop is a tunnel, per gateway. */
  tunnelRoutesByGateway: Map<string, RoutedRoute[]>;
  /** The tunnels of each site network (through its peers), in model order. */
  siteTunnels: Map<string, IpsecTunnel[]>;
  cidrs: Map<string, CidrSet>;
  /** Enabled CCN-published blocks of each CCN gateway that reports them. */
  published: Map<string, CidrSet>;
  /** The route part of egress, per gateway and destination network. */
  routeEgress: Map<string, Egress | undefined>;
  siteGateways: Map<string, Array<[IpsecGateway, IpsecTunnel[]]>>;
}

function groupBy<T>(items: readonly T[], key: (x: T) => string): Map<string, T[]> {
  const out = new Map<string, T[]>();
  for (const x of items) {
    const k = key(x);
    const list = out.get(k);
    if (list) list.push(x);
    else out.set(k, [x]);
  }
  return out;
}

function buildContext(model: IpsecModel, routes: RoutedRoute[]): Context {
  const byPeer = groupBy(
    model.tunnels.filter((t) => t.peerId !== undefined),
    (t) => t.peerId ?? '',
  );
  const siteTunnels = new Map<string, IpsecTunnel[]>();
  for (const n of model.networks) {
    if (n.kind !== 'site') continue;
    const mine = new Set((n.peerIds ?? []).flatMap((p) => byPeer.get(p) ?? []));
    siteTunnels.set(
      n.id,
      model.tunnels.filter((t) => mine.has(t)),
    );
  }
  const published = new Map<string, CidrSet>();
  for (const g of model.gateways) {
    if (g.ccnPublished)
      published.set(
        g.id,
        new CidrSet(g.ccnPublished.filter((p) => p.enabled).map((p) => p.destination)),
      );
  }
  return {
    model,
    routes,
    tunnelsById: new Map(model.tunnels.map((t) => [t.id, t])),
    tunnelsByGateway: groupBy(model.tunnels, (t) => t.gatewayId),
    tunnelRoutesByGateway: groupBy(
      routes.filter((r) => r.enabled && r.nextHopType === 'tunnel'),
      (r) => r.gatewayId,
    ),
    siteTunnels,
    cidrs: new Map(model.networks.map((n) => [n.id, new CidrSet(n.cidrs)])),
    published,
    routeEgress: new Map(),
    siteGateways: new Map(),
  };
}

function cidrsOf(ctx: Context, net: IpsecNetwork): CidrSet {
  return ctx.cidrs.get(net.id) ?? new CidrSet(net.cidrs);
}

/** SPD match: a rule whose local side covers the source and remote side the destination. */
function spdMatches(t: IpsecTunnel, src: CidrSet, dst: CidrSet): boolean {
  return t.spd.some((e) => src.overlaps(e.local) && dst.overlapsAny(e.remote));
}

/** The prefix length of a route's destination (0 for text that is not a block). */
function prefixOf(r: IpsecRoute): number {
  return cidrRange(r.destination)?.prefix ?? 0;
}

/** The destination routes of a gateway that carry traffic to `dst`, by the rules below. */
function routeEgress(ctx: Context, gw: IpsecGateway, dst: IpsecNetwork): Egress | undefined {
  const key = `${gw.id}\u0000${dst.id}`;
  if (ctx.routeEgress.has(key)) return ctx.routeEgress.get(key);
  const dstSet = cidrsOf(ctx, dst);
  const candidates = (ctx.tunnelRoutesByGateway.get(gw.id) ?? []).filter((r) =>
    dstSet.overlaps(r.destination),
  );
  // Prefer the most specific destination, then the routes currently carrying traffic. A loop,
  // not Math.max(...list): spreading thousands of arguments can overflow the stack.
  let longest = -1;
  for (const r of candidates) longest = Math.max(longest, prefixOf(r));
  const specific = candidates.filter((r) => prefixOf(r) === longest);
  const active = specific.filter((r) => r.role === 'active');
  const chosen = active.length ? active : specific;
  const tunnels = [...new Set(chosen.map((r) => r.tunnelId))]
    .map((id) => (id ? ctx.tunnelsById.get(id) : undefined))
    .filter((t): t is IpsecTunnel => t !== undefined);
  const out: Egress | undefined = tunnels.length ? { rule: 'route', tunnels } : undefined;
  ctx.routeEgress.set(key, out);
  return out;
}

/**
 * Where a gateway sends traffic from `src` to `dst`. SPD rules take precedence over
 * destination routes; traffic that came in through a tunnel (`transit`) is never matched
 * against SPD, because a policy-based tunnel cannot carry traffic between sites.
 */
function egress(
  ctx: Context,
  gw: IpsecGateway,
  src: IpsecNetwork,
  dst: IpsecNetwork,
  transit: boolean,
): Egress | undefined {
  if (!transit) {
    const srcSet = cidrsOf(ctx, src);
    const dstSet = cidrsOf(ctx, dst);
    const bySpd = (ctx.tunnelsByGateway.get(gw.id) ?? []).filter((t) =>
      spdMatches(t, srcSet, dstSet),
    );
    if (bySpd.length) return { rule: 'spd', tunnels: bySpd };
  }
  return routeEgress(ctx, gw, dst);
}

/** Whether a tunnel accepts traffic arriving from its site towards `dst`. */
function ingressAccepts(t: IpsecTunnel, site: CidrSet, dst: CidrSet): boolean {
  if (t.routeType !== 'policy') return true;
  return t.spd.some((e) => site.overlapsAny(e.remote) && dst.overlaps(e.local));
}

function anyHealthy(ts: IpsecTunnel[]): boolean {
  return ts.some(tunnelHealthy);
}

function published(ctx: Context, gw: IpsecGateway, site: IpsecNetwork): boolean {
  const set = ctx.published.get(gw.id);
  return set === undefined || set.overlapsAny(site.cidrs);
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
    if (from.kind === 'ccn' && !published(ctx, gw, to))
      return unreachable(from, to, `${to.name} is not published to the CCN`);
    const out = egress(ctx, gw, from, to, false);
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
  return ctx.siteTunnels.get(site.id) ?? ctx.model.tunnels.filter((t) => servesSite(t, site));
}

function siteToCloud(ctx: Context, from: IpsecNetwork, to: IpsecNetwork): Reachability {
  const gws = cloudGateways(ctx, to);
  const paths = gws.map((gw): Reachability => {
    const ins = siteTunnels(ctx, from).filter(
      (t) => t.gatewayId === gw.id && ingressAccepts(t, cidrsOf(ctx, from), cidrsOf(ctx, to)),
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

/** The gateways a site has tunnels to, in model order, with those tunnels. */
function siteGateways(ctx: Context, site: IpsecNetwork): Array<[IpsecGateway, IpsecTunnel[]]> {
  const known = ctx.siteGateways.get(site.id);
  if (known) return known;
  const byGateway = groupBy(siteTunnels(ctx, site), (t) => t.gatewayId);
  const out = ctx.model.gateways
    .filter((g) => byGateway.has(g.id))
    .map((g): [IpsecGateway, IpsecTunnel[]] => [g, byGateway.get(g.id) ?? []]);
  ctx.siteGateways.set(site.id, out);
  return out;
}

function siteToSite(ctx: Context, from: IpsecNetwork, to: IpsecNetwork): Reachability {
  const reasons: string[] = [];
  const mine = siteTunnels(ctx, from);
  if (!mine.length)
    return unreachable(
      from,
      to,
      `no tunnel from ${from.name} accepts traffic to ${to.name} (SPD cannot transit)`,
    );
  const fromSet = cidrsOf(ctx, from);
  const toSet = cidrsOf(ctx, to);
  for (const [gw, tunnels] of siteGateways(ctx, from)) {
    const ins = tunnels.filter((t) => ingressAccepts(t, fromSet, toSet));
    if (!ins.length) continue;
    const out = egress(ctx, gw, from, to, true);
    const entered = new Set(ins);
    const hop = out?.tunnels.filter((t) => servesSite(t, to) && !entered.has(t)) ?? [];
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
  const ctx = buildContext(model, routes);
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
