/**
 * The operator's window on the webhooks outbox (a Maplelink extension, like the customer's own
 * /v3/{customerId}/webhooks/events): every customer's deliveries in one keyset-paged list, one
 * event with its payload and every attempt, and a replay, which is the customer's replay
 * (Webhooks.replay: a new series, joined by a replay already waiting) and nothing else.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Platform } from '../platform.ts';
import { isGuid } from '../ids.ts';
import type { DeliverySummaryRow, WebhookEventView } from '../webhooks/index.ts';
import { OperatorFailure, operatorErrors } from './errors.ts';
import { NextCursor, PageQuery, decodeCursor, limitOf, pageOf } from './paging.ts';

const tags = ['Operator'];
const security = [{ operator: [] }];
const errors = operatorErrors;

const STATUSES = ['pending', 'delivering', 'delivered', 'failed'] as const;

const DeliverySummary = z.object({
  eventId: z.string(),
  customerId: z.string(),
  customerName: z.string(),
  type: z.string(),
  status: z.enum(STATUSES).describe('pending (an attempt is due), delivering (one is under way), delivered (a 2xx came back), failed (no attempt left)'),
  series: z.number().int().describe('1 for the first delivery, +1 for each replay'),
  attempts: z.number().int().describe('Attempts of the current series'),
  totalAttempts: z.number().int().describe('Attempts of every series'),
  lastResponseCode: z.number().int().nullable().describe('HTTP status of the latest attempt; null when it got no answer or none was made'),
  lastError: z.string().nullable(),
  lastAttemptAt: z.string().nullable(),
  createdAt: z.string(),
});

const Attempt = z.object({
  series: z.number().int(),
  attempt: z.number().int(),
  responseCode: z.number().int().nullable(),
  error: z.string().nullable(),
  durationMs: z.number().int(),
  at: z.string(),
});

const EventDetail = z.object({
  eventId: z.string(),
  customerId: z.string(),
  type: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int().describe('Attempts of the current series'),
  createdAt: z.string(),
  payload: z.unknown().describe('The JSON body POSTed (the exact bytes are what is signed)'),
  deliveries: z.array(Attempt).describe('Every attempt of every series, oldest first'),
});

const ListQuery = PageQuery.extend({
  customerId: z.string().optional().describe('Only this customer'),
  status: z.enum(STATUSES).optional(),
  type: z.string().max(100).optional().describe('Only this event type (e.g. KYC, PaymentRequestStatusChanged)'),
});
const EventParams = z.object({ customerId: z.string(), eventId: z.string() });

const iso = (v: Date | string | null) => (v === null ? null : (v instanceof Date ? v : new Date(v)).toISOString());

function summaryJson(r: DeliverySummaryRow): z.infer<typeof DeliverySummary> {
  return {
    eventId: r.id,
    customerId: r.customer_id,
    customerName: r.customer_name,
    type: r.type,
    status: r.status,
    series: r.series,
    attempts: r.attempts,
    totalAttempts: r.total_attempts,
    lastResponseCode: r.last_status_code,
    lastError: r.last_error,
    lastAttemptAt: iso(r.last_attempt_at),
    createdAt: iso(r.created_at)!,
  };
}

function detailJson(customerId: string, v: WebhookEventView & { Body: string }): z.infer<typeof EventDetail> {
  let payload: unknown;
  try {
    payload = JSON.parse(v.Body);
  } catch {
    payload = v.Body; // enqueue stores JSON.stringify output, so this is only a guard
  }
  return {
    eventId: v.EventId,
    customerId,
    type: v.Type,
    status: v.Status === 'Delivered' ? 'delivered' : v.Status === 'Failed' ? 'failed' : 'pending',
    attempts: v.Attempts,
    createdAt: v.CreatedAt,
    payload,
    deliveries: v.Deliveries.map((d) => ({ series: d.Series, attempt: d.Attempt, responseCode: d.StatusCode, error: d.Error, durationMs: d.DurationMs, at: d.At })),
  };
}

/** The customer of an operator path, or a 404 (an id that is no GUID included). */
export async function requireCustomer(p: Platform, customerId: string): Promise<string> {
  const tenant = isGuid(customerId) ? await p.tenants.find(customerId.toLowerCase()) : null;
  if (!tenant) throw new OperatorFailure(404, 'customer_not_found', `no customer ${customerId}`);
  return tenant.id;
}

export function operatorWebhookRoutes(op: FastifyInstance, p: Platform): void {
  const r = op.withTypeProvider<ZodTypeProvider>();

  r.get('/webhooks/deliveries', {
    schema: {
      tags, security, querystring: ListQuery,
      summary: 'Webhook deliveries of every customer (or of one), newest first: status, attempts, the latest response code and time',
      response: { 200: z.object({ deliveries: z.array(DeliverySummary), nextCursor: NextCursor }), ...errors },
    },
  }, async (req) => {
    const q = req.query;
    if (q.customerId !== undefined && !isGuid(q.customerId)) throw new OperatorFailure(400, 'invalid_request', 'customerId must be a customer id (a GUID)');
    const before = decodeCursor(q.cursor, ['string']);
    if (before && !/^\d{1,19}$/.test(before[0] as string)) throw new OperatorFailure(400, 'invalid_request', 'cursor is not a cursor this list answered');
    const limit = limitOf(q);
    const rows = await p.webhooks.listForOperator({ customerId: q.customerId, status: q.status, type: q.type, before: before ? (before[0] as string) : undefined, limit });
    const { items, nextCursor } = pageOf(rows, limit, (x) => [x.seq]);
    return { deliveries: items.map(summaryJson), nextCursor };
  });

  r.get('/customers/:customerId/webhooks/events/:eventId', {
    schema: { tags, security, params: EventParams, summary: 'One webhook event: its payload and every delivery attempt', response: { 200: EventDetail, ...errors } },
  }, async (req) => {
    const customerId = await requireCustomer(p, req.params.customerId);
    const v = await p.webhooks.getWithBody(customerId, req.params.eventId);
    if (!v) throw new OperatorFailure(404, 'not_found', `no webhook event ${req.params.eventId} of customer ${customerId}`);
    return detailJson(customerId, v);
  });

  r.post('/customers/:customerId/webhooks/events/:eventId/replay', {
    schema: {
      tags, security, params: EventParams,
      summary: 'Deliver a webhook event again, now, as a new series of attempts (a replay sent while another waits joins it)',
      response: { 202: z.object({ eventId: z.string(), status: z.literal('pending') }), ...errors },
    },
  }, async (req, reply) => {
    const customerId = await requireCustomer(p, req.params.customerId);
    if (!(await p.webhooks.replay(customerId, req.params.eventId))) throw new OperatorFailure(404, 'not_found', `no webhook event ${req.params.eventId} of customer ${customerId}`);
    return reply.code(202).send({ eventId: req.params.eventId.toLowerCase(), status: 'pending' as const });
  });
}
