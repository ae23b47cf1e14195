/**
 * The SQL behind Pay's operator endpoints (operator-routes.ts): one customer's schedules,
 * payment requests, PAD agreements, files, returns files and settlements, newest first, each
 * keyset-paged on (created_at, id) — `before` is the last row's key of the previous page —
 * and the status history the pay_status_history trigger keeps. Every query names the customer.
 */
import type { Queryable } from '../platform/db.ts';

/** A sort key: the creation time at microsecond precision (UTC text) and the id. */
export type Key = [string, string];

const KEY = `to_char(x.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as created_key`;
const AFTER = (n: number) => `($${n}::text is null or (x.created_at, x.id) < ($${n}::timestamp at time zone 'UTC', $${n + 1}::uuid))`;
const keyArgs = (before: Key | null) => [before?.[0] ?? null, before?.[1] ?? null];

export interface HistoryRow {
  subject_id: string;
  status: string;
  details: string | null;
  at: Date;
}

/** The status history of these rows (payment requests, schedules or PADs of the customer), oldest first. */
export async function statusHistory(q: Queryable, customerId: string, ids: string[]): Promise<Map<string, HistoryRow[]>> {
  const out = new Map<string, HistoryRow[]>();
  if (ids.length === 0) return out;
  const rows = await q.query<HistoryRow>(
    'select subject_id, status, details, at from pay_status_history where customer_id = $1 and subject_id = any($2::uuid[]) order by seq',
    [customerId, ids],
  );
  for (const r of rows) out.set(r.subject_id, [...(out.get(r.subject_id) ?? []), r]);
  return out;
}

export interface OperatorScheduleRow {
  id: string;
  direction: string;
  amount_cents: string;
  currency: string;
  frequency: string;
  start_date: string;
  end_date: string | null;
  transactions_count: number;
  status: string;
  status_details: string | null;
  party_name: string;
  party_email: string | null;
  pad_id: string | null;
  description: string | null;
  created_at: Date;
  created_key: string;
}

export async function listSchedules(q: Queryable, customerId: string, f: { status: string | null; before: Key | null; limit: number }): Promise<OperatorScheduleRow[]> {
  return q.query<OperatorScheduleRow>(
    `select x.id, x.direction, x.amount_cents, x.currency, x.frequency, to_char(x.start_date, 'YYYY-MM-DD') as start_date, to_char(x.end_date, 'YYYY-MM-DD') as end_date,
            x.transactions_count, x.status, x.status_details, x.party_name, x.party_email, x.pad_id, x.description, x.created_at, ${KEY}
       from pay_schedules x
      where x.customer_id = $1 and ($2::text is null or x.status = $2::text) and ${AFTER(3)}
      order by x.created_at desc, x.id desc limit $5::int`,
    [customerId, f.status, ...keyArgs(f.before), f.limit],
  );
}

export interface OperatorPaymentRow {
  id: string;
  kind: string;
  schedule_id: string | null;
  session_id: string | null;
  seq: number | null;
  amount_cents: string;
  reference_id: string | null;
  payment_reference_number: string;
  status: string;
  status_details: string | null;
  direction: string | null;
  due_date: string | null;
  file_id: string | null;
  return_code: number | null;
  created_at: Date;
  updated_at: Date;
  created_key: string;
}

export async function listPaymentRequests(q: Queryable, customerId: string, f: { status: string | null; scheduleId: string | null; before: Key | null; limit: number }): Promise<OperatorPaymentRow[]> {
  return q.query<OperatorPaymentRow>(
    `select x.id, x.kind, x.schedule_id, x.session_id, x.seq, x.amount_cents, x.reference_id, x.payment_reference_number, x.status, x.status_details,
            e.direction, to_char(e.due_date, 'YYYY-MM-DD') as due_date, e.file_id, e.return_code, x.created_at, x.updated_at, ${KEY}
       from pay_payment_requests x left join pay_eft_payments e on e.id = x.id and e.customer_id = x.customer_id
      where x.customer_id = $1 and ($2::text is null or x.status = $2::text) and ($6::uuid is null or x.schedule_id = $6::uuid) and ${AFTER(3)}
      order by x.created_at desc, x.id desc limit $5::int`,
    [customerId, f.status, ...keyArgs(f.before), f.limit, f.scheduleId],
  );
}

export interface OperatorPadRow {
  id: string;
  schedule_id: string;
  status: string;
  payor_name: string;
  payor_email: string | null;
  institution_code: string;
  transit_number: string;
  account_number: string;
  signed_name: string | null;
  signed_at: Date | null;
  dispute_code: number | null;
  created_at: Date;
  created_key: string;
}

export async function listPads(q: Queryable, customerId: string, f: { status: string | null; before: Key | null; limit: number }): Promise<OperatorPadRow[]> {
  return q.query<OperatorPadRow>(
    `select x.id, x.schedule_id, x.status, x.payor_name, x.payor_email, x.institution_code, x.transit_number, x.account_number,
            x.signed_name, x.signed_at, x.dispute_code, x.created_at, ${KEY}
       from pay_pads x
      where x.customer_id = $1 and ($2::text is null or x.status = $2::text) and ${AFTER(3)}
      order by x.created_at desc, x.id desc limit $5::int`,
    [customerId, f.status, ...keyArgs(f.before), f.limit],
  );
}

export interface OperatorFileRow {
  id: string;
  originator_id: string;
  file_creation_number: number;
  value_date: string;
  creation_date: string;
  records: number;
  debit_count: number;
  debit_cents: string;
  credit_count: number;
  credit_cents: string;
  created_at: Date;
  created_key: string;
}

export async function listFilesPage(q: Queryable, customerId: string, f: { before: Key | null; limit: number }): Promise<OperatorFileRow[]> {
  return q.query<OperatorFileRow>(
    `select x.id, x.originator_id, x.file_creation_number, to_char(x.value_date, 'YYYY-MM-DD') as value_date, to_char(x.creation_date, 'YYYY-MM-DD') as creation_date,
            x.records, x.debit_count, x.debit_cents, x.credit_count, x.credit_cents, x.created_at, ${KEY}
       from pay_files x
      where x.customer_id = $1 and ${AFTER(2)}
      order by x.created_at desc, x.id desc limit $4::int`,
    [customerId, ...keyArgs(f.before), f.limit],
  );
}

export interface OperatorReturnsFileRow {
  id: string;
  summary: string;
  created_at: Date;
  created_key: string;
}

/** Returns files applied (their stored result), newest first. */
export async function listReturnsFiles(q: Queryable, customerId: string, f: { before: Key | null; limit: number }): Promise<OperatorReturnsFileRow[]> {
  return q.query<OperatorReturnsFileRow>(
    `select x.id, x.summary, x.created_at, ${KEY}
       from (select id, summary, received_at as created_at from pay_return_files where customer_id = $1) x
      where ${AFTER(2)}
      order by x.created_at desc, x.id desc limit $4::int`,
    [customerId, ...keyArgs(f.before), f.limit],
  );
}

export interface SettlementDayRow {
  day: string;
  payments: number;
  debit_count: number;
  debit_cents: string;
  credit_count: number;
  credit_cents: string;
}

/**
 * Settlements by day (in the payments time zone): how many payments settled that day, and their
 * debits and credits; keyset-paged on the day (`before`: the last day of the previous page).
 */
export async function listSettlementDays(q: Queryable, customerId: string, f: { timezone: string; before: string | null; limit: number }): Promise<SettlementDayRow[]> {
  return q.query<SettlementDayRow>(
    `select to_char(d.day, 'YYYY-MM-DD') as day, d.payments, d.debit_count, d.debit_cents, d.credit_count, d.credit_cents from (
       select (e.settled_at at time zone $2)::date as day, count(*)::int as payments,
              count(*) filter (where e.direction = 'DEBIT')::int as debit_count, coalesce(sum(r.amount_cents) filter (where e.direction = 'DEBIT'), 0) as debit_cents,
              count(*) filter (where e.direction = 'CREDIT')::int as credit_count, coalesce(sum(r.amount_cents) filter (where e.direction = 'CREDIT'), 0) as credit_cents
         from pay_eft_payments e join pay_payment_requests r on r.id = e.id
        where e.customer_id = $1 and e.settled_at is not null
        group by 1) d
      where ($3::date is null or d.day < $3::date)
      order by d.day desc limit $4::int`,
    [customerId, f.timezone, f.before, f.limit],
  );
}
