import { describe, expect, it } from 'vitest';
import type { IpsecView, Reachability } from '../../../src/core/ipsec/model';
import { normalizeTencent } from '../../../src/core/ipsec/tencent/normalize';
import { buildView } from '../../../src/core/ipsec/view';
import * as fx from '../../support/ipsec-fixtures';
import type { TencentInventory } from '../../../src/core/ipsec/tencent/types';

function view(inv: TencentInventory): IpsecView {
  return buildView(normalizeTencent(inv, '2026-01-01T00:00:00Z'));
}

function netId(v: IpsecView, cidr: string): string {
  const n = v.networks.find((x) => x.cidrs.includes(cidr));
  if (!n) throw new Error(`no network ${cidr} in ${JSON.stringify(v.networks)}`);
  return n.id;
}

function reach(v: IpsecView, from: string, to: string): Reachability {
  const r = v.reachability.find((x) => x.from === netId(v, from) && x.to === netId(v, to));
  if (!r) throw new Error(`no reachability ${from} -> ${to}`);
  return r;
}

function codes(v: IpsecView): string[] {
  return v.findings.map((f) => f.code);
}

const { IDC, VPC_CIDR, CCN_VPCS } = fx;

describe('scenario 1: VPC <-> IDC over SPD', () => {
  it('reaches both ways by SPD through the one tunnel', () => {
    const v = view(fx.scenario1());
    expect(reach(v, VPC_CIDR, IDC[1])).toMatchObject({
      reachable: true,
      rule: 'spd',
      via: ['vpnx-s1'],
      up: true,
    });
    expect(reach(v, IDC[1], VPC_CIDR)).toMatchObject({
      reachable: true,
      rule: 'spd',
      via: ['vpnx-s1'],
      up: true,
    });
    expect(v.findings).toEqual([]);
  });

  it('reports the destination down when its only tunnel is down', () => {
    const v = view(fx.scenario1({ up: false }));
    expect(reach(v, VPC_CIDR, IDC[1])).toMatchObject({ reachable: true, up: false });
    const down = v.findings.filter((f) => f.code === 'destination-down');
    expect(down).toHaveLength(1);
    expect(down[0]?.severity).toBe('error');
    expect(down[0]?.message).toContain(IDC[1]);
  });
});

describe('scenario 2: one VPC, IDCs that must reach each other', () => {
  it('with destination routes every IDC reaches every other through the gateway', () => {
    const v = view(fx.scenario2('route'));
    for (const a of [1, 2, 3] as const) {
      for (const b of [1, 2, 3] as const) {
        if (a === b) continue;
        const r = reach(v, IDC[a], IDC[b]);
        expect(r).toMatchObject({ reachable: true, rule: 'route', up: true });
        expect(r.via).toEqual([`vpnx-s2-${a}`, `vpnx-s2-${b}`]);
      }
      expect(reach(v, VPC_CIDR, IDC[a])).toMatchObject({ reachable: true, rule: 'route' });
      expect(reach(v, IDC[a], VPC_CIDR)).toMatchObject({ reachable: true, rule: 'route' });
    }
    // Transit is what scenario 2 wants: reported, but only as information.
    expect(v.findings.every((f) => f.code === 'site-transit' && f.severity === 'info')).toBe(true);
    expect(v.findings).toHaveLength(3);
  });

  it('built with SPD, the IDCs cannot reach each other and the design is flagged', () => {
    const v = view(fx.scenario2('policy'));
    expect(reach(v, IDC[1], IDC[2]).reachable).toBe(false);
    expect(reach(v, VPC_CIDR, IDC[2])).toMatchObject({ reachable: true, rule: 'spd' });
    const flagged = v.findings.filter((f) => f.code === 'spd-transit-impossible');
    expect(flagged).toHaveLength(6);
    expect(flagged.every((f) => f.severity === 'warning')).toBe(true);
  });
});

describe('scenario 3: CCN-type gateway not attached to a CCN', () => {
  it('switches traffic between IDCs', () => {
    const v = view(fx.scenario3());
    expect(v.gateways[0]).toMatchObject({ type: 'CCN' });
    expect(v.gateways[0]?.ccnId).toBeUndefined();
    expect(reach(v, IDC[1], IDC[3])).toMatchObject({
      reachable: true,
      rule: 'route',
      via: ['vpnx-vpngw-s3-1', 'vpnx-vpngw-s3-3'],
    });
  });

  it('reaches no VPC: no cloud network is known or reachable', () => {
    const v = view(fx.scenario3());
    expect(v.networks.filter((n) => n.kind !== 'site')).toEqual([]);
    expect(
      v.reachability
        .filter((r) => r.reachable)
        .every((r) => r.from.startsWith('site:') && r.to.startsWith('site:')),
    ).toBe(true);
  });
});

describe('scenario 4: CCN-type gateway attached to a CCN', () => {
  it('reaches the CCN VPCs from every IDC and back, and still switches IDC <-> IDC', () => {
    const v = view(fx.scenario4());
    expect(v.gateways[0]?.ccnId).toBe('ccn-main');
    for (const n of [1, 2, 3] as const) {
      for (const c of CCN_VPCS) {
        expect(reach(v, IDC[n], c)).toMatchObject({ reachable: true, rule: 'ccn' });
        expect(reach(v, c, IDC[n])).toMatchObject({ reachable: true, rule: 'route' });
      }
    }
    expect(reach(v, IDC[2], IDC[1]).reachable).toBe(true);
    expect(v.routes.filter((r) => r.nextHopType === 'ccn').every((r) => r.role === 'active')).toBe(
      true,
    );
  });

  it('does not reach IDCs that are not published to the CCN', () => {
    const inv = fx.scenario4();
    const published = inv.ccnRoutes['vpngw-s4'];
    if (published?.[1]) published[1].Status = 'DISABLE';
    const v = view(inv);
    expect(reach(v, CCN_VPCS[0], IDC[2])).toMatchObject({ reachable: false });
    expect(reach(v, CCN_VPCS[0], IDC[1])).toMatchObject({ reachable: true });
  });
});

describe('scenario 5: active/standby tunnels to one IDC', () => {
  const role = (v: IpsecView, id: string): string | undefined =>
    v.routes.find((r) => r.id === id)?.role;

  it('primary (priority 0) is active, standby (100) is standby', () => {
    const v = view(fx.scenario5());
    expect(role(v, 'r-primary')).toBe('active');
    expect(role(v, 'r-standby')).toBe('standby');
    expect(reach(v, VPC_CIDR, '172.16.5.0/24')).toMatchObject({
      reachable: true,
      via: ['vpnx-primary'],
      up: true,
    });
    expect(v.findings).toEqual([]);
  });

  it('the standby takes over when the primary health check fails', () => {
    const v = view(fx.scenario5({ primaryHealth: 'failing' }));
    expect(role(v, 'r-primary')).toBe('inactive');
    expect(role(v, 'r-standby')).toBe('active');
    expect(reach(v, VPC_CIDR, '172.16.5.0/24')).toMatchObject({ via: ['vpnx-standby'], up: true });
    expect(codes(v)).not.toContain('destination-down');
  });

  it('a standby without health check is flagged', () => {
    const v = view(fx.scenario5({ standbyHealthCheck: false }));
    expect(role(v, 'r-standby')).toBe('standby');
    const f = v.findings.find((x) => x.code === 'standby-without-health-check');
    expect(f?.subjects).toEqual(['r-standby']);
  });

  it('both tunnels failing: destination down, no active route', () => {
    const v = view(fx.scenario5({ primaryHealth: 'failing', standbyUp: false }));
    expect(v.routes.map((r) => r.role)).toEqual(['inactive', 'inactive']);
    expect(codes(v)).toContain('destination-down');
  });

  it('one IDC with two devices is one site', () => {
    const v = view(fx.scenario5());
    const sites = v.networks.filter((n) => n.kind === 'site');
    expect(sites).toHaveLength(1);
    expect(sites[0]?.peerIds).toEqual(['cgw-idc5a', 'cgw-idc5b']);
  });
});

describe('scenario 6: one VPC, IDCs kept apart', () => {
  it('with SPD per IDC: the VPC reaches each IDC, IDC1 does not reach IDC2', () => {
    const v = view(fx.scenario6('spd'));
    for (const n of [1, 2, 3] as const)
      expect(reach(v, VPC_CIDR, IDC[n])).toMatchObject({ reachable: true, rule: 'spd' });
    expect(reach(v, IDC[1], IDC[2]).reachable).toBe(false);
    expect(reach(v, IDC[2], IDC[1]).reachable).toBe(false);
    expect(reach(v, IDC[3], IDC[1]).reachable).toBe(false);
    expect(codes(v)).not.toContain('site-transit');
  });

  it('with destination routes only: the IDCs reach each other, reported as transit', () => {
    const v = view(fx.scenario6('routes'));
    expect(reach(v, IDC[1], IDC[2])).toMatchObject({ reachable: true, rule: 'route' });
    expect(v.findings.filter((f) => f.code === 'site-transit')).toHaveLength(3);
  });

  it('mixed (SPD for IDC1/IDC2, a route for IDC3): SPD wins, no IDC reaches another', () => {
    const v = view(fx.scenario6('mixed'));
    expect(reach(v, VPC_CIDR, IDC[3])).toMatchObject({ reachable: true, rule: 'route' });
    expect(reach(v, VPC_CIDR, IDC[1])).toMatchObject({ reachable: true, rule: 'spd' });
    for (const [a, b] of [
      [1, 3],
      [3, 1],
      [3, 2],
      [1, 2],
    ] as const)
      expect(reach(v, IDC[a], IDC[b]).reachable).toBe(false);
    expect(codes(v)).not.toContain('site-transit');
  });
});

describe('configuration conflicts', () => {
  it('flags overlapping SPD rules and a route shadowed by SPD', () => {
    const v = view(fx.conflicting());
    expect(codes(v)).toContain('spd-overlap');
    const conflict = v.findings.find((f) => f.code === 'spd-route-conflict');
    expect(conflict?.subjects).toEqual(['r-x', 'vpnx-x1']);
    // SPD precedence: the VPC's traffic to IDC1 goes where the SPD says, not where the route says.
    expect(reach(v, VPC_CIDR, IDC[1])).toMatchObject({ rule: 'spd', via: ['vpnx-x1'] });
  });

  it('a disabled route is inactive and carries nothing', () => {
    const inv = fx.scenario5();
    const r = inv.routes['vpngw-s5']?.[0];
    if (r) r.Status = 'DISABLE';
    const v = view(inv);
    expect(v.routes.find((x) => x.id === 'r-primary')?.role).toBe('inactive');
    expect(v.routes.find((x) => x.id === 'r-standby')?.role).toBe('active');
  });
});

describe('normalization', () => {
  it('one network per VPC even when several gateways serve it; each path is found', () => {
    const v = view(fx.allScenarios());
    const ids = v.networks.map((n) => n.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(v.networks.filter((n) => n.kind === 'vpc').map((n) => n.id)).toEqual(['vpc-main']);
    // The VPC reaches the scenario 5 IDC through vpngw-s5 and IDC1 through one of its gateways.
    expect(reach(v, VPC_CIDR, '172.16.5.0/24')).toMatchObject({
      reachable: true,
      via: ['vpnx-primary'],
    });
    expect(reach(v, VPC_CIDR, IDC[1])).toMatchObject({ reachable: true, up: true });
  });

  it('never copies the pre-shared key into the model', () => {
    const v = view(fx.allScenarios());
    expect(JSON.stringify(v)).not.toContain(fx.FIXTURE_PSK);
    expect(JSON.stringify(v)).not.toMatch(/PreShareKey/i);
  });

  it('drops the 0.0.0.0/0 placeholder SPD of route-based tunnels', () => {
    const v = view(fx.scenario2('route'));
    expect(v.tunnels.every((t) => t.routeType === 'route' && t.spd.length === 0)).toBe(true);
  });
});
