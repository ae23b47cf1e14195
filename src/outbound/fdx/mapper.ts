/**
 * Connect's model (accounts, transactions, holder) as FDX v5 (the FDX API 5.2 standard; docs.flinks.com/api/outbound/endpoints/fdx), pure.
 * Money is integer cents inside and a JSON number with two decimals outside;
 * timestamps follow Flinks's examples (dates at midnight UTC, 7-digit fractions).
 */
import { maskAccountNumber, type AccountRow, type HolderData, type TransactionRow } from '../../connect/index.ts';

export type AccountCategory = 'DEPOSIT_ACCOUNT' | 'LOC_ACCOUNT' | 'LOAN_ACCOUNT' | 'INVESTMENT_ACCOUNT';

const WRAPPER: Record<AccountCategory, string> = {
  DEPOSIT_ACCOUNT: 'depositAccount',
  LOC_ACCOUNT: 'locAccount',
  LOAN_ACCOUNT: 'loanAccount',
  INVESTMENT_ACCOUNT: 'investmentAccount',
};

const TRANSACTION_WRAPPER: Record<AccountCategory, string> = {
  DEPOSIT_ACCOUNT: 'depositTransaction',
  LOC_ACCOUNT: 'locTransaction',
  LOAN_ACCOUNT: 'loanTransaction',
  INVESTMENT_ACCOUNT: 'investmentTransaction',
};

/** Connect account types (Flinks's) → FDX category and AccountType. */
const TYPES: Record<string, [AccountCategory, string, string]> = {
  chequing: ['DEPOSIT_ACCOUNT', 'CHECKING', 'Chequing'],
  checking: ['DEPOSIT_ACCOUNT', 'CHECKING', 'Chequing'],
  savings: ['DEPOSIT_ACCOUNT', 'SAVINGS', 'Savings'],
  creditcard: ['LOC_ACCOUNT', 'CREDITCARD', 'Credit Card'],
  lineofcredit: ['LOC_ACCOUNT', 'LINEOFCREDIT', 'Line of Credit'],
  mortgage: ['LOAN_ACCOUNT', 'MORTGAGE', 'Mortgage'],
  loan: ['LOAN_ACCOUNT', 'LOAN', 'Loan'],
  tfsa: ['INVESTMENT_ACCOUNT', 'TAXFREESAVINGSACCOUNT', 'TFSA'],
  rrsp: ['INVESTMENT_ACCOUNT', 'REGISTEREDRETIREMENTSAVINGSPLAN', 'RRSP'],
};

export function classify(a: Pick<AccountRow, 'type' | 'category'>): { category: AccountCategory; accountType: string; productName: string } {
  const known = TYPES[a.type.replace(/[\s_-]/g, '').toLowerCase()];
  if (known) return { category: known[0], accountType: known[1], productName: known[2] };
  // Types outside the list: by Connect's category, with FDX's generic type of that category.
  const c = a.category.toLowerCase();
  if (c === 'investments' || c === 'investment') return { category: 'INVESTMENT_ACCOUNT', accountType: 'TAXABLE', productName: a.type };
  if (c === 'loans' || c === 'loan') return { category: 'LOAN_ACCOUNT', accountType: 'LOAN', productName: a.type };
  if (c === 'credits' || c === 'credit') return { category: 'LOC_ACCOUNT', accountType: 'LINEOFCREDIT', productName: a.type };
  return { category: 'DEPOSIT_ACCOUNT', accountType: 'CHECKING', productName: a.type };
}

export const money = (cents: number): number => Math.round(cents) / 100;

/** Flinks's timestamp of a posted date: midnight UTC with seven fractional digits. */
export const postedTimestamp = (date: string): string => `${date}T00:00:00.0000000Z`;

/** The Canadian electronic routing number: 0 + institution (3) + transit (5). */
export function routingNumber(a: Pick<AccountRow, 'institution_number' | 'transit_number'>): string | null {
  if (!a.institution_number || !a.transit_number) return null;
  return `0${a.institution_number.padStart(3, '0')}${a.transit_number.padStart(5, '0')}`;
}

/** The lightweight account (ACCOUNT_BASIC), without its wrapper. */
export function descriptor(a: AccountRow): Record<string, unknown> {
  const { category, accountType, productName } = classify(a);
  return {
    accountId: a.id,
    accountCategory: category,
    accountType,
    accountNumberDisplay: maskAccountNumber(a.account_number),
    productName,
    nickname: a.title,
    status: 'OPEN',
    description: a.title,
    currency: { currencyCode: a.currency },
  };
}

/** The account with balances and numbers (ACCOUNT_DETAILED), without its wrapper. */
export function details(a: AccountRow, asOf: string | null): Record<string, unknown> {
  const { category } = classify(a);
  const base: Record<string, unknown> = { ...descriptor(a), accountNumber: a.account_number };
  const rtn = routingNumber(a);
  if (rtn) base.routingTransitNumber = rtn;
  base.balanceType = category === 'DEPOSIT_ACCOUNT' || category === 'INVESTMENT_ACCOUNT' ? 'ASSET' : 'LIABILITY';
  base.transactionsIncluded = false;
  if (asOf) base.balanceAsOf = asOf;
  switch (category) {
    case 'DEPOSIT_ACCOUNT':
      base.currentBalance = money(a.current_cents);
      if (a.available_cents !== null) base.availableBalance = money(a.available_cents);
      base.transferIn = true;
      base.transferOut = true;
      break;
    case 'LOC_ACCOUNT':
      base.currentBalance = money(a.current_cents);
      if (a.limit_cents !== null) {
        base.creditLine = money(a.limit_cents);
        base.availableCredit = money(a.available_cents ?? Math.max(0, a.limit_cents - a.current_cents));
      }
      break;
    case 'LOAN_ACCOUNT':
      base.principalBalance = money(a.current_cents);
      break;
    case 'INVESTMENT_ACCOUNT':
      base.currentValue = money(a.current_cents);
      break;
  }
  return base;
}

export function wrapAccount(a: AccountRow, body: Record<string, unknown>): Record<string, unknown> {
  return { [WRAPPER[classify(a).category]]: body };
}

/** One transaction of an account of `category`, in its FDX wrapper. */
export function transaction(t: TransactionRow, accountId: string, category: AccountCategory): Record<string, unknown> {
  const debit = t.debit_cents !== null && t.debit_cents !== 0;
  const cents = debit ? t.debit_cents! : t.credit_cents ?? 0;
  const ts = postedTimestamp(t.date);
  const body: Record<string, unknown> = {
    accountId,
    transactionId: t.id,
    postedTimestamp: ts,
    transactionTimestamp: ts,
    description: t.description,
    debitCreditMemo: debit ? 'DEBIT' : 'CREDIT',
    amount: money(Math.abs(cents)),
    status: 'POSTED',
  };
  const type = transactionType(category, debit);
  if (type) body.transactionType = type;
  return { [TRANSACTION_WRAPPER[category]]: body };
}

/** FDX transaction types we can tell from the direction alone; none where the direction does not decide it. */
function transactionType(category: AccountCategory, debit: boolean): string | null {
  switch (category) {
    case 'DEPOSIT_ACCOUNT':
      return debit ? 'WITHDRAWAL' : 'DEPOSIT';
    case 'LOC_ACCOUNT':
    case 'LOAN_ACCOUNT':
      return debit ? null : 'PAYMENT';
    default:
      return null;
  }
}

/** ACCOUNT_PAYMENTS: how to pay into or out of a deposit account (Canada: ACSS with the routing number). */
export type PaymentNetwork = {
  bankId: string;
  identifier: string;
  identifierType: 'ACCOUNT_NUMBER';
  type: 'CA_ACSS' | 'US_ACH';
  transferIn: boolean;
  transferOut: boolean;
};

export function paymentNetworks(a: AccountRow, country: 'CA' | 'US'): PaymentNetwork[] {
  if (classify(a).category !== 'DEPOSIT_ACCOUNT') return [];
  const bankId = routingNumber(a);
  if (!bankId && country === 'CA') return [];
  return [{
    bankId: bankId ?? a.institution_number ?? '',
    identifier: a.account_number,
    identifierType: 'ACCOUNT_NUMBER',
    type: country === 'CA' ? 'CA_ACSS' : 'US_ACH',
    transferIn: true,
    transferOut: true,
  }];
}

export function splitName(full: string): { first: string; last: string } {
  const parts = full.trim().split(/\s+/);
  if (parts.length <= 1) return { first: parts[0] ?? '', last: '' };
  return { first: parts.slice(0, -1).join(' '), last: parts[parts.length - 1]! };
}

/** FDX names: a person's, split; a business's, as its company. */
export type FdxName = { first: string; last: string } | { company: string };

export type FdxAddress = {
  line1: string;
  city: string;
  region: string;
  postalCode: string;
  country: string;
  type?: 'BUSINESS' | 'HOME';
};

export type FdxTelephone = {
  type: 'BUSINESS' | 'HOME';
  country: string;
  number: string;
};

export type FdxCustomer = {
  customerId: string;
  type: 'BUSINESS' | 'CONSUMER';
  name: FdxName;
  email?: string[];
  addresses?: FdxAddress[];
  telephones?: FdxTelephone[];
  accounts: { accountId: string; links: { href: string; action: 'GET' }; relationship: 'PRIMARY' }[];
};

export type FdxContact = {
  holders: { relationship: 'PRIMARY'; name: FdxName }[];
  emails: string[];
  addresses: FdxAddress[];
  telephones: FdxTelephone[];
};

function postal(h: HolderData): FdxAddress {
  return { line1: h.Address.CivicAddress, city: h.Address.City, region: h.Address.Province, postalCode: h.Address.PostalCode, country: h.Address.Country || 'CA' };
}

/** GET /customers/current: name with CUSTOMER_PERSONAL, email, addresses and phones with CUSTOMER_CONTACT too. */
export function customer(o: { subject: string; holder: HolderData; business: boolean; contact: boolean; accountIds: string[]; accountHref: (id: string) => string }): FdxCustomer {
  const h = o.holder;
  const out: Omit<FdxCustomer, 'accounts'> & Partial<Pick<FdxCustomer, 'accounts'>> = {
    customerId: o.subject,
    type: o.business ? 'BUSINESS' : 'CONSUMER',
    name: o.business ? { company: h.Name } : splitName(h.Name),
  };
  if (o.contact) {
    out.email = h.Email ? [h.Email] : [];
    out.addresses = [{ ...postal(h), type: o.business ? 'BUSINESS' : 'HOME' }];
    out.telephones = h.PhoneNumber ? [{ type: o.business ? 'BUSINESS' : 'HOME', country: '1', number: h.PhoneNumber }] : [];
  }
  out.accounts = o.accountIds.map((accountId) => ({ accountId, links: { href: o.accountHref(accountId), action: 'GET' as const }, relationship: 'PRIMARY' as const }));
  return out as FdxCustomer;
}

/** GET /accounts/{id}/contact (CUSTOMER_CONTACT). */
export function contact(h: HolderData, business: boolean): FdxContact {
  return {
    holders: [{ relationship: 'PRIMARY', name: business ? { company: h.Name } : splitName(h.Name) }],
    emails: h.Email ? [h.Email] : [],
    addresses: [postal(h)],
    telephones: h.PhoneNumber ? [{ type: business ? 'BUSINESS' : 'HOME', country: '1', number: h.PhoneNumber }] : [],
  };
}
