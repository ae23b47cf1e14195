/**
 * The use cases of Pay sessions: create (V2 GEFT / EFT / e-Transfer and V1
 * e-Transfer), read (status, details), cancel, confirm a guarantee, every step
 * the hosted app takes, and the clock-driven work (idle expiry, guarantee
 * webhooks that failed, Interac requests). Each state change happens in one
 * transaction with its webhook (outbox) and its payment request.
 */
import type { Queryable } from '../../platform/db.ts';
import type { Platform } from '../../platform/platform.ts';
import type { Tenant } from '../../platform/tenants.ts';
import { isoDate } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import type { Connect } from '../../connect/index.ts';
import { CustomUserDocument } from '../../sandbox/custom-users.ts';
import { payErrors } from '../errors.ts';
import { createPaymentRequest, getPaymentRequest, setPaymentRequestStatus } from '../payment-requests.ts';
import { apply, initialState, isTerminal, notifies, TransitionRefused, type SessionEvent, type SessionKind, type SessionState } from './machine.ts';
import { decideGuarantee } from './guarantee.ts';
import { nameMatchScore, namesMatch } from './identity.ts';
import { debitableAccounts, holderName, linkState, payorSignals, sessionTag } from './payor-data.ts';
import { findScenario, scenarioUser, SCENARIO_MARKER, SCENARIO_PASSWORD } from './scenarios.ts';
import { loadSettings, maskAccount, type CustomerSettings } from './settings.ts';
import {
  customerOfSession,
  findInterac,
  findSession,
  idleSessions,
  insertInterac,
  insertSession,
  interacOfSession,
  openInterac,
  sessionsAwaitingClient,
  updateInterac,
  updateSession,
  type GuaranteeRecord,
  type SessionPatch,
  type SessionRow,
} from './store.ts';
import { FieldError, amount as parseAmount, splitName, type BankAccount, type CreateSessionV1, type CreateSessionV2 } from './validate.ts';
import { GUARANTEE_EVENT, SESSION_STATUS_EVENT, guaranteeEventBody, statusEventBody } from './webhooks.ts';
import { nextStep, paymentStatusOf, TERMINAL_RFM, type PayorAction, type Rfm } from '../etransfer/rfm.ts';
import { padText } from './pad.ts';
import { cancelDebit, openDebit, signDebit } from './debit.ts';
import { ApiError } from '../../platform/errors.ts';

/** Credential refusals the payor may type again after; the third one fails the session. */
const CREDENTIAL_CODES = new Set(['INVALID_LOGIN', 'INVALID_USERNAME', 'INVALID_PASSWORD', 'INVALID_SECURITY_RESPONSE']);
export const MAX_LOGIN_FAILURES = 3;
/** How many guarantee-webhook attempts fail before the session does (spec §1.4). */
export const GUARANTEE_WEBHOOK_ATTEMPTS = 3;

export type AppAction =
  | { type: 'start' }
  | { type: 'consent' }
  | { type: 'institution' }
  | { type: 'loginFailure'; code: string }
  | { type: 'linked'; loginId: string; requestId: string }
  | { type: 'account'; accountId: string }
  | { type: 'amount'; amount: unknown }
  | { type: 'guarantee'; choice: 'accept' | 'refuse' | 'otherFunding' | 'returnToClient' }
  | { type: 'review' }
  | { type: 'pad'; signature: string; agree: boolean }
  | { type: 'exit' }
  | { type: 'sendInterac' };

interface SessionsDeps {
  p: Platform;
  connect: () => Connect | undefined;
}

const stateOf = (s: SessionRow): SessionState => ({ kind: s.kind, status: s.status, statusDetails: s.status_details, step: s.step, showConsent: s.show_consent });

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
        let row = await updateSession(q, tenant.id, id, { payment_request_id: pr.id });
        // sendInteracLink: the request for money goes to the payor's email at once, without the hosted app.
        if (input.sendInteracLink) row = await this.sendInterac(q, tenant, row, settings, `${this.p.config.publicUrl ?? baseUrl}/pay/app/?sessionId=${id}`);
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

  payorAccountOf(s: SessionRow): { institutionCode: string | null; transitNumber: string | null; accountNumber: string } | null {
    return s.payor_account_enc ? JSON.parse(this.p.keys.decrypt(s.payor_account_enc)) : null;
  }

  payeeAccountOf(s: SessionRow): BankAccount | null {
    return s.payee_account_enc ? JSON.parse(this.p.keys.decrypt(s.payee_account_enc)) : null;
  }

  async interacOf(s: SessionRow) {
    return interacOfSession(this.p.db, s.customer_id, s.id);
  }

  async paymentRequestOf(s: SessionRow) {
    return s.payment_request_id ? getPaymentRequest(this.p.db, s.customer_id, s.payment_request_id) : null;
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

  // ---- hosted app --------------------------------------------------------------------------------

  /** The customer (tenant) of a session, for the hosted app that knows only the sessionId. */
  async tenantOfSession(id: string): Promise<Tenant | null> {
    const customerId = await customerOfSession(this.p.db, id);
    return customerId ? this.p.tenants.find(customerId) : null;
  }

  /** One step of the hosted app. Refused steps answer 409 with the session's state in the detail. */
  async act(tenant: Tenant, id: string, action: AppAction): Promise<SessionRow> {
    return this.p.db.tx(async (q) => {
      const s = await this.expireIfIdle(q, tenant.id, id);
      if (!s) throw payErrors.sessionNotFound(id);
      try {
        return await this.step(q, tenant, s, action);
      } catch (err) {
        if (err instanceof TransitionRefused) throw payErrors.sessionStepRefused(err.message);
        if (err instanceof FieldError) throw payErrors.field(err.field, err.reason);
        throw err;
      }
    });
  }

  private async step(q: Queryable, tenant: Tenant, s: SessionRow, a: AppAction): Promise<SessionRow> {
    const now = this.now();
    const go = (e: SessionEvent, patch: SessionPatch = {}) => this.save(q, tenant, s, apply(stateOf(s), e), patch);
    switch (a.type) {
      case 'start':
        // Opening the app again (a reload) is not a new start.
        if (s.status === 'InProgress') return updateSession(q, tenant.id, s.id, { last_activity_at: now });
        return go({ type: 'start' });
      case 'consent':
        return go({ type: 'consent' });
      case 'institution':
        return go({ type: 'institutionSelected' });
      case 'loginFailure': {
        const failures = s.login_failures + (CREDENTIAL_CODES.has(a.code) ? 1 : 0);
        if (a.code === 'MAX_INVALID' || failures >= MAX_LOGIN_FAILURES) return go({ type: 'loginFailed' }, { login_failures: failures });
        apply(stateOf(s), { type: 'institutionSelected' }); // only where a login can fail
        return updateSession(q, tenant.id, s.id, { login_failures: failures, last_activity_at: now });
      }
      case 'linked': {
        const state = await linkState(q, tenant.id, a.loginId, a.requestId, sessionTag(s.id));
        if (state === 'unknown') throw payErrors.field('requestId', 'is not a connection made for this session');
        if (state === 'failed') return go({ type: 'loginFailed' });
        return go({ type: 'bankLinked' }, { login_id: a.loginId.toLowerCase(), request_id: a.requestId.toLowerCase() });
      }
      case 'account': {
        const accounts = await this.accountsOrIdentity(q, tenant, s);
        if (!Array.isArray(accounts)) return accounts;
        const chosen = accounts.find((x) => x.id === a.accountId);
        if (!chosen) throw payErrors.field('accountId', 'is not one of the accounts of this connection');
        const masked = maskAccount(chosen.accountNumber);
        return go({ type: 'accountSelected' }, {
          account_id: chosen.id,
          payor_account_enc: this.p.keys.encrypt(JSON.stringify({ institutionCode: chosen.institutionNumber, transitNumber: chosen.transitNumber, accountNumber: chosen.accountNumber })),
          payor_account: { institutionCode: chosen.institutionNumber, transitNumber: chosen.transitNumber, accountNumber: masked, accountLabel: `${chosen.title} (${masked})`, availableBalanceCents: chosen.availableCents },
        });
      }
      case 'amount': {
        let cents: number;
        if (s.amount_locked) cents = s.amount_cents!;
        else cents = parseAmount(a.amount, 'amount', { required: true, minCents: s.minimum_cents, maxCents: s.maximum_cents })!;
        if (s.kind !== 'GEFT') return go({ type: 'amountChosen' }, { amount_cents: cents });
        const offer = await this.decide(q, tenant, s, cents);
        const afterAmount = await go({ type: 'amountChosen' }, { amount_cents: cents, guarantee: offer });
        if (offer.offered) return afterAmount;
        return this.save(q, tenant, afterAmount, apply(stateOf(afterAmount), { type: 'guaranteeDeclined', reason: offer.reason === 'balance' ? 'balance' : 'eligibility' }), {});
      }
      case 'guarantee': {
        if (s.kind !== 'GEFT' || !s.guarantee?.offered) throw payErrors.sessionStepRefused('No guarantee was offered in this session.');
        if (s.guarantee.awaitingClient) throw payErrors.sessionStepRefused('The guarantee is waiting for the client’s confirmation.');
        if (a.choice !== 'accept') return go({ type: 'guaranteeRefused' }, { guarantee: { ...s.guarantee, accepted: false } });
        const amountCents = s.guarantee.offeredCents!;
        const { settings } = await this.settings(q, tenant.id);
        if (settings.confirmGuarantees && tenant.webhookUrl) {
          // The client decides through POST /guarantees/confirm; the payor waits on this screen.
          apply(stateOf(s), { type: 'guaranteeAccepted' });
          const eventId = await this.p.webhooks.enqueue(q, tenant, GUARANTEE_EVENT, guaranteeEventBody({
            sessionId: s.id, referenceId: s.reference_id, amountCents, highestDebitAmountToGuaranteeCents: s.guarantee.highestDebitAmountToGuaranteeCents, overallRiskLevel: s.guarantee.overallRiskLevel, when: now,
          }));
          return updateSession(q, tenant.id, s.id, { amount_cents: amountCents, guarantee: { ...s.guarantee, awaitingClient: true, webhookEventId: eventId }, last_activity_at: now, updated_at: now });
        }
        return go({ type: 'guaranteeAccepted' }, { amount_cents: amountCents, guarantee: { ...s.guarantee, accepted: true } });
      }
      case 'review': {
        apply(stateOf(s), { type: 'reviewed' });
        const debit = s.payment_request_id ? null : await this.openDebitOrNull(q, tenant, s);
        return go({ type: 'reviewed' }, debit ? { pad_id: debit.padId, payment_request_id: debit.paymentRequestId } : { pad_id: s.pad_id ?? newId() });
      }
      case 'pad': {
        if (!a.agree) throw payErrors.field('agree', 'must be true: the payor agrees to the PAD');
        const signature = a.signature.trim();
        if (signature.length === 0 || signature.length > 200) throw payErrors.field('signature', 'must be the payor’s full name');
        if (!namesMatch(nameMatchScore(s.payor, signature))) throw payErrors.field('signature', `must be the payor’s name (${s.payor.firstName} ${s.payor.lastName})`);
        apply(stateOf(s), { type: 'padSigned' });
        if (s.payment_request_id && s.pad_id) {
          await signDebit(q, this.p, tenant.id, s.pad_id, signature);
          return go({ type: 'padSigned' }, { pad_signed_by: signature, pad_signed_at: now, ended_at: now });
        }
        // An account no EFT file can carry: the payment is recorded, not filed.
        const pr = await createPaymentRequest(q, { customerId: tenant.id, kind: 'eft', sessionId: s.id, amountCents: s.amount_cents!, referenceId: s.reference_id ?? undefined }, this.p);
        return go({ type: 'padSigned' }, { pad_signed_by: signature, pad_signed_at: now, payment_request_id: pr.id, ended_at: now });
      }
      case 'exit':
        return go({ type: 'padExit' }, { ended_at: now });
      case 'sendInterac': {
        const { settings } = await this.settings(q, tenant.id);
        return this.sendInterac(q, tenant, s, settings, null);
      }
    }
  }

  /**
   * The accounts the payor may choose, once the connection is aggregated; the
   * first time, the identity check: a holder name that does not match the payor
   * fails the session (EFT0403). Answers the session when it failed, else the list.
   */
  async accountsOrIdentity(q: Queryable, tenant: Tenant, s: SessionRow): Promise<SessionRow | Awaited<ReturnType<typeof debitableAccounts>>> {
    const loginId = s.login_id;
    if (!loginId || !s.request_id) throw payErrors.sessionStepRefused('No bank connection yet.');
    if (s.step !== 'AccountSelection') throw payErrors.sessionStepRefused(`The session is at step ${s.step}.`);
    const state = await linkState(q, tenant.id, loginId, s.request_id, sessionTag(s.id));
    if (state !== 'ready') throw payErrors.sessionStepRefused(state === 'aggregating' ? 'The bank data is still being retrieved.' : 'The bank connection failed.');
    if (!s.user_details) {
      const holder = await holderName(q, tenant.id, loginId);
      const score = holder ? nameMatchScore(s.payor, holder) : null;
      const userDetails = { matchingPerformed: holder !== null, nameMatch: score };
      if (score !== null && !namesMatch(score)) return this.save(q, tenant, s, apply(stateOf(s), { type: 'identityFailed' }), { user_details: userDetails, ended_at: this.now() });
      s = await updateSession(q, tenant.id, s.id, { user_details: userDetails });
    }
    return debitableAccounts(q, tenant.id, loginId);
  }

  /** GET accounts of the hosted app: 'pending' while aggregating. */
  async appAccounts(tenant: Tenant, id: string): Promise<{ pending: true } | { session: SessionRow } | { accounts: Awaited<ReturnType<typeof debitableAccounts>> }> {
    return this.p.db.tx(async (q) => {
      const s = await this.expireIfIdle(q, tenant.id, id);
      if (!s) throw payErrors.sessionNotFound(id);
      if (isTerminal(s.status)) return { session: s };
      if (s.login_id && s.request_id && (await linkState(q, tenant.id, s.login_id, s.request_id, sessionTag(s.id))) === 'aggregating') return { pending: true as const };
      const r = await this.accountsOrIdentity(q, tenant, s);
      await updateSession(q, tenant.id, id, { last_activity_at: this.now() }).catch(() => null);
      return Array.isArray(r) ? { accounts: r } : { session: r };
    });
  }

  private async decide(q: Queryable, tenant: Tenant, s: SessionRow, requestedCents: number): Promise<GuaranteeRecord> {
    const signals = await payorSignals(q, tenant.id, s.login_id!, s.account_id!, isoDate(this.now()));
    const d = decideGuarantee(signals, { requestedCents, amountLocked: s.amount_locked, minimumCents: s.minimum_cents });
    return {
      offered: d.decision === 'approve', accepted: null, awaitingClient: false, requestedCents, offeredCents: d.offeredCents, nextBestOffer: d.nextBestOffer,
      highestDebitAmountToGuaranteeCents: d.highestDebitAmountToGuaranteeCents, reason: d.reason, overallRiskLevel: d.overallRiskLevel,
      transactionRiskLevel: d.transactionRiskLevel, userRiskLevel: d.userRiskLevel, otherRiskLevel: d.otherRiskLevel, webhookEventId: null, signals,
    };
  }

  /** The session's EFT debit, or null when the chosen account cannot carry one (logged). */
  private async openDebitOrNull(q: Queryable, tenant: Tenant, s: SessionRow) {
    const account = this.payorAccountOf(s);
    if (!account) return null;
    try {
      return await openDebit(q, this.p, tenant, s, account);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      this.p.log.warn({ sessionId: s.id, reason: err.message }, 'the chosen account cannot carry an EFT debit; the payment will not be filed');
      return null;
    }
  }

  /** The PAD text of a session (null before the Pad step). */
  padLines(tenant: Tenant, s: SessionRow, language: 'en' | 'fr'): string[] | null {
    if (!s.pad_id || !s.payor_account || s.amount_cents === null) return null;
    return padText({
      padId: s.pad_id, payeeName: tenant.name, payorName: `${s.payor.firstName} ${s.payor.lastName}`, accountLabel: s.payor_account.accountLabel,
      institutionCode: s.payor_account.institutionCode, transitNumber: s.payor_account.transitNumber, amountCents: s.amount_cents, referenceId: s.reference_id,
      language, signedBy: s.pad_signed_by, signedAt: s.pad_signed_at,
    });
  }

  // ---- e-Transfer ---------------------------------------------------------------------------------

  /** Sends the request for money; `emailLink`: it goes to the payor's email (what Flinks would email, recorded). */
  private async sendInterac(q: Queryable, tenant: Tenant, s: SessionRow, settings: CustomerSettings['settings'], emailLink: string | null): Promise<SessionRow> {
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

  /** Applies one due transition of a request for money; answers whether one was applied. */
  async advanceInterac(customerId: string, paymentRequestId: string): Promise<boolean> {
    return this.p.db.tx(async (q) => {
      const rfm = await findInterac(q, customerId, paymentRequestId, true);
      if (!rfm || TERMINAL_RFM.has(rfm.status)) return false;
      if (await this.syncCancelled(q, customerId, rfm.payment_request_id)) return false;
      const session = await findSession(q, customerId, rfm.session_id);
      const { settings } = await this.settings(q, customerId);
      const view: Rfm = { status: rfm.status, sentAt: rfm.sent_at, expiresAt: rfm.expires_at, action: rfm.action, actionAt: rfm.action_at, holderName: rfm.holder_name, processedAt: rfm.processed_at };
      const now = this.now();
      const step = nextStep(view, now, { settlementMs: settings.settlementMinutes * 60_000, payorName: session?.payor ?? { firstName: '', lastName: '' } });
      if (!step) return false;
      await updateInterac(q, customerId, paymentRequestId, { status: step.status, ...(step.status === 'Processed' ? { processed_at: now } : {}) }, now);
      await setPaymentRequestStatus(q, customerId, paymentRequestId, paymentStatusOf(step.status), step.details, this.p);
      return true;
    });
  }

  /**
   * A payment request canceled through POST /api/v1/paymentrequests/{id}/cancel
   * (the Pay product's route) takes its request for money with it.
   */
  private async syncCancelled(q: Queryable, customerId: string, paymentRequestId: string): Promise<boolean> {
    const pr = await getPaymentRequest(q, customerId, paymentRequestId);
    if (!pr || pr.status !== 'Cancelled') return false;
    await updateInterac(q, customerId, paymentRequestId, { status: 'Cancelled' }, this.now());
    return true;
  }

  // ---- clock-driven work --------------------------------------------------------------------------

  private async expireIfIdle(q: Queryable, customerId: string, id: string): Promise<SessionRow | null> {
    const s = await findSession(q, customerId, id, true);
    if (!s || isTerminal(s.status)) return s;
    const { settings } = await this.settings(q, customerId);
    const now = this.now();
    if (s.last_activity_at.getTime() + settings.sessionTimeoutMinutes * 60_000 > now.getTime()) return s;
    const tenant = await this.p.tenants.find(customerId, q);
    return this.save(q, tenant!, s, apply(stateOf(s), { type: 'expire' }), { ended_at: now }, false);
  }

  /**
   * The sweep (a pg-boss job every minute, and on demand in the sandbox): idle
   * sessions expire, guarantees whose webhook failed three times fail their
   * session, and requests for money take their due steps.
   */
  async sweep(): Promise<{ expired: number; guaranteesFailed: number; interacSteps: number }> {
    await this.p.refreshClock();
    const now = this.now();
    let expired = 0;
    for (const c of await idleSessions(this.p.db, new Date(now.getTime() - 60_000), 500)) {
      const s = await this.p.db.tx((q) => this.expireIfIdle(q, c.customer_id, c.id));
      if (s?.status === 'Expired') expired++;
    }
    let guaranteesFailed = 0;
    for (const c of await sessionsAwaitingClient(this.p.db, 200)) {
      const s = await findSession(this.p.db, c.customer_id, c.id);
      const eventId = s?.guarantee?.webhookEventId;
      if (!s || !eventId) continue;
      const ev = await this.p.webhooks.get(c.customer_id, eventId);
      if (!ev || ev.Status === 'Delivered' || (ev.Status !== 'Failed' && ev.Attempts < GUARANTEE_WEBHOOK_ATTEMPTS)) continue;
      await this.p.db.tx(async (q) => {
        const locked = await findSession(q, c.customer_id, c.id, true);
        if (!locked?.guarantee?.awaitingClient || isTerminal(locked.status)) return;
        const tenant = await this.p.tenants.find(c.customer_id, q);
        await this.save(q, tenant!, locked, apply(stateOf(locked), { type: 'guaranteeRefused' }), { guarantee: { ...locked.guarantee, awaitingClient: false, accepted: false }, ended_at: now });
        guaranteesFailed++;
      });
    }
    let interacSteps = 0;
    for (const r of await openInterac(this.p.db, 1000)) {
      try {
        for (let i = 0; i < 5 && (await this.advanceInterac(r.customer_id, r.payment_request_id)); i++) interacSteps++;
      } catch (err) {
        // One request that cannot move (its payment request changed elsewhere) must not stop the others.
        this.p.log.warn({ err, paymentRequestId: r.payment_request_id }, 'Interac request not advanced');
      }
    }
    return { expired, guaranteesFailed, interacSteps };
  }

  // ---- writing a state change ---------------------------------------------------------------------

  /**
   * Stores a new state with its patch and writes the session webhook when the
   * status changed to one that is reported (V2 sessions, Completed / Failed / Canceled).
   */
  private async save(q: Queryable, tenant: Tenant, s: SessionRow, next: SessionState, patch: SessionPatch, activity = true): Promise<SessionRow> {
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
