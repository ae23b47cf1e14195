/**
 * JSON Schemas of the FDX v5 answers, written from docs.flinks.com/api/outbound/endpoints/fdx
 * and the FDX API 5.2 standard (field names, enums, wrappers, paging), stricter than FDX where
 * Maplelink promises more: money with at most two decimals, Flinks's
 * timestamps, no detail fields in lightweight accounts.
 */
import AjvModule, { type ValidateFunction } from 'ajv';
import formatsModule from 'ajv-formats';
import assert from 'node:assert/strict';

const str = { type: 'string' } as const;
const bool = { type: 'boolean' } as const;
/** At most two decimals as JSON writes the number (multipleOf 0.01 misjudges large floats). */
const money = { type: 'number', twoDecimals: true } as const;
const enumOf = (...values: string[]) => ({ type: 'string', enum: values }) as const;
const timestamp = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(\\.\\d{1,7})?Z$' } as const;

const AccountCategory = enumOf('ANNUITY_ACCOUNT', 'DEPOSIT_ACCOUNT', 'LOAN_ACCOUNT', 'LOC_ACCOUNT', 'INSURANCE_ACCOUNT', 'INVESTMENT_ACCOUNT');
const AccountStatus = enumOf('CLOSED', 'DELINQUENT', 'NEGATIVECURRENTBALANCE', 'OPEN', 'PAID', 'PENDINGCLOSE', 'PENDINGOPEN', 'RESTRICTED');

const HateoasLink = { type: 'object', required: ['href'], properties: { href: { type: 'string', format: 'uri-reference' }, action: enumOf('GET', 'POST', 'PATCH', 'DELETE', 'PUT'), rel: str, types: { type: 'array', items: str } } } as const;

const Paginated = {
  page: { type: 'object', required: ['nextOffset', 'totalElements'], additionalProperties: false, properties: { nextOffset: str, totalElements: { type: 'integer', minimum: 0 } } },
  links: { type: 'object', required: ['next'], additionalProperties: false, properties: { next: HateoasLink } },
} as const;

const descriptorProps = {
  accountId: str,
  accountCategory: AccountCategory,
  accountType: { type: 'string', pattern: '^[A-Z0-9_]+$' },
  accountNumberDisplay: { type: 'string', pattern: '^\\*+\\d{1,4}$' },
  productName: str,
  nickname: str,
  status: AccountStatus,
  description: str,
  currency: { type: 'object', required: ['currencyCode'], additionalProperties: false, properties: { currencyCode: { type: 'string', pattern: '^[A-Z]{3}$' }, currencyRate: { type: 'number' }, originalCurrencyCode: str } },
} as const;
const descriptorRequired = ['accountId', 'accountCategory', 'accountType', 'accountNumberDisplay', 'status', 'currency'];

/** Lightweight: the descriptor and nothing else (no numbers, no balances). */
const Lightweight = { type: 'object', required: descriptorRequired, additionalProperties: false, properties: descriptorProps } as const;

const accountProps = {
  ...descriptorProps,
  accountNumber: str,
  routingTransitNumber: { type: 'string', pattern: '^\\d{9}$' },
  balanceType: enumOf('ASSET', 'LIABILITY'),
  balanceAsOf: timestamp,
  transactionsIncluded: bool,
  transferIn: bool,
  transferOut: bool,
  interestRate: { type: 'number' },
  lastActivityDate: { type: 'string', format: 'date' },
} as const;
const detailed = (extra: Record<string, unknown>, category: string) => ({
  type: 'object',
  required: [...descriptorRequired, 'accountNumber', 'balanceType'],
  additionalProperties: false,
  properties: { ...accountProps, ...extra, accountCategory: { const: category } },
});
const DepositAccount = detailed({ currentBalance: money, availableBalance: money, openingDayBalance: money, annualPercentageYield: { type: 'number' }, interestYtd: money }, 'DEPOSIT_ACCOUNT');
const LocAccount = detailed({ currentBalance: money, creditLine: money, availableCredit: money, principalBalance: money, minimumPaymentAmount: money, nextPaymentAmount: money }, 'LOC_ACCOUNT');
const LoanAccount = detailed({ principalBalance: money, originalPrincipal: money, nextPaymentAmount: money }, 'LOAN_ACCOUNT');
const InvestmentAccount = detailed({ currentValue: money, availableCashBalance: money }, 'INVESTMENT_ACCOUNT');

const wrapper = (key: string, schema: object) => ({ type: 'object', required: [key], additionalProperties: false, properties: { [key]: schema } });

/** AccountWithDetails: exactly one wrapper per account category. */
export const AccountWithDetails = { oneOf: [wrapper('depositAccount', DepositAccount), wrapper('locAccount', LocAccount), wrapper('loanAccount', LoanAccount), wrapper('investmentAccount', InvestmentAccount)] };
export const AccountLightweight = {
  oneOf: [
    wrapper('depositAccount', { ...Lightweight, properties: { ...Lightweight.properties, accountCategory: { const: 'DEPOSIT_ACCOUNT' } } }),
    wrapper('locAccount', { ...Lightweight, properties: { ...Lightweight.properties, accountCategory: { const: 'LOC_ACCOUNT' } } }),
    wrapper('loanAccount', { ...Lightweight, properties: { ...Lightweight.properties, accountCategory: { const: 'LOAN_ACCOUNT' } } }),
    wrapper('investmentAccount', { ...Lightweight, properties: { ...Lightweight.properties, accountCategory: { const: 'INVESTMENT_ACCOUNT' } } }),
  ],
};

export const Accounts = (item: object) => ({ type: 'object', required: ['page', 'links', 'accounts'], additionalProperties: false, properties: { ...Paginated, accounts: { type: 'array', items: item } } });

const transactionProps = {
  accountId: str,
  transactionId: str,
  referenceTransactionId: str,
  postedTimestamp: timestamp,
  transactionTimestamp: timestamp,
  description: str,
  memo: str,
  debitCreditMemo: enumOf('CREDIT', 'DEBIT', 'MEMO'),
  category: str,
  status: enumOf('AUTHORIZATION', 'MEMO', 'PENDING', 'POSTED'),
  amount: { ...money, minimum: 0 },
  payee: { type: 'string', maxLength: 255 },
  checkNumber: { type: 'integer' },
} as const;
const transaction = (types: string[]) => ({
  type: 'object',
  required: ['accountId', 'transactionId', 'postedTimestamp', 'description', 'debitCreditMemo', 'amount', 'status'],
  additionalProperties: false,
  properties: { ...transactionProps, transactionType: enumOf(...types) },
});
const DepositTransaction = transaction(['ADJUSTMENT', 'ATMDEPOSIT', 'ATMWITHDRAWAL', 'BILLPAYMENT', 'CHECK', 'DEPOSIT', 'DIRECTDEPOSIT', 'DIVIDEND', 'FEE', 'INTEREST', 'POSCREDIT', 'POSDEBIT', 'TRANSFER', 'WITHDRAWAL']);
const LocTransaction = transaction(['ADJUSTMENT', 'CHECK', 'FEE', 'INTEREST', 'PAYMENT', 'WITHDRAWAL']);
const LoanTransaction = transaction(['ADJUSTMENT', 'FEE', 'INTEREST', 'PAYMENT', 'LUMP_SUM_PAYMENT', 'SKIP_PAYMENT', 'DOUBLE_UP_PAYMENT', 'PAYOFF']);

export const Transactions = {
  type: 'object',
  required: ['page', 'links', 'transactions'],
  additionalProperties: false,
  properties: {
    ...Paginated,
    transactions: { type: 'array', items: { oneOf: [wrapper('depositTransaction', DepositTransaction), wrapper('locTransaction', LocTransaction), wrapper('loanTransaction', LoanTransaction)] } },
  },
};

export const PaymentNetworks = {
  type: 'object',
  required: ['page', 'links', 'paymentNetworks'],
  additionalProperties: false,
  properties: {
    ...Paginated,
    paymentNetworks: {
      type: 'array',
      items: {
        type: 'object',
        required: ['bankId', 'identifier', 'identifierType', 'type', 'transferIn', 'transferOut'],
        additionalProperties: false,
        properties: {
          bankId: str, identifier: str, identifierType: enumOf('ACCOUNT_NUMBER', 'TOKENIZED_ACCOUNT_NUMBER'),
          type: enumOf('CA_ACSS', 'CA_LVTS', 'US_ACH', 'US_CHIPS', 'US_FEDWIRE', 'US_RTP'), transferIn: bool, transferOut: bool,
        },
      },
    },
  },
};

const Name = { type: 'object', additionalProperties: false, properties: { first: str, middle: str, last: str, suffix: str, prefix: str, company: str } } as const;
const Address = { type: 'object', required: ['line1', 'city', 'country'], additionalProperties: false, properties: { line1: str, line2: str, line3: str, city: str, state: str, region: str, postalCode: str, country: { type: 'string', pattern: '^[A-Z]{2}$' }, type: str } } as const;
const Telephone = { type: 'object', required: ['type', 'number'], additionalProperties: false, properties: { type: enumOf('HOME', 'BUSINESS', 'CELL', 'FAX'), country: str, number: str } } as const;

export const Customer = {
  type: 'object',
  required: ['customerId', 'name'],
  additionalProperties: false,
  properties: {
    customerId: str,
    type: enumOf('BUSINESS', 'CONSUMER'),
    name: Name,
    dateOfBirth: { type: 'string', format: 'date' },
    email: { type: 'array', items: { type: 'string', format: 'email' } },
    addresses: { type: 'array', items: Address },
    telephones: { type: 'array', items: Telephone },
    accounts: { type: 'array', items: { type: 'object', required: ['accountId'], additionalProperties: false, properties: { accountId: str, links: HateoasLink, relationship: str } } },
  },
};

export const AccountContact = {
  type: 'object',
  required: ['holders'],
  additionalProperties: false,
  properties: {
    holders: { type: 'array', minItems: 1, items: { type: 'object', required: ['name'], additionalProperties: false, properties: { relationship: str, name: Name } } },
    emails: { type: 'array', items: { type: 'string', format: 'email' } },
    addresses: { type: 'array', items: Address },
    telephones: { type: 'array', items: Telephone },
  },
};

export const Statements = {
  type: 'object',
  required: ['page', 'links', 'statements'],
  additionalProperties: false,
  properties: {
    ...Paginated,
    statements: {
      type: 'array',
      items: {
        type: 'object',
        required: ['accountId', 'statementId', 'statementDate', 'status', 'links'],
        additionalProperties: false,
        properties: { accountId: str, statementId: str, statementDate: { type: 'string', format: 'date' }, description: str, links: { type: 'array', items: HateoasLink }, status: enumOf('AVAILABLE', 'PROCESSING', 'FAILED') },
      },
    },
  },
};

/** The FDX error as Flinks sends it: a numeric code. */
export const FdxError = {
  type: 'object',
  required: ['code', 'message', 'debugMessage'],
  additionalProperties: false,
  properties: { code: { type: 'integer' }, message: str, debugMessage: str },
};

// CommonJS packages: their default export is the module object under NodeNext.
const Ajv = AjvModule.default;
const addFormats = formatsModule.default;
const ajv = new Ajv({ allErrors: true, strict: true });
addFormats(ajv);
ajv.addKeyword({ keyword: 'twoDecimals', type: 'number', schemaType: 'boolean', validate: (_: boolean, n: number) => /^-?\d+(\.\d{1,2})?$/.test(String(n)) });
const compiled = new Map<object, ValidateFunction>();

/** Asserts `value` matches `schema`, naming every violation. */
export function conforms(schema: object, value: unknown, what: string): void {
  let v = compiled.get(schema);
  if (!v) {
    v = ajv.compile(schema);
    compiled.set(schema, v);
  }
  if (!v(value)) assert.fail(`${what} does not match its FDX schema:\n${ajv.errorsText(v.errors, { separator: '\n' })}\n${JSON.stringify(value).slice(0, 600)}`);
}
