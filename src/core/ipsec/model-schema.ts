import * as v from '../../shared/validate';
import { isCidr } from './cidr';
import { IPSEC_LIMITS as L } from './limits';
import type { IpsecModel } from './model';

/**
 * The runtime schema of an IpsecModel, for models read from outside (snapshot files): every
 * field the view and the admin screens read, with its type, its allowed values, CIDR blocks
 * parsed, and each list bounded by IPSEC_LIMITS. Errors name the path of the bad field
 * ("model.tunnels[3].spd[0].local"). Unknown keys are dropped, which also drops derived data
 * (roles, reachability, findings) and anything secret that someone planted.
 */

const id = v.string({ max: L.idLength });
const text = v.string({ max: L.textLength });
const count = v.number({ min: 0 });
const opt = v.optional;

/** Longest CIDR text: an IPv6 address with an embedded IPv4 tail and a prefix is 49 characters. */
const MAX_CIDR_TEXT = 64;

const cidr: v.Validator<string> = {
  expected: 'CIDR block',
  check(value, path) {
    if (typeof value !== 'string')
      throw new v.ValidationError(
        path,
        `expected a CIDR block such as 10.0.0.0/16, got ${kind(value)}`,
      );
    if (value.length > MAX_CIDR_TEXT || !isCidr(value))
      throw new v.ValidationError(path, `not a CIDR block: ${quote(value)}`);
    return value;
  },
};

function kind(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'array' : typeof value;
}

/** A bad value in an error message: quoted, and cut short when long. */
function quote(value: string): string {
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}

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

const route = v.object({
  id,
  gatewayId: id,
  destination: cidr,
  nextHopType: v.literal('tunnel', 'ccn'),
  tunnelId: opt(id),
  ccnId: opt(id),
  priority: v.number(),
  enabled: v.boolean,
  type: opt(text),
});

const network = v.object({
  id,
  name: text,
  kind: v.literal('vpc', 'site', 'ccn'),
  cidrs: v.array(cidr, { max: L.cidrsPerNetwork }),
  gatewayId: opt(id),
  peerIds: opt(v.array(id, { max: L.peerIdsPerNetwork })),
});

export const ipsecModelSchema = v.object({
  source: v.object({
    kind: v.literal('tencent', 'vici', 'snapshot'),
    label: text,
    fetchedAt: text,
  }),
  gateways: v.array(gateway, { max: L.gateways }),
  peers: v.array(peer, { max: L.peers }),
  tunnels: v.array(tunnel, { max: L.tunnels }),
  routes: v.array(route, { max: L.routes }),
  networks: v.array(network, { max: L.networks }),
});

// The schema must produce exactly what the view reads: a field added to the model without
// being added here fails to compile.
type SchemaModel = v.Infer<typeof ipsecModelSchema>;
const _sameShape: (m: SchemaModel) => IpsecModel = (m) => m;
const _sameShapeBack: (m: IpsecModel) => SchemaModel = (m) => m;

/**
 * Checks an untrusted value against the model schema. Throws v.ValidationError naming the path
 * (under `label`) of the first bad field.
 */
export function validateModel(value: unknown, label: string): IpsecModel {
  return v.parse(ipsecModelSchema, value, label, { allowExtra: true });
}
