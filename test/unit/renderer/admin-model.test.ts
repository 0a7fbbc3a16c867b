import { describe, expect, it } from 'vitest';
import { normalizeTencent } from '../../../src/core/ipsec/tencent/normalize';
import { buildView } from '../../../src/core/ipsec/view';
import type { AdminStatus } from '../../../src/shared/ipc-schema';
import { scopeTo, toAdminModel, topologyFor } from '../../../src/renderer/admin/admin-model';
import * as fx from '../../support/ipsec-fixtures';

function status(view: ReturnType<typeof buildView>): AdminStatus {
  return {
    sourceId: 's',
    fetchedAt: view.source.fetchedAt,
    canControl: false,
    tunnels: [],
    findings: [],
    view: view as unknown as NonNullable<AdminStatus['view']>,
  };
}

describe('admin model from the IPsec view', () => {
  it('draws the standby tunnel of an IDC with two devices dashed, to one site', () => {
    const model = toAdminModel(status(buildView(normalizeTencent(fx.scenario5()))), '?');
    const topo = topologyFor(model, 'vpngw-s5');
    expect(topo.sites).toHaveLength(1);
    expect(topo.links.map((l) => [l.id, l.standby, l.state])).toEqual([
      ['vpnx-primary', false, 'up'],
      ['vpnx-standby', true, 'up'],
    ]);
    expect(model.routes.map((r) => [r.nextHop, r.role])).toEqual([
      [expect.stringContaining('primary'), 'active'],
      [expect.stringContaining('standby'), 'standby'],
    ]);
  });

  it('shows a failing health check on an up tunnel as degraded', () => {
    const v = buildView(normalizeTencent(fx.scenario5({ primaryHealth: 'failing' })));
    const topo = topologyFor(toAdminModel(status(v), '?'), 'vpngw-s5');
    expect(topo.links.find((l) => l.id === 'vpnx-primary')?.state).toBe('degraded');
  });

  it('scopes tunnels, routes, networks and findings to one gateway', () => {
    const model = toAdminModel(status(buildView(normalizeTencent(fx.allScenarios()))), '?');
    const s2 = scopeTo(model, 'vpngw-s2');
    expect(s2.tunnels.every((t) => t.gatewayId === 'vpngw-s2')).toBe(true);
    expect(s2.routes.every((r) => r.gatewayId === 'vpngw-s2')).toBe(true);
    expect(s2.reachability?.nodes.map((n) => n.name)).toEqual(
      expect.arrayContaining(['IDC1', 'IDC2', 'IDC3']),
    );
    expect(s2.findings.length).toBeGreaterThan(0);
    expect(s2.findings.every((f) => !f.gateways?.length || f.gateways.includes('vpngw-s2'))).toBe(
      true,
    );
  });
});
