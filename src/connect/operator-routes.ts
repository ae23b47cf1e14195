/**
 * Connect's operator endpoints (Maplelink's own API, /operator/v1, tag Operator): the console's
 * login search, a login with its accounts, and the refresh and delete actions. Registered by the
 * platform inside its authenticated scope (Product.operatorRoutes); errors in the operator shape.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { OperatorError, OperatorFailure, operatorErrors } from '../platform/operator/errors.ts';
import { PageQuery } from '../platform/operator/paging.ts';
import type { OperatorLogins } from './operator.ts';

const tags = ['Operator'];
const security = [{ operator: [] }];
const errors = operatorErrors;
const withConflict = { ...operatorErrors, 409: OperatorError };

export const LoginParams = z.object({ customerId: z.string(), loginId: z.string() });

const Nightly = z.object({
  scheduled: z.boolean().describe('the login is flagged for the nightly refresh (ScheduleRefresh / SetScheduledRefresh)'),
  eligible: z.boolean().describe('scheduled and eligible as GetNightlyRefreshStatus judges it'),
  lastRun: z.string().nullable().describe('when its data was last refreshed (ISO 8601), by the nightly job or a live refresh'),
  lastOutcome: z.string().nullable().describe('Completed or Failed'),
  lastError: z.string().nullable().describe('the FlinksCode of the last failure'),
});

export const LoginSummary = z.object({
  customerId: z.string(),
  loginId: z.string(),
  username: z.string(),
  institution: z.string(),
  state: z.enum(['new', 'aggregating', 'ready', 'failed']),
  lastRefresh: z.string().nullable(),
  nightly: Nightly,
});

export const AccountSummary = z.object({
  id: z.string(),
  title: z.string(),
  category: z.string().describe('Operations, Credits, Savings, Investments...'),
  type: z.string().describe('Chequing, CreditCard, LineOfCredit...'),
  accountType: z.string().nullable(),
  currency: z.string(),
  maskedNumber: z.string().describe('the last four digits, the rest masked'),
  balances: z.object({ current: z.number(), available: z.number().nullable(), limit: z.number().nullable() }),
});

const LoginDetail = LoginSummary.extend({
  type: z.enum(['Personal', 'Business']),
  language: z.enum(['en', 'fr']),
  tag: z.string().nullable(),
  saved: z.boolean(),
  accounts: z.array(AccountSummary),
});

const SearchQuery = PageQuery.extend({
  q: z.string().max(200).optional().describe('a LoginId (exact) or the start of a username (any case)'),
  customerId: z.string().optional().describe('only this customer\'s logins'),
});

const DeleteQuery = z.object({ confirm: z.string().optional().describe('must repeat the loginId') });

export async function connectOperatorRoutes(op: FastifyInstance, logins: OperatorLogins): Promise<void> {
  const r = op.withTypeProvider<ZodTypeProvider>();

  r.get('/logins', {
    schema: { tags, security, summary: 'Find logins by LoginId or username across customers (keyset-paged)', querystring: SearchQuery, response: { 200: z.object({ logins: z.array(LoginSummary), nextCursor: z.string().nullable() }), ...errors } },
  }, async (req) => logins.search({ ...req.query, limit: req.query.limit ?? 50 }));

  r.get('/customers/:customerId/logins/:loginId', {
    schema: { tags, security, summary: 'A login: institution, state, last refresh, nightly-refresh status and its accounts with balances', params: LoginParams, response: { 200: LoginDetail, ...errors } },
  }, async (req) => logins.show(req.params.customerId, req.params.loginId));

  r.post('/customers/:customerId/logins/:loginId/refresh', {
    schema: {
      tags, security, params: LoginParams, response: { 202: z.object({ loginId: z.string(), requestId: z.string().describe('the session of the refresh: the login\'s state says when its data is in') }), ...withConflict },
      summary: 'Refresh a saved login live now, as the nightly refresh does (no person: stored MFA answers); 409 when it cannot start',
    },
  }, async (req, reply) => reply.code(202).send(await logins.refresh(req.params.customerId, req.params.loginId)));

  r.delete('/customers/:customerId/logins/:loginId', {
    schema: {
      tags, security, params: LoginParams, querystring: DeleteQuery, response: { 200: z.object({ loginId: z.string(), deleted: z.literal(true) }), ...withConflict },
      summary: 'Delete a login and all its data, as DeleteCard does; `confirm` must repeat the loginId; 409 while it is refreshing',
    },
  }, async (req) => {
    if (req.query.confirm?.trim().toLowerCase() !== req.params.loginId.toLowerCase()) {
      throw new OperatorFailure(400, 'confirmation_required', 'deleting a login needs ?confirm=<loginId>');
    }
    return logins.delete(req.params.customerId, req.params.loginId);
  });
}
