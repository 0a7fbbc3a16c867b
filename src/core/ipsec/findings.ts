import { CidrSet, cidrRange, normalizeCidr, type CidrRange } from './cidr';
import { IPSEC_LIMITS } from './limits';
import type {
  Finding,
  FindingCode,
  IpsecModel,
  IpsecTunnel,
  Reachability,
  RoutedRoute,
  SpdEntry,
} from './model';
import { routeGroupKey, tunnelHealthy } from './roles';

interface Inputs {
  model: IpsecModel;
  routes: RoutedRoute[];
  reachability: Reachability[];
}

/** Lookups built once: per-finding scans of the whole model made findings quadratic. */
interface Indexed extends Inputs {
  names: Map<string, string>;
  tunnelsById: Map<string, IpsecTunnel>;
}

function indexed(inputs: Inputs): Indexed {
  const names = new Map<string, string>();
  // The first object with an id names it, looking at gateways, then tunnels, then networks.
  for (const x of [...inputs.model.networks].reverse()) names.set(x.id, x.name);
  for (const x of [...inputs.model.tunnels].reverse()) names.set(x.id, x.name);
  for (const x of [...inputs.model.gateways].reverse()) names.set(x.id, x.name);
  return {
    ...inputs,
    names,
    tunnelsById: new Map([...inputs.model.tunnels].reverse().map((t) => [t.id, t])),
  };
}

function nameOf(ix: Indexed, id: string): string {
  return ix.names.get(id) ?? id;
}

/**
 * Scenario 6: sites that reach each other through the gateway. Expected in scenario 2/3/4,
 * a leak in scenario 6. It is a warning when the same gateway also uses SPD rules (someone
 * meant to keep sites apart) and informational otherwise.
 */
function siteTransit(ix: Indexed): Finding[] {
  const { model, reachability } = ix;
  const sites = new Map(model.networks.filter((n) => n.kind === 'site').map((n) => [n.id, n]));
  const policyGateways = new Set(
    model.tunnels.filter((t) => t.routeType === 'policy').map((t) => t.gatewayId),
  );
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const r of reachability) {
    if (!r.reachable || !sites.has(r.from) || !sites.has(r.to)) continue;
    const pair = [r.from, r.to].sort().join('|');
    if (seen.has(pair)) continue;
    seen.add(pair);
    const mixed = r.via.some((id) => {
      const gatewayId = ix.tunnelsById.get(id)?.gatewayId;
      return gatewayId !== undefined && policyGateways.has(gatewayId);
    });
    out.push({
      severity: mixed ? 'warning' : 'info',
      code: 'site-transit',
      message:
        `${nameOf(ix, r.from)} and ${nameOf(ix, r.to)} can reach each other through the gateway ` +
        `(destination routes carry traffic between sites). If these sites must stay apart, use SPD ` +
        `rules per site instead of destination routes.`,
      subjects: [r.from, r.to, ...r.via],
    });
  }
  return out;
}

/** Scenario 2 built with SPD: a rule that sends another site's CIDR into a tunnel. */
function spdTransitImpossible({ model }: Indexed): Finding[] {
  const out: Finding[] = [];
  const sites = model.networks
    .filter((n) => n.kind === 'site')
    .map((n) => ({ n, cidrs: new CidrSet(n.cidrs), peers: new Set(n.peerIds ?? []) }));
  for (const t of model.tunnels) {
    if (t.routeType !== 'policy') continue;
    for (const { n: other, cidrs, peers } of sites) {
      if (t.peerId && peers.has(t.peerId)) continue;
      if (!t.spd.some((e) => cidrs.overlaps(e.local))) continue;
      out.push({
        severity: 'warning',
        code: 'spd-transit-impossible',
        message:
          `${t.name} has an SPD rule whose local side covers ${other.name}, so traffic between the ` +
          `sites was wanted, but SPD rules cannot carry traffic between sites. Use a route-based ` +
          `tunnel with destination routes for transit.`,
        subjects: [t.id, other.id],
      });
    }
  }
  return out;
}

function groupRoutes(routes: RoutedRoute[]): Map<string, RoutedRoute[]> {
  const groups = new Map<string, RoutedRoute[]>();
  for (const r of routes) {
    if (r.nextHopType !== 'tunnel') continue;
    const key = routeGroupKey(r);
    const group = groups.get(key);
    if (group) group.push(r);
    else groups.set(key, [r]);
  }
  return groups;
}

/** Scenario 5 without health checks: failover then depends on the IKE link state alone. */
function standbyWithoutHealthCheck(ix: Indexed): Finding[] {
  const { routes } = ix;
  const out: Finding[] = [];
  for (const group of groupRoutes(routes).values()) {
    const enabled = group.filter((r) => r.enabled);
    if (new Set(enabled.map((r) => r.tunnelId)).size < 2) continue;
    const unchecked = enabled.filter(
      (r) => ix.tunnelsById.get(r.tunnelId ?? '')?.health === 'none',
    );
    if (!unchecked.length) continue;
    const dest = enabled[0]?.destination ?? '';
    out.push({
      severity: 'warning',
      code: 'standby-without-health-check',
      message:
        `${dest} has active/standby routes but ${unchecked.map((r) => nameOf(ix, r.tunnelId ?? '')).join(', ')} ` +
        `has no health check: failover will only follow the tunnel's link state.`,
      subjects: unchecked.map((r) => r.id),
    });
  }
  return out;
}

/** Destinations (route groups and SPD remote blocks) whose tunnels are all unable to carry traffic. */
function destinationDown({ model, routes, tunnelsById }: Indexed): Finding[] {
  const byDest = new Map<string, Set<IpsecTunnel>>();
  const add = (gatewayId: string, dest: string, t: IpsecTunnel | undefined): void => {
    if (!t) return;
    const key = `${gatewayId}|${normalizeCidr(dest) ?? dest}`;
    byDest.set(key, (byDest.get(key) ?? new Set()).add(t));
  };
  for (const r of routes) {
    if (r.enabled && r.nextHopType === 'tunnel')
      add(r.gatewayId, r.destination, tunnelsById.get(r.tunnelId ?? ''));
  }
  for (const t of model.tunnels)
    for (const e of t.spd) for (const rem of e.remote) add(t.gatewayId, rem, t);
  const out: Finding[] = [];
  for (const [key, tunnels] of byDest) {
    const list = [...tunnels];
    if (list.some(tunnelHealthy)) continue;
    const dest = key.split('|')[1] ?? key;
    out.push({
      severity: 'error',
      code: 'destination-down',
      message: `${dest} is unreachable: every tunnel to it (${list.map((t) => `${t.name} ${t.status}${t.health === 'failing' ? ', health check failing' : ''}`).join('; ')}) is down.`,
      subjects: list.map((t) => t.id),
    });
  }
  return out;
}

interface ParsedEntry {
  t: IpsecTunnel;
  e: SpdEntry;
  local: CidrRange | undefined;
  remote: CidrSet;
}

function rangesOverlap(x: CidrRange | undefined, y: CidrRange | undefined): boolean {
  return !!x && !!y && x.family === y.family && x.first <= y.last && y.first <= x.last;
}

/**
 * Two SPD rules on one gateway that claim the same traffic: which tunnel gets it is ambiguous.
 * Every pair of rules of a gateway is compared, so the rules are parsed once and the pairs are
 * only counted past the listing cap; IPSEC_LIMITS.spdCidrs bounds the pairs.
 */
function spdOverlap({ model }: Indexed): Finding[] {
  const out: Finding[] = [];
  let unlisted = 0;
  const byGateway = new Map<string, ParsedEntry[]>();
  for (const t of model.tunnels) {
    for (const e of t.spd) {
      const parsed = { t, e, local: cidrRange(e.local), remote: new CidrSet(e.remote) };
      const list = byGateway.get(t.gatewayId);
      if (list) list.push(parsed);
      else byGateway.set(t.gatewayId, [parsed]);
    }
  }
  for (const entries of byGateway.values()) {
    for (let a = 0; a < entries.length; a++) {
      const x = entries[a] as ParsedEntry;
      for (let b = a + 1; b < entries.length; b++) {
        const y = entries[b] as ParsedEntry;
        if (!rangesOverlap(x.local, y.local) || !y.remote.overlapsAny(x.e.remote)) continue;
        if (out.length >= IPSEC_LIMITS.findingsPerCode) {
          unlisted++;
          continue;
        }
        const same = x.t.id === y.t.id;
        out.push({
          severity: 'warning',
          code: 'spd-overlap',
          message:
            `SPD rules overlap: ${x.t.name} (${x.e.local} → ${x.e.remote.join(', ')}) and ` +
            `${same ? 'another rule of the same tunnel' : y.t.name} (${y.e.local} → ${y.e.remote.join(', ')}) ` +
            `match the same traffic${same ? '' : '; SPD has no priorities, so use destination routes for active/standby'}.`,
          subjects: same ? [x.t.id] : [x.t.id, y.t.id],
        });
      }
    }
  }
  if (unlisted)
    out.push(moreFindings('warning', 'spd-overlap', unlisted, 'pairs of overlapping SPD rules'));
  return out;
}

/** A route that SPD shadows: SPD wins, so the route's tunnel never gets that traffic. */
function spdRouteConflict(ix: Indexed): Finding[] {
  const { model, routes } = ix;
  const out: Finding[] = [];
  let unlisted = 0;
  // Each tunnel's SPD remote blocks, merged once instead of once per route.
  const policyTunnels = new Map<string, Array<{ t: IpsecTunnel; remotes: CidrSet }>>();
  for (const t of model.tunnels) {
    if (!t.spd.length) continue;
    const list = policyTunnels.get(t.gatewayId) ?? [];
    list.push({ t, remotes: new CidrSet(t.spd.flatMap((e) => e.remote)) });
    policyTunnels.set(t.gatewayId, list);
  }
  for (const r of routes) {
    if (!r.enabled || r.nextHopType !== 'tunnel') continue;
    const candidates = policyTunnels.get(r.gatewayId) ?? [];
    const shadows = (c: { t: IpsecTunnel; remotes: CidrSet }): boolean =>
      c.t.id !== r.tunnelId && c.remotes.overlaps(r.destination);
    // Past the listing cap only the count matters, and one shadowing tunnel decides it.
    if (out.length >= IPSEC_LIMITS.findingsPerCode) {
      if (candidates.some(shadows)) unlisted++;
      continue;
    }
    const shadowing = candidates.filter(shadows).map((c) => c.t);
    if (!shadowing.length) continue;
    out.push({
      severity: 'warning',
      code: 'spd-route-conflict',
      message:
        `Route ${r.destination} → ${nameOf(ix, r.tunnelId ?? '')} disagrees with the SPD rules of ` +
        `${shadowing.map((t) => t.name).join(', ')}: SPD takes precedence, so matching traffic goes there.`,
      subjects: [r.id, ...shadowing.map((t) => t.id)],
    });
  }
  if (unlisted)
    out.push(
      moreFindings('warning', 'spd-route-conflict', unlisted, 'routes that SPD rules shadow'),
    );
  return out;
}

/** The one finding that stands for those of a code beyond the listing cap. */
function moreFindings(
  severity: Finding['severity'],
  code: FindingCode,
  count: number,
  what: string,
): Finding {
  return {
    severity,
    code,
    message: `…and ${count} more ${what}, not listed one by one (only the first ${IPSEC_LIMITS.findingsPerCode} are).`,
    subjects: [],
  };
}

/**
 * At most IPSEC_LIMITS.findingsPerCode findings of one code, then one that counts the rest:
 * a thousand tunnels can produce a hundred thousand findings that nobody reads and the admin
 * screens cannot draw.
 */
function capped(findings: Finding[], what: string): Finding[] {
  const max = IPSEC_LIMITS.findingsPerCode;
  if (findings.length <= max) return findings;
  const shown = findings.slice(0, max);
  const rest = findings.slice(max);
  const worst = rest.some((f) => f.severity === 'error')
    ? 'error'
    : rest.some((f) => f.severity === 'warning')
      ? 'warning'
      : 'info';
  shown.push(moreFindings(worst, (rest[0] as Finding).code, rest.length, what));
  return shown;
}

const severityOrder = { error: 0, warning: 1, info: 2 } as const;

export function deriveFindings(inputs: Inputs): Finding[] {
  const ix = indexed(inputs);
  const all = [
    ...capped(destinationDown(ix), 'unreachable destinations'),
    ...capped(siteTransit(ix), 'pairs of sites that reach each other'),
    ...capped(spdTransitImpossible(ix), 'SPD rules that cover another site'),
    ...capped(standbyWithoutHealthCheck(ix), 'active/standby destinations without health checks'),
    ...spdOverlap(ix),
    ...spdRouteConflict(ix),
  ];
  return all.sort((a, b) => severityOrder[a.severity] - severityOrder[b.severity]);
}
