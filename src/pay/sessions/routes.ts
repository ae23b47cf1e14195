/**
 * The Pay sessions API (docs.flinks.com/api/pay/endpoints/geft, eft/v2 and e-transfer), answering
 * ProblemDetails on every error:
 *
 *   POST /pay/api/v2/sessions  (and /initiate)        create GEFT / EFT / e-Transfer -> 201 {sessionId, referenceId}
 *   GET  /pay/api/v2/sessions/{id}/status             {sessionId, referenceId, amount, status, statusDetails}
 *   GET  /pay/api/v2/sessions/{id}/details            the whole session
 *   POST /pay/api/v2/sessions/{id}/guarantees/confirm {guaranteeAccepted} -> {sessionId, referenceId}
 *   POST /pay/api/v2/sessions/{id}/cancel             -> the status
 *   GET, PATCH /pay/api/v2/settings                   the client's onboarding settings (our extension)
 *   POST /pay/api/v1/sessions/initiate, /sendrequest  e-Transfer V1 -> {sessionId, referenceId}
 *   POST /pay/api/v1/paymentrequests                  {sessionId} -> {requestId}
 *   sandbox: POST /pay/api/v1/sandbox/paymentrequests/{id}/{accept|decline|expire}, POST /pay/api/v2/sandbox/sweep
 *
 * Authentication: a Bearer token from /pay/api/v1/authorize, or the x-api-key /
 * x-client-id the GEFT setup guide names (the docs disagree: both are taken).
 * The status endpoint also answers without credentials (one docs page says it
 * needs none); credentials that are sent must be right.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Platform } from '../../platform/platform.ts';
import type { Tenant } from '../../platform/tenants.ts';
import { bearer, customerOfApiKey, customerOfToken, requirePayBearer, requirePayClientId } from '../auth.ts';
import { withIdempotency } from '../idempotency.ts';
import { invalidField, payErrors } from '../errors.ts';
import { requestBaseUrl } from '../routes.ts';
import { documentedBody } from '../../platform/http/openapi.ts';
import { sendStored } from '../eft/routes.ts';
import type { SessionsService } from './service.ts';
import type { SessionSweep } from './sweep.ts';
import { patchSettings, settingsJson } from './settings.ts';
import { FieldError, parseCreateV1, parseCreateV2, pick } from './validate.ts';
import { detailsJson, statusJson } from './wire.ts';
import { GuaranteeConfirmRequest, SessionDetailsAnswer, SessionIdsAnswer, SessionRequest, SessionStatusAnswer, SettingsAnswer, SettingsPatchRequest } from '../schemas.ts';

const tags = ['Pay: sessions'];
/** Bodies are validated by the parsers of validate.ts (tolerant keys, one message per field), not by a schema. */
const AnyBody = z.any();
const etags = ['Pay: e-Transfer'];
const SessionParams = z.object({ sessionId: z.string() });
const SandboxActionParams = z.object({ requestId: z.string(), action: z.string().describe('accept | decline | expire') });

/** Runs a parser, answering its FieldError as 400 ProblemDetails with the field. */
function parse<T>(fn: () => T): T {
  try {
    return fn();
  } catch (err) {
    if (err instanceof FieldError) throw invalidField(err.field, err.reason);
    throw err;
  }
}

/** The session of a path, as the client wrote it (ids are trimmed, as the store keys them). */
function sessionIdOf(req: { params: z.infer<typeof SessionParams> }): string {
  return req.params.sessionId.trim();
}

const baseUrl = (p: Platform, req: FastifyRequest) => p.config.publicUrl ?? requestBaseUrl(req);

export function registerSessionRoutes(scope: FastifyInstance, p: Platform, service: SessionsService, sweep: SessionSweep): void {
  const auth = requirePayClientId(p);
  const bearerOnly = requirePayBearer(p);
  const r = scope.withTypeProvider<ZodTypeProvider>();

  const load = async (req: { params: z.infer<typeof SessionParams>; payCustomerId: string }) => {
    const id = sessionIdOf(req);
    const s = await service.load(req.payCustomerId, id);
    if (!s) throw payErrors.sessionNotFound(id);
    return s;
  };

  const create = async (req: FastifyRequest, reply: import('fastify').FastifyReply) => {
    const input = parse(() => parseCreateV2(req.body));
    const answer = await withIdempotency(p, req, req.payCustomerId, async (q) => ({ status: 201, body: await service.createV2(q, req.payTenant, input, baseUrl(p, req)) }));
    if (answer.replayed) reply.header('idempotent-replayed', 'true');
    return reply.code(answer.status).send(answer.body);
  };
  const createSchema = {
    tags,
    summary: 'Create a session: Guaranteed EFT (options.guarantee.enable), regular EFT V2, or e-Transfer V2',
    description: 'Fields and limits: docs/pay.md. Answers 201 {sessionId, referenceId}. In the sandbox, a referenceId naming a scenario (Happy1, Happy2, Happy3, Unhappy1-4) prepares its bank user.',
    body: documentedBody(SessionRequest),
    response: { 201: SessionIdsAnswer },
  };
  r.post('/pay/api/v2/sessions', { preHandler: auth, schema: createSchema }, create);
  r.post('/pay/api/v2/sessions/initiate', { preHandler: auth, schema: { ...createSchema, summary: 'Create a session (the /initiate spelling of one GEFT page)' } }, create);

  r.get('/pay/api/v2/sessions/:sessionId/status', {
    schema: { tags, summary: 'Session status: {sessionId, referenceId, amount, status, statusDetails}', params: SessionParams, response: { 200: SessionStatusAnswer } },
  }, async (req) => {
    const id = sessionIdOf(req);
    const tenant = await optionalCaller(p, req);
    const customerId = tenant ? tenant.id : await service.customerOf(id);
    const s = customerId ? await service.load(customerId, id) : null;
    if (!s) throw payErrors.sessionNotFound(id);
    return statusJson(s);
  });

  r.get('/pay/api/v2/sessions/:sessionId/details', { preHandler: auth, schema: { tags, summary: 'Session details: options, payor and chosen account (masked), payee, guarantee, identity match', params: SessionParams, response: { 200: SessionDetailsAnswer } } }, async (req) => {
    const s = await load(req);
    return detailsJson(s, { payee: service.payeeAccountOf(s), paymentRequest: await service.paymentRequestOf(s), interac: await service.interacOf(s) });
  });

  r.post('/pay/api/v2/sessions/:sessionId/guarantees/confirm', {
    preHandler: auth,
    schema: { tags, summary: 'Accept or reject the guarantee of a GEFT session waiting for the client: {guaranteeAccepted}', params: SessionParams, body: documentedBody(GuaranteeConfirmRequest), response: { 200: SessionIdsAnswer } },
  }, async (req) => {
    const raw = pick(req.body as Record<string, unknown> | null, 'guaranteeAccepted');
    const accepted = raw === true || raw === 'true' ? true : raw === false || raw === 'false' ? false : null;
    if (accepted === null) throw invalidField('guaranteeAccepted', 'is required (true or false)');
    const s = await service.confirmGuarantee(req.payTenant, sessionIdOf(req), accepted);
    return { sessionId: s.id, referenceId: s.reference_id };
  });

  r.post('/pay/api/v2/sessions/:sessionId/cancel', { preHandler: auth, schema: { tags, summary: 'Cancel a session: Canceled/EFT0501; the hosted app ends', params: SessionParams, response: { 200: SessionStatusAnswer } } }, async (req) => {
    const s = await service.cancel(req.payTenant, sessionIdOf(req));
    return statusJson(s);
  });

  r.get('/pay/api/v2/settings', { preHandler: auth, schema: { tags, summary: 'The client’s session settings (settlement account, RegularEft, guarantee confirmation, timeouts) — a Maplelink extension', response: { 200: SettingsAnswer } } }, async (req) =>
    settingsJson(await service.settings(p.db, req.payCustomerId)));
  r.patch('/pay/api/v2/settings', { preHandler: auth, schema: { tags, summary: 'Change the client’s session settings (only the fields sent)', body: documentedBody(SettingsPatchRequest), response: { 200: SettingsAnswer } } }, async (req) => {
    try {
      return settingsJson(await p.db.tx((q) => patchSettings(q, p.keys, req.payCustomerId, p.config.sandbox, req.body, p.clock.now())));
    } catch (err) {
      if (err instanceof FieldError) throw invalidField(err.field, err.reason);
      throw err;
    }
  });

  // ---- e-Transfer V1 ---------------------------------------------------------------------------

  const v1 = (sendRequest: boolean) => async (req: FastifyRequest, reply: import('fastify').FastifyReply) => {
    const input = parse(() => parseCreateV1(req.body, { referenceOptional: sendRequest }));
    const answer = await withIdempotency(p, req, req.payCustomerId, async (q) => ({ status: 200, body: await service.createV1(q, req.payTenant, input, { sendRequest, baseUrl: baseUrl(p, req) }) }));
    if (answer.replayed) reply.header('idempotent-replayed', 'true');
    return reply.code(answer.status).send(answer.body);
  };
  const v1Body = AnyBody;
  r.post('/pay/api/v1/sessions/initiate', { preHandler: bearerOnly, schema: { tags: etags, summary: 'e-Transfer V1: {referenceId, amount, customerName, customerEmail, clientURIs?} -> {sessionId, referenceId}', body: v1Body, response: { 200: SessionIdsAnswer } } }, v1(false));
  r.post('/pay/api/v1/sessions/sendrequest', { preHandler: bearerOnly, schema: { tags: etags, summary: 'e-Transfer V1, the app link emailed to customerEmail (recorded, not sent, by Maplelink)', body: v1Body, response: { 200: SessionIdsAnswer } } }, v1(true));

  r.post('/pay/api/v1/paymentrequests', { preHandler: bearerOnly, schema: { tags: etags, summary: 'e-Transfer V1: the payment request of a session {sessionId} -> {requestId} (before launching the app)', body: v1Body, response: { 200: z.looseObject({ requestId: z.string() }) } } }, async (req, reply) => {
    const sessionId = pick(req.body as Record<string, unknown> | null, 'sessionId');
    if (typeof sessionId !== 'string' || sessionId.trim() === '') throw invalidField('sessionId', 'is required');
    const answer = await withIdempotency(p, req, req.payCustomerId, async (q) => ({ status: 200, body: await service.paymentRequestForSession(q, req.payTenant, sessionId.trim()) }));
    return sendStored(reply, answer);
  });

  // ---- sandbox controls --------------------------------------------------------------------------
  if (!p.config.sandbox) return;

  r.post('/pay/api/v1/sandbox/paymentrequests/:requestId/:action', {
    preHandler: auth,
    schema: {
      tags: ['Pay: sandbox'],
      summary: 'What the payor does with an Interac request for money: accept | decline | expire, now or {inMinutes} later on the sandbox clock; {accountHolderName} to accept from someone else’s account',
      params: SandboxActionParams,
      body: AnyBody,
      response: { 200: z.looseObject({ requestId: z.string(), action: z.string(), due: z.string() }) },
    },
  }, async (req) => {
    const { requestId, action } = req.params;
    const act = action.toLowerCase();
    if (act !== 'accept' && act !== 'decline' && act !== 'expire') throw payErrors.sandboxActionUnknown(action);
    const body = (req.body ?? {}) as Record<string, unknown>;
    const minutesRaw = pick(body, 'inMinutes');
    const inMinutes = minutesRaw === undefined || minutesRaw === null ? 0 : Number(minutesRaw);
    if (!Number.isFinite(inMinutes) || inMinutes < 0 || inMinutes > 60 * 24 * 365) throw invalidField('inMinutes', 'must be a number of minutes from 0 to 525600');
    const holder = pick(body, 'accountHolderName');
    if (holder !== undefined && holder !== null && typeof holder !== 'string') throw invalidField('accountHolderName', 'must be a string');
    const { due } = await service.payorActs(req.payTenant, requestId, act, { inMinutes, holderName: typeof holder === 'string' && holder.trim() ? holder.trim() : null });
    await p.jobs.send(INTERAC_QUEUE, { customerId: req.payCustomerId, paymentRequestId: requestId.toLowerCase() }, inMinutes > 0 ? { startAfterSeconds: Math.ceil(inMinutes * 60) } : {});
    return { requestId: requestId.toLowerCase(), action: act, due: due.toISOString() };
  });

  r.post('/pay/api/v2/sandbox/sweep', { preHandler: auth, schema: { tags: ['Pay: sandbox'], summary: 'Run the clock-driven transitions now (idle expiry, guarantee webhooks, Interac requests); the job also runs every minute', response: { 200: z.looseObject({ expired: z.number(), guaranteesFailed: z.number(), interacSteps: z.number() }) } } }, async () =>
    sweep.sweep());
}

/** The pg-boss queue that moves one Interac request along (sent by the sandbox controls). */
export const INTERAC_QUEUE = 'pay-sessions.interac';
/** The queue of the sweep (cron, every minute). */
export const SWEEP_QUEUE = 'pay-sessions.sweep';

/** The caller when credentials were sent (they must then be right), null when none were. */
async function optionalCaller(p: Platform, req: FastifyRequest): Promise<Tenant | null> {
  const key = req.headers['x-client-id'] ?? req.headers['x-api-key'];
  const token = bearer(req);
  if (key === undefined && token === undefined) return null;
  let tenant: Tenant | null = null;
  if (typeof key === 'string') tenant = await customerOfApiKey(p, key.trim());
  if (!tenant && token) tenant = await customerOfToken(p, token);
  if (!tenant) throw payErrors.invalidSandboxCredentials();
  return tenant;
}
