import { GangwayError } from '../../core/errors';
import type { IpsecModel, IpsecView } from '../../core/ipsec/model';
import { loadFromTencent } from '../../core/ipsec/tencent/source';
import { buildView } from '../../core/ipsec/view';
import { initiateTunnel, loadFromVici, terminateTunnel } from '../../core/ipsec/vici/source';
// The same reader as `gangway ipsec status --snapshot`: it takes the wrapped export format.
import { loadSnapshot } from '../../core/ipsec/snapshot';
import type { AdminSourceView, AdminStatus } from '../../shared/ipc-schema';
import type { IpsecViewData } from '../../shared/ipsec-validators';
import type { IpsecBackend, SourceSecret } from './admin-service';

/** A VICI source is stored as a socket path or a `unix://` URI. */
export function viciUri(detail: string): string {
  return detail.startsWith('unix://') ? detail : `unix://${detail}`;
}

/** The flat rows of the tunnel table, with the names the table shows instead of ids. */
function summarize(source: AdminSourceView, view: IpsecView, canControl: boolean): AdminStatus {
  const gatewayName = new Map(view.gateways.map((g) => [g.id, g.name || g.id]));
  const peerName = new Map(view.peers.map((p) => [p.id, p.name || p.id]));
  const peerIp = new Map(view.peers.map((p) => [p.id, p.publicIp]));
  const gatewayIp = new Map(view.gateways.map((g) => [g.id, g.publicIp]));
  const data: IpsecViewData = view;
  return {
    sourceId: source.sourceId,
    fetchedAt: view.source.fetchedAt,
    tunnels: view.tunnels.map((t) => {
      const role = view.routes.find((r) => r.tunnelId === t.id && r.role !== 'inactive')?.role;
      const details: Record<string, string> = {
        gateway: gatewayName.get(t.gatewayId) ?? t.gatewayId,
        site: t.peerId ? (peerName.get(t.peerId) ?? t.peerId) : '',
        health: t.health,
        routeType: t.routeType,
        localNets: [...new Set(t.spd.map((e) => e.local))].join(', '),
        remoteNets: [...new Set(t.spd.flatMap((e) => e.remote))].join(', '),
        ...(role ? { role } : {}),
      };
      const local = gatewayIp.get(t.gatewayId) ?? t.ike?.localAddress;
      const remote = (t.peerId && peerIp.get(t.peerId)) || t.ike?.remoteAddress;
      return {
        tunnelId: t.id,
        name: t.name || t.id,
        state: t.status,
        ...(local ? { localGateway: local } : {}),
        ...(remote ? { remoteGateway: remote } : {}),
        details,
      };
    }),
    findings: view.findings.map((f) => ({
      severity: f.severity,
      message: f.message,
      code: f.code,
      subjects: f.subjects,
    })),
    canControl,
    view: data,
  };
}

/** The IPsec engineer's sources behind the admin service. */
export const coreIpsecBackend: IpsecBackend = {
  async status(source: AdminSourceView, secret: SourceSecret | undefined): Promise<AdminStatus> {
    let model: IpsecModel;
    switch (source.kind) {
      case 'tencent':
        if (!secret) {
          throw new GangwayError(
            'tencent-auth',
            'the API key of this source is not in the keystore',
            'remove the source and add it again with its SecretId and SecretKey',
          );
        }
        model = await loadFromTencent({
          region: source.detail,
          credentials: { secretId: secret.secretId, secretKey: secret.secretKey },
          ...(secret.endpoint ? { endpoint: secret.endpoint } : {}),
        });
        break;
      case 'vici':
        model = await loadFromVici(viciUri(source.detail));
        break;
      case 'snapshot':
        model = await loadSnapshot(source.detail);
        break;
    }
    return summarize(source, buildView(model), source.kind === 'vici');
  },
  async initiate(source, tunnelId) {
    if (source.kind !== 'vici') notControllable();
    await initiateTunnel(viciUri(source.detail), tunnelId);
  },
  async terminate(source, tunnelId) {
    if (source.kind !== 'vici') notControllable();
    await terminateTunnel(viciUri(source.detail), tunnelId);
  },
};

function notControllable(): never {
  throw new GangwayError(
    'not-available',
    'tunnels of this source cannot be started or stopped from Gangway',
    'use the cloud console for Tencent gateways; snapshots are read-only',
  );
}
