import type { FailureReason } from '../../shared/tunnel-state';
import { useI18n } from '../i18n/i18n';
import { failureHintKey, failureTitleKey } from '../util/failure';
import { Notice } from './Notice';

/**
 * What went wrong (the engine's own words) and what to try (from the catalogue, so it is in
 * the user's language; the engine's English hint would only repeat it).
 */
export function FailurePanel(props: { reason: FailureReason }) {
  const { t } = useI18n();
  const { reason } = props;
  return (
    <Notice tone="bad" testId="failure">
      <strong>{t(failureTitleKey(reason.code))}</strong>
      <span data-testid="failure-message">{reason.message}</span>
      <span className="failure-hint">
        <span className="failure-hint-label">{t('failure.whatToTry')}: </span>
        {t(failureHintKey(reason.code))}
      </span>
    </Notice>
  );
}
