/**
 * The translation machinery of the Connect widget and the Pay hosted app: a table of strings per
 * language, `{name}` placeholders filled from the call's values, Canadian locales. The strings
 * themselves stay with each app (and the widget's upload step).
 */
export type Language = 'en' | 'fr';

export type Vars = Record<string, string | number>;

export type Translate<K extends string> = (key: K, vars?: Vars) => string;

/** `{name}` filled from `vars`, then from `defaults`; a placeholder with neither stays as written. */
export function fill(template: string, vars: Vars, defaults: Vars = {}): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => String(vars[k] ?? defaults[k] ?? `{${k}}`));
}

/** The strings of `lang` from one table per language. */
export function translatorOf<K extends string>(tables: Record<Language, Record<K, string>>, lang: Language, defaults?: Vars): Translate<K> {
  const table = tables[lang];
  return (key, vars = {}) => fill(table[key], vars, defaults);
}

/** The locale of Intl's number and date formats (and of <html lang>): Canadian English or French. */
export function localeOf(lang: Language): 'fr-CA' | 'en-CA' {
  return lang === 'fr' ? 'fr-CA' : 'en-CA';
}
