/**
 * Enrich and Upload (JSON) over HTTP, inside the /v3 context: the insight attribute
 * endpoints, GetCategorization, Categories, the attribute libraries, Prepayment, and the
 * Upload API. Auth: the docs name x-api-key, flinks-auth-key and Bearer {secret} on different
 * pages; the endpoints accept the x-api-key policy of Connect's data endpoints ('apiKey'),
 * the libraries and categories the Bearer secret ('bearer') — see docs/compatibility.md.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { headerValue } from '../platform/http/v3.ts';
import { pickKey } from '../platform/http/normalize.ts';
import { ATTRIBUTES, categorizeLogin, explain, taxonomyFor, type AttributeDef } from './engine/index.ts';
import { enrichErrors } from './errors.ts';
import { checkDetails, resolveNames, cardJson, type CardOptions, type EnrichService } from './service.ts';
import { parseUpload } from './upload.ts';
import { prepayment } from './prepayment.ts';

const tags = ['Enrich'];
const uploadTags = ['Upload'];
const Insight = z.object({ customerId: z.string(), loginId: z.string(), requestId: z.string() });
const UPLOAD_LIMIT = 5 * 1024 * 1024;

const USE_CASES: Record<string, CardOptions['names']> = {
  getincomeattributes: 'income',
  getcreditriskattributes: 'creditRisk',
  getuseranalysisattributes: 'userAnalysis',
  getlendingattributes: 'lending',
  getallattributes: 'all-consumer',
  getbusinessanalysisattributes: 'business',
  getallbusinessattributes: 'all-business',
};

const UPLOAD_USE_CASES: Record<string, CardOptions['names']> = {
  allattributes: 'all-consumer',
  useranalysis: 'userAnalysis',
  income: 'income',
  creditrisk: 'creditRisk',
  lending: 'lending',
  businessanalysis: 'business',
  allbusinessattributes: 'all-business',
};

/** limitDays: a header per the docs ("send it in the header"), a body or query key also accepted. */
function limitDays(req: { headers: Record<string, unknown>; query?: unknown }, body: unknown): number | undefined {
  const raw = headerValue(req as never, 'limitdays') ?? pickKey(req.query, 'limitDays') ?? pickKey(body, 'limitDays');
  if (raw === undefined || raw === null || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 365) throw enrichErrors.invalidRequest({ detail: 'limitDays must be a whole number of days from 1 to 365.' });
  return n;
}

function stringList(v: unknown, what: () => Error): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw what();
  return v as string[];
}

function library(defs: readonly AttributeDef[]) {
  const byCategory = new Map<string, { Name: string; Description: string }[]>();
  for (const d of defs) {
    let list = byCategory.get(d.category);
    if (!list) byCategory.set(d.category, (list = []));
    list.push({ Name: d.name, Description: d.description });
  }
  return [...byCategory].map(([Category, Attributes]) => ({ Category, Attributes }));
}

export async function enrichRoutes(v3: FastifyInstance, service: EnrichService): Promise<void> {
  const pending = (reply: FastifyReply, body: Record<string, unknown>) => reply.code(202).send(body);

  v3.route({
    method: ['GET', 'POST'],
    url: '/:customerId/insight/login/:loginId/attributes/:requestId/:useCase',
    config: { auth: 'apiKey' },
    schema: { tags, params: Insight.extend({ useCase: z.string() }), summary: 'Use-case attribute cards: GetIncomeAttributes, GetCreditRiskAttributes, GetUserAnalysisAttributes, GetLendingAttributes, GetAllAttributes, GetBusinessAnalysisAttributes, GetAllBusinessAttributes' },
    handler: async (req: any, reply) => {
      const names = USE_CASES[String(req.params.useCase).toLowerCase()];
      if (!names) return reply.callNotFound();
      const days = limitDays(req, req.body);
      const data = await service.session(req.tenant, req.params.loginId, req.params.requestId);
      if ('pending' in data) return pending(reply, data.pending);
      return service.card(data, { names, details: [], limitDays: days });
    },
  });

  v3.post('/:customerId/insight/login/:loginId/attributes/:requestId', {
    config: { auth: 'apiKey' },
    schema: { tags, params: Insight, summary: 'Custom attribute card: Attributes.Card, Filters, AccountFilter, AttributesDetail, limitDays' },
  }, async (req: any, reply) => {
    const body = req.body ?? {};
    const cardNames = pickKey(pickKey(body, 'Attributes'), 'Card');
    if (cardNames === undefined || cardNames === null || (Array.isArray(cardNames) && cardNames.length === 0)) throw enrichErrors.noAttribute();
    if (!Array.isArray(cardNames)) throw enrichErrors.invalidAttribute();
    const defs = resolveNames(cardNames as string[]);
    const detailList = pickKey(body, 'AttributesDetail');
    const details = checkDetails(Array.isArray(detailList) ? detailList : pickKey(detailList, 'Card'), defs);
    const filters = pickKey(body, 'Filters');
    if (filters !== undefined && filters !== null && (typeof filters !== 'object' || Array.isArray(filters) || Object.keys(filters).some((k) => k.toLowerCase() !== 'accountcategory'))) throw enrichErrors.invalidFilters();
    const accountCategories = stringList(pickKey(filters, 'AccountCategory'), () => enrichErrors.invalidFilters());
    const accountIds = stringList(pickKey(pickKey(body, 'AccountFilter'), 'AccountID'), () => enrichErrors.invalidFilters());
    const days = limitDays(req, body);
    const data = await service.session(req.tenant, req.params.loginId, req.params.requestId);
    if ('pending' in data) return pending(reply, data.pending);
    return service.card(data, { names: defs.map((d) => d.name), details, accountCategories, accountIds, limitDays: days });
  });

  v3.get('/:customerId/categorization/login/:loginId/requestid/:requestId', {
    config: { auth: 'apiKey' },
    schema: { tags, params: Insight, summary: 'Category and sub-category of every transaction of the login' },
  }, async (req: any, reply) => {
    const data = await service.session(req.tenant, req.params.loginId, req.params.requestId);
    if ('pending' in data) return pending(reply, data.pending);
    return service.categorization(data);
  });

  // ---- categorization rules (our extension: docs/attributes.md, docs/compatibility.md) --------
  const rulesSummary = 'Categorization rules (extension): a merchant or a description pattern is a category, for every login or one';
  v3.post('/:customerId/BankingServices/CategorizationRules', { config: { auth: 'bearer' }, schema: { tags, params: z.object({ customerId: z.string() }), summary: rulesSummary } }, async (req: any) =>
    service.createRule(req.tenant, req.body));
  v3.get('/:customerId/BankingServices/CategorizationRules', { config: { auth: 'bearer' }, schema: { tags, params: z.object({ customerId: z.string() }), summary: 'The customer\'s categorization rules (LoginId: those that apply to one login)' } }, async (req: any) =>
    service.listRules(req.tenant, pickKey(req.query, 'LoginId')));
  v3.delete('/:customerId/BankingServices/CategorizationRules/:ruleId', { config: { auth: 'bearer' }, schema: { tags, params: z.object({ customerId: z.string(), ruleId: z.string() }), summary: 'Deletes a categorization rule' } }, async (req: any) =>
    service.deleteRule(req.tenant, req.params.ruleId));

  v3.get('/:customerId/BankingServices/Categories/:countryCode', {
    config: { auth: 'bearer' },
    schema: { tags, params: z.object({ customerId: z.string(), countryCode: z.string() }), summary: 'The category taxonomy of a country (CA or US)' },
  }, async (req: any) => {
    const country = String(req.params.countryCode).toUpperCase();
    if (country !== 'CA' && country !== 'US') throw enrichErrors.invalidCountry();
    return taxonomyFor(country).map((c) => ({ PrimaryCategoryName: c.name, Description: c.description, SubCategories: c.subCategories.map((s) => ({ SubCategoryName: s.name, Description: s.description })) }));
  });

  const consumerLibrary = JSON.stringify(library(ATTRIBUTES.filter((a) => !a.business)));
  const businessLibrary = JSON.stringify(library(ATTRIBUTES.filter((a) => a.business)));
  v3.get('/:customerId/attributes/library', { config: { auth: 'bearer' }, schema: { tags, params: z.object({ customerId: z.string() }), summary: 'Consumer attribute library' } }, async (_req, reply) =>
    reply.type('application/json; charset=utf-8').send(consumerLibrary));
  v3.get('/:customerId/attributes/library/business', { config: { auth: 'bearer' }, schema: { tags, params: z.object({ customerId: z.string() }), summary: 'Business attribute library' } }, async (_req, reply) =>
    reply.type('application/json; charset=utf-8').send(businessLibrary));

  v3.post('/:customerId/prepayment/login/:loginId/:requestId', {
    config: { auth: 'apiKey' },
    schema: { tags, params: Insight, summary: 'Repayment dates suggested from the pay cycle (LoanFrequency, ExpectedRepaymentTotal, FundingDate, Duration)' },
  }, async (req: any, reply) => {
    const data = await service.session(req.tenant, req.params.loginId, req.params.requestId);
    if ('pending' in data) return pending(reply, data.pending);
    return prepayment(service, data, req.body ?? {});
  });

  // ---- Upload API (JSON) ------------------------------------------------------------------
  const upload = (names: CardOptions['names'] | null) => async (req: any) => {
    const business = names === 'business' || names === 'all-business';
    const parsed = parseUpload(req.body, business, true, await service.customerRules(req.tenant));
    let defs: AttributeDef[];
    if (names === null) {
      const list = parsed.attributes;
      if (list === undefined || list === null || (Array.isArray(list) && list.length === 0)) throw enrichErrors.noAttribute();
      if (!Array.isArray(list)) throw enrichErrors.invalidAttribute();
      defs = resolveNames(list as string[]);
    } else defs = resolveNames(names);
    const details = checkDetails(parsed.details, names === null ? defs : null);
    const allDefs = names === null ? defs : [...defs, ...details.filter((d) => !defs.some((x) => x.name === d)).map((d) => ATTRIBUTES.find((a) => a.name === d)!)];
    return { HttpStatusCode: 200, Card: cardJson(parsed.input, allDefs, details, parsed.userIdentifier ?? service.newRequestId()), RequestId: service.newRequestId() };
  };
  v3.post('/:customerId/attributes/upload', { bodyLimit: UPLOAD_LIMIT, config: { auth: 'bearer' }, schema: { tags: uploadTags, params: z.object({ customerId: z.string() }), summary: 'Attributes listed in Attributes.Card computed on your own transactions' } }, upload(null));
  v3.post('/:customerId/attributes/upload/:useCase', { bodyLimit: UPLOAD_LIMIT, config: { auth: 'bearer' }, schema: { tags: uploadTags, params: z.object({ customerId: z.string(), useCase: z.string() }), summary: 'AllAttributes, UserAnalysis, Income, CreditRisk, Lending, BusinessAnalysis, AllBusinessAttributes on your own transactions' } }, async (req: any, reply) => {
    const names = UPLOAD_USE_CASES[String(req.params.useCase).toLowerCase()];
    if (!names) return reply.callNotFound();
    return upload(names)(req);
  });
  v3.post('/:customerId/Categorization/Upload', { bodyLimit: UPLOAD_LIMIT, config: { auth: 'bearer' }, schema: { tags: uploadTags, params: z.object({ customerId: z.string() }), summary: 'Category and sub-category of your own transactions (OriginCountry ca or us)' } }, async (req: any) => {
    const rules = await service.customerRules(req.tenant);
    const parsed = parseUpload(req.body, false, false, rules);
    const cats = categorizeLogin(parsed.transactions, () => 'deposit', { business: false, rules });
    return {
      HttpStatusCode: 200,
      RequestId: service.newRequestId(),
      Transactions: parsed.transactions.map((t, i) => ({
        TransactionId: t.id.startsWith('txn-') ? null : t.id,
        AccountId: t.accountId === 'account' ? null : t.accountId,
        Date: t.date.replaceAll('-', '/'),
        Description: t.description,
        Debit: t.debitCents === null ? null : t.debitCents / 100,
        Credit: t.creditCents === null ? null : t.creditCents / 100,
        Category: cats[i]!.primary,
        SubCategory: cats[i]!.sub,
        // Extension (docs/compatibility.md): the merchant without the bank's framing; Description stays as the bank printed it.
        MerchantName: cats[i]!.merchantName,
        Explanation: explain(cats[i]!),
      })),
    };
  });
}

