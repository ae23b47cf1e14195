/**
 * The eight Outbound data scopes (docs.flinks.com/api/outbound/endpoints/authorize/
 * authorize-with-a-data-provider) and the partner
 * scope, with what the consent page says about each and what each opens.
 */
export const DATA_SCOPES = [
  'ACCOUNT_BASIC',
  'ACCOUNT_DETAILED',
  'ACCOUNT_PAYMENTS',
  'INVESTMENTS',
  'TRANSACTIONS',
  'STATEMENTS',
  'CUSTOMER_CONTACT',
  'CUSTOMER_PERSONAL',
] as const;

export type DataScope = (typeof DATA_SCOPES)[number];

/** The partner's management scope (client_credentials only). */
export const PARTNER_SCOPE = 'client:admin';

/** Every authorization asks for this one (Flinks: "basic account info — required"). */
export const REQUIRED_SCOPE: DataScope = 'ACCOUNT_BASIC';

const ALL = new Set<string>(DATA_SCOPES);

export function isDataScope(s: string): s is DataScope {
  return ALL.has(s);
}

/** A space-separated scope string as a list of known data scopes (unknown ones dropped), in the canonical order. */
export function parseScopes(value: string | null | undefined): DataScope[] {
  const asked = new Set((value ?? '').split(/[\s,]+/).filter(Boolean));
  return DATA_SCOPES.filter((s) => asked.has(s));
}

/** What the person is told on the consent page, per scope. */
export const SCOPE_TEXT: Record<DataScope, { title: string; detail: string }> = {
  ACCOUNT_BASIC: { title: 'Basic account information', detail: 'Account names, types, status, currency and the last digits of account numbers' },
  ACCOUNT_DETAILED: { title: 'Account details', detail: 'Balances, credit limits, interest rates and full account and transit numbers' },
  ACCOUNT_PAYMENTS: { title: 'Payment information', detail: 'The numbers needed to send or take payments (institution, transit and account number)' },
  INVESTMENTS: { title: 'Investments', detail: 'Investment and registered accounts and their holdings' },
  TRANSACTIONS: { title: 'Transactions', detail: 'The history of transactions of the shared accounts' },
  STATEMENTS: { title: 'Statements', detail: 'Monthly account statements as documents' },
  CUSTOMER_CONTACT: { title: 'Contact information', detail: 'Your email address, postal address and phone number' },
  CUSTOMER_PERSONAL: { title: 'Personal information', detail: 'Your name' },
};
