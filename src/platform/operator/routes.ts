/**
 * The operator API, /operator/v1: what `maplelink tenant ...` calls on a running server
 * (so it never opens an embedded directory the server holds). Authenticated by the
 * operator key (Authorization: Bearer), compared in constant time; wrong keys are
 * counted per client address in the shared rate_limits table, and after
 * FAILURES_ALLOWED in a minute that address is refused with 429 until the minute ends.
 * Every error has one shape: { status, code, error }.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Db } from '../db.ts';
import type { Platform, Product, Readiness } from '../platform.ts';
import { bearerToken } from '../http/v3.ts';
import { postgresRateLimitStore } from '../http/rate-limit.ts';
import { OperatorFailure, operatorErrors } from './errors.ts';
import { CreateCustomer, CreatedCustomer, CustomerAdmin, CustomerView, DeletedCustomer, RotateSecret, RotatedKeys } from './customers.ts';

const OPERATOR_PREFIX = '/operator/v1';
const FAILURES_ALLOWED = 10;
const FAILURE_WINDOW_MS = 60_000;
const NAMESPACE = 'operator-auth';

const notFound = (id: string) => new OperatorFailure(404, 'customer_not_found', `no customer ${id}`);

/** Wrong keys per client address, in the table every replica shares (counted by the shared limits' store). */
class FailedAttempts {
  private readonly store: InstanceType<ReturnType<typeof postgresRateLimitStore>>;
  constructor(private readonly db: Db) {
    const Store = postgresRateLimitStore(db, NAMESPACE);
    this.store = new Store();
  }
  /** Seconds until the address may try again, or 0. */
  async blockedFor(ip: string): Promise<number> {
    const rows = await this.db.query<{ hits: number; ttl: number }>(
      `select hits, ceil(extract(epoch from (window_ends - now())))::integer as ttl from rate_limits where key = $1 and window_ends > now()`,
      [`${NAMESPACE}:${ip}`],
    );
    const r = rows[0];
    return r && r.hits >= FAILURES_ALLOWED ? Math.max(1, r.ttl) : 0;
  }
  count(ip: string): Promise<void> {
    return new Promise((resolve, reject) => this.store.incr(ip, (err) => (err ? reject(err) : resolve()), FAILURE_WINDOW_MS, FAILURES_ALLOWED));
  }
}

export async function operatorRoutes(app: FastifyInstance, p: Platform, products: Product[], readiness: Readiness): Promise<void> {
  const admin = new CustomerAdmin(p.db, p.tenants, products.flatMap((x) => (x.customerData ? [x.customerData] : [])));
  const attempts = new FailedAttempts(p.db);
  const send = (reply: FastifyReply, f: OperatorFailure) =>
    reply.code(f.status).headers(f.headers).send({ status: f.status, code: f.code, error: f.message });

  await app.register(
    async (op) => {
      op.setErrorHandler((err: FastifyError & { validation?: unknown[] }, req, reply) => {
        if (err instanceof OperatorFailure) return send(reply, err);
        if (err.validation || (typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500)) {
          return send(reply, new OperatorFailure(err.statusCode && err.statusCode !== 500 ? err.statusCode : 400, 'invalid_request', err.message));
        }
        p.log.error({ err, method: req.method, url: req.url.split('?')[0] }, 'operator API error');
        return send(reply, new OperatorFailure(500, 'internal_error', 'Internal Server Error'));
      });
      op.setNotFoundHandler((req, reply) => send(reply, new OperatorFailure(404, 'not_found', `no operator endpoint ${req.method} ${req.url.split('?')[0]}`)));
      op.addHook('onRequest', async (req: FastifyRequest) => {
        // Before migrations finish the tables may not exist: the CLI retries on 503.
        if (!readiness.ready) throw new OperatorFailure(503, 'starting', 'Maplelink is starting', { 'retry-after': '1' });
        const wait = await attempts.blockedFor(req.ip);
        if (wait > 0) throw new OperatorFailure(429, 'too_many_attempts', `too many wrong operator keys from ${req.ip}; try again in ${wait} s`, { 'retry-after': String(wait) });
        if (!(await p.operatorKey.matches(bearerToken(req)))) {
          await attempts.count(req.ip);
          throw new OperatorFailure(401, 'unauthorized', 'a valid operator key is required: Authorization: Bearer <MAPLELINK_OPERATOR_KEY or DATA_DIR/operator.key>', { 'www-authenticate': 'Bearer realm="operator"' });
        }
      });

      const tags = ['Operator'];
      const security = [{ operator: [] }];
      const errors = operatorErrors;
      const params = z.object({ customerId: z.string() });

      op.post('/customers', {
        schema: { tags, security, summary: 'Create a customer; its secret key and x-api-key are answered once', body: CreateCustomer, response: { 201: CreatedCustomer, ...errors } },
      }, async (req, reply) => reply.code(201).send(await admin.create(req.body as CreateCustomer)));

      op.get('/customers', {
        schema: { tags, security, summary: 'Every customer', response: { 200: z.object({ customers: z.array(CustomerView) }), ...errors } },
      }, async () => ({ customers: await admin.list() }));

      op.get('/customers/:customerId', {
        schema: { tags, security, summary: 'One customer', params, response: { 200: CustomerView, ...errors } },
      }, async (req) => {
        const { customerId } = req.params as z.infer<typeof params>;
        return (await admin.show(customerId)) ?? Promise.reject(notFound(customerId));
      });

      op.post('/customers/:customerId/rotate-secret', {
        schema: {
          tags, security, params, body: RotateSecret.optional(), response: { 200: RotatedKeys, ...errors },
          summary: 'A new secret key (and x-api-key with apiKey: true), answered once; the old one stops working, and unused authorize tokens and Pay access tokens obtained with it are revoked',
        },
      }, async (req) => {
        const { customerId } = req.params as z.infer<typeof params>;
        const body = (req.body ?? {}) as z.infer<typeof RotateSecret>;
        return (await admin.rotateSecret(customerId, { apiKey: body.apiKey })) ?? Promise.reject(notFound(customerId));
      });

      const confirm = z.object({ confirm: z.string().optional() });
      op.delete('/customers/:customerId', {
        schema: {
          tags, security, params, querystring: confirm, response: { 200: DeletedCustomer, ...errors },
          summary: 'Delete a customer and every row it owns, in one transaction; `confirm` must repeat the customerId',
        },
      }, async (req) => {
        const { customerId } = req.params as z.infer<typeof params>;
        if ((req.query as z.infer<typeof confirm>).confirm?.toLowerCase() !== customerId.toLowerCase()) {
          throw new OperatorFailure(400, 'confirmation_required', 'deleting a customer needs ?confirm=<customerId> (the CLI: --yes)');
        }
        return (await admin.delete(customerId)) ?? Promise.reject(notFound(customerId));
      });

      for (const product of products) await product.operatorRoutes?.(op, p);
    },
    { prefix: OPERATOR_PREFIX },
  );
}
