import { GangwayError } from '../../errors';
import type { IpsecModel } from '../model';
import { createTencentApi, describeAll, type TencentApi, type TencentApiOptions } from './client';
import { gatewayType, isCcnGateway, isIpsecGateway, normalizeTencent } from './normalize';
import type { TcCcnRoute, TcVpnConnection, TcVpnGatewayRoute, TencentInventory } from './types';

/** Removes the pre-shared key before anything else sees a connection. */
function withoutSecrets(c: TcVpnConnection): TcVpnConnection {
  const { PreShareKey: _secret, ...rest } = c;
  return rest;
}

/** Reads everything the model needs from one region. */
export async function fetchTencentInventory(
  api: TencentApi,
  region: string,
  pageSize?: number,
): Promise<TencentInventory> {
  const opts = { pageSize };
  const gateways = await describeAll(api, 'DescribeVpnGateways', 'VpnGatewaySet', {}, opts);
  const customerGateways = await describeAll(
    api,
    'DescribeCustomerGateways',
    'CustomerGatewaySet',
    {},
    opts,
  );
  const connections = (
    await describeAll(api, 'DescribeVpnConnections', 'VpnConnectionSet', {}, opts)
  ).map(withoutSecrets);
  // Keyed by gateway ids from the API: Maps while filling, own data properties in the result.
  const routes = new Map<string, TcVpnGatewayRoute[]>();
  const ccnRoutes = new Map<string, TcCcnRoute[]>();
  for (const g of gateways) {
    const id = g.VpnGatewayId;
    const type = gatewayType(g.Type);
    // Routes only for the gateways the model keeps (see normalizeTencent).
    if (!id || !isIpsecGateway({ type })) continue;
    const gatewayRoutes = await describeAll(
      api,
      'DescribeVpnGatewayRoutes',
      'Routes',
      { VpnGatewayId: id },
      opts,
    );
    routes.set(id, gatewayRoutes);
    if (isCcnGateway({ type }) && g.NetworkInstanceId) {
      const published = await describeAll(
        api,
        'DescribeVpnGatewayCcnRoutes',
        'RouteSet',
        { VpnGatewayId: id },
        opts,
      );
      ccnRoutes.set(id, published);
    }
  }
  // Only VPC-type gateways serve a VPC; a CCN-type gateway may still report a VpcId.
  const vpcIds = [
    ...new Set(
      gateways
        .filter((g) => !isCcnGateway({ type: gatewayType(g.Type) }))
        .map((g) => g.VpcId)
        .filter((v): v is string => !!v),
    ),
  ];
  const vpcs = vpcIds.length
    ? await describeAll(
        api,
        'DescribeVpcs',
        'VpcSet',
        { VpcIds: vpcIds },
        { ...opts, stringPaging: true },
      )
    : [];
  return {
    region,
    gateways,
    customerGateways,
    connections,
    routes: Object.fromEntries(routes),
    ccnRoutes: Object.fromEntries(ccnRoutes),
    vpcs,
  };
}

export interface LoadTencentOptions extends TencentApiOptions {
  pageSize?: number;
}

/**
 * Loads the IPsec model of one region. Credentials are parameters (the UI passes them from
 * its keystore, the CLI from TENCENTCLOUD_SECRET_ID/KEY); they are used for signing only.
 */
export async function loadFromTencent(opts: LoadTencentOptions): Promise<IpsecModel> {
  const api = createTencentApi(opts);
  const inv = await fetchTencentInventory(api, opts.region, opts.pageSize);
  const model = normalizeTencent(inv);
  model.source.label = `Tencent Cloud ${opts.region} (${api.endpointUrl})`;
  return model;
}

/** Credentials from the environment, as the CLI takes them. */
export function credentialsFromEnv(env: NodeJS.ProcessEnv = process.env): {
  secretId: string;
  secretKey: string;
} {
  const secretId = env.TENCENTCLOUD_SECRET_ID ?? '';
  const secretKey = env.TENCENTCLOUD_SECRET_KEY ?? '';
  if (!secretId || !secretKey) {
    throw new GangwayError(
      'tencent-auth',
      'no Tencent Cloud credentials',
      'set TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY',
    );
  }
  return { secretId, secretKey };
}
