import { normalizeCidr } from './cidr';
import type { IpsecModel, IpsecRoute, IpsecTunnel, RoutedRoute, RouteRole } from './model';

/**
 * A tunnel can carry traffic when its health check says so; without a health check the
 * gateway can only go by link status (Tencent fails over on either, scenario 5).
 */
export function tunnelHealthy(t: IpsecTunnel): boolean {
  if (t.health !== 'none') return t.health === 'ok' && t.status !== 'down';
  return t.status === 'up';
}

export function tunnelIndex(model: Pick<IpsecModel, 'tunnels'>): Map<string, IpsecTunnel> {
  return new Map(model.tunnels.map((t) => [t.id, t]));
}

/** Routes of one gateway to one destination: the unit in which roles are decided. */
export function routeGroupKey(r: Pick<IpsecRoute, 'gatewayId' | 'destination'>): string {
  return `${r.gatewayId}|${normalizeCidr(r.destination) ?? r.destination}`;
}

function routeUsable(r: IpsecRoute, tunnels: Map<string, IpsecTunnel>): boolean {
  if (!r.enabled) return false;
  if (r.nextHopType === 'ccn') return true;
  const t = r.tunnelId ? tunnels.get(r.tunnelId) : undefined;
  return t !== undefined && tunnelHealthy(t);
}

/**
 * Roles per destination: active = the usable routes (enabled, tunnel healthy) with the lowest
 * priority value (several when they tie: the gateway balances over them); standby = other
 * usable routes, ready to take over; inactive = disabled, or its tunnel cannot carry traffic.
 */
export function deriveRouteRoles(model: Pick<IpsecModel, 'tunnels' | 'routes'>): RoutedRoute[] {
  const tunnels = tunnelIndex(model);
  const best = new Map<string, number>();
  for (const r of model.routes) {
    if (!routeUsable(r, tunnels)) continue;
    const key = routeGroupKey(r);
    best.set(key, Math.min(best.get(key) ?? Number.POSITIVE_INFINITY, r.priority));
  }
  return model.routes.map((r) => {
    let role: RouteRole = 'inactive';
    if (routeUsable(r, tunnels))
      role = best.get(routeGroupKey(r)) === r.priority ? 'active' : 'standby';
    return { ...r, role };
  });
}
