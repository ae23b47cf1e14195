/** The webhooks outbox: signed, retried, logged and replayable deliveries (docs/webhooks.md). */
export { signBody, verifySignature } from './signature.ts';
export { webhookMigrations } from './schema.ts';
export { webhookErrors } from './errors.ts';
export {
  Webhooks,
  WEBHOOK_QUEUE,
  WEBHOOK_USER_AGENT,
  DEFAULT_TIMEOUT_MS,
  type WebhookEventView,
  type WebhookDeliveryView,
  type WebhooksDeps,
  type WebhooksOptions,
  type DeliverySummaryRow,
  type EventStatus,
} from './outbox.ts';
export { registerWebhookRoutes } from './routes.ts';
