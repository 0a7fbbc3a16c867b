import type { TunnelState } from '../../shared/tunnel-state';
import { useI18n } from '../i18n/i18n';
import { stageStep, stageText } from '../util/stage';

/** "TLS handshake · Step 3 of 6" with a thin progress bar while a connection is being set up. */
export function StageIndicator(props: { state: TunnelState }) {
  const { t } = useI18n();
  const step = stageStep(props.state);
  return (
    <div className="stage" data-testid="stage">
      <div className="row" style={{ gap: 8 }}>
        <span className="spinner" aria-hidden="true" />
        <span className="stage-text" data-testid="stage-text">
          {stageText(props.state, t)}
        </span>
        {step && <span className="faint">{t('stage.progress', step)}</span>}
      </div>
      {step && (
        <div
          className="stage-bar"
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={step.total}
          aria-valuenow={step.step}
          aria-label={stageText(props.state, t)}
        >
          <div style={{ width: `${(step.step / step.total) * 100}%` }} />
        </div>
      )}
    </div>
  );
}
