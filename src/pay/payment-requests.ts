/**
 * The payment request: one payment as Flinks reports it (docs.flinks.com/api/pay/endpoints/
 * e-transfer/get-payment-requests), shared by EFT (each occurrence of a schedule is one) and e-Transfer
 * (one per session). Its status moves along the allowed transitions only, and
 * every move writes its webhook in the same transaction.
 *
 *   Initiated -> Processing -> Accepted -> Processed -> Settled
 *       \            \            \            \          \
 *        +--> Cancelled / Expired / Declined / Failed (terminal)
 *
 * Cancelled is reachable only before the payment leaves us (Initiated,
 * Processing); a Settled payment can still fail (a late return or a PAD
 * dispute reverses it).
 */
import type { Queryable } from '../platform/db.ts';
import type { Platform } from '../platform/platform.ts';
import { isGuid, newId } from '../platform/ids.ts';
import { payErrors } from './errors.ts';
import type { z } from 'zod';
import type { PaymentRequestAnswer } from './schemas.ts';

export const PAYMENT_REQUEST_STATUSES = ['Initiated', 'Processing', 'Accepted', 'Processed', 'Settled', 'Cancelled', 'Expired', 'Declined', 'Failed'] as const;
export type PaymentRequestStatus = (typeof PAYMENT_REQUEST_STATUSES)[number];
export type PaymentRequestKind = 'eft' | 'etransfer';

/** Where each status may go next (terminal statuses go nowhere). */
export const PAYMENT_REQUEST_TRANSITIONS: Record<PaymentRequestStatus, readonly PaymentRequestStatus[]> = {
  Initiated: ['Processing', 'Accepted', 'Processed', 'Cancelled', 'Expired', 'Declined', 'Failed'],
  Processing: ['Accepted', 'Processed', 'Cancelled', 'Expired', 'Declined', 'Failed'],
  Accepted: ['Processed', 'Settled', 'Failed'],
  Processed: ['Settled', 'Failed'],
  Settled: ['Failed'],
  Cancelled: [],
  Expired: [],
  Declined: [],
  Failed: [],
};

export function canMove(from: PaymentRequestStatus, to: PaymentRequestStatus): boolean {
  return PAYMENT_REQUEST_TRANSITIONS[from].includes(to);
}

/** The webhook type of a status change. */
export const PAYMENT_REQUEST_WEBHOOK = 'PaymentRequestStatusChanged';

export interface PaymentRequest {
  id: string;
  customerId: string;
  kind: PaymentRequestKind;
  sessionId: string | null;
  scheduleId: string | null;
  seq: number | null;
  amountCents: number;
  referenceId: string | null;
  paymentReferenceNumber: string;
  status: PaymentRequestStatus;
  statusDetails: string | null;
  createdAt: Date;
  updatedAt: Date;
}

interface Row {
  id: string;
  customer_id: string;
  kind: PaymentRequestKind;
  session_id: string | null;
  schedule_id: string | null;
  seq: number | null;
  amount_cents: number;
  reference_id: string | null;
  payment_reference_number: string;
  status: PaymentRequestStatus;
  status_details: string | null;
  created_at: Date | string;
  updated_at: Date | string;
}

function fromRow(r: Row): PaymentRequest {
  return {
    id: r.id,
    customerId: r.customer_id,
    kind: r.kind,
    sessionId: r.session_id,
    scheduleId: r.schedule_id,
    seq: r.seq,
    amountCents: Number(r.amount_cents),
    referenceId: r.reference_id,
    paymentReferenceNumber: r.payment_reference_number,
    status: r.status,
    statusDetails: r.status_details,
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
  };
}

/** A human-readable reference of a payment: FLK-style, date and a slice of the id. */
export function paymentReferenceNumber(id: string, at: Date): string {
  return `ML-${at.toISOString().slice(0, 10).replace(/-/g, '')}-${id.replace(/-/g, '').slice(0, 8).toUpperCase()}`;
}

export interface CreatePaymentRequestInput {
  customerId: string;
  kind: PaymentRequestKind;
  sessionId?: string;
  amountCents: number;
  referenceId?: string;
  /** EFT: the schedule this payment is an occurrence of, and which occurrence (1-based). */
  scheduleId?: string;
  seq?: number;
  /** Defaults to a new GUID. */
  id?: string;
}

/** Creates a payment request in status Initiated (inside the caller's transaction). */
export async function createPaymentRequest(q: Queryable, input: CreatePaymentRequestInput, p: Platform): Promise<{ id: string }> {
  if (!Number.isInteger(input.amountCents) || input.amountCents < 0) throw new TypeError('amountCents must be a non-negative integer');
  const id = input.id ?? newId();
  const now = p.clock.now();
  await q.query(
    `insert into pay_payment_requests (id, customer_id, kind, session_id, schedule_id, seq, amount_cents, reference_id, payment_reference_number, status, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'Initiated', $10, $10)`,
    [id, input.customerId, input.kind, input.sessionId ?? null, input.scheduleId ?? null, input.seq ?? null, input.amountCents, input.referenceId ?? null, paymentReferenceNumber(id, now), now],
  );
  return { id };
}

/** A payment request of this customer, or null (another customer's id is answered as unknown). */
export async function getPaymentRequest(q: Queryable, customerId: string, id: string): Promise<PaymentRequest | null> {
  if (!isGuid(id) || !isGuid(customerId)) return null;
  const rows = await q.query<Row>('select * from pay_payment_requests where customer_id = $1 and id = $2', [customerId.toLowerCase(), id.toLowerCase()]);
  return rows[0] ? fromRow(rows[0]) : null;
}

/** The body of the status-change webhook. */
export function paymentRequestEvent(r: PaymentRequest, previous: PaymentRequestStatus, at: Date): Record<string, unknown> {
  return {
    eventType: PAYMENT_REQUEST_WEBHOOK,
    id: r.id,
    requestId: r.id,
    type: r.kind === 'eft' ? 'EFT' : 'e-Transfer',
    referenceId: r.referenceId,
    sessionId: r.sessionId,
    scheduleId: r.scheduleId,
    paymentReferenceNumber: r.paymentReferenceNumber,
    amount: r.amountCents / 100,
    previousStatus: previous,
    status: r.status,
    statusDetails: r.statusDetails,
    when: at.toISOString(),
  };
}

/**
 * Moves a payment request to `status`, inside the caller's transaction: locks
 * the row, refuses a transition that is not allowed (400 ProblemDetails), and
 * writes the webhook in the same transaction. Moving to the current status is a
 * no-op (no webhook), so retried callers are harmless. Answers the updated request.
 */
export async function setPaymentRequestStatus(
  q: Queryable,
  customerId: string,
  id: string,
  status: PaymentRequestStatus,
  statusDetails: string | null,
  p: Platform,
): Promise<PaymentRequest> {
  if (!isGuid(id) || !isGuid(customerId)) throw payErrors.paymentRequestNotFound(String(id));
  const rows = await q.query<Row>('select * from pay_payment_requests where customer_id = $1 and id = $2 for update', [customerId.toLowerCase(), id.toLowerCase()]);
  if (!rows[0]) throw payErrors.paymentRequestNotFound(id);
  const current = fromRow(rows[0]);
  if (current.status === status) return current;
  if (!canMove(current.status, status)) {
    throw status === 'Cancelled' ? payErrors.paymentRequestNotCancellable(current.status) : payErrors.transitionRefused(current.status, status);
  }
  const now = p.clock.now();
  const updated = await q.query<Row>(
    'update pay_payment_requests set status = $3, status_details = $4, updated_at = $5 where customer_id = $1 and id = $2 returning *',
    [current.customerId, current.id, status, statusDetails ?? null, now],
  );
  const next = fromRow(updated[0]!);
  await notifyPaymentRequest(q, p, next, current.status, now);
  return next;
}

/** Writes the status-change webhook of a payment request (no-op for a customer without a webhook URL). */
export async function notifyPaymentRequest(q: Queryable, p: Platform, r: PaymentRequest, previous: PaymentRequestStatus, at: Date): Promise<void> {
  const tenant = await p.tenants.find(r.customerId, q);
  if (!tenant?.webhookUrl) return;
  await p.webhooks.enqueue(q, tenant, PAYMENT_REQUEST_WEBHOOK, paymentRequestEvent(r, previous, at));
}

/** The wire shape of GET /api/v1/paymentrequests/{id}: the newer fields plus the legacy e-Transfer ones. */
export function paymentRequestJson(r: PaymentRequest, opts: { paymentLink?: string | null; extra?: Record<string, unknown> } = {}): z.infer<typeof PaymentRequestAnswer> {
  return {
    id: r.id,
    requestId: r.id,
    status: r.status,
    statusDetails: r.statusDetails,
    paymentReferenceNumber: r.paymentReferenceNumber,
    amount: r.amountCents / 100,
    ReferenceId: r.referenceId,
    PaymentLink: opts.paymentLink ?? null,
    sessionId: r.sessionId,
    scheduleId: r.scheduleId,
    createdAt: r.createdAt.toISOString(),
    lastModifiedAt: r.updatedAt.toISOString(),
    ...opts.extra,
  };
}

/**
 * Moves many payment requests of one customer at once (a cut-off, a settlement
 * run, a cancelled schedule), inside the caller's transaction: only those whose
 * current status is one of `from` move, each transition must be allowed, and
 * each one that moved gets its webhook. Answers the requests that moved.
 */
export async function setPaymentRequestsStatus(
  q: Queryable,
  customerId: string,
  ids: readonly string[],
  from: readonly PaymentRequestStatus[],
  to: PaymentRequestStatus,
  statusDetails: string | null,
  p: Platform,
): Promise<PaymentRequest[]> {
  for (const f of from) if (!canMove(f, to)) throw new Error(`payment requests cannot move from ${f} to ${to}`);
  if (ids.length === 0) return [];
  const now = p.clock.now();
  // The previous status comes from a locked read, so each webhook names the status it left.
  const before = await q.query<{ id: string; status: PaymentRequestStatus }>(
    'select id, status from pay_payment_requests where customer_id = $1 and id = any($2::uuid[]) and status = any($3::text[]) for update',
    [customerId, ids, from],
  );
  if (before.length === 0) return [];
  const rows = await q.query<Row>(
    'update pay_payment_requests set status = $3, status_details = $4, updated_at = $5 where customer_id = $1 and id = any($2::uuid[]) and status = any($6::text[]) returning *',
    [customerId, before.map((r) => r.id), to, statusDetails, now, from],
  );
  const tenant = await p.tenants.find(customerId, q);
  if (tenant?.webhookUrl) {
    const previous = new Map(before.map((r) => [r.id, r.status]));
    for (const r of rows) await p.webhooks.enqueue(q, tenant, PAYMENT_REQUEST_WEBHOOK, paymentRequestEvent(fromRow(r), previous.get(r.id)!, now));
  }
  return rows.map(fromRow);
}
