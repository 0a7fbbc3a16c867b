import { createContext, useCallback, useContext, useEffect, useMemo, type ReactNode } from 'react';
import { en, type Catalogue, type MessageKey } from './en';
import { zhCN } from './zh-CN';
import { ownValue } from '../../shared/own-property';

export const LOCALES = ['en', 'zh-CN'] as const;
export type Locale = (typeof LOCALES)[number];

const CATALOGUES: Record<Locale, Catalogue> = { en, 'zh-CN': zhCN };

/** Native names, shown in the language picker whatever the current language. */
export const LOCALE_NAMES: Record<Locale, string> = { en: 'English', 'zh-CN': '简体中文' };

export function isLocale(value: unknown): value is Locale {
  return typeof value === 'string' && (LOCALES as readonly string[]).includes(value);
}

/** Picks the closest supported language for a BCP 47 tag such as `zh-Hans-CN` or `en-US`. */
export function localeFromTag(tag: string | undefined): Locale {
  return tag?.toLowerCase().startsWith('zh') ? 'zh-CN' : 'en';
}

export type Params = Record<string, string | number>;
export type Translate = (key: MessageKey, params?: Params) => string;

export function translate(locale: Locale, key: MessageKey, params?: Params): string {
  const text = CATALOGUES[locale][key];
  if (!params) return text;
  return text.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.hasOwn(params, name) ? String(ownValue(params, name)) : whole,
  );
}

interface I18nValue {
  locale: Locale;
  t: Translate;
}

const I18nContext = createContext<I18nValue>({
  locale: 'en',
  t: (key, params) => translate('en', key, params),
});

export function I18nProvider(props: { locale: Locale; children: ReactNode }) {
  const { locale } = props;
  const t = useCallback<Translate>((key, params) => translate(locale, key, params), [locale]);
  const value = useMemo(() => ({ locale, t }), [locale, t]);
  // Screen readers pick their voice, and Chromium its CJK glyphs, from the document language.
  useEffect(() => {
    document.documentElement.lang = locale;
  }, [locale]);
  return <I18nContext.Provider value={value}>{props.children}</I18nContext.Provider>;
}

export function useI18n(): I18nValue {
  return useContext(I18nContext);
}
