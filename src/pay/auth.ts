/**
 * Pay authentication (docs.flinks.com/api/pay/endpoints/authorize/authorize; the x-client-id
 * header of docs.flinks.com/api/pay/endpoints/eft).
 *
 *   POST /pay/api/v1/authorize   HTTP Basic base64(customerId:secretKey) + form
 *                                `grant_type=client_credentials` ->
 *                                {access_token, token_type: "bearer", expires_in}
 *
 * Tokens are random GUIDs (the shape Flinks hands out); only their SHA-256
 * digest is stored, in pay_access_tokens, so every process sharing the
 * database accepts a token any of them issued and a restart forgets none.
 * Routes then ask for `Authorization: Bearer` (sessions, e-Transfer) through
 * `requirePayBearer`, or for EFT V1's `x-client-id` (the customer's x-api-key)
 * through `requirePayClientId`, which also takes a Bearer token because the docs
 * show both on those endpoints.
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest, preHandlerAsyncHookHandler } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Queryable } from '../platform/db.ts';
import type { Platform } from '../platform/platform.ts';
import type { Tenant } from '../platform/tenants.ts';
import { hashSecret } from '../platform/crypto.ts';
import { isGuid } from '../platform/ids.ts';
import { installPayErrorHandler, payErrors, sendProblem } from './errors.ts';
import { loadPayConfig } from './config.ts';
import { accepts } from '../platform/http/openapi.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** The Pay customer the request authenticated as (set by requirePayBearer / requirePayClientId). */
    payCustomerId: string;
    /** The same customer with its settings (webhook URL, ...). */
    payTenant: Tenant;
  }
}

function header(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

/** The Basic credentials of a request, or null. */
export function basicCredentials(req: FastifyRequest): { id: string; secret: string } | null {
  const h = header(req, 'authorization');
  const m = h ? /^Basic\s+([A-Za-z0-9+/=_-]+)\s*$/i.exec(h.trim()) : null;
  if (!m) return null;
  const text = Buffer.from(m[1]!, 'base64').toString('utf8');
  const colon = text.indexOf(':');
  if (colon <= 0) return null;
  return { id: text.slice(0, colon).trim(), secret: text.slice(colon + 1).trim() };
}

export function bearer(req: FastifyRequest): string | undefined {
  const h = header(req, 'authorization');
  const m = h ? /^Bearer\s+(\S+)\s*$/i.exec(h.trim()) : null;
  return m ? m[1] : undefined;
}

/** Forgets every token of a customer (its secret key was rotated: tokens obtained with the old one go with it). */
export async function revokePayTokens(q: Queryable, customerId: string): Promise<void> {
  await q.query('delete from pay_access_tokens where customer_id = $1', [customerId]);
}

/** Issues a token for a customer: stored as a digest, valid `lifetimeSeconds` on the platform clock. */
export async function issuePayToken(p: Platform, customerId: string, lifetimeSeconds: number): Promise<{ access_token: string; token_type: 'bearer'; expires_in: number }> {
  const token = randomUUID();
  const now = p.clock.now();
  await p.db.query(
    'insert into pay_access_tokens (token_hash, customer_id, expires_at, created_at) values ($1, $2, $3, $4)',
    [hashSecret(token), customerId, new Date(now.getTime() + lifetimeSeconds * 1000), now],
  );
  // Keep the table small: a customer's tokens that expired a day ago are of no use to anyone.
  await p.db.query('delete from pay_access_tokens where customer_id = $1 and expires_at < $2', [customerId, new Date(now.getTime() - 86_400_000)]);
  return { access_token: token, token_type: 'bearer', expires_in: lifetimeSeconds };
}

/** The customer a Bearer token belongs to, or null when unknown or expired. */
export async function customerOfToken(p: Platform, token: string): Promise<Tenant | null> {
  if (token.length > 200) return null;
  const rows = await p.db.query<{ customer_id: string }>(
    'select customer_id from pay_access_tokens where token_hash = $1 and expires_at > $2',
    [hashSecret(token), p.clock.now()],
  );
  return rows[0] ? p.tenants.find(rows[0].customer_id) : null;
}

/** The customer whose x-api-key this is, or null. Keys are stored as digests, so the digest is the lookup key. */
export async function customerOfApiKey(p: Platform, apiKey: string): Promise<Tenant | null> {
  if (apiKey.length === 0 || apiKey.length > 200) return null;
  const rows = await p.db.query<{ id: string }>('select id from customers where api_key_hash = $1 limit 1', [hashSecret(apiKey)]);
  return rows[0] ? p.tenants.find(rows[0].id) : null;
}

const AuthorizeBody = z.object({
  grant_type: z.string().optional(),
  client_id: z.string().optional(),
  client_secret: z.string().optional(),
}).passthrough();

/** Registers POST /pay/api/v1/authorize in its own context (form bodies are parsed only there). */
export function registerPayAuthRoutes(app: FastifyInstance, platform: Platform): void {
  const config = loadPayConfig();
  void app.register(async (plain) => {
    installPayErrorHandler(plain);
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string', bodyLimit: 64 * 1024 }, (_req, body, done) => {
      done(null, Object.fromEntries(new URLSearchParams(body as string)));
    });
    scope.post('/pay/api/v1/authorize', {
      schema: {
        tags: ['Pay'],
        // HTTP Basic, or the client's id and secret in the body (RFC 6749 §2.3.1).
        security: [{ basic: [] }, {}],
        summary: 'Get a Bearer token: HTTP Basic base64(customerId:secretKey) and grant_type=client_credentials',
        consumes: ['application/x-www-form-urlencoded', 'application/json'],
        // Read by the handler (a grant_type that is not a string still means client credentials).
        body: z.any().describe('grant_type=client_credentials, optionally client_id and client_secret (RFC 6749 §2.3.1)'),
        // https://docs.flinks.com/api/pay/endpoints/authorize/authorize
        response: { 200: z.looseObject({ access_token: z.string(), token_type: z.literal('bearer'), expires_in: z.number() }).meta({ examples: [{ access_token: '84002b62-a47e-45a6-97dd-306a8f9721d7', token_type: 'bearer', expires_in: 299 }] }) },
      },
    }, async (req) => {
      const parsed = AuthorizeBody.safeParse(req.body ?? {});
      const body = parsed.success ? parsed.data : {};
      // grant_type is the one body field; clients that forget it still mean client credentials.
      const grant = body.grant_type ?? 'client_credentials';
      if (grant !== 'client_credentials') throw payErrors.unsupportedGrant(grant);
      // OAuth also lets a client send its credentials in the body (RFC 6749 §2.3.1).
      const creds = basicCredentials(req) ?? (body.client_id && body.client_secret ? { id: body.client_id, secret: body.client_secret } : null);
      if (!creds || !isGuid(creds.id)) throw payErrors.invalidClient();
      const tenant = await platform.tenants.find(creds.id.toLowerCase());
      if (!tenant || !platform.tenants.secretMatches(tenant, creds.secret)) throw payErrors.invalidClient();
      return issuePayToken(platform, tenant.id, config.tokenSeconds);
    });
  });
}

function admit(req: FastifyRequest, tenant: Tenant): void {
  req.payCustomerId = tenant.id;
  req.payTenant = tenant;
}

/** A preHandler for routes that need `Authorization: Bearer {access_token}`; answers 401 ProblemDetails otherwise. */
export function requirePayBearer(platform: Platform): preHandlerAsyncHookHandler {
  return accepts(async function payBearer(req: FastifyRequest, reply: FastifyReply) {
    const token = bearer(req);
    const tenant = token ? await customerOfToken(platform, token) : null;
    if (!tenant) return sendProblem(reply, payErrors.invalidBearer());
    admit(req, tenant);
  }, [{ bearer: [] }]);
}

/**
 * A preHandler for EFT V1 routes: `x-client-id` (the customer's x-api-key), or
 * `x-api-key` (the GEFT setup guide's header), or a Bearer token.
 */
export function requirePayClientId(platform: Platform): preHandlerAsyncHookHandler {
  return accepts(async function payClientId(req: FastifyRequest, reply: FastifyReply) {
    const key = header(req, 'x-client-id') ?? header(req, 'x-api-key');
    const token = bearer(req);
    let tenant: Tenant | null = null;
    if (key !== undefined) tenant = await customerOfApiKey(platform, key.trim());
    if (!tenant && token) tenant = await customerOfToken(platform, token);
    if (!tenant) return sendProblem(reply, key !== undefined || !token ? payErrors.invalidClientId() : payErrors.invalidBearer());
    admit(req, tenant);
  }, [{ payClientId: [] }, { apiKey: [] }, { bearer: [] }]);
}
