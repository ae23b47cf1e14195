/**
 * Logins: search by LoginId or username across customers (GET /operator/v1/logins), and a login's
 * page (logins-detail.tsx) at /console/logins/<customerId>/<loginId>.
 */
import { useEffect, useState } from 'react';
import { api, query, type Answer } from '../api.ts';
import { formatDateTime, useLang, useT } from '../i18n.ts';
import { href, Link, navigate, type PageProps } from '../router.tsx';
import { EmptyState, ErrorBanner, Field, FiltersBar, Loading, PageHeader, Pager, Table, usePager, type Column } from '../ui.tsx';
import { LoginDetail } from './logins-detail.tsx';
import { loginStrings, NightlyBadge, StateBadge, type LoginSummary } from './logins-shared.tsx';
import './logins.css';

type Search = Answer<'getOperatorV1Logins'>;

export function LoginsPage({ rest, query: q }: PageProps) {
  if (rest[0] && rest[1]) return <LoginDetail customerId={rest[0]} loginId={rest[1]} />;
  return <LoginSearch initial={q.get('q') ?? ''} initialCustomer={q.get('customerId') ?? ''} />;
}

function LoginSearch({ initial, initialCustomer }: { initial: string; initialCustomer: string }) {
  const t = useT(loginStrings);
  const { lang } = useLang();
  const [text, setText] = useState(initial);
  const [customer, setCustomer] = useState(initialCustomer);
  const [applied, setApplied] = useState({ q: initial, customerId: initialCustomer });
  const pager = usePager();
  const [result, setResult] = useState<Search | null>(null);
  const [error, setError] = useState<unknown>(null);

  useEffect(() => {
    setResult(null);
    setError(null);
    api<Search>('GET', `/logins${query({ q: applied.q.trim(), customerId: applied.customerId.trim(), cursor: pager.cursor })}`).then(setResult, setError);
  }, [applied, pager.cursor]);

  const apply = (q: string, customerId: string) => {
    pager.reset();
    setApplied({ q, customerId });
    // The search is in the address: reload, back and a shared link show the same results.
    navigate(href('logins') + query({ q: q.trim(), customerId: customerId.trim() }), { replace: true });
  };

  const columns: Column<LoginSummary>[] = [
    // The username links to the login's page; its LoginId under it (one column: the table fits 1280 pixels).
    { key: 'username', header: `${t('colUsername')} / ${t('colLogin')}`, cell: (l) => <><Link to={href('logins', l.customerId, l.loginId)} className="row-link">{l.username}</Link><div className="login-id mono">{l.loginId}</div></> },
    { key: 'customer', header: t('colCustomer'), cell: (l) => <Link to={href('customers', l.customerId)} className="mono">{l.customerId.slice(0, 8)}…</Link> },
    { key: 'institution', header: t('colInstitution'), cell: (l) => l.institution },
    { key: 'state', header: t('colState'), cell: (l) => <StateBadge state={l.state} t={t} /> },
    { key: 'refresh', header: t('colRefresh'), cell: (l) => formatDateTime(l.lastRefresh, lang), numeric: true },
    { key: 'nightly', header: t('colNightly'), cell: (l) => <NightlyBadge nightly={l.nightly} t={t} /> },
  ];

  return (
    <>
      <PageHeader title={t('title')} description={t('description')} />
      <FiltersBar label={t('filters')} onApply={() => apply(text, customer)} onReset={() => { setText(''); setCustomer(''); apply('', ''); }}>
        <Field label={t('search')} value={text} onChange={setText} type="search" hint={t('searchHint')} autoFocus mono />
        <Field label={t('customer')} value={customer} onChange={setCustomer} mono />
      </FiltersBar>
      <ErrorBanner error={error} />
      {result === null ? (error ? null : <Loading />) : (
        <>
          <Table caption={t('caption')} columns={columns} rows={result.logins} rowKey={(l) => l.loginId} empty={<EmptyState title={t('none')}><p>{t('noneText')}</p></EmptyState>} />
          <Pager page={pager.page} hasPrevious={pager.page > 1} nextCursor={result.nextCursor} onPrevious={pager.previous} onNext={pager.next} />
        </>
      )}
    </>
  );
}
