import { useI18n } from '../i18n/i18n';

export type LinkState = 'up' | 'down' | 'degraded';

export interface TopologyLink {
  id: string;
  siteId: string;
  label: string;
  state: LinkState;
  standby: boolean;
}

export interface TopologyInput {
  gatewayName: string;
  gatewayDetail?: string;
  sites: Array<{ id: string; name: string; detail?: string }>;
  links: TopologyLink[];
}

const CENTER = { x: 360, y: 210 };
const RADIUS = { x: 290, y: 170 };

/** Where site `i` of `n` sits on an ellipse around the gateway (first one at the top). */
function sitePosition(i: number, n: number): { x: number; y: number } {
  const angle = -Math.PI / 2 + (2 * Math.PI * i) / Math.max(n, 1);
  return { x: CENTER.x + RADIUS.x * Math.cos(angle), y: CENTER.y + RADIUS.y * Math.sin(angle) };
}

/**
 * Parallel tunnels to one site (active + standby) are drawn as separate gentle curves so both
 * stay visible: offsets fan out symmetrically around the straight line.
 */
function curve(from: { x: number; y: number }, to: { x: number; y: number }, offset: number) {
  const mx = (from.x + to.x) / 2;
  const my = (from.y + to.y) / 2;
  const dx = to.x - from.x;
  const dy = to.y - from.y;
  const len = Math.hypot(dx, dy) || 1;
  const cx = mx + (-dy / len) * offset;
  const cy = my + (dx / len) * offset;
  // The label sits 60% of the way out, clear of the gateway box in the middle.
  const t = 0.6;
  const at = (a: number, c: number, b: number) =>
    (1 - t) ** 2 * a + 2 * (1 - t) * t * c + t ** 2 * b;
  return {
    d: `M${from.x},${from.y} Q${cx},${cy} ${to.x},${to.y}`,
    mid: { x: at(from.x, cx, to.x), y: at(from.y, cy, to.y) },
    normal: { x: -dy / len, y: dx / len },
  };
}

/**
 * A label beside its curve's apex, pushed outward on the side the curve bends to, so the labels
 * of parallel tunnels never sit on top of each other.
 */
function labelPlacement(
  mid: { x: number; y: number },
  normal: { x: number; y: number },
  offset: number,
): { x: number; y: number; anchor: 'start' | 'middle' | 'end' } {
  if (offset === 0) return { x: mid.x, y: mid.y - 6, anchor: 'middle' };
  const side = Math.sign(offset);
  if (Math.abs(normal.x) > 0.5) {
    const right = normal.x * side > 0;
    return { x: mid.x + (right ? 6 : -6), y: mid.y + 4, anchor: right ? 'start' : 'end' };
  }
  return { x: mid.x, y: mid.y + (normal.y * side > 0 ? 16 : -8), anchor: 'middle' };
}

/** The smallest view box holding every node, so few sites do not leave a blank half. */
function viewBox(points: Array<{ x: number; y: number }>): string {
  const all = [CENTER, ...points];
  // Never narrower than 720 x 240 units, so one or two sites are not blown up to poster size;
  // padding is shared equally so the drawing stays centred.
  const pad = (lo: number, hi: number, least: number) => {
    const extra = Math.max(0, least - (hi - lo)) / 2;
    return [lo - extra, hi + extra] as const;
  };
  // Folds, not Math.min(...points): spreading thousands of sites can overflow the stack.
  const lowest = (f: (p: { x: number; y: number }) => number) =>
    all.reduce((m, p) => Math.min(m, f(p)), Number.POSITIVE_INFINITY);
  const highest = (f: (p: { x: number; y: number }) => number) =>
    all.reduce((m, p) => Math.max(m, f(p)), Number.NEGATIVE_INFINITY);
  const [minX, maxX] = pad(
    lowest((p) => p.x - 100),
    highest((p) => p.x + 100),
    720,
  );
  const [minY, maxY] = pad(
    lowest((p) => p.y - 40),
    highest((p) => p.y + 40),
    240,
  );
  return `${minX} ${minY} ${maxX - minX} ${maxY - minY}`;
}

function truncate(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

/** Gateway in the middle, sites around it, one line per tunnel coloured by state. */
export function TopologyDiagram(props: { input: TopologyInput }) {
  const { t } = useI18n();
  const { input } = props;
  const positions = new Map(input.sites.map((s, i) => [s.id, sitePosition(i, input.sites.length)]));
  const bySite = new Map<string, TopologyLink[]>();
  for (const link of input.links)
    bySite.set(link.siteId, [...(bySite.get(link.siteId) ?? []), link]);
  const description = t('admin.topologyDesc', {
    name: input.gatewayName,
    sites: input.sites.length,
    tunnels: input.links.length,
  });

  return (
    <figure className="topology" data-testid="topology">
      <svg viewBox={viewBox([...positions.values()])} role="img" aria-label={description}>
        {[...bySite.entries()].flatMap(([siteId, links]) => {
          const to = positions.get(siteId);
          if (!to) return [];
          return links.map((link, i) => {
            const offset = (i - (links.length - 1) / 2) * 60;
            const { d, mid, normal } = curve(CENTER, to, offset);
            const label = labelPlacement(mid, normal, offset);
            return (
              <g
                key={link.id}
                className={`topo-link ${link.state}${link.standby ? ' standby' : ''}`}
              >
                <title>{`${link.label}: ${t(`admin.legend.${link.state}`)}`}</title>
                <path d={d} />
                <text x={label.x} y={label.y} textAnchor={label.anchor} className="topo-link-label">
                  {truncate(link.label, 22)}
                </text>
              </g>
            );
          });
        })}
        {input.sites.map((site) => {
          const p = positions.get(site.id);
          if (!p) return null;
          return (
            <g key={site.id} className="topo-site" transform={`translate(${p.x},${p.y})`}>
              <rect x={-78} y={-24} width={156} height={48} rx={9} />
              <text y={site.detail ? -4 : 5} textAnchor="middle" className="topo-name">
                {truncate(site.name, 20)}
              </text>
              {site.detail && (
                <text y={14} textAnchor="middle" className="topo-detail">
                  {truncate(site.detail, 24)}
                </text>
              )}
            </g>
          );
        })}
        <g className="topo-gateway" transform={`translate(${CENTER.x},${CENTER.y})`}>
          <rect x={-92} y={-30} width={184} height={60} rx={12} />
          <text y={input.gatewayDetail ? -3 : 5} textAnchor="middle" className="topo-name">
            {truncate(input.gatewayName, 22)}
          </text>
          {input.gatewayDetail && (
            <text y={16} textAnchor="middle" className="topo-detail">
              {truncate(input.gatewayDetail, 26)}
            </text>
          )}
        </g>
      </svg>
      <figcaption className="topo-legend">
        <span className="legend-item">
          <span className="legend-line up" />
          {t('admin.legend.up')}
        </span>
        <span className="legend-item">
          <span className="legend-line degraded" />
          {t('admin.legend.degraded')}
        </span>
        <span className="legend-item">
          <span className="legend-line down" />
          {t('admin.legend.down')}
        </span>
        <span className="legend-item">
          <span className="legend-line standby" />
          {t('admin.legend.standby')}
        </span>
      </figcaption>
    </figure>
  );
}
