/**
 * Pay's error registry and its one wire shape: RFC 7807 ProblemDetails as the
 * Flinks Pay API (an ASP.NET service) answers it, `{type, title, status, detail}`
 * with `application/problem+json`, `type` being the RFC 7231 section of the
 * status (docs/pay.md, "Errors"). Every Pay error is one entry of `payErrors`
 * with a stable code and status; the code is for logs and tests only: the wire
 * body carries no code (ProblemDetails has no such member), so the codes may be
 * named freely without changing an answer.
 */
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError } from '../platform/errors.ts';
import { DB_RETRY_AFTER_SECONDS, isDbUnavailable } from '../platform/db.ts';
import { MEDIA_TYPE, documentSurface, documented } from '../platform/http/openapi.ts';
import { z } from 'zod';

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
  constructor(status: number, code: string, detail: string, extra: Record<string, unknown> = {}) {
    super(status, code, detail, extra);
    this.name = 'PayProblem';
  }
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

/** ASP.NET's title of a model-validation failure. */
const VALIDATION_TITLE = 'One or more validation errors occurred.';

/** A registry entry: its code and status are readable without raising it (the registry test lists them). */
type Entry<A extends unknown[]> = ((...args: A) => PayProblem) & { readonly code: string; readonly status: number };

function define<A extends unknown[]>(status: number, code: string, build: (...args: A) => string | [string, Record<string, unknown>]): Entry<A> {
  const raise = (...args: A) => {
    const b = build(...args);
    return typeof b === 'string' ? new PayProblem(status, code, b) : new PayProblem(status, code, b[0], b[1]);
  };
  return Object.assign(raise, { code, status });
}

/**
 * A validation failure with its field, ASP.NET style: `errors` maps the field path
 * to its messages, `detail` repeats the first one so a client reading only
 * `detail` still learns what to fix.
 */
const field = define(400, 'PAY_INVALID_FIELD', (path: string, message: string) => [`${path}: ${message}`, { title: VALIDATION_TITLE, errors: { [path]: [message] } }]);

/** Every Pay error, one entry each (so their wording is the same wherever they are raised). */
export const payErrors = {
  // 400: the request
  field,
  malformedJson: define(400, 'PAY_MALFORMED_JSON', (detail: string) => `The request body is not valid JSON: ${detail}`),
  bodyNotArray: define(400, 'PAY_BODY_NOT_ARRAY', () => {
    const message = 'The body must be a JSON array holding one transaction.';
    return [message, { title: VALIDATION_TITLE, errors: { $: [message] } }];
  }),
  notOneTransaction: define(400, 'PAY_NOT_ONE_TRANSACTION', (count: number) => [
    `Exactly one transaction per request is supported; the array holds ${count}.`,
    { title: VALIDATION_TITLE, errors: { $: ['Exactly one transaction per request is supported.'] } },
  ]),
  unsupportedGrant: define(400, 'PAY_UNSUPPORTED_GRANT', (grant: string) => [`grant_type must be client_credentials, not "${grant}".`, { error: 'unsupported_grant_type' }]),
  // 400: the state of a payment, a schedule or a file
  scheduleNotCancellable: define(400, 'PAY_SCHEDULE_NOT_CANCELLABLE', () => 'Schedule cannot be cancelled.'),
  scheduleNotResumable: define(400, 'PAY_SCHEDULE_NOT_RESUMABLE', (status: string) => `Schedule cannot be resumed: its status is ${status}.`),
  scheduleAgreementDisputed: define(400, 'PAY_SCHEDULE_AGREEMENT_DISPUTED', () => 'Schedule cannot be resumed: its PAD agreement is disputed; create a new transaction for a new agreement.'),
  paymentRequestNotCancellable: define(400, 'PAY_PAYMENT_REQUEST_NOT_CANCELLABLE', (status: string) => `Payment request cannot be cancelled: its status is ${status}.`),
  transitionRefused: define(400, 'PAY_TRANSITION_REFUSED', (from: string, to: string) => `Payment request cannot move from ${from} to ${to}.`),
  returnsFileInvalid: define(400, 'PAY_RETURNS_FILE_INVALID', (reason: string) => `The returns file is not a valid CPA-005 file: ${reason}`),
  returnNotInFile: define(400, 'PAY_RETURN_NOT_IN_FILE', (index: number, paymentRequestId: string, fileId: string) =>
    `returns[${index}].paymentRequestId: payment ${paymentRequestId} is not in file ${fileId}`),
  // 400: sessions
  noPayee: define(400, 'PAY_SESSION_NO_PAYEE', () => [
    'payee.account is absent and no settlement account is configured for this client.',
    { errors: { 'payee.account': ['is required when no settlement account is configured'] } },
  ]),
  sessionNotCancellable: define(400, 'PAY_SESSION_NOT_CANCELLABLE', (status: string, details: string) => `Session cannot be canceled: it is ${status} (${details}).`),
  noGuaranteeWaiting: define(400, 'PAY_SESSION_NO_GUARANTEE_WAITING', (id: string, status: string, step: string) =>
    `No guarantee of session ${id} is waiting for confirmation (status ${status}, step ${step}).`),
  notGeft: define(400, 'PAY_SESSION_NOT_GEFT', () => 'Only Guaranteed EFT sessions have guarantees.'),
  notETransferV1: define(400, 'PAY_SESSION_NOT_ETRANSFER', () => 'sessionId must name an e-Transfer session created with POST /api/v1/sessions/initiate or /sendrequest.'),
  sessionOver: define(400, 'PAY_SESSION_OVER', (id: string, status: string) => `Session ${id} is ${status}: no payment request can be created for it.`),
  bankConnectionUnavailable: define(400, 'PAY_BANK_CONNECTION_UNAVAILABLE', () => 'Bank connection is not available.'),
  // 401
  invalidClient: define(401, 'PAY_INVALID_CLIENT', () => ['The client credentials are invalid: send HTTP Basic base64(customerId:secretKey).', { error: 'invalid_client' }]),
  invalidBearer: define(401, 'PAY_INVALID_BEARER', () => 'A valid Bearer token from POST /api/v1/authorize is required; it may have expired.'),
  invalidClientId: define(401, 'PAY_INVALID_CLIENT_ID', () => 'A valid x-client-id (or Bearer token) is required.'),
  invalidSandboxCredentials: define(401, 'PAY_INVALID_SANDBOX_CREDENTIALS', () => 'The credentials sent are not valid (a Bearer token from /api/v1/authorize, or the x-api-key).'),
  // 403
  regularEftDisabled: define(403, 'PAY_REGULAR_EFT_DISABLED', () => 'Regular EFT sessions need the RegularEft feature, which is not enabled for this client.'),
  // 404: each resource its own code; an id of another customer is answered as unknown
  paymentRequestNotFound: define(404, 'PAY_PAYMENT_REQUEST_NOT_FOUND', (id: string) => `Payment request ${id} was not found.`),
  scheduleNotFound: define(404, 'PAY_SCHEDULE_NOT_FOUND', (id: string) => `Schedule ${id} was not found.`),
  padAgreementNotFound: define(404, 'PAY_PAD_AGREEMENT_NOT_FOUND', (id: string) => `PAD agreement ${id} was not found.`),
  contactNotFound: define(404, 'PAY_CONTACT_NOT_FOUND', (id: string) => `Contact ${id} was not found.`),
  fileNotFound: define(404, 'PAY_FILE_NOT_FOUND', (id: string) => `File ${id} was not found.`),
  sessionNotFound: define(404, 'PAY_SESSION_NOT_FOUND', (id: string) => `Session ${id} was not found.`),
  sandboxActionUnknown: define(404, 'PAY_SANDBOX_ACTION_UNKNOWN', (action: string) => `No sandbox action "${action}": use accept, decline or expire.`),
  routeNotFound: define(404, 'PAY_ROUTE_NOT_FOUND', (method: string, path: string) => `No endpoint matches ${method} ${path}.`),
  // 409
  idempotencyConflict: define(409, 'PAY_IDEMPOTENCY_CONFLICT', () => 'The Idempotency-Key was already used with a different request body.'),
  idempotencyInFlight: define(409, 'PAY_IDEMPOTENCY_IN_FLIGHT', () => 'A request with this Idempotency-Key is still being processed; retry shortly.'),
  /** A step the session's state does not allow (the detail says which state). */
  sessionStepRefused: define(409, 'PAY_SESSION_STEP_REFUSED', (detail: string) => detail),
  // 413 / 415 / 429
  payloadTooLarge: define(413, 'PAY_PAYLOAD_TOO_LARGE', (limit: number) => `The request body is larger than the limit of ${limit} bytes.`),
  unsupportedMediaType: define(415, 'PAY_UNSUPPORTED_MEDIA_TYPE', (type: string) => `Content-Type ${type} is not supported.`),
  // 5xx
  unavailable: define(503, 'PAY_UNAVAILABLE', () => `The service is temporarily unavailable; retry after ${DB_RETRY_AFTER_SECONDS} seconds.`),
  internal: define(500, 'PAY_INTERNAL', (requestId: string) => `An unexpected error occurred; it has been logged with id ${requestId}.`),
};

/** A validation failure of one field (the most raised Pay error, so it has a short name). */
export const invalidField = payErrors.field;

/**
 * A 4xx that fastify or one of its plugins raised (rate limit, bad header...):
 * its status is the framework's, so it keeps one code per status.
 */
export function frameworkProblem(status: number, detail: string): PayProblem {
  return new PayProblem(status, `PAY_HTTP_${status}`, detail);
}

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
  if (typeof e?.statusCode === 'number' && e.statusCode >= 400 && e.statusCode < 500) return frameworkProblem(e.statusCode, e.message);
  if (isDbUnavailable(err)) return payErrors.unavailable();
  log(err, req);
  return payErrors.internal(req.id);
}

/** ProblemDetails as /openapi.json documents it (problemBody writes it). */
export const ProblemDoc = documented(
  z.object({
    type: z.string().describe("The RFC section of the status, as ASP.NET writes it (or about:blank)"),
    title: z.string(),
    status: z.number().int(),
    detail: z.string().optional(),
    errors: z.record(z.string(), z.array(z.string())).optional().describe('A validation failure: the field path and its messages'),
    error: z.string().optional().describe('On the token endpoint: the OAuth error code (RFC 6749 section 5.2)'),
  }).describe('RFC 7807 problem details'),
  {
    [MEDIA_TYPE]: 'application/problem+json',
    examples: [{ type: 'https://tools.ietf.org/html/rfc7231#section-6.5.4', title: 'Not Found', status: 404, detail: 'Payment request 6f5a3c5e-2f7b-4f8e-9d1a-3b2c1d0e9f8a was not found' }],
  },
);

/**
 * Installs the Pay error handler (and, with `notFound`, the 404 for unknown paths
 * under the context's prefix) on an encapsulated fastify context. Fastify keeps
 * error handlers per context, so each plugin that holds Pay routes installs this
 * same handler first thing.
 */
export function installPayErrorHandler(scope: FastifyInstance, opts: { notFound?: boolean } = {}): void {
  const log = (err: unknown, req: FastifyRequest) => scope.log.error({ err, reqId: req.id, method: req.method, url: req.url.split('?')[0] }, 'unhandled error');
  scope.setErrorHandler((err, req, reply) => sendProblem(reply, toPayProblem(err, req, log)));
  // The routes' own credentials are read from their preHandler (auth.ts marks them).
  documentSurface(scope, { errors: { '4xx': ProblemDoc, '5xx': ProblemDoc }, security: [] });
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
