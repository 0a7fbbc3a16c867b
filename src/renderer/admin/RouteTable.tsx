import { useI18n } from '../i18n/i18n';
import type { RouteRow } from './admin-model';

const TONE: Record<RouteRow['role'], string> = {
  active: 'badge-ok',
  standby: 'badge-info',
  inactive: '',
};

export function RouteTable(props: { routes: RouteRow[] }) {
  const { t } = useI18n();
  return (
    <section className="card" aria-labelledby="admin-routes">
      <div className="card-head">
        <h2 id="admin-routes">{t('admin.routes')}</h2>
      </div>
      <div className="table-wrap">
        <table className="data" data-testid="route-table">
          <thead>
            <tr>
              <th scope="col">{t('admin.destination')}</th>
              <th scope="col">{t('admin.nextHop')}</th>
              <th scope="col">{t('admin.priority')}</th>
              <th scope="col">{t('admin.role')}</th>
            </tr>
          </thead>
          <tbody>
            {props.routes.length === 0 && (
              <tr>
                <td colSpan={4} className="muted">
                  {t('admin.noRoutes')}
                </td>
              </tr>
            )}
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
          </tbody>
        </table>
      </div>
    </section>
  );
}
