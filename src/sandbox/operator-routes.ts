/**
 * The sandbox in the operator API (only with SANDBOX on, so without it the paths answer 404 in the
 * operator shape): for the console's Sandbox page the clock (read, advance), importing a custom
 * user for a customer, firing a login's webhooks; for its login page, resetting a login as
 * POST /v3/{customerId}/sandbox/logins/{loginId}/reset does. Each does
 * what the customer's /v3/{customerId}/sandbox control does (service.ts), in the operator's shape.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Platform } from '../platform/platform.ts';
import { OperatorFailure, operatorErrors } from '../platform/operator/errors.ts';
import { requireCustomer } from '../platform/operator/webhooks.ts';
import { LoginParams, type Connect } from '../connect/index.ts';
import { CustomUserDocument } from './custom-users.ts';
import { CUSTOM_USER_BODY_LIMIT } from './routes.ts';
import { advanceSandboxClock, fireLoginWebhooks, importCustomUser, sandboxClock } from './service.ts';

const tags = ['Operator'];
const security = [{ operator: [] }];
const errors = operatorErrors;

const Clock = z.object({ now: z.string().describe('The sandbox clock (every replica reads the same)'), offsetSeconds: z.number().int().describe('How far it is ahead of real time') });
const Advance = z.object({ days: z.number().min(0).max(3650).optional(), hours: z.number().min(0).max(87600).optional(), minutes: z.number().min(0).max(5_256_000).optional() });
const Params = z.object({ customerId: z.string() });
const Fire = z.object({ loginId: z.string(), type: z.enum(['KYC', 'GetAccountsDetail']).optional().describe('Both when absent') });

export async function sandboxOperatorRoutes(op: FastifyInstance, p: Platform, connect: Connect): Promise<void> {
  const r = op.withTypeProvider<ZodTypeProvider>();

  r.post('/customers/:customerId/logins/:loginId/sandbox-reset', {
    schema: {
      tags: ['Operator'], security: [{ operator: [] }], params: LoginParams, response: { 200: z.object({ loginId: z.string(), reset: z.literal(true) }), ...operatorErrors },
      summary: 'Sandbox only: forget the login\'s saved credentials and answers, so its next live Authorize needs both again',
    },
  }, async (req) => {
    const { tenant, login } = await connect.operator.find(req.params.customerId, req.params.loginId);
    await connect.service.resetLogin(tenant, login.id);
    return { loginId: login.id, reset: true as const };
  });
  const clock = () => {
    const c = sandboxClock(p);
    return { now: c.now.toISOString(), offsetSeconds: c.offsetSeconds };
  };

  r.get('/sandbox/clock', { schema: { tags, security, summary: 'Sandbox: the clock', response: { 200: Clock, ...errors } } }, async () => {
    await p.refreshClock();
    return clock();
  });

  r.post('/sandbox/clock/advance', {
    schema: { tags, security, body: Advance, summary: 'Sandbox: move the clock forward for every replica (refreshes then see new transactions; cut-offs and settlements see the new date)', response: { 200: Clock, ...errors } },
  }, async (req) => {
    const { days = 0, hours = 0, minutes = 0 } = req.body;
    if (days + hours + minutes <= 0) throw new OperatorFailure(400, 'invalid_request', 'advance by at least a minute: days, hours and/or minutes');
    await advanceSandboxClock(p, { days, hours, minutes });
    return clock();
  });

  r.post('/customers/:customerId/sandbox/users', {
    bodyLimit: CUSTOM_USER_BODY_LIMIT,
    schema: {
      tags, security, params: Params, body: CustomUserDocument,
      summary: 'Sandbox: import a custom user for a customer; logging in to FlinksCapital with its Username and Password serves exactly its data',
      response: { 200: z.object({ institution: z.literal('FlinksCapital'), username: z.string(), password: z.string() }), ...errors },
    },
  }, async (req) => {
    const customerId = await requireCustomer(p, req.params.customerId);
    return { institution: 'FlinksCapital' as const, ...(await importCustomUser(p, connect, customerId, req.body)) };
  });

  r.post('/customers/:customerId/sandbox/webhooks/fire', {
    schema: { tags, security, params: Params, body: Fire, summary: "Sandbox: send a login's KYC and/or GetAccountsDetail webhook now", response: { 200: z.object({ eventIds: z.array(z.string()) }), 409: errors[400], ...errors } },
  }, async (req) => {
    const customerId = await requireCustomer(p, req.params.customerId);
    const tenant = (await p.tenants.find(customerId))!;
    const fired = await fireLoginWebhooks(p, connect, tenant, req.body.loginId, req.body.type);
    if (fired.ok) return { eventIds: fired.eventIds };
    if (fired.reason === 'no_webhook_url') throw new OperatorFailure(400, 'invalid_request', 'this customer has no webhook URL: set one first');
    if (fired.reason === 'unknown_login') throw new OperatorFailure(404, 'not_found', `no login ${req.body.loginId} of customer ${customerId}`);
    throw new OperatorFailure(409, 'conflict', `login ${fired.loginId} is being refreshed; fire its webhooks once it is done`);
  });
}
