/**
 * The request-session state machine. A RequestId is stored as MfaPending,
 * Authorized or Failed; what a client sees also depends on its login's
 * aggregation, so the effective states are:
 *
 *   Authorizing -> MfaPending -> Authorized -> Aggregating -> Ready
 *                      \______________\______________\______-> Failed
 *   and any of them -> Expired after idling (8 min while authorizing, 30 min after).
 *
 * Every Connect answer (200, 202, 203, 4xx) is a function of this state: the
 * routes ask `dataAnswer` and never decide status codes on their own.
 */
import type { ApiError } from '../../platform/errors.ts';
import { connectErrors } from '../errors.ts';
import { flinksErrors } from '../../platform/http/flinks-errors.ts';

export type StoredState = 'MfaPending' | 'Authorized' | 'Failed';
export type EffectiveState = 'MfaPending' | 'Aggregating' | 'Ready' | 'Failed' | 'Expired';
export type AggregationState = 'none' | 'running' | 'done' | 'failed';

export interface RequestFacts {
  id: string;
  state: StoredState;
  lastActivity: Date;
  failureCode: string | null;
  failureMessage: string | null;
}

export interface LoginFacts {
  aggregationState: AggregationState;
  aggregationKind: 'normal' | 'pending' | 'dispatched';
  lastRefreshError: string | null;
}

export interface Limits {
  /** Idle time allowed while authorizing (MFA pending). */
  authorizingIdleMs: number;
  /** Idle time allowed once authorized (clients poll for up to 30 minutes). */
  processingIdleMs: number;
}

export function effectiveState(req: RequestFacts, login: LoginFacts | null, now: Date, limits: Limits): EffectiveState {
  const idle = now.getTime() - req.lastActivity.getTime();
  if (idle > (req.state === 'MfaPending' ? limits.authorizingIdleMs : limits.processingIdleMs)) return 'Expired';
  if (req.state !== 'Authorized') return req.state;
  if (!login) return 'Failed';
  switch (login.aggregationState) {
    case 'done':
      return 'Ready';
    case 'failed':
      return 'Failed';
    default:
      return 'Aggregating';
  }
}

export type DataDecision =
  | { kind: 'ready' }
  | { kind: 'pending'; code: 'OPERATION_PENDING' | 'OPERATION_DISPATCHED' }
  | { kind: 'error'; error: ApiError };

/**
 * What a data endpoint (GetAccountsSummary/Detail, GetStatements and their Async
 * forms) answers for a request. `sync` is the first, synchronous call: a
 * dispatched aggregation says so there; polling says OPERATION_PENDING.
 */
export function dataAnswer(req: RequestFacts | null, requestId: string, login: LoginFacts | null, now: Date, limits: Limits, sync: boolean): DataDecision {
  if (!req) return { kind: 'error', error: flinksErrors.sessionNonexistent({ requestId }) };
  const state = effectiveState(req, login, now, limits);
  switch (state) {
    case 'Expired':
      return { kind: 'error', error: flinksErrors.sessionNonexistent({ requestId }) };
    case 'MfaPending':
      return { kind: 'error', error: connectErrors.notAuthorized({ requestId }) };
    case 'Failed': {
      const code = req.failureCode ?? login?.lastRefreshError ?? 'AGGREGATION_ERROR';
      return { kind: 'error', error: connectErrors.institution(code, req.failureMessage ?? 'The aggregation of this login failed', { RequestId: requestId }) };
    }
    case 'Aggregating':
      return { kind: 'pending', code: sync && login?.aggregationKind === 'dispatched' ? 'OPERATION_DISPATCHED' : 'OPERATION_PENDING' };
    case 'Ready':
      return { kind: 'ready' };
  }
}

/** What an MFA answer (Authorize with RequestId) may do in each state. */
export function mfaAnswerAllowed(req: RequestFacts | null, requestId: string, now: Date, limits: Limits): ApiError | null {
  if (!req || req.state === 'Failed') return flinksErrors.sessionNonexistent({ requestId });
  const idle = now.getTime() - req.lastActivity.getTime();
  if (req.state === 'MfaPending') return idle > limits.authorizingIdleMs ? connectErrors.sessionExpired({ requestId }) : null;
  return idle > limits.processingIdleMs ? flinksErrors.sessionNonexistent({ requestId }) : connectErrors.alreadyAuthorized({ requestId });
}
