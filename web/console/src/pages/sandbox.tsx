/**
 * Sandbox (only when the server runs with SANDBOX on; otherwise the page says so): the sandbox
 * clock (read, advance), importing a custom user for a customer from its JSON document, and firing
 * a login's webhooks. API: /operator/v1/sandbox/clock[...], /operator/v1/customers/{id}/sandbox/...
 * (src/sandbox/operator-routes.ts).
 */
import { useCallback, useEffect, useState } from 'react';
import { api, ApiError, type Answer } from '../api.ts';
import { formatDateTime, useLang, useT } from '../i18n.ts';
import type { PageProps } from '../router.tsx';
import { Button, ErrorBanner, Loading, Notice, PageHeader } from '../ui.tsx';
import { CustomerPicker, Select, setQuery } from './ops-common.tsx';

type Clock = Answer<'getOperatorV1SandboxClock'>;
type Imported = Answer<'postOperatorV1CustomersByCustomerIdSandboxUsers'>;
type Fired = Answer<'postOperatorV1CustomersByCustomerIdSandboxWebhooksFire'>;

const EXAMPLE = JSON.stringify({
  Username: 'jane_doe',
  Holder: { Name: 'Jane Doe', Email: 'jane@example.com' },
  Accounts: [{ Title: 'Chequing', AccountNumber: '1234567', Balance: { Current: 1520.75 }, Transactions: [{ Date: '2026-11-02', Description: 'PAYROLL', Credit: 2100 }] }],
}, null, 2);

const strings = {
  en: {
    title: 'Sandbox', description: 'Controls of the sandbox: its clock, test users with exactly the data you give them, and webhooks on demand.',
    off: 'The sandbox is off on this server (SANDBOX=off): these controls are not available.', clock: 'Clock', now: 'Sandbox time', offset: 'Ahead of real time by {d} d {h} h {m} min.',
    days: 'Days', hours: 'Hours', minutes: 'Minutes', advance: 'Advance the clock', advanced: 'The clock moved forward.', clockText: 'Moving the clock forward lets refreshes see new transactions and cut-offs and settlements see a later date. It never goes back.',
    importTitle: 'Import a custom user', importText: 'A JSON document of accounts and transactions: logging in to FlinksCapital with its Username and Password gives exactly that data.',
    document: 'User document (JSON)', import: 'Import user', importedNotice: 'Imported: log in to FlinksCapital as {username} with password {password}.', badJson: 'The document is not valid JSON: {message}',
    fireTitle: 'Fire a webhook', fireText: "Sends a login's KYC and/or GetAccountsDetail webhook now, to the customer's webhook URL.", loginId: 'LoginId', type: 'Webhook',
    both: 'KYC and GetAccountsDetail', fire: 'Fire webhook', firedNotice: '{n} webhooks queued. Follow them on the Webhooks page.', customerFirst: 'Choose a customer first.',
  },
  fr: {
    title: 'Bac à sable', description: 'Les commandes du bac à sable : son horloge, des utilisateurs de test avec exactement les données fournies, et des webhooks sur demande.',
    off: "Le bac à sable est désactivé sur ce serveur (SANDBOX=off) : ces commandes ne sont pas disponibles.", clock: 'Horloge', now: 'Heure du bac à sable', offset: 'En avance sur l’heure réelle de {d} j {h} h {m} min.',
    days: 'Jours', hours: 'Heures', minutes: 'Minutes', advance: "Avancer l'horloge", advanced: "L'horloge a avancé.", clockText: "Avancer l'horloge permet aux actualisations de voir de nouvelles transactions et aux coupures et règlements de voir une date plus tardive. Elle ne recule jamais.",
    importTitle: 'Importer un utilisateur', importText: 'Un document JSON de comptes et de transactions : se connecter à FlinksCapital avec son Username et son Password donne exactement ces données.',
    document: "Document de l'utilisateur (JSON)", import: "Importer l'utilisateur", importedNotice: 'Importé : connectez-vous à FlinksCapital comme {username} avec le mot de passe {password}.', badJson: "Le document n'est pas du JSON valide : {message}",
    fireTitle: 'Déclencher un webhook', fireText: "Envoie maintenant le webhook KYC et/ou GetAccountsDetail d'une connexion à l'URL de webhook du client.", loginId: 'LoginId', type: 'Webhook',
    both: 'KYC et GetAccountsDetail', fire: 'Déclencher le webhook', firedNotice: '{n} webhooks en file. Suivez-les sur la page Webhooks.', customerFirst: "Choisissez d'abord un client.",
  },
};

type T = ReturnType<typeof useT<keyof typeof strings.en>>;

export function SandboxPage({ query: q }: PageProps) {
  const t = useT(strings);
  const [clock, setClock] = useState<Clock | null>(null);
  const [off, setOff] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const customer = q.get('customer') ?? '';
  useEffect(() => {
    api<Clock>('GET', '/sandbox/clock').then(setClock, (err: unknown) => (err instanceof ApiError && err.status === 404 ? setOff(true) : setError(err)));
  }, []);
  return (
    <div className="ops-stack">
      <PageHeader title={t('title')} description={t('description')} />
      <ErrorBanner error={error} />
      {off && <Notice tone="warning">{t('off')}</Notice>}
      {!off && !clock && !error && <Loading />}
      {clock && (
        <>
          <ClockCard t={t} clock={clock} onChange={setClock} />
          <div className="filters ops-inline"><CustomerPicker value={customer} onChange={(v) => setQuery('customer', v || null)} /></div>
          <div className="ops-grid">
            <ImportCard t={t} customerId={customer} />
            <FireCard t={t} customerId={customer} />
          </div>
        </>
      )}
    </div>
  );
}

function NumberField({ label, value, onChange }: { label: string; value: string; onChange(v: string): void }) {
  const id = `sb-${label}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} className="ops-num" type="number" min={0} inputMode="numeric" value={value} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}

function ClockCard({ t, clock, onChange }: { t: T; clock: Clock; onChange(c: Clock): void }) {
  const { lang } = useLang();
  const [days, setDays] = useState('1');
  const [hours, setHours] = useState('0');
  const [minutes, setMinutes] = useState('0');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [moved, setMoved] = useState(false);
  const s = clock.offsetSeconds;
  const advance = useCallback(async () => {
    setBusy(true);
    setError(null);
    setMoved(false);
    try {
      onChange(await api<Clock>('POST', '/sandbox/clock/advance', { days: Number(days) || 0, hours: Number(hours) || 0, minutes: Number(minutes) || 0 }));
      setMoved(true);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }, [days, hours, minutes, onChange]);
  return (
    <section className="card" aria-labelledby="sb-clock">
      <h2 id="sb-clock" className="card-title">{t('clock')}</h2>
      <p><strong>{t('now')}:</strong> <span className="mono">{formatDateTime(clock.now, lang)}</span></p>
      <p className="muted">{t('offset', { d: Math.floor(s / 86400), h: Math.floor((s % 86400) / 3600), m: Math.floor((s % 3600) / 60) })}</p>
      <p className="card-text">{t('clockText')}</p>
      <form className="ops-inline" onSubmit={(e) => { e.preventDefault(); void advance(); }}>
        <NumberField label={t('days')} value={days} onChange={setDays} />
        <NumberField label={t('hours')} value={hours} onChange={setHours} />
        <NumberField label={t('minutes')} value={minutes} onChange={setMinutes} />
        <Button type="submit" variant="primary" busy={busy}>{t('advance')}</Button>
      </form>
      <ErrorBanner error={error} />
      {moved && <Notice tone="success">{t('advanced')}</Notice>}
    </section>
  );
}

function ImportCard({ t, customerId }: { t: T; customerId: string }) {
  const [doc, setDoc] = useState(EXAMPLE);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [done, setDone] = useState<Imported | null>(null);
  const submit = async () => {
    setError(null);
    setDone(null);
    let parsed: unknown;
    try {
      parsed = JSON.parse(doc);
    } catch (err) {
      setError(new Error(t('badJson', { message: (err as Error).message })));
      return;
    }
    setBusy(true);
    try {
      setDone(await api<Imported>('POST', `/customers/${customerId}/sandbox/users`, parsed));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="sb-import">
      <h2 id="sb-import" className="card-title">{t('importTitle')}</h2>
      <p className="card-text">{t('importText')}</p>
      <div className="field">
        <label htmlFor="sb-doc">{t('document')}</label>
        <textarea id="sb-doc" className="textarea" value={doc} onChange={(e) => setDoc(e.target.value)} spellCheck={false} rows={12} />
      </div>
      <ErrorBanner error={error} />
      {done && <Notice tone="success">{t('importedNotice', { username: done.username, password: done.password })}</Notice>}
      {!customerId && <p className="muted">{t('customerFirst')}</p>}
      <div className="card-actions"><Button variant="primary" onClick={() => void submit()} busy={busy} disabled={!customerId}>{t('import')}</Button></div>
    </section>
  );
}

function FireCard({ t, customerId }: { t: T; customerId: string }) {
  const [loginId, setLoginId] = useState('');
  const [type, setType] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [fired, setFired] = useState<Fired | null>(null);
  const fire = async () => {
    setBusy(true);
    setError(null);
    setFired(null);
    try {
      setFired(await api<Fired>('POST', `/customers/${customerId}/sandbox/webhooks/fire`, { loginId: loginId.trim(), ...(type ? { type } : {}) }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="sb-fire">
      <h2 id="sb-fire" className="card-title">{t('fireTitle')}</h2>
      <p className="card-text">{t('fireText')}</p>
      <form onSubmit={(e) => { e.preventDefault(); void fire(); }}>
        <div className="field">
          <label htmlFor="sb-login">{t('loginId')}</label>
          <input id="sb-login" className="mono" value={loginId} onChange={(e) => setLoginId(e.target.value)} spellCheck={false} autoComplete="off" required />
        </div>
        <Select label={t('type')} value={type} onChange={setType}>
          <option value="">{t('both')}</option>
          <option value="KYC">KYC</option>
          <option value="GetAccountsDetail">GetAccountsDetail</option>
        </Select>
        <ErrorBanner error={error} />
        {fired && <Notice tone="success">{t('firedNotice', { n: fired.eventIds.length })}</Notice>}
        {!customerId && <p className="muted">{t('customerFirst')}</p>}
        <div className="card-actions"><Button type="submit" variant="primary" busy={busy} disabled={!customerId || !loginId.trim()}>{t('fire')}</Button></div>
      </form>
    </section>
  );
}
