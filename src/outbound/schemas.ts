/**
 * The zod schemas of Outbound's routes: what each operation takes and what it
 * answers, so /openapi.json documents them and fastify checks them. Response
 * objects list their members in the order the services write them (the
 * serializer writes them in this order) and are loose, so a member added to a
 * service is never dropped from the wire unseen.
 */
import { z } from 'zod';
import { MEDIA_TYPE } from '../platform/http/openapi.ts';

// ---- shared pieces -------------------------------------------------------------------

/** A query parameter as fastify reads it: repeated parameters arrive as a list. */
const QueryValue = z.union([z.string(), z.array(z.string())]);

const Country = z.enum(['CA', 'US']);

// ---- management (partner API) ----------------------------------------------------------

const httpUrl = z.string().trim().max(2000).refine((s) => {
  try {
    const u = new URL(s);
    return (u.protocol === 'https:' || u.protocol === 'http:') && !u.hash;
  } catch {
    return false;
  }
}, 'must be an absolute http(s) URL without a fragment');

const optionalUrl = httpUrl.nullable().optional();

export const NewRecipient = z.object({
  name: z.string().trim().min(1).max(256),
  scope: z.union([z.array(z.string()), z.string()]).optional(),
  redirect_uris: z.array(httpUrl).min(1).max(50),
  logo_uri: optionalUrl,
  description: z.string().max(2000).nullable().optional(),
  terms_uri: optionalUrl,
  client_uri: optionalUrl,
  country: Country.optional(),
  contacts: z.array(z.object({ email: z.string().email() })).max(20).optional(),
  token_endpoint_auth_method: z.enum(['client_secret_post', 'none']).optional(),
});
export type NewRecipient = z.infer<typeof NewRecipient>;

export const RedirectUris = z.object({ redirect_uris: z.array(httpUrl).min(1).max(50) });
export const ClientParam = z.object({ client_id: z.string().min(1).max(200) });
export const RegistrationParams = z.object({ recipientIds: z.string(), providerIds: z.string() });
export const ProviderParam = z.object({ provider_id: z.string() });
export const ProvidersV2Query = z.object({ country: z.string().optional(), isEnabledForClient: z.string().optional() });

export const RecipientSummary = z.looseObject({
  client_id: z.string(),
  name: z.string(),
  logo_uri: z.string().nullable(),
  description: z.string().nullable(),
  terms_uri: z.string().nullable(),
  client_uri: z.string().nullable(),
  country: Country,
  contacts: z.array(z.looseObject({ email: z.string() })),
});

export const Recipient = RecipientSummary.extend({
  scope: z.string().describe('The data scopes, space-separated'),
  redirect_uris: z.array(z.string()),
  token_endpoint_auth_method: z.enum(['client_secret_post', 'none']),
  client_secret: z.string().optional().describe('Only when it was just issued: it is never shown again'),
});

export const Registration = z.looseObject({
  client_id: z.string(),
  client_name: z.string(),
  provider_id: z.number().int(),
  provider_name: z.string().nullable(),
  country: Country,
  registration_status: z.enum(['PENDING_APPROVAL', 'PENDING_ACTIVATION', 'ACTIVE']),
  requested_on: z.string().describe('Seven fractional digits, as Flinks writes them'),
});

export const ProviderV1 = z.looseObject({
  provider_id: z.number().int(),
  name: z.string(),
  country: Country,
  scopes: z.array(z.string()),
});

export const ProviderV1Detail = ProviderV1.extend({
  provider_url: z.string(),
  data_inventory: z.record(z.string(), z.array(z.string()).readonly()),
});

const TrueFalse = z.enum(['true', 'false']);

export const ProviderV2 = ProviderV1.extend({
  status: z.enum(['Activated', 'Available', 'PendingActivation', 'Suspended']),
  connectorName: z.string(),
  availableAccountTypes: z.looseObject({ depositAccounts: TrueFalse, investmentAccounts: TrueFalse, loanAccounts: TrueFalse, locAccounts: TrueFalse }),
});

// ---- OAuth ---------------------------------------------------------------------------------

/** What the token endpoint takes (form or JSON; read by oidc-provider, so only documented here). */
export const TokenRequest = z.looseObject({
  grant_type: z.enum(['authorization_code', 'refresh_token', 'client_credentials']),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
  code: z.string().optional(),
  redirect_uri: z.string().optional(),
  code_verifier: z.string().optional(),
  refresh_token: z.string().optional(),
  scope: z.string().optional(),
});

export const TokenResponse = z.looseObject({
  access_token: z.string(),
  expires_in: z.number().int(),
  token_type: z.literal('Bearer'),
  refresh_token: z.string().optional(),
  scope: z.string().optional(),
});

// ---- consent pages -------------------------------------------------------------------------

export const ConsentParams = z.object({ uid: z.string() });
/** A consent form's fields, named by the page (username, password, c0..cN, accounts, decision). */
export type ConsentFields = Record<string, string | string[] | undefined>;
/** The consent forms: whatever was posted, the page re-asks for a field it lacks (no body is refused here). */
export const ConsentForm = z.any().transform((b): ConsentFields => (b && typeof b === 'object' ? (b as ConsentFields) : {}));
export const HtmlPage = z.string().describe('An HTML page (text/html)');

// ---- FDX -------------------------------------------------------------------------------------

export const FdxQuery = z.looseObject({
  resultType: QueryValue.optional(),
  accountIds: QueryValue.optional(),
  startTime: QueryValue.optional(),
  endTime: QueryValue.optional(),
  offset: QueryValue.optional(),
  limit: QueryValue.optional(),
});
export const AccountParam = z.object({ accountId: z.string() });
export const StatementParams = z.object({ accountId: z.string(), statementId: z.string() });

const PageInfo = {
  page: z.looseObject({ nextOffset: z.string(), totalElements: z.number().int() }),
  links: z.looseObject({ next: z.looseObject({ href: z.string() }) }),
};

/** An account's body, in mapper.ts's order: the descriptor, then the details of its category. */
const AccountBody = z.looseObject({
  accountId: z.string(),
  accountCategory: z.enum(['DEPOSIT_ACCOUNT', 'LOC_ACCOUNT', 'LOAN_ACCOUNT', 'INVESTMENT_ACCOUNT']),
  accountType: z.string(),
  accountNumberDisplay: z.string(),
  productName: z.string(),
  nickname: z.string(),
  status: z.string(),
  description: z.string(),
  currency: z.looseObject({ currencyCode: z.string() }),
  accountNumber: z.string().optional(),
  routingTransitNumber: z.string().optional(),
  balanceType: z.enum(['ASSET', 'LIABILITY']).optional(),
  transactionsIncluded: z.boolean().optional(),
  balanceAsOf: z.string().optional(),
  currentBalance: z.number().optional(),
  availableBalance: z.number().optional(),
  transferIn: z.boolean().optional(),
  transferOut: z.boolean().optional(),
  creditLine: z.number().optional(),
  availableCredit: z.number().optional(),
  principalBalance: z.number().optional(),
  currentValue: z.number().optional(),
});

/** An account in its FDX wrapper (one member, named by its category). */
export const FdxAccount = z.looseObject({
  depositAccount: AccountBody.optional(),
  locAccount: AccountBody.optional(),
  loanAccount: AccountBody.optional(),
  investmentAccount: AccountBody.optional(),
});

export const FdxAccounts = z.looseObject({ ...PageInfo, accounts: z.array(FdxAccount) });

const TransactionBody = z.looseObject({
  accountId: z.string(),
  transactionId: z.string(),
  postedTimestamp: z.string(),
  transactionTimestamp: z.string(),
  description: z.string(),
  debitCreditMemo: z.enum(['DEBIT', 'CREDIT']),
  amount: z.number(),
  status: z.string(),
  transactionType: z.string().optional(),
});

export const FdxTransactions = z.looseObject({
  ...PageInfo,
  transactions: z.array(z.looseObject({
    depositTransaction: TransactionBody.optional(),
    locTransaction: TransactionBody.optional(),
    loanTransaction: TransactionBody.optional(),
    investmentTransaction: TransactionBody.optional(),
  })),
});

export const FdxPaymentNetworks = z.looseObject({
  ...PageInfo,
  paymentNetworks: z.array(z.looseObject({
    bankId: z.string(),
    identifier: z.string(),
    identifierType: z.string(),
    type: z.string(),
    transferIn: z.boolean(),
    transferOut: z.boolean(),
  })),
});

/** What the provider sent about its holder: written as received, so any member may be empty. */
const HolderText = z.string().nullish();
const Name = z.looseObject({ first: HolderText.optional(), last: HolderText.optional(), company: HolderText.optional() });
const Address = z.looseObject({ line1: HolderText, city: HolderText, region: HolderText, postalCode: HolderText, country: HolderText, type: z.string().optional() });
const Telephone = z.looseObject({ type: z.string(), country: z.string(), number: HolderText });

export const FdxContact = z.looseObject({
  holders: z.array(z.looseObject({ relationship: z.string(), name: Name })),
  emails: z.array(HolderText),
  addresses: z.array(Address),
  telephones: z.array(Telephone),
});

export const FdxCustomer = z.looseObject({
  customerId: z.string(),
  type: z.enum(['CONSUMER', 'BUSINESS']),
  name: Name,
  email: z.array(HolderText).optional(),
  addresses: z.array(Address).optional(),
  telephones: z.array(Telephone).optional(),
  accounts: z.array(z.looseObject({ accountId: z.string(), links: z.looseObject({ href: z.string(), action: z.string() }), relationship: z.string() })),
});

export const FdxStatements = z.looseObject({
  ...PageInfo,
  statements: z.array(z.looseObject({
    accountId: z.string(),
    statementId: z.string(),
    statementDate: z.string(),
    description: z.string(),
    links: z.array(z.looseObject({ href: z.string(), action: z.string(), types: z.array(z.string()) })),
    status: z.string(),
  })),
});

/** The statement file: documented as application/pdf (not JSON), the media type the route answers. */
export const PdfDocument = z.custom<Buffer>((v) => Buffer.isBuffer(v)).describe('The statement as a PDF document (application/pdf)')
  .meta({ [MEDIA_TYPE]: 'application/pdf', type: 'string', contentMediaType: 'application/pdf' });
