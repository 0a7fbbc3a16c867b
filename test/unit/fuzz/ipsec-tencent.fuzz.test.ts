import { describe, it } from 'vitest';
import { formatView } from '../../../src/core/ipsec/report';
import { normalizeTencent } from '../../../src/core/ipsec/tencent/normalize';
import type { TencentInventory } from '../../../src/core/ipsec/tencent/types';
import { parsePage, type TencentListKey } from '../../../src/core/ipsec/tencent/validate';
import { buildView } from '../../../src/core/ipsec/view';
import * as fx from '../../support/ipsec-fixtures';
import { fuzzRuns, fuzzSync, mutatedJson, timeoutFor, type Json } from './ipsec-fuzz-support';

/**
 * Tencent VPC API responses through the same path as `loadFromTencent`, minus the network:
 * each Describe* page checked by parsePage, the inventory normalized, viewed and printed.
 * Inputs: structured damage to the six scenarios' responses.
 */

const RUNS = fuzzRuns(200);
const inv = fx.allScenarios();
const responses = JSON.parse(
  JSON.stringify({
    VpnGatewaySet: inv.gateways,
    CustomerGatewaySet: inv.customerGateways,
    VpnConnectionSet: inv.connections,
    Routes: inv.routes,
    RouteSet: inv.ccnRoutes,
    VpcSet: inv.vpcs,
  }),
) as Json;

function page<K extends TencentListKey>(action: string, key: K, list: unknown) {
  const total = Array.isArray(list) ? list.length : undefined;
  return parsePage(action, key, { [key]: list, TotalCount: total }, 0).items;
}

/** The per-gateway list of a record-shaped response set, as the per-gateway call returns it. */
function perGateway(record: unknown, id: string): unknown {
  return record && typeof record === 'object' && Object.hasOwn(record, id)
    ? (record as Record<string, unknown>)[id]
    : undefined;
}

function load(raw: Json): TencentInventory {
  const r = (raw && typeof raw === 'object' && !Array.isArray(raw) ? raw : {}) as Record<
    string,
    unknown
  >;
  const gateways = page('DescribeVpnGateways', 'VpnGatewaySet', r.VpnGatewaySet);
  const routes: TencentInventory['routes'] = {};
  const ccnRoutes: TencentInventory['ccnRoutes'] = {};
  for (const g of gateways) {
    const id = g.VpnGatewayId;
    if (!id) continue;
    routes[id] = page('DescribeVpnGatewayRoutes', 'Routes', perGateway(r.Routes, id));
    const ccn = perGateway(r.RouteSet, id);
    if (ccn !== undefined) ccnRoutes[id] = page('DescribeVpnGatewayCcnRoutes', 'RouteSet', ccn);
  }
  return {
    region: 'ap-fuzz',
    gateways,
    customerGateways: page('DescribeCustomerGateways', 'CustomerGatewaySet', r.CustomerGatewaySet),
    connections: page('DescribeVpnConnections', 'VpnConnectionSet', r.VpnConnectionSet),
    routes,
    ccnRoutes,
    vpcs: page('DescribeVpcs', 'VpcSet', r.VpcSet),
  };
}

describe('fuzz: Tencent API responses', () => {
  it(
    'validate, normalize, view and print: only typed errors, each input under 2 s',
    () => {
      fuzzSync('ipsec tencent', mutatedJson(responses), RUNS, (raw) => {
        formatView(buildView(normalizeTencent(load(raw), '2026-01-02T03:04:05Z')));
      });
    },
    timeoutFor(RUNS),
  );
});
