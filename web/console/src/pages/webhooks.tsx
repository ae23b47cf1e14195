/**
 * Webhooks: every delivery (or one customer's), with status, attempts, the latest response code
 * and time; a row opens its payload (pretty JSON) and each attempt, with a Replay button.
 * API: /operator/v1/webhooks/deliveries, /operator/v1/customers/{id}/webhooks/events/{eventId}[/replay]
 * (src/platform/operator/webhooks.ts).
 */
import { useCallback, useEffect, useState } from 'react';
import { api, query, type Answer } from '../api.ts';
import { formatDateTime, useLang, useT } from '../i18n.ts';
import type { PageProps } from '../router.tsx';
import { Badge, Button, EmptyState, ErrorBanner, Loading, Notice, PageHeader, Pager, Table, usePager, type Column } from '../ui.tsx';
import { CustomerPicker, DateTime, Select, setQuery, toneOf } from './ops-common.tsx';

type List = Answer<'getOperatorV1WebhooksDeliveries'>;
type Row = List['deliveries'][number];
type Detail = Answer<'getOperatorV1CustomersByCustomerIdWebhooksEventsByEventId'>;

const strings = {
  en: {
    title: 'Webhooks', description: 'Every webhook Maplelink sent: whether the receiver took it, how many attempts it took, and what it answered.',
    status: 'Status', any: 'Any status', pending: 'Pending', delivering: 'Delivering', delivered: 'Delivered', failed: 'Failed', type: 'Event type',
    colType: 'Type', colCustomer: 'Customer', colStatus: 'Status', colAttempts: 'Attempts', colCode: 'Response', colLast: 'Last attempt', colCreated: 'Created', open: 'Open',
    caption: 'Webhook deliveries, newest first', emptyTitle: 'No webhook deliveries', emptyText: 'Set a webhook URL on a customer: its events appear here.',
    payload: 'Payload', attempts: 'Attempts', series: 'Series', attempt: 'Attempt', code: 'Response', error: 'Error', duration: 'Duration', at: 'At', noAnswer: 'no answer',
    replay: 'Replay', replayed: 'Replay scheduled: the event is being delivered again as series {series}.', close: 'Close', eventOf: 'Event {id}', refresh: 'Refresh',
    noAttempts: 'No attempt yet.', ms: '{n} ms',
  },
  fr: {
    title: 'Webhooks', description: 'Chaque webhook envoyé par Maplelink : si le destinataire l’a reçu, en combien de tentatives, et ce qu’il a répondu.',
    status: 'Statut', any: 'Tout statut', pending: 'En attente', delivering: 'En cours', delivered: 'Livré', failed: 'Échoué', type: "Type d'événement",
    colType: 'Type', colCustomer: 'Client', colStatus: 'Statut', colAttempts: 'Tentatives', colCode: 'Réponse', colLast: 'Dernière tentative', colCreated: 'Créé le', open: 'Ouvrir',
    caption: 'Livraisons de webhooks, les plus récentes d’abord', emptyTitle: 'Aucune livraison de webhook', emptyText: 'Définissez une URL de webhook pour un client : ses événements paraîtront ici.',
    payload: 'Contenu', attempts: 'Tentatives', series: 'Série', attempt: 'Tentative', code: 'Réponse', error: 'Erreur', duration: 'Durée', at: 'Le', noAnswer: 'aucune réponse',
    replay: 'Rejouer', replayed: 'Relivraison planifiée : l’événement est livré de nouveau (série {series}).', close: 'Fermer', eventOf: 'Événement {id}', refresh: 'Actualiser',
    noAttempts: 'Aucune tentative pour le moment.', ms: '{n} ms',
  },
};

export function WebhooksPage({ query: q }: PageProps) {
  const t = useT(strings);
  const { lang } = useLang();
  const customer = q.get('customer') ?? '';
  const status = q.get('status') ?? '';
  const [type, setType] = useState(q.get('type') ?? '');
  const pager = usePager();
  const [list, setList] = useState<List | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [open, setOpen] = useState<{ customerId: string; eventId: string } | null>(null);

  const load = useCallback(() => {
    setError(null);
    api<List>('GET', `/webhooks/deliveries${query({ customerId: customer, status, type: q.get('type'), cursor: pager.cursor, limit: 25 })}`).then(setList, setError);
  }, [customer, status, q, pager.cursor]);
  useEffect(load, [load]);

  const columns: Column<Row>[] = [
    { key: 'type', header: t('colType'), cell: (r) => <button type="button" className="row-link" onClick={() => setOpen({ customerId: r.customerId, eventId: r.eventId })} aria-label={`${t('open')} ${r.type} ${formatDateTime(r.createdAt, lang)}`}>{r.type}</button> },
    { key: 'customer', header: t('colCustomer'), cell: (r) => r.customerName },
    { key: 'status', header: t('colStatus'), cell: (r) => <Badge tone={toneOf(r.status)}>{t(r.status)}</Badge> },
    { key: 'attempts', header: t('colAttempts'), numeric: true, cell: (r) => (r.series > 1 ? `${r.attempts} (${r.totalAttempts})` : r.attempts) },
    { key: 'code', header: t('colCode'), numeric: true, cell: (r) => r.lastResponseCode ?? (r.lastError ? <span className="muted" title={r.lastError}>{t('noAnswer')}</span> : '—') },
    { key: 'last', header: t('colLast'), cell: (r) => <DateTime at={r.lastAttemptAt} /> },
    { key: 'created', header: t('colCreated'), cell: (r) => <DateTime at={r.createdAt} /> },
  ];

  return (
    <div className="ops-stack">
      <PageHeader title={t('title')} description={t('description')} actions={<Button small onClick={load}>{t('refresh')}</Button>} />
      <form className="filters ops-inline" role="search" aria-label={t('title')} onSubmit={(e) => { e.preventDefault(); pager.reset(); setQuery('type', type.trim() || null); }}>
        <CustomerPicker value={customer} allowAll onChange={(v) => { pager.reset(); setQuery('customer', v || null); }} />
        <Select label={t('status')} value={status} onChange={(v) => { pager.reset(); setQuery('status', v || null); }}>
          <option value="">{t('any')}</option>
          {(['pending', 'delivering', 'delivered', 'failed'] as const).map((s) => <option key={s} value={s}>{t(s)}</option>)}
        </Select>
        <div className="field">
          <label htmlFor="wh-type">{t('type')}</label>
          <input id="wh-type" value={type} onChange={(e) => setType(e.target.value)} placeholder="KYC" spellCheck={false} />
        </div>
      </form>
      <ErrorBanner error={error} />
      {open && <EventPanel key={open.eventId} {...open} onClose={() => setOpen(null)} onReplayed={load} />}
      {!list && !error && <Loading />}
      {list && (
        <>
          <Table caption={t('caption')} columns={columns} rows={list.deliveries} rowKey={(r) => r.eventId}
            empty={<EmptyState title={t('emptyTitle')}>{t('emptyText')}</EmptyState>} />
          <Pager page={pager.page} hasPrevious={pager.page > 1} nextCursor={list.nextCursor} onPrevious={pager.previous} onNext={pager.next} />
        </>
      )}
    </div>
  );
}

function EventPanel({ customerId, eventId, onClose, onReplayed }: { customerId: string; eventId: string; onClose(): void; onReplayed(): void }) {
  const t = useT(strings);
  const { lang } = useLang();
  const [event, setEvent] = useState<Detail | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [replayed, setReplayed] = useState<number | null>(null);
  const path = `/customers/${customerId}/webhooks/events/${eventId}`;
  const load = useCallback(() => api<Detail>('GET', path).then(setEvent, setError), [path]);
  useEffect(() => void load(), [load]);
  const replay = async () => {
    setBusy(true);
    setError(null);
    try {
      await api('POST', `${path}/replay`);
      const series = Math.max(1, ...(event?.deliveries.map((d) => d.series) ?? [1])) + 1;
      setReplayed(series);
      onReplayed();
      // The new attempt is made by a worker within a moment: read the event (and the list) again to show it.
      setTimeout(() => {
        void load();
        onReplayed();
      }, 1500);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="event-title">
      <div className="card-row">
        <h2 id="event-title" className="card-title">{event ? `${event.type} · ${formatDateTime(event.createdAt, lang)}` : t('eventOf', { id: eventId })}</h2>
        <div className="page-actions">
          <Button variant="primary" onClick={() => void replay()} busy={busy}>{t('replay')}</Button>
          <Button onClick={onClose}>{t('close')}</Button>
        </div>
      </div>
      <ErrorBanner error={error} />
      {replayed && <Notice tone="success">{t('replayed', { series: replayed })}</Notice>}
      {!event && !error && <Loading />}
      {event && (
        <div className="ops-grid ops-event">
          <div>
            <h3 className="ops-section-title">{t('payload')} <Badge tone={toneOf(event.status)}>{t(event.status)}</Badge></h3>
            <pre className="ops-json mono" tabIndex={0} aria-label={t('payload')}>{JSON.stringify(event.payload, null, 2)}</pre>
          </div>
          <div>
            <h3 className="ops-section-title">{t('attempts')}</h3>
            <Table caption={t('attempts')} rows={event.deliveries} rowKey={(d) => `${d.series}-${d.attempt}`}
              empty={<p className="muted">{t('noAttempts')}</p>}
              columns={[
                { key: 's', header: t('series'), numeric: true, cell: (d) => d.series },
                { key: 'a', header: t('attempt'), numeric: true, cell: (d) => d.attempt },
                { key: 'c', header: t('code'), numeric: true, cell: (d) => d.responseCode ?? '—' },
                { key: 'e', header: t('error'), cell: (d) => d.error ?? '' },
                { key: 'd', header: t('duration'), numeric: true, cell: (d) => t('ms', { n: d.durationMs }) },
                { key: 't', header: t('at'), cell: (d) => formatDateTime(d.at, lang) },
              ]} />
          </div>
        </div>
      )}
    </section>
  );
}
