import { GangwayError } from '../../errors';
import * as v from '../../../shared/validate';
import { IPSEC_LIMITS as L, tooLargeError } from '../limits';
import type {
  TcCcnRoute,
  TcCustomerGateway,
  TcVpc,
  TcVpnConnection,
  TcVpnGateway,
  TcVpnGatewayRoute,
} from './types';

/**
 * Runtime checks of the Tencent VPC API responses, at the boundary: every field the
 * normalizer reads, with its type. The API omits fields freely and sends null for some, so
 * every field is optional and null counts as absent; a field of the wrong type is a
 * tencent-invalid error with its path. Unknown fields, PreShareKey among them, are dropped.
 */

const text = v.string({ max: L.textLength });

/** Optional, with null taken as absent. */
function opt<T>(inner: v.Validator<T>): v.Validator<T | undefined> & { optional: true } {
  return {
    expected: `${inner.expected} or absent`,
    optional: true,
    check(value, path, ctx) {
      return value === undefined || value === null ? undefined : inner.check(value, path, ctx);
    },
  };
}

const anyNumber = v.number();

/** Fields the API documents as numbers but some versions send as strings. */
const numberOrText: v.Validator<number | string> = {
  expected: 'number or string',
  check(value, path, ctx) {
    return typeof value === 'string'
      ? text.check(value, path, ctx)
      : anyNumber.check(value, path, ctx);
  },
};

const gateway: v.Validator<TcVpnGateway> = v.object({
  VpnGatewayId: opt(text),
  VpcId: opt(text),
  VpnGatewayName: opt(text),
  Type: opt(text),
  State: opt(text),
  PublicIpAddress: opt(text),
  InternetMaxBandwidthOut: opt(anyNumber),
  NetworkInstanceId: opt(text),
  Zone: opt(text),
});

const customerGateway: v.Validator<TcCustomerGateway> = v.object({
  CustomerGatewayId: opt(text),
  CustomerGatewayName: opt(text),
  IpAddress: opt(text),
});

const connection: v.Validator<TcVpnConnection> = v.object({
  VpnConnectionId: opt(text),
  VpnConnectionName: opt(text),
  VpcId: opt(text),
  VpnGatewayId: opt(text),
  CustomerGatewayId: opt(text),
  VpnProto: opt(text),
  EncryptProto: opt(text),
  RouteType: opt(text),
  State: opt(text),
  NetStatus: opt(text),
  SecurityPolicyDatabaseSet: opt(
    v.array(
      v.object({
        LocalCidrBlock: opt(text),
        RemoteCidrBlock: opt(v.array(text, { max: L.cidrsPerSpdEntry })),
      }),
      { max: L.spdEntriesPerTunnel },
    ),
  ),
  IKEOptionsSpecification: opt(
    v.object({
      PropoEncryAlgorithm: opt(text),
      PropoAuthenAlgorithm: opt(text),
      ExchangeMode: opt(text),
      LocalIdentity: opt(text),
      RemoteIdentity: opt(text),
      LocalAddress: opt(text),
      RemoteAddress: opt(text),
      LocalFqdnName: opt(text),
      RemoteFqdnName: opt(text),
      DhGroupName: opt(text),
      IKESaLifetimeSeconds: opt(anyNumber),
      IKEVersion: opt(text),
    }),
  ),
  IPSECOptionsSpecification: opt(
    v.object({
      EncryptAlgorithm: opt(text),
      IntegrityAlgorith: opt(text),
      IPSECSaLifetimeSeconds: opt(anyNumber),
      PfsDhGroup: opt(text),
      IPSECSaLifetimeTraffic: opt(anyNumber),
    }),
  ),
  EnableHealthCheck: opt(v.boolean),
  HealthCheckLocalIp: opt(text),
  HealthCheckRemoteIp: opt(text),
  HealthCheckStatus: opt(text),
  DpdEnable: opt(numberOrText),
  DpdTimeout: opt(numberOrText),
  DpdAction: opt(text),
  NegotiationType: opt(text),
  CreatedTime: opt(text),
});

const gatewayRoute: v.Validator<TcVpnGatewayRoute> = v.object({
  DestinationCidrBlock: opt(text),
  InstanceType: opt(text),
  InstanceId: opt(text),
  Priority: opt(anyNumber),
  Status: opt(text),
  Type: opt(text),
  RouteId: opt(text),
});

const ccnRoute: v.Validator<TcCcnRoute> = v.object({
  RouteId: opt(text),
  Status: opt(text),
  DestinationCidrBlock: opt(text),
});

const vpc: v.Validator<TcVpc> = v.object({
  VpcId: opt(text),
  VpcName: opt(text),
  CidrBlock: opt(text),
  Ipv6CidrBlock: opt(text),
});

/** What each Describe* list holds, and the most items Gangway reads of it. */
export const TENCENT_LISTS = {
  VpnGatewaySet: { item: gateway, max: L.gateways * 5 },
  CustomerGatewaySet: { item: customerGateway, max: L.peers },
  VpnConnectionSet: { item: connection, max: L.tunnels },
  Routes: { item: gatewayRoute, max: L.routes },
  RouteSet: { item: ccnRoute, max: L.ccnPublishedPerGateway },
  VpcSet: { item: vpc, max: L.gateways * 5 },
} as const;

export type TencentListKey = keyof typeof TENCENT_LISTS;
export type TencentItem<K extends TencentListKey> = v.Infer<(typeof TENCENT_LISTS)[K]['item']>;

export function invalidResponse(action: string, why: string): GangwayError {
  return new GangwayError(
    'tencent-invalid',
    `${action}: the Tencent Cloud API answered with data Gangway cannot read: ${why}`,
    'check --endpoint; report it if it is the real API',
  );
}

/** One page of a Describe* response: its items, checked, and its TotalCount. */
export function parsePage<K extends TencentListKey>(
  action: string,
  listKey: K,
  response: unknown,
  offset: number,
): { items: Array<TencentItem<K>>; total: number | undefined } {
  if (typeof response !== 'object' || response === null || Array.isArray(response))
    throw invalidResponse(action, 'the response is not an object');
  const res = response as Record<string, unknown>;
  const list = res[listKey];
  const total = res.TotalCount;
  if (total !== undefined && total !== null && (typeof total !== 'number' || !(total >= 0)))
    throw invalidResponse(action, `TotalCount is ${JSON.stringify(total) ?? typeof total}`);
  if (list === undefined || list === null)
    return { items: [], total: typeof total === 'number' ? total : undefined };
  if (!Array.isArray(list)) throw invalidResponse(action, `${listKey} is not a list`);
  const spec = TENCENT_LISTS[listKey];
  // Counted before any item is checked: the items of a huge page are not worth reading.
  if (offset + list.length > spec.max)
    throw tooLargeError(`${action} ${listKey}`, `more than ${spec.max} items`);
  const items: Array<TencentItem<K>> = [];
  for (let i = 0; i < list.length; i++) {
    try {
      items.push(
        spec.item.check(list[i], `${listKey}[${offset + i}]`, {
          allowExtra: true,
        }) as TencentItem<K>,
      );
    } catch (err) {
      if (err instanceof v.ValidationError) throw invalidResponse(action, err.message);
      throw err;
    }
  }
  return { items, total: typeof total === 'number' ? total : undefined };
}
