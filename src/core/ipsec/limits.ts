import { GangwayError } from '../errors';
import type { IpsecModel } from './model';

/**
 * The largest model Gangway accepts from any source (Tencent API, strongSwan, snapshot file).
 * Deriving a view is at worst quadratic in places (reachability is a matrix of networks, SPD
 * overlap compares every pair of rules of a gateway), so these bounds are what keeps
 * `buildView` under 2 s on a slow, busy machine: test/unit/ipsec/limits.test.ts builds the
 * worst models they allow and times it. They are well above the deployments the admin view is
 * drawn for (a few gateways with tens of tunnels each).
 *
 * The text bounds are those of the IPC schema (src/shared/ipsec-validators.ts), so a model
 * accepted here also crosses to the renderer; 100 networks make at most 9,900 reachability
 * entries, below that schema's 100,000.
 */
export const IPSEC_LIMITS = {
  gateways: 20,
  peers: 300,
  tunnels: 500,
  routes: 1000,
  networks: 100,
  spdEntriesPerTunnel: 50,
  cidrsPerSpdEntry: 50,
  /** Local and remote blocks of every SPD entry of every tunnel, together. */
  spdCidrs: 2000,
  cidrsPerNetwork: 500,
  /** Blocks of every network, together. */
  networkCidrs: 2000,
  ccnPublishedPerGateway: 1000,
  peerIdsPerNetwork: 300,
  idLength: 512,
  textLength: 4096,
  /** Findings of one code beyond this are summed up in one last finding of that code. */
  findingsPerCode: 100,
} as const;

/**
 * The first limit the model exceeds, as "what: count, at most N", or undefined. Counts that
 * a schema checks per item (entries of one tunnel) are checked here too, because models from
 * the Tencent API and strongSwan do not pass through the snapshot schema.
 */
export function modelLimitProblem(model: IpsecModel): string | undefined {
  const L = IPSEC_LIMITS;
  const over = (what: string, count: number, max: number): string | undefined =>
    count > max ? `${count} ${what}, at most ${max}` : undefined;
  let spdCidrs = 0;
  for (const t of model.tunnels) {
    if (t.spd.length > L.spdEntriesPerTunnel)
      return over(`SPD entries in tunnel ${t.id}`, t.spd.length, L.spdEntriesPerTunnel);
    for (const e of t.spd) {
      if (e.remote.length > L.cidrsPerSpdEntry)
        return over(
          `remote blocks in an SPD entry of ${t.id}`,
          e.remote.length,
          L.cidrsPerSpdEntry,
        );
      spdCidrs += 1 + e.remote.length;
    }
  }
  let networkCidrs = 0;
  for (const n of model.networks) {
    if (n.cidrs.length > L.cidrsPerNetwork)
      return over(`blocks in network ${n.id}`, n.cidrs.length, L.cidrsPerNetwork);
    if ((n.peerIds?.length ?? 0) > L.peerIdsPerNetwork)
      return over(`peers of network ${n.id}`, n.peerIds?.length ?? 0, L.peerIdsPerNetwork);
    networkCidrs += n.cidrs.length;
  }
  for (const g of model.gateways) {
    if ((g.ccnPublished?.length ?? 0) > L.ccnPublishedPerGateway)
      return over(
        `CCN routes of gateway ${g.id}`,
        g.ccnPublished?.length ?? 0,
        L.ccnPublishedPerGateway,
      );
  }
  return (
    over('gateways', model.gateways.length, L.gateways) ??
    over('customer gateways (peers)', model.peers.length, L.peers) ??
    over('tunnels', model.tunnels.length, L.tunnels) ??
    over('routes', model.routes.length, L.routes) ??
    over('networks', model.networks.length, L.networks) ??
    over('SPD blocks in all tunnels', spdCidrs, L.spdCidrs) ??
    over('blocks in all networks', networkCidrs, L.networkCidrs)
  );
}

export function tooLargeError(label: string, problem: string): GangwayError {
  return new GangwayError(
    'ipsec-too-large',
    `${label} is larger than Gangway can show: ${problem}`,
    'view one region, strongSwan host or snapshot of a part of the deployment at a time',
  );
}

/** Refuses a model beyond IPSEC_LIMITS with a clear error, before any derivation runs. */
export function assertWithinLimits(model: IpsecModel): void {
  const problem = modelLimitProblem(model);
  if (problem) throw tooLargeError(model.source.label, problem);
}
