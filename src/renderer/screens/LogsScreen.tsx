import { useEffect, useMemo, useState } from 'react';
import type { LogEntry } from '../../shared/ipc-schema';
import type { LogLevel } from '../../shared/tunnel-state';
import { useGangway } from '../api/GangwayProvider';
import { ipcErrorOf } from '../../shared/ipc-error';
import { logLineText } from '../../shared/log-line';
import { Icon } from '../components/Icon';
import { Notice } from '../components/Notice';
import { useI18n } from '../i18n/i18n';
import { formatDateTime, formatTime } from '../util/format';
import { downloadText } from '../util/download';

const LEVELS: readonly LogLevel[] = ['debug', 'info', 'warn', 'error'];
const RANK: Record<LogLevel, number> = { debug: 0, info: 1, warn: 2, error: 3 };
/** The view keeps the newest lines only; export always has everything. */
const MAX_LINES = 5000;

/** Loads a session's log, then follows it live. */
function useSessionLog(sessionId: string | undefined): LogEntry[] {
  const { api } = useGangway();
  const [log, setLog] = useState<{ sessionId: string; entries: LogEntry[] }>();
  useEffect(() => {
    if (!sessionId) return;
    const setEntries = (update: (old: LogEntry[]) => LogEntry[]) =>
      setLog((old) => ({
        sessionId,
        entries: update(old?.sessionId === sessionId ? old.entries : []),
      }));
    let live = true;
    const buffered: LogEntry[] = [];
    let loaded = false;
    const off = api.on('session.log', (event) => {
      if (event.sessionId !== sessionId) return;
      if (!loaded) buffered.push(event.entry);
      else setEntries((old) => [...old, event.entry].slice(-MAX_LINES));
    });
    api.logs
      .get({ sessionId })
      .then((initial) => {
        if (!live) return;
        loaded = true;
        const last = initial[initial.length - 1]?.at ?? 0;
        setEntries(() => [...initial, ...buffered.filter((e) => e.at > last)].slice(-MAX_LINES));
      })
      .catch(() => (loaded = true));
    return () => {
      live = false;
      off();
    };
  }, [api, sessionId]);
  return log && log.sessionId === sessionId ? log.entries : [];
}

export function LogsScreen() {
  const { t, locale } = useI18n();
  const { api, state } = useGangway();
  const sessions = useMemo(
    () => Object.values(state.sessions).sort((a, b) => b.startedAt - a.startedAt),
    [state.sessions],
  );
  const [chosen, setChosen] = useState<string>();
  const sessionId = chosen ?? sessions[0]?.sessionId;
  const entries = useSessionLog(sessionId);
  const [filter, setFilter] = useState('');
  const [minLevel, setMinLevel] = useState<LogLevel>('debug');
  const [copied, setCopied] = useState(false);
  const [problem, setProblem] = useState<string>();
  const attempt = (work: () => Promise<void>) => {
    setProblem(undefined);
    work().catch((err: unknown) => setProblem(ipcErrorOf(err).message));
  };

  const needle = filter.trim().toLowerCase();
  // The screen re-renders on every state event (traffic counters each second); the filter over
  // up to MAX_LINES lines only needs to run when the lines or the filter change.
  const shown = useMemo(
    () =>
      entries.filter(
        (e) =>
          RANK[e.level] >= RANK[minLevel] && (!needle || e.message.toLowerCase().includes(needle)),
      ),
    [entries, minLevel, needle],
  );

  const copy = async () => {
    await navigator.clipboard.writeText(shown.map(logLineText).join('\n'));
    setCopied(true);
    setTimeout(() => setCopied(false), 1500);
  };
  const exportLog = async () => {
    if (!sessionId) return;
    const result = await api.logs.export({ sessionId });
    if (result.savedTo === null) downloadText(result.fileName, result.text);
  };

  return (
    <div className="page page-wide">
      <header className="page-head">
        <div>
          <h1>{t('logs.title')}</h1>
          <p>{t('logs.subtitle')}</p>
        </div>
      </header>
      {sessions.length === 0 ? (
        <div className="card empty">{t('logs.noSessions')}</div>
      ) : (
        <section className="card logs" aria-label={t('logs.title')}>
          <div className="card-head logs-tools">
            <div className="field">
              <label htmlFor="log-session">{t('logs.session')}</label>
              <select
                id="log-session"
                value={sessionId}
                onChange={(e) => setChosen(e.target.value)}
              >
                {sessions.map((s) => (
                  <option key={s.sessionId} value={s.sessionId}>
                    {t('logs.sessionLabel', {
                      name: s.profile,
                      time: formatDateTime(s.startedAt, locale),
                    })}
                  </option>
                ))}
              </select>
            </div>
            <div className="field">
              <label htmlFor="log-level">{t('logs.level')}</label>
              <select
                id="log-level"
                value={minLevel}
                onChange={(e) => setMinLevel(e.target.value as LogLevel)}
              >
                {LEVELS.map((l) => (
                  <option key={l} value={l}>
                    {t(`logs.level.${l}`)}
                  </option>
                ))}
              </select>
            </div>
            <div className="field grow">
              <label htmlFor="log-filter">{t('logs.filter')}</label>
              <input
                id="log-filter"
                type="search"
                value={filter}
                placeholder={t('logs.filterPlaceholder')}
                onChange={(e) => setFilter(e.target.value)}
                data-testid="log-filter"
              />
            </div>
            <div className="row logs-buttons">
              <button type="button" className="btn" onClick={() => attempt(copy)}>
                <Icon name={copied ? 'check' : 'clipboard'} />
                {copied ? t('common.copied') : t('common.copy')}
              </button>
              <button type="button" className="btn" onClick={() => attempt(exportLog)}>
                <Icon name="download" />
                {t('logs.export')}
              </button>
            </div>
          </div>
          {problem && (
            <div className="card-body">
              <Notice tone="bad">{problem}</Notice>
            </div>
          )}
          <div className="log-count faint" aria-live="polite">
            {t('logs.count', { shown: shown.length, total: entries.length })}
          </div>
          <ol
            className="log-lines mono"
            data-testid="log-lines"
            tabIndex={0}
            aria-label={t('logs.title')}
          >
            {shown.length === 0 && <li className="log-empty">{t('logs.empty')}</li>}
            {shown.map((e, i) => (
              <li key={`${e.at}-${i}`} className={`log-${e.level}`}>
                <time className="log-time">{formatTime(e.at, locale)}</time>
                <span className="log-level">{e.level.toUpperCase()}</span>
                <span className="log-msg">{e.message}</span>
              </li>
            ))}
          </ol>
        </section>
      )}
    </div>
  );
}
