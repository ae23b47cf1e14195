/**
 * Enrich and the Upload API (JSON) over HTTP, inside the /v3 context: the insight attribute
 * endpoints, GetCategorization, Categories, the attribute libraries, Prepayment, the
 * categorization rules, and attributes or categories of the customer's own transactions.
 * Auth: the docs name x-api-key, flinks-auth-key and Bearer {secret} on different pages; the
 * endpoints accept the x-api-key policy of Connect's data endpoints ('apiKey'), the libraries
 * and categories the Bearer secret ('bearer') — see docs/compatibility.md.
 *
 * This module binds HTTP to the service (service.ts): which use case a path names, where
 * limitDays is read from, the 202 of a session still aggregating. What the bodies and answers
 * look like is in schemas.ts.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { headerValue } from '../platform/http/v3.ts';
import { pickKey } from '../platform/http/normalize.ts';
import { flinksErrors } from '../platform/http/flinks-errors.ts';
import { attributeLibrary, customCardOptions, type CardOptions, type EnrichService, type Pending } from './service.ts';
import { prepayment } from './prepayment.ts';
import * as s from './schemas.ts';

const tags = ['Enrich'];
const uploadTags = ['Upload'];
/** The Upload API's bodies: a year of transactions of several accounts fits. */
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
function limitDays(req: FastifyRequest): number | undefined {
  const raw = headerValue(req, 'limitdays') ?? pickKey(req.query, 'limitDays') ?? pickKey(req.body, 'limitDays');
  if (raw === undefined || raw === null || raw === '') return undefined;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 365) throw flinksErrors.invalidRequest({ detail: 'limitDays must be a whole number of days from 1 to 365.' });
  return n;
}

/** A session still aggregating answers 202 OPERATION_PENDING, as Connect's data endpoints do. */
function pending(reply: FastifyReply, body: Pending) {
  return reply.code(202).send(body);
}

export async function enrichRoutes(v3: FastifyInstance, service: EnrichService): Promise<void> {
  const r = v3.withTypeProvider<ZodTypeProvider>();

  // GetIncomeAttributes and the other use cases: GET or POST, limitDays in the header (or query, or body).
  const useCaseSummary = 'Use-case attribute cards: GetIncomeAttributes, GetCreditRiskAttributes, GetUserAnalysisAttributes, GetLendingAttributes, GetAllAttributes, GetBusinessAnalysisAttributes, GetAllBusinessAttributes';
  const useCaseCard = async (req: FastifyRequest<{ Params: { loginId: string; requestId: string; useCase: string } }>, reply: FastifyReply) => {
    const names = USE_CASES[req.params.useCase.toLowerCase()];
    if (!names) return reply.callNotFound();
    const days = limitDays(req);
    const data = await service.session(req.tenant, req.params.loginId, req.params.requestId);
    if ('pending' in data) return pending(reply, data.pending);
    return service.card(data, { names, details: [], limitDays: days });
  };
  const useCaseUrl = '/:customerId/insight/login/:loginId/attributes/:requestId/:useCase';
  r.get(useCaseUrl, { config: { auth: 'apiKey' }, schema: { tags, summary: useCaseSummary, params: s.InsightUseCase, querystring: s.LimitDaysQuery, headers: s.LimitDaysHeaders, response: s.CardAnswer } }, useCaseCard);
  r.post(useCaseUrl, { config: { auth: 'apiKey' }, schema: { tags, summary: useCaseSummary, params: s.InsightUseCase, querystring: s.LimitDaysQuery, headers: s.LimitDaysHeaders, body: s.UseCaseBody, response: s.CardAnswer } }, useCaseCard);

  r.post('/:customerId/insight/login/:loginId/attributes/:requestId', {
    config: { auth: 'apiKey' },
    schema: { tags, summary: 'Custom attribute card: Attributes.Card, Filters, AccountFilter, AttributesDetail, limitDays', params: s.Insight, querystring: s.LimitDaysQuery, headers: s.LimitDaysHeaders, body: s.CardBody, response: s.CardAnswer },
  }, async (req, reply) => {
    const asked = customCardOptions(req.body ?? {});
    const days = limitDays(req);
    const data = await service.session(req.tenant, req.params.loginId, req.params.requestId);
    if ('pending' in data) return pending(reply, data.pending);
    return service.card(data, { ...asked, limitDays: days });
  });

  r.get('/:customerId/categorization/login/:loginId/requestid/:requestId', {
    config: { auth: 'apiKey' },
    schema: { tags, summary: 'Category and sub-category of every transaction of the login', params: s.Insight, response: s.CategorizationAnswer },
  }, async (req, reply) => {
    const data = await service.session(req.tenant, req.params.loginId, req.params.requestId);
    if ('pending' in data) return pending(reply, data.pending);
    return service.categorization(data);
  });

  // ---- categorization rules (our extension: docs/attributes.md, docs/compatibility.md) --------
  r.post('/:customerId/BankingServices/CategorizationRules', {
    config: { auth: 'bearer' },
    schema: { tags, summary: 'Categorization rules (extension): a merchant or a description pattern is a category, for every login or one', params: s.Customer, body: s.RuleBody, response: s.RuleAnswer },
  }, async (req) => service.createRule(req.tenant, req.body));
  r.get('/:customerId/BankingServices/CategorizationRules', {
    config: { auth: 'bearer' },
    schema: { tags, summary: 'The customer\'s categorization rules (LoginId: those that apply to one login)', params: s.Customer, querystring: s.RulesQuery, response: s.RulesAnswer },
  }, async (req) => service.listRules(req.tenant, pickKey(req.query, 'LoginId')));
  r.delete('/:customerId/BankingServices/CategorizationRules/:ruleId', {
    config: { auth: 'bearer' },
    schema: { tags, summary: 'Deletes a categorization rule', params: s.CustomerRule, response: s.RuleDeletedAnswer },
  }, async (req) => service.deleteRule(req.tenant, req.params.ruleId));

  r.get('/:customerId/BankingServices/Categories/:countryCode', {
    config: { auth: 'bearer' },
    schema: { tags, summary: 'The category taxonomy of a country (CA or US)', params: s.CustomerCountry, response: s.CategoriesAnswer },
  }, async (req) => service.categories(req.params.countryCode));

  // Written once: the libraries do not change while the process runs. Fastify sends a string as it
  // is (no serializer), so the answer schema documents it without checking it again.
  const consumerLibrary = JSON.stringify(attributeLibrary(false));
  const businessLibrary = JSON.stringify(attributeLibrary(true));
  r.get('/:customerId/attributes/library', {
    config: { auth: 'bearer' },
    schema: { tags, summary: 'Consumer attribute library', params: s.Customer, response: s.LibraryAnswer },
  }, async (_req, reply) => reply.type('application/json; charset=utf-8').send(consumerLibrary as never));
  r.get('/:customerId/attributes/library/business', {
    config: { auth: 'bearer' },
    schema: { tags, summary: 'Business attribute library', params: s.Customer, response: s.LibraryAnswer },
  }, async (_req, reply) => reply.type('application/json; charset=utf-8').send(businessLibrary as never));

  r.post('/:customerId/prepayment/login/:loginId/:requestId', {
    config: { auth: 'apiKey' },
    schema: { tags, summary: 'Repayment dates suggested from the pay cycle (LoanFrequency, ExpectedRepaymentTotal, FundingDate, Duration)', params: s.Insight, body: s.PrepaymentBody, response: s.PrepaymentAnswer },
  }, async (req, reply) => {
    const data = await service.session(req.tenant, req.params.loginId, req.params.requestId);
    if ('pending' in data) return pending(reply, data.pending);
    return prepayment(service, data, (req.body ?? {}) as Record<string, unknown>);
  });

  // ---- Upload API (JSON): the customer's own transactions ------------------------------------
  r.post('/:customerId/attributes/upload', {
    bodyLimit: UPLOAD_LIMIT,
    config: { auth: 'bearer' },
    schema: { tags: uploadTags, summary: 'Attributes listed in Attributes.Card computed on your own transactions', params: s.Customer, body: s.OwnTransactionsBody, response: s.OwnCardAnswer },
  }, async (req) => service.ownCard(req.tenant, req.body, null));
  r.post('/:customerId/attributes/upload/:useCase', {
    bodyLimit: UPLOAD_LIMIT,
    config: { auth: 'bearer' },
    schema: { tags: uploadTags, summary: 'AllAttributes, UserAnalysis, Income, CreditRisk, Lending, BusinessAnalysis, AllBusinessAttributes on your own transactions', params: s.CustomerUseCase, body: s.OwnTransactionsBody, response: s.OwnCardAnswer },
  }, async (req, reply) => {
    const names = UPLOAD_USE_CASES[req.params.useCase.toLowerCase()];
    if (!names) return reply.callNotFound();
    return service.ownCard(req.tenant, req.body, names);
  });
  r.post('/:customerId/Categorization/Upload', {
    bodyLimit: UPLOAD_LIMIT,
    config: { auth: 'bearer' },
    schema: { tags: uploadTags, summary: 'Category and sub-category of your own transactions (OriginCountry ca or us)', params: s.Customer, body: s.OwnTransactionsBody, response: s.OwnCategorizationAnswer },
  }, async (req) => service.ownCategorization(req.tenant, req.body));
}
