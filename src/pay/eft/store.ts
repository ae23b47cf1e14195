/**
 * EFT V1 storage: contacts and their bank accounts, schedules, PAD agreements
 * and the EFT side of payments. Every query is scoped by customer_id: an id of
 * another customer is answered exactly like an unknown one.
 */
import { lockName, type Queryable } from '../../platform/db.ts';
import { isGuid } from '../../platform/ids.ts';
import type { Direction } from './codes.ts';
import type { Frequency } from './schedule.ts';

export type ScheduleStatus = 'Active' | 'OnHold' | 'Completed' | 'Cancelled';
export type PadStatus = 'Pending' | 'Signed' | 'Disputed' | 'Cancelled';

export interface ContactRow {
  id: string;
  customer_id: string;
  first_name: string | null;
  last_name: string | null;
  legal_name: string | null;
  email: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface AccountRow {
  id: string;
  customer_id: string;
  contact_id: string;
  institution_code: string;
  transit_number: string;
  account_number: string;
  created_at: Date;
}

export interface ScheduleRow {
  id: string;
  customer_id: string;
  direction: Direction;
  transaction_code: number;
  purpose_category: string | null;
  amount_cents: number;
  currency: string;
  description: string | null;
  cross_reference_number: string | null;
  frequency: Frequency;
  start_date: string;
  end_date: string | null;
  transactions_count: number;
  status: ScheduleStatus;
  status_details: string | null;
  contact_id: string;
  account_id: string;
  party_name: string;
  party_email: string | null;
  pad_id: string | null;
  created_at: Date;
  updated_at: Date;
}

export interface PadRow {
  id: string;
  customer_id: string;
  schedule_id: string;
  status: PadStatus;
  token_enc: string;
  payor_name: string;
  payor_email: string | null;
  institution_code: string;
  transit_number: string;
  account_number: string;
  signed_name: string | null;
  signed_at: Date | null;
  signed_ip: string | null;
  signed_user_agent: string | null;
  dispute_code: number | null;
  created_at: Date;
  updated_at: Date;
}

export interface SchedulePaymentRow {
  id: string;
  seq: number;
  due_date: string;
  amount_cents: number;
  status: string;
  status_details: string | null;
  payment_reference_number: string;
  file_id: string | null;
  return_code: number | null;
}

/** Dates come back as strings (to_char), never as Date objects shifted by a time zone. */
const SCHEDULE_COLUMNS = `id, customer_id, direction, transaction_code, purpose_category, amount_cents, currency, description, cross_reference_number,
  frequency, to_char(start_date, 'YYYY-MM-DD') as start_date, to_char(end_date, 'YYYY-MM-DD') as end_date, transactions_count, status, status_details,
  contact_id, account_id, party_name, party_email, pad_id, created_at, updated_at`;

export function contactName(c: Pick<ContactRow, 'first_name' | 'last_name' | 'legal_name'>): string {
  return c.legal_name ?? [c.first_name, c.last_name].filter(Boolean).join(' ');
}

export async function findContact(q: Queryable, customerId: string, id: string, lock = false): Promise<ContactRow | null> {
  if (!isGuid(id)) return null;
  const rows = await q.query<ContactRow>(`select * from pay_contacts where customer_id = $1 and id = $2${lock ? ' for update' : ''}`, [customerId, id.toLowerCase()]);
  return rows[0] ?? null;
}

export async function findAccount(q: Queryable, customerId: string, id: string): Promise<AccountRow | null> {
  if (!isGuid(id)) return null;
  const rows = await q.query<AccountRow>('select * from pay_contact_accounts where customer_id = $1 and id = $2', [customerId, id.toLowerCase()]);
  return rows[0] ?? null;
}

export async function accountsOf(q: Queryable, customerId: string, contactId: string): Promise<AccountRow[]> {
  return q.query<AccountRow>('select * from pay_contact_accounts where customer_id = $1 and contact_id = $2 order by created_at, id', [customerId, contactId]);
}

export async function insertContact(q: Queryable, c: Omit<ContactRow, 'created_at' | 'updated_at'>, at: Date): Promise<ContactRow> {
  const rows = await q.query<ContactRow>(
    `insert into pay_contacts (id, customer_id, first_name, last_name, legal_name, email, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $7) returning *`,
    [c.id, c.customer_id, c.first_name, c.last_name, c.legal_name, c.email, at],
  );
  return rows[0]!;
}

/**
 * Serialises, until the transaction ends, the creates that would make a contact with these
 * names: two transactions for a new payor sent together (two replicas, a retry without an
 * Idempotency-Key) would otherwise both miss findContactByName and create the person twice.
 * Names are not unique (POST /contacts may create namesakes), so this is a lock, not a key.
 */
export async function lockContactName(q: Queryable, customerId: string, names: { first: string | null; last: string | null; legal: string | null }): Promise<void> {
  await lockName(q, 'pay_contacts', customerId, names.first, names.last, names.legal);
}

/** A contact of this customer with exactly these names (the newest), for reuse. */
export async function findContactByName(q: Queryable, customerId: string, names: { first: string | null; last: string | null; legal: string | null }): Promise<ContactRow | null> {
  const rows = await q.query<ContactRow>(
    `select * from pay_contacts where customer_id = $1 and first_name is not distinct from $2 and last_name is not distinct from $3 and legal_name is not distinct from $4
     order by created_at desc limit 1`,
    [customerId, names.first, names.last, names.legal],
  );
  return rows[0] ?? null;
}

/** The account of a contact with these numbers, created when new. */
export async function ensureAccount(q: Queryable, a: Omit<AccountRow, 'created_at'>, at: Date): Promise<AccountRow> {
  await q.query(
    `insert into pay_contact_accounts (id, customer_id, contact_id, institution_code, transit_number, account_number, created_at)
     values ($1, $2, $3, $4, $5, $6, $7) on conflict (customer_id, contact_id, institution_code, transit_number, account_number) do nothing`,
    [a.id, a.customer_id, a.contact_id, a.institution_code, a.transit_number, a.account_number, at],
  );
  const rows = await q.query<AccountRow>(
    'select * from pay_contact_accounts where customer_id = $1 and contact_id = $2 and institution_code = $3 and transit_number = $4 and account_number = $5',
    [a.customer_id, a.contact_id, a.institution_code, a.transit_number, a.account_number],
  );
  return rows[0]!;
}

export async function insertSchedule(q: Queryable, s: Omit<ScheduleRow, 'created_at' | 'updated_at'>, at: Date): Promise<void> {
  await q.query(
    `insert into pay_schedules (id, customer_id, direction, transaction_code, purpose_category, amount_cents, currency, description, cross_reference_number,
       frequency, start_date, end_date, transactions_count, status, status_details, contact_id, account_id, party_name, party_email, pad_id, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, $21, $21)`,
    [s.id, s.customer_id, s.direction, s.transaction_code, s.purpose_category, s.amount_cents, s.currency, s.description, s.cross_reference_number,
      s.frequency, s.start_date, s.end_date, s.transactions_count, s.status, s.status_details, s.contact_id, s.account_id, s.party_name, s.party_email, s.pad_id, at],
  );
}

export async function findSchedule(q: Queryable, customerId: string, id: string, lock = false): Promise<ScheduleRow | null> {
  if (!isGuid(id)) return null;
  const rows = await q.query<ScheduleRow>(`select ${SCHEDULE_COLUMNS} from pay_schedules where customer_id = $1 and id = $2${lock ? ' for update' : ''}`, [customerId, id.toLowerCase()]);
  return rows[0] ?? null;
}

export async function setScheduleStatus(q: Queryable, customerId: string, id: string, status: ScheduleStatus, details: string | null, at: Date): Promise<ScheduleRow> {
  const rows = await q.query<ScheduleRow>(
    `update pay_schedules set status = $3, status_details = $4, updated_at = $5 where customer_id = $1 and id = $2 returning ${SCHEDULE_COLUMNS}`,
    [customerId, id, status, details, at],
  );
  return rows[0]!;
}

export async function setSchedulePad(q: Queryable, customerId: string, id: string, padId: string): Promise<void> {
  await q.query('update pay_schedules set pad_id = $3 where customer_id = $1 and id = $2', [customerId, id, padId]);
}

export async function schedulePayments(q: Queryable, customerId: string, scheduleId: string): Promise<SchedulePaymentRow[]> {
  return q.query<SchedulePaymentRow>(
    `select r.id, e.seq, to_char(e.due_date, 'YYYY-MM-DD') as due_date, r.amount_cents, r.status, r.status_details, r.payment_reference_number, e.file_id, e.return_code
     from pay_eft_payments e join pay_payment_requests r on r.id = e.id
     where e.customer_id = $1 and e.schedule_id = $2 order by e.seq`,
    [customerId, scheduleId],
  );
}

/** Inserts the EFT rows of a schedule's payments (their payment requests exist already). */
export async function insertEftPayments(q: Queryable, customerId: string, scheduleId: string, direction: Direction, payments: { id: string; seq: number; dueDate: string }[]): Promise<void> {
  if (payments.length === 0) return;
  await q.query(
    `insert into pay_eft_payments (id, customer_id, schedule_id, seq, direction, due_date)
     select x.id, $1, $2, x.seq, $3, x.due from unnest($4::uuid[], $5::int[], $6::date[]) as x(id, seq, due)`,
    [customerId, scheduleId, direction, payments.map((x) => x.id), payments.map((x) => x.seq), payments.map((x) => x.dueDate)],
  );
}

export async function insertPad(q: Queryable, pad: Omit<PadRow, 'created_at' | 'updated_at' | 'signed_name' | 'signed_at' | 'signed_ip' | 'signed_user_agent' | 'dispute_code'>, at: Date): Promise<void> {
  await q.query(
    `insert into pay_pads (id, customer_id, schedule_id, status, token_enc, payor_name, payor_email, institution_code, transit_number, account_number, created_at, updated_at)
     values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11)`,
    [pad.id, pad.customer_id, pad.schedule_id, pad.status, pad.token_enc, pad.payor_name, pad.payor_email, pad.institution_code, pad.transit_number, pad.account_number, at],
  );
}

export async function findPad(q: Queryable, customerId: string, id: string, lock = false): Promise<PadRow | null> {
  if (!isGuid(id)) return null;
  const rows = await q.query<PadRow>(`select * from pay_pads where customer_id = $1 and id = $2${lock ? ' for update' : ''}`, [customerId, id.toLowerCase()]);
  return rows[0] ?? null;
}

/** A PAD by id alone: the signing page knows no customer, only the id and its token. */
export async function findPadForSigning(q: Queryable, id: string, lock = false): Promise<PadRow | null> {
  if (!isGuid(id)) return null;
  const rows = await q.query<PadRow>(`select * from pay_pads where id = $1${lock ? ' for update' : ''}`, [id.toLowerCase()]);
  return rows[0] ?? null;
}

export async function signPad(q: Queryable, customerId: string, id: string, s: { name: string; ip: string | null; userAgent: string | null }, at: Date): Promise<PadRow> {
  const rows = await q.query<PadRow>(
    `update pay_pads set status = 'Signed', signed_name = $3, signed_at = $4, signed_ip = $5, signed_user_agent = $6, updated_at = $4
     where customer_id = $1 and id = $2 returning *`,
    [customerId, id, s.name, at, s.ip, s.userAgent],
  );
  return rows[0]!;
}

export async function setPadStatus(q: Queryable, customerId: string, id: string, status: PadStatus, disputeCode: number | null, at: Date): Promise<PadRow> {
  const rows = await q.query<PadRow>(
    'update pay_pads set status = $3, dispute_code = coalesce($4, dispute_code), updated_at = $5 where customer_id = $1 and id = $2 returning *',
    [customerId, id, status, disputeCode, at],
  );
  return rows[0]!;
}

/** The schedule's payments still waiting to be filed, locked (cancel, hold). */
export async function pendingPaymentIds(q: Queryable, customerId: string, scheduleId: string): Promise<string[]> {
  const rows = await q.query<{ id: string }>(
    `select r.id from pay_payment_requests r join pay_eft_payments e on e.id = r.id
     where e.customer_id = $1 and e.schedule_id = $2 and r.status = 'Initiated' and e.file_id is null order by e.seq for update of r`,
    [customerId, scheduleId],
  );
  return rows.map((r) => r.id);
}

/** What a payment request's wire adds for an EFT payment (due date, direction, file, return code), or null. */
export async function eftPaymentFacts(q: Queryable, customerId: string, id: string): Promise<{ due_date: string; direction: string; file_id: string | null; return_code: number | null; xref: number } | null> {
  const rows = await q.query<{ due_date: string; direction: string; file_id: string | null; return_code: number | null; xref: number }>(
    "select to_char(due_date, 'YYYY-MM-DD') as due_date, direction, file_id, return_code, xref from pay_eft_payments where customer_id = $1 and id = $2",
    [customerId, id],
  );
  return rows[0] ?? null;
}

/** Whether any payment of a schedule was sent in a file, and whether any is still Initiated. */
export async function scheduleProgress(q: Queryable, customerId: string, scheduleId: string): Promise<{ sent: boolean; pending: boolean }> {
  const left = await q.query<{ sent: boolean | null; pending: boolean | null }>(
    `select bool_or(e.file_id is not null) as sent, bool_or(r.status = 'Initiated') as pending
     from pay_eft_payments e join pay_payment_requests r on r.id = e.id where e.customer_id = $1 and e.schedule_id = $2`,
    [customerId, scheduleId],
  );
  return { sent: Boolean(left[0]?.sent), pending: Boolean(left[0]?.pending) };
}

/** Locks an EFT payment's row; answers whether it is still out of any file (true for an id that is not EFT). */
export async function lockUnfiled(q: Queryable, customerId: string, id: string): Promise<boolean> {
  const rows = await q.query<{ file_id: string | null }>('select file_id from pay_eft_payments where customer_id = $1 and id = $2 for update', [customerId, id]);
  return !rows[0] || rows[0].file_id === null;
}
