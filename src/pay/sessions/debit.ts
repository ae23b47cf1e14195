/**
 * The money side of an EFT / GEFT session: once the payor has reviewed the
 * payment, the session becomes an EFT V1 debit of the Pay product — a OneTime
 * schedule due the next day, its PAD agreement and its payment request — built
 * through the same validation and service as POST /api/v1/transactions. The
 * payor signs that PAD in the hosted app; from then on the daily cut-off puts
 * the debit in the CPA-005 file like any other (returns, settlement, webhooks
 * included). A session that ends without a signature cancels its schedule.
 */
import type { Queryable } from '../../platform/db.ts';
import type { Platform } from '../../platform/platform.ts';
import type { Tenant } from '../../platform/tenants.ts';
import { loadPayConfig } from '../config.ts';
import { addDays, dateIn } from '../eft/dates.ts';
import { cancelSchedule, createTransaction, signPadAgreement } from '../eft/service.ts';
import { findPad } from '../eft/store.ts';
import { validateTransactions } from '../eft/validate.ts';
import { getPaymentRequest } from '../payment-requests.ts';
import type { SessionRow } from './store.ts';

/** Payments Canada Standard 007: 450, miscellaneous payments (a one-off debit for goods or services). */
export const SESSION_TRANSACTION_CODE = 450;

const CROSS_REFERENCE = /^[A-Za-z0-9-]{1,36}$/;

export interface OpenedDebit {
  padId: string;
  paymentRequestId: string;
  scheduleId: string;
}

/** The EFT V1 body a session's debit is: what a client would have sent to POST /api/v1/transactions. */
export function debitBody(s: SessionRow, account: { institutionCode: string | null; transitNumber: string | null; accountNumber: string }, startDate: string): unknown[] {
  return [{
    transactionCode: SESSION_TRANSACTION_CODE,
    amount: s.amount_cents! / 100,
    paymentDirection: 'DEBIT',
    currency: 'CAD',
    // The client's reference when it fits the cross reference's rules, else the session id (36 characters, which does).
    crossReferenceNumber: s.reference_id && CROSS_REFERENCE.test(s.reference_id) ? s.reference_id : s.id,
    payor: {
      accountInfo: { institutionCode: account.institutionCode, transitNumber: account.transitNumber, accountNumber: account.accountNumber },
      contactInfo: { firstName: s.payor.firstName, lastName: s.payor.lastName },
      email: s.payor.email,
    },
    scheduleInfo: { paymentFrequency: 'OneTime', startDate },
  }];
}

/**
 * Creates the debit (schedule, pending PAD, payment request) inside the
 * session's transaction. Null when the chosen account cannot carry an EFT
 * (no institution or transit number): the caller then records a payment
 * request on its own, which no file will carry.
 */
export async function openDebit(q: Queryable, p: Platform, tenant: Tenant, s: SessionRow, account: { institutionCode: string | null; transitNumber: string | null; accountNumber: string }): Promise<OpenedDebit | null> {
  if (!account.institutionCode || !account.transitNumber) return null;
  const today = dateIn(loadPayConfig().timezone, p.clock.now());
  const valid = validateTransactions(debitBody(s, account, addDays(today, 1)), today);
  const created = (await createTransaction(q, p, tenant, valid)) as { schedules: { id: string; padId: string | null; paymentRequestIds?: string[] }[] };
  const schedule = created.schedules[0]!;
  const paymentRequestId = schedule.paymentRequestIds?.[0];
  if (!schedule.padId || !paymentRequestId) throw new Error('the EFT debit of a session was created without its PAD or payment request');
  return { padId: schedule.padId, paymentRequestId, scheduleId: schedule.id };
}

/** The payor signs the session's PAD in the hosted app. */
export async function signDebit(q: Queryable, p: Platform, customerId: string, padId: string, signature: string): Promise<void> {
  const pad = await findPad(q, customerId, padId, true);
  if (!pad) throw new Error(`the PAD ${padId} of a session is missing`);
  await signPadAgreement(q, p, pad, { name: signature, ip: null, userAgent: 'Maplelink Pay hosted app' });
}

/** A session that ended without a signature: its debit's schedule (and payment) are cancelled. */
export async function cancelDebit(q: Queryable, p: Platform, customerId: string, paymentRequestId: string, reason: string): Promise<void> {
  const pr = await getPaymentRequest(q, customerId, paymentRequestId);
  if (!pr?.scheduleId || (pr.status !== 'Initiated' && pr.status !== 'Processing')) return;
  await cancelSchedule(q, p, customerId, pr.scheduleId, reason);
}
