import { useI18n } from '../i18n/i18n';
import type { Reachability } from './admin-model';

/** Rows are sources, columns destinations; each cell says yes/no and through what. */
export function ReachabilityMatrix(props: { reachability: Reachability }) {
  const { t } = useI18n();
  const { nodes, cells } = props.reachability;
  return (
    <section className="card" aria-labelledby="admin-reach">
      <div className="card-head">
        <h2 id="admin-reach">{t('admin.reachability')}</h2>
        <span className="faint">{t('admin.reachabilityDesc')}</span>
      </div>
      <div className="table-wrap">
        <table className="data matrix" data-testid="reachability">
          <thead>
            <tr>
              <th scope="col">
                {t('admin.from')} \ {t('admin.to')}
              </th>
              {nodes.map((n) => (
                <th key={n} scope="col">
                  {n}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {nodes.map((from) => (
              <tr key={from}>
                <th scope="row">{from}</th>
                {nodes.map((to) => {
                  if (from === to)
                    return <td key={to} className="matrix-self" aria-hidden="true" />;
                  const cell = cells[from]?.[to];
                  const yes = cell?.reachable === true;
                  const label = yes ? t('admin.reach.yes') : t('admin.reach.no');
                  return (
                    <td key={to} className={yes ? 'matrix-yes' : 'matrix-no'}>
                      <span aria-hidden="true">{yes ? '✓' : '✕'}</span>
                      <span className="sr-only">{label}</span>
                      {cell?.via && (
                        <span className="matrix-via">
                          {t('admin.reach.via', { via: cell.via })}
                        </span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
