/** English / Français: in the header of every page and on the sign-in page; remembered in this browser. */
import { useLang, useT } from './i18n.ts';

const strings = { en: { language: 'Language' }, fr: { language: 'Langue' } };

export function LanguageSwitch() {
  const { lang, setLang } = useLang();
  const t = useT(strings);
  return (
    <div className="lang-switch" role="group" aria-label={t('language')}>
      {(['en', 'fr'] as const).map((l) => (
        <button key={l} type="button" lang={l} aria-pressed={lang === l} onClick={() => setLang(l)} aria-label={l === 'en' ? 'English' : 'Français'}>
          {l.toUpperCase()}
        </button>
      ))}
    </div>
  );
}

