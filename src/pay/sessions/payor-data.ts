/**
 * What Pay sessions read about a payor's bank: the link the payor made in the
 * hosted app (a Connect RequestId and its LoginId), the login's accounts and
 * holder, and the signals the guarantee decides on. Read from Connect's tables,
 * always by customer_id. This adapter is deliberately narrow (four functions):
 * the signals are to come from the Enrich attribute engine later, without the
 * sessions service noticing.
 */
import type { Queryable } from '../../platform/db.ts';
import { isGuid } from '../../platform/ids.ts';
import type { PayorSignals } from './guarantee.ts';
import { incomeSummary, nsfCount, WINDOW_DAYS, type TxRow } from './signals.ts';
import { addDays } from '../../platform/clock.ts';

export type LinkState = 'ready' | 'aggregating' | 'failed' | 'unknown';

export interface LinkedAccount {
  id: string;
  title: string;
  type: string;
  category: string;
  currency: string;
  institutionNumber: string | null;
  transitNumber: string | null;
  accountNumber: string;
  availableCents: number | null;
  currentCents: number;
}

/**
 * Where a link stands: the RequestId must be this customer's, belong to the
 * LoginId, carry the session's tag (the hosted app opens the Connect widget
 * with `tag=pay-session:{sessionId}`, so a connection made elsewhere is not
 * this payor's doing) and have been authorized (not failed, not waiting for
 * MFA); then the login's aggregation decides ready or not yet.
 */
export async function linkState(q: Queryable, customerId: string, loginId: string, requestId: string, tag: string): Promise<LinkState> {
  if (!isGuid(loginId) || !isGuid(requestId)) return 'unknown';
  const rows = await q.query<{ state: string; aggregation_state: string; tag: string | null }>(
    `select r.state, l.aggregation_state, r.tag
       from connect_requests r join connect_logins l on l.id = r.login_id and l.customer_id = r.customer_id
      where r.id = $1 and r.customer_id = $2 and r.login_id = $3`,
    [requestId.toLowerCase(), customerId, loginId.toLowerCase()],
  );
  const r = rows[0];
  if (!r || r.state === 'MfaPending' || r.tag !== tag) return 'unknown';
  if (r.state === 'Failed' || r.aggregation_state === 'failed') return 'failed';
  return r.aggregation_state === 'done' ? 'ready' : 'aggregating';
}

/** The tag the hosted app gives the Connect widget of a session. */
export function sessionTag(sessionId: string): string {
  return `pay-session:${sessionId}`;
}

/** The login's accounts that can be debited: bank accounts (Operations) in CAD. */
export async function debitableAccounts(q: Queryable, customerId: string, loginId: string): Promise<LinkedAccount[]> {
  if (!isGuid(loginId)) return [];
  const rows = await q.query<{ id: string; title: string; type: string; category: string; currency: string; institution_number: string | null; transit_number: string | null; account_number: string; available_cents: number | null; current_cents: number }>(
    `select id, title, type, category, currency, institution_number, transit_number, account_number, available_cents, current_cents
       from connect_accounts where customer_id = $1 and login_id = $2 and category = 'Operations' and currency = 'CAD' order by position`,
    [customerId, loginId.toLowerCase()],
  );
  return rows.map((r) => ({
    id: r.id,
    title: r.title,
    type: r.type,
    category: r.category,
    currency: r.currency,
    institutionNumber: r.institution_number,
    transitNumber: r.transit_number,
    accountNumber: r.account_number,
    availableCents: r.available_cents === null ? null : Number(r.available_cents),
    currentCents: Number(r.current_cents),
  }));
}

/** The account holder's name as the bank gives it (null when the bank gave none). */
export async function holderName(q: Queryable, customerId: string, loginId: string): Promise<string | null> {
  if (!isGuid(loginId)) return null;
  const rows = await q.query<{ name: string | null }>(`select holder->>'Name' as name from connect_holders where customer_id = $1 and login_id = $2`, [customerId, loginId.toLowerCase()]);
  const name = rows[0]?.name?.trim();
  return name ? name : null;
}

/**
 * The guarantee's inputs: the chosen account's available balance (its current
 * balance when the bank gives no available one), and NSF items and income over
 * the last 90 days of every bank account of the login.
 */
export async function payorSignals(q: Queryable, customerId: string, loginId: string, accountId: string, today: string): Promise<PayorSignals> {
  const accounts = await debitableAccounts(q, customerId, loginId);
  const chosen = accounts.find((a) => a.id === accountId);
  const rows = accounts.length === 0 ? [] : await q.query<{ date: string; description: string; debit_cents: number | null; credit_cents: number | null }>(
    `select to_char(date, 'YYYY-MM-DD') as date, description, debit_cents, credit_cents from connect_transactions
      where customer_id = $1 and account_id = any($2::uuid[]) and date > $3::date and date <= $4::date`,
    [customerId, accounts.map((a) => a.id), addDays(today, -WINDOW_DAYS), today],
  );
  const tx: TxRow[] = rows.map((r) => ({ date: r.date, description: r.description, debitCents: r.debit_cents === null ? null : Number(r.debit_cents), creditCents: r.credit_cents === null ? null : Number(r.credit_cents) }));
  const income = incomeSummary(tx, today);
  return {
    availableBalanceCents: chosen ? chosen.availableCents ?? chosen.currentCents : null,
    nsfCount90d: nsfCount(tx, today),
    incomeRegularity: income.regularity,
    monthlyIncomeCents: income.monthlyIncomeCents,
  };
}
