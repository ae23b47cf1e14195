/**
 * What the Webhooks, Pay, Outbound and Sandbox pages share: the customer picker (the customer is
 * kept in the address, ?customer=<id>, so a page can be linked and reloaded), a labelled select,
 * a status badge tone, and the stylesheet of those pages (ops.css).
 */
import { useEffect, useId, useState, type ReactNode } from 'react';
import { api, type Answer } from '../api.ts';
import { useT } from '../i18n.ts';
import { navigate } from '../router.tsx';
import { ErrorBanner } from '../ui.tsx';
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
