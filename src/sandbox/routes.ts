/**
 * Sandbox control under /v3/{customerId}/sandbox (only with SANDBOX on): fire a
 * webhook, reset a login, move the clock, import a custom user (docs/sandbox.md).
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Platform } from '../platform/platform.ts';
import { flinksErrors } from '../platform/http/flinks-errors.ts';
import { CustomerParams } from '../platform/http/params.ts';
import { connectErrors, type Connect } from '../connect/index.ts';
import { CustomUserDocument } from './custom-users.ts';
import { advanceSandboxClock, fireLoginWebhooks, importCustomUser, sandboxClock } from './service.ts';

/** A custom user of a few years of daily transactions. */
export const CUSTOM_USER_BODY_LIMIT = 50 * 1024 * 1024;

const tags = ['Sandbox'];

const FireBody = z.object({ LoginId: z.string(), Type: z.enum(['KYC', 'GetAccountsDetail']).optional() });
const Fired = z.object({ HttpStatusCode: z.literal(200), EventIds: z.array(z.string()) });
const ResetParams = CustomerParams.extend({ loginId: z.string() });
const Reset = z.object({ HttpStatusCode: z.literal(200), Message: z.string() });
const Clock = z.object({ HttpStatusCode: z.literal(200), Now: z.string(), OffsetSeconds: z.number() });
const AdvanceBody = z.object({ Days: z.number().min(0).max(3650).optional(), Hours: z.number().min(0).max(87600).optional(), Minutes: z.number().min(0).max(5_256_000).optional() });
const Imported = z.object({ HttpStatusCode: z.literal(200), Institution: z.literal('FlinksCapital'), Username: z.string(), Password: z.string() });

export function sandboxRoutes(v3: FastifyInstance, p: Platform, connect: Connect): void {
  const r = v3.withTypeProvider<ZodTypeProvider>();

  r.post('/:customerId/sandbox/webhooks/fire', {
    config: { auth: 'apiKey' },
    schema: { tags, params: CustomerParams, summary: 'Send the KYC and/or GetAccountsDetail webhook of a login now', body: FireBody, response: { 200: Fired } },
  }, async (req) => {
    const fired = await fireLoginWebhooks(p, connect, req.tenant, req.body.LoginId, req.body.Type);
    if (fired.ok) return { HttpStatusCode: 200 as const, EventIds: fired.eventIds };
    if (fired.reason === 'no_webhook_url') throw flinksErrors.invalidRequest({ detail: 'This customer has no webhook URL: set one first with PATCH /v3/{customerId}/settings (WebhookUrl, WebhookSecret)' });
    if (fired.reason === 'unknown_login') throw connectErrors.invalidLogin();
    throw connectErrors.cardInUse({ loginId: fired.loginId });
  });

  r.post('/:customerId/sandbox/logins/:loginId/reset', {
    config: { auth: 'apiKey' },
    schema: { tags, params: ResetParams, summary: 'Forget saved credentials and answers: the next live Authorize needs both again', response: { 200: Reset } },
  }, async (req) => {
    if (!(await connect.service.resetLogin(req.tenant, req.params.loginId))) throw connectErrors.invalidLogin();
    return { HttpStatusCode: 200 as const, Message: `LoginId ${req.params.loginId} has been reset` };
  });

  const clockAnswer = () => {
    const c = sandboxClock(p);
    return { HttpStatusCode: 200 as const, Now: c.now.toISOString(), OffsetSeconds: c.offsetSeconds };
  };
  r.get('/:customerId/sandbox/clock', { config: { auth: 'apiKey' }, schema: { tags, params: CustomerParams, summary: 'The sandbox clock', response: { 200: Clock } } }, async () => {
    await p.refreshClock();
    return clockAnswer();
  });
  r.post('/:customerId/sandbox/clock/advance', {
    config: { auth: 'apiKey' },
    schema: { tags, params: CustomerParams, summary: 'Move the sandbox clock forward (refreshes then see new transactions)', body: AdvanceBody, response: { 200: Clock } },
  }, async (req) => {
    const { Days, Hours, Minutes } = req.body;
    await advanceSandboxClock(p, { days: Days, hours: Hours, minutes: Minutes });
    return clockAnswer();
  });

  r.post('/:customerId/sandbox/users', {
    config: { auth: 'apiKey' },
    bodyLimit: CUSTOM_USER_BODY_LIMIT,
    schema: { tags, params: CustomerParams, body: CustomUserDocument, summary: 'Import a custom sandbox user: log in to FlinksCapital with its Username and Password to get exactly its data', response: { 200: Imported } },
  }, async (req) => {
    const { username, password } = await importCustomUser(p, connect, req.tenant.id, req.body);
    return { HttpStatusCode: 200 as const, Institution: 'FlinksCapital' as const, Username: username, Password: password };
  });
}
