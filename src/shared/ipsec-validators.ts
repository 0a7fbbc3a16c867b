/**
 * Validators for the IPsec view the admin screens draw (the IPsec engineer's model in
 * src/core/ipsec/model.ts plus its derived routes, reachability and findings). Declared here so
 * the renderer needs no core import; src/main/services/ipsec-backend.ts assigns a real
 * IpsecView to this type, so the two cannot drift apart unnoticed.
 */
import * as v from './validate';

const text = v.string({ max: 4096 });
const id = v.string({ max: 512 });
const ids = v.array(id, { max: 10_000 });
const count = v.number({ min: 0 });
const opt = v.optional;

const gateway = v.object({
  id,
  name: text,
  type: v.literal('IPSEC', 'SSL', 'CCN', 'SSL_CCN'),
  publicIp: opt(text),
  vpcId: opt(id),
  ccnId: opt(id),
  state: text,
  bandwidthMbps: opt(count),
  ccnPublished: opt(v.array(v.object({ destination: text, enabled: v.boolean }), { max: 10_000 })),
});

const peer = v.object({ id, name: text, publicIp: opt(text) });

const tunnel = v.object({
  id,
  name: text,
  gatewayId: id,
  peerId: opt(id),
  routeType: v.literal('policy', 'route', 'bgp'),
  status: v.literal('up', 'down', 'connecting', 'unknown'),
  health: v.literal('ok', 'failing', 'none'),
  healthCheck: opt(v.object({ localIp: opt(text), remoteIp: opt(text) })),
  spd: v.array(v.object({ local: text, remote: v.array(text, { max: 10_000 }) }), { max: 10_000 }),
  ike: opt(
    v.object({
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
    }),
  ),
  ipsec: opt(
    v.object({
      encryption: opt(text),
      integrity: opt(text),
      pfsGroup: opt(text),
      lifetimeSeconds: opt(count),
      lifetimeKilobytes: opt(count),
    }),
  ),
  dpd: opt(
    v.object({
      enabled: v.boolean,
      delaySeconds: opt(count),
      timeoutSeconds: opt(count),
      action: opt(text),
    }),
  ),
  bytesIn: opt(count),
  bytesOut: opt(count),
  packetsIn: opt(count),
  packetsOut: opt(count),
  sinceChangeSeconds: opt(count),
});

const routeFields = {
  id,
  gatewayId: id,
  destination: text,
  nextHopType: v.literal('tunnel', 'ccn'),
  tunnelId: opt(id),
  ccnId: opt(id),
  priority: v.number(),
  enabled: v.boolean,
  type: opt(text),
};

const network = v.object({
  id,
  name: text,
  kind: v.literal('vpc', 'site', 'ccn'),
  cidrs: v.array(text, { max: 10_000 }),
  gatewayId: opt(id),
  peerIds: opt(ids),
});

const modelFields = {
  source: v.object({
    kind: v.literal('tencent', 'vici', 'snapshot'),
    label: text,
    fetchedAt: text,
  }),
  gateways: v.array(gateway, { max: 10_000 }),
  peers: v.array(peer, { max: 10_000 }),
  tunnels: v.array(tunnel, { max: 10_000 }),
  networks: v.array(network, { max: 10_000 }),
};

/** The normalized model, as a snapshot file holds it. */
export const ipsecModel = v.object({
  ...modelFields,
  routes: v.array(v.object(routeFields), { max: 100_000 }),
});
export type IpsecModelData = v.Infer<typeof ipsecModel>;

export const findingView = v.object({
  severity: v.literal('error', 'warning', 'info'),
  code: v.string({ max: 64 }),
  message: text,
  subjects: ids,
});

/** The model with its derivations: what the admin screens draw. */
export const ipsecView = v.object({
  ...modelFields,
  routes: v.array(v.object({ ...routeFields, role: v.literal('active', 'standby', 'inactive') }), {
    max: 100_000,
  }),
  reachability: v.array(
    v.object({
      from: id,
      to: id,
      reachable: v.boolean,
      via: ids,
      rule: opt(v.literal('spd', 'route', 'ccn')),
      up: v.boolean,
      reason: opt(text),
    }),
    { max: 100_000 },
  ),
  findings: v.array(findingView, { max: 10_000 }),
});
export type IpsecViewData = v.Infer<typeof ipsecView>;
