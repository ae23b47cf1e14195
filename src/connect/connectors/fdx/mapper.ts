/**
 * FDX v5 → Connect (pure): an FDX account, its transactions and the FDX customer as Connect's
 * AccountData and HolderData (FDX v5 data model, financialdataexchange.org).
 */
import type { AccountData, HolderData, TransactionData } from '../connector.ts';

/** An FDX JSON object as the provider sent it. */
export type Json = Record<string, any>;

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
    if (value && typeof value === 'object') return { category: String(value.accountCategory ?? CATEGORY_OF_WRAPPER[key] ?? 'DEPOSIT_ACCOUNT'), account: value as Json };
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
  const currency = String(a.currency?.currencyCode ?? 'CAD').toUpperCase() === 'USD' ? 'USD' : 'CAD';
  // FDX lists newest first (the provider's order kept within a day); balances are worked back from the current balance.
  const txns = transactions
    .map((t) => ({ t, date: String(t.postedTimestamp ?? t.transactionTimestamp ?? '').slice(0, 10) }))
    .filter((x) => /^\d{4}-\d{2}-\d{2}$/.test(x.date))
    .sort((x, y) => (x.date < y.date ? 1 : x.date > y.date ? -1 : 0));
  let running = current;
  const out: TransactionData[] = txns.map(({ t, date }) => {
    const amount = Math.abs(cents(t.amount) ?? 0);
    const debit = String(t.debitCreditMemo ?? '').toUpperCase() === 'DEBIT';
    const row: TransactionData = { ref: String(t.transactionId), date, description: String(t.description ?? t.memo ?? ''), debitCents: debit ? amount : null, creditCents: debit ? null : amount, balanceCents: running };
    // Going back in time: undo this transaction (a debit lowers an asset's balance and raises what is owed).
    running += (liability ? -1 : 1) * (debit ? amount : -amount);
    return row;
  });
  // Connect stores a login's transactions oldest first (their position orders those of one day).
  out.reverse();
  return {
    ref: String(a.accountId),
    title: String(a.nickname ?? a.productName ?? a.description ?? TYPE_NAMES[a.accountType] ?? 'Account'),
    type: TYPE_NAMES[String(a.accountType ?? '').toUpperCase()] ?? (category === 'DEPOSIT_ACCOUNT' ? 'Chequing' : String(a.accountType ?? 'Other')),
    category: CATEGORY_NAMES[category] ?? 'Operations',
    currency,
    accountType: loginType,
    transitNumber: transit,
    institutionNumber: institution,
    accountNumber: String(a.accountNumber ?? a.accountNumberDisplay ?? a.accountId),
    overdraftLimitCents: 0,
    limitCents: limit,
    currentCents: current,
    availableCents: available,
    transactions: out,
  };
}

export function toHolder(c: Json | null): HolderData {
  const name = c?.name?.company ?? [c?.name?.first, c?.name?.middle, c?.name?.last].filter(Boolean).join(' ');
  const addr = Array.isArray(c?.addresses) ? c!.addresses[0] : null;
  return {
    Name: String(name ?? ''),
    Address: { CivicAddress: String(addr?.line1 ?? ''), City: String(addr?.city ?? ''), Province: String(addr?.region ?? addr?.state ?? ''), PostalCode: String(addr?.postalCode ?? ''), POBox: null, Country: String(addr?.country ?? '') },
    Email: String(Array.isArray(c?.email) ? c!.email[0] ?? '' : ''),
    PhoneNumber: String(Array.isArray(c?.telephones) ? c!.telephones[0]?.number ?? '' : ''),
  };
}
