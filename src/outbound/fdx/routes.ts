/**
 * FDX v5 under /outbound/api/fdx/5 (docs.flinks.com/api/outbound/endpoints/fdx): the
 * accounts, transactions, payment networks, contact, statements and customer a person
 * shared, read with the recipient's access token (fdx/service.ts). Every answer carries
 * ob-correlation-id and ob-trace-id.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import rateLimit from '@fastify/rate-limit';
import { retrySeconds, sharedRateLimit } from '../../platform/http/rate-limit.ts';
import type { Platform } from '../../platform/platform.ts';
import { bearerToken, headerValue } from '../../platform/http/v3.ts';
import { fdxErrors, outboundErrorHandler, documentOutboundSurface } from '../errors.ts';
import type { AuthServer } from '../oauth/server.ts';
import { FDX_PATH, MOUNT } from '../oauth/server.ts';
import type { OutboundStore } from '../store.ts';
import type { DataScope } from '../scopes.ts';
import {
  AccountParam, FdxAccount, FdxAccounts, FdxContact, FdxCustomer, FdxPaymentNetworks, FdxQuery, FdxStatements, FdxTransactions, PdfDocument, StatementParams,
} from '../schemas.ts';
import type { Query } from './paging.ts';
import { FdxService } from './service.ts';

/** One value per parameter: the first of a repeated one (the query string parser gives text, or lists of text). */
function flat(query: Record<string, unknown>): Query {
  const q: Query = {};
  for (const [k, v] of Object.entries(query)) {
    const first: unknown = Array.isArray(v) ? v[0] : v;
    q[k] = typeof first === 'string' ? first : undefined;
  }
  return q;
}

export async function fdxRoutes(app: FastifyInstance, p: Platform, store: OutboundStore, server: AuthServer): Promise<void> {
  const fdx = new FdxService(p, store, server);

  await app.register(async (plain) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    // Every answer, error or not, is traceable (Flinks sends these two on every error).
    scope.addHook('onRequest', async (req, reply) => {
      reply.header('ob-correlation-id', headerValue(req, 'ob-correlation-id') ?? headerValue(req, 'x-correlation-id') ?? randomUUID());
      reply.header('ob-trace-id', randomUUID());
      reply.header('cache-control', 'no-store');
    });
    scope.setErrorHandler(outboundErrorHandler('fdx', p.log));
    documentOutboundSurface(scope, 'fdx');
    // RATE_LIMIT_PER_MINUTE per access token (the caller's ip without one), as FDX 1207 with HTTP 429.
    // The token is keyed by its digest: the limiter's store never holds a usable credential.
    const limit = sharedRateLimit(p.db, 'fdx', p.config.rateLimitPerMinute);
    if (limit) {
      await scope.register(rateLimit, {
        ...limit,
        keyGenerator: (req) => {
          const token = bearerToken(req);
          return token ? 'token:' + createHash('sha256').update(token).digest('base64url') : 'ip:' + req.ip;
        },
        errorResponseBuilder: (_req, ctx) => fdxErrors.tooManyRequests(`More than ${ctx.max} requests in a minute with this token: retry after ${retrySeconds(ctx)} seconds`),
      });
    }
    scope.route({ method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], url: '/*', schema: { hide: true }, handler: async (req) => {
      throw fdxErrors.dataNotFound(`No FDX endpoint ${req.method} ${req.url.split('?')[0]}`);
    } });

    const access = (req: FastifyRequest, need: DataScope) => fdx.access(bearerToken(req), need);
    const tags = ['Outbound FDX'];
    const doc = (summary: string) => ({ tags, summary, security: [{ bearer: [] }] });

    scope.get('/accounts', {
      schema: { ...doc('Accounts shared (resultType lightweight | details; accountIds; offset; limit)'), querystring: FdxQuery, response: { 200: FdxAccounts } },
    }, async (req) => fdx.accounts(await access(req, 'ACCOUNT_BASIC'), flat(req.query)));

    scope.get('/accounts/:accountId', {
      schema: { ...doc('One account (with balances and numbers when ACCOUNT_DETAILED was granted)'), params: AccountParam, querystring: FdxQuery, response: { 200: FdxAccount } },
    }, async (req) => fdx.account(await access(req, 'ACCOUNT_BASIC'), req.params.accountId));

    scope.get('/accounts/:accountId/transactions', {
      schema: {
        ...doc('Transactions of an account, newest first (startTime, endTime YYYY-MM-DD; offset; limit ≤ 1000)'),
        params: AccountParam, querystring: FdxQuery, response: { 200: FdxTransactions },
      },
    }, async (req) => fdx.transactions(await access(req, 'TRANSACTIONS'), req.params.accountId, flat(req.query)));

    scope.get('/accounts/:accountId/payment-networks', {
      schema: { ...doc('How to pay into or out of an account (offset; limit)'), params: AccountParam, querystring: FdxQuery, response: { 200: FdxPaymentNetworks } },
    }, async (req) => fdx.paymentNetworks(await access(req, 'ACCOUNT_PAYMENTS'), req.params.accountId, flat(req.query)));

    scope.get('/accounts/:accountId/contact', {
      schema: { ...doc('The holder of an account: name, emails, addresses, telephones'), params: AccountParam, querystring: FdxQuery, response: { 200: FdxContact } },
    }, async (req) => fdx.contact(await access(req, 'CUSTOMER_CONTACT'), req.params.accountId));

    scope.get('/customers/current', {
      schema: { ...doc('The person who gave the consent'), querystring: FdxQuery, response: { 200: FdxCustomer } },
    }, async (req) => fdx.customer(await access(req, 'CUSTOMER_PERSONAL')));

    scope.get('/accounts/:accountId/statements', {
      schema: { ...doc('Monthly statements of an account (startTime, endTime; offset; limit)'), params: AccountParam, querystring: FdxQuery, response: { 200: FdxStatements } },
    }, async (req) => fdx.statements(await access(req, 'STATEMENTS'), req.params.accountId, flat(req.query)));

    scope.get('/accounts/:accountId/statements/:statementId', {
      schema: { ...doc('One statement as a PDF document'), params: StatementParams, querystring: FdxQuery, response: { 200: PdfDocument } },
    }, async (req, reply) => {
      const { pdf, month } = await fdx.statement(await access(req, 'STATEMENTS'), req.params.accountId, req.params.statementId, headerValue(req, 'accept'));
      return reply.type('application/pdf').header('content-disposition', `inline; filename="statement-${month}.pdf"`).send(pdf);
    });
  }, { prefix: MOUNT + FDX_PATH });
}
