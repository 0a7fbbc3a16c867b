import type { Settings } from '../../shared/ipc-schema';
import { localeFromTag, type Locale } from './i18n';

/**
 * Main's settings always hold a language ('en' until changed), so they cannot say whether the
 * user ever chose one. This flag, kept in the renderer's own storage, does: until the user
 * picks a language in Settings, the system language (navigator.language) wins, so a Chinese
 * system starts in Chinese.
 */
const CHOSEN_KEY = 'gangway.languageChosen';

function storage(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined; // storage disabled: behave as "never chosen"
  }
}

export function markLanguageChosen(): void {
  storage()?.setItem(CHOSEN_KEY, '1');
}

export function effectiveLocale(settings: Settings | undefined, systemTag: string): Locale {
  const system = localeFromTag(systemTag);
  if (!settings) return system;
  return storage()?.getItem(CHOSEN_KEY) === '1' ? settings.language : system;
}
