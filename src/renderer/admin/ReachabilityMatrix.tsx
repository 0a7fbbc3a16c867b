import { useI18n } from '../i18n/i18n';
import type { ReachCell, Reachability } from './admin-model';
import { TableCard } from './TableCard';

function cellClass(cell: ReachCell | undefined): string {
  if (!cell?.reachable) return 'matrix-no';
  return cell.up ? 'matrix-yes' : 'matrix-down';
}

/** Rows are sources, columns destinations; each cell says yes/no, through which tunnels, or why not. */
export function ReachabilityMatrix(props: { reachability: Reachability }) {
  const { t } = useI18n();
  const { nodes, cells } = props.reachability;
  return (
    <TableCard
      headingId="admin-reach"
      title={t('admin.reachability')}
      aside={<span className="faint">{t('admin.reachabilityDesc')}</span>}
      testId="reachability"
      className="matrix"
      columns={[`${t('admin.from')} \\ ${t('admin.to')}`, ...nodes.map((n) => n.name)]}
    >
      {nodes.map((from) => (
        <tr key={from.id}>
          <th scope="row">{from.name}</th>
          {nodes.map((to) => {
            if (from.id === to.id)
              return <td key={to.id} className="matrix-self" aria-hidden="true" />;
            const cell = cells.get(from.id)?.get(to.id);
            const label = !cell?.reachable
              ? t('admin.reach.no')
              : cell.up
                ? t('admin.reach.yes')
                : t('admin.reach.down');
            return (
              <td key={to.id} className={cellClass(cell)} title={cell?.reason}>
                <span aria-hidden="true">{cell?.reachable ? '✓' : '✕'}</span>
                <span className="sr-only">{label}</span>
                {cell?.reachable && cell.via.length > 0 && (
                  <span className="matrix-via">
                    {t('admin.reach.via', { via: cell.via.join(' → ') })}
                  </span>
                )}
                {!cell?.reachable && cell?.reason && <span className="sr-only">{cell.reason}</span>}
              </td>
            );
          })}
        </tr>
      ))}
    </TableCard>
  );
}
