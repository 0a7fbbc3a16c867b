import { describe, expect, it } from 'vitest';
import { GangwayError } from '../../../src/core/errors';
import type { ApiResponse, TencentApi } from '../../../src/core/ipsec/tencent/client';
import { normalizeTencent } from '../../../src/core/ipsec/tencent/normalize';
import { fetchTencentInventory } from '../../../src/core/ipsec/tencent/source';
import { buildView } from '../../../src/core/ipsec/view';
import * as fx from '../../support/ipsec-fixtures';

/**
 * Tencent API responses are checked at the boundary: a field of the wrong type is a
 * tencent-invalid error naming the field, never a TypeError deep in the normalizer.
 */

type Tweak = (action: string, res: Record<string, unknown>) => void;

/** An API answering from the scenario fixtures, one page per action, with `tweak` applied. */
function fakeApi(tweak: Tweak = () => undefined): TencentApi {
  const inv = fx.allScenarios();
  return {
    endpointUrl: 'https://fake.invalid',
    async call(action, params): Promise<ApiResponse> {
      const id = params.VpnGatewayId as string;
      const lists: Record<string, [string, unknown[]]> = {
        DescribeVpnGateways: ['VpnGatewaySet', inv.gateways],
        DescribeCustomerGateways: ['CustomerGatewaySet', inv.customerGateways],
        DescribeVpnConnections: ['VpnConnectionSet', inv.connections],
        DescribeVpnGatewayRoutes: ['Routes', inv.routes[id] ?? []],
        DescribeVpnGatewayCcnRoutes: ['RouteSet', inv.ccnRoutes[id] ?? []],
        DescribeVpcs: ['VpcSet', inv.vpcs],
      };
      const [key, items] = lists[action] ?? ['none', []];
      const res: Record<string, unknown> = {
        [key]: structuredClone(items),
        TotalCount: items.length,
        RequestId: 'fake',
      };
      tweak(action, res);
      return res;
    },
  };
}

async function failureOf(api: TencentApi): Promise<unknown> {
  try {
    buildView(normalizeTencent(await fetchTencentInventory(api, 'ap-guangzhou', 1000)));
  } catch (err) {
    return err;
  }
  return new Error('accepted');
}

function connections(res: Record<string, unknown>): Array<Record<string, unknown>> {
  return res.VpnConnectionSet as Array<Record<string, unknown>>;
}

describe('Tencent API responses are validated field by field', () => {
  it('the fixtures pass, with nulls taken as absent and PreShareKey dropped', async () => {
    const api = fakeApi((action, res) => {
      if (action === 'DescribeVpnConnections') {
        (connections(res)[0] as Record<string, unknown>).HealthCheckStatus = null;
        (connections(res)[0] as Record<string, unknown>).SomethingNew = { nested: [1, 2] };
      }
    });
    const inv = await fetchTencentInventory(api, 'ap-guangzhou', 1000);
    expect(JSON.stringify(inv)).not.toContain(fx.FIXTURE_PSK);
    expect(JSON.stringify(inv)).not.toContain('SomethingNew');
    expect(buildView(normalizeTencent(inv)).tunnels).toHaveLength(15);
  });

  it.each<[string, Tweak, string]>([
    [
      'an SPD remote list that is a string',
      (a, res) => {
        if (a !== 'DescribeVpnConnections') return;
        const c = connections(res)[0] as Record<string, unknown>;
        c.SecurityPolicyDatabaseSet = [
          { LocalCidrBlock: '10.0.0.0/16', RemoteCidrBlock: '172.16.1.0/24' },
        ];
      },
      'DescribeVpnConnections: the Tencent Cloud API answered with data Gangway cannot read: VpnConnectionSet[0].SecurityPolicyDatabaseSet[0].RemoteCidrBlock: expected array of string of 0..4096 characters, got string',
    ],
    [
      'an SPD set that is an object',
      (a, res) => {
        if (a === 'DescribeVpnConnections')
          (connections(res)[2] as Record<string, unknown>).SecurityPolicyDatabaseSet = {};
      },
      'DescribeVpnConnections: the Tencent Cloud API answered with data Gangway cannot read: VpnConnectionSet[2].SecurityPolicyDatabaseSet: expected array of object, got object',
    ],
    [
      'a connection name that is a number',
      (a, res) => {
        if (a === 'DescribeVpnConnections')
          (connections(res)[1] as Record<string, unknown>).VpnConnectionName = 7;
      },
      'DescribeVpnConnections: the Tencent Cloud API answered with data Gangway cannot read: VpnConnectionSet[1].VpnConnectionName: expected string of 0..4096 characters, got number',
    ],
    [
      'a route priority that is a string',
      (a, res) => {
        if (a === 'DescribeVpnGatewayRoutes' && (res.Routes as unknown[]).length)
          ((res.Routes as unknown[])[0] as Record<string, unknown>).Priority = 'high';
      },
      'DescribeVpnGatewayRoutes: the Tencent Cloud API answered with data Gangway cannot read: Routes[0].Priority: expected number, got string',
    ],
    [
      'a gateway list that is a string',
      (a, res) => {
        if (a === 'DescribeVpnGateways') res.VpnGatewaySet = 'none';
      },
      'DescribeVpnGateways: the Tencent Cloud API answered with data Gangway cannot read: VpnGatewaySet is not a list',
    ],
    [
      'a TotalCount that is a string',
      (a, res) => {
        if (a === 'DescribeCustomerGateways') res.TotalCount = '3';
      },
      'DescribeCustomerGateways: the Tencent Cloud API answered with data Gangway cannot read: TotalCount is "3"',
    ],
    [
      'a customer gateway that is null',
      (a, res) => {
        if (a === 'DescribeCustomerGateways') (res.CustomerGatewaySet as unknown[])[0] = null;
      },
      'DescribeCustomerGateways: the Tencent Cloud API answered with data Gangway cannot read: CustomerGatewaySet[0]: expected object, got null',
    ],
  ])('%s', async (_what, tweak, message) => {
    const err = await failureOf(fakeApi(tweak));
    expect(err).toBeInstanceOf(GangwayError);
    expect(err).toMatchObject({ code: 'tencent-invalid', message });
  });

  it('a page of 300,000 connections is refused by count, without a stack overflow', async () => {
    const err = await failureOf(
      fakeApi((a, res) => {
        if (a !== 'DescribeVpnConnections') return;
        res.VpnConnectionSet = Array.from({ length: 300_000 }, () => ({}));
        res.TotalCount = 300_000;
      }),
    );
    expect(err).toBeInstanceOf(GangwayError);
    expect(err).toMatchObject({
      code: 'ipsec-too-large',
      message:
        'DescribeVpnConnections VpnConnectionSet is larger than Gangway can show: more than 500 items',
    });
  });
});
