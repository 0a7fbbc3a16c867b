import type {
  TcCcnRoute,
  TcCustomerGateway,
  TcVpc,
  TcVpnConnection,
  TcVpnGateway,
  TcVpnGatewayRoute,
  TencentInventory,
} from '../../src/core/ipsec/tencent/types';

/**
 * The six IPsec scenarios of the product description as Tencent VPC API inventories, in the
 * API's own field names, so the same data feeds the normalizer in unit tests and the API
 * stand-in in integration tests. Every connection carries a PreShareKey: tests check that
 * it never comes out.
 */

export const VPC_CIDR = '10.0.0.0/16';
export const IDC = {
  1: '172.16.1.0/24',
  2: '172.16.2.0/24',
  3: '172.16.3.0/24',
} as const;
export const CCN_VPCS = ['10.1.0.0/16', '10.2.0.0/16'] as const;
export const FIXTURE_PSK = 'fixture-psk-must-never-leak-7f3a';

export function customerGateway(n: number | string): TcCustomerGateway {
  return {
    CustomerGatewayId: `cgw-idc${n}`,
    CustomerGatewayName: `IDC${n}`,
    IpAddress: `198.51.100.${typeof n === 'number' ? 10 + n : 99}`,
  };
}

export function vpcGateway(id: string, vpcId = 'vpc-main'): TcVpnGateway {
  return {
    VpnGatewayId: id,
    VpnGatewayName: `${id}-name`,
    VpcId: vpcId,
    Type: 'IPSEC',
    State: 'AVAILABLE',
    PublicIpAddress: '203.0.113.10',
    InternetMaxBandwidthOut: 100,
  };
}

export function ccnGateway(id: string, ccnId?: string): TcVpnGateway {
  return {
    VpnGatewayId: id,
    VpnGatewayName: `${id}-name`,
    VpcId: '',
    Type: 'CCN',
    State: 'AVAILABLE',
    PublicIpAddress: '203.0.113.20',
    InternetMaxBandwidthOut: 200,
    ...(ccnId ? { NetworkInstanceId: ccnId } : {}),
  };
}

export interface ConnectionOptions {
  id: string;
  gateway: string;
  peer: number | string;
  /** 'policy' gives RouteType STATIC with the SPD below; 'route' gives StaticRoute with a 0/0 SPD. */
  kind: 'policy' | 'route';
  spd?: Array<[string, string[]]>;
  up?: boolean;
  health?: 'ok' | 'failing';
}

export function connection(o: ConnectionOptions): TcVpnConnection {
  const spd =
    o.kind === 'route' ? [['0.0.0.0/0', ['0.0.0.0/0']] as [string, string[]]] : (o.spd ?? []);
  return {
    VpnConnectionId: o.id,
    VpnConnectionName: `${o.id}-name`,
    VpcId: '',
    VpnGatewayId: o.gateway,
    CustomerGatewayId: customerGateway(o.peer).CustomerGatewayId,
    PreShareKey: FIXTURE_PSK,
    VpnProto: 'IPSEC',
    EncryptProto: 'IKE',
    RouteType: o.kind === 'route' ? 'StaticRoute' : 'STATIC',
    State: 'AVAILABLE',
    NetStatus: o.up === false ? 'UNAVAILABLE' : 'AVAILABLE',
    SecurityPolicyDatabaseSet: spd.map(([l, r]) => ({ LocalCidrBlock: l, RemoteCidrBlock: r })),
    IKEOptionsSpecification: {
      PropoEncryAlgorithm: 'AES-CBC-128',
      PropoAuthenAlgorithm: 'SHA',
      ExchangeMode: 'MAIN',
      LocalIdentity: 'ADDRESS',
      RemoteIdentity: 'ADDRESS',
      LocalAddress: '203.0.113.10',
      RemoteAddress: customerGateway(o.peer).IpAddress,
      DhGroupName: 'GROUP2',
      IKESaLifetimeSeconds: 86400,
      IKEVersion: 'IKEV2',
    },
    IPSECOptionsSpecification: {
      EncryptAlgorithm: 'AES-CBC-128',
      IntegrityAlgorith: 'SHA1',
      IPSECSaLifetimeSeconds: 3600,
      PfsDhGroup: 'NULL',
      IPSECSaLifetimeTraffic: 1843200,
    },
    EnableHealthCheck: o.health !== undefined,
    HealthCheckLocalIp: o.health ? '169.254.128.1' : '',
    HealthCheckRemoteIp: o.health ? '169.254.128.2' : '',
    HealthCheckStatus:
      o.health === 'ok' ? 'AVAILABLE' : o.health === 'failing' ? 'UNAVAILABLE' : '',
    DpdEnable: 1,
    DpdTimeout: '30',
    DpdAction: 'clear',
    NegotiationType: 'active',
  };
}

export function route(
  id: string,
  dest: string,
  target: string,
  priority = 0,
  opts: { ccn?: boolean; enabled?: boolean } = {},
): TcVpnGatewayRoute {
  return {
    RouteId: id,
    DestinationCidrBlock: dest,
    InstanceType: opts.ccn ? 'CCN' : 'VPNCONN',
    InstanceId: target,
    Priority: priority,
    Status: opts.enabled === false ? 'DISABLE' : 'ENABLE',
    Type: 'USER',
  };
}

const mainVpc: TcVpc = { VpcId: 'vpc-main', VpcName: 'main-vpc', CidrBlock: VPC_CIDR };

function inventory(parts: Partial<TencentInventory>): TencentInventory {
  return {
    region: 'ap-guangzhou',
    gateways: [],
    customerGateways: [],
    connections: [],
    routes: {},
    ccnRoutes: {},
    vpcs: [mainVpc],
    ...parts,
  };
}

const three = [1, 2, 3] as const;

/** Scenario 1: one VPC, one IDC, SPD. */
export function scenario1(opts: { up?: boolean } = {}): TencentInventory {
  return inventory({
    gateways: [vpcGateway('vpngw-s1')],
    customerGateways: [customerGateway(1)],
    connections: [
      connection({
        id: 'vpnx-s1',
        gateway: 'vpngw-s1',
        peer: 1,
        kind: 'policy',
        spd: [[VPC_CIDR, [IDC[1]]]],
        up: opts.up,
      }),
    ],
  });
}

/**
 * Scenario 2: one VPC-type gateway, three IDCs that must reach each other. With destination
 * routes (`design: 'route'`) it works; the SPD design tries the same with SPD rules whose local
 * side lists the other IDCs, which SPD cannot do.
 */
export function scenario2(design: 'route' | 'policy' = 'route'): TencentInventory {
  const connections = three.map((n) =>
    design === 'route'
      ? connection({ id: `vpnx-s2-${n}`, gateway: 'vpngw-s2', peer: n, kind: 'route' })
      : connection({
          id: `vpnx-s2-${n}`,
          gateway: 'vpngw-s2',
          peer: n,
          kind: 'policy',
          spd: [VPC_CIDR, ...three.filter((m) => m !== n).map((m) => IDC[m])].map(
            (l) => [l, [IDC[n]]] as [string, string[]],
          ),
        }),
  );
  return inventory({
    gateways: [vpcGateway('vpngw-s2')],
    customerGateways: three.map(customerGateway),
    connections,
    routes:
      design === 'route'
        ? { 'vpngw-s2': three.map((n) => route(`r-s2-${n}`, IDC[n], `vpnx-s2-${n}`)) }
        : {},
  });
}

function ccnScenario(gw: TcVpnGateway): Partial<TencentInventory> {
  const id = gw.VpnGatewayId ?? '';
  return {
    gateways: [gw],
    customerGateways: three.map(customerGateway),
    connections: three.map((n) =>
      connection({ id: `vpnx-${id}-${n}`, gateway: id, peer: n, kind: 'route' }),
    ),
  };
}

/** Scenario 3: CCN-type gateway, not attached to a CCN: IDCs switch through it, no VPC. */
export function scenario3(): TencentInventory {
  const gw = ccnGateway('vpngw-s3');
  return inventory({
    ...ccnScenario(gw),
    routes: { 'vpngw-s3': three.map((n) => route(`r-s3-${n}`, IDC[n], `vpnx-vpngw-s3-${n}`)) },
  });
}

/** Scenario 4: the same gateway attached to a CCN: also reaches the CCN's VPCs. */
export function scenario4(): TencentInventory {
  const gw = ccnGateway('vpngw-s4', 'ccn-main');
  const ccnRoutes: TcCcnRoute[] = three.map((n) => ({
    RouteId: `ccnr-${n}`,
    Status: 'ENABLE',
    DestinationCidrBlock: IDC[n],
  }));
  return inventory({
    ...ccnScenario(gw),
    routes: {
      'vpngw-s4': [
        ...three.map((n) => route(`r-s4-${n}`, IDC[n], `vpnx-vpngw-s4-${n}`)),
        ...CCN_VPCS.map((c, i) => route(`r-s4-ccn-${i}`, c, 'ccn-main', 0, { ccn: true })),
      ],
    },
    ccnRoutes: { 'vpngw-s4': ccnRoutes },
  });
}

/**
 * Scenario 5: one IDC with two devices, two tunnels, two routes to the same destination:
 * priority 0 primary, 100 standby, each tunnel with a health check unless told otherwise.
 */
export function scenario5(
  opts: {
    primaryHealth?: 'ok' | 'failing';
    standbyHealthCheck?: boolean;
    standbyUp?: boolean;
  } = {},
): TencentInventory {
  const peers: TcCustomerGateway[] = [
    { CustomerGatewayId: 'cgw-idc5a', CustomerGatewayName: 'IDC5-a', IpAddress: '198.51.100.51' },
    { CustomerGatewayId: 'cgw-idc5b', CustomerGatewayName: 'IDC5-b', IpAddress: '198.51.100.52' },
  ];
  const conn = (
    id: string,
    peer: string,
    health: 'ok' | 'failing' | undefined,
    up = true,
  ): TcVpnConnection => ({
    ...connection({ id, gateway: 'vpngw-s5', peer: 1, kind: 'route', health, up }),
    CustomerGatewayId: peer,
  });
  return inventory({
    gateways: [vpcGateway('vpngw-s5')],
    customerGateways: peers,
    connections: [
      conn('vpnx-primary', 'cgw-idc5a', opts.primaryHealth ?? 'ok'),
      conn(
        'vpnx-standby',
        'cgw-idc5b',
        opts.standbyHealthCheck === false ? undefined : 'ok',
        opts.standbyUp ?? true,
      ),
    ],
    routes: {
      'vpngw-s5': [
        route('r-primary', '172.16.5.0/24', 'vpnx-primary', 0),
        route('r-standby', '172.16.5.0/24', 'vpnx-standby', 100),
      ],
    },
  });
}

/**
 * Scenario 6: one VPC, three IDCs that must not reach each other. `spd`: one SPD rule per IDC
 * (right); `routes`: destination routes only (wrong: the IDCs reach each other); `mixed`: SPD
 * for IDC1 and IDC2, a destination route for IDC3 (right, since SPD takes precedence).
 */
export function scenario6(design: 'spd' | 'routes' | 'mixed' = 'spd'): TencentInventory {
  const usesRoute = (n: number): boolean => design === 'routes' || (design === 'mixed' && n === 3);
  return inventory({
    gateways: [vpcGateway('vpngw-s6')],
    customerGateways: three.map(customerGateway),
    connections: three.map((n) =>
      usesRoute(n)
        ? connection({ id: `vpnx-s6-${n}`, gateway: 'vpngw-s6', peer: n, kind: 'route' })
        : connection({
            id: `vpnx-s6-${n}`,
            gateway: 'vpngw-s6',
            peer: n,
            kind: 'policy',
            spd: [[VPC_CIDR, [IDC[n]]]],
          }),
    ),
    routes: {
      'vpngw-s6': three.filter(usesRoute).map((n) => route(`r-s6-${n}`, IDC[n], `vpnx-s6-${n}`)),
    },
  });
}

/** Two tunnels with overlapping SPD, and a route that the SPD shadows. */
export function conflicting(): TencentInventory {
  return inventory({
    gateways: [vpcGateway('vpngw-x')],
    customerGateways: [customerGateway(1), customerGateway(2)],
    connections: [
      connection({
        id: 'vpnx-x1',
        gateway: 'vpngw-x',
        peer: 1,
        kind: 'policy',
        spd: [[VPC_CIDR, [IDC[1]]]],
      }),
      connection({
        id: 'vpnx-x2',
        gateway: 'vpngw-x',
        peer: 2,
        kind: 'policy',
        spd: [['10.0.1.0/24', ['172.16.0.0/16']]],
      }),
    ],
    routes: { 'vpngw-x': [route('r-x', IDC[1], 'vpnx-x2')] },
  });
}

/** All scenario inventories merged into one region, for paging tests. */
export function allScenarios(): TencentInventory {
  const parts = [scenario1(), scenario2(), scenario3(), scenario4(), scenario5(), scenario6()];
  const uniqBy = <T>(xs: T[], key: (x: T) => string | undefined): T[] => [
    ...new Map(xs.map((x) => [key(x) ?? '', x])).values(),
  ];
  return inventory({
    gateways: parts.flatMap((p) => p.gateways),
    customerGateways: uniqBy(
      parts.flatMap((p) => p.customerGateways),
      (c) => c.CustomerGatewayId,
    ),
    connections: parts.flatMap((p) => p.connections),
    routes: Object.assign({}, ...parts.map((p) => p.routes)) as TencentInventory['routes'],
    ccnRoutes: Object.assign({}, ...parts.map((p) => p.ccnRoutes)) as TencentInventory['ccnRoutes'],
  });
}
