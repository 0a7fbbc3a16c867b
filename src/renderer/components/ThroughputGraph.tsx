import { useI18n } from '../i18n/i18n';
import { formatRate } from '../util/format';

export interface RateSample {
  at: number;
  rateIn: number;
  rateOut: number;
}

/** The shortest span drawn, so a just-connected graph is not stretched from two samples. */
const MIN_SPAN_MS = 30_000;
const WIDTH = 900;
const HEIGHT = 170;
const PAD = { left: 8, right: 8, top: 22, bottom: 22 };

/** A "nice" axis maximum (1, 2 or 5 times a power of ten) at or above `value`. */
function niceCeiling(value: number): number {
  if (value <= 0) return 1024;
  const power = 10 ** Math.floor(Math.log10(value));
  const step = [1, 2, 5, 10].find((m) => m * power >= value) ?? 10;
  return step * power;
}

function pathFor(
  samples: readonly RateSample[],
  pick: (s: RateSample) => number,
  x: (at: number) => number,
  y: (v: number) => number,
): string {
  return samples
    .map((s, i) => `${i === 0 ? 'M' : 'L'}${x(s.at).toFixed(1)},${y(pick(s)).toFixed(1)}`)
    .join('');
}

/**
 * Down/up throughput over a sliding window, drawn as plain SVG. The y axis scales to the
 * peak in view so that small interactive traffic is as visible as a bulk download.
 */
export function ThroughputGraph(props: {
  samples: readonly RateSample[];
  windowMs: number;
  now: number;
  /** When the session started: a young session's graph spans only its life (30 s at least). */
  since?: number;
}) {
  const { t } = useI18n();
  const { samples, now } = props;
  const age = props.since === undefined ? props.windowMs : now - props.since;
  const windowMs = Math.min(props.windowMs, Math.max(MIN_SPAN_MS, age));
  const start = now - windowMs;
  const inView = samples.filter((s) => s.at >= start);
  const peak = niceCeiling(inView.reduce((m, s) => Math.max(m, s.rateIn, s.rateOut), 0));
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const x = (at: number) => PAD.left + ((at - start) / windowMs) * plotW;
  const y = (v: number) => PAD.top + plotH - (Math.min(v, peak) / peak) * plotH;
  const last = inView[inView.length - 1];
  const lineIn = pathFor(inView, (s) => s.rateIn, x, y);
  const lineOut = pathFor(inView, (s) => s.rateOut, x, y);
  const areaIn =
    inView.length > 1 && last && inView[0]
      ? `${lineIn}L${x(last.at).toFixed(1)},${y(0)}L${x(inView[0].at).toFixed(1)},${y(0)}Z`
      : '';
  const minutes = Math.round(props.windowMs / 60_000);
  const spanSeconds = Math.round(windowMs / 1000);
  const spanLabel = `−${Math.floor(spanSeconds / 60)}:${String(spanSeconds % 60).padStart(2, '0')}`;
  const summary = t('connected.graphSummary', {
    down: formatRate(last?.rateIn ?? 0),
    up: formatRate(last?.rateOut ?? 0),
  });

  return (
    <figure className="graph" data-testid="throughput-graph">
      <figcaption className="graph-head">
        <span className="section-title">{t('connected.graph', { minutes })}</span>
        <span className="graph-legend">
          <span className="legend-item">
            <span className="legend-swatch in" />
            {t('connected.graphIn')} <b className="num">{formatRate(last?.rateIn ?? 0)}</b>
          </span>
          <span className="legend-item">
            <span className="legend-swatch out" />
            {t('connected.graphOut')} <b className="num">{formatRate(last?.rateOut ?? 0)}</b>
          </span>
        </span>
      </figcaption>
      <div className="graph-plot">
        <svg viewBox={`0 0 ${WIDTH} ${HEIGHT}`} role="img" aria-label={summary}>
          {[0, 0.5, 1].map((f) => (
            <line
              key={f}
              className="graph-grid"
              x1={PAD.left}
              x2={WIDTH - PAD.right}
              y1={PAD.top + plotH * f}
              y2={PAD.top + plotH * f}
            />
          ))}
          {areaIn && <path className="graph-area-in" d={areaIn} />}
          {lineIn && <path className="graph-line-in" d={lineIn} />}
          {lineOut && <path className="graph-line-out" d={lineOut} />}
        </svg>
        {/* Axis labels are HTML so they keep their size however wide the window is. */}
        <span className="graph-label peak" aria-hidden="true">
          {formatRate(peak)}
        </span>
        <span className="graph-label start" aria-hidden="true">
          {spanLabel}
        </span>
        <span className="graph-label end" aria-hidden="true">
          0:00
        </span>
      </div>
    </figure>
  );
}
