/**
 * The operator API, /operator/v1: what `maplelink tenant ...` and the operator console call on a
 * running server (so the CLI never opens an embedded directory the server holds). Authenticated by
 * the operator key (Authorization: Bearer), compared in constant time, or by a console session
 * (the `maplelink_console` cookie that POST /session sets, operator/session.ts), with which every
 * change must carry the session's `x-csrf-token`. Wrong keys (Bearer or sign-in) are counted per
 * client address in the shared rate_limits table, and after FAILURES_ALLOWED in a minute that
 * address is refused with 429 until the minute ends. Every error has one shape: { status, code, error }.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import { z } from 'zod';
import type { Db } from '../db.ts';
import type { Platform, Product, Readiness } from '../platform.ts';
import { bearerToken } from '../http/v3.ts';
import { postgresRateLimitStore } from '../http/rate-limit.ts';
import { OperatorFailure, operatorErrors, operatorSecurity } from './errors.ts';
import { ConsoleSessions, CSRF_HEADER, SESSION_COOKIE, cookieValue, sessionCookie, type ConsoleSession } from './session.ts';
import { secretMatches, hashSecret } from '../crypto.ts';
import { allowedOriginsSchema, webhookSecretSchema, webhookUrlSchema } from '../http/settings.ts';
import { requestFeedRoutes } from './requests.ts';
import { operatorWebhookRoutes } from './webhooks.ts';
import { CreateCustomer, CreatedCustomer, CustomerAdmin, CustomerView, DeletedCustomer, RotateSecret, RotatedKeys } from './customers.ts';

const OPERATOR_PREFIX = '/operator/v1';
const FAILURES_ALLOWED = 10;
const FAILURE_WINDOW_MS = 60_000;
const NAMESPACE = 'operator-auth';

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** The presented CSRF token against the session's, in constant time (both hashed to one length). */
function tokenMatches(presented: string | string[] | undefined, expected: string): boolean {
  return typeof presented === 'string' && presented.length > 0 && secretMatches(presented, hashSecret(expected));
}

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
  const sessions = new ConsoleSessions(p.db, p.config.consoleSessionSeconds);
  const sessionOf = new WeakMap<FastifyRequest, ConsoleSession & { id: string }>();
  /** The key, compared in constant time; a wrong one counts against the address, which may already be refused. */
  const checkKey = async (req: FastifyRequest, presented: string | undefined) => {
    const wait = await attempts.blockedFor(req.ip);
    if (wait > 0) throw new OperatorFailure(429, 'too_many_attempts', `too many wrong operator keys from ${req.ip}; try again in ${wait} s`, { 'retry-after': String(wait) });
    if (!(await p.operatorKey.matches(presented))) {
      await attempts.count(req.ip);
      throw new OperatorFailure(401, 'unauthorized', 'a valid operator key is required: Authorization: Bearer <MAPLELINK_OPERATOR_KEY or DATA_DIR/operator.key>', { 'www-authenticate': 'Bearer realm="operator"' });
    }
  };
  // Secure when the console is reached over HTTPS: this connection, or the public address behind a TLS proxy.
  const secureCookie = (req: FastifyRequest) => req.protocol === 'https' || /^https:/i.test(p.config.publicUrl ?? '');
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
      // Every documented route of the scope (the products' too) takes the key or the session, and may answer 403 (CSRF).
      op.addHook('onRoute', (route: RouteOptions) => {
        const schema = route.schema as { hide?: boolean; security?: unknown[]; response?: Record<string, unknown> } | undefined;
        if (!schema || schema.hide) return;
        schema.response = { ...operatorErrors, ...schema.response };
        if ((route.config as { operatorAuth?: string } | undefined)?.operatorAuth !== 'sign-in') schema.security = operatorSecurity;
      });
      op.addHook('onRequest', async (req: FastifyRequest) => {
        // Before migrations finish the tables may not exist: the CLI retries on 503.
        if (!readiness.ready) throw new OperatorFailure(503, 'starting', 'Maplelink is starting', { 'retry-after': '1' });
        // Signing in checks the key itself (in its body), counted as the Bearer path counts.
        if ((req.routeOptions.config as { operatorAuth?: string }).operatorAuth === 'sign-in') return;
        const bearer = bearerToken(req);
        const cookie = bearer === undefined ? cookieValue(req.headers.cookie, SESSION_COOKIE) : undefined;
        if (cookie !== undefined) {
          const session = await sessions.find(cookie);
          if (!session) throw new OperatorFailure(401, 'unauthorized', 'the console session has expired or was signed out: sign in again');
          // The cookie goes with any request the browser makes; the token only with those our page makes.
          if (!SAFE_METHODS.has(req.method) && !tokenMatches(req.headers[CSRF_HEADER], session.csrfToken)) {
            throw new OperatorFailure(403, 'csrf', `a change made with the console session needs its ${CSRF_HEADER} header`);
          }
          sessionOf.set(req, { ...session, id: cookie });
          return;
        }
        await checkKey(req, bearer);
      });
      const tags = ['Operator'];
      const security = operatorSecurity;
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
        // The request log's buffered rows of this customer go in first, so the deletion takes them too.
        await p.requestLog.flush();
        return (await admin.delete(customerId)) ?? Promise.reject(notFound(customerId));
      });

      const SignIn = z.object({ key: z.string().min(1).max(500).describe('The operator key') });
      const SessionAnswer = z.object({
        csrfToken: z.string().describe('Send it back as the x-csrf-token header on every change made with the session cookie'),
        expiresAt: z.string().describe('When the session ends (ISO 8601); sign in again after'),
      });
      op.post('/session', {
        config: { operatorAuth: 'sign-in' },
        schema: {
          tags, security: [], body: SignIn, response: { 200: SessionAnswer, ...errors },
          summary: 'Sign in to the console with the operator key: sets the maplelink_console session cookie (HttpOnly, SameSite=Strict, Secure over HTTPS); wrong keys count as on the Bearer path',
        },
      }, async (req, reply) => {
        await checkKey(req, (req.body as z.infer<typeof SignIn>).key);
        const s = await sessions.create();
        reply.header('set-cookie', sessionCookie(s.id, sessions.lifetimeSeconds, secureCookie(req)));
        return { csrfToken: s.csrfToken, expiresAt: s.expiresAt };
      });
      const noSession = () => new OperatorFailure(401, 'unauthorized', 'no console session: sign in with POST /operator/v1/session');
      op.get('/session', {
        schema: { tags, security, summary: "The console session of the cookie: its CSRF token and expiry", response: { 200: SessionAnswer, ...errors } },
      }, async (req) => {
        const s = sessionOf.get(req);
        if (!s) throw noSession();
        return { csrfToken: s.csrfToken, expiresAt: s.expiresAt };
      });
      op.delete('/session', {
        schema: { tags, security, summary: 'Sign out of the console: the session ends on every replica and its cookie is removed', response: { 200: z.object({ signedOut: z.boolean() }), ...errors } },
      }, async (req, reply) => {
        const s = sessionOf.get(req);
        await sessions.delete(s?.id);
        reply.header('set-cookie', sessionCookie('', 0, secureCookie(req)));
        return { signedOut: s !== undefined };
      });

      const CustomerSettings = z.object({
        webhookUrl: webhookUrlSchema.nullable().optional().describe('Where webhooks go; null stops them'),
        webhookSecret: webhookSecretSchema.nullable().optional().describe('What webhooks are signed with; never answered back'),
        allowedOrigins: allowedOriginsSchema.optional().describe('Origins that may frame the widget and the Pay app (* for any)'),
        requireAuthorizeToken: z.boolean().optional(),
        requireApiKey: z.boolean().optional(),
        requireBearerSecret: z.boolean().optional(),
      });
      op.patch('/customers/:customerId/settings', {
        schema: {
          tags, security, params, body: CustomerSettings, response: { 200: CustomerView, ...errors },
          summary: "Change a customer's webhook URL and secret, allowed origins and credential policy (what PATCH /v3/{customerId}/settings does with the secret key)",
        },
      }, async (req) => {
        const { customerId } = req.params as z.infer<typeof params>;
        const b = req.body as z.infer<typeof CustomerSettings>;
        if (!(await admin.show(customerId))) throw notFound(customerId);
        const policy = {
          ...(b.requireAuthorizeToken !== undefined ? { requireAuthorizeToken: b.requireAuthorizeToken } : {}),
          ...(b.requireApiKey !== undefined ? { requireApiKey: b.requireApiKey } : {}),
          ...(b.requireBearerSecret !== undefined ? { requireBearerSecret: b.requireBearerSecret } : {}),
        };
        await p.tenants.update(customerId.toLowerCase(), { policy, webhookUrl: b.webhookUrl, webhookSecret: b.webhookSecret, allowedOrigins: b.allowedOrigins });
        return (await admin.show(customerId)) ?? Promise.reject(notFound(customerId));
      });

      await requestFeedRoutes(op, p.requestLog);

      operatorWebhookRoutes(op, p);
      for (const product of products) await product.operatorRoutes?.(op, p);
    },
    { prefix: OPERATOR_PREFIX },
  );
}
