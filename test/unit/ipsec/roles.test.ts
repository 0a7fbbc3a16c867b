import { describe, expect, it } from 'vitest';
import type { IpsecRoute, IpsecTunnel } from '../../../src/core/ipsec/model';
import { deriveRouteRoles, tunnelHealthy } from '../../../src/core/ipsec/roles';

function tunnel(
  id: string,
  status: IpsecTunnel['status'],
  health: IpsecTunnel['health'] = 'none',
): IpsecTunnel {
  return { id, name: id, gatewayId: 'gw', routeType: 'route', status, health, spd: [] };
}

function route(
  id: string,
  tunnelId: string,
  priority: number,
  extra: Partial<IpsecRoute> = {},
): IpsecRoute {
  return {
    id,
    gatewayId: 'gw',
    destination: '172.16.9.0/24',
    nextHopType: 'tunnel',
    tunnelId,
    priority,
    enabled: true,
    ...extra,
  };
}

const roles = (tunnels: IpsecTunnel[], routes: IpsecRoute[]): Record<string, string> =>
  Object.fromEntries(deriveRouteRoles({ tunnels, routes }).map((r) => [r.id, r.role]));

describe('tunnel health', () => {
  it.each([
    ['up', 'none', true],
    ['down', 'none', false],
    ['connecting', 'none', false],
    ['unknown', 'none', false],
    ['up', 'ok', true],
    ['unknown', 'ok', true],
    ['up', 'failing', false],
    ['down', 'ok', false],
  ] as const)('status %s, health %s -> %s', (status, health, healthy) => {
    expect(tunnelHealthy(tunnel('t', status, health))).toBe(healthy);
  });
});

describe('route roles', () => {
  it('equal priorities on healthy tunnels are all active (the gateway balances)', () => {
    expect(
      roles([tunnel('a', 'up'), tunnel('b', 'up')], [route('ra', 'a', 10), route('rb', 'b', 10)]),
    ).toEqual({ ra: 'active', rb: 'active' });
  });

  it('roles are per destination and per gateway', () => {
    const t = [tunnel('a', 'up'), tunnel('b', 'up')];
    const r = [
      route('r1', 'a', 0),
      route('r2', 'b', 100),
      route('r3', 'b', 100, { destination: '172.16.8.0/24' }),
      route('r4', 'b', 100, { gatewayId: 'gw2' }),
    ];
    expect(roles(t, r)).toEqual({ r1: 'active', r2: 'standby', r3: 'active', r4: 'active' });
  });

  it('destinations are compared in canonical form', () => {
    const r = [
      route('r1', 'a', 0, { destination: '172.16.9.0/24' }),
      route('r2', 'b', 5, { destination: '172.16.9.7/24' }),
    ];
    expect(roles([tunnel('a', 'up'), tunnel('b', 'up')], r)).toEqual({
      r1: 'active',
      r2: 'standby',
    });
  });

  it('a route to a tunnel that does not exist is inactive', () => {
    expect(roles([tunnel('a', 'up')], [route('r1', 'ghost', 0), route('r2', 'a', 100)])).toEqual({
      r1: 'inactive',
      r2: 'active',
    });
  });

  it('a CCN next hop is active when enabled', () => {
    const r: IpsecRoute[] = [
      {
        id: 'c1',
        gatewayId: 'gw',
        destination: '10.1.0.0/16',
        nextHopType: 'ccn',
        ccnId: 'ccn-1',
        priority: 0,
        enabled: true,
      },
      {
        id: 'c2',
        gatewayId: 'gw',
        destination: '10.2.0.0/16',
        nextHopType: 'ccn',
        priority: 0,
        enabled: false,
      },
    ];
    expect(roles([], r)).toEqual({ c1: 'active', c2: 'inactive' });
  });

  it('a failing health check wins over an up link', () => {
    expect(
      roles(
        [tunnel('a', 'up', 'failing'), tunnel('b', 'up', 'ok')],
        [route('r1', 'a', 0), route('r2', 'b', 100)],
      ),
    ).toEqual({ r1: 'inactive', r2: 'active' });
  });
});
