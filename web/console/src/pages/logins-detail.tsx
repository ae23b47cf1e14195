/**
 * A login's page: institution, state, last refresh and nightly-refresh status; its accounts with
 * balances; per account the balance, cash-flow and spending charts; its transactions (paged,
 * filtered); the attribute card with each value's explanation and supporting transactions; and
 * the actions Refresh now, Delete card and Sandbox reset.
 * API: /operator/v1/customers/{customerId}/logins/{loginId}[/charts|/transactions|/attributes|/refresh|/sandbox-reset].
 */
import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { api, ApiError, query, type Answer } from '../api.ts';
import { formatDateTime, formatMoney, useLang, useT } from '../i18n.ts';
import { href, Link, navigate } from '../router.tsx';
import { Badge, Button, ConfirmDialog, CopyButton, EmptyState, ErrorBanner, Field, FiltersBar, Loading, Notice, PageHeader, Pager, Table, usePager, type Column } from '../ui.tsx';
import { BalanceChart, CashFlowChart, SpendingChart } from '../charts.tsx';
import { loginStrings, NightlyBadge, StateBadge } from './logins-shared.tsx';

type Login = Answer<'getOperatorV1CustomersByCustomerIdLoginsByLoginId'>;
type Account = Login['accounts'][number];
type Charts = Answer<'getOperatorV1CustomersByCustomerIdLoginsByLoginIdCharts'>;
type Transactions = Answer<'getOperatorV1CustomersByCustomerIdLoginsByLoginIdTransactions'>;
type Txn = Transactions['transactions'][number];
type Attributes = Answer<'getOperatorV1CustomersByCustomerIdLoginsByLoginIdAttributes'>;
type Attribute = Attributes['attributes'][number];

const strings = {
  en: {
    back: 'All logins', notFound: 'No login {id} for this customer', customer: 'Customer', loginId: 'LoginId',
    summary: 'Login', institution: 'Institution', state: 'State', lastRefresh: 'Last refresh', nightly: 'Nightly refresh', lastRun: 'Last run', outcome: 'Outcome',
    type: 'Type', language: 'Language', never: 'Never', none: '—',
    refresh: 'Refresh now', refreshing: 'Refreshing… (RequestId {id})', refreshed: 'Refreshed: the data below is new.', deleteCard: 'Delete card', sandboxReset: 'Sandbox reset',
    deleteTitle: 'Delete login {name}?', deleteText: 'Deletes this login, its accounts and transactions, as DeleteCard does. This cannot be undone.', deleteConfirm: 'Delete card',
    resetTitle: 'Reset {name} in the sandbox?', resetText: 'Forgets its saved credentials and security answers: its next live Authorize needs both again, and it cannot be refreshed from here until then.', resetConfirm: 'Reset', resetDone: 'Reset: the saved credentials and answers are forgotten.',
    accounts: 'Accounts', accountsCaption: 'Accounts of this login', colAccount: 'Account', colCategory: 'Category / type', colNumber: 'Number', colCurrent: 'Current', colAvailable: 'Available', colLimit: 'Limit',
    charts: 'Charts', chartsFor: 'Account charted', balanceTitle: 'Balance over time', balanceStored: 'Running balances as the institution printed them.', balanceDerived: 'Worked back from the current balance.',
    cashFlowTitle: 'Monthly cash flow', spendingTitle: 'Spending by category',
    transactions: 'Transactions', transactionsCaption: 'Transactions of this login', allAccounts: 'All accounts', account: 'Account', from: 'From', to: 'To', words: 'Description contains', category: 'Category', allCategories: 'All categories',
    colDate: 'Date', colDescription: 'Description', colDebit: 'Debit', colCredit: 'Credit', colBalance: 'Balance', noTransactions: 'No transaction matches.',
    attributes: 'Attribute card', attributesText: 'Computed by Enrich over the operating accounts, as GetAllAttributes answers them; each value says where it comes from.', package: 'Attributes', allPackage: 'Every attribute',
    income: 'Income', creditRisk: 'Credit risk', userAnalysis: 'User analysis', lending: 'Lending', business: 'Business', filterNames: 'Name contains', detectedOnly: 'Detected values only',
    attributesCaption: 'Attributes', colName: 'Attribute', colValue: 'Value', colWhy: 'Explanation', supporting: 'Supporting transactions ({n})', supportingMore: 'the newest {shown} of {n}', shown: '{n} of {total} attributes shown: type part of a name to find the others',
  },
  fr: {
    back: 'Toutes les connexions', notFound: 'Aucune connexion {id} pour ce client', customer: 'Client', loginId: 'LoginId',
    summary: 'Connexion', institution: 'Institution', state: 'État', lastRefresh: 'Dernière actualisation', nightly: 'Actualisation de nuit', lastRun: 'Dernier passage', outcome: 'Résultat',
    type: 'Type', language: 'Langue', never: 'Jamais', none: '—',
    refresh: 'Actualiser', refreshing: 'Actualisation… (RequestId {id})', refreshed: 'Actualisée : les données ci-dessous sont nouvelles.', deleteCard: 'Supprimer la carte', sandboxReset: 'Réinitialiser (bac à sable)',
    deleteTitle: 'Supprimer la connexion {name} ?', deleteText: 'Supprime cette connexion, ses comptes et ses transactions, comme DeleteCard. Action irréversible.', deleteConfirm: 'Supprimer la carte',
    resetTitle: 'Réinitialiser {name} dans le bac à sable ?', resetText: 'Oublie ses identifiants et réponses de sécurité enregistrés : sa prochaine autorisation en direct demande les deux, et elle ne peut pas être actualisée d’ici d’ici là.', resetConfirm: 'Réinitialiser', resetDone: 'Réinitialisée : identifiants et réponses enregistrés oubliés.',
    accounts: 'Comptes', accountsCaption: 'Comptes de cette connexion', colAccount: 'Compte', colCategory: 'Catégorie / type', colNumber: 'Numéro', colCurrent: 'Actuel', colAvailable: 'Disponible', colLimit: 'Limite',
    charts: 'Graphiques', chartsFor: 'Compte affiché', balanceTitle: 'Solde dans le temps', balanceStored: 'Soldes courants tels que l’institution les a imprimés.', balanceDerived: 'Reconstitué à partir du solde actuel.',
    cashFlowTitle: 'Flux de trésorerie mensuel', spendingTitle: 'Dépenses par catégorie',
    transactions: 'Transactions', transactionsCaption: 'Transactions de cette connexion', allAccounts: 'Tous les comptes', account: 'Compte', from: 'Du', to: 'Au', words: 'Description contenant', category: 'Catégorie', allCategories: 'Toutes les catégories',
    colDate: 'Date', colDescription: 'Description', colDebit: 'Débit', colCredit: 'Crédit', colBalance: 'Solde', noTransactions: 'Aucune transaction ne correspond.',
    attributes: 'Fiche d’attributs', attributesText: 'Calculés par Enrich sur les comptes d’opérations, comme GetAllAttributes les donne ; chaque valeur dit d’où elle vient.', package: 'Attributs', allPackage: 'Tous les attributs',
    income: 'Revenu', creditRisk: 'Risque de crédit', userAnalysis: 'Analyse de l’utilisateur', lending: 'Prêt', business: 'Entreprise', filterNames: 'Nom contenant', detectedOnly: 'Valeurs détectées seulement',
    attributesCaption: 'Attributs', colName: 'Attribut', colValue: 'Valeur', colWhy: 'Explication', supporting: 'Transactions à l’appui ({n})', supportingMore: 'les {shown} plus récentes sur {n}', shown: '{n} attributs affichés sur {total} : tapez une partie d’un nom pour trouver les autres',
  },
};

/** The categorizer's primary categories, in French (the API names them in English, as Flinks does). */
const CATEGORY_FR: Record<string, string> = {
  'Food & Dining': 'Alimentation et restaurants', Health: 'Santé', Home: 'Maison', Income: 'Revenu', Travel: 'Voyages', Utilities: 'Services publics', Insurance: 'Assurances',
  Transfers: 'Virements', Shopping: 'Magasinage', Entertainment: 'Divertissement', Education: 'Éducation', Transportation: 'Transport', Financial: 'Finances', Personal: 'Soins personnels',
  Business: 'Entreprise', Other: 'Autre',
};
const CATEGORIES = Object.keys(CATEGORY_FR);

const base = (customerId: string, loginId: string) => `/customers/${encodeURIComponent(customerId)}/logins/${encodeURIComponent(loginId)}`;

export function LoginDetail({ customerId, loginId }: { customerId: string; loginId: string }) {
  const t = useT(strings);
  const ts = useT(loginStrings);
  const { lang } = useLang();
  const [login, setLogin] = useState<Login | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [version, setVersion] = useState(0);
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [refreshing, setRefreshing] = useState<string | null>(null);
  const [dialog, setDialog] = useState<'delete' | 'reset' | null>(null);
  const [busy, setBusy] = useState(false);
  const path = base(customerId, loginId);

  useEffect(() => {
    api<Login>('GET', path).then(setLogin, setError);
  }, [path, version]);

  // A refresh runs in the background: the login's state says when its data is in (bounded: two minutes).
  useEffect(() => {
    if (!refreshing) return;
    let tries = 0;
    const timer = setInterval(() => {
      tries++;
      api<Login>('GET', path).then((l) => {
        if (l.state !== 'aggregating' && l.nightly.lastRun !== login?.nightly.lastRun) {
          setRefreshing(null);
          setNotice(l.state === 'failed' ? null : t('refreshed'));
          setVersion((v) => v + 1);
        } else if (tries > 120) setRefreshing(null);
      }, (err: unknown) => {
        setRefreshing(null);
        setActionError(err);
      });
    }, 1000);
    return () => clearInterval(timer);
  }, [refreshing, path, login?.nightly.lastRun, t]);

  const refresh = async () => {
    setActionError(null);
    setNotice(null);
    try {
      const r = await api<{ requestId: string }>('POST', `${path}/refresh`);
      setRefreshing(r.requestId);
    } catch (err) {
      setActionError(err);
    }
  };
  const confirm = async () => {
    setBusy(true);
    setActionError(null);
    try {
      if (dialog === 'delete') {
        await api('DELETE', `${path}${query({ confirm: loginId })}`);
        navigate(href('logins'));
        return;
      }
      await api('POST', `${path}/sandbox-reset`);
      setNotice(t('resetDone'));
      setVersion((v) => v + 1);
    } catch (err) {
      setActionError(err);
    } finally {
      setBusy(false);
      setDialog(null);
    }
  };

  const back = <Link to={href('logins')} className="back-link">← {t('back')}</Link>;
  if (error) {
    return <>{back}{error instanceof ApiError && error.status === 404 ? <EmptyState title={t('notFound', { id: loginId })} /> : <ErrorBanner error={error} />}</>;
  }
  if (!login) return <>{back}<Loading /></>;
  const n = login.nightly;
  return (
    <>
      {back}
      <PageHeader
        title={login.username}
        description={
          <span className="id-line">
            <span className="muted">{t('loginId')}</span>
            <code data-copy={login.loginId}>{login.loginId}</code>
            <CopyButton value={login.loginId} label={t('loginId')} />
            <span className="muted">{t('customer')}</span>
            <Link to={href('customers', login.customerId)} className="mono">{login.customerId}</Link>
          </span>
        }
        actions={
          <>
            <Button variant="primary" onClick={() => void refresh()} busy={refreshing !== null}>{t('refresh')}</Button>
            <Button onClick={() => setDialog('reset')}>{t('sandboxReset')}</Button>
            <Button variant="danger" onClick={() => setDialog('delete')}>{t('deleteCard')}</Button>
          </>
        }
      />
      {refreshing && <Notice>{t('refreshing', { id: refreshing })}</Notice>}
      {notice && <Notice tone="success">{notice}</Notice>}
      <ErrorBanner error={actionError} onDismiss={() => setActionError(null)} />
      <ConfirmDialog
        open={dialog !== null} danger={dialog === 'delete'} busy={busy}
        title={dialog === 'delete' ? t('deleteTitle', { name: login.username }) : t('resetTitle', { name: login.username })}
        confirmLabel={dialog === 'delete' ? t('deleteConfirm') : t('resetConfirm')}
        onConfirm={() => void confirm()} onCancel={() => setDialog(null)}
      >
        <p>{dialog === 'delete' ? t('deleteText') : t('resetText')}</p>
      </ConfirmDialog>

      <section className="card" aria-labelledby="login-summary">
        <h2 id="login-summary" className="card-title">{t('summary')}</h2>
        <dl className="facts">
          <div><dt>{t('institution')}</dt><dd>{login.institution}</dd></div>
          <div><dt>{t('state')}</dt><dd><StateBadge state={login.state} t={ts} /></dd></div>
          <div><dt>{t('lastRefresh')}</dt><dd>{login.lastRefresh ? formatDateTime(login.lastRefresh, lang) : t('never')}</dd></div>
          <div><dt>{t('nightly')}</dt><dd><NightlyBadge nightly={n} t={ts} /></dd></div>
          <div><dt>{t('lastRun')}</dt><dd>{n.lastRun ? formatDateTime(n.lastRun, lang) : t('never')}</dd></div>
          <div><dt>{t('outcome')}</dt><dd>{n.lastOutcome ? <Badge tone={n.lastOutcome === 'Completed' ? 'success' : 'danger'}>{n.lastOutcome}{n.lastError ? ` · ${n.lastError}` : ''}</Badge> : t('none')}</dd></div>
          <div><dt>{t('type')}</dt><dd>{login.type}</dd></div>
          <div><dt>{t('language')}</dt><dd>{login.language.toUpperCase()}</dd></div>
        </dl>
      </section>

      <AccountsSection accounts={login.accounts} />
      <ChartsSection key={`charts-${version}`} path={path} accounts={login.accounts} />
      <TransactionsSection key={`txns-${version}`} path={path} accounts={login.accounts} />
      <AttributesSection key={`attrs-${version}`} path={path} business={login.type === 'Business'} />
    </>
  );
}

function AccountsSection({ accounts }: { accounts: Account[] }) {
  const t = useT(strings);
  const { lang } = useLang();
  const columns: Column<Account>[] = [
    { key: 'title', header: t('colAccount'), cell: (a) => a.title },
    { key: 'category', header: t('colCategory'), cell: (a) => `${a.category} · ${a.type}` },
    { key: 'number', header: t('colNumber'), cell: (a) => a.maskedNumber, mono: true },
    { key: 'current', header: t('colCurrent'), cell: (a) => formatMoney(a.balances.current, lang, a.currency), numeric: true },
    { key: 'available', header: t('colAvailable'), cell: (a) => formatMoney(a.balances.available, lang, a.currency), numeric: true },
    { key: 'limit', header: t('colLimit'), cell: (a) => formatMoney(a.balances.limit, lang, a.currency), numeric: true },
  ];
  return (
    <section className="section" aria-labelledby="login-accounts">
      <h2 id="login-accounts" className="section-title">{t('accounts')}</h2>
      <Table caption={t('accountsCaption')} columns={columns} rows={accounts} rowKey={(a) => a.id} />
    </section>
  );
}

function ChartsSection({ path, accounts }: { path: string; accounts: Account[] }) {
  const t = useT(strings);
  const { lang } = useLang();
  const [charts, setCharts] = useState<Charts | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [accountId, setAccountId] = useState<string>('');
  const selectId = useId();
  useEffect(() => {
    api<Charts>('GET', `${path}/charts`).then((c) => {
      setCharts(c);
      // The first account with history: an empty account makes empty charts.
      setAccountId((current) => current || (c.accounts.find((a) => a.cashFlow.length > 0) ?? c.accounts[0])?.accountId || '');
    }, setError);
  }, [path]);
  const account = charts?.accounts.find((a) => a.accountId === accountId);
  const names = lang === 'fr' ? CATEGORY_FR : {};
  return (
    <section className="section" aria-labelledby="login-charts">
      <div className="section-head">
        <h2 id="login-charts" className="section-title">{t('charts')}</h2>
        {accounts.length > 1 && (
          <div className="field field-inline">
            <label htmlFor={selectId}>{t('chartsFor')}</label>
            <select id={selectId} value={accountId} onChange={(e) => setAccountId(e.target.value)}>
              {accounts.map((a) => <option key={a.id} value={a.id}>{a.title} ({a.maskedNumber})</option>)}
            </select>
          </div>
        )}
      </div>
      <ErrorBanner error={error} />
      {!charts ? (error ? null : <Loading />) : account && (
        <div className="charts">
          <div className="card chart-card chart-wide">
            <h3 className="card-title">{t('balanceTitle')}</h3>
            <p className="card-text muted">{account.balance.source === 'stored' ? t('balanceStored') : t('balanceDerived')}</p>
            <BalanceChart lang={lang} account={account.title} currency={account.currency} points={account.balance.points} />
          </div>
          <div className="card chart-card">
            <h3 className="card-title">{t('cashFlowTitle')}</h3>
            <CashFlowChart lang={lang} account={account.title} currency={account.currency} months={account.cashFlow} />
          </div>
          <div className="card chart-card">
            <h3 className="card-title">{t('spendingTitle')}</h3>
            <SpendingChart lang={lang} account={account.title} currency={account.currency} categories={account.spending} names={names} />
          </div>
        </div>
      )}
    </section>
  );
}

function TransactionsSection({ path, accounts }: { path: string; accounts: Account[] }) {
  const t = useT(strings);
  const { lang } = useLang();
  const empty = { accountId: '', from: '', to: '', q: '', category: '' };
  const [form, setForm] = useState(empty);
  const [applied, setApplied] = useState(empty);
  const pager = usePager();
  const [page, setPage] = useState<Transactions | null>(null);
  const [error, setError] = useState<unknown>(null);
  const ids = { account: useId(), from: useId(), to: useId(), category: useId() };
  const currency = useMemo(() => new Map(accounts.map((a) => [a.id, a.currency])), [accounts]);
  const titles = useMemo(() => new Map(accounts.map((a) => [a.id, a.title])), [accounts]);

  const load = useCallback(() => {
    setError(null);
    api<Transactions>('GET', `${path}/transactions${query({ ...applied, limit: 25, cursor: pager.cursor })}`).then(setPage, setError);
  }, [path, applied, pager.cursor]);
  useEffect(load, [load]);

  const set = (k: keyof typeof empty) => (v: string) => setForm((f) => ({ ...f, [k]: v }));
  const money = (v: number | null, x: Txn) => (v === null ? '' : formatMoney(v, lang, currency.get(x.accountId) ?? 'CAD'));
  const columns: Column<Txn>[] = [
    { key: 'date', header: t('colDate'), cell: (x) => x.date, mono: true, width: '110px' },
    { key: 'description', header: t('colDescription'), cell: (x) => <>{x.description}{accounts.length > 1 && <span className="muted txn-account"> · {titles.get(x.accountId)}</span>}</> },
    { key: 'category', header: t('category'), cell: (x) => <span title={x.subCategory}>{lang === 'fr' ? CATEGORY_FR[x.category] ?? x.category : x.category}</span> },
    { key: 'debit', header: t('colDebit'), cell: (x) => money(x.debit, x), numeric: true },
    { key: 'credit', header: t('colCredit'), cell: (x) => money(x.credit, x), numeric: true },
    { key: 'balance', header: t('colBalance'), cell: (x) => money(x.balance, x), numeric: true },
  ];
  return (
    <section className="section" aria-labelledby="login-transactions">
      <h2 id="login-transactions" className="section-title">{t('transactions')}</h2>
      <FiltersBar label={t('transactions')} onApply={() => { pager.reset(); setApplied(form); }} onReset={() => { pager.reset(); setForm(empty); setApplied(empty); }}>
        <div className="field">
          <label htmlFor={ids.account}>{t('account')}</label>
          <select id={ids.account} value={form.accountId} onChange={(e) => set('accountId')(e.target.value)}>
            <option value="">{t('allAccounts')}</option>
            {accounts.map((a) => <option key={a.id} value={a.id}>{a.title} ({a.maskedNumber})</option>)}
          </select>
        </div>
        <div className="field"><label htmlFor={ids.from}>{t('from')}</label><input id={ids.from} type="date" value={form.from} onChange={(e) => set('from')(e.target.value)} /></div>
        <div className="field"><label htmlFor={ids.to}>{t('to')}</label><input id={ids.to} type="date" value={form.to} onChange={(e) => set('to')(e.target.value)} /></div>
        <Field label={t('words')} value={form.q} onChange={set('q')} type="search" />
        <div className="field">
          <label htmlFor={ids.category}>{t('category')}</label>
          <select id={ids.category} value={form.category} onChange={(e) => set('category')(e.target.value)}>
            <option value="">{t('allCategories')}</option>
            {CATEGORIES.map((c) => <option key={c} value={c}>{lang === 'fr' ? CATEGORY_FR[c] : c}</option>)}
          </select>
        </div>
      </FiltersBar>
      <ErrorBanner error={error} />
      {!page ? (error ? null : <Loading />) : (
        <>
          <Table caption={t('transactionsCaption')} columns={columns} rows={page.transactions} rowKey={(x) => x.id} empty={<EmptyState title={t('noTransactions')} />} />
          <Pager page={pager.page} hasPrevious={pager.page > 1} nextCursor={page.nextCursor} onPrevious={pager.previous} onNext={pager.next} />
        </>
      )}
    </section>
  );
}

/** Rows of the attribute card drawn at once: the name filter finds the others. */
const ATTRIBUTES_SHOWN = 40;

const PACKAGES = ['income', 'creditRisk', 'userAnalysis', 'lending', 'business'] as const;

function AttributesSection({ path, business }: { path: string; business: boolean }) {
  const t = useT(strings);
  const { lang } = useLang();
  const [pkg, setPkg] = useState<string>(business ? 'business' : 'income');
  const [card, setCard] = useState<Attributes | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [filter, setFilter] = useState('');
  const [detectedOnly, setDetectedOnly] = useState(true);
  const selectId = useId();
  useEffect(() => {
    setCard(null);
    setError(null);
    api<Attributes>('GET', `${path}/attributes${query({ package: pkg })}`).then(setCard, setError);
  }, [path, pkg]);
  const txns = useMemo(() => new Map((card?.transactions ?? []).map((x) => [x.id, x])), [card]);
  const rows = (card?.attributes ?? []).filter((a) => (!detectedOnly || a.value !== 'NONE_DETECTED') && a.name.toLowerCase().includes(filter.trim().toLowerCase()));
  const value = (a: Attribute) => (typeof a.value === 'number' ? (a.unit === 'currency' ? formatMoney(a.value, lang) : a.value.toLocaleString(lang === 'fr' ? 'fr-CA' : 'en-CA')) : a.value);
  const columns: Column<Attribute>[] = [
    { key: 'name', header: t('colName'), cell: (a) => <><code className="attr-name">{a.name}</code><div className="muted attr-desc">{a.description}</div></>, width: '34%' },
    { key: 'value', header: t('colValue'), cell: value, numeric: true, width: '14%' },
    {
      key: 'why', header: t('colWhy'), cell: (a) => (
        <>
          <div>{a.explanation}</div>
          {a.transactionIds.length > 0 && (
            <details className="support">
              <summary>{t('supporting', { n: a.transactionCount })}{a.transactionCount > a.transactionIds.length ? ` (${t('supportingMore', { shown: a.transactionIds.length, n: a.transactionCount })})` : ''}</summary>
              <ul>
                {a.transactionIds.map((id) => {
                  const x = txns.get(id);
                  return x ? <li key={id}><span className="mono">{x.date}</span> {x.description} <span className="num">{x.debit !== null ? `−${formatMoney(x.debit, lang)}` : formatMoney(x.credit, lang)}</span></li> : <li key={id} className="mono">{id}</li>;
                })}
              </ul>
            </details>
          )}
        </>
      ),
    },
  ];
  return (
    <section className="section" aria-labelledby="login-attributes">
      <h2 id="login-attributes" className="section-title">{t('attributes')}</h2>
      <p className="card-text muted">{t('attributesText')}</p>
      <div className="filters">
        <div className="field">
          <label htmlFor={selectId}>{t('package')}</label>
          <select id={selectId} value={pkg} onChange={(e) => setPkg(e.target.value)}>
            {PACKAGES.filter((p) => (p === 'business') === business).map((p) => <option key={p} value={p}>{t(p)}</option>)}
          </select>
        </div>
        <Field label={t('filterNames')} value={filter} onChange={setFilter} type="search" mono />
        <label className="check"><input type="checkbox" checked={detectedOnly} onChange={(e) => setDetectedOnly(e.target.checked)} /> <span className="check-label">{t('detectedOnly')}</span></label>
      </div>
      <ErrorBanner error={error} />
      {!card ? (error ? null : <Loading />) : (
        <>
          <p className="muted" aria-live="polite">{t('shown', { n: Math.min(rows.length, ATTRIBUTES_SHOWN), total: rows.length })}</p>
          <Table caption={t('attributesCaption')} columns={columns} rows={rows.slice(0, ATTRIBUTES_SHOWN)} rowKey={(a) => a.name} />
        </>
      )}
    </section>
  );
}
