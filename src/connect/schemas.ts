/**
 * What Connect's routes take and answer: validation and /openapi.json.
 *
 * Requests: Flinks binds JSON keys without regard to case, reads "true"/"True" as booleans and
 * ignores keys it does not know; the /v3 context does the same before these schemas run
 * (platform/http/normalize.ts), so a body schema names each key once, in Flinks's spelling.
 *
 * Answers: loose objects. Their documented members are checked, every member is sent. A loose
 * object writes its declared keys first, so each shape lists them in the order wire.ts and the
 * service build them (a different order would reorder the JSON). The data endpoints' bodies are
 * serialised once and sent as bytes (data.ts): their schemas document them and are not applied
 * again; test/integration/platform/openapi.test.ts checks them against real answers.
 */
import { z } from 'zod';
import { CustomerParams } from '../platform/http/params.ts';
import { checkedByHandler } from '../platform/http/schemas.ts';
import { flinksErrorAnswers } from '../platform/http/flinks-errors.ts';

// ---- path parameters ----------------------------------------------------------------------------

export const Customer = CustomerParams;
export const CustomerRequest = CustomerParams.extend({ requestId: z.string() });
export const CustomerLogin = CustomerParams.extend({ loginId: z.string() });
export const CustomerRouting = CustomerParams.extend({ routingNumber: z.string() });

// ---- requests -----------------------------------------------------------------------------------

const institutionRef = z.union([z.string(), z.number().transform(String)]);

export const AuthorizeBody = z.object({
  LoginId: z.string().optional(),
  MostRecentCached: z.boolean().optional(),
  Institution: institutionRef.optional(),
  Username: z.string().optional(),
  Password: z.string().optional(),
  Language: z.string().optional(),
  Save: z.boolean().optional(),
  Tag: z.string().optional(),
  RequestId: z.string().optional(),
  SecurityResponses: z.record(z.string(), z.unknown()).nullable().optional(),
  ScheduleRefresh: z.boolean().optional(),
  WithMFAQuestions: z.boolean().optional(),
  AccessToken: z.string().optional(),
  DirectRefresh: z.boolean().optional(),
}).describe('Authorize: cached (LoginId + MostRecentCached), live login (Institution, Username, Password), live refresh (LoginId + MostRecentCached false) or MFA answer (RequestId + SecurityResponses)')
  // A live login of the sandbox, then an MFA answer: https://docs.flinks.com/guides/connect/legacy-api-integrations
  .meta({ examples: [
    { Institution: 'FlinksCapital', Username: 'Greatday', Password: 'Everyday', MostRecentCached: false, Save: true },
    { RequestId: '9022abc2-8a2e-4b06-a06e-c3e5449c4d10', SecurityResponses: { 'What shape do people like most?': ['Triangle'] } },
  ] });

/**
 * AuthorizeAsync takes the fields of Authorize in its body or its query (a poll is a GET with
 * ?RequestId=); the handler merges both and checks them with AuthorizeBody's rules. Any body
 * passes here: one that is not an object is no fields, as before.
 */
export const AuthorizeAsyncInput = checkedByHandler(AuthorizeBody);

export const AuthorizeMultipleBody = z.object({
  LoginIds: z.array(z.string()).min(1).max(100),
  MostRecentCached: z.boolean().optional(),
});

const idList = z.array(z.union([z.string(), z.number().transform(String)]));
const isoDay = z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'must be YYYY-MM-DD').transform((s) => s.slice(0, 10));
export const DetailBody = z.object({
  RequestId: z.string().optional(),
  WithAccountIdentity: z.boolean().optional(),
  WithKYC: z.boolean().optional(),
  WithTransactions: z.boolean().optional(),
  WithBalance: z.boolean().optional(),
  DaysOfTransactions: z.enum(['Days90', 'Days365', 'Days360', 'days90', 'days365', 'days360']).optional(),
  DateFrom: isoDay.optional(),
  DateTo: isoDay.optional(),
  AccountsFilter: idList.nullable().optional(),
  RefreshDelta: z.array(z.object({ AccountId: z.string().optional(), account_id: z.string().optional(), TransactionId: z.string().optional(), transaction_id: z.string().optional() })
    .transform((d) => ({ AccountId: d.AccountId ?? d.account_id, TransactionId: d.TransactionId ?? d.transaction_id }))).nullable().optional(),
  MostRecentCached: z.boolean().optional(),
  WithDetailsAndBankingStatements: z.boolean().optional(),
  NumberOfBankingStatements: z.string().optional(),
});
export const SummaryBody = z.object({ RequestId: z.string().optional(), WithBalance: z.boolean().optional(), AccountsFilter: idList.nullable().optional() });
export const StatementsBody = z.object({ RequestId: z.string().optional(), NumberOfStatements: z.string().optional(), AccountsFilter: idList.nullable().optional() });

/** What the three data bodies share, as the handler passes them on (data.ts reads the options it knows). */
export type DataBody = z.output<typeof DetailBody> | z.output<typeof SummaryBody> | z.output<typeof StatementsBody>;

export const ScheduledRefresh = z.object({ LoginId: z.string().optional(), IsActivated: z.boolean().optional() });
export const AnswerMfaBody = z.object({ LoginId: z.string().optional(), Questions: z.array(z.object({ Question: z.string(), Answer: z.string() })).max(50) });
export const Paging = z.object({ skip: z.coerce.number().int().min(0).optional(), take: z.coerce.number().int().min(0).optional() });

// ---- answers ------------------------------------------------------------------------------------

const Link = z.looseObject({ rel: z.string(), href: z.string(), example: z.string().nullable() });
const Login = z.looseObject({
  Username: z.string(),
  IsScheduledRefresh: z.boolean(),
  LastRefresh: z.string().describe('UTC, without a zone, with microseconds; 0001-01-01T00:00:00 before the first refresh'),
  Type: z.string().describe('Personal or Business'),
  Id: z.string().describe('The LoginId'),
});
/** The members every authorized answer ends with (wire.ts sessionTail). */
const sessionTail = {
  Tag: z.string().optional(),
  InstitutionName: z.string(),
  Login,
  InstitutionId: z.number(),
  Institution: z.string(),
  RequestId: z.string(),
};
// The cached answer of https://docs.flinks.com/api/authorize/endpoints/authorize (its ids are placeholders there;
// these are ids of the same docs' other examples).
const Authorized = z.looseObject({ HttpStatusCode: z.literal(200), Links: z.array(Link), ...sessionTail }).meta({ examples: [{
  HttpStatusCode: 200,
  Links: [
    { rel: 'AccountsDetail', href: '/GetAccountsDetail', example: null },
    { rel: 'AccountsSummary', href: '/GetAccountsSummary', example: null },
    { rel: 'Statements', href: '/GetStatements', example: null },
  ],
  InstitutionName: 'FlinksCapital',
  Login: { Username: 'Greatday', IsScheduledRefresh: false, LastRefresh: '2026-01-21T20:47:47.145999', Type: 'Personal', Id: 'bb8b8569-3bfc-43c1-ae31-08d6decf1675' },
  InstitutionId: 14,
  Institution: 'FlinksCapital',
  RequestId: '9022abc2-8a2e-4b06-a06e-c3e5449c4d10',
}] });
const Challenge = z.looseObject({
  Type: z.string().describe('QuestionAndAnswer, MultipleChoice, MultipleChoiceMultipleAnswers, ImageSelection or TextOrCall'),
  Prompt: z.string().describe('The key of the answer in SecurityResponses'),
  Iterables: z.array(z.string()).optional(),
});
const Challenges = z.looseObject({
  Links: z.array(Link),
  HttpStatusCode: z.literal(203),
  SecurityChallenges: z.array(Challenge),
  Institution: z.string().nullable(),
  RequestId: z.string(),
}).describe('Security challenges: answer them with Authorize, RequestId and SecurityResponses')
  // https://docs.flinks.com/guides/connect/legacy-api-integrations
  .meta({ examples: [{
    Links: [{ rel: 'Authorization', href: '/Authorize', example: null }],
    HttpStatusCode: 203,
    SecurityChallenges: [{ Type: 'QuestionAndAnswer', Prompt: 'What shape do people like most?' }],
    Institution: 'FlinksCapital',
    RequestId: '9022abc2-8a2e-4b06-a06e-c3e5449c4d10',
  }] });
const Pending = z.looseObject({
  FlinksCode: z.enum(['OPERATION_PENDING', 'OPERATION_DISPATCHED']),
  Links: z.array(Link),
  HttpStatusCode: z.literal(202),
  Message: z.string(),
  RequestId: z.string(),
}).describe('Still processing: poll the Links example with the RequestId')
  // https://docs.flinks.com/api/connect/endpoints/account-linking/get-accounts-summary
  .meta({ examples: [{
    FlinksCode: 'OPERATION_PENDING',
    Links: [{ rel: 'GetAccountsSummaryAsync', href: '/GetAccountsSummaryAsync', example: '/GetAccountsSummaryAsync/077785a3-fd0f-42f7-9251-ee2ff7f3b4ff' }],
    HttpStatusCode: 202,
    Message: 'Your operation is still processing',
    RequestId: '077785a3-fd0f-42f7-9251-ee2ff7f3b4ff',
  }] });

// https://docs.flinks.com/api/authorize/endpoints/generate-authorize-token
export const TokenAnswer = { 200: z.looseObject({ HttpStatusCode: z.literal(200), Token: z.string() }).meta({ examples: [{ HttpStatusCode: 200, Token: 'd65f1adb-8ebc-48dc-be8b-20c773ba1565' }] }), ...flinksErrorAnswers };
export const AuthorizeAnswer = { 200: Authorized, 203: Challenges, ...flinksErrorAnswers };
export const AuthorizeAsyncAnswer = { 200: Authorized, 202: Pending, 203: Challenges, ...flinksErrorAnswers };
export const AuthorizeMultipleAnswer = {
  200: z.looseObject({
    HttpStatusCode: z.literal(200),
    ValidLoginIds: z.array(z.looseObject({ LoginId: z.string(), RequestId: z.string() })),
    InvalidLoginIds: z.array(z.looseObject({ LoginId: z.string(), FlinksCode: z.string(), Message: z.string() })),
  }),
  ...flinksErrorAnswers,
};

const money = z.number().nullable();
const Balance = z.looseObject({ Available: money, Current: money, Limit: money });
const Holder = z.looseObject({
  Name: z.string().nullable(),
  Address: z.looseObject({
    CivicAddress: z.string().nullable(),
    City: z.string().nullable(),
    Province: z.string().nullable(),
    PostalCode: z.string().nullable(),
    POBox: z.string().nullable(),
    Country: z.string().nullable(),
  }),
  Email: z.string().nullable(),
  PhoneNumber: z.string().nullable(),
});
const Transaction = z.looseObject({ Date: z.string(), Code: z.null(), Description: z.string(), Debit: money, Credit: money, Balance: money, Id: z.string() });
const SummaryAccount = z.looseObject({
  EftEligibleRatio: z.number(),
  ETransferEligibleRatio: z.number(),
  Title: z.string(),
  AccountNumber: z.string(),
  LastFourDigits: z.string().nullable(),
  Balance,
  Category: z.string(),
  Type: z.string(),
  Currency: z.string(),
  Holder: Holder.nullable(),
  AccountType: z.string().nullable(),
  Id: z.string(),
});
const DetailAccount = z.looseObject({
  Transactions: z.array(Transaction).describe('Newest first; empty without WithTransactions'),
  TransitNumber: z.string().nullable(),
  InstitutionNumber: z.string().nullable(),
  OverdraftLimit: money,
  Title: z.string(),
  AccountNumber: z.string().describe('Masked but for its last four digits without WithAccountIdentity'),
  LastFourDigits: z.string().nullable(),
  Balance: Balance.nullable(),
  Category: z.string(),
  Type: z.string(),
  Currency: z.string(),
  Holder: Holder.nullable().describe('With WithKYC (or WithAccountIdentity when WithKYC is absent)'),
  AccountType: z.string().nullable(),
  Id: z.string(),
});
const Summary = z.looseObject({
  HttpStatusCode: z.literal(200),
  Accounts: z.array(SummaryAccount),
  Links: z.array(Link),
  ...sessionTail,
});
const Detail = z.looseObject({ HttpStatusCode: z.literal(200), Accounts: z.array(DetailAccount), ...sessionTail });
const Statements = z.looseObject({
  HttpStatusCode: z.literal(200),
  StatementsByAccount: z.array(z.looseObject({
    AccountNumber: z.string(),
    Statements: z.array(z.looseObject({ UniqueId: z.string(), FileType: z.literal('PDF'), Base64Bytes: z.string() })),
  })),
  Login,
  Institution: z.string(),
  RequestId: z.string(),
});
/** The data endpoints' answers by endpoint: their synchronous and Async forms answer alike. */
export const DataAnswers = {
  GetAccountsSummary: { 200: Summary, 202: Pending, ...flinksErrorAnswers },
  GetAccountsDetail: { 200: Detail, 202: Pending, ...flinksErrorAnswers },
  GetStatements: { 200: Statements, 202: Pending, ...flinksErrorAnswers },
};

export const DeleteCardAnswer = {
  200: z.looseObject({ HttpStatusCode: z.literal(200), Message: z.string(), FlinksCode: z.null() }),
  ...flinksErrorAnswers,
};
/** A bare JSON string, as Flinks answers it (sent already serialised: see routes.ts send()). */
export const ScheduledRefreshAnswer = {
  200: z.string().describe('"LoginId {id} has now been activated (or deactivated) for automatic refresh"'),
  ...flinksErrorAnswers,
};
export const NightlyRefreshAnswer = {
  200: z.looseObject({
    HttpStatusCode: z.literal(200),
    IneligibleCards: z.array(z.looseObject({
      LoginId: z.string(),
      LastRefreshDate: z.string().nullable(),
      LastRefreshState: z.string().nullable(),
      LastRefreshErrorCode: z.string().nullable(),
    })),
    Message: z.string(),
    FlinksCode: z.null(),
  }),
  ...flinksErrorAnswers,
};
export const MfaQuestionsAnswer = {
  200: z.looseObject({ HttpStatusCode: z.literal(200), Message: z.string(), Questions: z.array(z.looseObject({ Question: z.string() })) }),
  ...flinksErrorAnswers,
};
export const MfaAnswersAnswer = { 200: z.looseObject({ HttpStatusCode: z.literal(200), Message: z.string() }), ...flinksErrorAnswers };

const CatalogInstitution = z.looseObject({
  Id: z.number(),
  Localizations: z.array(z.looseObject({
    Language: z.enum(['fr', 'en']),
    Name: z.string(),
    Urls: z.array(z.looseObject({ Type: z.literal('Main'), Url: z.string() })),
  })),
  Status: z.enum(['Enabled', 'Disabled']),
  Country: z.enum(['CA', 'US']),
});
const Institution = CatalogInstitution.extend({
  AuthorizationType: z.literal('OAuth').optional().describe('A provider the customer registered (FDX): the person consents at the provider'),
  Code: z.string().optional(),
});
export const InstitutionsAnswer = { 200: z.looseObject({ Data: z.array(Institution), Count: z.number() }), ...flinksErrorAnswers };
/** Serialised once per institution and sent as bytes: documented, not applied again. */
export const RoutingAnswer = { 200: CatalogInstitution.extend({ RoutingNumbers: z.array(z.string()) }), ...flinksErrorAnswers };
