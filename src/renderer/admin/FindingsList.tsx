import type { AdminStatus } from '../../shared/ipc-schema';
import { Icon } from '../components/Icon';
import { useI18n } from '../i18n/i18n';

const ORDER = { error: 0, warning: 1, info: 2 } as const;
const TONE = { error: 'bad', warning: 'warn', info: 'info' } as const;

export function FindingsList(props: { findings: AdminStatus['findings'] }) {
  const { t } = useI18n();
  const sorted = [...props.findings].sort((a, b) => ORDER[a.severity] - ORDER[b.severity]);
  return (
    <section className="card" aria-labelledby="admin-findings">
      <div className="card-head">
        <h2 id="admin-findings">{t('admin.findings')}</h2>
      </div>
      {sorted.length === 0 ? (
        <p className="card-body muted">{t('admin.noFindings')}</p>
      ) : (
        <ul className="findings" data-testid="findings">
          {sorted.map((f, i) => (
            <li key={i} className={`finding finding-${TONE[f.severity]}`}>
              <Icon name={f.severity === 'info' ? 'info' : 'alert'} className="notice-icon" />
              <span className={`badge badge-${TONE[f.severity]}`}>
                {t(`admin.severity.${f.severity}`)}
              </span>
              <span>{f.message}</span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
