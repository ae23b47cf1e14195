/**
 * What the Webhooks, Pay, Outbound and Sandbox pages share: the customer picker (the customer is
 * kept in the address, ?customer=<id>, so a page can be linked and reloaded), a labelled select,
 * a status badge tone, and the stylesheet of those pages (ops.css).
 */
import { useEffect, useId, useState, type ReactNode } from 'react';
import { api, type Answer } from '../api.ts';
import { formatDateTime, useLang, useT, type Language } from '../i18n.ts';
import { navigate } from '../router.tsx';
import { Badge, ErrorBanner } from '../ui.tsx';
import './ops.css';

type Customers = Answer<'getOperatorV1Customers'>['customers'];

const strings = {
  en: { customer: 'Customer', all: 'All customers', choose: 'Choose a customer' },
  fr: { customer: 'Client', all: 'Tous les clients', choose: 'Choisissez un client' },
};

export function useCustomers(): { customers: Customers | null; error: unknown } {
  const [customers, setCustomers] = useState<Customers | null>(null);
  const [error, setError] = useState<unknown>(null);
  useEffect(() => {
    api<Answer<'getOperatorV1Customers'>>('GET', '/customers').then((r) => setCustomers(r.customers), setError);
  }, []);
  return { customers, error };
}

/** Sets one member of the page's query (removed when empty), keeping the others. */
export function setQuery(name: string, value: string | null): void {
  const q = new URLSearchParams(window.location.search);
  if (value) q.set(name, value);
  else q.delete(name);
  const s = q.toString();
  navigate(`${window.location.pathname}${s ? `?${s}` : ''}`, { replace: true });
}

export function Select({ label, value, onChange, children }: { label: string; value: string; onChange(v: string): void; children: ReactNode }) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} className="select" value={value} onChange={(e) => onChange(e.target.value)}>{children}</select>
    </div>
  );
}

/** The customer of the page (?customer=), chosen from the list; `allowAll` adds "All customers". */
export function CustomerPicker({ value, allowAll, onChange }: { value: string; allowAll?: boolean; onChange(id: string): void }) {
  const t = useT(strings);
  const { customers, error } = useCustomers();
  if (error) return <ErrorBanner error={error} />;
  return (
    <Select label={t('customer')} value={value} onChange={onChange}>
      {allowAll ? <option value="">{t('all')}</option> : !value && <option value="">{t('choose')}</option>}
      {(customers ?? []).map((c) => <option key={c.customerId} value={c.customerId}>{c.name}</option>)}
    </Select>
  );
}

/** The tone of a status badge: done green, failed red, waiting amber, the rest neutral. */
export function toneOf(status: string): 'neutral' | 'success' | 'warning' | 'danger' | 'info' {
  const s = status.toLowerCase();
  if (['delivered', 'processed', 'settled', 'completed', 'signed', 'active', 'accepted'].includes(s)) return 'success';
  if (['failed', 'cancelled', 'declined', 'expired', 'disputed', 'revoked'].includes(s)) return 'danger';
  if (['pending', 'delivering', 'initiated', 'processing', 'onhold', 'pending_approval', 'pending_activation'].includes(s)) return 'warning';
  return 'neutral';
}

/**
 * The words of the statuses Pay and Outbound answer (their API values, English codes): a French
 * operator read "Initiated → Processed" in an otherwise French page. Keyed by the lower-cased value;
 * a status not listed shows as the API wrote it.
 */
const STATUS_WORDS: Record<string, { en: string; fr: string }> = {
  active: { en: 'Active', fr: 'Actif' },
  onhold: { en: 'On hold', fr: 'En suspens' },
  completed: { en: 'Completed', fr: 'Terminé' },
  cancelled: { en: 'Cancelled', fr: 'Annulé' },
  initiated: { en: 'Initiated', fr: 'Initié' },
  processing: { en: 'Processing', fr: 'En traitement' },
  accepted: { en: 'Accepted', fr: 'Accepté' },
  processed: { en: 'Processed', fr: 'Traité' },
  settled: { en: 'Settled', fr: 'Réglé' },
  expired: { en: 'Expired', fr: 'Expiré' },
  declined: { en: 'Declined', fr: 'Refusé' },
  failed: { en: 'Failed', fr: 'Échoué' },
  pending: { en: 'Pending', fr: 'En attente' },
  signed: { en: 'Signed', fr: 'Signé' },
  disputed: { en: 'Disputed', fr: 'Contesté' },
  pending_approval: { en: 'Pending approval', fr: "En attente d'approbation" },
  pending_activation: { en: 'Pending activation', fr: "En attente d'activation" },
  revoked: { en: 'Revoked', fr: 'Révoqué' },
};

export function statusWord(status: string, lang: Language): string {
  return STATUS_WORDS[status.toLowerCase()]?.[lang] ?? status;
}

/** A status as a badge in the page's language (the API's value in its title, as the API filters take it). */
export function StatusBadge({ status, suffix, title }: { status: string; suffix?: string; title?: string }) {
  const { lang } = useLang();
  return <span title={title ?? status}><Badge tone={toneOf(status)}>{statusWord(status, lang)}{suffix ?? ''}</Badge></span>;
}

const FREQUENCY_WORDS: Record<string, { en: string; fr: string }> = {
  OneTime: { en: 'One time', fr: 'Unique' },
  Weekly: { en: 'Weekly', fr: 'Hebdomadaire' },
  Biweekly: { en: 'Every two weeks', fr: 'Aux deux semaines' },
  Monthly: { en: 'Monthly', fr: 'Mensuelle' },
};

/** An EFT schedule's frequency (OneTime, Weekly, Biweekly, Monthly) in the page's language. */
export function frequencyWord(frequency: string, lang: Language): string {
  return FREQUENCY_WORDS[frequency]?.[lang] ?? frequency;
}

/**
 * A date and time in a table cell: the date and the time each kept on one line, so a narrow column
 * shows two lines ("Dec 7, 2026," / "12:48 p.m.") rather than three or four.
 */
export function DateTime({ at }: { at: string | null | undefined }) {
  const { lang } = useLang();
  const text = formatDateTime(at ?? null, lang);
  const cut = text.lastIndexOf(', ');
  if (cut < 0) return <span className="ops-nowrap">{text}</span>;
  return <><span className="ops-nowrap">{text.slice(0, cut + 1)}</span> <span className="ops-nowrap">{text.slice(cut + 2)}</span></>;
}
