/**
 * The errors every /v3 surface (Connect, Enrich, Upload) shares, in the Flinks
 * envelope. Product-specific FlinksCodes live in each product's registry.
 * Where Flinks documents no code for a class of bad input (404, 413, 415) we
 * answer INVALID_REQUEST, the code clients already branch on for bad requests.
 */
import { z } from 'zod';
import { ApiError, defineError } from '../errors.ts';

export const flinksErrors = {
  invalidRequest: defineError(400, 'INVALID_REQUEST', '{detail}'),
  // A RequestId that names no live session: Connect answers it for its data calls and Enrich for
  // the attribute calls that read Connect's sessions (docs.flinks.com/api/authorize/error-codes).
  sessionNonexistent: defineError(400, 'SESSION_NONEXISTENT', 'RequestId {requestId} is invalid or session has ended'),
  malformedJson: defineError(400, 'INVALID_REQUEST', 'The request body is not valid JSON: {detail}'),
  routeNotFound: defineError(404, 'INVALID_REQUEST', 'No endpoint matches {method} {path}'),
  methodNotAllowed: defineError(405, 'INVALID_REQUEST', 'The endpoint {path} does not accept {method}'),
  unsupportedMediaType: defineError(415, 'INVALID_REQUEST', 'Content-Type {type} is not supported: send application/json'),
  payloadTooLarge: defineError(413, 'INVALID_REQUEST', 'The request body is larger than the limit of {limit} bytes'),
  unknownCustomer: defineError(401, 'UNAUTHORIZED', 'The customerId {customerId} is invalid'),
  invalidAuthKey: defineError(401, 'UNAUTHORIZED', 'You must provide a valid auth key'),
  invalidAuthorizeToken: defineError(401, 'UNAUTHORIZED', 'You must provide a valid authorize token'),
  // ACCESS_DENIED: "authentication to the API failed" — the API keys, as opposed to the
  // secret/token checks that Flinks documents with UNAUTHORIZED.
  invalidApiKey: defineError(401, 'ACCESS_DENIED', 'You must provide a valid x-api-key'),
  invalidBearer: defineError(401, 'ACCESS_DENIED', 'You must provide a valid Bearer token (API secret key)'),
  tooManyRequests: defineError(401, 'TOO_MANY_REQUESTS', 'Too many requests: retry after {seconds} seconds'),
  internal: defineError(500, 'AGGREGATION_ERROR', 'An unexpected error occurred; it has been logged with id {id}'),
  // Our storage is down or saturated. Flinks documents no code for its own outage; RETRY_LATER is
  // the one its clients already treat as "try again later" (docs.flinks.com/api/authorize/error-codes).
  unavailable: defineError(503, 'RETRY_LATER', 'The service is temporarily unavailable: retry after {seconds} seconds'),
};

/** The wire body of an error: `{HttpStatusCode, Message, FlinksCode}` plus any extra members. */
export function flinksEnvelope(err: ApiError): Record<string, unknown> {
  return { HttpStatusCode: err.status, Message: err.message, FlinksCode: err.code, ...err.extra };
}

/**
 * The envelope as a response schema, for the routes' 4xx and 5xx answers in /openapi.json. Loose,
 * so that serialising never drops a member; /openapi.json documents it closed (http/openapi.ts),
 * so the suite's drift check fails on a member not listed here. Members follow the three that
 * every error has, in the order flinksEnvelope writes them.
 */
export const FlinksErrorBody = z.looseObject({
  HttpStatusCode: z.number().int(),
  Message: z.string(),
  FlinksCode: z.string().describe('docs.flinks.com/api/authorize/error-codes'),
  // The members a refused login adds (connect/service.ts, sessions/machine.ts), in the order they are sent.
  RequestId: z.string().optional().describe('The session, on an error of a login in progress'),
  Institution: z.string().optional().describe('The institution, on an error of a login in progress'),
}).describe('A Flinks error: HttpStatusCode, Message, FlinksCode, and the members some codes add');

/** The error answers of a /v3 route, by status class. */
export const flinksErrorAnswers = { '4xx': FlinksErrorBody, '5xx': FlinksErrorBody };
