/**
 * Outbound's error registry. Three wire shapes, one per surface:
 * - OAuth (token, revoke): `{"error","error_description"}` (spec §5.3); most come
 *   from oidc-provider itself, these are the few rules we add on top;
 * - management (recipients, providers): `{"message"}` as Flinks answers
 *   `{"message":"Invalid Bearer Token"}` (spec §5.7);
 * - FDX data: `{"code","message","debugMessage"}` with Flinks's numeric codes (spec §5.8).
 */
import { ApiError } from '../platform/errors.ts';
import { DB_RETRY_AFTER_SECONDS } from '../platform/db.ts';

export type Surface = 'oauth' | 'management' | 'fdx';

export class OutboundError extends ApiError {
  constructor(readonly surface: Surface, status: number, code: string, message: string, extra: Record<string, unknown> = {}) {
    super(status, code, message, extra);
  }
}

const oauth = (status: number, code: string) => (description: string) => new OutboundError('oauth', status, code, description);

export const oauthErrors = {
  invalidRequest: oauth(400, 'invalid_request'),
  invalidScope: oauth(400, 'invalid_scope'),
  invalidToken: oauth(401, 'invalid_token'),
  // RFC 6749 §4.1.2.1; Flinks answers it with HTTP 503 (docs.flinks.com/api/outbound/endpoints/authorize/errors).
  temporarilyUnavailable: oauth(503, 'temporarily_unavailable'),
};

const management = (status: number, code: string) => (message: string) => new OutboundError('management', status, code, message);

export const managementErrors = {
  invalidBearerToken: () => new OutboundError('management', 401, 'INVALID_BEARER_TOKEN', 'Invalid Bearer Token'),
  insufficientScope: () => new OutboundError('management', 403, 'INSUFFICIENT_SCOPE', 'This endpoint needs a partner token (client_credentials with scope client:admin)'),
  invalidRequest: management(400, 'INVALID_REQUEST'),
  notFound: management(404, 'NOT_FOUND'),
  unavailable: management(503, 'UNAVAILABLE'),
};

/** What each Outbound surface says while the database is unavailable (with Retry-After). */
export const UNAVAILABLE_MESSAGE = `The service is temporarily unavailable; retry after ${DB_RETRY_AFTER_SECONDS} seconds`;

/** One FDX error: Flinks's code and message, and a developer-level detail. */
const fdx = (status: number, code: number, message: string) => (debugMessage: string) => new OutboundError('fdx', status, String(code), message, { debugMessage });

/** The FDX codes Flinks lists (spec §5.8), plus FDX 1205 for a missing or invalid token and 1104/1108 for statements. */
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

export function fdxBody(err: ApiError): { code: number; message: string; debugMessage: string } {
  const code = Number(err.code);
  return { code: Number.isFinite(code) ? code : 500, message: err.message, debugMessage: String(err.extra.debugMessage ?? err.message) };
}

export function oauthBody(err: ApiError): { error: string; error_description: string } {
  return { error: err.code, error_description: err.message };
}

export function managementBody(err: ApiError): { message: string } {
  return { message: err.message };
}
