import { useState } from 'react';
import type { SettingsPatch } from '../shared/ipc-schema';
import { GangwayProvider, useGangway } from './api/GangwayProvider';
import { currentSession } from './api/store';
import { Announcer } from './components/Announcer';
import { BrandMark } from './components/BrandMark';
import { Icon, type IconName } from './components/Icon';
import { Notice } from './components/Notice';
import { I18nProvider, useI18n } from './i18n/i18n';
import { effectiveLocale } from './i18n/language-choice';
import type { MessageKey } from './i18n/en';
import { AdminScreen } from './admin/AdminScreen';
import { ConnectionScreen } from './screens/ConnectionScreen';
import { LogsScreen } from './screens/LogsScreen';
import { SettingsScreen } from './screens/SettingsScreen';
import { isBusy, stageText } from './util/stage';

type Screen = 'connection' | 'logs' | 'settings' | 'admin';
const SCREENS: ReadonlyArray<{ id: Screen; label: MessageKey; icon: IconName }> = [
  { id: 'connection', label: 'nav.connection', icon: 'shield' },
  { id: 'logs', label: 'nav.logs', icon: 'list' },
  { id: 'settings', label: 'nav.settings', icon: 'gear' },
  { id: 'admin', label: 'nav.admin', icon: 'network' },
];

/**
 * The sidebar's summary of what the VPN is doing: one line per profile that is connected or
 * connecting (several may be at once), or "Not connected".
 */
function SidebarStatus() {
  const { t } = useI18n();
  const { state } = useGangway();
  const active = state.profiles
    .map((p) => currentSession(state, p.name))
    .filter((s) => s !== undefined)
    .filter((s) => s.state.kind === 'connected' || isBusy(s.state));
  const lines = active.map((s) =>
    s.state.kind === 'connected'
      ? { key: s.profile, dot: 'dot dot-ok', text: t('nav.statusOn', { name: s.profile }) }
      : {
          key: s.profile,
          dot: 'dot dot-busy',
          text: t('nav.statusBusy', { name: s.profile, stage: stageText(s.state, t) }),
        },
  );
  if (lines.length === 0) lines.push({ key: '', dot: 'dot', text: t('nav.statusOff') });
  return (
    <ul className="sidebar-status" data-testid="sidebar-status">
      {lines.map((line) => (
        <li key={line.key} data-testid="sidebar-status-line">
          <span className={line.dot} aria-hidden="true" />
          <span>{line.text}</span>
        </li>
      ))}
    </ul>
  );
}

function Shell() {
  const { t } = useI18n();
  const { api, state, dispatch } = useGangway();
  const [screen, setScreen] = useState<Screen>('connection');
  const saveSettings = async (patch: SettingsPatch) => {
    dispatch({ type: 'settings', settings: await api.settings.set(patch) });
  };

  return (
    <div className="shell">
      <aside className="sidebar">
        <div className="brand">
          <BrandMark />
          <div>
            <div className="brand-name">{t('app.name')}</div>
            <div className="brand-tag">{t('app.tagline')}</div>
          </div>
        </div>
        <nav className="nav" aria-label={t('nav.label')}>
          {SCREENS.map((s) => (
            <button
              key={s.id}
              type="button"
              aria-current={screen === s.id ? 'page' : undefined}
              onClick={() => setScreen(s.id)}
              data-testid={`nav-${s.id}`}
            >
              <Icon name={s.icon} />
              {t(s.label)}
            </button>
          ))}
        </nav>
        <SidebarStatus />
      </aside>
      <main className="main" data-testid={`screen-${screen}`}>
        {state.connectionLost && <ConnectionLost />}
        {screen === 'connection' && <ConnectionScreen />}
        {screen === 'logs' && <LogsScreen />}
        {screen === 'settings' && <SettingsScreen onSaved={saveSettings} />}
        {screen === 'admin' && <AdminScreen />}
      </main>
      <Announcer />
    </div>
  );
}

function ConnectionLost() {
  const { t } = useI18n();
  return (
    <div className="connection-lost">
      <Notice tone="bad" testId="connection-lost">
        <span>{t('app.connectionLost')}</span>
      </Notice>
      <button type="button" className="btn" onClick={() => window.location.reload()}>
        {t('app.reload')}
      </button>
    </div>
  );
}

function Unreachable(props: { problem?: string }) {
  const { t } = useI18n();
  return (
    <div className="splash" role="alert">
      <BrandMark />
      <h1>{t('app.noBackend')}</h1>
      <p className="muted">{t('app.noBackendHint')}</p>
      {props.problem && <p className="mono faint">{props.problem}</p>}
      <button type="button" className="btn" onClick={() => window.location.reload()}>
        {t('app.reload')}
      </button>
    </div>
  );
}

function Loading() {
  const { t } = useI18n();
  return (
    <div className="splash" role="status">
      <span className="spinner" aria-hidden="true" />
      <p className="muted">{t('app.connecting')}</p>
    </div>
  );
}

export function App() {
  return (
    <GangwayProvider>
      {(value, problem) => {
        const locale = effectiveLocale(value?.state.settings, navigator.language);
        const phase = value?.state.phase ?? 'unreachable';
        return (
          <I18nProvider locale={locale}>
            {phase === 'ready' ? (
              <Shell />
            ) : phase === 'loading' ? (
              <Loading />
            ) : (
              <Unreachable problem={problem} />
            )}
          </I18nProvider>
        );
      }}
    </GangwayProvider>
  );
}
