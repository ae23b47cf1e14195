/**
 * FDX v5 under /outbound/api/fdx/5 (spec §5.8, §6): the accounts, transactions,
 * payment networks, contact, statements and customer a person shared, read with
 * the recipient's access token. Each endpoint checks its scope; a token whose
 * consent was revoked answers 401 with code 602; every answer carries
 * ob-correlation-id and ob-trace-id.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { retrySeconds, sharedRateLimit } from '../../platform/http/rate-limit.ts';
import type { Platform } from '../../platform/platform.ts';
import { ApiError } from '../../platform/errors.ts';
import { bearerToken, headerValue } from '../../platform/http/v3.ts';
import { isGuid, stableId } from '../../platform/ids.ts';
import { addDays } from '../../platform/clock.ts';
import { statementInput } from '../../connect/index.ts';
import type { AccountRow } from '../../connect/store.ts';
import { fdxBody, fdxErrors, UNAVAILABLE_MESSAGE } from '../errors.ts';
import { DB_RETRY_AFTER_SECONDS, isDbUnavailable } from '../../platform/db.ts';
import type { AuthServer } from '../oauth/server.ts';
import { FDX_PATH, MOUNT } from '../oauth/server.ts';
import type { ConsentRow, OutboundStore } from '../store.ts';
import type { DataScope } from '../scopes.ts';
import { FdxStore, type LoginFacts } from './store.ts';
import * as map from './mapper.ts';
import { pageInfo, pageOf, parseLimit, parseOffset, type Parsed } from './paging.ts';

interface Access {
  consent: ConsentRow;
  scopes: Set<string>;
  login: LoginFacts;
  /** Absolute base of this API as the client called it (for links). */
  base: string;
}

type Query = Record<string, string | undefined>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function validDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** startTime / endTime as YYYY-MM-DD (a full timestamp is cut to its date). */
export function dateRange(q: Query): Parsed<{ from: string | null; to: string | null }> {
  const read = (name: 'startTime' | 'endTime'): Parsed<string | null> => {
    const raw = q[name]?.trim();
    if (!raw) return { ok: true, value: null };
    const date = raw.length > 10 && /^\d{4}-\d{2}-\d{2}T/.test(raw) ? raw.slice(0, 10) : raw;
    return validDate(date) ? { ok: true, value: date } : { ok: false, reason: `${name} "${raw}" is not a date (YYYY-MM-DD)` };
  };
  const from = read('startTime');
  if (!from.ok) return from;
  const to = read('endTime');
  if (!to.ok) return to;
  if (from.value && to.value && from.value > to.value) return { ok: false, reason: 'range' };
  return { ok: true, value: { from: from.value, to: to.value } };
}

function must<T>(p: Parsed<T>): T {
  if (!p.ok) throw fdxErrors.invalidInput(p.reason);
  return p.value;
}

/** The paging and period of a list endpoint (startTime, endTime, offset, limit), or the FDX error. */
function listQuery(q: Query): { range: { from: string | null; to: string | null }; limit: number; offset: string | null } {
  const range = dateRange(q);
  if (!range.ok) throw range.reason === 'range' ? fdxErrors.invalidDateRange('startTime is after endTime') : fdxErrors.invalidDate(range.reason);
  return { range: range.value, limit: must(parseLimit(q.limit)), offset: must(parseOffset(q.offset)) };
}

export async function fdxRoutes(app: FastifyInstance, p: Platform, store: OutboundStore, server: AuthServer): Promise<void> {
  const fdx = new FdxStore(p.db);

  await app.register(async (scope) => {
    // Every answer, error or not, is traceable (Flinks sends these two on every error).
    scope.addHook('onRequest', async (req, reply) => {
      reply.header('ob-correlation-id', headerValue(req, 'ob-correlation-id') ?? headerValue(req, 'x-correlation-id') ?? randomUUID());
      reply.header('ob-trace-id', randomUUID());
      reply.header('cache-control', 'no-store');
    });
    scope.setErrorHandler((err: unknown, req, reply) => {
      let e: ApiError;
      if (err instanceof ApiError && /^\d+$/.test(err.code)) e = err;
      else if ((err as { statusCode?: number }).statusCode && (err as { statusCode: number }).statusCode < 500) e = fdxErrors.invalidInput((err as Error).message);
      else if (isDbUnavailable(err)) e = fdxErrors.unavailable(UNAVAILABLE_MESSAGE);
      else {
        p.log.error({ err, url: req.url.split('?')[0] }, 'unhandled FDX error');
        e = fdxErrors.internal('An unexpected error occurred');
      }
      if (e.status === 401) reply.header('www-authenticate', `Bearer error="invalid_token"`);
      if (e.status === 503) reply.header('retry-after', String(DB_RETRY_AFTER_SECONDS));
      return reply.code(e.status).type('application/json; charset=utf-8').send(fdxBody(e));
    });
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

    /** The token, its consent and the login behind it; `need`: the scope this endpoint requires. */
    const access = async (req: FastifyRequest, need: DataScope): Promise<Access> => {
      const token = await server.verify(bearerToken(req), 'fdx');
      if (!token) throw fdxErrors.unauthorized(bearerToken(req) ? 'The access token is invalid or has expired' : 'Send the access token as Authorization: Bearer {token}');
      const consent = token.consentId ? await store.consent(token.consentId) : null;
      if (!consent || consent.status !== 'active' || consent.client_id !== token.clientId) throw fdxErrors.customerNotAuthorized('The consent behind this token was revoked or has expired: the user must authorize again');
      if (!token.scopes.has(need)) throw fdxErrors.customerNotAuthorized(`The scope ${need} was not granted`);
      const login = await fdx.login(consent.customer_id, consent.login_id);
      if (!login) throw fdxErrors.customerNotAuthorized('The data behind this consent was deleted: the user must authorize again');
      return { consent, scopes: token.scopes, login, base: token.issuer + FDX_PATH };
    };

    /** The consented accounts, in the login's order; investment accounts only with INVESTMENTS. */
    const sharedAccounts = async (a: Access): Promise<AccountRow[]> => {
      const rows = await fdx.accounts(a.consent.customer_id, a.consent.login_id, a.consent.account_ids);
      return rows.filter((r) => map.classify(r).category !== 'INVESTMENT_ACCOUNT' || a.scopes.has('INVESTMENTS'));
    };

    const account = async (a: Access, rawId: string): Promise<AccountRow> => {
      const id = rawId.trim().toLowerCase();
      const found = isGuid(id) ? (await sharedAccounts(a)).find((r) => r.id === id) : undefined;
      if (!found) throw fdxErrors.accountNotFound(`Account ${rawId} is not one of the accounts shared with this recipient`);
      return found;
    };

    const accountJson = (a: Access, row: AccountRow, details: boolean) =>
      map.wrapAccount(row, details ? map.details(row, a.login.last_refresh) : map.descriptor(row));

    const params = (req: FastifyRequest) => req.params as Record<string, string>;
    const query = (req: FastifyRequest) => {
      const q: Query = {};
      for (const [k, v] of Object.entries((req.query ?? {}) as Record<string, unknown>)) q[k] = Array.isArray(v) ? String(v[0]) : v === undefined ? undefined : String(v);
      return q;
    };
    const tags = ['Outbound FDX'];
    const schema = (summary: string) => ({ tags, summary, security: [{ bearer: [] }] });

    scope.get('/accounts', { schema: schema('Accounts shared (resultType lightweight | details; accountIds; offset; limit)') }, async (req) => {
      const a = await access(req, 'ACCOUNT_BASIC');
      const q = query(req);
      const resultType = (q.resultType ?? 'lightweight').toLowerCase();
      if (resultType !== 'lightweight' && resultType !== 'details') throw fdxErrors.invalidInput(`resultType must be lightweight or details, got "${q.resultType}"`);
      if (resultType === 'details' && !a.scopes.has('ACCOUNT_DETAILED')) throw fdxErrors.customerNotAuthorized('The scope ACCOUNT_DETAILED was not granted (resultType=details)');
      const limit = must(parseLimit(q.limit));
      const offset = must(parseOffset(q.offset));
      let rows = await sharedAccounts(a);
      if (q.accountIds) {
        const wanted = new Set(q.accountIds.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean));
        rows = rows.filter((r) => wanted.has(r.id));
      }
      const page = must(pageOf(rows, (r) => r.id, offset, limit));
      return {
        ...pageInfo(`${a.base}/accounts`, q, limit, page.nextOffset, rows.length),
        accounts: page.items.map((r) => accountJson(a, r, resultType === 'details')),
      };
    });

    scope.get('/accounts/:accountId', { schema: schema('One account (with balances and numbers when ACCOUNT_DETAILED was granted)') }, async (req) => {
      const a = await access(req, 'ACCOUNT_BASIC');
      const row = await account(a, params(req).accountId!);
      return accountJson(a, row, a.scopes.has('ACCOUNT_DETAILED'));
    });

    scope.get('/accounts/:accountId/transactions', { schema: schema('Transactions of an account, newest first (startTime, endTime YYYY-MM-DD; offset; limit ≤ 1000)') }, async (req) => {
      const a = await access(req, 'TRANSACTIONS');
      const row = await account(a, params(req).accountId!);
      const q = query(req);
      const { range, limit, offset } = listQuery(q);
      const cid = a.consent.customer_id;
      const after = offset ? await fdx.cursor(cid, row.id, offset) : null;
      if (offset && !after) throw fdxErrors.invalidInput(`offset "${offset}" is not a cursor of this account`);
      const [rows, total] = await Promise.all([fdx.transactions(cid, row.id, range, after, limit), fdx.countTransactions(cid, row.id, range)]);
      const next = rows.length > limit ? rows[limit]!.id : null;
      const category = map.classify(row).category;
      return {
        ...pageInfo(`${a.base}/accounts/${row.id}/transactions`, q, limit, next, total),
        transactions: rows.slice(0, limit).map((t) => map.transaction(t, row.id, category)),
      };
    });

    scope.get('/accounts/:accountId/payment-networks', { schema: schema('How to pay into or out of an account (offset; limit)') }, async (req) => {
      const a = await access(req, 'ACCOUNT_PAYMENTS');
      const row = await account(a, params(req).accountId!);
      const q = query(req);
      const limit = must(parseLimit(q.limit));
      const offset = must(parseOffset(q.offset));
      const networks = map.paymentNetworks(row, a.login.country).map((n, i) => ({ id: stableId(row.id, 'payment-network', String(i)), n }));
      const page = must(pageOf(networks, (x) => x.id, offset, limit));
      return { ...pageInfo(`${a.base}/accounts/${row.id}/payment-networks`, q, limit, page.nextOffset, networks.length), paymentNetworks: page.items.map((x) => x.n) };
    });

    scope.get('/accounts/:accountId/contact', { schema: schema('The holder of an account: name, emails, addresses, telephones') }, async (req) => {
      const a = await access(req, 'CUSTOMER_CONTACT');
      await account(a, params(req).accountId!);
      const holder = await fdx.holder(a.consent.customer_id, a.consent.login_id);
      if (!holder) throw fdxErrors.dataNotFound('The provider sent no holder for this login');
      return map.contact(holder, a.login.login_type === 'Business');
    });

    scope.get('/customers/current', { schema: schema('The person who gave the consent') }, async (req) => {
      const a = await access(req, 'CUSTOMER_PERSONAL');
      const holder = await fdx.holder(a.consent.customer_id, a.consent.login_id);
      if (!holder) throw fdxErrors.customerNotFound('The provided customer was not found');
      const accounts = await sharedAccounts(a);
      return map.customer({
        subject: a.consent.subject, holder, business: a.login.login_type === 'Business', contact: a.scopes.has('CUSTOMER_CONTACT'),
        accountIds: accounts.map((r) => r.id), accountHref: (id) => `${a.base}/accounts/${id}`,
      });
    });

    // ---- statements ------------------------------------------------------------------

    /** The twelve monthly statements before the login's last refresh (Canada; none for US logins), newest first. */
    const statementsOf = async (a: Access, row: AccountRow) => {
      const asOf = a.login.last_refresh?.slice(0, 10);
      if (!asOf || a.login.country !== 'CA') return [];
      // The months Connect's GetStatements offers (Months12); pdfkit loads with the first statement, not at start.
      const { statementPeriods } = await import('../../connect/statements/pdf.ts');
      return statementPeriods(asOf, 12).map((period) => ({ statementId: stableId(row.id, 'statement', period.start), period }));
    };

    scope.get('/accounts/:accountId/statements', { schema: schema('Monthly statements of an account (startTime, endTime; offset; limit)') }, async (req) => {
      const a = await access(req, 'STATEMENTS');
      const row = await account(a, params(req).accountId!);
      const q = query(req);
      const { range, limit, offset } = listQuery(q);
      const all = (await statementsOf(a, row)).filter((s) => (!range.from || s.period.end >= range.from) && (!range.to || s.period.end <= range.to));
      const page = must(pageOf(all, (s) => s.statementId, offset, limit));
      return {
        ...pageInfo(`${a.base}/accounts/${row.id}/statements`, q, limit, page.nextOffset, all.length),
        statements: page.items.map((s) => ({
          accountId: row.id,
          statementId: s.statementId,
          statementDate: s.period.end,
          description: `Statement ${s.period.start.slice(0, 7)}`,
          links: [{ href: `${a.base}/accounts/${row.id}/statements/${s.statementId}`, action: 'GET', types: ['application/pdf'] }],
          status: 'AVAILABLE',
        })),
      };
    });

    scope.get('/accounts/:accountId/statements/:statementId', { schema: schema('One statement as a PDF document') }, async (req, reply: FastifyReply) => {
      const a = await access(req, 'STATEMENTS');
      const row = await account(a, params(req).accountId!);
      const accept = headerValue(req, 'accept');
      if (accept && !/application\/pdf|application\/\*|\*\/\*/i.test(accept)) throw fdxErrors.contentTypeNotSupported(`Statements are application/pdf; Accept was "${accept}"`);
      const wanted = params(req).statementId!.trim().toLowerCase();
      const s = (await statementsOf(a, row)).find((x) => x.statementId === wanted);
      if (!s) throw fdxErrors.statementNotFound(`Statement ${params(req).statementId} is not a statement of account ${row.id}`);
      const pdf = await renderStatement(fdx, a, row, s.period);
      return reply.type('application/pdf').header('content-disposition', `inline; filename="statement-${s.period.start.slice(0, 7)}.pdf"`).send(pdf);
    });
  }, { prefix: MOUNT + FDX_PATH });
}

async function renderStatement(fdx: FdxStore, a: Access, row: AccountRow, period: { start: string; end: string }): Promise<Buffer> {
  const { renderStatementPdf } = await import('../../connect/statements/pdf.ts');
  const [holder, before, within] = await Promise.all([
    fdx.holder(a.consent.customer_id, a.consent.login_id),
    fdx.transactionsBetween(a.consent.customer_id, row.id, addDays(period.start, -400), addDays(period.start, -1)),
    fdx.transactionsBetween(a.consent.customer_id, row.id, period.start, period.end),
  ]);
  // FDX counts every account that is not a deposit account as owed (loans, lines of credit, investments).
  const owed = map.classify(row).category !== 'DEPOSIT_ACCOUNT';
  return renderStatementPdf(statementInput({ login: a.login, holder, account: row, period, before, within, owed }));
}
