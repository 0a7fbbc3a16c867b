import { useState } from 'react';
import { useI18n } from '../i18n/i18n';
import type { TunnelRow, TunnelStatus } from './admin-model';
import { TableCard } from './TableCard';

const STATUSES: readonly TunnelStatus[] = ['up', 'down', 'connecting', 'unknown'];
const TONE: Record<TunnelStatus, string> = {
  up: 'badge-ok',
  down: 'badge-bad',
  connecting: 'badge-warn',
  unknown: '',
};

export type TunnelAction = 'initiate' | 'terminate';

/** Tunnels with a status filter and a text search; actions only where the source allows them. */
export function TunnelTable(props: {
  tunnels: TunnelRow[];
  canControl: boolean;
  onAction: (action: TunnelAction, tunnel: TunnelRow) => void;
}) {
  const { t } = useI18n();
  const [status, setStatus] = useState<TunnelStatus | 'all'>('all');
  const [text, setText] = useState('');
  const needle = text.trim().toLowerCase();
  const rows = props.tunnels.filter(
    (r) =>
      (status === 'all' || r.status === status) &&
      (!needle ||
        [r.name, r.site, r.peer ?? '', ...r.remoteNets].join(' ').toLowerCase().includes(needle)),
  );
  const statusLabel = (s: TunnelStatus) =>
    s === 'up'
      ? t('admin.legend.up')
      : s === 'down'
        ? t('admin.legend.down')
        : s === 'connecting'
          ? t('admin.legend.degraded')
          : t('common.unknown');

  return (
    <TableCard
      headingId="admin-tunnels"
      title={t('admin.tunnels')}
      testId="tunnel-table"
      columns={[
        t('admin.tunnel'),
        t('admin.site'),
        t('admin.status'),
        t('admin.health'),
        t('admin.localNets'),
        t('admin.remoteNets'),
        ...(props.canControl
          ? [<span className="sr-only">{t('profiles.actions', { name: '' })}</span>]
          : []),
      ]}
      emptyText={t('admin.noTunnels')}
      isEmpty={rows.length === 0}
      aside={
        <div className="row">
          <label className="sr-only" htmlFor="tunnel-status">
            {t('admin.filterStatus')}
          </label>
          <select
            id="tunnel-status"
            value={status}
            onChange={(e) => setStatus(e.target.value as TunnelStatus | 'all')}
          >
            <option value="all">{t('common.all')}</option>
            {STATUSES.map((s) => (
              <option key={s} value={s}>
                {statusLabel(s)}
              </option>
            ))}
          </select>
          <input
            type="search"
            aria-label={t('admin.filterText')}
            placeholder={t('admin.filterText')}
            value={text}
            onChange={(e) => setText(e.target.value)}
          />
        </div>
      }
    >
      {rows.map((r) => (
        <tr key={r.id}>
          <th scope="row" className="cell-name">
            {r.name}
            {r.standby && <span className="badge tiny">{t('admin.role.standby')}</span>}
          </th>
          <td>
            {r.site}
            {r.peer && <span className="mono faint cell-sub">{r.peer}</span>}
          </td>
          <td>
            <span className={`badge ${TONE[r.status]}`}>{statusLabel(r.status)}</span>
          </td>
          <td>{r.health ? t(`admin.health.${r.health}`) : '—'}</td>
          <td className="mono">{r.localNets.join(', ') || '—'}</td>
          <td className="mono">{r.remoteNets.join(', ') || '—'}</td>
          {props.canControl && (
            <td className="cell-actions">
              {r.status === 'up' ? (
                <button
                  type="button"
                  className="btn btn-sm"
                  onClick={() => props.onAction('terminate', r)}
                >
                  {t('admin.terminate')}
                </button>
              ) : (
                <button
                  type="button"
                  className="btn btn-sm"
                  onClick={() => props.onAction('initiate', r)}
                >
                  {t('admin.initiate')}
                </button>
              )}
            </td>
          )}
        </tr>
      ))}
    </TableCard>
  );
}
