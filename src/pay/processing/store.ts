/**
 * The SQL of processing: CPA-005 files, the cut-off claims, the originator's
 * file creation numbers and the payments a cut-off files. Every query filters
 * on the customer; the locks taken here are what make a cut-off run exactly
 * once (processing/cutoff.ts tells the order they are taken in).
 */
import type { Queryable } from '../../platform/db.ts';
import { isGuid } from '../../platform/ids.ts';
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

/** A new file, with its text, as the cut-off wrote it. */
export interface NewFile extends FileSummary {
  content: string;
}

export async function insertFile(q: Queryable, f: NewFile): Promise<FileSummary> {
  const rows = await q.query<FileRow>(
    `insert into pay_files (id, customer_id, originator_id, file_creation_number, value_date, creation_date, records, debit_count, debit_cents, credit_count, credit_cents, content, created_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13) returning ${FILE_COLUMNS}`,
    [f.id, f.customerId, f.originatorId, f.fileCreationNumber, f.valueDate, f.creationDate, f.records, f.debitCount, f.debitCents, f.creditCount, f.creditCents, f.content, f.createdAt],
  );
  return summary(rows[0]!);
}

/**
 * Claims the cut-off of (customer, value date): its primary key makes a second
 * run wait for the first and then find it done. Answers whether this run claimed it.
 */
export async function claimCutoff(q: Queryable, customerId: string, valueDate: string, now: Date): Promise<boolean> {
  const claimed = await q.query('insert into pay_cutoffs (customer_id, value_date, ran_at) values ($1, $2, $3) on conflict do nothing returning value_date', [customerId, valueDate, now]);
  return claimed.length > 0;
}

/** The file an earlier cut-off of (customer, value date) made, or null when nothing was due then. */
export async function fileOfCutoff(q: Queryable, customerId: string, valueDate: string): Promise<FileSummary | null> {
  const rows = await q.query<FileRow>(
    `select ${FILE_COLUMNS} from pay_files where id = (select file_id from pay_cutoffs where customer_id = $1 and value_date = $2) and customer_id = $1`,
    [customerId, valueDate],
  );
  return rows[0] ? summary(rows[0]) : null;
}

export async function recordCutoffFile(q: Queryable, customerId: string, valueDate: string, fileId: string): Promise<void> {
  await q.query('update pay_cutoffs set file_id = $3 where customer_id = $1 and value_date = $2', [customerId, valueDate, fileId]);
}

/** A payment due at a cut-off, with what its CPA-005 segment needs. */
export interface DuePayment {
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

/** Locks the customer's payments due on or before the value date: still Initiated, schedule Active, a debit's PAD signed. */
export async function lockDuePayments(q: Queryable, customerId: string, valueDate: string): Promise<DuePayment[]> {
  return q.query<DuePayment>(
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
}

/** Takes the originator's next file creation number (1-9999, then 1 again). */
export async function nextFileCreationNumber(q: Queryable, originatorId: string, start: number): Promise<number> {
  const rows = await q.query<{ last_number: number }>(
    `insert into pay_file_sequences (originator_id, last_number) values ($1, $2)
     on conflict (originator_id) do update set last_number = case when pay_file_sequences.last_number >= 9999 then 1 else pay_file_sequences.last_number + 1 end
     returning last_number`,
    [originatorId, start],
  );
  return rows[0]!.last_number;
}

/** Marks payments filed at their place in the file, only those still unfiled; answers the ids marked. */
export async function markFiled(q: Queryable, customerId: string, fileId: string, ids: string[], placements: readonly { record: number; segment: number }[]): Promise<string[]> {
  const rows = await q.query<{ id: string }>(
    `update pay_eft_payments e set file_id = $1, file_record = x.rec, file_segment = x.seg
     from unnest($2::uuid[], $3::int[], $4::int[]) as x(id, rec, seg)
     where e.id = x.id and e.customer_id = $5 and e.file_id is null returning e.id`,
    [fileId, ids, placements.map((x) => x.record), placements.map((x) => x.segment), customerId],
  );
  return rows.map((r) => r.id);
}

/** Locks the Active schedules among these whose every payment has left Initiated. */
export async function lockSchedulesAllSent(q: Queryable, customerId: string, scheduleIds: string[]): Promise<ScheduleRow[]> {
  return q.query<ScheduleRow>(
    `select id, customer_id, status, cross_reference_number from pay_schedules s
     where s.customer_id = $1 and s.id = any($2::uuid[]) and s.status = 'Active'
       and not exists (select 1 from pay_payment_requests r where r.schedule_id = s.id and r.status = 'Initiated')
     for update`,
    [customerId, scheduleIds],
  );
}

/** The customers with payments due (unfiled) on or before a value date. */
export async function customersWithDuePayments(q: Queryable, valueDate: string): Promise<string[]> {
  const rows = await q.query<{ customer_id: string }>('select distinct customer_id from pay_eft_payments where file_id is null and due_date <= $1', [valueDate]);
  return rows.map((r) => r.customer_id);
}
