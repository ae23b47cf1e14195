/**
 * The payment request routes every Pay product shares:
 *   GET  /pay/api/v1/paymentrequests/{requestId}[?refreshStatus=true]
 *   POST /pay/api/v1/paymentrequests/{requestId}/cancel
 * (POST /pay/api/v1/paymentrequests, e-Transfer V1, belongs to the sessions product.)
 * Authenticated by a Bearer token or EFT V1's x-client-id: the docs show both.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Platform } from '../platform/platform.ts';
import { requirePayClientId } from './auth.ts';
import { payErrors } from './errors.ts';
import { PaymentRequestAnswer } from './schemas.ts';
import { getPaymentRequest, paymentRequestJson, setPaymentRequestStatus, type PaymentRequest } from './payment-requests.ts';

export interface PaymentRequestHooks {
  /** Extra wire fields of a payment request (EFT: due date, return code...). */
  describe?(p: Platform, r: PaymentRequest): Promise<Record<string, unknown>>;
  /** Brings the status up to date before answering (?refreshStatus=true). */
  refresh?(p: Platform, r: PaymentRequest): Promise<void>;
  /** Runs inside the cancel transaction, after the request moved to Cancelled. */
  onCancelled?(q: import('../platform/db.ts').Queryable, p: Platform, r: PaymentRequest): Promise<void>;
  /** Whether a payment can still be cancelled (EFT: not yet in a file). */
  cancellable?(q: import('../platform/db.ts').Queryable, p: Platform, r: PaymentRequest): Promise<boolean>;
}

const Params = z.object({ requestId: z.string() });
const Query = z.object({ refreshStatus: z.union([z.boolean(), z.string()]).optional() });

export function paymentLinkOf(p: Platform, baseUrl: string, r: PaymentRequest): string | null {
  return r.kind === 'etransfer' && r.sessionId ? `${p.config.publicUrl ?? baseUrl}/pay/app/?sessionId=${r.sessionId}` : null;
}

export function requestBaseUrl(req: { protocol: string; host: string }): string {
  return `${req.protocol}://${req.host}`;
}

export function registerPaymentRequestRoutes(scope: FastifyInstance, p: Platform, hooks: PaymentRequestHooks = {}): void {
  const auth = requirePayClientId(p);
  const tags = ['Pay: payment requests'];
  const r = scope.withTypeProvider<ZodTypeProvider>();

  r.get('/pay/api/v1/paymentrequests/:requestId', {
    preHandler: auth,
    schema: { tags, summary: 'Status of a payment request (EFT payment or e-Transfer request)', params: Params, querystring: Query, response: { 200: PaymentRequestAnswer } },
  }, async (req) => {
    const { requestId } = req.params;
    let r = await getPaymentRequest(p.db, req.payCustomerId, requestId);
    if (!r) throw payErrors.paymentRequestNotFound(requestId);
    const refresh = req.query.refreshStatus;
    if ((refresh === true || String(refresh).toLowerCase() === 'true') && hooks.refresh) {
      await hooks.refresh(p, r);
      r = (await getPaymentRequest(p.db, req.payCustomerId, requestId))!;
    }
    return paymentRequestJson(r, { paymentLink: paymentLinkOf(p, requestBaseUrl(req), r), extra: hooks.describe ? await hooks.describe(p, r) : {} });
  });

  r.post('/pay/api/v1/paymentrequests/:requestId/cancel', {
    preHandler: auth,
    schema: { tags, summary: 'Cancel a payment request that has not been sent yet', params: Params, response: { 200: PaymentRequestAnswer } },
  }, async (req) => {
    const { requestId } = req.params;
    const request = await p.db.tx(async (q) => {
      const current = await getPaymentRequest(q, req.payCustomerId, requestId);
      if (!current) throw payErrors.paymentRequestNotFound(requestId);
      if (current.status === 'Cancelled') return current;
      if (hooks.cancellable && !(await hooks.cancellable(q, p, current))) throw payErrors.paymentRequestNotCancellable(current.status);
      const next = await setPaymentRequestStatus(q, req.payCustomerId, requestId, 'Cancelled', 'Cancelled by API', p);
      await hooks.onCancelled?.(q, p, next);
      return next;
    });
    return paymentRequestJson(request, { paymentLink: paymentLinkOf(p, requestBaseUrl(req), request), extra: hooks.describe ? await hooks.describe(p, request) : {} });
  });
}
