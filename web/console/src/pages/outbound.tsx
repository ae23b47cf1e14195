/**
 * Outbound, one customer at a time: its recipients (data receivers) with their provider
 * registrations, and the consents people gave them (scopes, accounts shared), each with a Revoke
 * button that asks first. API: /operator/v1/customers/{id}/outbound/... (src/outbound/operator-routes.ts).
 */
import { useCallback, useEffect, useState } from 'react';
import { api, query, type Answer } from '../api.ts';
import { formatDateTime, useLang, useT } from '../i18n.ts';
import type { PageProps } from '../router.tsx';
import { Badge, Button, ConfirmDialog, EmptyState, ErrorBanner, Loading, Notice, PageHeader, Pager, Table, usePager } from '../ui.tsx';
import { CustomerPicker, DateTime, Select, setQuery, statusWord, toneOf } from './ops-common.tsx';

type Recipients = Answer<'getOperatorV1CustomersByCustomerIdOutboundRecipients'>;
type Consents = Answer<'getOperatorV1CustomersByCustomerIdOutboundConsents'>;
type Consent = Consents['consents'][number];

const strings = {
  en: {
    title: 'Outbound', description: 'The applications that receive data under Outbound, where they are registered, and what each person agreed to share with them.',
    pick: 'Choose a customer to see its recipients and consents.', recipients: 'Recipients', consents: 'Consents', colName: 'Recipient', colClientId: 'Client ID', colScopes: 'Scopes',
    colRegistrations: 'Registrations', colCreated: 'Created', colLogin: 'Login', colAccounts: 'Accounts', colStatus: 'Status', colRevoked: 'Revoked',
    none: 'None', emptyRecipients: 'No recipients', emptyRecipientsText: 'A partner creates them with the Outbound management API.', emptyConsents: 'No consents',
    revoke: 'Revoke', revokeLabel: 'Revoke the consent of {name} given {date}', revokeTitle: 'Revoke this consent?', revokeText: '{name} loses access to the data it shares at once: its tokens stop working and the person must consent again.',
    revokeConfirm: 'Revoke consent', revoked: 'Consent revoked.', status: 'Status', any: 'Any status', active: 'Active', revokedStatus: 'Revoked', accounts: '{n} accounts',
  },
  fr: {
    title: 'Outbound', description: 'Les applications qui reçoivent des données par Outbound, où elles sont inscrites, et ce que chaque personne a accepté de leur partager.',
    pick: 'Choisissez un client pour voir ses destinataires et consentements.', recipients: 'Destinataires', consents: 'Consentements', colName: 'Destinataire', colClientId: 'ID client', colScopes: 'Portées',
    colRegistrations: 'Inscriptions', colCreated: 'Créé le', colLogin: 'Connexion', colAccounts: 'Comptes', colStatus: 'Statut', colRevoked: 'Révoqué le',
    none: 'Aucune', emptyRecipients: 'Aucun destinataire', emptyRecipientsText: "Un partenaire les crée avec l'API de gestion Outbound.", emptyConsents: 'Aucun consentement',
    revoke: 'Révoquer', revokeLabel: 'Révoquer le consentement donné à {name} le {date}', revokeTitle: 'Révoquer ce consentement ?', revokeText: "{name} perd aussitôt l'accès aux données partagées : ses jetons cessent de fonctionner et la personne doit consentir de nouveau.",
    revokeConfirm: 'Révoquer le consentement', revoked: 'Consentement révoqué.', status: 'Statut', any: 'Tout statut', active: 'Actif', revokedStatus: 'Révoqué', accounts: '{n} comptes',
  },
};

export function OutboundPage({ query: q }: PageProps) {
  const t = useT(strings);
  const customer = q.get('customer') ?? '';
  return (
    <div className="ops-stack">
      <PageHeader title={t('title')} description={t('description')} />
      <div className="filters ops-inline"><CustomerPicker value={customer} onChange={(v) => setQuery('customer', v || null)} /></div>
      {customer ? <OutboundOf key={customer} customerId={customer} /> : <Notice>{t('pick')}</Notice>}
    </div>
  );
}

function OutboundOf({ customerId }: { customerId: string }) {
  const t = useT(strings);
  const { lang } = useLang();
  const base = `/customers/${customerId}/outbound`;
  const [recipients, setRecipients] = useState<Recipients | null>(null);
  const [consents, setConsents] = useState<Consents | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [status, setStatus] = useState('');
  const pager = usePager();
  const [revoking, setRevoking] = useState<Consent | null>(null);
  const [busy, setBusy] = useState(false);
  const [revokeError, setRevokeError] = useState<unknown>(null);
  const [done, setDone] = useState(false);

  useEffect(() => {
    api<Recipients>('GET', `${base}/recipients`).then(setRecipients, setError);
  }, [base]);
  const loadConsents = useCallback(
    () => api<Consents>('GET', `${base}/consents${query({ status, cursor: pager.cursor, limit: 20 })}`).then(setConsents, setError),
    [base, status, pager.cursor],
  );
  useEffect(() => {
    void loadConsents();
  }, [loadConsents]);

  const revoke = async () => {
    if (!revoking) return;
    setBusy(true);
    setRevokeError(null);
    try {
      await api('POST', `${base}/consents/${revoking.id}/revoke`);
      setRevoking(null);
      // The notice says the consent is revoked only once the list no longer offers to revoke it.
      await loadConsents();
      setDone(true);
    } catch (err) {
      setRevokeError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <>
      <ErrorBanner error={error} />
      <section aria-labelledby="ob-recipients">
        <h2 id="ob-recipients" className="ops-section-title">{t('recipients')}</h2>
        {!recipients && !error && <Loading />}
        {recipients && (
          <Table caption={t('recipients')} rows={recipients.recipients} rowKey={(r) => r.clientId}
            empty={<EmptyState title={t('emptyRecipients')}>{t('emptyRecipientsText')}</EmptyState>}
            columns={[
              { key: 'name', header: t('colName'), cell: (r) => r.name },
              { key: 'id', header: t('colClientId'), mono: true, cell: (r) => r.clientId },
              { key: 'scopes', header: t('colScopes'), cell: (r) => <span className="ops-history">{r.scopes.map((s) => <Badge key={s}>{s}</Badge>)}</span> },
              { key: 'reg', header: t('colRegistrations'), cell: (r) => (r.registrations.length === 0 ? t('none') : <span className="ops-history">{r.registrations.map((g) => <Badge key={g.providerId} tone={toneOf(g.status)}>{`${g.providerName ?? g.providerId}: ${statusWord(g.status, lang)}`}</Badge>)}</span>) },
              { key: 'created', header: t('colCreated'), cell: (r) => <DateTime at={r.createdAt} /> },
            ]} />
        )}
      </section>
      <section aria-labelledby="ob-consents">
        <h2 id="ob-consents" className="ops-section-title">{t('consents')}</h2>
        <div className="filters ops-inline">
          <Select label={t('status')} value={status} onChange={(v) => { pager.reset(); setStatus(v); }}>
            <option value="">{t('any')}</option>
            <option value="active">{t('active')}</option>
            <option value="revoked">{t('revokedStatus')}</option>
          </Select>
        </div>
        {done && <Notice tone="success">{t('revoked')}</Notice>}
        {!consents && !error && <Loading />}
        {consents && (
          <>
            <Table caption={t('consents')} rows={consents.consents} rowKey={(c) => c.id} empty={<EmptyState title={t('emptyConsents')} />}
              columns={[
                // The provider under the recipient (the header names the recipient: with both the header alone was wider than the name) and the LoginId free to break: the columns fit 1280 px.
                { key: 'name', header: t('colName'), cell: (c) => <>{c.recipientName}<div className="muted">{c.providerName ?? c.providerId}</div></> },
                { key: 'login', header: t('colLogin'), cell: (c) => <span className="mono ops-break">{c.loginId}</span> },
                { key: 'scopes', header: t('colScopes'), cell: (c) => <span className="ops-history">{c.scopes.map((s) => <Badge key={s}>{s}</Badge>)}</span> },
                { key: 'accounts', header: t('colAccounts'), cell: (c) => <span className="ops-nowrap" title={c.accountIds.join('\n')}>{t('accounts', { n: c.accountIds.length })}</span> },
                { key: 'status', header: t('colStatus'), cell: (c) => <Badge tone={toneOf(c.status)}>{c.status === 'active' ? t('active') : t('revokedStatus')}</Badge> },
                { key: 'created', header: t('colCreated'), cell: (c) => <DateTime at={c.createdAt} /> },
                { key: 'act', header: t('colRevoked'), cell: (c) => (c.status === 'active'
                  ? <Button small variant="danger" onClick={() => { setRevokeError(null); setRevoking(c); }} aria-label={t('revokeLabel', { name: c.recipientName, date: formatDateTime(c.createdAt, lang) })}>{t('revoke')}</Button>
                  : <DateTime at={c.revokedAt} />) },
              ]} />
            <Pager page={pager.page} hasPrevious={pager.page > 1} nextCursor={consents.nextCursor} onPrevious={pager.previous} onNext={pager.next} />
          </>
        )}
      </section>
      <ConfirmDialog open={revoking !== null} title={t('revokeTitle')} confirmLabel={t('revokeConfirm')} danger busy={busy} error={revokeError}
        onConfirm={() => void revoke()} onCancel={() => setRevoking(null)}>
        <p>{t('revokeText', { name: revoking?.recipientName ?? '' })}</p>
      </ConfirmDialog>
    </>
  );
}
