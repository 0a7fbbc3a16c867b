import type { IpsecView } from './model';

/** The human-readable form of a view: plain-text tables, as `gangway ipsec status` prints. */

function table(headers: string[], rows: string[][]): string {
  // A loop, not Math.max(...column): spreading a long column can overflow the stack.
  const widths = headers.map((h, i) =>
    rows.reduce((w, r) => Math.max(w, (r[i] ?? '').length), h.length),
  );
  const line = (cells: string[]): string =>
    cells
      .map((c, i) => c.padEnd(widths[i] ?? 0))
      .join('  ')
      .trimEnd();
  return [line(headers), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)].join('\n');
}

function section(title: string, headers: string[], rows: string[][]): string {
  return `${title}\n${rows.length ? table(headers, rows) : '(none)'}\n`;
}

function bytes(n: number | undefined): string {
  if (n === undefined) return '';
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${u === 0 ? v : v.toFixed(1)} ${units[u]}`;
}

export function formatView(view: IpsecView): string {
  // Built once: a scan of every object per table cell made printing quadratic.
  const names = new Map<string, string>();
  for (const list of [view.networks, view.tunnels, view.peers, view.gateways])
    for (let i = list.length - 1; i >= 0; i--) {
      const x = list[i] as { id: string; name: string };
      names.set(x.id, x.name);
    }
  const name = (id: string | undefined): string => (id ? (names.get(id) ?? id) : '');
  const parts = [
    `Source: ${view.source.label}, read ${view.source.fetchedAt}\n`,
    section(
      'Gateways',
      ['ID', 'NAME', 'TYPE', 'PUBLIC IP', 'VPC/CCN', 'STATE', 'BANDWIDTH'],
      view.gateways.map((g) => [
        g.id,
        g.name,
        g.type,
        g.publicIp ?? '',
        g.vpcId ?? g.ccnId ?? '',
        g.state,
        g.bandwidthMbps !== undefined ? `${g.bandwidthMbps} Mbps` : '',
      ]),
    ),
    section(
      'Tunnels',
      ['ID', 'NAME', 'PEER', 'TYPE', 'STATUS', 'HEALTH', 'SPD', 'IN', 'OUT'],
      view.tunnels.map((t) => [
        t.id,
        t.name,
        name(t.peerId),
        t.routeType,
        t.status,
        t.health,
        t.spd.map((e) => `${e.local} -> ${e.remote.join(',')}`).join('; '),
        bytes(t.bytesIn),
        bytes(t.bytesOut),
      ]),
    ),
    section(
      'Routes',
      ['GATEWAY', 'DESTINATION', 'NEXT HOP', 'PRIORITY', 'ENABLED', 'ROLE'],
      view.routes.map((r) => [
        name(r.gatewayId),
        r.destination,
        r.nextHopType === 'ccn' ? `CCN ${r.ccnId ?? ''}`.trim() : name(r.tunnelId),
        String(r.priority),
        r.enabled ? 'yes' : 'no',
        r.role,
      ]),
    ),
    section(
      'Reachability',
      ['FROM', 'TO', 'REACHABLE', 'RULE', 'VIA', 'NOW'],
      view.reachability.map((r) => [
        name(r.from),
        name(r.to),
        r.reachable ? 'yes' : 'no',
        r.rule ?? '',
        r.via.map(name).join(', ') || (r.reason ?? ''),
        r.reachable ? (r.up ? 'up' : 'down') : '',
      ]),
    ),
    section(
      'Findings',
      ['SEVERITY', 'CODE', 'MESSAGE'],
      view.findings.map((f) => [f.severity, f.code, f.message]),
    ),
  ];
  return parts.join('\n');
}
