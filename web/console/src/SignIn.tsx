/**
 * The sign-in page: the operator key (MAPLELINK_OPERATOR_KEY, or DATA_DIR/operator.key) in one
 * field, sent once to POST /operator/v1/session, which sets the HttpOnly session cookie. A wrong
 * key shows nothing but the refusal; after too many the server refuses the address for a minute.
 */
import { useState, type FormEvent } from 'react';
import { api, ApiError, type Answer } from './api.ts';
import { LanguageSwitch } from './LanguageSwitch.tsx';
import { useT } from './i18n.ts';
import { Button, ErrorBanner, Field, Notice } from './ui.tsx';

type Session = Answer<'postOperatorV1Session'>;

const strings = {
  en: {
    title: 'Sign in to the console',
    intro: 'See and steer what this Maplelink is doing: customers, requests, logins, webhooks, payments.',
    key: 'Operator key',
    keyHint: 'MAPLELINK_OPERATOR_KEY, or the key Maplelink generated at its first start into DATA_DIR/operator.key.',
    submit: 'Sign in',
    wrong: 'That operator key is not right.',
    tooMany: 'Too many wrong keys from this address. Try again in {seconds} s.',
    expired: 'Your session has ended. Sign in again to continue.',
    signedOut: 'You are signed out.',
    empty: 'Enter the operator key.',
  },
  fr: {
    title: 'Connexion à la console',
    intro: 'Voyez et pilotez ce que fait ce Maplelink : clients, requêtes, connexions, webhooks, paiements.',
    key: "Clé d'opérateur",
    keyHint: 'MAPLELINK_OPERATOR_KEY, ou la clé que Maplelink a créée à son premier démarrage dans DATA_DIR/operator.key.',
    submit: 'Se connecter',
    wrong: "Cette clé d'opérateur n'est pas la bonne.",
    tooMany: "Trop de clés erronées depuis cette adresse. Réessayez dans {seconds} s.",
    expired: 'Votre session a pris fin. Reconnectez-vous pour continuer.',
    signedOut: 'Vous êtes déconnecté.',
    empty: "Saisissez la clé d'opérateur.",
  },
};

export function SignIn({ why, error, onSignedIn }: { why: 'none' | 'expired' | 'signedOut'; error: unknown; onSignedIn(s: Session): void }) {
  const t = useT(strings);
  const [key, setKey] = useState('');
  const [busy, setBusy] = useState(false);
  const [fieldError, setFieldError] = useState<string | null>(null);
  const [failure, setFailure] = useState<unknown>(error);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setFailure(null);
    if (!key.trim()) {
      setFieldError(t('empty'));
      return;
    }
    setBusy(true);
    setFieldError(null);
    try {
      const session = await api<Session>('POST', '/session', { key: key.trim() });
      setKey('');
      onSignedIn(session);
    } catch (err) {
      if (err instanceof ApiError && err.status === 401) setFieldError(t('wrong'));
      else if (err instanceof ApiError && err.status === 429) setFieldError(t('tooMany', { seconds: /(\d+) s/.exec(err.error)?.[1] ?? '60' }));
      else setFailure(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="signin-page">
      <div className="signin-lang"><LanguageSwitch /></div>
      <main className="signin-card">
        <div className="brand brand-large">
          <span className="brand-mark" aria-hidden="true">M</span>
          <span className="brand-name">Maplelink</span>
        </div>
        <h1 className="signin-title">{t('title')}</h1>
        <p className="signin-intro">{t('intro')}</p>
        {why === 'expired' && <Notice tone="warning">{t('expired')}</Notice>}
        {why === 'signedOut' && <Notice>{t('signedOut')}</Notice>}
        <ErrorBanner error={failure} />
        <form onSubmit={(e) => void submit(e)} noValidate>
          <Field label={t('key')} type="password" value={key} onChange={setKey} hint={t('keyHint')} error={fieldError} autoFocus autoComplete="current-password" mono name="operator-key" />
          <Button type="submit" variant="primary" busy={busy}>{t('submit')}</Button>
        </form>
      </main>
    </div>
  );
}
