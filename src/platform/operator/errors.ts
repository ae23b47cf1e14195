/**
 * The operator API's one error shape, { status, code, error }, shared by the platform's own
 * operator endpoints and those each product adds (Product.operatorRoutes).
 */
import { z } from 'zod';

export const OperatorError = z.object({
  status: z.number().int(),
  code: z.enum(['unauthorized', 'too_many_attempts', 'starting', 'invalid_request', 'customer_not_found', 'confirmation_required', 'not_found', 'conflict', 'internal_error']),
  error: z.string(),
});
export type OperatorErrorCode = z.infer<typeof OperatorError>['code'];

export class OperatorFailure extends Error {
  constructor(readonly status: number, readonly code: OperatorErrorCode, message: string, readonly headers: Record<string, string> = {}) {
    super(message);
  }
}

/** The error answers an operator endpoint documents, for its `response` schema. */
export const operatorErrors = { 400: OperatorError, 401: OperatorError, 404: OperatorError, 429: OperatorError, 503: OperatorError };
