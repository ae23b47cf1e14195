/**
 * The operator API's one error shape, { status, code, error }, shared by the platform's own
 * operator endpoints and those each product adds (Product.operatorRoutes).
 */
import { z } from 'zod';

export const OperatorError = z.object({
  status: z.number().int(),
  code: z.enum(['unauthorized', 'too_many_attempts', 'starting', 'invalid_request', 'customer_not_found', 'confirmation_required', 'not_found', 'conflict', 'csrf', 'internal_error']),
  error: z.string(),
});
export type OperatorErrorCode = z.infer<typeof OperatorError>['code'];

export class OperatorFailure extends Error {
  constructor(readonly status: number, readonly code: OperatorErrorCode, message: string, readonly headers: Record<string, string> = {}) {
    super(message);
  }
}

/** The error answers an operator endpoint documents, for its `response` schema. */
export const operatorErrors = { 400: OperatorError, 401: OperatorError, 403: OperatorError, 404: OperatorError, 429: OperatorError, 503: OperatorError };

/**
 * Who may call an operator endpoint: the operator key as Bearer, or the console's session cookie
 * (then with `x-csrf-token` on every change). The scope documents every route with it.
 */
export const operatorSecurity: Record<string, string[]>[] = [{ operator: [] }, { operatorSession: [] }];
