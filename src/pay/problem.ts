/**
 * Pay's error shape: RFC 7807 ProblemDetails, as the Flinks Pay API (an ASP.NET
 * service) answers it: `{type, title, status, detail}` with
 * `application/problem+json`, `type` being the RFC 7231 section of the status
 * (spec/pay-outbound.md §0.2). One registry for every Pay error (`payErrors`),
 * one error handler (`installPayErrorHandler`) for every Pay context, so EFT V1,
 * sessions and e-Transfer all answer alike.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../platform/errors.ts';
import { DB_RETRY_AFTER_SECONDS, isDbUnavailable } from '../platform/db.ts';

export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8';

/** The `type` and `title` ASP.NET gives each status. */
const STATUS: Record<number, { type: string; title: string }> = {
  400: { type: 'https://tools.ietf.org/html/rfc7231#section-6.5.1', title: 'Bad Request' },
  401: { type: 'https://tools.ietf.org/html/rfc7235#section-3.1', title: 'Unauthorized' },
  403: { type: 'https://tools.ietf.org/html/rfc7231#section-6.5.3', title: 'Forbidden' },
  404: { type: 'https://tools.ietf.org/html/rfc7231#section-6.5.4', title: 'Not Found' },
  405: { type: 'https://tools.ietf.org/html/rfc7231#section-6.5.5', title: 'Method Not Allowed' },
  409: { type: 'https://tools.ietf.org/html/rfc7231#section-6.5.8', title: 'Conflict' },
  413: { type: 'https://tools.ietf.org/html/rfc7231#section-6.5.11', title: 'Payload Too Large' },
  415: { type: 'https://tools.ietf.org/html/rfc7231#section-6.5.13', title: 'Unsupported Media Type' },
  422: { type: 'https://tools.ietf.org/html/rfc4918#section-11.2', title: 'Unprocessable Entity' },
  429: { type: 'https://tools.ietf.org/html/rfc6585#section-4', title: 'Too Many Requests' },
  500: { type: 'https://tools.ietf.org/html/rfc7231#section-6.6.1', title: 'An error occurred while processing your request.' },
  503: { type: 'https://tools.ietf.org/html/rfc7231#section-6.6.4', title: 'Service Unavailable' },
};

/** A Pay error: an ApiError whose body is ProblemDetails. `extra` members are added to the body. */
export class PayProblem extends ApiError {
  constructor(status: number, detail: string, extra: Record<string, unknown> = {}) {
    super(status, 'PROBLEM', detail, extra);
    this.name = 'PayProblem';
  }
}

/** The error a Pay route throws; the Pay error handler answers it as ProblemDetails. */
export function problem(status: number, detail: string, extra: Record<string, unknown> = {}): PayProblem {
  return new PayProblem(status, detail, extra);
}

export interface ProblemDetails {
  type: string;
  title: string;
  status: number;
  detail?: string;
  [member: string]: unknown;
}

/** The wire body of a status and detail. */
export function problemBody(status: number, detail: string | undefined, extra: Record<string, unknown> = {}): ProblemDetails {
  const known = STATUS[status] ?? { type: 'about:blank', title: status >= 500 ? 'Internal Server Error' : 'Error' };
  const body: ProblemDetails = { type: known.type, title: known.title, status };
  if (detail !== undefined) body.detail = detail;
  return { ...body, ...extra };
}

/**
 * A validation failure with its field, ASP.NET style: `errors` maps the field path
 * to its messages, `detail` repeats the first one so a client reading only
 * `detail` still learns what to fix.
 */
export function invalidField(field: string, message: string): PayProblem {
  return problem(400, `${field}: ${message}`, { title: 'One or more validation errors occurred.', errors: { [field]: [message] } });
}

/** Every Pay error, one entry each (so their wording is the same wherever they are raised). */
export const payErrors = {
  // 400
  invalid: (detail: string) => problem(400, detail),
  field: invalidField,
  malformedJson: (detail: string) => problem(400, `The request body is not valid JSON: ${detail}`),
  scheduleNotCancellable: () => problem(400, 'Schedule cannot be cancelled.'),
  paymentRequestNotCancellable: (status: string) => problem(400, `Payment request cannot be cancelled: its status is ${status}.`),
  transitionRefused: (from: string, to: string) => problem(400, `Payment request cannot move from ${from} to ${to}.`),
  unsupportedGrant: (grant: string) => problem(400, `grant_type must be client_credentials, not "${grant}".`, { error: 'unsupported_grant_type' }),
  // 401
  invalidClient: () => problem(401, 'The client credentials are invalid: send HTTP Basic base64(customerId:secretKey).', { error: 'invalid_client' }),
  invalidBearer: () => problem(401, 'A valid Bearer token from POST /api/v1/authorize is required; it may have expired.'),
  invalidClientId: () => problem(401, 'A valid x-client-id (or Bearer token) is required.'),
  // 404
  notFound: (what: string, id: string) => problem(404, `${what} ${id} was not found.`),
  routeNotFound: (method: string, path: string) => problem(404, `No endpoint matches ${method} ${path}.`),
  // 409
  idempotencyConflict: () => problem(409, 'The Idempotency-Key was already used with a different request body.'),
  idempotencyInFlight: () => problem(409, 'A request with this Idempotency-Key is still being processed; retry shortly.'),
  // 413 / 415
  payloadTooLarge: (limit: number) => problem(413, `The request body is larger than the limit of ${limit} bytes.`),
  unsupportedMediaType: (type: string) => problem(415, `Content-Type ${type} is not supported.`),
};

/** Sends a ProblemDetails answer (usable from hooks that reply themselves). */
export function sendProblem(reply: FastifyReply, err: ApiError): FastifyReply {
  if (err.status === 503) reply.header('retry-after', String(DB_RETRY_AFTER_SECONDS));
  return reply.code(err.status).type(PROBLEM_CONTENT_TYPE).send(problemBody(err.status, err.message, err.extra));
}

interface ZodIssueLike {
  path?: (string | number)[];
  message?: string;
}

/** Turns anything thrown inside a Pay route into a Pay error; unknown errors become a logged 500 without details. */
export function toPayProblem(err: unknown, req: FastifyRequest, log: (err: unknown, req: FastifyRequest) => void = () => {}): ApiError {
  if (err instanceof ApiError) return err;
  const e = err as FastifyError & { validation?: { instancePath?: string; message?: string; params?: { issue?: ZodIssueLike } }[]; validationContext?: string };
  if (e?.validation && e.validation.length > 0) {
    const v = e.validation[0]!;
    const where = (v.instancePath || '').replace(/^\//, '').replace(/\//g, '.');
    return invalidField(where || e.validationContext || 'body', v.message ?? 'is invalid');
  }
  switch (e?.code) {
    case 'FST_ERR_CTP_INVALID_MEDIA_TYPE':
      return payErrors.unsupportedMediaType(String(req.headers['content-type'] ?? '(none)'));
    case 'FST_ERR_CTP_BODY_TOO_LARGE':
    case 'FST_ERR_CTP_INVALID_CONTENT_LENGTH':
      return payErrors.payloadTooLarge(Number((req.server as { initialConfig?: { bodyLimit?: number } }).initialConfig?.bodyLimit ?? 0));
    case 'FST_ERR_CTP_INVALID_JSON_BODY':
    case 'FST_ERR_CTP_EMPTY_JSON_BODY':
      return payErrors.malformedJson(e.message);
  }
  if (e instanceof SyntaxError) return payErrors.malformedJson(e.message);
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) return problem(e.statusCode, e.message);
  if (isDbUnavailable(err)) return problem(503, `The service is temporarily unavailable; retry after ${DB_RETRY_AFTER_SECONDS} seconds.`);
  log(err, req);
  return problem(500, `An unexpected error occurred; it has been logged with id ${req.id}.`);
}

/**
 * Installs the Pay error handler (and, with `notFound`, the 404 for unknown paths
 * under the context's prefix) on an encapsulated fastify context. Call it first
 * thing in every plugin that holds Pay routes.
 */
export function installPayErrorHandler(scope: FastifyInstance, opts: { notFound?: boolean } = {}): void {
  const log = (err: unknown, req: FastifyRequest) => scope.log.error({ err, reqId: req.id, method: req.method, url: req.url.split('?')[0] }, 'unhandled error');
  scope.setErrorHandler((err, req, reply) => sendProblem(reply, toPayProblem(err, req, log)));
  if (opts.notFound) scope.setNotFoundHandler((req, reply) => sendProblem(reply, payErrors.routeNotFound(req.method, req.url.split('?')[0]!)));
}

/**
 * JSON as the ASP.NET Pay API reads it: an empty body is no body (a cancel sent
 * with a JSON content type and nothing else), a malformed one is a 400
 * ProblemDetails. Call it in each Pay context that takes JSON.
 */
export function installPayJsonParser(scope: FastifyInstance, bodyLimit?: number): void {
  scope.removeContentTypeParser(['application/json']);
  scope.addContentTypeParser(['application/json', 'text/json', 'application/*+json'], { parseAs: 'string', ...(bodyLimit ? { bodyLimit } : {}) }, (_req, body, done) => {
    const text = (body as string).replace(/^\uFEFF/, '');
    if (text.trim() === '') return done(null, undefined);
    try {
      done(null, JSON.parse(text));
    } catch (err) {
      done(payErrors.malformedJson((err as Error).message), undefined);
    }
  });
}
