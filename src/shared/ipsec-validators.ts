/**
 * Validators for the IPsec view the admin screens draw (the IPsec engineer's model in
 * src/core/ipsec/model.ts plus its derived routes, reachability and findings). Declared here so
 * the renderer needs no core import; src/main/services/ipsec-backend.ts assigns a real
 * IpsecView to this type, so the two cannot drift apart unnoticed.
 */
import * as v from './validate';

/**
 * The bounds ipsecModelValidator() puts on a model: string lengths and the length of each list.
 * src/core/ipsec/limits.ts (IPSEC_LIMITS) holds the strict ones.
 */
export interface IpsecModelLimits {
  readonly idLength: number;
  readonly textLength: number;
  readonly gateways: number;
  readonly peers: number;
  readonly tunnels: number;
  readonly routes: number;
  readonly networks: number;
  readonly spdEntriesPerTunnel: number;
  readonly cidrsPerSpdEntry: number;
  readonly cidrsPerNetwork: number;
  readonly ccnPublishedPerGateway: number;
  readonly peerIdsPerNetwork: number;
}

/**
 * The validators of an IpsecModel, field for field, written once: this module builds the loose
 * IPC ones from them, src/core/ipsec/model-schema.ts the strict snapshot schema (CIDR-checked
 * blocks, IPSEC_LIMITS). `cidr` checks every address block. The model's lists are returned one
 * by one (and routes as a bare shape, which the view extends) so each caller keeps its own
 * field order, hence the order in which errors are found.
 */
export function ipsecModelValidator(o: { cidr: v.Validator<string>; limits: IpsecModelLimits }) {
  const { cidr, limits: L } = o;
  const id = v.string({ max: L.idLength });
  const text = v.string({ max: L.textLength });
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
    ccnPublished: opt(
      v.array(v.object({ destination: cidr, enabled: v.boolean }), {
        max: L.ccnPublishedPerGateway,
      }),
    ),
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
    spd: v.array(v.object({ local: cidr, remote: v.array(cidr, { max: L.cidrsPerSpdEntry }) }), {
      max: L.spdEntriesPerTunnel,
    }),
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
    destination: cidr,
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
    cidrs: v.array(cidr, { max: L.cidrsPerNetwork }),
    gatewayId: opt(id),
    peerIds: opt(v.array(id, { max: L.peerIdsPerNetwork })),
  });

  return {
    id,
    text,
    routeFields,
    source: v.object({
      kind: v.literal('tencent', 'vici', 'snapshot'),
      label: text,
      fetchedAt: text,
    }),
    gateways: v.array(gateway, { max: L.gateways }),
    peers: v.array(peer, { max: L.peers }),
    tunnels: v.array(tunnel, { max: L.tunnels }),
    routes: v.array(v.object(routeFields), { max: L.routes }),
    networks: v.array(network, { max: L.networks }),
  };
}

/** The IPC bounds: generous, as the strict ones apply where models enter (core). */
const LOOSE = ipsecModelValidator({
  cidr: v.string({ max: 4096 }),
  limits: {
    idLength: 512,
    textLength: 4096,
    gateways: 10_000,
    peers: 10_000,
    tunnels: 10_000,
    routes: 100_000,
    networks: 10_000,
    spdEntriesPerTunnel: 10_000,
    cidrsPerSpdEntry: 10_000,
    cidrsPerNetwork: 10_000,
    ccnPublishedPerGateway: 10_000,
    peerIdsPerNetwork: 10_000,
  },
});

const { text, id, routeFields } = LOOSE;
const ids = v.array(id, { max: 10_000 });
const opt = v.optional;

const modelFields = {
  source: LOOSE.source,
  gateways: LOOSE.gateways,
  peers: LOOSE.peers,
  tunnels: LOOSE.tunnels,
  networks: LOOSE.networks,
};

/** The normalized model, as a snapshot file holds it. */
export const ipsecModel = v.object({ ...modelFields, routes: LOOSE.routes });
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
