/**
 * EFT V1 use cases: create a transaction (its contact, account, schedule,
 * payments and, for a debit, its PAD agreement, in one transaction), read and
 * cancel schedules, sign a PAD. Every state change writes its webhook in the
 * same transaction.
 */
import { randomBytes } from 'node:crypto';
import type { Queryable } from '../../platform/db.ts';
import type { Platform } from '../../platform/platform.ts';
import type { Tenant } from '../../platform/tenants.ts';
import { newId } from '../../platform/ids.ts';
import { invalidField, payErrors } from '../errors.ts';
import { createPaymentRequest, setPaymentRequestsStatus } from '../payment-requests.ts';
import type { ValidTransaction } from './validate.ts';
import {
  accountsOf,
  contactName,
  ensureAccount,
  findAccount,
  findContact,
  findContactByName,
  findPad,
  findSchedule,
  insertContact,
  insertEftPayments,
  insertPad,
  insertSchedule,
  lockContactName,
  pendingPaymentIds,
  schedulePayments,
  setPadStatus,
  setSchedulePad,
  setScheduleStatus,
  signPad,
  type AccountRow,
  type ContactRow,
  type PadRow,
  type PadStatus,
  type ScheduleRow,
  type ScheduleStatus,
} from './store.ts';
import { contactJson, createdScheduleJson, padJson, scheduleJson } from './wire.ts';

export const SCHEDULE_WEBHOOK = 'ScheduleStatusChanged';
export const PAD_WEBHOOK = 'PadStatusChanged';

async function webhook(q: Queryable, p: Platform, customerId: string, type: string, body: Record<string, unknown>): Promise<void> {
  const tenant = await p.tenants.find(customerId, q);
  if (tenant?.webhookUrl) await p.webhooks.enqueue(q, tenant, type, { eventType: type, ...body, when: p.clock.now().toISOString() });
}

/** Moves a schedule and writes its webhook. */
export async function moveSchedule(q: Queryable, p: Platform, s: ScheduleRow, status: ScheduleStatus, details: string | null): Promise<ScheduleRow> {
  if (s.status === status) return s;
  const next = await setScheduleStatus(q, s.customer_id, s.id, status, details, p.clock.now());
  await webhook(q, p, s.customer_id, SCHEDULE_WEBHOOK, { scheduleId: s.id, previousStatus: s.status, status, statusDetails: details, crossReferenceNumber: s.cross_reference_number });
  return next;
}

/** Moves a PAD agreement and writes its webhook. */
export async function movePad(q: Queryable, p: Platform, pad: PadRow, status: PadStatus, disputeCode: number | null = null): Promise<PadRow> {
  if (pad.status === status) return pad;
  const next = await setPadStatus(q, pad.customer_id, pad.id, status, disputeCode, p.clock.now());
  await webhook(q, p, pad.customer_id, PAD_WEBHOOK, { padId: pad.id, scheduleId: pad.schedule_id, previousStatus: pad.status, status, disputeCode });
  return next;
}

/** The URL where the payor reads and signs a PAD agreement. */
export function padLinkOf(p: Platform, baseUrl: string, pad: PadRow): string {
  return `${(p.config.publicUrl ?? baseUrl).replace(/\/+$/, '')}/pay/pad/${pad.id}?token=${encodeURIComponent(p.keys.decrypt(pad.token_enc))}`;
}

/** The contact and account a transaction names: existing ones by id, or found/created from names and numbers. */
async function resolveParty(q: Queryable, p: Platform, customerId: string, v: ValidTransaction, at: string): Promise<{ contact: ContactRow; account: AccountRow }> {
  const now = p.clock.now();
  const { account: acc, contact: con, email } = v.party;
  let contact: ContactRow | null;
  let account: AccountRow | null = null;
  if ('accountId' in acc) {
    account = await findAccount(q, customerId, acc.accountId);
    if (!account) throw invalidField(`${at}.accountInfo.accountId`, `account ${acc.accountId} was not found`);
  }
  if ('contactId' in con) {
    contact = await findContact(q, customerId, con.contactId);
    if (!contact) throw invalidField(`${at}.contactInfo.contactId`, `contact ${con.contactId} was not found`);
    if (account && account.contact_id !== contact.id) throw invalidField(`${at}.accountInfo.accountId`, `account ${account.id} does not belong to contact ${contact.id}`);
  } else if (account) {
    contact = (await findContact(q, customerId, account.contact_id))!;
  } else {
    const names = 'legalName' in con ? { first: null, last: null, legal: con.legalName } : { first: con.firstName, last: con.lastName, legal: null };
    await lockContactName(q, customerId, names);
    contact = await findContactByName(q, customerId, names);
    contact ??= await insertContact(q, { id: newId(), customer_id: customerId, first_name: names.first, last_name: names.last, legal_name: names.legal, email }, now);
  }
  if (!account && !('accountId' in acc)) {
    account = await ensureAccount(q, { id: newId(), customer_id: customerId, contact_id: contact.id, institution_code: acc.institutionCode, transit_number: acc.transitNumber, account_number: acc.accountNumber }, now);
  }
  return { contact, account: account! };
}

/** POST /api/v1/transactions, after validation: the answer's body. */
export async function createTransaction(q: Queryable, p: Platform, tenant: Tenant, v: ValidTransaction): Promise<Record<string, unknown>> {
  const now = p.clock.now();
  const { contact, account } = await resolveParty(q, p, tenant.id, v, v.direction === 'DEBIT' ? '[0].payor' : '[0].payee');
  const schedule: Omit<ScheduleRow, 'created_at' | 'updated_at'> = {
    id: newId(),
    customer_id: tenant.id,
    direction: v.direction,
    transaction_code: v.transactionCode,
    purpose_category: v.purposeCategory,
    amount_cents: v.amountCents,
    currency: v.currency,
    description: v.description,
    cross_reference_number: v.crossReferenceNumber,
    frequency: v.frequency,
    start_date: v.startDate,
    end_date: v.endDate,
    transactions_count: v.transactionsCount,
    status: 'Active',
    status_details: null,
    contact_id: contact.id,
    account_id: account.id,
    party_name: contactName(contact),
    party_email: v.party.email ?? contact.email,
    pad_id: null,
  };
  await insertSchedule(q, schedule, now);
  let pad: PadRow | null = null;
  if (v.direction === 'DEBIT') {
    // A debit needs the payor's authorization (Rule H1): its agreement is created now, signed on padLink.
    const id = newId();
    await insertPad(q, {
      id,
      customer_id: tenant.id,
      schedule_id: schedule.id,
      status: 'Pending',
      token_enc: p.keys.encrypt(randomBytes(24).toString('base64url')),
      payor_name: schedule.party_name,
      payor_email: schedule.party_email,
      institution_code: account.institution_code,
      transit_number: account.transit_number,
      account_number: account.account_number,
    }, now);
    await setSchedulePad(q, tenant.id, schedule.id, id);
    schedule.pad_id = id;
    pad = await findPad(q, tenant.id, id);
  }
  const payments: { id: string; seq: number; dueDate: string }[] = [];
  for (let i = 0; i < v.dueDates.length; i++) {
    const { id } = await createPaymentRequest(q, { customerId: tenant.id, kind: 'eft', amountCents: v.amountCents, referenceId: v.crossReferenceNumber ?? undefined, scheduleId: schedule.id, seq: i + 1 }, p);
    payments.push({ id, seq: i + 1, dueDate: v.dueDates[i]! });
  }
  await insertEftPayments(q, tenant.id, schedule.id, v.direction, payments);
  const row = (await findSchedule(q, tenant.id, schedule.id))!;
  return { schedules: [createdScheduleJson(row, pad, payments.map((x) => x.id))] };
}

export async function getSchedule(q: Queryable, customerId: string, id: string): Promise<Record<string, unknown>> {
  const s = await findSchedule(q, customerId, id);
  if (!s) throw payErrors.scheduleNotFound(id);
  const pad = s.pad_id ? await findPad(q, customerId, s.pad_id) : null;
  return scheduleJson(s, pad, await schedulePayments(q, customerId, s.id));
}

/**
 * Cancels a schedule: its payments not yet filed are cancelled, the rest stay
 * as they are (a filed payment is in the bank's hands). A schedule with nothing
 * left to cancel, or already finished, "cannot be cancelled" (Flinks' answer).
 */
export async function cancelSchedule(q: Queryable, p: Platform, customerId: string, id: string, reason = 'Cancelled by API'): Promise<ScheduleRow> {
  const s = await findSchedule(q, customerId, id, true);
  if (!s) throw payErrors.scheduleNotFound(id);
  if (s.status !== 'Active' && s.status !== 'OnHold') throw payErrors.scheduleNotCancellable();
  const pending = await pendingPaymentIds(q, customerId, s.id);
  if (pending.length === 0) throw payErrors.scheduleNotCancellable();
  return cancelScheduleAndPayments(q, p, s, pending, reason);
}

export async function cancelScheduleAndPayments(q: Queryable, p: Platform, s: ScheduleRow, pending: string[], reason: string): Promise<ScheduleRow> {
  await setPaymentRequestsStatus(q, s.customer_id, pending, ['Initiated', 'Processing'], 'Cancelled', reason, p);
  const next = await moveSchedule(q, p, s, 'Cancelled', reason);
  if (s.pad_id) {
    const pad = await findPad(q, s.customer_id, s.pad_id, true);
    if (pad && (pad.status === 'Pending' || pad.status === 'Signed')) await movePad(q, p, pad, 'Cancelled');
  }
  return next;
}

/** Puts a schedule on hold back in service (our extension: a "review" return holds it). */
export async function resumeSchedule(q: Queryable, p: Platform, customerId: string, id: string): Promise<ScheduleRow> {
  const s = await findSchedule(q, customerId, id, true);
  if (!s) throw payErrors.scheduleNotFound(id);
  if (s.status !== 'OnHold') throw payErrors.scheduleNotResumable(s.status);
  return moveSchedule(q, p, s, 'Active', 'Resumed by API');
}

export async function getPad(q: Queryable, p: Platform, customerId: string, id: string, baseUrl: string): Promise<Record<string, unknown>> {
  const pad = await findPad(q, customerId, id);
  if (!pad) throw payErrors.padAgreementNotFound(id);
  return padJson(pad, padLinkOf(p, baseUrl, pad), await findSchedule(q, customerId, pad.schedule_id));
}

/** The payor signs on the PAD page (the token of padLink was checked by the caller). */
export async function signPadAgreement(q: Queryable, p: Platform, pad: PadRow, s: { name: string; ip: string | null; userAgent: string | null }): Promise<PadRow> {
  if (pad.status !== 'Pending') return pad;
  const signed = await signPad(q, pad.customer_id, pad.id, s, p.clock.now());
  await webhook(q, p, pad.customer_id, PAD_WEBHOOK, { padId: pad.id, scheduleId: pad.schedule_id, previousStatus: pad.status, status: 'Signed', disputeCode: null });
  return signed;
}

export async function getContact(q: Queryable, customerId: string, id: string): Promise<Record<string, unknown>> {
  const c = await findContact(q, customerId, id);
  if (!c) throw payErrors.contactNotFound(id);
  return contactJson(c, await accountsOf(q, customerId, c.id));
}
