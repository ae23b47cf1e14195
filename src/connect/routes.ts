/**
 * Connect's HTTP surface under /v3/{customerId}/BankingServices. Schemas bind
 * Flinks's PascalCase keys (the /v3 context folds case, coerces string booleans
 * and drops unknown keys before these run) and document every route in /openapi.json.
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { z } from 'zod';
import { headerValue } from '../platform/http/v3.ts';
import { parseFlinks } from '../platform/http/normalize.ts';
import { flinksErrors } from '../platform/http/flinks-errors.ts';
import type { ConnectService, Answer } from './service.ts';
import type { ConnectData, DataEndpoint, RawAnswer } from './data.ts';
import { findByRoutingNumber, listInstitutions, toFlinksInstitution, toFlinksRoutingInstitution } from './institutions/catalog.ts';
import { connectErrors } from './errors.ts';

const BASE = '/:customerId/BankingServices';
const tags = ['Connect'];
const Customer = z.object({ customerId: z.string() });
const WithRequest = z.object({ customerId: z.string(), requestId: z.string() });
const WithLogin = z.object({ customerId: z.string(), loginId: z.string() });

const AuthorizeBody = z.object({
  LoginId: z.string().optional(),
  MostRecentCached: z.boolean().optional(),
  Institution: z.union([z.string(), z.number().transform(String)]).optional(),
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
}).describe('Authorize: cached (LoginId + MostRecentCached), live login (Institution, Username, Password), live refresh (LoginId + MostRecentCached false) or MFA answer (RequestId + SecurityResponses)');

const idList = z.array(z.union([z.string(), z.number().transform(String)]));
const DetailBody = z.object({
  RequestId: z.string().optional(),
  WithAccountIdentity: z.boolean().optional(),
  WithKYC: z.boolean().optional(),
  WithTransactions: z.boolean().optional(),
  WithBalance: z.boolean().optional(),
  DaysOfTransactions: z.enum(['Days90', 'Days365', 'Days360', 'days90', 'days365', 'days360']).optional(),
  DateFrom: z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'must be YYYY-MM-DD').transform((s) => s.slice(0, 10)).optional(),
  DateTo: z.string().regex(/^\d{4}-\d{2}-\d{2}/, 'must be YYYY-MM-DD').transform((s) => s.slice(0, 10)).optional(),
  AccountsFilter: idList.nullable().optional(),
  RefreshDelta: z.array(z.object({ AccountId: z.string().optional(), account_id: z.string().optional(), TransactionId: z.string().optional(), transaction_id: z.string().optional() })
    .transform((d) => ({ AccountId: d.AccountId ?? d.account_id, TransactionId: d.TransactionId ?? d.transaction_id }))).nullable().optional(),
  MostRecentCached: z.boolean().optional(),
  WithDetailsAndBankingStatements: z.boolean().optional(),
  NumberOfBankingStatements: z.string().optional(),
});
const SummaryBody = z.object({ RequestId: z.string().optional(), WithBalance: z.boolean().optional(), AccountsFilter: idList.nullable().optional() });
const StatementsBody = z.object({ RequestId: z.string().optional(), NumberOfStatements: z.string().optional(), AccountsFilter: idList.nullable().optional() });
const ScheduledRefresh = z.object({ LoginId: z.string().optional(), IsActivated: z.boolean().optional() });

function send(reply: FastifyReply, a: Answer): FastifyReply {
  // A bare string body (SetScheduledRefresh) is a JSON string on the wire, quotes included; fastify would send it as text/plain.
  if (typeof a.body === 'string') return reply.code(a.status).type('application/json; charset=utf-8').send(JSON.stringify(a.body));
  return reply.code(a.status).send(a.body);
}
function sendRaw(reply: FastifyReply, a: RawAnswer): FastifyReply {
  // Bodies are kept serialised (as bytes) so a polled answer is not encoded again.
  return reply.code(a.status).type('application/json; charset=utf-8').send(a.json);
}
function clean<T extends Record<string, unknown>>(o: T | undefined): T {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o ?? {})) if (v !== undefined && v !== null) out[k] = v;
  return out as T;
}

export async function connectRoutes(v3: FastifyInstance, service: ConnectService, data: ConnectData, opts: { sandbox: boolean; extraInstitutions?: (customerId: string) => Promise<object[]> }): Promise<void> {
  v3.post(`${BASE}/GenerateAuthorizeToken`, { config: { auth: 'secret' }, schema: { tags, params: Customer, summary: 'Issue a single-use authorize token (header flinks-auth-key: secret key)' } }, async (req, reply) =>
    send(reply, await service.generateAuthorizeToken(req.tenant)));

  const authorize = (async: boolean) => async (req: any, reply: FastifyReply) => {
    const body = clean(req.body as z.infer<typeof AuthorizeBody>) as any;
    const key = headerValue(req, 'flinks-auth-key');
    const a = async ? await service.authorizeAsync(req.tenant, body, key) : await service.authorize(req.tenant, body, key);
    service.aggregation.flush();
    return send(reply, a);
  };
  v3.post(`${BASE}/Authorize`, { config: { auth: 'none' }, schema: { tags, params: Customer, body: AuthorizeBody, summary: 'Open a session: 200 authorized, 203 security challenges, 401 refused' } }, authorize(false));
  v3.route({ method: ['GET', 'POST'], url: `${BASE}/AuthorizeAsync`, config: { auth: 'none' }, schema: { tags, params: Customer, summary: 'Authorize, answered 202 first and then polled with RequestId (body or query; same fields as Authorize)' }, handler: async (req: any, reply) => {
    const input = { ...(typeof req.body === 'object' && req.body !== null && !Array.isArray(req.body) ? req.body : {}), ...req.query };
    const body = clean(parseFlinks(AuthorizeBody, input, (detail) => flinksErrors.invalidRequest({ detail })));
    const a = await service.authorizeAsync(req.tenant, body as any, headerValue(req, 'flinks-auth-key'));
    service.aggregation.flush();
    return send(reply, a);
  } });
  v3.post(`${BASE}/AuthorizeMultiple`, { config: { auth: 'apiKey' }, schema: { tags, params: Customer, body: z.object({ LoginIds: z.array(z.string()).min(1).max(100), MostRecentCached: z.boolean().optional() }), summary: 'Open a session for each of several LoginIds' } }, async (req: any, reply) => {
    const a = await service.authorizeMultiple(req.tenant, req.body.LoginIds, req.body.MostRecentCached ?? true);
    service.aggregation.flush();
    return send(reply, a);
  });

  const dataRoute = (endpoint: DataEndpoint, schema: z.ZodType, summary: string) => {
    v3.post(`${BASE}/${endpoint}`, { config: { auth: 'apiKey' }, schema: { tags, params: Customer, body: schema, summary } }, async (req: any, reply) => {
      const body = clean(req.body ?? {});
      return sendRaw(reply, await data.answer(req.tenant, endpoint, body.RequestId, body, true));
    });
    v3.route({ method: ['GET', 'POST'], url: `${BASE}/${endpoint}Async/:requestId`, config: { auth: 'apiKey' }, schema: { tags, params: WithRequest, summary: `Poll ${endpoint} (GET or POST)` }, handler: async (req: any, reply) =>
      sendRaw(reply, await data.answer(req.tenant, endpoint, req.params.requestId, null, false)) });
  };
  dataRoute('GetAccountsSummary', SummaryBody, 'Accounts with balances, no transactions');
  dataRoute('GetAccountsDetail', DetailBody, 'Accounts with transactions, identity and KYC');
  dataRoute('GetStatements', StatementsBody, 'PDF bank statements (Canada)');

  v3.route({ method: ['DELETE', 'GET'], url: `${BASE}/DeleteCard/:loginId`, config: { auth: 'apiKey' }, schema: { tags, params: WithLogin, summary: 'Delete a login and all its data' }, handler: async (req: any, reply) => {
    const answer = await service.deleteCard(req.tenant, req.params.loginId);
    data.forgetLogin(req.params.loginId.toLowerCase());
    return send(reply, answer);
  } });

  v3.route({ method: ['PATCH', 'POST'], url: `${BASE}/SetScheduledRefresh`, config: { auth: 'apiKey' }, schema: { tags, params: Customer, body: ScheduledRefresh, querystring: ScheduledRefresh, summary: 'Turn the nightly refresh of a login on or off (body or query)' }, handler: async (req: any, reply) => {
    const b = { ...clean(req.query), ...clean(req.body) };
    return send(reply, await service.setScheduledRefresh(req.tenant, b.LoginId, b.IsActivated));
  } });
  v3.get(`${BASE}/GetNightlyRefreshStatus`, { config: { auth: 'bearer' }, schema: { tags, params: Customer, summary: 'Cards not eligible for the nightly refresh' } }, async (req: any, reply) =>
    send(reply, await service.nightlyRefreshStatus(req.tenant)));

  v3.get(`${BASE}/GetMFAQuestions/:loginId`, { config: { auth: 'apiKey' }, schema: { tags, params: WithLogin, summary: 'Security questions of a login still without an answer (Enhanced MFA)' } }, async (req: any, reply) =>
    send(reply, await service.getMfaQuestions(req.tenant, req.params.loginId)));
  v3.route({ method: ['PATCH', 'POST'], url: `${BASE}/AnswerMFAQuestions`, config: { auth: 'apiKey' }, schema: { tags, params: Customer, body: z.object({ LoginId: z.string().optional(), Questions: z.array(z.object({ Question: z.string(), Answer: z.string() })).max(50) }), summary: 'Store answers to security questions' }, handler: async (req: any, reply) =>
    send(reply, await service.answerMfaQuestions(req.tenant, req.body.LoginId, req.body.Questions)) });

  const Paging = z.object({ skip: z.coerce.number().int().min(0).optional(), take: z.coerce.number().int().min(0).optional() });
  v3.get(`${BASE}/Institutions`, { config: { auth: 'apiKey' }, schema: { tags, params: Customer, querystring: Paging, summary: 'Institutions (skip/take, at most 1000)' } }, async (req: any) => {
    // The shipped institutions, then this customer's own (FDX providers it registered).
    const all: object[] = [...listInstitutions({ includeSandbox: opts.sandbox }).map(toFlinksInstitution), ...((await opts.extraInstitutions?.(req.tenant.id)) ?? [])];
    const skip = req.query.skip ?? 0;
    const take = Math.min(req.query.take ?? 1000, 1000);
    return { Data: all.slice(skip, skip + take), Count: all.length };
  });
  const routingJson = new Map<number, string>();
  v3.get(`${BASE}/Institutions/RoutingNumber/:routingNumber`, { config: { auth: 'apiKey' }, schema: { tags, params: z.object({ customerId: z.string(), routingNumber: z.string() }), summary: 'The US institution of a routing number' } }, async (req: any, reply) => {
    const inst = findByRoutingNumber(req.params.routingNumber.trim());
    if (!inst) throw connectErrors.routingNotFound({ routingNumber: req.params.routingNumber });
    // The dataset never changes while running: each answer is serialised once.
    let json = routingJson.get(inst.id);
    if (!json) routingJson.set(inst.id, (json = JSON.stringify(toFlinksRoutingInstitution(inst))));
    return reply.type('application/json; charset=utf-8').send(json);
  });
}
