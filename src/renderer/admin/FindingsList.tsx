import type { AdminStatus } from '../../shared/ipc-schema';
import { Icon } from '../components/Icon';
import { en, type MessageKey } from '../i18n/en';
import { useI18n } from '../i18n/i18n';

/** A localized headline for the finding codes the IPsec checks know; the detail stays as sent. */
function titleKey(code: string | undefined): MessageKey | undefined {
  const key = `admin.finding.${code ?? ''}`;
  return Object.hasOwn(en, key) ? (key as MessageKey) : undefined;
}

const ORDER = { error: 0, warning: 1, info: 2 } as const;
const TONE = { error: 'bad', warning: 'warn', info: 'info' } as const;

export function FindingsList(props: {
  findings: Array<AdminStatus['findings'][number] & { code?: string }>;
}) {
  const { t } = useI18n();
  const title = (code: string | undefined) => {
    const key = titleKey(code);
    return key ? <strong>{t(key)}</strong> : null;
  };
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
              <span className="finding-text">
                {title(f.code)}
                <span>{f.message}</span>
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
