/**
 * The request feed: every call of the Flinks surfaces (/v3: Connect, Enrich, Upload...) newest
 * first, filtered by customer, status (404 or 4xx), FlinksCode, endpoint and time, searched by
 * RequestId or LoginId, paged by cursor; a row opens its details. The filters live in the address
 * (shareable, Back works). API: /operator/v1/requests[...] (src/platform/operator/requests.ts).
 */
import { useEffect, useMemo, useState, type ReactNode } from 'react';
import { api, query, type Answer } from '../api.ts';
import { formatNumber, localeOf, useLang, useT } from '../i18n.ts';
import { href, Link, navigate, type PageProps } from '../router.tsx';
import { Badge, EmptyState, ErrorBanner, Field, FiltersBar, Loading, PageHeader, Pager, Table, usePager, type Column } from '../ui.tsx';
import './requests.css';

type Feed = Answer<'getOperatorV1Requests'>;
type Recorded = Feed['requests'][number];
type Endpoints = Answer<'getOperatorV1RequestsEndpoints'>;
type Customers = Answer<'getOperatorV1Customers'>;

const strings = {
  en: {
    title: 'Request feed', description: 'Every call of the Flinks API (Connect, Enrich, Upload), newest first. Search a RequestId or LoginId, or narrow by customer, status, code, endpoint and time.',
    filters: 'Filter requests', search: 'RequestId or LoginId', searchHint: 'Exact match', customer: 'Customer', anyCustomer: 'All customers', status: 'Status', statusHint: '404, or a class: 4xx',
    code: 'FlinksCode', endpoint: 'Endpoint', anyEndpoint: 'All endpoints', from: 'From', to: 'To',
    colTime: 'Time', colCustomer: 'Customer', colEndpoint: 'Endpoint', colRequest: 'RequestId', colLogin: 'LoginId', colStatus: 'Status', colCode: 'FlinksCode', colDuration: 'Duration',
    caption: 'Recorded requests, newest first', emptyTitle: 'No requests match', emptyText: 'Calls to /v3 appear here a moment after they are answered.', emptyFiltered: 'Try fewer filters, or another time range.',
    off: 'This server does not record requests (REQUEST_LOG=off): only what other replicas recorded shows here.',
    badStatus: 'A status is three digits (404) or a class (4xx).', ms: '{n} ms',
    back: 'Request feed', detailTitle: 'Request {id}', notFound: 'No recorded request {id}', at: 'Received', method: 'Method', product: 'Product', duration: 'Duration',
    none: '—', sameRequest: 'Every call of this RequestId', sameLogin: 'Every call of this LoginId', openLogin: 'Open the login', details: 'Details of request {id}',
  },
  fr: {
    title: 'Flux des requêtes', description: "Chaque appel de l'API Flinks (Connect, Enrich, Upload), du plus récent au plus ancien. Cherchez un RequestId ou un LoginId, ou filtrez par client, statut, code, point d'accès et période.",
    filters: 'Filtrer les requêtes', search: 'RequestId ou LoginId', searchHint: 'Correspondance exacte', customer: 'Client', anyCustomer: 'Tous les clients', status: 'Statut', statusHint: '404, ou une classe : 4xx',
    code: 'FlinksCode', endpoint: "Point d'accès", anyEndpoint: "Tous les points d'accès", from: 'Du', to: 'Au',
    colTime: 'Heure', colCustomer: 'Client', colEndpoint: "Point d'accès", colRequest: 'RequestId', colLogin: 'LoginId', colStatus: 'Statut', colCode: 'FlinksCode', colDuration: 'Durée',
    caption: 'Requêtes enregistrées, les plus récentes en premier', emptyTitle: 'Aucune requête ne correspond', emptyText: 'Les appels à /v3 paraissent ici un instant après leur réponse.', emptyFiltered: "Essayez moins de filtres, ou une autre période.",
    off: "Ce serveur n'enregistre pas les requêtes (REQUEST_LOG=off) : seules celles des autres répliques paraissent ici.",
    badStatus: 'Un statut a trois chiffres (404) ou est une classe (4xx).', ms: '{n} ms',
    back: 'Flux des requêtes', detailTitle: 'Requête {id}', notFound: 'Aucune requête enregistrée {id}', at: 'Reçue', method: 'Méthode', product: 'Produit', duration: 'Durée',
    none: '—', sameRequest: 'Tous les appels de ce RequestId', sameLogin: 'Tous les appels de ce LoginId', openLogin: 'Ouvrir la connexion', details: 'Détails de la requête {id}',
  },
};

/** The filters the address carries, by their API names. */
const FILTERS = ['q', 'customerId', 'status', 'flinksCode', 'endpoint', 'from', 'to'] as const;
type Filters = Partial<Record<(typeof FILTERS)[number], string>>;

export function RequestsPage({ rest, query: q }: PageProps) {
  return rest[0] ? <RequestDetail id={rest[0]} /> : <RequestList params={q} />;
}

/** The path after /v3/{customerId}: what tells one endpoint from another. */
function shortEndpoint(endpoint: string): string {
  return endpoint.replace(/^\/v3\/\{customerId\}/, '');
}

function statusTone(status: number): 'success' | 'info' | 'warning' | 'danger' {
  return status >= 500 ? 'danger' : status >= 400 ? 'warning' : status === 200 ? 'success' : 'info';
}

/** A time with seconds (the feed is read to the second), in the language's locale. */
function formatTime(iso: string, lang: 'en' | 'fr'): string {
  const d = new Date(iso);
  return d.toLocaleString(localeOf(lang), { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit' });
}

/** `datetime-local` speaks local time without a zone; the API wants ISO 8601 with one. */
const toIso = (local: string) => (local ? new Date(local).toISOString() : '');
const toLocal = (iso: string | undefined) => {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return '';
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}`;
};

function loginHref(r: { customerId: string | null; loginId: string | null }): string | null {
  return r.customerId && r.loginId ? href('logins', r.customerId, r.loginId) : null;
}

/** A labelled native select in the filters' style. */
function Select({ label, value, onChange, children }: { label: string; value: string; onChange(v: string): void; children: ReactNode }) {
  const id = `select-${label.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} className="select" value={value} onChange={(e) => onChange(e.target.value)}>{children}</select>
    </div>
  );
}

function useCustomers(): Map<string, string> {
  const [names, setNames] = useState(new Map<string, string>());
  useEffect(() => {
    api<Customers>('GET', '/customers').then((a) => setNames(new Map(a.customers.map((c) => [c.customerId, c.name]))), () => undefined);
  }, []);
  return names;
}

function RequestList({ params }: { params: URLSearchParams }) {
  const t = useT(strings);
  const { lang } = useLang();
  const customers = useCustomers();
  const applied: Filters = useMemo(() => Object.fromEntries(FILTERS.flatMap((k) => (params.get(k) ? [[k, params.get(k)!]] : []))), [params]);
  const appliedKey = JSON.stringify(applied);
  const [draft, setDraft] = useState<Filters>(applied);
  const [statusError, setStatusError] = useState<string | null>(null);
  const [feed, setFeed] = useState<Feed | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [endpoints, setEndpoints] = useState<Endpoints | null>(null);
  const pager = usePager();

  useEffect(() => {
    api<Endpoints>('GET', '/requests/endpoints').then(setEndpoints, () => undefined);
  }, []);
  // New filters: back to their first page, and the form shows what the address says.
  useEffect(() => {
    setDraft(applied);
    pager.reset();
  }, [appliedKey]);
  useEffect(() => {
    let live = true;
    setError(null);
    setFeed(null);
    api<Feed>('GET', `/requests${query({ ...applied, cursor: pager.cursor })}`).then((f) => live && setFeed(f), (e) => live && setError(e));
    return () => {
      live = false;
    };
  }, [appliedKey, pager.cursor]);

  const set = (k: keyof Filters) => (v: string) => setDraft((d) => ({ ...d, [k]: v }));
  const apply = () => {
    const status = draft.status?.trim() ?? '';
    if (status && !/^([1-5][0-9]{2}|[1-5]xx)$/i.test(status)) {
      setStatusError(t('badStatus'));
      return;
    }
    setStatusError(null);
    const next: Record<string, string> = {};
    for (const k of FILTERS) {
      const v = draft[k]?.trim();
      if (v) next[k] = v;
    }
    navigate(`${href('requests')}${query(next)}`);
  };
  const reset = () => {
    setStatusError(null);
    navigate(href('requests'));
  };

  const columns: Column<Recorded>[] = [
    { key: 'time', header: t('colTime'), cell: (r) => <Link to={href('requests', r.id)} className="row-link nowrap" aria-label={t('details', { id: r.id })}>{formatTime(r.at, lang)}</Link> },
    { key: 'customer', header: t('colCustomer'), cell: (r) => (r.customerId ? <span className="truncate" title={r.customerId}>{customers.get(r.customerId) ?? r.customerId.slice(0, 8)}</span> : t('none')) },
    { key: 'endpoint', header: t('colEndpoint'), cell: (r) => <span className="endpoint" title={r.endpoint}><span className="method">{r.method}</span> {shortEndpoint(r.endpoint)}</span> },
    { key: 'request', header: t('colRequest'), mono: true, cell: (r) => (r.requestId ? <span className="id-short" title={r.requestId}>{r.requestId}</span> : t('none')) },
    {
      key: 'login', header: t('colLogin'), mono: true, cell: (r) => {
        const to = loginHref(r);
        return r.loginId && to ? <Link to={to} className="id-short" aria-label={`${t('openLogin')} ${r.loginId}`}>{r.loginId}</Link> : t('none');
      },
    },
    { key: 'status', header: t('colStatus'), cell: (r) => <Badge tone={statusTone(r.status)}>{r.status}</Badge> },
    { key: 'code', header: t('colCode'), mono: true, cell: (r) => r.flinksCode ?? '' },
    { key: 'duration', header: t('colDuration'), numeric: true, cell: (r) => t('ms', { n: formatNumber(r.durationMs, lang, r.durationMs < 10 ? 1 : 0) }) },
  ];
  const filtered = Object.keys(applied).length > 0;

  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      {endpoints && !endpoints.recording && <ErrorBanner error={t('off')} />}
      <FiltersBar label={t('filters')} onApply={apply} onReset={reset}>
        <Field label={t('search')} type="search" value={draft.q ?? ''} onChange={set('q')} mono placeholder={t('searchHint')} name="q" />
        <Select label={t('customer')} value={draft.customerId ?? ''} onChange={set('customerId')}>
          <option value="">{t('anyCustomer')}</option>
          {[...customers].sort((a, b) => a[1].localeCompare(b[1])).map(([id, name]) => <option key={id} value={id}>{name}</option>)}
          {draft.customerId && !customers.has(draft.customerId) && <option value={draft.customerId}>{draft.customerId}</option>}
        </Select>
        <Field label={t('status')} value={draft.status ?? ''} onChange={set('status')} placeholder={t('statusHint')} error={statusError} name="status" />
        <Field label={t('code')} value={draft.flinksCode ?? ''} onChange={set('flinksCode')} mono placeholder="INVALID_LOGIN" name="flinksCode" />
        <Select label={t('endpoint')} value={draft.endpoint ?? ''} onChange={set('endpoint')}>
          <option value="">{t('anyEndpoint')}</option>
          {(endpoints?.endpoints ?? []).map((e) => <option key={e.endpoint} value={e.endpoint}>{shortEndpoint(e.endpoint)}</option>)}
        </Select>
        <DateTime label={t('from')} value={toLocal(draft.from)} onChange={(v) => set('from')(toIso(v))} />
        <DateTime label={t('to')} value={toLocal(draft.to)} onChange={(v) => set('to')(toIso(v))} />
      </FiltersBar>
      <ErrorBanner error={error} />
      {feed === null ? (error ? null : <Loading />) : (
        <>
          <Table
            caption={t('caption')} columns={columns} rows={feed.requests} rowKey={(r) => r.id}
            empty={<EmptyState icon="search" title={t('emptyTitle')}><p>{filtered ? t('emptyFiltered') : t('emptyText')}</p></EmptyState>}
          />
          <Pager page={pager.page} hasPrevious={pager.page > 1} nextCursor={feed.nextCursor} onPrevious={pager.previous} onNext={pager.next} />
        </>
      )}
    </>
  );
}

function DateTime({ label, value, onChange }: { label: string; value: string; onChange(v: string): void }) {
  const id = `dt-${label.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <input id={id} type="datetime-local" value={value} onChange={(e) => onChange(e.target.value)} />
    </div>
  );
}

function RequestDetail({ id }: { id: string }) {
  const t = useT(strings);
  const { lang } = useLang();
  const customers = useCustomers();
  const [r, setR] = useState<Recorded | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setR(null);
    setError(null);
    api<Recorded>('GET', `/requests/${encodeURIComponent(id)}`).then(setR, setError);
  }, [id]);
  const back = <Link to={href('requests')} className="back-link">← {t('back')}</Link>;
  if (error) return <>{back}<PageHeader title={t('detailTitle', { id })} /><ErrorBanner error={error} /></>;
  if (!r) return <>{back}<Loading /></>;
  const login = loginHref(r);
  const rows: [string, ReactNode][] = [
    [t('at'), new Date(r.at).toLocaleString(localeOf(lang), { dateStyle: 'medium', timeStyle: 'medium' })],
    [t('colCustomer'), r.customerId ? <>{customers.get(r.customerId) ?? ''} <code>{r.customerId}</code></> : t('none')],
    [t('product'), r.product],
    [t('method'), r.method],
    [t('colEndpoint'), <code key="e">{r.endpoint}</code>],
    [t('colStatus'), <Badge key="s" tone={statusTone(r.status)}>{r.status}</Badge>],
    [t('colCode'), r.flinksCode ? <code>{r.flinksCode}</code> : t('none')],
    [t('duration'), t('ms', { n: formatNumber(r.durationMs, lang, 1) })],
    [t('colRequest'), r.requestId ? <><code>{r.requestId}</code> <Link to={`${href('requests')}${query({ q: r.requestId })}`}>{t('sameRequest')}</Link></> : t('none')],
    [t('colLogin'), r.loginId ? <><code>{r.loginId}</code> {login && <Link to={login}>{t('openLogin')}</Link>} <Link to={`${href('requests')}${query({ q: r.loginId })}`}>{t('sameLogin')}</Link></> : t('none')],
  ];
  return (
    <>
      {back}
      <PageHeader title={t('detailTitle', { id: r.id })} description={<><span className="method">{r.method}</span> <code>{shortEndpoint(r.endpoint)}</code></>} />
      <section className="card">
        <dl className="details">
          {rows.map(([k, v]) => (
            <div key={k} className="details-row"><dt>{k}</dt><dd>{v}</dd></div>
          ))}
        </dl>
      </section>
    </>
  );
}
