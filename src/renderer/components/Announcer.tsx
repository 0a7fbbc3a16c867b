import { useEffect, useRef, useState } from 'react';
import { useGangway } from '../api/GangwayProvider';
import { useI18n } from '../i18n/i18n';
import { failureTitleKey } from '../util/failure';
import { stageText } from '../util/stage';

/**
 * One polite live region for tunnel state changes ("office: TLS handshake"), so screen reader
 * users hear progress wherever focus is. Only changes are announced, not stats ticks.
 */
export function Announcer() {
  const { t } = useI18n();
  const { state } = useGangway();
  const [message, setMessage] = useState('');
  const last = useRef(new Map<string, string>());

  useEffect(() => {
    for (const s of Object.values(state.sessions)) {
      const kind = s.state.kind;
      if (last.current.get(s.sessionId) === kind) continue;
      last.current.set(s.sessionId, kind);
      const words =
        s.state.kind === 'failed' ? t(failureTitleKey(s.state.reason.code)) : stageText(s.state, t);
      setMessage(`${s.profile}: ${words}`);
    }
  }, [state.sessions, t]);

  return (
    <div className="sr-only" aria-live="polite" role="status" data-testid="announcer">
      {message}
    </div>
  );
}
