import { useI18n } from '../i18n/i18n';
import type { RouteRow } from './admin-model';
import { TableCard } from './TableCard';

const TONE: Record<RouteRow['role'], string> = {
  active: 'badge-ok',
  standby: 'badge-info',
  inactive: '',
};

export function RouteTable(props: { routes: RouteRow[] }) {
  const { t } = useI18n();
  return (
    <TableCard
      headingId="admin-routes"
      title={t('admin.routes')}
      testId="route-table"
      columns={[t('admin.destination'), t('admin.nextHop'), t('admin.priority'), t('admin.role')]}
      emptyText={t('admin.noRoutes')}
      isEmpty={props.routes.length === 0}
    >
      {props.routes.map((r, i) => (
        <tr key={`${r.destination}-${r.nextHop}-${i}`} className={`route-${r.role}`}>
          <td className="mono">{r.destination}</td>
          <td>{r.nextHop}</td>
          <td className="num">{r.priority ?? '—'}</td>
          <td>
            <span className={`badge ${TONE[r.role]}`}>{t(`admin.role.${r.role}`)}</span>
          </td>
        </tr>
      ))}
    </TableCard>
  );
}
