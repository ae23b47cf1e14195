/**
 * Maple Budget, the example application: connect a bank account through the
 * Connect widget (an iframe served by Maplelink), show its accounts, balances and
 * transactions, and refresh them live, relaunching the widget when the bank asks
 * a security question.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { api, ApiError, type Account, type AccountsData, type Config } from './api.ts';

type Phase =
  | { kind: 'starting' }
  | { kind: 'connect'; token: string }
  | { kind: 'loading'; message: string }
  | { kind: 'data' }
  | { kind: 'mfa'; requestId: string; token: string }
  | { kind: 'error'; message: string };

interface WidgetEvent {
  step: string;
  url?: string;
  loginId?: string;
  requestId?: string;
  flinksCode?: string;
}

const money = (value: number | null, currency: string) =>
  value === null ? '—' : new Intl.NumberFormat('en-CA', { style: 'currency', currency }).format(value);

const dateText = (iso: string) => {
  const d = new Date(/^\d{4}-\d{2}-\d{2}$/.test(iso) ? `${iso}T12:00:00` : iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleDateString('en-CA', { year: 'numeric', month: 'short', day: 'numeric' });
};

const timeText = (d: Date) => d.toLocaleTimeString('en-CA', { hour: '2-digit', minute: '2-digit', second: '2-digit', hourCycle: 'h23' });

/** Credit cards and lines of credit: their balance is owed, not owned. */
const isCredit = (a: Account) => a.category === 'Credits' || a.type === 'CreditCard' || a.type === 'LineOfCredit';

const message = (err: unknown) => (err instanceof ApiError ? err.message : 'Something went wrong.');

/** The widget's URL: a new connection, or (requestId) the resumption of a session waiting for MFA. */
function widgetUrl(config: Config, token: string, requestId?: string): string {
  const url = new URL('/v2/', config.maplelinkUrl);
  const p = url.searchParams;
  p.set('customerId', config.customerId);
  p.set('authorizeToken', token);
  if (requestId) p.set('requestId', requestId);
  else {
    p.set('demo', 'true');
    p.set('institutionFilterEnable', 'true');
  }
  p.set('customerName', 'Maple Budget');
  p.set('jsRedirect', 'true');
  p.set('redirectUrl', `${window.location.origin}/connected`);
  return url.toString();
}

function ConnectFrame({ config, token, requestId, title, onEvent }: { config: Config; token: string; requestId?: string; title: string; onEvent(e: WidgetEvent): void }) {
  const ref = useRef<HTMLIFrameElement>(null);
  const handler = useRef(onEvent);
  handler.current = onEvent;
  useEffect(() => {
    const origin = new URL(config.maplelinkUrl).origin;
    const listen = (e: MessageEvent) => {
      if (e.origin !== origin || e.source !== ref.current?.contentWindow) return;
      let data: unknown = e.data;
      if (typeof data === 'string') {
        try {
          data = JSON.parse(data);
        } catch {
          return;
        }
      }
      if (data && typeof data === 'object' && typeof (data as WidgetEvent).step === 'string') handler.current(data as WidgetEvent);
    };
    window.addEventListener('message', listen);
    return () => window.removeEventListener('message', listen);
  }, [config.maplelinkUrl]);
  return (
    <iframe
      ref={ref}
      title={title}
      src={widgetUrl(config, token, requestId)}
      className="block h-[720px] w-full rounded-2xl border border-slate-200 bg-white shadow-sm"
    />
  );
}

function Spinner({ label }: { label: string }) {
  return (
    <div role="status" aria-live="polite" className="flex flex-col items-center justify-center gap-4 rounded-2xl border border-slate-200 bg-white px-6 py-16 text-slate-600 shadow-sm">
      <span aria-hidden="true" className="h-10 w-10 animate-spin rounded-full border-4 border-emerald-200 border-t-emerald-700" />
      <p className="text-base">{label}</p>
    </div>
  );
}

function AccountCard({ account, selected, onSelect }: { account: Account; selected: boolean; onSelect(): void }) {
  return (
    <button
      type="button"
      onClick={onSelect}
      aria-pressed={selected}
      aria-label={`${account.title}${account.accountNumberLast4 ? ` ending in ${account.accountNumberLast4}` : ''}, ${isCredit(account) ? 'owed' : 'balance'} ${money(account.balance.current, account.currency)}`}
      className={`flex w-full flex-col gap-1 rounded-xl border p-4 text-left shadow-sm transition focus:outline-none focus-visible:ring-2 focus-visible:ring-emerald-600 focus-visible:ring-offset-2 ${
        selected ? 'border-emerald-600 bg-emerald-50 ring-1 ring-emerald-600' : 'border-slate-200 bg-white hover:border-slate-300'
      }`}
    >
      <span className="flex items-start justify-between gap-2">
        <span className="font-semibold text-slate-900">{account.title}</span>
        <span className="rounded-full bg-slate-100 px-2 py-0.5 text-xs font-medium text-slate-600">{account.currency}</span>
      </span>
      <span className="text-sm text-slate-500">
        {[account.type, account.accountNumberLast4 ? `•••• ${account.accountNumberLast4}` : null].filter(Boolean).join(' · ')}
      </span>
      <span className="mt-2 text-xs font-medium uppercase tracking-wide text-slate-500">{isCredit(account) ? 'Balance owed' : 'Balance'}</span>
      <span className="text-2xl font-semibold tabular-nums text-slate-900">{money(account.balance.current, account.currency)}</span>
      <span className="text-sm text-slate-500">
        {isCredit(account) ? 'Available credit' : 'Available'} <span className="tabular-nums">{money(account.balance.available, account.currency)}</span>
      </span>
    </button>
  );
}

const PAGE = 15;

function Transactions({ account }: { account: Account }) {
  const [all, setAll] = useState(false);
  useEffect(() => setAll(false), [account.id]);
  const sorted = useMemo(() => [...account.transactions].sort((a, b) => b.date.localeCompare(a.date)), [account.transactions]);
  const shown = all ? sorted : sorted.slice(0, PAGE);
  return (
    <section aria-labelledby="tx-title" className="rounded-2xl border border-slate-200 bg-white shadow-sm">
      <div className="flex flex-wrap items-baseline justify-between gap-2 border-b border-slate-200 px-4 py-3 sm:px-6">
        <h2 id="tx-title" className="text-lg font-semibold text-slate-900">
          Transactions — {account.title}
        </h2>
        <p className="text-sm text-slate-500">{sorted.length} in the last 90 days</p>
      </div>
      {sorted.length === 0 ? (
        <p className="px-6 py-8 text-slate-600">No transactions in the last 90 days.</p>
      ) : (
        <div className="overflow-x-auto">
          <table className="w-full text-sm">
            <caption className="sr-only">Transactions of {account.title}, most recent first</caption>
            <thead className="bg-slate-50 text-left text-xs font-semibold uppercase tracking-wide text-slate-500">
              <tr>
                <th scope="col" className="hidden px-4 py-2 sm:table-cell sm:px-6">Date</th>
                <th scope="col" className="px-4 py-2">Description</th>
                <th scope="col" className="px-4 py-2 text-right">Amount</th>
                <th scope="col" className="hidden px-4 py-2 text-right sm:table-cell sm:pr-6">Balance</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {shown.map((t) => {
                const amount = (t.credit ?? 0) - (t.debit ?? 0);
                return (
                  <tr key={t.id} className="hover:bg-slate-50">
                    <td className="hidden whitespace-nowrap px-4 py-2 text-slate-600 sm:table-cell sm:px-6">{dateText(t.date)}</td>
                    <td className="px-4 py-2 text-slate-900">
                      {t.description}
                      <span className="block text-xs text-slate-500 sm:hidden">{dateText(t.date)}</span>
                    </td>
                    <td className={`whitespace-nowrap px-4 py-2 text-right align-top font-medium tabular-nums sm:align-middle ${amount < 0 ? 'text-rose-700' : 'text-emerald-700'}`}>
                      {amount < 0 ? `−${money(-amount, account.currency)}` : `+${money(amount, account.currency)}`}
                    </td>
                    <td className="hidden whitespace-nowrap px-4 py-2 text-right tabular-nums text-slate-700 sm:table-cell sm:pr-6">{money(t.balance, account.currency)}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      {sorted.length > PAGE && (
        <div className="border-t border-slate-200 px-4 py-3 sm:px-6">
          <button type="button" onClick={() => setAll(!all)} className="text-sm font-medium text-emerald-800 underline-offset-2 hover:underline focus:outline-none focus-visible:ring-2 focus-visible:ring-emerald-600">
            {all ? `Show the ${PAGE} most recent` : `Show all ${sorted.length} transactions`}
          </button>
        </div>
      )}
    </section>
  );
}

function Dashboard({ data, refreshing, notice, onRefresh, onDisconnect }: { data: AccountsData; refreshing: boolean; notice: string | null; onRefresh(): void; onDisconnect(): void }) {
  const [selectedId, setSelectedId] = useState<string | null>(data.accounts[0]?.id ?? null);
  const selected = data.accounts.find((a) => a.id === selectedId) ?? data.accounts[0] ?? null;
  const totals = useMemo(() => {
    const sum = (credit: boolean) => {
      const byCurrency = new Map<string, number>();
      for (const a of data.accounts) if (isCredit(a) === credit) byCurrency.set(a.currency, (byCurrency.get(a.currency) ?? 0) + (a.balance.current ?? 0));
      return [...byCurrency].map(([c, v]) => money(v, c)).join(' + ');
    };
    return { owned: sum(false), owed: sum(true) };
  }, [data.accounts]);
  return (
    <div className="flex flex-col gap-6">
      <section aria-labelledby="accounts-title" className="flex flex-col gap-4">
        <div className="flex flex-wrap items-end justify-between gap-4">
          <div>
            <h1 id="accounts-title" className="text-2xl font-bold text-slate-900">Your accounts</h1>
            <p className="text-sm text-slate-600">
              {data.institution ?? 'Your bank'} · {data.accounts.length} account{data.accounts.length === 1 ? '' : 's'}
              {data.lastRefresh ? ` · data from ${new Date(data.lastRefresh).toLocaleString('en-CA')}` : ''}
            </p>
            <dl className="mt-2 flex flex-wrap gap-x-6 gap-y-1 text-sm">
              {totals.owned && (
                <div className="flex gap-1">
                  <dt className="text-slate-600">Cash and savings</dt>
                  <dd className="font-semibold tabular-nums text-slate-900">{totals.owned}</dd>
                </div>
              )}
              {totals.owed && (
                <div className="flex gap-1">
                  <dt className="text-slate-600">Owed on credit</dt>
                  <dd className="font-semibold tabular-nums text-slate-900">{totals.owed}</dd>
                </div>
              )}
            </dl>
          </div>
          <div className="flex flex-wrap gap-2">
            <button
              type="button"
              onClick={onDisconnect}
              className="rounded-lg border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-emerald-600 focus-visible:ring-offset-2"
            >
              Connect another account
            </button>
            <button
              type="button"
              onClick={onRefresh}
              disabled={refreshing}
              aria-busy={refreshing}
              className="inline-flex items-center gap-2 rounded-lg bg-emerald-700 px-4 py-2 text-sm font-semibold text-white shadow-sm hover:bg-emerald-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-emerald-600 focus-visible:ring-offset-2 disabled:cursor-wait disabled:opacity-70"
            >
              {refreshing && <span aria-hidden="true" className="h-4 w-4 animate-spin rounded-full border-2 border-white/40 border-t-white" />}
              Refresh Data
            </button>
          </div>
        </div>
        <p role="status" aria-live="polite" className="min-h-5 text-sm text-emerald-800">
          {refreshing ? 'Refreshing your data with the bank…' : notice}
        </p>
        <ul className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-3" aria-label="Accounts">
          {data.accounts.map((a) => (
            <li key={a.id}>
              <AccountCard account={a} selected={a.id === selected?.id} onSelect={() => setSelectedId(a.id)} />
            </li>
          ))}
        </ul>
      </section>
      {selected && <Transactions account={selected} />}
    </div>
  );
}

export function App() {
  const [config, setConfig] = useState<Config | null>(null);
  const [phase, setPhase] = useState<Phase>({ kind: 'starting' });
  const [data, setData] = useState<AccountsData | null>(null);
  const [loginId, setLoginId] = useState<string | null>(null);
  const [refreshing, setRefreshing] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [refreshError, setRefreshError] = useState<string | null>(null);

  const startConnect = useCallback(async () => {
    setPhase({ kind: 'starting' });
    try {
      const cfg = config ?? (await api.config());
      setConfig(cfg);
      const { token } = await api.token();
      setPhase({ kind: 'connect', token });
    } catch (err) {
      setPhase({ kind: 'error', message: message(err) });
    }
  }, [config]);

  // Once, on load. React's StrictMode runs effects twice in development: a second authorize token
  // would change the widget's address under it, and a token is single use, so the ref keeps it to one.
  const started = useRef(false);
  useEffect(() => {
    if (started.current) return;
    started.current = true;
    void startConnect();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const show = (d: AccountsData, note: string) => {
    setData(d);
    setNotice(note);
    setPhase({ kind: 'data' });
  };

  const onConnectEvent = async (e: WidgetEvent) => {
    if (e.step !== 'REDIRECT') return;
    const id = (e.url ? new URL(e.url).searchParams.get('loginId') : null) ?? e.loginId ?? null;
    if (!id) {
      setPhase({ kind: 'error', message: 'The widget did not send a loginId.' });
      return;
    }
    setLoginId(id);
    setPhase({ kind: 'loading', message: 'Retrieving your accounts…' });
    try {
      show(await api.accounts(id), `Connected at ${timeText(new Date())}.`);
    } catch (err) {
      setPhase({ kind: 'error', message: message(err) });
    }
  };

  const onMfaEvent = async (requestId: string, e: WidgetEvent) => {
    if (e.step !== 'REDIRECT') return;
    setPhase({ kind: 'loading', message: 'Retrieving your refreshed data…' });
    try {
      show(await api.afterMfa(requestId), `Data refreshed at ${timeText(new Date())} after your answer.`);
    } catch (err) {
      setPhase({ kind: 'error', message: message(err) });
    }
  };

  const refresh = async () => {
    if (!loginId) return;
    setRefreshing(true);
    setRefreshError(null);
    setNotice(null);
    try {
      const r = await api.refresh(loginId);
      if (r.status === 'ready') show(r, `Data refreshed at ${timeText(new Date())}.`);
      else setPhase({ kind: 'mfa', requestId: r.requestId, token: r.authorizeToken });
    } catch (err) {
      setRefreshError(message(err));
    } finally {
      setRefreshing(false);
    }
  };

  const disconnect = () => {
    setData(null);
    setLoginId(null);
    setNotice(null);
    setRefreshError(null);
    void startConnect();
  };

  return (
    <div className="min-h-screen bg-slate-100 text-slate-900">
      <header className="border-b border-slate-200 bg-white">
        <div className="mx-auto flex max-w-6xl items-center gap-3 px-4 py-3 sm:px-6">
          <span aria-hidden="true" className="flex h-9 w-9 items-center justify-center rounded-lg bg-emerald-700 text-lg font-bold text-white">M</span>
          <div>
            <p className="font-semibold leading-tight">Maple Budget</p>
            <p className="text-xs text-slate-500">An example application on Maplelink</p>
          </div>
        </div>
      </header>
      <main className="mx-auto max-w-6xl px-4 py-6 sm:px-6 sm:py-10">
        {phase.kind === 'starting' && <Spinner label="Preparing a secure connection…" />}

        {phase.kind === 'connect' && config && (
          <div className="grid gap-8 lg:grid-cols-[1fr_480px] lg:items-start">
            <section aria-labelledby="connect-title" className="flex flex-col gap-4">
              <h1 id="connect-title" className="text-2xl font-bold sm:text-3xl">Connect your bank account</h1>
              <p className="text-slate-700">
                Link an account to see its balances and transactions in one place. You log in to your bank in the secure window; Maple Budget never sees your password.
              </p>
              <ol className="list-decimal space-y-1 pl-5 text-slate-700">
                <li>Choose your institution (try <strong>Flinks Capital</strong>).</li>
                <li>Log in (sandbox: <code className="rounded bg-slate-200 px-1">Greatday</code> / <code className="rounded bg-slate-200 px-1">Everyday</code>).</li>
                <li>Answer the security question, if asked.</li>
              </ol>
            </section>
            <ConnectFrame config={config} token={phase.token} title="Connect your bank account" onEvent={(e) => void onConnectEvent(e)} />
          </div>
        )}

        {phase.kind === 'loading' && <Spinner label={phase.message} />}

        {phase.kind === 'mfa' && config && (
          <div className="grid gap-8 lg:grid-cols-[1fr_480px] lg:items-start">
            <section aria-labelledby="mfa-title" className="flex flex-col gap-4">
              <h1 id="mfa-title" className="text-2xl font-bold sm:text-3xl">Your bank needs a confirmation</h1>
              <p className="text-slate-700">To refresh your data, your bank asks a security question. Answer it in the secure window; we fetch your data right after.</p>
              <div>
                <button
                  type="button"
                  onClick={() => setPhase({ kind: 'data' })}
                  className="rounded-lg border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-700 hover:bg-slate-50 focus:outline-none focus-visible:ring-2 focus-visible:ring-emerald-600 focus-visible:ring-offset-2"
                >
                  Cancel the refresh
                </button>
              </div>
            </section>
            <ConnectFrame
              config={config}
              token={phase.token}
              requestId={phase.requestId}
              title="Answer your bank’s security question"
              onEvent={(e) => void onMfaEvent(phase.requestId, e)}
            />
          </div>
        )}

        {phase.kind === 'data' && data && (
          <>
            {refreshError && (
              <div role="alert" className="mb-4 rounded-lg border border-rose-200 bg-rose-50 px-4 py-3 text-sm text-rose-800">
                The refresh failed: {refreshError}
              </div>
            )}
            <Dashboard key={data.requestId} data={data} refreshing={refreshing} notice={notice} onRefresh={() => void refresh()} onDisconnect={disconnect} />
          </>
        )}

        {phase.kind === 'error' && (
          <div role="alert" className="flex flex-col items-start gap-3 rounded-2xl border border-rose-200 bg-rose-50 p-6">
            <h1 className="text-xl font-semibold text-rose-900">Something went wrong</h1>
            <p className="text-rose-800">{phase.message}</p>
            <div className="flex flex-wrap gap-2">
              {data && (
                <button type="button" onClick={() => setPhase({ kind: 'data' })} className="rounded-lg border border-rose-300 bg-white px-4 py-2 text-sm font-medium text-rose-900 hover:bg-rose-100 focus:outline-none focus-visible:ring-2 focus-visible:ring-rose-600">
                  Back to your accounts
                </button>
              )}
              <button type="button" onClick={disconnect} className="rounded-lg bg-rose-700 px-4 py-2 text-sm font-semibold text-white hover:bg-rose-800 focus:outline-none focus-visible:ring-2 focus-visible:ring-rose-600 focus-visible:ring-offset-2">
                Start over
              </button>
            </div>
          </div>
        )}
      </main>
    </div>
  );
}
