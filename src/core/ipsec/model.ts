/**
 * The normalized IPsec model every source (Tencent VPC API, strongSwan VICI, snapshot files)
 * is turned into. It holds configuration and observed state only: no secret (pre-shared keys,
 * API credentials) ever enters it, so it can be shown, exported and logged as it is.
 */

export type GatewayType = 'IPSEC' | 'SSL' | 'CCN' | 'SSL_CCN';

export interface IpsecGateway {
  id: string;
  name: string;
  type: GatewayType;
  publicIp?: string;
  /** The VPC a VPC-type gateway serves. */
  vpcId?: string;
  /** The CCN a CCN-type gateway is attached to; absent when it is not attached. */
  ccnId?: string;
  /** As the source reports it, e.g. AVAILABLE, PENDING, running. */
  state: string;
  bandwidthMbps?: number;
  /**
   * Site CIDRs a CCN-type gateway publishes to its CCN, with whether each is enabled.
   * Undefined when the source does not say (then every site route is taken as published).
   */
  ccnPublished?: Array<{ destination: string; enabled: boolean }>;
}

/** A customer gateway: the IDC-side IPsec device. */
export interface PeerSite {
  id: string;
  name: string;
  publicIp?: string;
}

export type TunnelStatus = 'up' | 'down' | 'connecting' | 'unknown';
export type TunnelHealth = 'ok' | 'failing' | 'none';
export type RouteType = 'policy' | 'route' | 'bgp';

/** One SPD rule: traffic from `local` to any of `remote` goes through the tunnel. */
export interface SpdEntry {
  local: string;
  remote: string[];
}

export interface IkeParameters {
  version?: string;
  encryption?: string;
  integrity?: string;
  dhGroup?: string;
  lifetimeSeconds?: number;
  exchangeMode?: string;
  localId?: string;
  remoteId?: string;
  localAddress?: string;
  remoteAddress?: string;
}

export interface IpsecParameters {
  encryption?: string;
  integrity?: string;
  pfsGroup?: string;
  lifetimeSeconds?: number;
  lifetimeKilobytes?: number;
}

export interface DpdSettings {
  enabled: boolean;
  delaySeconds?: number;
  timeoutSeconds?: number;
  action?: string;
}

export interface IpsecTunnel {
  id: string;
  name: string;
  gatewayId: string;
  peerId?: string;
  routeType: RouteType;
  status: TunnelStatus;
  health: TunnelHealth;
  healthCheck?: { localIp?: string; remoteIp?: string };
  /** Empty for route-based tunnels (their SPD is ignored by the gateway). */
  spd: SpdEntry[];
  ike?: IkeParameters;
  ipsec?: IpsecParameters;
  dpd?: DpdSettings;
  bytesIn?: number;
  bytesOut?: number;
  packetsIn?: number;
  packetsOut?: number;
  /** Seconds since the status last changed (e.g. since the child SA was installed). */
  sinceChangeSeconds?: number;
}

export type NextHopType = 'tunnel' | 'ccn';

export interface IpsecRoute {
  id: string;
  gatewayId: string;
  destination: string;
  nextHopType: NextHopType;
  /** Set when nextHopType is 'tunnel'. */
  tunnelId?: string;
  /** Set when nextHopType is 'ccn' and the source names the CCN. */
  ccnId?: string;
  /** Lower wins: 0 is the primary, 100 the standby in Tencent's active/standby setup. */
  priority: number;
  enabled: boolean;
  /** As the source reports it (e.g. USER, BGP, STATIC). */
  type?: string;
}

export type NetworkKind = 'vpc' | 'site' | 'ccn';

export interface IpsecNetwork {
  id: string;
  name: string;
  kind: NetworkKind;
  cidrs: string[];
  /** For vpc and ccn networks: the gateway that serves them. */
  gatewayId?: string;
  /** For site networks: the peers (customer gateways) in front of them; two for an IDC with two devices. */
  peerIds?: string[];
}

export type SourceKind = 'tencent' | 'vici' | 'snapshot';

export interface IpsecModel {
  source: { kind: SourceKind; label: string; fetchedAt: string };
  gateways: IpsecGateway[];
  peers: PeerSite[];
  tunnels: IpsecTunnel[];
  routes: IpsecRoute[];
  networks: IpsecNetwork[];
}

export type RouteRole = 'active' | 'standby' | 'inactive';

export type ReachRule = 'spd' | 'route' | 'ccn';

export interface Reachability {
  from: string;
  to: string;
  reachable: boolean;
  /** The tunnels the traffic crosses, in order (ingress first for site-to-site). */
  via: string[];
  /** The rule that decides the last hop out of the gateway (or into the CCN). */
  rule?: ReachRule;
  /** Whether every hop currently has a healthy tunnel. False when unreachable. */
  up: boolean;
  /** Why not, when not reachable. */
  reason?: string;
}

export type Severity = 'error' | 'warning' | 'info';

export type FindingCode =
  | 'site-transit'
  | 'spd-transit-impossible'
  | 'standby-without-health-check'
  | 'destination-down'
  | 'spd-overlap'
  | 'spd-route-conflict';

export interface Finding {
  severity: Severity;
  code: FindingCode;
  message: string;
  /** Ids of the gateways, tunnels, routes or networks concerned. */
  subjects: string[];
}

/** A route with its derived role. */
export interface RoutedRoute extends IpsecRoute {
  role: RouteRole;
}

/** The model with everything derived from it: what the CLI prints and the UI shows. */
export interface IpsecView extends Omit<IpsecModel, 'routes'> {
  routes: RoutedRoute[];
  reachability: Reachability[];
  findings: Finding[];
}
