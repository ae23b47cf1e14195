/**
 * Pay, one customer at a time: schedules and payment requests with their status history, PAD
 * agreements, CPA-005 files (Download answers the file itself), applying a returns file from the
 * bank (pasted or chosen from disk), and settlements by day (Settle now runs the settlement).
 * API: /operator/v1/customers/{id}/pay/... (src/pay/operator-routes.ts).
 */
import { useCallback, useEffect, useState, type ChangeEvent } from 'react';
import { api, query, type Answer } from '../api.ts';
import { formatDateTime, formatMoney, formatNumber, useLang, useT } from '../i18n.ts';
import type { PageProps } from '../router.tsx';
import { Button, EmptyState, ErrorBanner, Icon, Loading, Notice, PageHeader, Pager, Table, usePager, type Column } from '../ui.tsx';
import { CustomerPicker, frequencyWord, setQuery, StatusBadge } from './ops-common.tsx';

type Schedules = Answer<'getOperatorV1CustomersByCustomerIdPaySchedules'>;
type Payments = Answer<'getOperatorV1CustomersByCustomerIdPayPaymentRequests'>;
type Pads = Answer<'getOperatorV1CustomersByCustomerIdPayPads'>;
type Files = Answer<'getOperatorV1CustomersByCustomerIdPayFiles'>;
type ReturnsList = Answer<'getOperatorV1CustomersByCustomerIdPayReturns'>;
type Applied = Answer<'postOperatorV1CustomersByCustomerIdPayReturns'>;
type Settlements = Answer<'getOperatorV1CustomersByCustomerIdPaySettlements'>;
type History = Schedules['schedules'][number]['history'];

const strings = {
  en: {
    title: 'Pay', description: 'EFT schedules and payments, PAD agreements, the CPA-005 files sent to the bank, returns and settlements of a customer.',
    pick: 'Choose a customer to see its payments.', schedules: 'Schedules', payments: 'Payment requests', pads: 'PAD agreements', files: 'CPA-005 files', returns: 'Returns files', settlements: 'Settlements',
    colParty: 'Party', colDirection: 'Direction', colAmount: 'Amount', colFrequency: 'Frequency', colStart: 'Start', colStatus: 'Status', colHistory: 'Status history', colReference: 'Reference',
    colDue: 'Due', colReturn: 'Return', colPayor: 'Payor', colAccount: 'Account', colSigned: 'Signed', colNumber: 'File no.', colValueDate: 'Value date', colRecords: 'Records',
    colDebits: 'Debits', colCredits: 'Credits', colCreated: 'Created', colDay: 'Day', colPayments: 'Payments', colItems: 'Items', colApplied: 'Applied', colUnmatched: 'Unmatched', colReceived: 'Received',
    download: 'Download', downloadLabel: 'Download file {n}', none: 'None', emptySchedules: 'No schedules', emptyPayments: 'No payment requests', emptyPads: 'No PAD agreements',
    emptyFiles: 'No files yet: the daily cut-off makes one when payments are due.', emptyReturns: 'No returns file applied', emptySettlements: 'Nothing settled yet',
    applyTitle: 'Apply a returns file', applyText: 'Paste the returns file the bank sent (CPA-005 I and J records), or choose it: each payment it names fails with its return code.',
    fileText: 'Returns file', chooseFile: 'Choose a file', apply: 'Apply returns file', appliedNotice: '{applied} payments returned, {unmatched} items unmatched.', replayedNotice: 'This file was applied before: its first result is shown.',
    settleNow: 'Settle now', settled: '{n} payments settled.', debit: 'Debit', credit: 'Credit', dispute: 'dispute {code}',
  },
  fr: {
    title: 'Pay', description: "Calendriers et paiements DPA, accords de DPA, fichiers CPA-005 envoyés à la banque, retours et règlements d'un client.",
    pick: 'Choisissez un client pour voir ses paiements.', schedules: 'Calendriers', payments: 'Demandes de paiement', pads: 'Accords de DPA', files: 'Fichiers CPA-005', returns: 'Fichiers de retours', settlements: 'Règlements',
    colParty: 'Partie', colDirection: 'Sens', colAmount: 'Montant', colFrequency: 'Fréquence', colStart: 'Début', colStatus: 'Statut', colHistory: 'Historique des statuts', colReference: 'Référence',
    colDue: 'Échéance', colReturn: 'Retour', colPayor: 'Payeur', colAccount: 'Compte', colSigned: 'Signé', colNumber: 'N° de fichier', colValueDate: 'Date de valeur', colRecords: 'Enregistrements',
    colDebits: 'Débits', colCredits: 'Crédits', colCreated: 'Créé le', colDay: 'Jour', colPayments: 'Paiements', colItems: 'Éléments', colApplied: 'Appliqués', colUnmatched: 'Sans correspondance', colReceived: 'Reçu le',
    download: 'Télécharger', downloadLabel: 'Télécharger le fichier {n}', none: 'Aucun', emptySchedules: 'Aucun calendrier', emptyPayments: 'Aucune demande de paiement', emptyPads: 'Aucun accord de DPA',
    emptyFiles: "Aucun fichier pour l'instant : la coupure quotidienne en produit un quand des paiements sont dus.", emptyReturns: 'Aucun fichier de retours appliqué', emptySettlements: 'Rien de réglé pour le moment',
    applyTitle: 'Appliquer un fichier de retours', applyText: 'Collez le fichier de retours envoyé par la banque (enregistrements CPA-005 I et J), ou choisissez-le : chaque paiement nommé échoue avec son code de retour.',
    fileText: 'Fichier de retours', chooseFile: 'Choisir un fichier', apply: 'Appliquer le fichier', appliedNotice: '{applied} paiements retournés, {unmatched} éléments sans correspondance.', replayedNotice: 'Ce fichier a déjà été appliqué : son premier résultat est affiché.',
    settleNow: 'Régler maintenant', settled: '{n} paiements réglés.', debit: 'Débit', credit: 'Crédit', dispute: 'contestation {code}',
  },
};

type T = ReturnType<typeof useT<keyof typeof strings.en>>;

function HistoryList({ history }: { history: History }) {
  const { lang } = useLang();
  return (
    <ol className="ops-history">
      {history.map((h, i) => <li key={i}><StatusBadge status={h.status} title={`${h.status} · ${formatDateTime(h.at, lang)}${h.details ? ` · ${h.details}` : ''}`} /></li>)}
    </ol>
  );
}

/** One paged list of the customer: loads on mount and when `reload` changes. */
function usePaged<A extends { nextCursor: string | null }>(path: string, reload: number) {
  const pager = usePager();
  const [data, setData] = useState<A | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    setError(null);
    api<A>('GET', `${path}${query({ cursor: pager.cursor, limit: 20 })}`).then(setData, setError);
  }, [path, pager.cursor, reload]);
  const pagerEl = data && <Pager page={pager.page} hasPrevious={pager.page > 1} nextCursor={data.nextCursor} onPrevious={pager.previous} onNext={pager.next} />;
  return { data, error, pagerEl };
}

export function PayPage({ query: q }: PageProps) {
  const t = useT(strings);
  const customer = q.get('customer') ?? '';
  return (
    <div className="ops-stack">
      <PageHeader title={t('title')} description={t('description')} />
      <div className="filters ops-inline"><CustomerPicker value={customer} onChange={(v) => setQuery('customer', v || null)} /></div>
      {customer ? <PayOf key={customer} customerId={customer} t={t} /> : <Notice>{t('pick')}</Notice>}
    </div>
  );
}

function Section({ title, children }: { title: string; children: React.ReactNode }) {
  const id = `pay-${title.replace(/\W+/g, '-').toLowerCase()}`;
  return (
    <section aria-labelledby={id}>
      <h2 id={id} className="ops-section-title">{title}</h2>
      {children}
    </section>
  );
}

function PayOf({ customerId, t }: { customerId: string; t: T }) {
  const { lang } = useLang();
  const base = `/customers/${customerId}/pay`;
  const [reload, setReload] = useState(0);
  const bump = () => setReload((n) => n + 1);
  const schedules = usePaged<Schedules>(`${base}/schedules`, reload);
  const payments = usePaged<Payments>(`${base}/payment-requests`, reload);
  const pads = usePaged<Pads>(`${base}/pads`, reload);
  const files = usePaged<Files>(`${base}/files`, reload);
  const returns = usePaged<ReturnsList>(`${base}/returns`, reload);
  const settlements = usePaged<Settlements>(`${base}/settlements`, reload);
  const money = (n: number) => formatMoney(n, lang);
  const dir = (d: string | null) => (d === 'DEBIT' ? t('debit') : d === 'CREDIT' ? t('credit') : '—');

  const scheduleCols: Column<Schedules['schedules'][number]>[] = [
    { key: 'party', header: t('colParty'), cell: (s) => s.partyName },
    { key: 'dir', header: t('colDirection'), cell: (s) => dir(s.direction) },
    { key: 'amount', header: t('colAmount'), numeric: true, cell: (s) => money(s.amount) },
    { key: 'freq', header: t('colFrequency'), cell: (s) => `${frequencyWord(s.frequency, lang)} × ${s.transactionsCount}` },
    { key: 'start', header: t('colStart'), cell: (s) => s.startDate },
    { key: 'status', header: t('colStatus'), cell: (s) => <StatusBadge status={s.status} /> },
    { key: 'history', header: t('colHistory'), cell: (s) => <HistoryList history={s.history} /> },
  ];
  const paymentCols: Column<Payments['paymentRequests'][number]>[] = [
    { key: 'ref', header: t('colReference'), mono: true, cell: (p) => p.paymentReferenceNumber },
    { key: 'dir', header: t('colDirection'), cell: (p) => (p.kind === 'etransfer' ? 'e-Transfer' : dir(p.direction)) },
    { key: 'amount', header: t('colAmount'), numeric: true, cell: (p) => money(p.amount) },
    { key: 'due', header: t('colDue'), cell: (p) => p.dueDate ?? '—' },
    { key: 'status', header: t('colStatus'), cell: (p) => <StatusBadge status={p.status} /> },
    { key: 'return', header: t('colReturn'), numeric: true, cell: (p) => p.returnCode ?? '' },
    { key: 'history', header: t('colHistory'), cell: (p) => <HistoryList history={p.history} /> },
  ];
  const padCols: Column<Pads['pads'][number]>[] = [
    { key: 'payor', header: t('colPayor'), cell: (p) => p.payorName },
    { key: 'account', header: t('colAccount'), mono: true, cell: (p) => `${p.institutionCode}-${p.transitNumber} ${p.accountNumber}` },
    { key: 'status', header: t('colStatus'), cell: (p) => <StatusBadge status={p.status} suffix={p.disputeCode ? ` (${t('dispute', { code: p.disputeCode })})` : ''} /> },
    { key: 'signed', header: t('colSigned'), cell: (p) => (p.signedAt ? `${p.signedName ?? ''} · ${formatDateTime(p.signedAt, lang)}` : '—') },
    { key: 'history', header: t('colHistory'), cell: (p) => <HistoryList history={p.history} /> },
  ];
  const fileCols: Column<Files['files'][number]>[] = [
    { key: 'n', header: t('colNumber'), numeric: true, cell: (f) => f.fileCreationNumber },
    { key: 'vd', header: t('colValueDate'), cell: (f) => f.valueDate },
    { key: 'rec', header: t('colRecords'), numeric: true, cell: (f) => f.records },
    { key: 'deb', header: t('colDebits'), numeric: true, cell: (f) => `${f.debitCount} · ${money(f.debitAmount)}` },
    { key: 'cred', header: t('colCredits'), numeric: true, cell: (f) => `${f.creditCount} · ${money(f.creditAmount)}` },
    { key: 'dl', header: '', cell: (f) => (
      <a className="btn btn-secondary btn-small" href={`/operator/v1${base}/files/${f.id}`} download aria-label={t('downloadLabel', { n: f.fileCreationNumber })}>
        <Icon name="download" />{t('download')}
      </a>
    ) },
  ];
  const returnCols: Column<ReturnsList['returnsFiles'][number]>[] = [
    { key: 'n', header: t('colNumber'), numeric: true, cell: (r) => r.fileCreationNumber },
    { key: 'items', header: t('colItems'), numeric: true, cell: (r) => r.items },
    { key: 'applied', header: t('colApplied'), numeric: true, cell: (r) => r.applied.length },
    { key: 'unmatched', header: t('colUnmatched'), numeric: true, cell: (r) => r.unmatched.length },
    { key: 'at', header: t('colReceived'), cell: (r) => formatDateTime(r.receivedAt, lang) },
  ];
  const settlementCols: Column<Settlements['settlements'][number]>[] = [
    { key: 'day', header: t('colDay'), cell: (s) => s.day },
    { key: 'n', header: t('colPayments'), numeric: true, cell: (s) => formatNumber(s.payments, lang) },
    { key: 'deb', header: t('colDebits'), numeric: true, cell: (s) => `${s.debitCount} · ${money(s.debitAmount)}` },
    { key: 'cred', header: t('colCredits'), numeric: true, cell: (s) => `${s.creditCount} · ${money(s.creditAmount)}` },
  ];

  const list = <R,>(p: { data: unknown; error: unknown; pagerEl: React.ReactNode }, rows: R[] | undefined, cols: Column<R>[], key: (r: R) => string, caption: string, empty: string) => (
    <>
      <ErrorBanner error={p.error} />
      {!p.data && !p.error && <Loading />}
      {rows && <Table caption={caption} columns={cols} rows={rows} rowKey={key} empty={<EmptyState title={empty} />} />}
      {p.pagerEl}
    </>
  );

  return (
    <>
      <Section title={t('schedules')}>{list(schedules, schedules.data?.schedules, scheduleCols, (s) => s.id, t('schedules'), t('emptySchedules'))}</Section>
      <Section title={t('payments')}>{list(payments, payments.data?.paymentRequests, paymentCols, (p) => p.id, t('payments'), t('emptyPayments'))}</Section>
      <Section title={t('pads')}>{list(pads, pads.data?.pads, padCols, (p) => p.id, t('pads'), t('emptyPads'))}</Section>
      <Section title={t('files')}>{list(files, files.data?.files, fileCols, (f) => f.id, t('files'), t('emptyFiles'))}</Section>
      <ApplyReturns base={base} t={t} onApplied={bump} />
      <Section title={t('returns')}>{list(returns, returns.data?.returnsFiles, returnCols, (r) => r.id, t('returns'), t('emptyReturns'))}</Section>
      <SettleSection base={base} t={t} onSettled={bump}>{list(settlements, settlements.data?.settlements, settlementCols, (s) => s.day, t('settlements'), t('emptySettlements'))}</SettleSection>
    </>
  );
}

function ApplyReturns({ base, t, onApplied }: { base: string; t: T; onApplied(): void }) {
  const [text, setText] = useState('');
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [result, setResult] = useState<Applied | null>(null);
  const choose = async (e: ChangeEvent<HTMLInputElement>) => {
    const f = e.target.files?.[0];
    if (f) setText(await f.text());
  };
  const apply = async () => {
    setBusy(true);
    setError(null);
    setResult(null);
    try {
      setResult(await api<Applied>('POST', `${base}/returns`, { file: text }));
      onApplied();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="apply-returns">
      <h2 id="apply-returns" className="card-title">{t('applyTitle')}</h2>
      <p className="card-text">{t('applyText')}</p>
      <div className="field">
        <label htmlFor="returns-text">{t('fileText')}</label>
        <textarea id="returns-text" className="textarea" value={text} onChange={(e) => setText(e.target.value)} spellCheck={false} />
      </div>
      <div className="field">
        <label htmlFor="returns-file">{t('chooseFile')}</label>
        <input id="returns-file" type="file" accept=".txt,.dat,text/plain" onChange={(e) => void choose(e)} />
      </div>
      <ErrorBanner error={error} />
      {result && <Notice tone="success">{result.replayed ? t('replayedNotice') : ''} {t('appliedNotice', { applied: result.applied.length, unmatched: result.unmatched.length })}</Notice>}
      <div className="card-actions"><Button variant="primary" onClick={() => void apply()} busy={busy} disabled={!text.trim()}>{t('apply')}</Button></div>
    </section>
  );
}

function SettleSection({ base, t, onSettled, children }: { base: string; t: T; onSettled(): void; children: React.ReactNode }) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [settled, setSettled] = useState<number | null>(null);
  const run = useCallback(async () => {
    setBusy(true);
    setError(null);
    try {
      setSettled((await api<{ settled: number }>('POST', `${base}/settlements`)).settled);
      onSettled();
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }, [base, onSettled]);
  return (
    <section aria-labelledby="pay-settlements">
      <div className="card-row">
        <h2 id="pay-settlements" className="ops-section-title">{t('settlements')}</h2>
        <Button small onClick={() => void run()} busy={busy}>{t('settleNow')}</Button>
      </div>
      <ErrorBanner error={error} />
      {settled !== null && <Notice tone="success">{t('settled', { n: settled })}</Notice>}
      {children}
    </section>
  );
}
