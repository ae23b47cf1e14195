/**
 * Delivery log and replay endpoints, inside the /v3 context (so they answer in
 * the Flinks envelope and are scoped to the customer in the path). A Maplelink
 * extension: Flinks has no public API for its webhook history.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { webhookErrors } from './errors.ts';
import type { Webhooks } from './outbox.ts';

const EventParams = z.object({ customerId: z.string(), eventId: z.string() });
const ListParams = z.object({ customerId: z.string() });
const ListQuery = z.object({ Limit: z.number().int().min(1).max(500).optional() });

const Delivery = z.object({
  Attempt: z.number().int(),
  Series: z.number().int(),
  StatusCode: z.number().int().nullable(),
  Error: z.string().nullable(),
  DurationMs: z.number().int(),
  At: z.string(),
});
const Event = z.object({
  EventId: z.string(),
  Type: z.string(),
  CreatedAt: z.string(),
  Status: z.enum(['Pending', 'Delivered', 'Failed']),
  Attempts: z.number().int(),
  Deliveries: z.array(Delivery),
});

const TAGS = ['Webhooks'];
const SECURITY = [{ apiKey: [] }];

export function registerWebhookRoutes(v3: FastifyInstance, webhooks: Webhooks): void {
  const r = v3.withTypeProvider<ZodTypeProvider>();

  r.get('/:customerId/webhooks/events', {
    config: { auth: 'apiKey' },
    schema: {
      summary: 'Webhook events of the customer, newest first, with every delivery attempt',
      tags: TAGS,
      security: SECURITY,
      params: ListParams,
      querystring: ListQuery,
      response: { 200: z.object({ HttpStatusCode: z.literal(200), Events: z.array(Event) }) },
    },
  }, async (req) => {
    const events = await webhooks.list(req.tenant.id, { limit: req.query.Limit });
    return { HttpStatusCode: 200 as const, Events: events };
  });

  r.get('/:customerId/webhooks/events/:eventId', {
    config: { auth: 'apiKey' },
    schema: {
      summary: 'One webhook event with every delivery attempt',
      tags: TAGS,
      security: SECURITY,
      params: EventParams,
      response: { 200: z.object({ HttpStatusCode: z.literal(200) }).extend(Event.shape) },
    },
  }, async (req) => {
    const event = await webhooks.get(req.tenant.id, req.params.eventId);
    if (!event) throw webhookErrors.eventNotFound({ id: req.params.eventId });
    return { HttpStatusCode: 200 as const, ...event };
  });

  r.post('/:customerId/webhooks/events/:eventId/replay', {
    config: { auth: 'apiKey' },
    schema: {
      summary: 'Deliver a stored webhook event again, now, as a new series of attempts',
      tags: TAGS,
      security: SECURITY,
      params: EventParams,
      response: { 202: z.object({ HttpStatusCode: z.literal(202), EventId: z.string(), Message: z.string() }) },
    },
  }, async (req, reply) => {
    const eventId = req.params.eventId;
    if (!(await webhooks.replay(req.tenant.id, eventId))) throw webhookErrors.eventNotFound({ id: eventId });
    return reply.code(202).send({ HttpStatusCode: 202 as const, EventId: eventId.toLowerCase(), Message: 'Redelivery scheduled' });
  });
}
