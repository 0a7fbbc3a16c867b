import { anyOverlap, cidrOverlaps, normalizeCidr } from './cidr';
import type { Finding, IpsecModel, IpsecTunnel, Reachability, RoutedRoute } from './model';
import { routeGroupKey, tunnelHealthy } from './roles';

interface Inputs {
  model: IpsecModel;
  routes: RoutedRoute[];
  reachability: Reachability[];
}

function nameOf(model: IpsecModel, id: string): string {
  const all: Array<{ id: string; name: string }> = [
    ...model.gateways,
    ...model.tunnels,
    ...model.networks,
  ];
  return all.find((x) => x.id === id)?.name ?? id;
}

/**
 * Scenario 6: sites that reach each other through the gateway. Expected in scenario 2/3/4,
 * a leak in scenario 6. It is a warning when the same gateway also uses SPD rules (someone
 * meant to keep sites apart) and informational otherwise.
 */
function siteTransit({ model, reachability }: Inputs): Finding[] {
  const sites = new Map(model.networks.filter((n) => n.kind === 'site').map((n) => [n.id, n]));
  const seen = new Set<string>();
  const out: Finding[] = [];
  for (const r of reachability) {
    if (!r.reachable || !sites.has(r.from) || !sites.has(r.to)) continue;
    const pair = [r.from, r.to].sort().join('|');
    if (seen.has(pair)) continue;
    seen.add(pair);
    const gwIds = [
      ...new Set(r.via.map((id) => model.tunnels.find((t) => t.id === id)?.gatewayId)),
    ];
    const mixed = model.tunnels.some(
      (t) => gwIds.includes(t.gatewayId) && t.routeType === 'policy',
    );
    out.push({
      severity: mixed ? 'warning' : 'info',
      code: 'site-transit',
      message:
        `${nameOf(model, r.from)} and ${nameOf(model, r.to)} can reach each other through the gateway ` +
        `(destination routes carry traffic between sites). If these sites must stay apart, use SPD ` +
        `rules per site instead of destination routes.`,
      subjects: [r.from, r.to, ...r.via],
    });
  }
  return out;
}

/** Scenario 2 built with SPD: a rule that sends another site's CIDR into a tunnel. */
function spdTransitImpossible({ model }: Inputs): Finding[] {
  const out: Finding[] = [];
  const sites = model.networks.filter((n) => n.kind === 'site');
  for (const t of model.tunnels) {
    if (t.routeType !== 'policy') continue;
    for (const other of sites) {
      if (t.peerId && other.peerIds?.includes(t.peerId)) continue;
      if (!t.spd.some((e) => anyOverlap([e.local], other.cidrs))) continue;
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
    groups.set(key, [...(groups.get(key) ?? []), r]);
  }
  return groups;
}

/** Scenario 5 without health checks: failover then depends on the IKE link state alone. */
function standbyWithoutHealthCheck({ model, routes }: Inputs): Finding[] {
  const out: Finding[] = [];
  for (const group of groupRoutes(routes).values()) {
    const enabled = group.filter((r) => r.enabled);
    if (new Set(enabled.map((r) => r.tunnelId)).size < 2) continue;
    const unchecked = enabled.filter(
      (r) => model.tunnels.find((t) => t.id === r.tunnelId)?.health === 'none',
    );
    if (!unchecked.length) continue;
    const dest = enabled[0]?.destination ?? '';
    out.push({
      severity: 'warning',
      code: 'standby-without-health-check',
      message:
        `${dest} has active/standby routes but ${unchecked.map((r) => nameOf(model, r.tunnelId ?? '')).join(', ')} ` +
        `has no health check: failover will only follow the tunnel's link state.`,
      subjects: unchecked.map((r) => r.id),
    });
  }
  return out;
}

/** Destinations (route groups and SPD remote blocks) whose tunnels are all unable to carry traffic. */
function destinationDown({ model, routes }: Inputs): Finding[] {
  const byDest = new Map<string, Set<IpsecTunnel>>();
  const add = (gatewayId: string, dest: string, t: IpsecTunnel | undefined): void => {
    if (!t) return;
    const key = `${gatewayId}|${normalizeCidr(dest) ?? dest}`;
    byDest.set(key, (byDest.get(key) ?? new Set()).add(t));
  };
  for (const r of routes) {
    if (r.enabled && r.nextHopType === 'tunnel')
      add(
        r.gatewayId,
        r.destination,
        model.tunnels.find((t) => t.id === r.tunnelId),
      );
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

/** Two SPD rules on one gateway that claim the same traffic: which tunnel gets it is ambiguous. */
function spdOverlap({ model }: Inputs): Finding[] {
  const out: Finding[] = [];
  const entries = model.tunnels.flatMap((t) => t.spd.map((e, i) => ({ t, e, i })));
  for (let a = 0; a < entries.length; a++) {
    for (let b = a + 1; b < entries.length; b++) {
      const x = entries[a];
      const y = entries[b];
      if (!x || !y || x.t.gatewayId !== y.t.gatewayId) continue;
      if (!cidrOverlaps(x.e.local, y.e.local) || !anyOverlap(x.e.remote, y.e.remote)) continue;
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
  return out;
}

/** A route that SPD shadows: SPD wins, so the route's tunnel never gets that traffic. */
function spdRouteConflict({ model, routes }: Inputs): Finding[] {
  const out: Finding[] = [];
  for (const r of routes) {
    if (!r.enabled || r.nextHopType !== 'tunnel') continue;
    const shadowing = model.tunnels.filter(
      (t) =>
        t.gatewayId === r.gatewayId &&
        t.id !== r.tunnelId &&
        t.spd.some((e) => anyOverlap(e.remote, [r.destination])),
    );
    if (!shadowing.length) continue;
    out.push({
      severity: 'warning',
      code: 'spd-route-conflict',
      message:
        `Route ${r.destination} → ${nameOf(model, r.tunnelId ?? '')} disagrees with the SPD rules of ` +
        `${shadowing.map((t) => t.name).join(', ')}: SPD takes precedence, so matching traffic goes there.`,
      subjects: [r.id, ...shadowing.map((t) => t.id)],
    });
  }
  return out;
}

const severityOrder = { error: 0, warning: 1, info: 2 } as const;

export function deriveFindings(inputs: Inputs): Finding[] {
  const all = [
    ...destinationDown(inputs),
    ...siteTransit(inputs),
    ...spdTransitImpossible(inputs),
    ...standbyWithoutHealthCheck(inputs),
    ...spdOverlap(inputs),
    ...spdRouteConflict(inputs),
  ];
  return all.sort((a, b) => severityOrder[a.severity] - severityOrder[b.severity]);
}
