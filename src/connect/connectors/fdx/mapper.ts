/**
 * FDX v5 → Connect (pure): an FDX account, its transactions and the FDX customer as Connect's
 * AccountData and HolderData (FDX v5 data model, financialdataexchange.org).
 */
import type { AccountData, HolderData, TransactionData } from '../connector.ts';

/** An FDX JSON object as the provider sent it: every member is read with a check of its type. */
export type Json = Record<string, unknown>;

/** `x` when it is an object (an array too, as a member access on it would read), else undefined. */
export function asObject(x: unknown): Json | undefined {
  return typeof x === 'object' && x !== null ? (x as Json) : undefined;
}

/**
 * A member as text. FDX sends strings, numbers and booleans where Connect keeps text; a member
 * that is an object or an array (a provider's mistake) is kept as its JSON, not "[object Object]".
 */
export function text(x: unknown): string {
  if (typeof x === 'string') return x;
  if (typeof x === 'number' || typeof x === 'boolean' || x === undefined) return String(x);
  return JSON.stringify(x);
}

/** The first item of `x` when it is an array. */
function first(x: unknown): unknown {
  return Array.isArray(x) ? (x as unknown[])[0] : undefined;
}

const cents = (n: unknown): number | null => (typeof n === 'number' && Number.isFinite(n) ? Math.round(n * 100) : null);

const TYPE_NAMES: Record<string, string> = {
  CHECKING: 'Chequing', SAVINGS: 'Savings', CREDITCARD: 'CreditCard', LINEOFCREDIT: 'LineOfCredit', MORTGAGE: 'Mortgage', LOAN: 'Loan',
  TAXFREESAVINGSACCOUNT: 'TFSA', REGISTEREDRETIREMENTSAVINGSPLAN: 'RRSP',
};
const CATEGORY_NAMES: Record<string, string> = { DEPOSIT_ACCOUNT: 'Operations', LOC_ACCOUNT: 'Credits', LOAN_ACCOUNT: 'Loans', INVESTMENT_ACCOUNT: 'Investments' };
const CATEGORY_OF_WRAPPER: Record<string, string> = { depositAccount: 'DEPOSIT_ACCOUNT', locAccount: 'LOC_ACCOUNT', loanAccount: 'LOAN_ACCOUNT', investmentAccount: 'INVESTMENT_ACCOUNT' };

/** The account inside its FDX wrapper ({depositAccount: {...}}), with its category. */
export function unwrapAccount(item: Json): { category: string; account: Json } | null {
  for (const [key, value] of Object.entries(item ?? {})) {
    const account = asObject(value);
    if (account) return { category: text(account.accountCategory ?? CATEGORY_OF_WRAPPER[key] ?? 'DEPOSIT_ACCOUNT'), account };
  }
  return null;
}

/** Canadian routing number 0 + institution (3) + transit (5) into its parts. */
function routing(rtn: unknown): { institution: string | null; transit: string | null } {
  const s = typeof rtn === 'string' ? rtn.replace(/\D/g, '') : '';
  return s.length === 9 && s.startsWith('0') ? { institution: s.slice(1, 4), transit: s.slice(4) } : { institution: null, transit: null };
}

/** One FDX account (details or lightweight) and its FDX transactions as Connect's AccountData, with running balances. */
export function toAccountData(category: string, a: Json, transactions: Json[], loginType: 'Personal' | 'Business'): AccountData {
  const liability = category === 'LOC_ACCOUNT' || category === 'LOAN_ACCOUNT';
  const current = cents(a.currentBalance) ?? cents(a.principalBalance) ?? cents(a.currentValue) ?? 0;
  const limit = cents(a.creditLine);
  const available = cents(a.availableBalance) ?? cents(a.availableCredit);
  const { institution, transit } = routing(a.routingTransitNumber);
  const currency = text(asObject(a.currency)?.currencyCode ?? 'CAD').toUpperCase() === 'USD' ? 'USD' : 'CAD';
  // FDX lists newest first (the provider's order kept within a day); balances are worked back from the current balance.
  const txns = transactions
    .map((t) => ({ t, date: text(t.postedTimestamp ?? t.transactionTimestamp ?? '').slice(0, 10) }))
    .filter((x) => /^\d{4}-\d{2}-\d{2}$/.test(x.date))
    .sort((x, y) => (x.date < y.date ? 1 : x.date > y.date ? -1 : 0));
  let running = current;
  const out: TransactionData[] = txns.map(({ t, date }) => {
    const amount = Math.abs(cents(t.amount) ?? 0);
    const debit = text(t.debitCreditMemo ?? '').toUpperCase() === 'DEBIT';
    const row: TransactionData = { ref: text(t.transactionId), date, description: text(t.description ?? t.memo ?? ''), debitCents: debit ? amount : null, creditCents: debit ? null : amount, balanceCents: running };
    // Going back in time: undo this transaction (a debit lowers an asset's balance and raises what is owed).
    running += (liability ? -1 : 1) * (debit ? amount : -amount);
    return row;
  });
  // Connect stores a login's transactions oldest first (their position orders those of one day).
  out.reverse();
  return {
    ref: text(a.accountId),
    title: text(a.nickname ?? a.productName ?? a.description ?? TYPE_NAMES[text(a.accountType)] ?? 'Account'),
    type: TYPE_NAMES[text(a.accountType ?? '').toUpperCase()] ?? (category === 'DEPOSIT_ACCOUNT' ? 'Chequing' : text(a.accountType ?? 'Other')),
    category: CATEGORY_NAMES[category] ?? 'Operations',
    currency,
    accountType: loginType,
    transitNumber: transit,
    institutionNumber: institution,
    accountNumber: text(a.accountNumber ?? a.accountNumberDisplay ?? a.accountId),
    overdraftLimitCents: 0,
    limitCents: limit,
    currentCents: current,
    availableCents: available,
    transactions: out,
  };
}

export function toHolder(c: Json | null): HolderData {
  const named = asObject(c?.name);
  const name = named?.company ?? [named?.first, named?.middle, named?.last].filter(Boolean).join(' ');
  const addr = asObject(first(c?.addresses));
  return {
    Name: text(name ?? ''),
    Address: { CivicAddress: text(addr?.line1 ?? ''), City: text(addr?.city ?? ''), Province: text(addr?.region ?? addr?.state ?? ''), PostalCode: text(addr?.postalCode ?? ''), POBox: null, Country: text(addr?.country ?? '') },
    Email: text(first(c?.email) ?? ''),
    PhoneNumber: text(asObject(first(c?.telephones))?.number ?? ''),
  };
}
