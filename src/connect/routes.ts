/**
 * Connect's HTTP surface under /v3/{customerId}/BankingServices. Schemas bind
 * Flinks's PascalCase keys (the /v3 context folds case, coerces string booleans
 * and drops unknown keys before these run) and document every route in /openapi.json.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { headerValue } from '../platform/http/v3.ts';
import { parseFlinks } from '../platform/http/normalize.ts';
import { flinksErrors } from '../platform/http/flinks-errors.ts';
import type { ConnectService, Answer } from './service.ts';
import type { ConnectData, DataEndpoint, RawAnswer } from './data.ts';
import { findByRoutingNumber, listInstitutions, toFlinksInstitution, toFlinksRoutingInstitution, type FlinksInstitution } from './institutions/catalog.ts';
import { connectErrors } from './errors.ts';
import * as s from './schemas.ts';

const BASE = '/:customerId/BankingServices';
const tags = ['Connect'];

function send(reply: FastifyReply, a: Answer): FastifyReply {
  // A bare string body (SetScheduledRefresh) is a JSON string on the wire, quotes included; fastify would send it as text/plain.
  if (typeof a.body === 'string') return reply.code(a.status).type('application/json; charset=utf-8').send(JSON.stringify(a.body));
  return reply.code(a.status).send(a.body);
}
function sendRaw(reply: FastifyReply, a: RawAnswer): FastifyReply {
  // Bodies are kept serialised (as bytes) so a polled answer is not encoded again.
  return reply.code(a.status).type('application/json; charset=utf-8').send(a.json);
}
/** Without the members sent as null: an explicit null is the same as no value to every option. */
function clean<T extends object>(o: T | undefined): { [K in keyof T]: Exclude<T[K], null> } {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o ?? {})) if (v !== undefined && v !== null) out[k] = v;
  return out as { [K in keyof T]: Exclude<T[K], null> };
}
function fieldsOf(x: unknown): Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x) ? (x as Record<string, unknown>) : {};
}

export async function connectRoutes(v3: FastifyInstance, service: ConnectService, data: ConnectData, opts: { sandbox: boolean; extraInstitutions?: (customerId: string) => Promise<FlinksInstitution[]> }): Promise<void> {
  const r = v3.withTypeProvider<ZodTypeProvider>();

  r.post(`${BASE}/GenerateAuthorizeToken`, {
    config: { auth: 'secret' },
    schema: { tags, params: s.Customer, response: s.TokenAnswer, summary: 'Issue a single-use authorize token (header flinks-auth-key: secret key)' },
  }, async (req, reply) => send(reply, await service.generateAuthorizeToken(req.tenant)));

  r.post(`${BASE}/Authorize`, {
    config: { auth: 'none' },
    schema: { tags, params: s.Customer, body: s.AuthorizeBody, response: s.AuthorizeAnswer, summary: 'Open a session: 200 authorized, 203 security challenges, 401 refused' },
  }, async (req, reply) => {
    const a = await service.authorize(req.tenant, clean(req.body), headerValue(req, 'flinks-auth-key'));
    service.aggregation.flush();
    return send(reply, a);
  });

  // The fields come in the body or the query (a poll is GET ?RequestId=); the query wins, as before.
  const authorizeAsyncSummary = 'Authorize, answered 202 first and then polled with RequestId (body or query; same fields as Authorize)';
  const authorizeAsync = async (req: FastifyRequest, reply: FastifyReply) => {
    const input = { ...fieldsOf(req.body), ...fieldsOf(req.query) };
    const body = clean(parseFlinks(s.AuthorizeBody, input, (detail) => flinksErrors.invalidRequest({ detail })));
    const a = await service.authorizeAsync(req.tenant, body, headerValue(req, 'flinks-auth-key'));
    service.aggregation.flush();
    return send(reply, a);
  };
  r.get(`${BASE}/AuthorizeAsync`, {
    config: { auth: 'none' },
    schema: { tags, params: s.Customer, querystring: s.AuthorizeAsyncInput, response: s.AuthorizeAsyncAnswer, summary: authorizeAsyncSummary },
  }, authorizeAsync);
  r.post(`${BASE}/AuthorizeAsync`, {
    config: { auth: 'none' },
    schema: { tags, params: s.Customer, querystring: s.AuthorizeAsyncInput, body: s.AuthorizeAsyncInput, response: s.AuthorizeAsyncAnswer, summary: authorizeAsyncSummary },
  }, authorizeAsync);

  r.post(`${BASE}/AuthorizeMultiple`, {
    config: { auth: 'apiKey' },
    schema: { tags, params: s.Customer, body: s.AuthorizeMultipleBody, response: s.AuthorizeMultipleAnswer, summary: 'Open a session for each of several LoginIds' },
  }, async (req, reply) => {
    const a = await service.authorizeMultiple(req.tenant, req.body.LoginIds, req.body.MostRecentCached ?? true);
    service.aggregation.flush();
    return send(reply, a);
  });

  const dataRoute = (endpoint: DataEndpoint, body: typeof s.SummaryBody | typeof s.DetailBody | typeof s.StatementsBody, summary: string) => {
    const response = s.DataAnswers[endpoint];
    r.post(`${BASE}/${endpoint}`, { config: { auth: 'apiKey' }, schema: { tags, params: s.Customer, body, response, summary } }, async (req, reply) => {
      const options = clean<s.DataBody>(req.body);
      return sendRaw(reply, await data.answer(req.tenant, endpoint, options.RequestId, options, true));
    });
    const poll = { config: { auth: 'apiKey' as const }, schema: { tags, params: s.CustomerRequest, response, summary: `Poll ${endpoint} (GET or POST)` } };
    const answer = async (req: FastifyRequest<{ Params: { requestId: string } }>, reply: FastifyReply) =>
      sendRaw(reply, await data.answer(req.tenant, endpoint, req.params.requestId, null, false));
    r.get(`${BASE}/${endpoint}Async/:requestId`, poll, answer);
    r.post(`${BASE}/${endpoint}Async/:requestId`, poll, answer);
  };
  dataRoute('GetAccountsSummary', s.SummaryBody, 'Accounts with balances, no transactions');
  dataRoute('GetAccountsDetail', s.DetailBody, 'Accounts with transactions, identity and KYC');
  dataRoute('GetStatements', s.StatementsBody, 'PDF bank statements (Canada)');

  r.route({
    method: ['DELETE', 'GET'],
    url: `${BASE}/DeleteCard/:loginId`,
    config: { auth: 'apiKey' },
    schema: { tags, params: s.CustomerLogin, response: s.DeleteCardAnswer, summary: 'Delete a login and all its data' },
    handler: async (req, reply) => {
      const answer = await service.deleteCard(req.tenant, req.params.loginId);
      data.forgetLogin(req.params.loginId.toLowerCase());
      return send(reply, answer);
    },
  });

  r.route({
    method: ['PATCH', 'POST'],
    url: `${BASE}/SetScheduledRefresh`,
    config: { auth: 'apiKey' },
    schema: { tags, params: s.Customer, body: s.ScheduledRefresh, querystring: s.ScheduledRefresh, response: s.ScheduledRefreshAnswer, summary: 'Turn the nightly refresh of a login on or off (body or query)' },
    handler: async (req, reply) => {
      const b = { ...clean(req.query), ...clean(req.body) };
      return send(reply, await service.setScheduledRefresh(req.tenant, b.LoginId, b.IsActivated));
    },
  });
  r.get(`${BASE}/GetNightlyRefreshStatus`, {
    config: { auth: 'bearer' },
    schema: { tags, params: s.Customer, response: s.NightlyRefreshAnswer, summary: 'Cards not eligible for the nightly refresh' },
  }, async (req, reply) => send(reply, await service.nightlyRefreshStatus(req.tenant)));

  r.get(`${BASE}/GetMFAQuestions/:loginId`, {
    config: { auth: 'apiKey' },
    schema: { tags, params: s.CustomerLogin, response: s.MfaQuestionsAnswer, summary: 'Security questions of a login still without an answer (Enhanced MFA)' },
  }, async (req, reply) => send(reply, await service.getMfaQuestions(req.tenant, req.params.loginId)));
  r.route({
    method: ['PATCH', 'POST'],
    url: `${BASE}/AnswerMFAQuestions`,
    config: { auth: 'apiKey' },
    schema: { tags, params: s.Customer, body: s.AnswerMfaBody, response: s.MfaAnswersAnswer, summary: 'Store answers to security questions' },
    handler: async (req, reply) => send(reply, await service.answerMfaQuestions(req.tenant, req.body.LoginId, req.body.Questions)),
  });

  r.get(`${BASE}/Institutions`, {
    config: { auth: 'apiKey' },
    schema: { tags, params: s.Customer, querystring: s.Paging, response: s.InstitutionsAnswer, summary: 'Institutions (skip/take, at most 1000)' },
  }, async (req) => {
    // The shipped institutions, then this customer's own (FDX providers it registered).
    const all: FlinksInstitution[] = [...listInstitutions({ includeSandbox: opts.sandbox }).map(toFlinksInstitution), ...((await opts.extraInstitutions?.(req.tenant.id)) ?? [])];
    const skip = req.query.skip ?? 0;
    const take = Math.min(req.query.take ?? 1000, 1000);
    return { Data: all.slice(skip, skip + take), Count: all.length };
  });
  const routingJson = new Map<number, string>();
  r.get(`${BASE}/Institutions/RoutingNumber/:routingNumber`, {
    config: { auth: 'apiKey' },
    schema: { tags, params: s.CustomerRouting, response: s.RoutingAnswer, summary: 'The US institution of a routing number' },
  }, async (req, reply) => {
    const inst = findByRoutingNumber(req.params.routingNumber.trim());
    if (!inst) throw connectErrors.routingNotFound({ routingNumber: req.params.routingNumber });
    // The dataset never changes while running: each answer is serialised once (a string is sent as it is, not serialised again).
    let json = routingJson.get(inst.id);
    if (!json) routingJson.set(inst.id, (json = JSON.stringify(toFlinksRoutingInstitution(inst))));
    return reply.type('application/json; charset=utf-8').send(json as never);
  });
}
