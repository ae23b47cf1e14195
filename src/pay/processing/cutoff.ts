/**
 * The daily cut-off: a customer's EFT payments due on or before a value date
 * become one CPA-005 file of its originator, in one transaction:
 *
 *   1. claim the cut-off (customer, value date): a row whose primary key makes a
 *      second run wait for the first and then find it done; a run killed half-way
 *      rolls back and leaves the claim free for a retry;
 *   2. lock the due payments (still Initiated, schedule Active, debit PAD signed);
 *   3. take the originator's next file creation number (a row lock serializes
 *      originators shared by several customers; the number is only used if the
 *      file commits);
 *   4. write the file, mark each payment filed (only if still unfiled: the count
 *      must match, else the whole run rolls back) and Processed, with webhooks.
 *
 * So a payment lands in exactly one file, whatever the number of workers and
 * wherever a process dies.
 */
import type { Queryable } from '../../platform/db.ts';
import type { Platform } from '../../platform/platform.ts';
import { newId } from '../../platform/ids.ts';
import { buildFile, type FileItem } from '../cpa005/file.ts';
import { institutionId } from '../cpa005/fields.ts';
import { originatorOf, type PayConfig } from '../config.ts';
import { setPaymentRequestsStatus } from '../payment-requests.ts';
import { moveSchedule } from '../eft/service.ts';
import { dateIn } from '../eft/dates.ts';
import { claimCutoff, fileOfCutoff, insertFile, lockDuePayments, lockSchedulesAllSent, markFiled, nextFileCreationNumber, recordCutoffFile, type FileSummary } from './store.ts';

export interface CutoffHooks {
  /** Called inside the transaction once the payments are locked (tests use it to stop a worker mid-cut-off). */
  onLocked?(count: number): Promise<void> | void;
}

/**
 * Runs the cut-off of one customer for one value date, once. Answers the file
 * (the one made now or by an earlier run), or null when nothing was due.
 */
export async function runCutoff(p: Platform, config: PayConfig, customerId: string, valueDate: string, hooks: CutoffHooks = {}): Promise<{ file: FileSummary | null; created: boolean }> {
  return p.db.tx((q) => runCutoffIn(q, p, config, customerId, valueDate, hooks));
}

/** The cut-off inside the caller's transaction (POST /files runs it under its Idempotency-Key). */
export async function runCutoffIn(q: Queryable, p: Platform, config: PayConfig, customerId: string, valueDate: string, hooks: CutoffHooks = {}): Promise<{ file: FileSummary | null; created: boolean }> {
  const now = p.clock.now();
  if (!(await claimCutoff(q, customerId, valueDate, now))) return { file: await fileOfCutoff(q, customerId, valueDate), created: false };
  const due = await lockDuePayments(q, customerId, valueDate);
  await hooks.onLocked?.(due.length);
  if (due.length === 0) return { file: null, created: false };

  const originatorId = originatorOf(config, customerId);
  const fcn = await nextFileCreationNumber(q, originatorId, config.fileCreationNumberStart);
  const creationDate = dateIn(config.timezone, now);
  const items: FileItem[] = due.map((d) => ({
    type: d.direction === 'DEBIT' ? 'D' : 'C',
    transactionType: d.transaction_code,
    amountCents: Number(d.amount_cents),
    date: valueDate,
    institutionId: institutionId(d.institution_code, d.transit_number),
    accountNumber: d.account_number,
    originatorShortName: config.originatorShortName,
    name: d.party_name,
    originatorLongName: config.originatorLongName,
    userId: originatorId,
    crossReference: String(d.xref).padStart(19, '0'),
    returnInstitutionId: config.returnInstitutionId,
    returnAccountNumber: config.returnAccountNumber,
    sundry: d.description ?? '',
  }));
  const built = buildFile({ originatorId, fileCreationNumber: fcn, creationDate, destinationDataCentre: config.destinationDataCentre, currency: 'CAD' }, items);
  const fileId = newId();
  const file = await insertFile(q, {
    id: fileId, customerId, originatorId, fileCreationNumber: fcn, valueDate, creationDate, records: built.records, debitCount: built.totals.debitCount,
    debitCents: built.totals.debitCents, creditCount: built.totals.creditCount, creditCents: built.totals.creditCents, content: built.text, createdAt: now,
  });
  const ids = due.map((d) => d.id);
  const filed = await markFiled(q, customerId, fileId, ids, built.placements);
  // Belt and braces: the locks above make this impossible; if it ever happened, nothing commits.
  if (filed.length !== ids.length) throw new Error(`cut-off ${customerId} ${valueDate}: ${ids.length - filed.length} payments were filed concurrently; rolled back`);
  await setPaymentRequestsStatus(q, customerId, ids, ['Initiated'], 'Processed', `Sent in file ${fcn} for ${valueDate}`, p);
  await recordCutoffFile(q, customerId, valueDate, fileId);
  await completeSchedules(q, p, customerId, [...new Set(due.map((d) => d.schedule_id))]);
  return { file, created: true };
}

/** Schedules whose every payment has left Initiated are Completed. */
async function completeSchedules(q: Queryable, p: Platform, customerId: string, scheduleIds: string[]): Promise<void> {
  for (const s of await lockSchedulesAllSent(q, customerId, scheduleIds)) await moveSchedule(q, p, s, 'Completed', 'Every payment has been sent');
}
