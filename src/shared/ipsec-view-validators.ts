/**
 * Runtime validators for the IPsec view (src/core/ipsec/model.ts `IpsecView`) as it crosses the
 * IPC boundary inside `admin.status`. Typed against the model so a model change that is not
 * mirrored here fails typecheck. The view never holds secrets (no PSKs, no API keys).
 */
import type {
  DpdSettings,
  Finding,
  IkeParameters,
  IpsecGateway,
  IpsecNetwork,
  IpsecParameters,
  IpsecTunnel,
  IpsecView,
  PeerSite,
  Reachability,
  RoutedRoute,
} from '../core/ipsec/model';
import * as v from './validate';

const id = v.string({ min: 1, max: 256 });
const text = v.string({ max: 4096 });
const cidr = v.string({ max: 64 });
const count = v.number({ min: 0 });
const opt = <T>(inner: v.Validator<T>) => v.optional(inner);
const list = <T>(item: v.Validator<T>) => v.array(item, { max: 10_000 });

const gateway: v.Validator<IpsecGateway> = v.object({
  id,
  name: text,
  type: v.literal('IPSEC', 'SSL', 'CCN', 'SSL_CCN'),
  publicIp: opt(text),
  vpcId: opt(text),
  ccnId: opt(text),
  state: text,
  bandwidthMbps: opt(count),
  ccnPublished: opt(list(v.object({ destination: cidr, enabled: v.boolean }))),
});

const peer: v.Validator<PeerSite> = v.object({ id, name: text, publicIp: opt(text) });

const ike: v.Validator<IkeParameters> = v.object({
  version: opt(text),
  encryption: opt(text),
  integrity: opt(text),
  dhGroup: opt(text),
  lifetimeSeconds: opt(count),
  exchangeMode: opt(text),
  localId: opt(text),
  remoteId: opt(text),
  localAddress: opt(text),
  remoteAddress: opt(text),
});

const ipsec: v.Validator<IpsecParameters> = v.object({
  encryption: opt(text),
  integrity: opt(text),
  pfsGroup: opt(text),
  lifetimeSeconds: opt(count),
  lifetimeKilobytes: opt(count),
});

const dpd: v.Validator<DpdSettings> = v.object({
  enabled: v.boolean,
  delaySeconds: opt(count),
  timeoutSeconds: opt(count),
  action: opt(text),
});

const tunnel: v.Validator<IpsecTunnel> = v.object({
  id,
  name: text,
  gatewayId: id,
  peerId: opt(id),
  routeType: v.literal('policy', 'route', 'bgp'),
  status: v.literal('up', 'down', 'connecting', 'unknown'),
  health: v.literal('ok', 'failing', 'none'),
  healthCheck: opt(v.object({ localIp: opt(text), remoteIp: opt(text) })),
  spd: list(v.object({ local: cidr, remote: list(cidr) })),
  ike: opt(ike),
  ipsec: opt(ipsec),
  dpd: opt(dpd),
  bytesIn: opt(count),
  bytesOut: opt(count),
  packetsIn: opt(count),
  packetsOut: opt(count),
  sinceChangeSeconds: opt(count),
});

const route: v.Validator<RoutedRoute> = v.object({
  id,
  gatewayId: id,
  destination: cidr,
  nextHopType: v.literal('tunnel', 'ccn'),
  tunnelId: opt(id),
  ccnId: opt(text),
  priority: v.number(),
  enabled: v.boolean,
  type: opt(text),
  role: v.literal('active', 'standby', 'inactive'),
});

const network: v.Validator<IpsecNetwork> = v.object({
  id,
  name: text,
  kind: v.literal('vpc', 'site', 'ccn'),
  cidrs: list(cidr),
  gatewayId: opt(id),
  peerIds: opt(list(id)),
});

const reachability: v.Validator<Reachability> = v.object({
  from: id,
  to: id,
  reachable: v.boolean,
  via: list(id),
  rule: opt(v.literal('spd', 'route', 'ccn')),
  up: v.boolean,
  reason: opt(text),
});

const finding: v.Validator<Finding> = v.object({
  severity: v.literal('error', 'warning', 'info'),
  code: v.literal(
    'site-transit',
    'spd-transit-impossible',
    'standby-without-health-check',
    'destination-down',
    'spd-overlap',
    'spd-route-conflict',
  ),
  message: text,
  subjects: list(text),
});

export const ipsecView: v.Validator<IpsecView> = v.object({
  source: v.object({
    kind: v.literal('tencent', 'vici', 'snapshot'),
    label: text,
    fetchedAt: text,
  }),
  gateways: list(gateway),
  peers: list(peer),
  tunnels: list(tunnel),
  routes: list(route),
  networks: list(network),
  reachability: list(reachability),
  findings: list(finding),
});

export type {
  Finding as IpsecFinding,
  IpsecGateway,
  IpsecNetwork,
  IpsecTunnel,
  IpsecView,
  PeerSite,
  Reachability as IpsecReachability,
  RoutedRoute as IpsecRoutedRoute,
} from '../core/ipsec/model';
