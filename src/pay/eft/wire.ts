/**
 * The JSON shapes of EFT V1 (docs.flinks.com/api/pay/endpoints/eft/create-transaction,
 * get-schedule). Money leaves as a
 * number of dollars with at most two decimals; "no end date" is .NET's
 * DateTime.MinValue, as Flinks writes it.
 */
import type { AccountRow, ContactRow, PadRow, ScheduleRow, SchedulePaymentRow } from './store.ts';
import { contactName } from './store.ts';
import { RETURN_REASONS, returnDecision } from './codes.ts';

export const NO_END_DATE = '0001-01-01T00:00:00';

const dollars = (cents: number) => Math.round(Number(cents)) / 100;
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** An account number as the API shows it: the last four digits. */
export function maskAccount(n: string): string {
  return `****${n.slice(-4)}`;
}

function parties(s: ScheduleRow) {
  const party = { name: s.party_name, email: s.party_email };
  const none = { name: null, email: null };
  return s.direction === 'DEBIT' ? { payor: party, payee: none } : { payor: none, payee: party };
}

/** One schedule of the POST /api/v1/transactions answer. */
export function createdScheduleJson(s: ScheduleRow, pad: PadRow | null, paymentRequestIds: string[]): Record<string, unknown> {
  return {
    id: s.id,
    amount: dollars(s.amount_cents),
    startDate: `${s.start_date}T00:00:00`,
    endDate: s.end_date ? `${s.end_date}T00:00:00` : NO_END_DATE,
    transactionsCount: s.transactions_count,
    frequency: s.frequency,
    ...parties(s),
    status: s.status,
    padStatus: pad?.status ?? null,
    padId: pad?.id ?? null,
    crossReferenceNumber: s.cross_reference_number,
    paymentDirection: s.direction,
    paymentRequestIds,
  };
}

export function paymentJson(r: SchedulePaymentRow): Record<string, unknown> {
  return {
    id: r.id,
    sequence: r.seq,
    dueDate: r.due_date,
    amount: dollars(r.amount_cents),
    status: r.status,
    statusDetails: r.status_details,
    paymentReferenceNumber: r.payment_reference_number,
    fileId: r.file_id,
    returnCode: r.return_code,
  };
}

/** GET /api/v1/schedules/{scheduleId} */
export function scheduleJson(s: ScheduleRow, pad: PadRow | null, payments: SchedulePaymentRow[]): Record<string, unknown> {
  return {
    id: s.id,
    amount: dollars(s.amount_cents),
    startDate: s.start_date,
    endDate: s.end_date ?? NO_END_DATE.slice(0, 10),
    transactionsCount: s.transactions_count,
    paymentFrequency: s.frequency,
    paymentDirection: s.direction,
    paymentType: 'EFT',
    status: s.status,
    statusDetails: s.status_details,
    padId: pad?.id ?? null,
    padStatus: pad?.status ?? null,
    crossReferenceNumber: s.cross_reference_number,
    transactionCode: s.transaction_code,
    purposeCategory: s.purpose_category,
    description: s.description,
    currency: s.currency,
    contactId: s.contact_id,
    accountId: s.account_id,
    ...parties(s),
    createdAt: iso(s.created_at),
    lastModifiedAt: iso(s.updated_at),
    payments: payments.map(paymentJson),
  };
}

/** GET /api/v1/pads/{padId} */
export function padJson(pad: PadRow, padLink: string, s: ScheduleRow | null): Record<string, unknown> {
  return {
    id: pad.id,
    padId: pad.id,
    padLink,
    status: pad.status,
    scheduleId: pad.schedule_id,
    payor: { name: pad.payor_name, email: pad.payor_email },
    account: { institutionCode: pad.institution_code, transitNumber: pad.transit_number, accountNumber: maskAccount(pad.account_number) },
    amount: s ? dollars(s.amount_cents) : null,
    paymentFrequency: s?.frequency ?? null,
    startDate: s?.start_date ?? null,
    endDate: s ? s.end_date ?? NO_END_DATE.slice(0, 10) : null,
    transactionsCount: s?.transactions_count ?? null,
    signedBy: pad.signed_name,
    signedAt: iso(pad.signed_at),
    disputeCode: pad.dispute_code,
    createdAt: iso(pad.created_at),
    lastModifiedAt: iso(pad.updated_at),
  };
}

export function accountJson(a: AccountRow): Record<string, unknown> {
  return {
    id: a.id,
    institutionCode: a.institution_code,
    transitNumber: a.transit_number,
    accountNumber: maskAccount(a.account_number),
    accountLabel: `${a.institution_code}-${a.transit_number} (${maskAccount(a.account_number)})`,
    type: 'EFT',
  };
}

/** GET /api/v1/contacts/{contactId} */
export function contactJson(c: ContactRow, accounts: AccountRow[]): Record<string, unknown> {
  return {
    id: c.id,
    name: contactName(c),
    firstName: c.first_name,
    lastName: c.last_name,
    legalName: c.legal_name,
    email: c.email,
    type: c.legal_name ? 'Business' : 'Individual',
    bankAccounts: accounts.map(accountJson),
    createdAt: iso(c.created_at),
    lastModifiedAt: iso(c.updated_at),
  };
}

/** The EFT part of a payment request's answer (GET /api/v1/paymentrequests/{id}). */
export function eftPaymentExtra(e: { due_date: string; direction: string; file_id: string | null; return_code: number | null; xref: number | string }): Record<string, unknown> {
  return {
    type: 'EFT',
    paymentDirection: e.direction,
    dueDate: e.due_date,
    fileId: e.file_id,
    crossReference: String(e.xref).padStart(19, '0'),
    returnCode: e.return_code,
    returnReason: e.return_code ? RETURN_REASONS[e.return_code] ?? null : null,
    returnDecision: e.return_code ? returnDecision(e.return_code) : null,
  };
}
