import { useState } from 'react';
import { ipcErrorOf } from '../../shared/ipc-error';
import type { SettingsPatch } from '../../shared/ipc-schema';
import { useGangway } from '../api/GangwayProvider';
import { Notice } from '../components/Notice';
import { isLocale, LOCALE_NAMES, LOCALES, useI18n } from '../i18n/i18n';
import { markLanguageChosen } from '../i18n/language-choice';

/** Each control saves on change; main answers with the stored settings, which we show. */
export function SettingsScreen(props: { onSaved: (patch: SettingsPatch) => Promise<void> }) {
  const { t, locale } = useI18n();
  const { state } = useGangway();
  const settings = state.settings;
  const [problem, setProblem] = useState<string>();
  const canLaunch = state.info?.capabilities.launchAtLogin ?? false;

  const save = (patch: SettingsPatch) => {
    setProblem(undefined);
    props.onSaved(patch).catch((err: unknown) => setProblem(ipcErrorOf(err).message));
  };

  if (!settings) return null;
  return (
    <div className="page">
      <header className="page-head">
        <h1>{t('settings.title')}</h1>
      </header>
      <section className="card" aria-labelledby="settings-general">
        <div className="card-head">
          <h2 id="settings-general">{t('settings.general')}</h2>
        </div>
        <div className="card-body settings">
          <div className="setting">
            <label className={`check${canLaunch ? '' : ' disabled'}`}>
              <input
                type="checkbox"
                checked={settings.launchAtLogin}
                disabled={!canLaunch}
                onChange={(e) => save({ launchAtLogin: e.target.checked })}
                aria-describedby={canLaunch ? undefined : 'launch-note'}
              />
              <span>
                {t('settings.launchAtLogin')}
                {!canLaunch && (
                  <span id="launch-note" className="field-hint setting-note">
                    {t('settings.launchAtLoginUnavailable')}
                  </span>
                )}
              </span>
            </label>
          </div>
          <div className="setting field">
            <label htmlFor="auto-connect">{t('settings.autoConnect')}</label>
            <select
              id="auto-connect"
              value={settings.autoConnectProfile ?? ''}
              onChange={(e) => save({ autoConnectProfile: e.target.value || null })}
            >
              <option value="">{t('settings.autoConnectNone')}</option>
              {state.profiles.map((p) => (
                <option key={p.name} value={p.name}>
                  {p.name}
                </option>
              ))}
            </select>
          </div>
          <div className="setting">
            <label className="check disabled">
              <input type="checkbox" checked={false} disabled aria-describedby="kill-later" />
              <span>
                {t('settings.killSwitch')}
                <span id="kill-later" className="field-hint setting-note">
                  {t('settings.killSwitchLater')}
                </span>
              </span>
            </label>
          </div>
          <div className="setting field">
            <label htmlFor="language">{t('settings.language')}</label>
            <select
              id="language"
              data-testid="language-select"
              value={locale}
              onChange={(e) => {
                if (!isLocale(e.target.value)) return;
                markLanguageChosen();
                save({ language: e.target.value });
              }}
            >
              {LOCALES.map((l) => (
                <option key={l} value={l} lang={l}>
                  {LOCALE_NAMES[l]}
                </option>
              ))}
            </select>
          </div>
          {problem && <Notice tone="bad">{problem}</Notice>}
        </div>
      </section>
    </div>
  );
}
