/**
 * The console's frame: finds the session (GET /operator/v1/session), shows the sign-in page
 * without one, else the layout (left navigation from the page registry, header with the language
 * switch and sign-out) around the page of the current area. A 401 from any call (the session
 * expired or was signed out elsewhere) comes back here: the sign-in page, saying why.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, ApiError, onSessionLost, setCsrfToken, type Answer } from './api.ts';
import { LanguageContext, initialLanguage, rememberLanguage, useLang, useT, type Language } from './i18n.ts';
import { pages } from './pages/index.ts';
import { BASE, href, Link, navigate, useLocation } from './router.tsx';
import { SignIn } from './SignIn.tsx';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { Button, EmptyState, Icon, Loading } from './ui.tsx';

type Session = Answer<'getOperatorV1Session'>;
type State = { kind: 'checking' } | { kind: 'out'; why: 'none' | 'expired' | 'signedOut' } | { kind: 'in'; session: Session };

const strings = {
  en: {
    console: 'Console', signOut: 'Sign out', language: 'Language', nav: 'Main', notFound: 'Page not found', notFoundText: 'Nothing lives at this address. Choose a page on the left.',
    skip: 'Skip to content', title: '{page} · Maplelink console', signedIn: 'Signed in with the operator key',
  },
  fr: {
    console: 'Console', signOut: 'Se déconnecter', language: 'Langue', nav: 'Principale', notFound: 'Page introuvable', notFoundText: "Rien n'existe à cette adresse. Choisissez une page à gauche.",
    skip: 'Aller au contenu', title: '{page} · Console Maplelink', signedIn: "Connecté avec la clé d'opérateur",
  },
};

export function App() {
  const [lang, setLangState] = useState<Language>(initialLanguage);
  const setLang = useCallback((l: Language) => {
    setLangState(l);
    rememberLanguage(l);
  }, []);
  useEffect(() => {
    document.documentElement.lang = lang === 'fr' ? 'fr-CA' : 'en-CA';
  }, [lang]);
  const language = useMemo(() => ({ lang, setLang }), [lang, setLang]);
  return (
    <LanguageContext.Provider value={language}>
      <Console />
    </LanguageContext.Provider>
  );
}

function Console() {
  const [state, setState] = useState<State>({ kind: 'checking' });
  const [checkError, setCheckError] = useState<unknown>(null);

  const lost = useCallback(() => {
    setCsrfToken(null);
    setState((s) => (s.kind === 'in' ? { kind: 'out', why: 'expired' } : s));
  }, []);
  useEffect(() => {
    onSessionLost(lost);
    return () => onSessionLost(null);
  }, [lost]);

  // The session of the cookie, if any (a reload keeps the operator signed in).
  useEffect(() => {
    api<Session>('GET', '/session').then(
      (session) => {
        setCsrfToken(session.csrfToken);
        setState({ kind: 'in', session });
      },
      (err: unknown) => {
        if (!(err instanceof ApiError) || err.status !== 401) setCheckError(err);
        setState({ kind: 'out', why: 'none' });
      },
    );
  }, []);

  // The session ends at its expiry even if the page makes no call then.
  useEffect(() => {
    if (state.kind !== 'in') return;
    const ms = Date.parse(state.session.expiresAt) - Date.now();
    const h = setTimeout(lost, Math.max(0, Math.min(ms, 2 ** 31 - 1)));
    return () => clearTimeout(h);
  }, [state, lost]);

  const signedIn = (session: Session) => {
    setCsrfToken(session.csrfToken);
    setCheckError(null);
    setState({ kind: 'in', session });
  };
  const signOut = async () => {
    await api('DELETE', '/session').catch(() => undefined);
    setCsrfToken(null);
    setState({ kind: 'out', why: 'signedOut' });
  };

  if (state.kind === 'checking') return <div className="center-page"><Loading /></div>;
  if (state.kind === 'out') return <SignIn why={state.why} error={checkError} onSignedIn={signedIn} />;
  return <Layout onSignOut={signOut} />;
}


function Layout({ onSignOut }: { onSignOut(): Promise<void> }) {
  const t = useT(strings);
  const { lang } = useLang();
  const loc = useLocation();
  const page = pages.find((p) => p.area === loc.area.toLowerCase());
  const [signingOut, setSigningOut] = useState(false);
  const mainRef = useRef<HTMLElement>(null);
  const first = useRef(true);

  // /console/ opens the first page.
  useEffect(() => {
    if (loc.area === '' && pages[0]) navigate(href(pages[0].area) + window.location.search, { replace: true });
  }, [loc.area]);

  useEffect(() => {
    document.title = t('title', { page: page ? page.nav[lang] : t('notFound') });
  }, [page, lang, t]);

  // A new page takes the focus on its title (not on the first load), so screen readers announce it.
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    mainRef.current?.querySelector<HTMLElement>('.page-title')?.focus();
  }, [loc.area]);

  const Page = page?.element;
  return (
    <div className="shell">
      <a className="skip" href="#main">{t('skip')}</a>
      <aside className="sidebar">
        <a className="brand" href={`${BASE}/`}>
          <span className="brand-mark" aria-hidden="true">M</span>
          <span className="brand-name">Maplelink</span>
          <span className="brand-sub">{t('console')}</span>
        </a>
        <nav aria-label={t('nav')}>
          <ul className="nav">
            {pages.map((p) => (
              <li key={p.area}>
                <Link to={href(p.area)} className="nav-link" current={p === page}>
                  {p.icon ? <Icon name={p.icon} /> : <span className="nav-dot" aria-hidden="true" />}
                  <span>{p.nav[lang]}</span>
                </Link>
              </li>
            ))}
          </ul>
        </nav>
      </aside>
      <div className="workspace">
        <header className="topbar">
          <span className="topbar-who"><Icon name="lock" />{t('signedIn')}</span>
          <div className="topbar-actions">
            <LanguageSwitch />
            <Button small busy={signingOut} onClick={() => { setSigningOut(true); void onSignOut(); }}>{t('signOut')}</Button>
          </div>
        </header>
        <main id="main" ref={mainRef} className="main-area">
          {Page ? <Page rest={loc.rest} query={loc.query} /> : loc.area !== '' && (
            <EmptyState title={t('notFound')}><p>{t('notFoundText')}</p></EmptyState>
          )}
        </main>
      </div>
    </div>
  );
}
