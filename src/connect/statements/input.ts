/**
 * What one monthly statement shows (GetStatements; the FDX statements of Outbound):
 * the institution, the holder, the account, the period's transactions and its opening
 * and closing balances, from the rows Connect stores. Pure: the callers read the rows,
 * pdf.ts draws the result. One builder, so the two surfaces print the same statement.
 */
import type { StatementInput } from './pdf.ts';
import type { AccountRow, TransactionRow } from '../store.ts';
import { findInstitution } from '../institutions/catalog.ts';

/** The login facts a statement prints. */
export interface StatementLogin {
  institution_id: number;
  institution_code: string;
  username: string;
  language: 'en' | 'fr';
}

/** The holder as the connector sent it (only the name and address are printed). */
export interface StatementHolder {
  Name: string;
  Address: { CivicAddress: string; City: string; Province: string; PostalCode: string };
}

export type StatementTransactionRow = Pick<TransactionRow, 'date' | 'description' | 'debit_cents' | 'credit_cents' | 'balance_cents'>;

/**
 * Whether an account's balance is an amount owed, so that a debit raises it. Connect's
 * rule: its credit products (category Credits, credit cards, lines of credit).
 */
export function owesBalance(a: Pick<AccountRow, 'category' | 'type'>): boolean {
  return a.category === 'Credits' || a.type === 'CreditCard' || a.type === 'LineOfCredit';
}

/**
 * The balance before the first transaction of a period with no history before it: the
 * first running balance with that transaction undone, or the account's current balance
 * when there is none to undo.
 */
export function openingOf(first: StatementTransactionRow | undefined, a: AccountRow, owed: boolean): number {
  if (!first || first.balance_cents === null) return a.current_cents;
  const credit = first.credit_cents ?? 0;
  const debit = first.debit_cents ?? 0;
  return owed ? first.balance_cents - debit + credit : first.balance_cents - credit + debit;
}

export interface StatementSource {
  login: StatementLogin;
  holder: StatementHolder | null;
  account: AccountRow;
  period: { start: string; end: string };
  /** Transactions before the period, oldest first (the last one's balance opens the period). */
  before: StatementTransactionRow[];
  /** The period's transactions, oldest first. */
  within: StatementTransactionRow[];
  /** Whether the balance is owed (see owesBalance); Connect's rule when absent. */
  owed?: boolean;
}

export function statementInput(s: StatementSource): StatementInput {
  const { login, holder, account: a, period, before, within } = s;
  const owed = s.owed ?? owesBalance(a);
  const opening = before.length > 0 ? before[before.length - 1]!.balance_cents ?? 0 : openingOf(within[0], a, owed);
  const closing = within.length > 0 ? within[within.length - 1]!.balance_cents ?? opening : opening;
  const institution = findInstitution(login.institution_id);
  return {
    institutionName: institution?.names[login.language] ?? login.institution_code,
    holderName: holder?.Name ?? login.username,
    holderAddress: holder ? [holder.Address.CivicAddress, `${holder.Address.City} ${holder.Address.Province} ${holder.Address.PostalCode}`.trim()].filter(Boolean) : [],
    accountTitle: a.title,
    accountNumber: a.account_number,
    transitNumber: a.transit_number ?? '',
    currency: a.currency,
    periodStart: period.start,
    periodEnd: period.end,
    openingBalanceCents: opening,
    closingBalanceCents: closing,
    transactions: within.map((t) => ({ date: t.date, description: t.description, debitCents: t.debit_cents, creditCents: t.credit_cents, balanceCents: t.balance_cents ?? 0 })),
    language: login.language,
  };
}
