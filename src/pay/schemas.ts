/**
 * What Pay's routes take and answer, for validation and /openapi.json.
 *
 * Requests: Pay answers a bad field in ASP.NET's ProblemDetails words (errors.ts), produced by
 * the handlers' own validation (tolerant keys, one message per field). A strict body schema
 * would answer another message, so bodies stay `z.any()` or passthrough objects documented in
 * the summaries; path and query parameters are plain strings, as sent.
 *
 * Answers: the zod serializer sends the object the schema parsed, so every answer schema is a
 * loose object (undocumented members are still sent) whose declared keys follow the order the
 * wire helpers write them (a different order would reorder the JSON).
 */
import { z } from 'zod';

const Text = z.string().nullable();
const Amount = z.number().describe('Dollars');

/** docs.flinks.com Pay API, GET /api/v1/paymentrequests/{id}: payments-requests.ts paymentRequestJson. */
export const PaymentRequestAnswer = z.looseObject({
  id: z.string(),
  requestId: z.string(),
  status: z.string(),
  statusDetails: Text,
  paymentReferenceNumber: Text,
  amount: Amount,
  ReferenceId: Text,
  PaymentLink: Text,
  sessionId: Text,
  scheduleId: Text,
  createdAt: z.string(),
  lastModifiedAt: z.string(),
  // An EFT payment's own members (eft/wire.ts eftPaymentExtra), after the common ones.
  type: z.literal('EFT').optional(),
  paymentDirection: z.string().optional(),
  dueDate: z.string().optional(),
  fileId: Text.optional(),
  crossReference: z.string().optional(),
  returnCode: z.number().int().nullable().optional(),
  returnReason: Text.optional(),
  returnDecision: Text.optional(),
});

/** A session's status (sessions/wire.ts statusJson). */
export const SessionStatusAnswer = z.looseObject({
  sessionId: z.string(),
  referenceId: Text,
  amount: Amount.nullable(),
  status: z.string(),
  statusDetails: Text,
});

/** A created session or payment request: the ids the client keeps. */
export const SessionIdsAnswer = z.looseObject({ sessionId: z.string(), referenceId: Text });
/** Members documented by the operation's summary and docs/pay.md; every member is sent. */
export const Described = z.looseObject({});
export const DescribedList = z.array(z.looseObject({}));
