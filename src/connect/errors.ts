/**
 * Connect's FlinksCodes (docs.flinks.com/api/authorize/error-codes), one entry each, with the
 * HTTP status we answer. Where the Flinks docs give no status the choice is recorded in
 * docs/compatibility.md ("FlinksCodes and their HTTP status"). The envelope errors every /v3
 * surface shares (INVALID_REQUEST with a detail, SESSION_NONEXISTENT...) are the platform's
 * flinksErrors, defined once for Connect, Enrich and Upload.
 */
import { defineError } from '../platform/errors.ts';

export const connectErrors = {
  // 400
  sessionExpired: defineError(400, 'SESSION_EXPIRED', 'RequestId {requestId} has expired after a period of inactivity; start a new session with /Authorize'),
  cardInUse: defineError(400, 'CARD_IN_USE', 'The card {loginId} is being processed; try again once the current operation has completed'),
  invalidLoginForMfa: defineError(400, 'INVALID_REQUEST', "The login '{loginId}' is invalid."),
  noTransaction: defineError(400, 'NO_TRANSACTION', 'No transaction is available for the account(s) of this request'),
  methodNotAvailable: defineError(400, 'METHOD_NOT_AVAILABLE', '{method} is not available for this {scope}'),
  // 401
  invalidLogin: defineError(401, 'INVALID_LOGIN', 'The LoginId provided is either invalid or does not belong to the CustomerId'),
  unauthorized: defineError(401, 'UNAUTHORIZED', '{detail}'),
  alreadyAuthorized: defineError(401, 'ALREADY_AUTHORIZED', 'RequestId {requestId} is already authorized; call the data endpoints with it'),
  notAuthorized: defineError(401, 'UNAUTHORIZED', 'RequestId {requestId} is not authorized yet: answer the security challenges first'),
  /** A failure the institution (connector) reports: code and message come from it. */
  institution: (code: string, message: string, extra: Record<string, unknown> = {}) => defineError(code === 'AGGREGATION_ERROR' ? 500 : code === 'DISABLED_INSTITUTION' ? 405 : 401, code, '{message}')({ message }, extra),
  // 404 / 405
  institutionNotFound: defineError(400, 'INVALID_REQUEST', 'The institution {institution} does not exist'),
  routingNotFound: defineError(404, 'INVALID_REQUEST', 'No institution was found with the Routing Number: {routingNumber}'),
  disabledInstitution: defineError(405, 'DISABLED_INSTITUTION', 'The institution {institution} is not available at the moment'),
};
