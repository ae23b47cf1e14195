/**
 * The /v3 surface (Connect, Enrich, Upload): one encapsulated fastify context that
 * owns the Flinks envelope for every error, the customer in the path, the
 * credentials each endpoint asks for, request normalising and rate limits.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import rateLimit from '@fastify/rate-limit';
import { z } from 'zod';
import { DB_RETRY_AFTER_SECONDS, isDbUnavailable } from '../db.ts';
import { ApiError } from '../errors.ts';
import { isGuid } from '../ids.ts';
import type { Tenant, Tenants } from '../tenants.ts';
import { flinksEnvelope, flinksErrors } from './flinks-errors.ts';
import { bindsKeys, normalizeKeys } from './normalize.ts';
import { retrySeconds, type SharedRateLimit } from './rate-limit.ts';
import { documentSurface, documented, type Security } from './openapi.ts';

/** Which credential an endpoint checks (docs.flinks.com/guides/connect/authentication-reference; docs/compatibility.md#credentials). */
export type V3Auth =
  | 'secret' //  flinks-auth-key = the secret key (GenerateAuthorizeToken), always required
  | 'apiKey' //  x-api-key on data endpoints, required when the customer's policy says so
  | 'bearer' //  Authorization: Bearer {secret} (GetNightlyRefreshStatus), per policy
  | 'none'; //   the product checks what it needs itself (Authorize checks its token)

declare module 'fastify' {
  interface FastifyRequest {
    tenant: Tenant;
  }
  interface FastifyContextConfig {
    auth?: V3Auth;
  }
}

/** The Flinks error envelope as /openapi.json documents it (flinksEnvelope writes it). */
export const FlinksErrorDoc = documented(
  z.object({
    HttpStatusCode: z.number().int(),
    Message: z.string(),
    FlinksCode: z.string().describe('docs.flinks.com/api/authorize/error-codes'),
    RequestId: z.string().optional().describe('The session, on an error of a login in progress'),
    Institution: z.string().optional().describe('The institution, on an error of a login in progress'),
  }).describe('A Flinks error: HttpStatusCode, Message, FlinksCode, and the members some codes add'),
  { examples: [{ HttpStatusCode: 401, Message: 'You must provide a valid x-api-key', FlinksCode: 'ACCESS_DENIED' }] },
);

/** The credentials each kind of endpoint takes, as /openapi.json names them. */
const V3_SECURITY: Record<V3Auth, Security> = {
  secret: [{ flinksAuthKey: [] }, { bearer: [] }],
  // Required only when the customer's policy says so; an authorize token may stand in.
  apiKey: [{ apiKey: [] }, { flinksAuthKey: [] }, {}],
  bearer: [{ bearer: [] }, {}],
  // The product checks what it needs itself (an authorize token where the policy requires one).
  none: [{}, { flinksAuthKey: [] }],
};

export interface V3Options {
  tenants: Tenants;
  /** Whether an authorize token (flinks-auth-key) may stand in for a required x-api-key. */
  tokenAuthorizesData: (tenant: Tenant, token: string) => Promise<boolean>;
  bodyLimitBytes: number;
  /** The shared request limit (platform/http/rate-limit.ts), or null when RATE_LIMIT_PER_MINUTE is 0. */
  rateLimit: SharedRateLimit | null;
  onInternalError: (err: unknown, req: FastifyRequest) => string;
  /** Called for each route a product declares, with the product's name (the request log's hook). */
  instrument?: (route: RouteOptions, product: string) => void;
}

/** A product's routes inside /v3, under its name. */
export interface V3Surface {
  name: string;
  register: (v3: FastifyInstance) => Promise<void>;
}

export function headerValue(req: FastifyRequest, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

export function bearerToken(req: FastifyRequest): string | undefined {
  const h = headerValue(req, 'authorization');
  const m = h ? /^Bearer\s+(.+)$/i.exec(h.trim()) : null;
  return m ? m[1]!.trim() : undefined;
}

/** Turns anything thrown inside /v3 into an ApiError; unknown errors become a logged 500 without details. */
function toFlinksError(err: unknown, req: FastifyRequest, opts: Pick<V3Options, 'bodyLimitBytes' | 'onInternalError'>): ApiError {
  if (err instanceof ApiError) return err;
  const e = err as FastifyError & { validation?: { instancePath?: string; message?: string; params?: unknown }[] };
  if (e.validation && e.validation.length > 0) {
    const v = e.validation[0]!;
    const where = (v.instancePath || '').replace(/^\//, '').replace(/\//g, '.');
    const context = (e as { validationContext?: string }).validationContext;
    const field = where ? `${where}` : context ?? 'body';
    return flinksErrors.invalidRequest({ detail: `${field}: ${v.message ?? 'is invalid'}` });
  }
  switch (e.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return flinksErrors.unsupportedMediaType({ type: headerValue(req, 'content-type') ?? '(none)' });
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return flinksErrors.payloadTooLarge({ limit: opts.bodyLimitBytes });
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return flinksErrors.malformedJson({ detail: e.message });
  }
  if (typeof e.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) {
    return flinksErrors.invalidRequest({ detail: e.message });
  }
  if (isDbUnavailable(err)) return flinksErrors.unavailable({ seconds: DB_RETRY_AFTER_SECONDS });
  return flinksErrors.internal({ id: opts.onInternalError(err, req) });
}

function sendError(reply: FastifyReply, err: ApiError): FastifyReply {
  if (err.status === 503) reply.header('retry-after', String(DB_RETRY_AFTER_SECONDS));
  return reply.code(err.status).type('application/json; charset=utf-8').send(flinksEnvelope(err));
}

/**
 * Registers the /v3 context; `products` add their routes inside it (without the
 * /v3 prefix: `/:customerId/BankingServices/...`), each in a child context of its own
 * so that its routes are known as its own (the request log records the product).
 */
export async function registerV3(app: FastifyInstance, opts: V3Options, products: V3Surface[]): Promise<void> {
  await app.register(
    async (v3) => {
      v3.decorateRequest('tenant', null as unknown as Tenant);

      // JSON as ASP.NET reads it: an empty body is no body, a malformed one is INVALID_REQUEST.
      v3.removeContentTypeParser(['application/json', 'text/plain']);
      v3.addContentTypeParser(['application/json', 'text/json', 'application/*+json'], { parseAs: 'string', bodyLimit: opts.bodyLimitBytes }, (_req, body, done) => {
        const text = (body as string).replace(/^\uFEFF/, '');
        if (text.trim() === '') return done(null, undefined);
        try {
          done(null, JSON.parse(text));
        } catch (err) {
          done(flinksErrors.malformedJson({ detail: (err as Error).message }), undefined);
        }
      });

      v3.setErrorHandler((err, req, reply) => sendError(reply, toFlinksError(err, req, opts)));
      v3.setNotFoundHandler((req, reply) => sendError(reply, flinksErrors.routeNotFound({ method: req.method, path: req.url.split('?')[0]! })));

      if (opts.rateLimit) {
        await v3.register(rateLimit, {
          ...opts.rateLimit,
          keyGenerator: (req) => String((req.params as Record<string, string>)?.customerId ?? req.ip).toLowerCase(),
          // Flinks documents TOO_MANY_REQUESTS with HTTP 401 (docs.flinks.com/api/authorize/error-codes).
          errorResponseBuilder: (_req, ctx) => flinksErrors.tooManyRequests({ seconds: retrySeconds(ctx) }),
        });
      }

      documentSurface(v3, { errors: { '4xx': FlinksErrorDoc, '5xx': FlinksErrorDoc }, security: (route) => V3_SECURITY[route.config?.auth ?? 'apiKey'] });

      // Each route gets its own hooks, with its credential kind and schemas in the closure:
      // reading request.routeOptions per request builds a new object every time.
      v3.addHook('onRoute', (route) => {
        const auth: V3Auth = route.config?.auth ?? 'apiKey';
        const schema = route.schema as { body?: z.ZodType; querystring?: z.ZodType } | undefined;
        // The customer in the path, then the credential the endpoint asks for.
        const admit = (req: FastifyRequest, tenant: Tenant | null, customerId: string) => {
          if (!tenant) throw flinksErrors.unknownCustomer({ customerId });
          req.tenant = tenant;
          checkCredential(req, tenant, auth, opts.tenants);
        };
        // Callback style: a cached customer is admitted without creating a promise.
        const authenticate = (req: FastifyRequest, _reply: FastifyReply, done: (err?: Error) => void) => {
          const customerId = (req.params as Record<string, string> | undefined)?.customerId ?? '';
          if (!isGuid(customerId)) return done(flinksErrors.unknownCustomer({ customerId }));
          const id = customerId.toLowerCase();
          const cached = opts.tenants.cached(id);
          if (cached !== undefined) {
            try {
              admit(req, cached, customerId);
              return done();
            } catch (err) {
              return done(err as Error);
            }
          }
          opts.tenants.find(id).then((tenant) => admit(req, tenant, customerId)).then(() => done(), (err: Error) => done(err));
        };
        // A data endpoint without the required x-api-key may still be called with an authorize
        // token of the customer (the widget's case); anything else keeps the key's refusal.
        const authenticateData = (req: FastifyRequest, reply: FastifyReply, done: (err?: Error) => void) => {
          authenticate(req, reply, (err?: Error) => {
            const token = headerValue(req, 'flinks-auth-key');
            if (!err || (err as ApiError).code !== 'ACCESS_DENIED' || !token || headerValue(req, 'x-api-key') !== undefined || !req.tenant) return done(err);
            opts.tokenAuthorizesData(req.tenant, token).then((ok) => done(ok ? undefined : err), () => done(err));
          });
        };
        route.onRequest = [...asList(route.onRequest), auth === 'apiKey' ? authenticateData : authenticate];
        if (schema?.body || schema?.querystring) {
          const normalize = async (req: FastifyRequest) => {
            // An absent body is an empty object to a bound schema; a body the product checks itself stays absent.
            if (schema.body && (req.body !== undefined || bindsKeys(schema.body))) req.body = normalizeKeys(req.body ?? {}, schema.body);
            if (schema.querystring) req.query = normalizeKeys(req.query ?? {}, schema.querystring);
          };
          route.preValidation = [...asList(route.preValidation), normalize];
        }
      });

      for (const product of products) {
        await v3.register(async (scope) => {
          const instrument = opts.instrument;
          if (instrument) scope.addHook('onRoute', (route) => instrument(route, product.name));
          await product.register(scope);
        });
      }
    },
    { prefix: '/v3' },
  );
}

function checkCredential(req: FastifyRequest, tenant: Tenant, auth: V3Auth, tenants: Tenants): void {
  switch (auth) {
    case 'secret':
      if (!tenants.secretMatches(tenant, headerValue(req, 'flinks-auth-key') ?? bearerToken(req))) throw flinksErrors.invalidAuthKey();
      return;
    case 'apiKey': {
      const key = headerValue(req, 'x-api-key');
      // A key that is sent must be right, even where the policy lets a call go without one.
      if (key !== undefined ? !tenants.apiKeyMatches(tenant, key) : tenant.policy.requireApiKey) throw flinksErrors.invalidApiKey();
      return;
    }
    case 'bearer': {
      const token = bearerToken(req);
      if (token !== undefined ? !tenants.secretMatches(tenant, token) : tenant.policy.requireBearerSecret) throw flinksErrors.invalidBearer();
      return;
    }
    case 'none':
      return;
  }
}

function asList<T>(x: T | T[] | undefined): T[] {
  return x === undefined ? [] : Array.isArray(x) ? x : [x];
}
