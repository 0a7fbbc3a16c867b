import { useI18n } from '../i18n/i18n';

/** Non-fatal findings from import (ignored directives, weak keys), folded away until asked for. */
export function ImportNotes(props: { warnings: readonly string[] }) {
  const { t } = useI18n();
  if (props.warnings.length === 0) return null;
  return (
    <details className="import-notes" data-testid="import-notes">
      <summary>
        {t('profiles.warnings')} ({props.warnings.length})
      </summary>
      <ul>
        {props.warnings.map((w, i) => (
          <li key={i} className="mono">
            {w}
          </li>
        ))}
      </ul>
    </details>
  );
}
