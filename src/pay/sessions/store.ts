/**
 * SQL of Pay sessions. Every statement names customer_id (the hosted app, which
 * knows only a sessionId, first reads the session's customer and then stays
 * inside it). Functions that take a `Queryable` run in the caller's transaction.
 */
import { lockName, type Queryable } from '../../platform/db.ts';
import { isGuid } from '../../platform/ids.ts';
import type { SessionKind, SessionStatus, Step, StatusDetail } from './machine.ts';
import type { Payor, RedirectPreferences } from './validate.ts';
import type { RfmStatus, PayorAction } from '../etransfer/rfm.ts';

/** The masked view of the payor's chosen account (what details shows). */
export interface PayorAccountView {
  institutionCode: string | null;
  transitNumber: string | null;
  accountNumber: string;
  accountLabel: string;
  availableBalanceCents: number | null;
}

export interface GuaranteeRecord {
  offered: boolean;
  /** null until accepted or refused (by the payor, then by the client when it confirms). */
  accepted: boolean | null;
  /** The client must confirm through /guarantees/confirm (a webhook was sent). */
  awaitingClient: boolean;
  requestedCents: number;
  offeredCents: number | null;
  nextBestOffer: boolean;
  highestDebitAmountToGuaranteeCents: number;
  reason: string | null;
  overallRiskLevel: string;
  transactionRiskLevel: string;
  userRiskLevel: string;
  otherRiskLevel: string;
  webhookEventId: string | null;
  signals: { availableBalanceCents: number | null; nsfCount90d: number; incomeRegularity: string; monthlyIncomeCents: number };
}

export interface SessionRow {
  id: string;
  customer_id: string;
  version: 1 | 2;
  kind: SessionKind;
  reference_id: string | null;
  amount_cents: number | null;
  amount_locked: boolean;
  minimum_cents: number;
  maximum_cents: number;
  language: 'EN' | 'FR' | null;
  send_interac_link: boolean;
  show_consent: boolean;
  redirect: RedirectPreferences;
  payor: Payor;
  payee_account_enc: string | null;
  status: SessionStatus;
  status_details: StatusDetail;
  step: Step;
  login_id: string | null;
  request_id: string | null;
  account_id: string | null;
  payor_account_enc: string | null;
  payor_account: PayorAccountView | null;
  guarantee: GuaranteeRecord | null;
  user_details: { matchingPerformed: boolean; nameMatch: number | null } | null;
  pad_id: string | null;
  pad_signed_by: string | null;
  pad_signed_at: Date | null;
  payment_request_id: string | null;
  login_failures: number;
  client_uris: Record<string, string> | null;
  notification: { channel: 'email'; to: string; link: string; at: string } | null;
  scenario: string | null;
  created_at: Date;
  updated_at: Date;
  last_activity_at: Date;
  ended_at: Date | null;
}

const JSON_COLUMNS = new Set(['redirect', 'payor', 'payor_account', 'guarantee', 'user_details', 'client_uris', 'notification']);

function fromDb(r: Record<string, unknown>): SessionRow {
  const row = { ...r } as unknown as SessionRow;
  row.amount_cents = r.amount_cents === null ? null : Number(r.amount_cents);
  row.minimum_cents = Number(r.minimum_cents);
  row.maximum_cents = Number(r.maximum_cents);
  row.version = Number(r.version) as 1 | 2;
  for (const k of ['created_at', 'updated_at', 'last_activity_at', 'ended_at', 'pad_signed_at'] as const) {
    const v = r[k];
    (row as unknown as Record<string, unknown>)[k] = v === null || v === undefined ? null : new Date(v as string);
  }
  return row;
}

export type NewSession = Omit<SessionRow, 'login_id' | 'request_id' | 'account_id' | 'payor_account_enc' | 'payor_account' | 'guarantee' | 'user_details' | 'pad_id' | 'pad_signed_by' | 'pad_signed_at' | 'payment_request_id' | 'login_failures' | 'ended_at' | 'notification'>;

export async function insertSession(q: Queryable, s: NewSession): Promise<void> {
  await q.query(
    `insert into pay_sessions (id, customer_id, version, kind, reference_id, amount_cents, amount_locked, minimum_cents, maximum_cents, language,
       send_interac_link, show_consent, redirect, payor, payee_account_enc, status, status_details, step, client_uris, scenario, created_at, updated_at, last_activity_at)
     values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17,$18,$19,$20,$21,$21,$21)`,
    [s.id, s.customer_id, s.version, s.kind, s.reference_id, s.amount_cents, s.amount_locked, s.minimum_cents, s.maximum_cents, s.language,
      s.send_interac_link, s.show_consent, JSON.stringify(s.redirect), JSON.stringify(s.payor), s.payee_account_enc, s.status, s.status_details, s.step,
      s.client_uris ? JSON.stringify(s.client_uris) : null, s.scenario, s.created_at],
  );
}

/** A session of this customer (locked for update when `lock`), or null; another customer's id is unknown. */
export async function findSession(q: Queryable, customerId: string, id: string, lock = false): Promise<SessionRow | null> {
  if (!isGuid(id)) return null;
  const rows = await q.query<Record<string, unknown>>(`select * from pay_sessions where id = $1 and customer_id = $2${lock ? ' for update' : ''}`, [id.toLowerCase(), customerId]);
  return rows[0] ? fromDb(rows[0]) : null;
}

/** The customer of a session: the hosted app knows only the sessionId. */
export async function customerOfSession(q: Queryable, id: string): Promise<string | null> {
  if (!isGuid(id)) return null;
  const rows = await q.query<{ customer_id: string }>('select customer_id from pay_sessions where id = $1', [id.toLowerCase()]);
  return rows[0]?.customer_id ?? null;
}

export type SessionPatch = Partial<Omit<SessionRow, 'id' | 'customer_id' | 'created_at'>>;

export async function updateSession(q: Queryable, customerId: string, id: string, patch: SessionPatch): Promise<SessionRow> {
  const keys = Object.keys(patch) as (keyof SessionPatch)[];
  const values = keys.map((k) => {
    const v = patch[k];
    return JSON_COLUMNS.has(k) && v !== null && v !== undefined ? JSON.stringify(v) : v;
  });
  const sets = keys.map((k, i) => `${k} = $${i + 3}`).join(', ');
  const rows = await q.query<Record<string, unknown>>(`update pay_sessions set ${sets} where id = $1 and customer_id = $2 returning *`, [id, customerId, ...values]);
  if (!rows[0]) throw new Error(`session ${id} vanished`);
  return fromDb(rows[0]);
}

/** Open sessions idle since before `cutoff` of a customer-specific timeout: the expiry sweep's candidates. */
export async function idleSessions(q: Queryable, before: Date, limit: number): Promise<{ id: string; customer_id: string; last_activity_at: Date }[]> {
  const rows = await q.query<{ id: string; customer_id: string; last_activity_at: Date | string }>(
    `select id, customer_id, last_activity_at from pay_sessions where status in ('Initiated', 'InProgress') and last_activity_at < $1 order by last_activity_at limit $2`,
    [before, limit],
  );
  return rows.map((r) => ({ ...r, last_activity_at: new Date(r.last_activity_at) }));
}

/** Sessions waiting for the client's guarantee decision (their webhook may have failed). */
export async function sessionsAwaitingClient(q: Queryable, limit: number): Promise<{ id: string; customer_id: string }[]> {
  return q.query(
    `select id, customer_id from pay_sessions where status = 'InProgress' and step = 'GuaranteeOffer' and (guarantee->>'awaitingClient')::boolean is true limit $1`,
    [limit],
  );
}

// ---- settings -----------------------------------------------------------------

export async function findSettings(q: Queryable, customerId: string): Promise<{ settings: Record<string, unknown>; settlement_account_enc: string | null } | null> {
  const rows = await q.query<{ settings: Record<string, unknown>; settlement_account_enc: string | null }>('select settings, settlement_account_enc from pay_sessions_settings where customer_id = $1', [customerId]);
  return rows[0] ?? null;
}

/** Serialises changes to a customer's session settings until the transaction ends. */
export async function lockSettings(q: Queryable, customerId: string): Promise<void> {
  await lockName(q, 'pay_sessions_settings', customerId);
}

export async function saveSettings(q: Queryable, customerId: string, settings: Record<string, unknown>, settlementEnc: string | null, at: Date): Promise<void> {
  await q.query(
    `insert into pay_sessions_settings (customer_id, settings, settlement_account_enc, updated_at) values ($1, $2, $3, $4)
     on conflict (customer_id) do update set settings = excluded.settings, settlement_account_enc = excluded.settlement_account_enc, updated_at = excluded.updated_at`,
    [customerId, JSON.stringify(settings), settlementEnc, at],
  );
}

// ---- Interac requests for money -------------------------------------------------

export interface InteracRow {
  payment_request_id: string;
  customer_id: string;
  session_id: string;
  status: RfmStatus;
  sent_at: Date;
  expires_at: Date;
  action: PayorAction | null;
  action_at: Date | null;
  holder_name: string | null;
  processed_at: Date | null;
}

function interacFromDb(r: Record<string, unknown>): InteracRow {
  const d = (v: unknown) => (v === null || v === undefined ? null : new Date(v as string));
  return { ...(r as unknown as InteracRow), sent_at: d(r.sent_at)!, expires_at: d(r.expires_at)!, action_at: d(r.action_at), processed_at: d(r.processed_at) };
}

export async function insertInterac(q: Queryable, r: { paymentRequestId: string; customerId: string; sessionId: string; sentAt: Date; expiresAt: Date }): Promise<void> {
  await q.query(
    `insert into pay_sessions_interac (payment_request_id, customer_id, session_id, status, sent_at, expires_at, updated_at) values ($1, $2, $3, 'Sent', $4, $5, $4)
     on conflict (payment_request_id) do nothing`,
    [r.paymentRequestId, r.customerId, r.sessionId, r.sentAt, r.expiresAt],
  );
}

export async function findInterac(q: Queryable, customerId: string, paymentRequestId: string, lock = false): Promise<InteracRow | null> {
  if (!isGuid(paymentRequestId)) return null;
  const rows = await q.query<Record<string, unknown>>(`select * from pay_sessions_interac where customer_id = $1 and payment_request_id = $2${lock ? ' for update' : ''}`, [customerId, paymentRequestId.toLowerCase()]);
  return rows[0] ? interacFromDb(rows[0]) : null;
}

export async function interacOfSession(q: Queryable, customerId: string, sessionId: string): Promise<InteracRow | null> {
  const rows = await q.query<Record<string, unknown>>('select * from pay_sessions_interac where customer_id = $1 and session_id = $2', [customerId, sessionId]);
  return rows[0] ? interacFromDb(rows[0]) : null;
}

export async function updateInterac(q: Queryable, customerId: string, paymentRequestId: string, patch: Partial<Pick<InteracRow, 'status' | 'action' | 'action_at' | 'holder_name' | 'processed_at' | 'expires_at'>>, at: Date): Promise<void> {
  const keys = Object.keys(patch) as (keyof typeof patch)[];
  const sets = [...keys.map((k, i) => `${k} = $${i + 3}`), `updated_at = $${keys.length + 3}`].join(', ');
  await q.query(`update pay_sessions_interac set ${sets} where customer_id = $1 and payment_request_id = $2`, [customerId, paymentRequestId, ...keys.map((k) => patch[k]), at]);
}

/** Requests that may have a transition due (the sweep reads them all: a moved clock can make any due). */
export async function openInterac(q: Queryable, limit: number): Promise<{ payment_request_id: string; customer_id: string }[]> {
  return q.query(`select payment_request_id, customer_id from pay_sessions_interac where status in ('Sent', 'Accepted', 'Processed') order by sent_at limit $1`, [limit]);
}
