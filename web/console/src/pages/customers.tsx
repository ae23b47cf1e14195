/**
 * Customers (tenants): the list, creating one (its secret key and x-api-key shown once), and a
 * customer's page: its webhook URL and secret, the origins allowed to frame the widget, rotating
 * its secret (the new keys shown once) and deleting it after typing its id.
 * API: /operator/v1/customers[...] (src/platform/operator/routes.ts).
 */
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { api, ApiError, query, type Answer, type Body } from '../api.ts';
import { formatDateTime, useLang, useT } from '../i18n.ts';
import { href, Link, navigate, type PageProps } from '../router.tsx';
import { Badge, Button, ConfirmDialog, CopyButton, EmptyState, ErrorBanner, Field, Loading, Notice, PageHeader, SecretValue, Table, type Column } from '../ui.tsx';

type Customer = Answer<'getOperatorV1CustomersByCustomerId'>;
type Created = Answer<'postOperatorV1Customers'>;
type Rotated = Answer<'postOperatorV1CustomersByCustomerIdRotateSecret'>;
type Settings = Body<'patchOperatorV1CustomersByCustomerIdSettings'>;

const strings = {
  en: {
    title: 'Customers',
    description: 'Each customer is an application that calls the Flinks API with its own keys, webhooks and data.',
    create: 'New customer', createTitle: 'New customer', name: 'Name', nameHint: 'For you: it appears here and in logs.', permissive: 'Sandbox policy',
    permissiveHint: 'No authorize token, no x-api-key, no Bearer secret: like the public toolbox customer. For testing only.',
    createSubmit: 'Create customer', cancel: 'Cancel', nameRequired: 'Give the customer a name.',
    keysTitle: 'Keys of {name}', keysOnce: 'Copy these keys now: you will not see them again.', keysWhy: 'Maplelink keeps only a digest of each key. If a key is lost, rotate the secret to get a new one.',
    secretKey: 'Secret key (flinks-auth-key)', apiKey: 'x-api-key', customerId: 'Customer ID', done: 'I have saved them',
    colName: 'Name', colId: 'Customer ID', colWebhook: 'Webhook URL', colPolicy: 'Policy', colCreated: 'Created', strict: 'Strict', sandbox: 'Sandbox', none: 'None',
    listCaption: 'Customers of this installation', emptyTitle: 'No customers yet', emptyText: 'Create one to get its secret key and x-api-key.',
    back: 'All customers', notFound: 'No customer {id}', settings: 'Webhooks and widget', settingsText: 'Where webhooks go, what they are signed with, and which sites may frame the Connect widget and the Pay app.',
    webhookUrl: 'Webhook URL', webhookUrlHint: 'An http(s) URL. Leave empty to send no webhooks.', webhookSecret: 'Webhook secret', webhookSecretSet: 'A secret is set. Type a new one to replace it.',
    webhookSecretNone: 'No secret: webhooks are not signed. At least 8 characters.', removeSecret: 'Remove the secret', origins: 'Allowed origins', originsHint: 'One per line, like https://app.example.com, or * for any site.',
    save: 'Save settings', saved: 'Settings saved.', keysSection: 'Secret key', keysSectionText: 'Rotating makes a new secret key; the old one stops working at once, and the authorize tokens and Pay access tokens it obtained are revoked.',
    rotate: 'Rotate secret', rotateTitle: 'Rotate the secret key of {name}?', rotateText: 'Applications using the current secret key stop working until they use the new one.', rotateApiKey: 'Also rotate the x-api-key', rotateConfirm: 'Rotate',
    danger: 'Delete customer', dangerText: 'Deletes the customer and everything it owns: logins, accounts, transactions, payments, webhooks. This cannot be undone.',
    delete: 'Delete customer', deleteTitle: 'Delete {name}?', deleteText: 'Every row of this customer is deleted in one transaction.', deleteConfirm: 'Delete for good', deleted: 'Customer {name} deleted ({rows} rows).',
    badUrl: 'Enter an http(s) URL, like https://app.example.com/webhook.', shortSecret: 'The secret needs at least 8 characters.', badOrigin: 'Not an origin: {origin}. Write https://host (no path), or *.',
    created: 'Created {date}', policyLine: 'Authorize token {token} · x-api-key {key} · Bearer secret {bearer}', required: 'required', optional: 'optional',
  },
  fr: {
    title: 'Clients',
    description: "Chaque client est une application qui appelle l'API Flinks avec ses propres clés, webhooks et données.",
    create: 'Nouveau client', createTitle: 'Nouveau client', name: 'Nom', nameHint: 'Pour vous : il paraît ici et dans les journaux.', permissive: 'Politique bac à sable',
    permissiveHint: "Ni jeton d'autorisation, ni x-api-key, ni secret Bearer : comme le client public de la boîte à outils. Pour les essais seulement.",
    createSubmit: 'Créer le client', cancel: 'Annuler', nameRequired: 'Donnez un nom au client.',
    keysTitle: 'Clés de {name}', keysOnce: 'Copiez ces clés maintenant : vous ne les reverrez plus.', keysWhy: "Maplelink ne garde qu'une empreinte de chaque clé. Si une clé est perdue, renouvelez le secret pour en obtenir une nouvelle.",
    secretKey: 'Clé secrète (flinks-auth-key)', apiKey: 'x-api-key', customerId: 'ID client', done: 'Je les ai enregistrées',
    colName: 'Nom', colId: 'ID client', colWebhook: 'URL de webhook', colPolicy: 'Politique', colCreated: 'Créé le', strict: 'Stricte', sandbox: 'Bac à sable', none: 'Aucune',
    listCaption: 'Clients de cette installation', emptyTitle: 'Aucun client pour le moment', emptyText: 'Créez-en un pour obtenir sa clé secrète et sa x-api-key.',
    back: 'Tous les clients', notFound: 'Aucun client {id}', settings: 'Webhooks et widget', settingsText: 'Où vont les webhooks, avec quoi ils sont signés, et quels sites peuvent intégrer le widget Connect et l’app Pay.',
    webhookUrl: 'URL de webhook', webhookUrlHint: 'Une URL http(s). Laissez vide pour n’envoyer aucun webhook.', webhookSecret: 'Secret de webhook', webhookSecretSet: 'Un secret est défini. Tapez-en un nouveau pour le remplacer.',
    webhookSecretNone: 'Aucun secret : les webhooks ne sont pas signés. Au moins 8 caractères.', removeSecret: 'Retirer le secret', origins: 'Origines autorisées', originsHint: 'Une par ligne, comme https://app.example.com, ou * pour tout site.',
    save: 'Enregistrer', saved: 'Paramètres enregistrés.', keysSection: 'Clé secrète', keysSectionText: "Le renouvellement crée une nouvelle clé secrète ; l'ancienne cesse de fonctionner aussitôt, et les jetons d'autorisation et jetons d'accès Pay obtenus avec elle sont révoqués.",
    rotate: 'Renouveler le secret', rotateTitle: 'Renouveler la clé secrète de {name} ?', rotateText: "Les applications qui utilisent la clé actuelle cessent de fonctionner jusqu'à ce qu'elles utilisent la nouvelle.", rotateApiKey: 'Renouveler aussi la x-api-key', rotateConfirm: 'Renouveler',
    danger: 'Supprimer le client', dangerText: 'Supprime le client et tout ce qui lui appartient : connexions, comptes, transactions, paiements, webhooks. Action irréversible.',
    delete: 'Supprimer le client', deleteTitle: 'Supprimer {name} ?', deleteText: 'Toutes les lignes de ce client sont supprimées en une transaction.', deleteConfirm: 'Supprimer définitivement', deleted: 'Client {name} supprimé ({rows} lignes).',
    badUrl: 'Saisissez une URL http(s), comme https://app.example.com/webhook.', shortSecret: 'Le secret doit compter au moins 8 caractères.', badOrigin: "Ce n'est pas une origine : {origin}. Écrivez https://hôte (sans chemin), ou *.",
    created: 'Créé le {date}', policyLine: "Jeton d'autorisation {token} · x-api-key {key} · secret Bearer {bearer}", required: 'exigé', optional: 'facultatif',
  },
};

type T = ReturnType<typeof useT<keyof typeof strings.en>>;

const isSandbox = (c: Customer) => !c.policy.requireAuthorizeToken && !c.policy.requireApiKey && !c.policy.requireBearerSecret;

export function CustomersPage({ rest, query: q }: PageProps) {
  return rest[0] ? <CustomerDetail id={rest[0]} /> : <CustomerList deletedName={q.get('deleted')} deletedRows={q.get('rows')} />;
}

/** The keys of a new customer or a rotation: shown once, each with its copy button. */
function KeysPanel({ t, name, customerId, secretKey, apiKey, onDone }: { t: T; name: string; customerId: string; secretKey: string; apiKey?: string; onDone(): void }) {
  return (
    <section className="card keys-card" aria-labelledby="keys-title">
      <h2 id="keys-title" className="card-title">{t('keysTitle', { name })}</h2>
      <Notice tone="warning"><strong>{t('keysOnce')}</strong> {t('keysWhy')}</Notice>
      <div className="secrets">
        <SecretValue label={t('customerId')} value={customerId} />
        <SecretValue label={t('secretKey')} value={secretKey} />
        {apiKey && <SecretValue label={t('apiKey')} value={apiKey} />}
      </div>
      <div className="card-actions"><Button variant="primary" onClick={onDone}>{t('done')}</Button></div>
    </section>
  );
}

function CustomerList({ deletedName, deletedRows }: { deletedName: string | null; deletedRows: string | null }) {
  const t = useT(strings);
  const { lang } = useLang();
  const [customers, setCustomers] = useState<Customer[] | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [creating, setCreating] = useState(false);
  const [created, setCreated] = useState<Created | null>(null);

  const load = useCallback(() => {
    api<Answer<'getOperatorV1Customers'>>('GET', '/customers').then((a) => setCustomers(a.customers), setError);
  }, []);
  useEffect(load, [load]);

  const columns: Column<Customer>[] = [
    { key: 'name', header: t('colName'), cell: (c) => <Link to={href('customers', c.customerId)} className="row-link">{c.name}</Link> },
    { key: 'id', header: t('colId'), cell: (c) => c.customerId, mono: true },
    { key: 'webhook', header: t('colWebhook'), cell: (c) => (c.webhookUrl ? <span className="truncate" title={c.webhookUrl}>{c.webhookUrl}</span> : <span className="muted">{t('none')}</span>) },
    { key: 'policy', header: t('colPolicy'), cell: (c) => (isSandbox(c) ? <Badge tone="warning">{t('sandbox')}</Badge> : <Badge tone="neutral">{t('strict')}</Badge>) },
    { key: 'created', header: t('colCreated'), cell: (c) => formatDateTime(c.createdAt, lang), numeric: true },
  ];

  return (
    <>
      <PageHeader title={t('title')} description={t('description')} actions={!creating && <Button variant="primary" onClick={() => { setCreated(null); setCreating(true); }}>{t('create')}</Button>} />
      {deletedName && <Notice tone="success">{t('deleted', { name: deletedName, rows: deletedRows ?? '0' })}</Notice>}
      {creating && <CreateForm t={t} onCancel={() => setCreating(false)} onCreated={(c) => { setCreating(false); setCreated(c); load(); }} />}
      {created && <KeysPanel t={t} name={created.name} customerId={created.customerId} secretKey={created.secretKey} apiKey={created.apiKey} onDone={() => setCreated(null)} />}
      <ErrorBanner error={error} />
      {customers === null ? (error ? null : <Loading />) : (
        <Table
          caption={t('listCaption')} columns={columns} rows={customers} rowKey={(c) => c.customerId}
          empty={<EmptyState icon="shield" title={t('emptyTitle')}><p>{t('emptyText')}</p></EmptyState>}
        />
      )}
    </>
  );
}

function CreateForm({ t, onCancel, onCreated }: { t: T; onCancel(): void; onCreated(c: Created): void }) {
  const [name, setName] = useState('');
  const [permissive, setPermissive] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [nameError, setNameError] = useState<string | null>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    if (!name.trim()) {
      setNameError(t('nameRequired'));
      return;
    }
    setBusy(true);
    setError(null);
    setNameError(null);
    try {
      onCreated(await api<Created>('POST', '/customers', { name: name.trim(), ...(permissive ? { permissive: true } : {}) }));
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="create-title">
      <h2 id="create-title" className="card-title">{t('createTitle')}</h2>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field label={t('name')} value={name} onChange={setName} hint={t('nameHint')} error={nameError} autoFocus autoComplete="off" />
        <label className="check">
          <input type="checkbox" checked={permissive} onChange={(e) => setPermissive(e.target.checked)} />
          <span><span className="check-label">{t('permissive')}</span><span className="check-hint">{t('permissiveHint')}</span></span>
        </label>
        <ErrorBanner error={error} />
        <div className="card-actions">
          <Button type="submit" variant="primary" busy={busy}>{t('createSubmit')}</Button>
          <Button onClick={onCancel}>{t('cancel')}</Button>
        </div>
      </form>
    </section>
  );
}

function CustomerDetail({ id }: { id: string }) {
  const t = useT(strings);
  const { lang } = useLang();
  const [customer, setCustomer] = useState<Customer | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [rotated, setRotated] = useState<Rotated | null>(null);
  const [dialog, setDialog] = useState<'rotate' | 'delete' | null>(null);
  const [rotateApiKey, setRotateApiKey] = useState(false);
  const [busy, setBusy] = useState(false);
  const [dialogError, setDialogError] = useState<unknown>(null);

  useEffect(() => {
    setCustomer(null);
    setError(null);
    api<Customer>('GET', `/customers/${encodeURIComponent(id)}`).then(setCustomer, setError);
  }, [id]);

  const openDialog = (d: 'rotate' | 'delete') => {
    setDialogError(null);
    setRotateApiKey(false);
    setDialog(d);
  };
  const rotate = async () => {
    setBusy(true);
    try {
      setRotated(await api<Rotated>('POST', `/customers/${encodeURIComponent(id)}/rotate-secret`, { apiKey: rotateApiKey }));
      setDialog(null);
    } catch (err) {
      setDialogError(err);
    } finally {
      setBusy(false);
    }
  };
  const remove = async () => {
    setBusy(true);
    try {
      const gone = await api<Answer<'deleteOperatorV1CustomersByCustomerId'>>('DELETE', `/customers/${encodeURIComponent(id)}${query({ confirm: id })}`);
      setDialog(null);
      const rows = Object.values(gone.deleted).reduce((a, b) => a + b, 0);
      navigate(href('customers') + query({ deleted: customer?.name ?? id, rows }));
    } catch (err) {
      setDialogError(err);
    } finally {
      setBusy(false);
    }
  };

  const back = <Link to={href('customers')} className="back-link">← {t('back')}</Link>;
  if (error) {
    return (
      <>
        {back}
        {error instanceof ApiError && error.status === 404
          ? <EmptyState icon="search" title={t('notFound', { id })} />
          : <ErrorBanner error={error} />}
      </>
    );
  }
  if (!customer) return <>{back}<Loading /></>;
  const req = (b: boolean) => (b ? t('required') : t('optional'));
  return (
    <>
      {back}
      <PageHeader
        title={customer.name}
        description={
          <span className="id-line">
            <code data-copy={customer.customerId}>{customer.customerId}</code>
            <CopyButton value={customer.customerId} label={t('customerId')} />
            <span className="muted">{t('created', { date: formatDateTime(customer.createdAt, lang) })}</span>
          </span>
        }
        actions={isSandbox(customer) ? <Badge tone="warning">{t('sandbox')}</Badge> : <Badge>{t('strict')}</Badge>}
      />
      {rotated && <KeysPanel t={t} name={customer.name} customerId={rotated.customerId} secretKey={rotated.secretKey} apiKey={rotated.apiKey} onDone={() => setRotated(null)} />}
      <SettingsForm t={t} customer={customer} onSaved={setCustomer} />
      <section className="card" aria-labelledby="keys-section">
        <div className="card-row">
          <div>
            <h2 id="keys-section" className="card-title">{t('keysSection')}</h2>
            <p className="card-text">{t('keysSectionText')}</p>
            <p className="card-text muted">{t('policyLine', { token: req(customer.policy.requireAuthorizeToken), key: req(customer.policy.requireApiKey), bearer: req(customer.policy.requireBearerSecret) })}</p>
          </div>
          <Button onClick={() => openDialog('rotate')}>{t('rotate')}</Button>
        </div>
      </section>
      <section className="card card-danger" aria-labelledby="danger-section">
        <div className="card-row">
          <div>
            <h2 id="danger-section" className="card-title">{t('danger')}</h2>
            <p className="card-text">{t('dangerText')}</p>
          </div>
          <Button variant="danger" onClick={() => openDialog('delete')}>{t('delete')}</Button>
        </div>
      </section>
      <ConfirmDialog
        open={dialog === 'rotate'} title={t('rotateTitle', { name: customer.name })} confirmLabel={t('rotateConfirm')} busy={busy} error={dialogError}
        onConfirm={() => void rotate()} onCancel={() => setDialog(null)}
      >
        <p>{t('rotateText')}</p>
        <label className="check">
          <input type="checkbox" checked={rotateApiKey} onChange={(e) => setRotateApiKey(e.target.checked)} />
          <span className="check-label">{t('rotateApiKey')}</span>
        </label>
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog === 'delete'} title={t('deleteTitle', { name: customer.name })} confirmLabel={t('deleteConfirm')} word={customer.customerId} danger busy={busy} error={dialogError}
        onConfirm={() => void remove()} onCancel={() => setDialog(null)}
      >
        <p>{t('dangerText')}</p>
        <p>{t('deleteText')}</p>
      </ConfirmDialog>
    </>
  );
}

function SettingsForm({ t, customer, onSaved }: { t: T; customer: Customer; onSaved(c: Customer): void }) {
  const [webhookUrl, setWebhookUrl] = useState(customer.webhookUrl ?? '');
  const [secret, setSecret] = useState('');
  const [removeSecret, setRemoveSecret] = useState(false);
  const [origins, setOrigins] = useState(customer.allowedOrigins.join('\n'));
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [fieldErrors, setFieldErrors] = useState<{ url?: string; secret?: string; origins?: string }>({});
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setError(null);
    setSaved(false);
    // The server's rules (webhookUrlSchema, webhookSecretSchema, allowedOriginsSchema), checked first to say it in the page's language.
    const url = webhookUrl.trim();
    const list = origins.split(/[\s,]+/).map((o) => o.trim()).filter(Boolean);
    const badOrigin = list.find((o) => o !== '*' && !/^https?:\/\/[^/\s]+$/i.test(o));
    const found = {
      ...(url && !/^https?:\/\/[^\s]+$/i.test(url) ? { url: t('badUrl') } : {}),
      ...(!removeSecret && secret && secret.length < 8 ? { secret: t('shortSecret') } : {}),
      ...(badOrigin ? { origins: t('badOrigin', { origin: badOrigin }) } : {}),
    };
    setFieldErrors(found);
    if (Object.keys(found).length > 0) return;
    setBusy(true);
    const body: Settings = {
      webhookUrl: url || null,
      allowedOrigins: list,
      ...(removeSecret ? { webhookSecret: null } : secret ? { webhookSecret: secret } : {}),
    };
    try {
      const c = await api<Customer>('PATCH', `/customers/${encodeURIComponent(customer.customerId)}/settings`, body);
      setSecret('');
      setRemoveSecret(false);
      setSaved(true);
      onSaved(c);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="card" aria-labelledby="settings-title">
      <h2 id="settings-title" className="card-title">{t('settings')}</h2>
      <p className="card-text">{t('settingsText')}</p>
      <form onSubmit={(e) => void submit(e)} noValidate>
        <Field label={t('webhookUrl')} type="url" value={webhookUrl} onChange={(v) => { setWebhookUrl(v); setSaved(false); }} hint={t('webhookUrlHint')} error={fieldErrors.url} placeholder="https://app.example.com/flinks/webhook" mono autoComplete="off" />
        <Field label={t('webhookSecret')} type="password" value={secret} onChange={(v) => { setSecret(v); setSaved(false); }} hint={customer.hasWebhookSecret ? t('webhookSecretSet') : t('webhookSecretNone')} error={fieldErrors.secret} autoComplete="new-password" mono />
        {customer.hasWebhookSecret && (
          <label className="check">
            <input type="checkbox" checked={removeSecret} onChange={(e) => setRemoveSecret(e.target.checked)} />
            <span className="check-label">{t('removeSecret')}</span>
          </label>
        )}
        <OriginsField label={t('origins')} hint={t('originsHint')} error={fieldErrors.origins} value={origins} onChange={(v) => { setOrigins(v); setSaved(false); }} />
        <ErrorBanner error={error} />
        {saved && <Notice tone="success">{t('saved')}</Notice>}
        <div className="card-actions"><Button type="submit" variant="primary" busy={busy}>{t('save')}</Button></div>
      </form>
    </section>
  );
}

function OriginsField({ label, hint, error, value, onChange }: { label: string; hint: string; error?: string; value: string; onChange(v: string): void }) {
  return (
    <div className="field">
      <label htmlFor="allowed-origins">{label}</label>
      <textarea
        id="allowed-origins" rows={3} value={value} onChange={(e) => onChange(e.target.value)} spellCheck={false} className="mono" placeholder="https://app.example.com"
        aria-invalid={error ? true : undefined} aria-describedby={error ? 'allowed-origins-hint allowed-origins-error' : 'allowed-origins-hint'}
      />
      <p className="field-hint" id="allowed-origins-hint">{hint}</p>
      {error && <p className="field-error" id="allowed-origins-error">{error}</p>}
    </div>
  );
}
