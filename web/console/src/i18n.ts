/**
 * English and French for the console. Each page keeps its own strings, `{ en: {...}, fr: {...} }`,
 * and reads them with `useT(strings)`; `{name}` placeholders are filled from the call's values.
 * The language comes from `?lang=`, else the last choice (localStorage), else the browser.
 */
import { createContext, useContext, useMemo } from 'react';
import { localeOf, translatorOf, type Language, type Translate, type Vars } from '../../shared/i18n.ts';

export type { Language, Translate, Vars };
export { localeOf };

export interface LanguageState {
  lang: Language;
  setLang(lang: Language): void;
}

export const LanguageContext = createContext<LanguageState>({ lang: 'en', setLang: () => undefined });

export function useLang(): LanguageState {
  return useContext(LanguageContext);
}

/** A page's translator: `t('key', { name })`. */
export function useT<K extends string>(strings: { en: Record<K, string>; fr: Record<K, string> }): Translate<K> {
  const { lang } = useLang();
  return useMemo(() => translatorOf(strings, lang), [strings, lang]);
}

const STORE_KEY = 'maplelink.console.lang';

export function initialLanguage(): Language {
  const asked = new URLSearchParams(window.location.search).get('lang');
  if (asked === 'en' || asked === 'fr') return asked;
  const saved = (() => {
    try {
      return window.localStorage.getItem(STORE_KEY);
    } catch {
      return null;
    }
  })();
  if (saved === 'en' || saved === 'fr') return saved;
  return (navigator.language || 'en').toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

export function rememberLanguage(lang: Language): void {
  try {
    window.localStorage.setItem(STORE_KEY, lang);
  } catch {
    // Private windows may refuse storage: the choice lasts for this page only.
  }
}

/** A date and time in the language's Canadian locale (local time zone), or '—'. */
export function formatDateTime(iso: string | null | undefined, lang: Language): string {
  if (!iso) return '—';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(localeOf(lang), { dateStyle: 'medium', timeStyle: 'short' });
}

/** A number in the language's locale (fr-CA: thin spaces between thousands, comma decimals). */
export function formatNumber(n: number | null | undefined, lang: Language, digits?: number): string {
  if (n === null || n === undefined) return '—';
  return n.toLocaleString(localeOf(lang), digits === undefined ? {} : { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

/** An amount of money in dollars, e.g. 1 234,56 $ in French, $1,234.56 in English. */
export function formatMoney(n: number | null | undefined, lang: Language, currency = 'CAD'): string {
  if (n === null || n === undefined) return '—';
  return n.toLocaleString(localeOf(lang), { style: 'currency', currency });
}
