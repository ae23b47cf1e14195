/**
 * Outbound's error registry and its one error handler per wire surface. Each
 * surface answers in one shape, whatever went wrong:
 * - OAuth (token, revoke): `{"error","error_description"}` (RFC 6749 §5.2,
 *   docs.flinks.com/api/outbound/endpoints/authorize/errors); most come from
 *   oidc-provider itself, these are the few rules we add on top;
 * - management (recipients, providers): `{"message"}`, as Flinks answers
 *   `{"message":"Invalid Bearer Token"}` (docs.flinks.com/api/outbound/endpoints/data-receipts);
 * - FDX data: `{"code","message","debugMessage"}` with Flinks's numeric codes
 *   (docs.flinks.com/api/outbound/endpoints/fdx/fdx-errors);
 * - consent pages: an HTML page.
 *
 * The scope a route is registered in names its surface and installs
 * `outboundErrorHandler(surface)`: the surface, not the error, picks the shape,
 * so an error raised by shared code (the database, fastify itself) answers in
 * the shape its caller expects.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { z } from 'zod';
import { documentSurface, documented, type Security } from '../platform/http/openapi.ts';
import { ApiError } from '../platform/errors.ts';
import type { Platform } from '../platform/platform.ts';
import { DB_RETRY_AFTER_SECONDS, isDbUnavailable } from '../platform/db.ts';
import { errorPage } from './page.ts';

export type Surface = 'oauth' | 'management' | 'fdx' | 'consent';

/** A registry entry: a constructor that also tells its stable code and status (for listing the registry). */
export type ErrorEntry<A extends unknown[]> = ((...args: A) => ApiError) & { readonly status: number; readonly code: string };

function entry<A extends unknown[]>(status: number, code: string, make: (...args: A) => ApiError): ErrorEntry<A> {
  return Object.assign(make, { status, code });
}

const oauth = (status: number, code: string) => entry(status, code, (description: string) => new ApiError(status, code, description));

export const oauthErrors = {
  invalidRequest: oauth(400, 'invalid_request'),
  invalidScope: oauth(400, 'invalid_scope'),
  invalidToken: oauth(401, 'invalid_token'),
  // RFC 6749 §4.1.2.1; Flinks answers it with HTTP 503 (docs.flinks.com/api/outbound/endpoints/authorize/errors).
  temporarilyUnavailable: oauth(503, 'temporarily_unavailable'),
};

const management = (status: number, code: string) => entry(status, code, (message: string) => new ApiError(status, code, message));
const fixedManagement = (status: number, code: string, message: string) => entry(status, code, () => new ApiError(status, code, message));

export const managementErrors = {
  invalidBearerToken: fixedManagement(401, 'INVALID_BEARER_TOKEN', 'Invalid Bearer Token'),
  insufficientScope: fixedManagement(403, 'INSUFFICIENT_SCOPE', 'This endpoint needs a partner token (client_credentials with scope client:admin)'),
  invalidRequest: management(400, 'INVALID_REQUEST'),
  notFound: management(404, 'NOT_FOUND'),
  unavailable: management(503, 'UNAVAILABLE'),
};

/** What each Outbound surface says while the database is unavailable (with Retry-After). */
export const UNAVAILABLE_MESSAGE = `The service is temporarily unavailable; retry after ${DB_RETRY_AFTER_SECONDS} seconds`;

/** One FDX error: Flinks's code and message, and a developer-level detail. */
const fdx = (status: number, code: number, message: string) =>
  entry(status, String(code), (debugMessage: string) => new ApiError(status, String(code), message, { debugMessage }));

/** The FDX codes Flinks lists, plus FDX 1205 for a missing or invalid token and 1104/1108 for statements. */
export const fdxErrors = {
  invalidInput: fdx(400, 401, 'Invalid Input'),
  internal: fdx(500, 500, 'Internal server error'),
  // Flinks lists 503 "Scheduled maintenance" (HTTP 503) as the transient one to retry.
  unavailable: fdx(503, 503, 'Scheduled maintenance'),
  customerNotFound: fdx(404, 601, 'Customer not found'),
  customerNotAuthorized: fdx(401, 602, 'Customer not authorized'),
  accountNotFound: fdx(404, 701, 'Account not found'),
  invalidDate: fdx(400, 702, 'Invalid start or end date'),
  invalidDateRange: fdx(400, 703, 'Invalid date range'),
  accountTypeNotSupported: fdx(422, 704, 'Account type not supported'),
  statementNotFound: fdx(404, 1104, 'Statement id not found'),
  dataNotFound: fdx(404, 1107, 'Data not found for request parameters'),
  contentTypeNotSupported: fdx(406, 1203, 'Content type not supported'),
  unauthorized: fdx(401, 1205, 'Unauthorized'),
  tooManyRequests: fdx(429, 1207, 'Too many requests'),
};

/** Every registered error, by surface: each code appears once in its surface, with one status. */
export const OUTBOUND_ERRORS = { oauth: oauthErrors, management: managementErrors, fdx: fdxErrors } as const;

export function fdxBody(err: ApiError): { code: number; message: string; debugMessage: string } {
  const code = Number(err.code);
  return { code: Number.isFinite(code) ? code : 500, message: err.message, debugMessage: typeof err.extra.debugMessage === 'string' ? err.extra.debugMessage : err.message };
}

export function oauthBody(err: ApiError): { error: string; error_description: string } {
  return { error: err.code, error_description: err.message };
}

export function managementBody(err: ApiError): { message: string } {
  return { message: err.message };
}

/** What fastify and its plugins attach to the errors they raise (validation, body parsing, limits). */
interface FrameworkError {
  statusCode?: number;
  message?: string;
  validation?: { instancePath?: string; message?: string }[];
  validationContext?: string;
}

type Log = Platform['log'];
type Handler = (err: unknown, req: FastifyRequest, reply: FastifyReply) => FastifyReply;

const JSON_TYPE = 'application/json; charset=utf-8';
const HTML_TYPE = 'text/html; charset=utf-8';
const path = (req: FastifyRequest) => req.url.split('?')[0];

function sendOAuth(reply: FastifyReply, err: ApiError): FastifyReply {
  if (err.status === 401) reply.header('www-authenticate', `Bearer error="${err.code}"`);
  if (err.status === 503) reply.header('retry-after', String(DB_RETRY_AFTER_SECONDS));
  return reply.code(err.status).header('cache-control', 'no-store').type(JSON_TYPE).send(oauthBody(err));
}

function oauthHandler(): Handler {
  return (err, _req, reply) => {
    if (err instanceof ApiError) return sendOAuth(reply, err);
    if (isDbUnavailable(err)) return sendOAuth(reply, oauthErrors.temporarilyUnavailable(UNAVAILABLE_MESSAGE));
    // A body fastify could not read (too large, aborted): oidc-provider's own shape for it.
    const f = err as FrameworkError;
    const status = f.statusCode === 413 || f.statusCode === 503 ? f.statusCode : 400;
    const error = status === 503 ? oauthErrors.temporarilyUnavailable.code : oauthErrors.invalidRequest.code;
    return reply.code(status).type(JSON_TYPE).send({ error, error_description: f.message ?? 'The request could not be read' });
  };
}

function managementHandler(log: Log): Handler {
  return (err, req, reply) => {
    let e: ApiError;
    const f = err as FrameworkError;
    if (err instanceof ApiError) e = err;
    else if (f.validation?.length) {
      const v = f.validation[0]!;
      const where = (v.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.') || f.validationContext || 'body';
      e = managementErrors.invalidRequest(`${where}: ${v.message ?? 'is invalid'}`);
    } else if (f.statusCode && f.statusCode < 500) e = managementErrors.invalidRequest(f.message ?? 'The request could not be read');
    else if (isDbUnavailable(err)) e = managementErrors.unavailable(UNAVAILABLE_MESSAGE);
    else {
      log.error({ err, url: path(req) }, 'unhandled Outbound management error');
      return reply.code(500).send({ message: 'An unexpected error occurred' });
    }
    if (e.status === 503) reply.header('retry-after', String(DB_RETRY_AFTER_SECONDS));
    return reply.code(e.status).type(JSON_TYPE).send(managementBody(e));
  };
}

function fdxHandler(log: Log): Handler {
  return (err, req, reply) => {
    let e: ApiError;
    const f = err as FrameworkError;
    // Only FDX entries carry numeric codes; any other ApiError here is a fault of ours.
    if (err instanceof ApiError && /^\d+$/.test(err.code)) e = err;
    else if (f.statusCode && f.statusCode < 500) e = fdxErrors.invalidInput((err as Error).message);
    else if (isDbUnavailable(err)) e = fdxErrors.unavailable(UNAVAILABLE_MESSAGE);
    else {
      log.error({ err, url: path(req) }, 'unhandled FDX error');
      e = fdxErrors.internal('An unexpected error occurred');
    }
    if (e.status === 401) reply.header('www-authenticate', `Bearer error="invalid_token"`);
    if (e.status === 503) reply.header('retry-after', String(DB_RETRY_AFTER_SECONDS));
    return reply.code(e.status).type(JSON_TYPE).send(fdxBody(e));
  };
}

function consentHandler(log: Log): Handler {
  return (err, req, reply) => {
    if (isDbUnavailable(err)) {
      return reply.code(503).header('retry-after', String(DB_RETRY_AFTER_SECONDS)).type(HTML_TYPE)
        .send(errorPage({ title: 'Temporarily unavailable', message: 'The service cannot be reached right now. Wait a few seconds, then reload this page.' }));
    }
    const f = err as FrameworkError;
    const status = f.statusCode && f.statusCode < 500 ? f.statusCode : 500;
    if (status === 500) log.error({ err, url: path(req) }, 'unhandled consent page error');
    return reply.code(status).type(HTML_TYPE).send(errorPage({
      title: status === 500 ? 'Something went wrong' : 'This request cannot be read',
      message: status === 500 ? 'The page could not be shown. Go back to the application and try again.' : f.message ?? 'Bad request',
    }));
  };
}

/** The error handler of one surface: every error its routes raise answers in that surface's shape. */
export function outboundErrorHandler(surface: Surface, log: Log): Handler {
  switch (surface) {
    case 'oauth':
      return oauthHandler();
    case 'management':
      return managementHandler(log);
    case 'fdx':
      return fdxHandler(log);
    case 'consent':
      return consentHandler(log);
  }
}

/** Each JSON surface's error answers and credentials, as /openapi.json documents them. */
const OUTBOUND_DOCS: Record<Exclude<Surface, 'consent'>, { error: z.ZodType; security: Security }> = {
  oauth: {
    error: documented(z.object({ error: z.string().describe('RFC 6749 section 5.2'), error_description: z.string() }).describe('An OAuth error'), {
      examples: [{ error: 'invalid_grant', error_description: 'grant request is invalid' }],
    }),
    // The client authenticates in the body (client_id, client_secret) or with HTTP Basic.
    security: [{}, { basic: [] }],
  },
  management: {
    error: documented(z.object({ message: z.string() }).describe('A management error'), { examples: [{ message: 'Invalid Bearer Token' }] }),
    security: [{ bearer: [] }],
  },
  fdx: {
    error: documented(z.object({ code: z.number().int().describe('docs.flinks.com/api/outbound/endpoints/fdx/fdx-errors'), message: z.string(), debugMessage: z.string() }).describe('An FDX error'), {
      examples: [{ code: 701, message: 'Account not found', debugMessage: 'No account 1234 under this consent' }],
    }),
    security: [{ bearer: [] }],
  },
};

/** Documents a JSON surface's errors and credentials on the routes registered after it in `scope`. */
export function documentOutboundSurface(scope: FastifyInstance, surface: Exclude<Surface, 'consent'>): void {
  const doc = OUTBOUND_DOCS[surface];
  documentSurface(scope, { errors: { '4xx': doc.error, '5xx': doc.error }, security: doc.security });
}
