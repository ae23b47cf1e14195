/**
 * The data providers this Maplelink fronts (the provider directory of docs.flinks.com/api/outbound/endpoints): institutions whose data
 * a person shares through the consent pages. Provider 1000 is the sandbox bank
 * Flinks Capital, reached through Connect with the same logins and MFA.
 */
import { DATA_SCOPES } from './scopes.ts';
import { findInstitution } from '../connect/index.ts';

export interface DataProvider {
  id: number;
  name: string;
  country: 'CA' | 'US';
  /** The Connect institution a person logs in to. */
  institution: string;
  scopes: readonly string[];
  connectorName: string;
  accountTypes: { depositAccounts: boolean; investmentAccounts: boolean; loanAccounts: boolean; locAccounts: boolean };
  sandbox: boolean;
}

export const FLINKS_CAPITAL_PROVIDER = 1000;

const PROVIDERS: readonly DataProvider[] = [
  {
    id: FLINKS_CAPITAL_PROVIDER,
    name: 'Flinks Capital',
    country: 'CA',
    institution: 'FlinksCapital',
    scopes: DATA_SCOPES,
    connectorName: 'maplelink',
    accountTypes: { depositAccounts: true, investmentAccounts: true, loanAccounts: true, locAccounts: true },
    sandbox: true,
  },
];

export function listProviders(opts: { sandbox: boolean }): DataProvider[] {
  return PROVIDERS.filter((p) => opts.sandbox || !p.sandbox);
}

export function findProvider(id: number | string | undefined, opts: { sandbox: boolean }): DataProvider | undefined {
  const n = typeof id === 'number' ? id : Number(String(id ?? '').trim());
  return Number.isInteger(n) ? listProviders(opts).find((p) => p.id === n) : undefined;
}

export function providerUrl(p: DataProvider): string {
  return findInstitution(p.institution)?.urls.en ?? '';
}

/** The FDX fields a provider serves (GET /providers/{id} data_inventory): what fdx/mapper.ts writes. */
export const DATA_INVENTORY = {
  account: ['accounts.accountId', 'accounts.accountCategory', 'accounts.accountType', 'accounts.accountNumberDisplay', 'accounts.productName', 'accounts.nickname', 'accounts.status', 'accounts.description', 'accounts.currency.currencyCode'],
  lightweight_accounts: ['depositAccount', 'locAccount', 'loanAccount', 'investmentAccount'],
  detailed_accounts: [
    'accounts.depositAccount.accountNumber', 'accounts.depositAccount.routingTransitNumber', 'accounts.depositAccount.balanceType', 'accounts.depositAccount.balanceAsOf',
    'accounts.depositAccount.currentBalance', 'accounts.depositAccount.availableBalance', 'accounts.locAccount.creditLine', 'accounts.locAccount.availableCredit',
    'accounts.locAccount.currentBalance', 'accounts.loanAccount.principalBalance', 'accounts.investmentAccount.currentValue',
  ],
  customers: ['customers.customerId', 'customers.type', 'customers.name.first', 'customers.name.last', 'customers.name.company', 'customers.email', 'customers.addresses', 'customers.telephones', 'customers.accounts'],
  payments: ['paymentNetworks.bankId', 'paymentNetworks.identifier', 'paymentNetworks.identifierType', 'paymentNetworks.type', 'paymentNetworks.transferIn', 'paymentNetworks.transferOut'],
  transactions: [
    'transactions.depositTransaction.transactionId', 'transactions.depositTransaction.postedTimestamp', 'transactions.depositTransaction.transactionTimestamp',
    'transactions.depositTransaction.description', 'transactions.depositTransaction.debitCreditMemo', 'transactions.depositTransaction.amount',
    'transactions.depositTransaction.status', 'transactions.depositTransaction.transactionType', 'transactions.locTransaction.postedTimestamp', 'transactions.locTransaction.amount',
  ],
} as const;
