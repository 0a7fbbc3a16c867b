/**
 * The parts of Tencent Cloud VPC API (2017-03-12) responses we read. Every field is optional:
 * the API omits fields freely and we must not trust their presence.
 */

export interface TcVpnGateway {
  VpnGatewayId?: string;
  VpcId?: string;
  VpnGatewayName?: string;
  Type?: string;
  State?: string;
  PublicIpAddress?: string;
  InternetMaxBandwidthOut?: number;
  /** The CCN a CCN-type gateway is attached to. */
  NetworkInstanceId?: string;
  Zone?: string;
}

export interface TcCustomerGateway {
  CustomerGatewayId?: string;
  CustomerGatewayName?: string;
  IpAddress?: string;
}

export interface TcSpd {
  LocalCidrBlock?: string;
  RemoteCidrBlock?: string[];
}

export interface TcIkeOptions {
  PropoEncryAlgorithm?: string;
  PropoAuthenAlgorithm?: string;
  ExchangeMode?: string;
  LocalIdentity?: string;
  RemoteIdentity?: string;
  LocalAddress?: string;
  RemoteAddress?: string;
  LocalFqdnName?: string;
  RemoteFqdnName?: string;
  DhGroupName?: string;
  IKESaLifetimeSeconds?: number;
  IKEVersion?: string;
}

export interface TcIpsecOptions {
  EncryptAlgorithm?: string;
  /** Spelled this way by the API. */
  IntegrityAlgorith?: string;
  IPSECSaLifetimeSeconds?: number;
  PfsDhGroup?: string;
  IPSECSaLifetimeTraffic?: number;
}

export interface TcVpnConnection {
  VpnConnectionId?: string;
  VpnConnectionName?: string;
  VpcId?: string;
  VpnGatewayId?: string;
  CustomerGatewayId?: string;
  /** A secret: dropped at the boundary, never copied into the model. */
  PreShareKey?: string;
  VpnProto?: string;
  EncryptProto?: string;
  RouteType?: string;
  State?: string;
  NetStatus?: string;
  SecurityPolicyDatabaseSet?: TcSpd[];
  IKEOptionsSpecification?: TcIkeOptions;
  IPSECOptionsSpecification?: TcIpsecOptions;
  EnableHealthCheck?: boolean;
  HealthCheckLocalIp?: string;
  HealthCheckRemoteIp?: string;
  HealthCheckStatus?: string;
  DpdEnable?: number | string;
  DpdTimeout?: string | number;
  DpdAction?: string;
  NegotiationType?: string;
  CreatedTime?: string;
}

export interface TcVpnGatewayRoute {
  DestinationCidrBlock?: string;
  /** VPNCONN (a tunnel) or CCN. */
  InstanceType?: string;
  InstanceId?: string;
  Priority?: number;
  /** ENABLE or DISABLE. */
  Status?: string;
  Type?: string;
  RouteId?: string;
}

export interface TcCcnRoute {
  RouteId?: string;
  Status?: string;
  DestinationCidrBlock?: string;
}

export interface TcVpc {
  VpcId?: string;
  VpcName?: string;
  CidrBlock?: string;
  Ipv6CidrBlock?: string;
}

/** Everything fetched for one region, as the API returned it (minus secrets). */
export interface TencentInventory {
  region: string;
  gateways: TcVpnGateway[];
  customerGateways: TcCustomerGateway[];
  connections: TcVpnConnection[];
  /** Per gateway id. */
  routes: Record<string, TcVpnGatewayRoute[]>;
  /** Per CCN-type gateway id. */
  ccnRoutes: Record<string, TcCcnRoute[]>;
  vpcs: TcVpc[];
}
