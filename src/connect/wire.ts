/**
 * The Flinks wire format of Connect answers (the examples of docs.flinks.com/api/connect/endpoints/account-linking/*): PascalCase keys
 * in Flinks's order, explicit nulls, money as numbers with at most two decimals,
 * LastRefresh as a zone-less UTC timestamp with microseconds.
 */
import type { AccountRow, HolderRow, LoginRow, TransactionRow } from './store.ts';

export const NEVER_REFRESHED = '0001-01-01T00:00:00';

export const money = (cents: number | null | undefined): number | null => (cents === null || cents === undefined ? null : cents / 100);

export function link(rel: string, href: string, example: string | null = null) {
  return { rel, href, example };
}

export const AUTHORIZED_LINKS = [link('AccountsDetail', '/GetAccountsDetail'), link('AccountsSummary', '/GetAccountsSummary'), link('Statements', '/GetStatements')];

export function loginJson(l: LoginRow) {
  return { Username: l.username, IsScheduledRefresh: l.is_scheduled_refresh, LastRefresh: l.last_refresh_text ?? NEVER_REFRESHED, Type: l.login_type, Id: l.id };
}

/** Rebuilt field by field: jsonb storage does not keep key order, the wire does. */
export function holderJson(h: HolderRow | null) {
  if (!h) return null;
  const x = h.holder;
  const a = x.Address ?? ({} as Partial<typeof x.Address>);
  return {
    Name: x.Name ?? null,
    Address: { CivicAddress: a.CivicAddress ?? null, City: a.City ?? null, Province: a.Province ?? null, PostalCode: a.PostalCode ?? null, POBox: a.POBox ?? null, Country: a.Country ?? null },
    Email: x.Email ?? null,
    PhoneNumber: x.PhoneNumber ?? null,
  };
}

export function transactionJson(t: TransactionRow) {
  return { Date: t.date, Code: null, Description: t.description, Debit: money(t.debit_cents), Credit: money(t.credit_cents), Balance: money(t.balance_cents), Id: t.id };
}

function lastFour(n: string): string | null {
  const digits = n.replace(/\D/g, '');
  return digits.length >= 4 ? digits.slice(-4) : null;
}

function balanceJson(a: AccountRow) {
  return { Available: money(a.available_cents), Current: money(a.current_cents), Limit: money(a.limit_cents) };
}

export interface DetailShape {
  withIdentity: boolean;
  withKyc: boolean;
  withTransactions: boolean;
  withBalance: boolean;
}

export function accountDetailJson(a: AccountRow, txns: TransactionRow[], holder: HolderRow | null, shape: DetailShape) {
  return {
    Transactions: shape.withTransactions ? txns.map(transactionJson) : [],
    TransitNumber: shape.withIdentity ? a.transit_number : null,
    InstitutionNumber: shape.withIdentity ? a.institution_number : null,
    OverdraftLimit: money(a.overdraft_limit_cents),
    Title: a.title,
    AccountNumber: shape.withIdentity ? a.account_number : maskAccountNumber(a.account_number),
    LastFourDigits: lastFour(a.account_number),
    Balance: shape.withBalance ? balanceJson(a) : null,
    Category: a.category,
    Type: a.type,
    Currency: a.currency,
    Holder: shape.withKyc ? holderJson(holder) : null,
    AccountType: a.account_type,
    Id: a.id,
  };
}

export function accountSummaryJson(a: AccountRow, holder: HolderRow | null) {
  return {
    EftEligibleRatio: Number(a.eft_eligible_ratio),
    ETransferEligibleRatio: Number(a.etransfer_eligible_ratio),
    Title: a.title,
    AccountNumber: a.account_number,
    LastFourDigits: lastFour(a.account_number),
    Balance: balanceJson(a),
    Category: a.category,
    Type: a.type,
    Currency: a.currency,
    Holder: holderJson(holder),
    AccountType: a.account_type,
    Id: a.id,
  };
}

/** Without WithAccountIdentity the number is masked but for its last four digits. */
export function maskAccountNumber(n: string): string {
  return n.length <= 4 ? n : '*'.repeat(n.length - 4) + n.slice(-4);
}

/** The members every authorized answer ends with. */
export function sessionTail(l: LoginRow, requestId: string, institutionName: string, tag: string | null) {
  return {
    ...(tag !== null ? { Tag: tag } : {}),
    InstitutionName: institutionName,
    Login: loginJson(l),
    InstitutionId: l.institution_id,
    Institution: l.institution_code,
    RequestId: requestId,
  };
}

export function pendingJson(endpoint: string, requestId: string, code: 'OPERATION_PENDING' | 'OPERATION_DISPATCHED') {
  return {
    FlinksCode: code,
    Links: [link(`${endpoint}Async`, `/${endpoint}Async`, `/${endpoint}Async/${requestId}`)],
    HttpStatusCode: 202,
    Message: code === 'OPERATION_PENDING' ? 'Your operation is still processing' : 'Your operations had been dispatched to background process for long running jobs',
    RequestId: requestId,
  };
}
