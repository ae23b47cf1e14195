/**
 * Assembles the HTTP server: health, metrics, the API reference generated from
 * the route schemas, the /v3 context, the operator API and each product's own surfaces.
 * It sits above http/ (the building blocks) and operator/ (which uses them), so that
 * neither folder imports the other back.
 */
import Fastify, { LogController, type FastifyBaseLogger, type FastifyInstance, type FastifyReply } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { serializerCompiler, validatorCompiler } from 'fastify-type-provider-zod';
import type { Platform, Product, Readiness } from './platform.ts';
import { registerMetrics } from './http/metrics.ts';
import { registerV3 } from './http/v3.ts';
import { settingsRoutes } from './http/settings.ts';
import { flinksEnvelope, flinksErrors } from './http/flinks-errors.ts';
import { installNulGuard } from './http/nul-guard.ts';
import { openapiTransform, openapiTransformObject } from './http/openapi.ts';
import { operatorRoutes } from './operator/routes.ts';
import { registerConsole } from './http/console.ts';
import { sharedRateLimit } from './http/rate-limit.ts';
import { DB_RETRY_AFTER_SECONDS, isDbUnavailable } from './db.ts';

/** The platform's own operations in /openapi.json, after the products'. */
const PLATFORM_TAGS = [
  { name: 'Settings', description: "A customer's own settings over the API: webhook URL and secret, the origins allowed to frame the widget, its credential policy. Authorised by the secret key." },
  { name: 'Webhooks', description: 'The webhook events sent to a customer (its outbox), and their redelivery.' },
  { name: 'Operator', description: 'Administering the customers (tenants) of this installation, with the operator key. Not a Flinks API.' },
];

/** How long /health waits for the database to answer before calling this replica unhealthy. */
const HEALTH_DB_TIMEOUT_MS = 3_000;

/**
 * Flinks clients hard-code endpoint names with stray spaces ("GetAccountsDetail "
 * in the C# SDK): trim encoded blanks at the end of every path segment.
 */
export function rewriteUrl(url: string): string {
  const q = url.indexOf('?');
  const path = q === -1 ? url : url.slice(0, q);
  if (!path.includes('%20') && !path.includes('//')) return url;
  const clean = path.replace(/(?:%20)+(?=\/|$)/g, '').replace(/\/{2,}/g, '/');
  return q === -1 ? clean : clean + url.slice(q);
}

export async function buildHttpServer(p: Platform, products: Product[], readiness: Readiness): Promise<FastifyInstance> {
  const app = Fastify({
    loggerInstance: p.log as unknown as FastifyBaseLogger,
    // Per-request lines cost throughput; latency lives in /metrics instead.
    logController: new LogController({ disableRequestLogging: true }),
    routerOptions: { caseSensitive: false, ignoreTrailingSlash: true, ignoreDuplicateSlashes: true },
    bodyLimit: p.config.bodyLimitBytes,
    rewriteUrl: (req) => rewriteUrl(req.url ?? '/'),
    // One logger for every request: a pino child per request costs more than the rest of a trivial route.
    childLoggerFactory: (logger) => logger,
    return503OnClosing: true,
    // Errors raised before routing (an undecodable URL): /v3 still answers in its envelope.
    frameworkErrors: (error, req, reply: FastifyReply) => {
      const detail = `The request could not be read: ${error.message}`;
      const v3 = (req.url ?? '').toLowerCase().startsWith('/v3');
      void reply.code(400).send(v3 ? flinksEnvelope(flinksErrors.invalidRequest({ detail })) : { status: 400, error: detail });
    },
    forceCloseConnections: 'idle',
    // avvio's default of 10 s counts wall time: on a busy host (two embedded databases migrating in
    // one process, whose WASM runs on the event loop) a healthy plugin was declared hung at start.
    pluginTimeout: 60_000,
  }) as unknown as FastifyInstance;
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  installNulGuard(app);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Maplelink API',
        version: '0.1.0',
        description: 'A self-hosted platform that speaks the Flinks API. Paths, fields and codes follow Flinks; see docs/compatibility.md.',
        license: { name: 'MIT', identifier: 'MIT' },
      },
      servers: [{ url: '/' }],
      // The products' tags in registration order (Connect first), then the platform's own.
      tags: [...products.flatMap((x) => x.tags ?? []), ...PLATFORM_TAGS],
      components: {
        securitySchemes: {
          flinksAuthKey: { type: 'apiKey', in: 'header', name: 'flinks-auth-key' },
          apiKey: { type: 'apiKey', in: 'header', name: 'x-api-key' },
          bearer: { type: 'http', scheme: 'bearer' },
          basic: { type: 'http', scheme: 'basic', description: 'Pay: base64(customerId:secretKey)' },
          payClientId: { type: 'apiKey', in: 'header', name: 'x-client-id', description: "Pay EFT V1: the customer's x-api-key" },
          operator: { type: 'http', scheme: 'bearer', description: 'The operator key: MAPLELINK_OPERATOR_KEY, or the one generated into DATA_DIR/operator.key' },
          operatorSession: { type: 'apiKey', in: 'cookie', name: 'maplelink_console', description: 'The operator console session (POST /operator/v1/session); every change made with it also sends its x-csrf-token header' },
        },
      },
    },
    transform: openapiTransform,
    transformObject: openapiTransformObject,
  });

  // Outside /v3 nobody expects the Flinks envelope: a plain JSON error, never a stack trace.
  app.setErrorHandler((err: { statusCode?: number; message?: string }, req, reply) => {
    if (isDbUnavailable(err)) {
      return reply.code(503).header('retry-after', String(DB_RETRY_AFTER_SECONDS)).send({ status: 503, error: 'Service Unavailable: the database cannot be reached; retry shortly' });
    }
    const status = typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 500;
    if (status === 500) internalError(err, req);
    return reply.code(status).send({ status, error: status === 500 ? 'Internal Server Error' : err.message });
  });

  registerMetrics(app, p.jobs, p.requestLog);
  app.get('/health', { schema: { hide: true } }, async (_req, reply) => {
    if (!readiness.ready) return reply.code(503).send({ status: 'starting' });
    // A replica that cannot reach the database cannot answer anything useful: out of the balancer until it can.
    if (!(await p.db.ping(HEALTH_DB_TIMEOUT_MS))) return reply.code(503).header('retry-after', String(DB_RETRY_AFTER_SECONDS)).send({ status: 'database unavailable' });
    return { status: 'ok' };
  });

  const internalError = (err: unknown, req: { id: string; method: string; url: string }) => {
    p.log.error({ err, reqId: req.id, method: req.method, url: req.url.split('?')[0] }, 'unhandled error');
    return req.id;
  };
  await registerV3(
    app,
    {
      tenants: p.tenants, tokenAuthorizesData: (t, token) => p.tokenAuthorizesData?.(t, token) ?? Promise.resolve(false), bodyLimitBytes: p.config.bodyLimitBytes,
      rateLimit: sharedRateLimit(p.db, 'v3', p.config.rateLimitPerMinute), onInternalError: internalError,
      // Every /v3 call goes to the request feed (REQUEST_LOG), under the product that declared its route.
      instrument: (route, product) => p.requestLog.instrument(route, product),
    },
    [
      { name: 'settings', register: (v3: FastifyInstance) => settingsRoutes(v3, p.tenants) },
      ...products.filter((x) => x.v3Routes !== undefined).map((x) => ({ name: x.name, register: (v3: FastifyInstance) => x.v3Routes!(v3, p) })),
    ],
  );
  for (const product of products) if (product.routes) await product.routes(app, p);
  await operatorRoutes(app, p, products, readiness);
  registerConsole(app);

  app.get('/openapi.json', { schema: { hide: true } }, async () => app.swagger());
  // The reference page's assets are served from disk on request: nothing of it stays in memory.
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list', deepLinking: true } });

  return app;
}
