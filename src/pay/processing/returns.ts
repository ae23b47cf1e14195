/**
 * Returns: the direct clearer sends back the items it could not post, as a
 * CPA-005 file of I (returned credit) and J (returned debit) records whose
 * transaction type is the return reason code (900-series) and whose cross
 * reference is the one we wrote. Each matched payment fails with its code; its
 * schedule follows the Flinks decision matrix (codes.ts) and a PAD dispute code
 * marks the agreement Disputed. A file is applied once: the same file again
 * answers the first result.
 */
import { createHash } from 'node:crypto';
import type { Queryable } from '../../platform/db.ts';
import type { Platform } from '../../platform/platform.ts';
import { newId } from '../../platform/ids.ts';
import { readFile, type ReadSegment } from '../cpa005/reader.ts';
import { Cpa005FieldError } from '../cpa005/fields.ts';
import { payErrors } from '../errors.ts';
import { setPaymentRequestStatus } from '../payment-requests.ts';
import { PAD_DISPUTE_CODES, RETURN_REASONS, isReturnCode, returnDecision, type ReturnDecision } from '../eft/codes.ts';
import { findPad, findSchedule, pendingPaymentIds } from '../eft/store.ts';
import { cancelScheduleAndPayments, movePad, moveSchedule } from '../eft/service.ts';

/** Types (not interfaces) so they are JSON objects to the answer schemas. */
export type AppliedReturn = {
  paymentRequestId: string;
  scheduleId: string;
  crossReference: string;
  returnCode: number;
  returnReason: string;
  decision: ReturnDecision;
  scheduleStatus: string;
  padStatus: string | null;
};

export type UnmatchedReturn = {
  record: number;
  segment: number;
  crossReference: string;
  returnCode: string;
  amount: number;
  reason: string;
};

/** A type (not an interface) so it is a JSON object to the route's answer schema. */
export type ReturnsResult = {
  id: string;
  fileCreationNumber: number;
  originatorId: string;
  items: number;
  applied: AppliedReturn[];
  unmatched: UnmatchedReturn[];
  receivedAt: string;
};

interface PaymentForReturn {
  id: string;
  schedule_id: string;
  direction: 'DEBIT' | 'CREDIT';
  amount_cents: number;
  status: string;
  return_code: number | null;
}

function unmatched(item: ReadSegment, reason: string): UnmatchedReturn {
  return { record: item.record, segment: item.segment, crossReference: item.crossReference, returnCode: item.transactionType, amount: item.amountCents / 100, reason };
}

/** Applies a returns file for a customer; bad files are refused whole (400). */
export async function ingestReturns(p: Platform, customerId: string, text: string): Promise<{ result: ReturnsResult; replayed: boolean }> {
  let file;
  try {
    file = readFile(text);
  } catch (err) {
    if (err instanceof Cpa005FieldError) throw payErrors.returnsFileInvalid(err.message);
    throw err;
  }
  const hash = createHash('sha256').update(text.replace(/\r\n/g, '\n').replace(/\n+$/, '')).digest('hex');
  return p.db.tx(async (q) => {
    const now = p.clock.now();
    const id = newId();
    const claimed = await q.query('insert into pay_return_files (id, customer_id, content_hash, summary, received_at) values ($1, $2, $3, $4, $5) on conflict do nothing returning id', [id, customerId, hash, '{}', now]);
    if (claimed.length === 0) {
      const rows = await q.query<{ summary: string }>('select summary from pay_return_files where customer_id = $1 and content_hash = $2', [customerId, hash]);
      return { result: JSON.parse(rows[0]!.summary) as ReturnsResult, replayed: true };
    }
    const result: ReturnsResult = { id, fileCreationNumber: file.fileCreationNumber, originatorId: file.originatorId, items: 0, applied: [], unmatched: [], receivedAt: now.toISOString() };
    for (const item of file.items) {
      if (item.type !== 'I' && item.type !== 'J') continue;
      result.items++;
      await applyReturn(q, p, customerId, item, result);
    }
    await q.query('update pay_return_files set summary = $2 where id = $1', [id, JSON.stringify(result)]);
    return { result, replayed: false };
  });
}

async function applyReturn(q: Queryable, p: Platform, customerId: string, item: ReadSegment, result: ReturnsResult): Promise<void> {
  const code = Number(item.transactionType);
  if (!isReturnCode(code)) return void result.unmatched.push(unmatched(item, `${item.transactionType} is not a return reason code`));
  if (!/^\d{1,19}$/.test(item.crossReference)) return void result.unmatched.push(unmatched(item, 'the cross reference is not one of ours'));
  const rows = await q.query<PaymentForReturn>(
    `select e.id, e.schedule_id, e.direction, r.amount_cents, r.status, e.return_code
     from pay_eft_payments e join pay_payment_requests r on r.id = e.id
     where e.customer_id = $1 and e.xref = $2 for update of e, r`,
    [customerId, Number(item.crossReference)],
  );
  const pay = rows[0];
  if (!pay) return void result.unmatched.push(unmatched(item, 'no payment has this cross reference'));
  if ((pay.direction === 'DEBIT') !== (item.type === 'J')) return void result.unmatched.push(unmatched(item, `a ${item.type} record cannot return a ${pay.direction}`));
  if (Number(pay.amount_cents) !== item.amountCents) return void result.unmatched.push(unmatched(item, `the amount ${item.amountCents / 100} differs from the payment's ${Number(pay.amount_cents) / 100}`));
  if (pay.status === 'Failed') return void result.unmatched.push(unmatched(item, `the payment was already returned (${pay.return_code})`));
  if (pay.status !== 'Processed' && pay.status !== 'Settled') return void result.unmatched.push(unmatched(item, `the payment was never sent (status ${pay.status})`));

  const reason = RETURN_REASONS[code]!;
  const decision = returnDecision(code);
  await setPaymentRequestStatus(q, customerId, pay.id, 'Failed', `${code} ${reason}`, p);
  await q.query('update pay_eft_payments set return_code = $2, returned_at = $3 where id = $1', [pay.id, code, p.clock.now()]);

  let s = (await findSchedule(q, customerId, pay.schedule_id, true))!;
  const why = `Return ${code} ${reason}`;
  if (decision === 'cancel' && (s.status === 'Active' || s.status === 'OnHold')) {
    s = await cancelScheduleAndPayments(q, p, s, await pendingPaymentIds(q, customerId, s.id), why);
  } else if (decision === 'review' && s.status === 'Active') {
    s = await moveSchedule(q, p, s, 'OnHold', `${why}: review before resuming`);
  }
  let padStatus: string | null = null;
  if (s.pad_id) {
    let pad = (await findPad(q, customerId, s.pad_id, true))!;
    if (PAD_DISPUTE_CODES.has(code) && pay.direction === 'DEBIT') pad = await movePad(q, p, pad, 'Disputed', code);
    padStatus = pad.status;
  }
  result.applied.push({ paymentRequestId: pay.id, scheduleId: s.id, crossReference: item.crossReference, returnCode: code, returnReason: reason, decision, scheduleStatus: s.status, padStatus });
}
