/** Errors of the webhook endpoints (Flinks envelope, see http/flinks-errors.ts). */
import { defineError } from '../errors.ts';

export const webhookErrors = {
  eventNotFound: defineError(404, 'INVALID_REQUEST', 'Webhook event {id} was not found'),
};
