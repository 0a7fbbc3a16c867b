import type { TunnelState } from '../../shared/tunnel-state';
import { useI18n } from '../i18n/i18n';
import { useNow } from '../util/use-now';
import { formatDuration } from '../util/format';
import { remoteIndex, type ConnectProgress } from '../util/progress';
import { stageText } from '../util/stage';

const TOTAL_STEPS = 6;

/**
 * "TLS handshake · Step 3 of 6" with a thin progress bar while a connection is being set up,
 * and below it what a long wait needs: the attempt, the remote being tried and the time spent.
 */
export function StageIndicator(props: {
  state: TunnelState;
  progress?: ConnectProgress;
  /** When the user pressed connect. */
  startedAt: number;
  remotes: ReadonlyArray<{ host: string; port: number; proto: string }>;
}) {
  const { t } = useI18n();
  const now = useNow();
  const { progress } = props;
  const step = progress && progress.step > 0 ? progress.step : undefined;
  const remote = progress?.remote;
  const index = remote ? remoteIndex(props.remotes, remote) : undefined;
  const where = remote
    ? `${remote.host}:${remote.port} ${remote.proto.toUpperCase()}${
        remote.address && remote.address !== remote.host ? ` (${remote.address})` : ''
      }`
    : undefined;
  return (
    <div className="stage" data-testid="stage">
      <div className="row" style={{ gap: 8 }}>
        <span className="spinner" aria-hidden="true" />
        <span className="stage-text" data-testid="stage-text">
          {stageText(props.state, t)}
        </span>
        {step && (
          <span className="faint" data-testid="stage-step">
            {t('stage.progress', { step, total: TOTAL_STEPS })}
          </span>
        )}
      </div>
      {props.state.kind !== 'disconnecting' && (
        <p className="stage-detail faint" data-testid="stage-detail">
          {progress && progress.attempt > 1 && (
            <span data-testid="stage-attempt">
              {t('stage.attempt', { attempt: progress.attempt })}
            </span>
          )}
          {where && (
            <span data-testid="stage-remote">
              {index !== undefined && props.remotes.length > 1
                ? t('stage.remoteOf', { where, index, total: props.remotes.length })
                : t('stage.remote', { where })}
            </span>
          )}
          <span data-testid="stage-elapsed">
            {t('stage.elapsed', { time: formatDuration(now - props.startedAt) })}
          </span>
        </p>
      )}
      {step && (
        <div
          className="stage-bar"
          role="progressbar"
          aria-valuemin={0}
          aria-valuemax={TOTAL_STEPS}
          aria-valuenow={step}
          aria-label={stageText(props.state, t)}
        >
          <div style={{ width: `${(step / TOTAL_STEPS) * 100}%` }} />
        </div>
      )}
    </div>
  );
}
