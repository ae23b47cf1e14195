/**
 * The use cases of Pay sessions: create (V2 GEFT / EFT / e-Transfer and V1
 * e-Transfer), read (status, details), cancel, confirm a guarantee, the
 * sandbox's payor actions on a request for money, and writing a state change.
 * Each state change happens in one transaction with its webhook (outbox) and
 * its payment request. The hosted app's steps are in app-steps.ts, the
 * clock-driven sweep in sweep.ts; both write through `save` here.
 */
import type { Queryable } from '../../platform/db.ts';
import type { Platform } from '../../platform/platform.ts';
import type { Tenant } from '../../platform/tenants.ts';
import { isoDate } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import type { Connect } from '../../connect/index.ts';
import { CustomUserDocument } from '../../sandbox/index.ts';
import { payErrors } from '../errors.ts';
import { createPaymentRequest, getPaymentRequest, setPaymentRequestStatus } from '../payment-requests.ts';
import { apply, initialState, isTerminal, notifies, type SessionKind, type SessionState } from './machine.ts';
import { findScenario, scenarioUser, SCENARIO_MARKER, SCENARIO_PASSWORD } from './scenarios.ts';
import { loadSettings, type CustomerSettings } from './settings.ts';
import {
  customerOfSession,
  findInterac,
  findSession,
  insertInterac,
  insertSession,
  interacOfSession,
  updateInterac,
  updateSession,
  type GuaranteeRecord,
  type SessionPatch,
  type SessionRow,
} from './store.ts';
import { splitName, type BankAccount, type CreateSessionV1, type CreateSessionV2 } from './validate.ts';
import { SESSION_STATUS_EVENT, statusEventBody } from './webhooks.ts';
import type { PayorAction } from '../etransfer/rfm.ts';
import { cancelDebit } from './debit.ts';

interface SessionsDeps {
  p: Platform;
  connect: () => Connect | undefined;
}

/** The state machine's view of a stored session. */
export const stateOf = (s: SessionRow): SessionState => ({ kind: s.kind, status: s.status, statusDetails: s.status_details, step: s.step, showConsent: s.show_consent });

/** The bank account the payor chose in the hosted app, as stored (encrypted) on the session. */
type PayorAccount = { institutionCode: string | null; transitNumber: string | null; accountNumber: string };

export class SessionsService {
  private readonly p: Platform;
  private readonly connect: () => Connect | undefined;

  constructor(d: SessionsDeps) {
    this.p = d.p;
    this.connect = d.connect;
  }

  private now(): Date {
    return this.p.clock.now();
  }

  async settings(q: Queryable, customerId: string): Promise<CustomerSettings> {
    return loadSettings(q, this.p.keys, customerId, this.p.config.sandbox);
  }

  // ---- create -----------------------------------------------------------------------------

  /** Inside the caller's transaction `q` (the route's idempotency key is claimed in it). */
  async createV2(q: Queryable, tenant: Tenant, input: CreateSessionV2, baseUrl: string): Promise<{ sessionId: string; referenceId: string | null }> {
    const kind: SessionKind = input.type === 'e-Transfer' ? 'e-Transfer' : input.guarantee ? 'GEFT' : 'EFT';
    {
      const { settings, settlementAccount } = await this.settings(q, tenant.id);
      if (kind === 'EFT' && !settings.regularEft) throw payErrors.regularEftDisabled();
      const payee: BankAccount | null = input.payeeAccount ?? settlementAccount;
      if (!payee) throw payErrors.noPayee();
      const scenario = await this.prepareScenario(q, tenant.id, input.referenceId);
      const id = newId();
      const now = this.now();
      const state = initialState(kind, input.showConsentScreen);
      await insertSession(q, {
        id, customer_id: tenant.id, version: 2, kind, reference_id: input.referenceId, amount_cents: input.amountCents,
        amount_locked: input.amountCents !== null && !input.amountModification, minimum_cents: input.minimumCents, maximum_cents: input.maximumCents,
        language: input.language ?? scenario?.language ?? null, send_interac_link: input.sendInteracLink, show_consent: input.showConsentScreen,
        redirect: input.redirect, payor: input.payor, payee_account_enc: input.payeeAccount ? this.p.keys.encrypt(JSON.stringify(input.payeeAccount)) : null,
        status: state.status, status_details: state.statusDetails, step: state.step, client_uris: null, scenario: scenario?.referenceId ?? null,
        created_at: now, updated_at: now, last_activity_at: now,
      });
      if (kind === 'e-Transfer') {
        const pr = await createPaymentRequest(q, { customerId: tenant.id, kind: 'etransfer', sessionId: id, amountCents: input.amountCents!, referenceId: input.referenceId ?? undefined }, this.p);
        const row = await updateSession(q, tenant.id, id, { payment_request_id: pr.id });
        // sendInteracLink: the request for money goes to the payor's email at once, without the hosted app.
        if (input.sendInteracLink) await this.sendInterac(q, tenant, row, settings, `${this.p.config.publicUrl ?? baseUrl}/pay/app/?sessionId=${id}`);
      }
      return { sessionId: id, referenceId: input.referenceId };
    }
  }

  async createV1(q: Queryable, tenant: Tenant, input: CreateSessionV1, o: { sendRequest: boolean; baseUrl: string }): Promise<{ sessionId: string; referenceId: string | null }> {
    {
      const { settlementAccount } = await this.settings(q, tenant.id);
      if (!settlementAccount) throw payErrors.noPayee();
      const id = newId();
      const now = this.now();
      const names = splitName(input.customerName);
      const state = initialState('e-Transfer', false);
      await insertSession(q, {
        id, customer_id: tenant.id, version: 1, kind: 'e-Transfer', reference_id: input.referenceId, amount_cents: input.amountCents, amount_locked: true,
        minimum_cents: input.amountCents, maximum_cents: input.amountCents, language: null, send_interac_link: false, show_consent: false,
        redirect: { mode: 'JsEvents', urlSuccess: input.clientUris?.success ?? input.clientUris?.urlSuccess ?? null, urlExit: input.clientUris?.exit ?? input.clientUris?.urlExit ?? null },
        payor: { ...names, middleName: null, email: input.customerEmail, phone: null, occupation: null, dateOfBirth: null, address: null },
        payee_account_enc: null, status: state.status, status_details: state.statusDetails, step: state.step, client_uris: input.clientUris, scenario: null,
        created_at: now, updated_at: now, last_activity_at: now,
      });
      if (o.sendRequest) {
        // Flinks emails the hosted app's link; Maplelink sends no email and records what it would have sent.
        await updateSession(q, tenant.id, id, { notification: { channel: 'email', to: input.customerEmail, link: `${this.p.config.publicUrl ?? o.baseUrl}/pay/app/?sessionId=${id}`, at: now.toISOString() } });
      }
      return { sessionId: id, referenceId: input.referenceId };
    }
  }

  /** POST /api/v1/paymentrequests {sessionId}: the payment request of a V1 e-Transfer session (the same one when asked again). */
  async paymentRequestForSession(q: Queryable, tenant: Tenant, sessionId: string): Promise<{ requestId: string }> {
    {
      const s = await findSession(q, tenant.id, sessionId, true);
      if (!s) throw payErrors.sessionNotFound(sessionId);
      if (s.kind !== 'e-Transfer') throw payErrors.notETransferV1();
      if (s.payment_request_id) return { requestId: s.payment_request_id };
      if (isTerminal(s.status)) throw payErrors.sessionOver(s.id, s.status);
      const pr = await createPaymentRequest(q, { customerId: tenant.id, kind: 'etransfer', sessionId: s.id, amountCents: s.amount_cents!, referenceId: s.reference_id ?? undefined }, this.p);
      await updateSession(q, tenant.id, s.id, { payment_request_id: pr.id });
      return { requestId: pr.id };
    }
  }

  /**
   * A sandbox scenario's referenceId: its Flinks Capital user is (re)imported for
   * this customer with data dated from today, unless the customer imported its
   * own user of that name.
   */
  private async prepareScenario(q: Queryable, customerId: string, referenceId: string | null) {
    const scenario = this.p.config.sandbox ? findScenario(referenceId) : null;
    const connect = this.connect();
    if (!scenario || !connect) return null;
    const existing = (await connect.service.store.findCustomUser(q, customerId, scenario.referenceId)) as { Holder?: { Email?: string } } | null;
    if (existing && existing.Holder?.Email !== SCENARIO_MARKER) return scenario;
    const doc = scenarioUser(scenario.referenceId, isoDate(this.now()))!;
    await connect.service.store.saveCustomUser(q, customerId, doc.Username, CustomUserDocument.parse(doc));
    return scenario;
  }

  // ---- read -----------------------------------------------------------------------------------

  /**
   * A session, expired first if it sat idle past the customer's timeout (the
   * sweep does the same in the background; reading must not show a stale status).
   */
  async load(customerId: string, id: string): Promise<SessionRow | null> {
    const s = await findSession(this.p.db, customerId, id);
    if (!s || isTerminal(s.status)) return s;
    const { settings } = await this.settings(this.p.db, customerId);
    if (s.last_activity_at.getTime() + settings.sessionTimeoutMinutes * 60_000 > this.now().getTime()) return s;
    return this.p.db.tx((q) => this.expireIfIdle(q, customerId, id));
  }

  /** The customer of a session id (the status endpoint may be called without a token). */
  customerOf(id: string): Promise<string | null> {
    return customerOfSession(this.p.db, id);
  }

  payorAccountOf(s: SessionRow): PayorAccount | null {
    return s.payor_account_enc ? (JSON.parse(this.p.keys.decrypt(s.payor_account_enc)) as PayorAccount) : null;
  }

  payeeAccountOf(s: SessionRow): BankAccount | null {
    return s.payee_account_enc ? (JSON.parse(this.p.keys.decrypt(s.payee_account_enc)) as BankAccount) : null;
  }

  async interacOf(s: SessionRow) {
    return interacOfSession(this.p.db, s.customer_id, s.id);
  }

  async paymentRequestOf(s: SessionRow) {
    return s.payment_request_id ? getPaymentRequest(this.p.db, s.customer_id, s.payment_request_id) : null;
  }

  /** The customer (tenant) of a session, for the hosted app that knows only the sessionId. */
  async tenantOfSession(id: string): Promise<Tenant | null> {
    const customerId = await customerOfSession(this.p.db, id);
    return customerId ? this.p.tenants.find(customerId) : null;
  }

  // ---- API changes -------------------------------------------------------------------------------

  async cancel(tenant: Tenant, id: string): Promise<SessionRow> {
    return this.p.db.tx(async (q) => {
      let s = await this.expireIfIdle(q, tenant.id, id);
      if (!s) throw payErrors.sessionNotFound(id);
      if (s.status === 'Canceled') return s;
      const rfm = s.kind === 'e-Transfer' ? await interacOfSession(q, tenant.id, s.id) : null;
      // An e-Transfer whose request for money is still with the payor can be canceled too (its flow is over, not its payment).
      const interacOpen = rfm?.status === 'Sent';
      if (isTerminal(s.status) && !interacOpen) throw payErrors.sessionNotCancellable(s.status, s.status_details);
      const now = this.now();
      if (rfm && interacOpen) await updateInterac(q, tenant.id, rfm.payment_request_id, { status: 'Cancelled' }, now);
      // (An EFT session's debit is cancelled with its schedule by save(), below.)
      if (s.kind === 'e-Transfer' && s.payment_request_id) {
        const pr = await getPaymentRequest(q, tenant.id, s.payment_request_id);
        if (pr && (pr.status === 'Initiated' || pr.status === 'Processing')) await setPaymentRequestStatus(q, tenant.id, pr.id, 'Cancelled', 'Session canceled by API', this.p);
      }
      const next = isTerminal(s.status) ? { ...stateOf(s), status: 'Canceled' as const, statusDetails: 'EFT0501' as const } : apply(stateOf(s), { type: 'cancel' });
      s = await this.save(q, tenant, s, next, { ended_at: now });
      return s;
    });
  }

  async confirmGuarantee(tenant: Tenant, id: string, accepted: boolean): Promise<SessionRow> {
    return this.p.db.tx(async (q) => {
      const s = await this.expireIfIdle(q, tenant.id, id);
      if (!s) throw payErrors.sessionNotFound(id);
      if (s.kind !== 'GEFT') throw payErrors.notGeft();
      if (s.status !== 'InProgress' || s.step !== 'GuaranteeOffer' || !s.guarantee?.awaitingClient) throw payErrors.noGuaranteeWaiting(s.id, s.status, s.step);
      const guarantee: GuaranteeRecord = { ...s.guarantee, awaitingClient: false, accepted };
      return this.save(q, tenant, s, apply(stateOf(s), { type: accepted ? 'guaranteeAccepted' : 'guaranteeRefused' }), { guarantee });
    });
  }

  // ---- e-Transfer ---------------------------------------------------------------------------------

  /** Sends the request for money; `emailLink`: it goes to the payor's email (what Flinks would email, recorded). */
  async sendInterac(q: Queryable, tenant: Tenant, s: SessionRow, settings: CustomerSettings['settings'], emailLink: string | null): Promise<SessionRow> {
    if (s.kind !== 'e-Transfer') throw payErrors.sessionStepRefused('Only e-Transfer sessions send an Interac request.');
    if (!s.payment_request_id) throw payErrors.sessionStepRefused('No payment request yet: the client must call POST /api/v1/paymentrequests before the payor can complete.');
    const next = apply(stateOf(s), { type: 'interacSent' });
    const now = this.now();
    await insertInterac(q, { paymentRequestId: s.payment_request_id, customerId: tenant.id, sessionId: s.id, sentAt: now, expiresAt: new Date(now.getTime() + settings.interacExpiryHours * 3_600_000) });
    await setPaymentRequestStatus(q, tenant.id, s.payment_request_id, 'Processing', 'Interac request for money sent; waiting for the payor at their financial institution', this.p);
    const notification = emailLink && s.payor.email ? { channel: 'email' as const, to: s.payor.email, link: emailLink, at: now.toISOString() } : s.notification;
    return this.save(q, tenant, s, next, { ended_at: now, notification });
  }

  /**
   * Sandbox control: what the payor does at their bank with the request for money,
   * now or `inMinutes` later on the sandbox clock. Answers the request's state.
   */
  async payorActs(tenant: Tenant, paymentRequestId: string, action: PayorAction, o: { inMinutes: number; holderName: string | null }): Promise<{ due: Date }> {
    const due = new Date(this.now().getTime() + o.inMinutes * 60_000);
    // Recorded in its own transaction: the refusal below must not roll it back.
    await this.p.db.tx((q) => this.syncCancelled(q, tenant.id, paymentRequestId));
    await this.p.db.tx(async (q) => {
      const rfm = await findInterac(q, tenant.id, paymentRequestId, true);
      if (!rfm) {
        const pr = await getPaymentRequest(q, tenant.id, paymentRequestId);
        throw pr ? payErrors.sessionStepRefused('No Interac request was sent for this payment request yet: the payor sends it from the hosted app.') : payErrors.paymentRequestNotFound(paymentRequestId);
      }
      if (rfm.status !== 'Sent') throw payErrors.sessionStepRefused(`The Interac request is ${rfm.status}: the payor can no longer act on it.`);
      await updateInterac(q, tenant.id, rfm.payment_request_id, action === 'expire' ? { action, action_at: due, expires_at: due } : { action, action_at: due, holder_name: o.holderName }, this.now());
    });
    return { due };
  }

  /**
   * A payment request canceled through POST /api/v1/paymentrequests/{id}/cancel
   * (the Pay product's route) takes its request for money with it.
   */
  async syncCancelled(q: Queryable, customerId: string, paymentRequestId: string): Promise<boolean> {
    const pr = await getPaymentRequest(q, customerId, paymentRequestId);
    if (!pr || pr.status !== 'Cancelled') return false;
    await updateInterac(q, customerId, paymentRequestId, { status: 'Cancelled' }, this.now());
    return true;
  }

  // ---- idle expiry ---------------------------------------------------------------------------------

  /** A session, locked, expired first if it sat idle past the customer's timeout. */
  async expireIfIdle(q: Queryable, customerId: string, id: string): Promise<SessionRow | null> {
    const s = await findSession(q, customerId, id, true);
    if (!s || isTerminal(s.status)) return s;
    const { settings } = await this.settings(q, customerId);
    const now = this.now();
    if (s.last_activity_at.getTime() + settings.sessionTimeoutMinutes * 60_000 > now.getTime()) return s;
    const tenant = await this.p.tenants.find(customerId, q);
    return this.save(q, tenant!, s, apply(stateOf(s), { type: 'expire' }), { ended_at: now }, false);
  }

  // ---- writing a state change ---------------------------------------------------------------------

  /**
   * Stores a new state with its patch and writes the session webhook when the
   * status changed to one that is reported (V2 sessions, Completed / Failed / Canceled).
   */
  async save(q: Queryable, tenant: Tenant, s: SessionRow, next: SessionState, patch: SessionPatch, activity = true): Promise<SessionRow> {
    const now = this.now();
    const row = await updateSession(q, tenant.id, s.id, {
      ...patch,
      status: next.status,
      status_details: next.statusDetails,
      step: next.step,
      updated_at: now,
      ...(activity ? { last_activity_at: now } : {}),
      ...(isTerminal(next.status) && !s.ended_at && patch.ended_at === undefined ? { ended_at: now } : {}),
    });
    if (isTerminal(next.status) && !isTerminal(s.status) && next.statusDetails !== 'EFT0301' && row.kind !== 'e-Transfer' && row.payment_request_id) {
      // The debit opened at the review was not authorized: it must never reach a file.
      await cancelDebit(q, this.p, tenant.id, row.payment_request_id, `Session ${next.status} (${next.statusDetails}) before the PAD was signed`);
    }
    if (next.status !== s.status && notifies(next.status) && row.version === 2 && tenant.webhookUrl) {
      await this.p.webhooks.enqueue(q, tenant, SESSION_STATUS_EVENT, statusEventBody({
        sessionId: row.id, referenceId: row.reference_id, amountCents: row.amount_cents, status: row.status, statusDetails: row.status_details, when: now,
      }));
    }
    return row;
  }

  /** Where the hosted app logs in: the sandbox login of a scenario (shown as a hint in sandbox mode). */
  scenarioLogin(s: SessionRow): { username: string; password: string } | null {
    return this.p.config.sandbox && s.scenario ? { username: s.scenario, password: SCENARIO_PASSWORD } : null;
  }
}
