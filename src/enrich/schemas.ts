/**
 * What Enrich's routes take and answer: validation and /openapi.json.
 *
 * Requests: Flinks binds JSON keys without regard to case and answers bad input with the
 * messages of its docs (docs.flinks.com/api/enrich/error-codes, errors.ts). Enrich's bodies are open,
 * nested shapes (the Upload API's Options, AccountOptions keyed by account id), read by the
 * handlers with pickKey and checked in those words; so a body schema here documents the shape
 * and lets any JSON through unchanged (`checkedByHandler`), and the handler's answer is the one
 * the client gets, as before.
 *
 * Answers: loose objects. Their documented members are checked; every member is sent. A loose
 * object writes its declared keys first, so each shape lists them in the order the service
 * builds them (a subset would reorder the JSON).
 */
import { z } from 'zod';
import { checkedByHandler } from '../platform/http/schemas.ts';
import { openAnswer } from '../platform/http/openapi.ts';

export const Insight = z.object({ customerId: z.string(), loginId: z.string(), requestId: z.string() });
export const InsightUseCase = Insight.extend({ useCase: z.string() });
export const Customer = z.object({ customerId: z.string() });
export const CustomerUseCase = Customer.extend({ useCase: z.string() });
export const CustomerRule = Customer.extend({ ruleId: z.string() });
export const CustomerCountry = Customer.extend({ countryCode: z.string() });

/** limitDays, a header per the docs ("send it in the header"); a query or body key is also read. */
const LimitDays = z.number().int().min(1).max(365).describe('Only the last limitDays days of transactions (1 to 365)');
export const LimitDaysQuery = checkedByHandler(z.object({ limitDays: LimitDays.optional() }));
export const LimitDaysHeaders = z.looseObject({ limitdays: checkedByHandler(LimitDays).optional() });
export const RulesQuery = checkedByHandler(z.object({ LoginId: z.string().optional().describe('Only the rules that apply to this login') }));

export const UseCaseBody = checkedByHandler(z.object({ limitDays: LimitDays.optional() }));
export const CardBody = checkedByHandler(z.object({
  Attributes: z.object({ Card: z.array(z.string()).describe('Attribute names of the libraries') }),
  AttributesDetail: z.union([z.array(z.string()), z.object({ Card: z.array(z.string()) })]).optional().describe('Attributes whose supporting transactions are listed'),
  Filters: z.object({ AccountCategory: z.array(z.literal('Operations')).optional() }).optional(),
  AccountFilter: z.object({ AccountID: z.array(z.string()).optional() }).optional(),
  limitDays: LimitDays.optional(),
}));
export const RuleBody = checkedByHandler(z.object({
  MerchantName: z.string().max(200).optional().describe('Exactly one of MerchantName and DescriptionPattern'),
  DescriptionPattern: z.string().max(200).optional(),
  Category: z.string().describe('A category of GET /BankingServices/Categories/{CountryCode}'),
  SubCategory: z.string(),
  LoginId: z.string().optional().describe('The rule applies to this login only; absent, to every login of the customer'),
}));
export const PrepaymentBody = checkedByHandler(z.object({
  LoanFrequency: z.enum(['Weekly', 'BiWeekly', 'BiMonthly', 'Monthly']),
  ExpectedRepaymentTotal: z.number().positive(),
  FundingDate: z.string().describe('YYYY-MM-DD'),
  Duration: z.number().int().min(1).max(120).describe('Number of payments'),
}));
const Amount = z.union([z.number(), z.string()]).nullable().optional().describe('At most two decimals');
const OwnTransaction = z.object({
  TransactionDate: z.string().describe('YYYY/MM/DD'),
  Description: z.string(),
  Debit: Amount,
  Credit: Amount,
  Balance: Amount,
  AccountId: z.string().optional().describe('Given to every transaction or to none'),
  TransactionId: z.string().optional().describe('Given to every transaction or to none; unique'),
});
const OwnOptions = z.object({
  OriginCountry: z.enum(['ca', 'us']),
  MostRecentBalance: Amount,
  OldestBalance: Amount,
  AccountOptions: z.record(z.string(), z.object({ MostRecentBalance: Amount })).optional(),
  AttributesDetail: z.array(z.string()).optional(),
});
export const OwnTransactionsBody = checkedByHandler(z.object({
  UserIdentifier: z.string().optional().describe('Card.Id of the answer'),
  Attributes: z.object({ Card: z.array(z.string()) }).optional().describe('The attributes, on attributes/upload without a use case'),
  Options: OwnOptions,
  Transactions: z.array(OwnTransaction).min(1).describe('Ordered by TransactionDate, all ascending or all descending'),
}));

const Pending = z.looseObject({
  HttpStatusCode: z.literal(202),
  Message: z.string(),
  FlinksCode: z.literal('OPERATION_PENDING'),
  RequestId: z.string(),
});
// Open on purpose: its members are the attributes asked for, by name (the attribute library).
const Card = z.looseObject({ Id: z.string() }).meta({ description: 'The attributes by name, and AttributesDetail when asked', ...openAnswer });
export const CardAnswer = {
  200: z.looseObject({ HttpStatusCode: z.literal(200), Card, Login: z.looseObject({}).describe('The login, as GetAccountsDetail gives it'), RequestId: z.string() }),
  202: Pending,
};
const money = z.number().nullable();
const CategorizedTransaction = {
  Date: z.string(),
  Description: z.string(),
  Debit: money,
  Credit: money,
  Category: z.string(),
  SubCategory: z.string(),
  MerchantName: z.string().nullable().describe('Extension: the merchant without the bank\'s framing'),
  Explanation: z.string().describe('Extension: what decided the category'),
};
export const CategorizationAnswer = {
  200: z.looseObject({
    HttpStatusCode: z.literal(200),
    LoginId: z.string(),
    RequestId: z.string(),
    Transactions: z.array(z.looseObject({ TransactionId: z.string(), AccountId: z.string(), ...CategorizedTransaction })),
  }),
  202: Pending,
};
const Rule = z.looseObject({
  RuleId: z.string(),
  MerchantName: z.string().nullable(),
  DescriptionPattern: z.string().nullable(),
  Category: z.string(),
  SubCategory: z.string(),
  LoginId: z.string().nullable(),
  CreatedAt: z.string(),
});
export const RuleAnswer = { 200: z.looseObject({ HttpStatusCode: z.literal(200), Rule }) };
export const RulesAnswer = { 200: z.looseObject({ HttpStatusCode: z.literal(200), Rules: z.array(Rule) }) };
export const RuleDeletedAnswer = { 200: z.looseObject({ HttpStatusCode: z.literal(200), RuleId: z.string(), Deleted: z.literal(true) }) };
export const CategoriesAnswer = {
  200: z.array(z.looseObject({
    PrimaryCategoryName: z.string(),
    Description: z.string(),
    SubCategories: z.array(z.looseObject({ SubCategoryName: z.string(), Description: z.string() })),
  })),
};
/** The library is written once at start and sent as text: this documents it (a string is not serialized again). */
export const LibraryAnswer = {
  200: z.array(z.looseObject({ Category: z.string(), Attributes: z.array(z.looseObject({ Name: z.string(), Description: z.string() })) })),
};
export const PrepaymentAnswer = {
  200: z.looseObject({
    HttpStatusCode: z.literal(200),
    LoginId: z.string(),
    RequestId: z.string(),
    PayFrequency: z.unknown(),
    NextPayDate: z.unknown(),
    BasedOnPayCycle: z.boolean(),
    Payments: z.array(z.looseObject({ Date: z.string(), Amount: z.number() })),
  }),
  202: Pending,
};
export const OwnCardAnswer = { 200: z.looseObject({ HttpStatusCode: z.literal(200), Card, RequestId: z.string() }) };
export const OwnCategorizationAnswer = {
  200: z.looseObject({
    HttpStatusCode: z.literal(200),
    RequestId: z.string(),
    Transactions: z.array(z.looseObject({ TransactionId: z.string().nullable(), AccountId: z.string().nullable(), ...CategorizedTransaction })),
  }),
};
