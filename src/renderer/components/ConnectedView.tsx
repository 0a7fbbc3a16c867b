import type { RemoteEndpoint, TrafficStats, TunnelInfo } from '../../shared/tunnel-state';
import { useI18n } from '../i18n/i18n';
import { formatBytes, formatDuration } from '../util/format';
import { useNow } from '../util/use-now';
import { ThroughputGraph, type RateSample } from './ThroughputGraph';

export const GRAPH_WINDOW_MS = 3 * 60_000;

function Fact(props: { label: string; value: string; testId?: string; mono?: boolean }) {
  return (
    <div className="fact">
      <dt>{props.label}</dt>
      <dd className={props.mono ? 'mono' : 'num'} data-testid={props.testId}>
        {props.value}
      </dd>
    </div>
  );
}

export function ConnectedView(props: {
  remote: RemoteEndpoint;
  tunnel: TunnelInfo;
  since: number;
  stats?: TrafficStats;
  history: readonly RateSample[];
}) {
  const { t } = useI18n();
  const now = useNow();
  const { tunnel, remote, stats } = props;
  const addresses = [tunnel.ipv4, tunnel.ipv6].filter(Boolean).join(', ') || '—';
  const server = `${remote.host}:${remote.port} ${remote.proto.toUpperCase()}${
    remote.address && remote.address !== remote.host ? ` (${remote.address})` : ''
  }`;
  const cipher = tunnel.digest ? `${tunnel.cipher} / ${tunnel.digest}` : tunnel.cipher;

  return (
    <section className="connected" aria-label={t('connected.title')} data-testid="connected-view">
      <dl className="facts">
        <Fact label={t('connected.address')} value={addresses} testId="assigned-address" mono />
        <Fact label={t('connected.server')} value={server} testId="connected-server" mono />
        <Fact label={t('connected.cipher')} value={cipher} testId="connected-cipher" mono />
        <Fact
          label={t('connected.uptime')}
          value={formatDuration(now - props.since)}
          testId="uptime"
        />
        <Fact
          label={t('connected.received')}
          value={formatBytes(stats?.bytesIn ?? 0)}
          testId="bytes-in"
        />
        <Fact
          label={t('connected.sent')}
          value={formatBytes(stats?.bytesOut ?? 0)}
          testId="bytes-out"
        />
      </dl>
      <ThroughputGraph
        samples={props.history}
        windowMs={GRAPH_WINDOW_MS}
        now={now}
        since={props.since}
      />
      <dl className="facts facts-small">
        <Fact label={t('connected.interface')} value={tunnel.interfaceName} mono />
        <Fact label={t('connected.dns')} value={tunnel.dns.join(', ') || '—'} mono />
        <Fact label={t('connected.routes')} value={tunnel.routes.join(', ') || '—'} mono />
      </dl>
    </section>
  );
}
