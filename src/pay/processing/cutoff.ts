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
import { isGuid, newId } from '../../platform/ids.ts';
import { buildFile, type FileItem } from '../cpa005/file.ts';
import { institutionId } from '../cpa005/fields.ts';
import { originatorOf, type PayConfig } from '../config.ts';
import { setPaymentRequestsStatus } from '../payment-requests.ts';
import { moveSchedule } from '../eft/service.ts';
import { dateIn } from '../eft/dates.ts';
import type { ScheduleRow } from '../eft/store.ts';

export interface FileSummary {
  id: string;
  customerId: string;
  originatorId: string;
  fileCreationNumber: number;
  valueDate: string;
  creationDate: string;
  records: number;
  debitCount: number;
  debitCents: number;
  creditCount: number;
  creditCents: number;
  createdAt: Date;
}

interface FileRow {
  id: string;
  customer_id: string;
  originator_id: string;
  file_creation_number: number;
  value_date: string;
  creation_date: string;
  records: number;
  debit_count: number;
  debit_cents: number;
  credit_count: number;
  credit_cents: number;
  created_at: Date;
}

const FILE_COLUMNS = `id, customer_id, originator_id, file_creation_number, to_char(value_date, 'YYYY-MM-DD') as value_date,
  to_char(creation_date, 'YYYY-MM-DD') as creation_date, records, debit_count, debit_cents, credit_count, credit_cents, created_at`;

function summary(r: FileRow): FileSummary {
  return {
    id: r.id,
    customerId: r.customer_id,
    originatorId: r.originator_id,
    fileCreationNumber: r.file_creation_number,
    valueDate: r.value_date,
    creationDate: r.creation_date,
    records: r.records,
    debitCount: r.debit_count,
    debitCents: Number(r.debit_cents),
    creditCount: r.credit_count,
    creditCents: Number(r.credit_cents),
    createdAt: new Date(r.created_at),
  };
}

export function fileJson(f: FileSummary): Record<string, unknown> {
  return {
    id: f.id,
    valueDate: f.valueDate,
    creationDate: f.creationDate,
    fileCreationNumber: f.fileCreationNumber,
    originatorId: f.originatorId,
    records: f.records,
    debitCount: f.debitCount,
    debitTotal: f.debitCents / 100,
    creditCount: f.creditCount,
    creditTotal: f.creditCents / 100,
    createdAt: f.createdAt.toISOString(),
  };
}

export async function findFile(q: Queryable, customerId: string, id: string): Promise<FileSummary | null> {
  if (!isGuid(id)) return null;
  const rows = await q.query<FileRow>(`select ${FILE_COLUMNS} from pay_files where customer_id = $1 and id = $2`, [customerId, id.toLowerCase()]);
  return rows[0] ? summary(rows[0]) : null;
}

export async function fileContent(q: Queryable, customerId: string, id: string): Promise<string | null> {
  if (!isGuid(id)) return null;
  const rows = await q.query<{ content: string }>('select content from pay_files where customer_id = $1 and id = $2', [customerId, id.toLowerCase()]);
  return rows[0]?.content ?? null;
}

export async function listFiles(q: Queryable, customerId: string, valueDate?: string): Promise<FileSummary[]> {
  const rows = await q.query<FileRow>(
    `select ${FILE_COLUMNS} from pay_files where customer_id = $1 and ($2::date is null or value_date = $2::date) order by value_date desc, created_at desc limit 500`,
    [customerId, valueDate ?? null],
  );
  return rows.map(summary);
}

interface DueRow {
  id: string;
  amount_cents: number;
  direction: 'DEBIT' | 'CREDIT';
  xref: number;
  schedule_id: string;
  transaction_code: number;
  party_name: string;
  description: string | null;
  institution_code: string;
  transit_number: string;
  account_number: string;
}

/** Takes the originator's next file creation number (1-9999, then 1 again). */
async function nextFileCreationNumber(q: Queryable, originatorId: string, start: number): Promise<number> {
  const rows = await q.query<{ last_number: number }>(
    `insert into pay_file_sequences (originator_id, last_number) values ($1, $2)
     on conflict (originator_id) do update set last_number = case when pay_file_sequences.last_number >= 9999 then 1 else pay_file_sequences.last_number + 1 end
     returning last_number`,
    [originatorId, start],
  );
  return rows[0]!.last_number;
}

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
  const claimed = await q.query('insert into pay_cutoffs (customer_id, value_date, ran_at) values ($1, $2, $3) on conflict do nothing returning value_date', [customerId, valueDate, now]);
  if (claimed.length === 0) {
    const rows = await q.query<FileRow>(
      `select ${FILE_COLUMNS} from pay_files where id = (select file_id from pay_cutoffs where customer_id = $1 and value_date = $2) and customer_id = $1`,
      [customerId, valueDate],
    );
    return { file: rows[0] ? summary(rows[0]) : null, created: false };
  }
  const due = await q.query<DueRow>(
    `select r.id, r.amount_cents, e.direction, e.xref, e.schedule_id, s.transaction_code, s.party_name, s.description,
            a.institution_code, a.transit_number, a.account_number
     from pay_eft_payments e
     join pay_payment_requests r on r.id = e.id
     join pay_schedules s on s.id = e.schedule_id
     join pay_contact_accounts a on a.id = s.account_id
     left join pay_pads d on d.id = s.pad_id
     where e.customer_id = $1 and e.file_id is null and e.due_date <= $2 and r.status = 'Initiated' and s.status = 'Active'
       and (e.direction = 'CREDIT' or d.status = 'Signed')
     order by e.due_date, e.xref
     for update of e, r`,
    [customerId, valueDate],
  );
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
  const rows = await q.query<FileRow>(
    `insert into pay_files (id, customer_id, originator_id, file_creation_number, value_date, creation_date, records, debit_count, debit_cents, credit_count, credit_cents, content, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) returning ${FILE_COLUMNS}`,
    [fileId, customerId, originatorId, fcn, valueDate, creationDate, built.records, built.totals.debitCount, built.totals.debitCents, built.totals.creditCount, built.totals.creditCents, built.text, now],
  );
  const ids = due.map((d) => d.id);
  const filed = await q.query<{ id: string }>(
    `update pay_eft_payments e set file_id = $1, file_record = x.rec, file_segment = x.seg
     from unnest($2::uuid[], $3::int[], $4::int[]) as x(id, rec, seg)
     where e.id = x.id and e.customer_id = $5 and e.file_id is null returning e.id`,
    [fileId, ids, built.placements.map((x) => x.record), built.placements.map((x) => x.segment), customerId],
  );
  // Belt and braces: the locks above make this impossible; if it ever happened, nothing commits.
  if (filed.length !== ids.length) throw new Error(`cut-off ${customerId} ${valueDate}: ${ids.length - filed.length} payments were filed concurrently; rolled back`);
  await setPaymentRequestsStatus(q, customerId, ids, ['Initiated'], 'Processed', `Sent in file ${fcn} for ${valueDate}`, p);
  await q.query('update pay_cutoffs set file_id = $3 where customer_id = $1 and value_date = $2', [customerId, valueDate, fileId]);
  await completeSchedules(q, p, customerId, [...new Set(due.map((d) => d.schedule_id))]);
  return { file: summary(rows[0]!), created: true };
}

/** Schedules whose every payment has left Initiated are Completed. */
async function completeSchedules(q: Queryable, p: Platform, customerId: string, scheduleIds: string[]): Promise<void> {
  const done = await q.query<ScheduleRow>(
    `select id, customer_id, status, cross_reference_number from pay_schedules s
     where s.customer_id = $1 and s.id = any($2::uuid[]) and s.status = 'Active'
       and not exists (select 1 from pay_payment_requests r where r.schedule_id = s.id and r.status = 'Initiated')
     for update`,
    [customerId, scheduleIds],
  );
  for (const s of done) await moveSchedule(q, p, s, 'Completed', 'Every payment has been sent');
}

/** The customers with payments due (unfiled) on or before a value date. */
export async function customersWithDuePayments(q: Queryable, valueDate: string): Promise<string[]> {
  const rows = await q.query<{ customer_id: string }>('select distinct customer_id from pay_eft_payments where file_id is null and due_date <= $1', [valueDate]);
  return rows.map((r) => r.customer_id);
}
