/**
 * The hosted app's steps (docs/pay.md, "The hosted app"): each action the payor
 * takes at /pay/app/ moves the session through the state machine (machine.ts),
 * reading the payor's bank through Connect (payor-data.ts), deciding the
 * guarantee (guarantee.ts) and opening the EFT debit (debit.ts). A step the
 * session's state does not allow answers 409 with that state in the detail.
 */
import type { Queryable } from '../../platform/db.ts';
import type { Platform } from '../../platform/platform.ts';
import type { Tenant } from '../../platform/tenants.ts';
import { isoDate } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import { ApiError } from '../../platform/errors.ts';
import { payErrors } from '../errors.ts';
import { createPaymentRequest } from '../payment-requests.ts';
import { apply, isTerminal, TransitionRefused, type SessionEvent } from './machine.ts';
import { decideGuarantee } from './guarantee.ts';
import { nameMatchScore, namesMatch } from '../identity.ts';
import { debitableAccounts, holderName, linkState, payorSignals, sessionTag } from './payor-data.ts';
import { maskAccount } from './settings.ts';
import { updateSession, type GuaranteeRecord, type SessionPatch, type SessionRow } from './store.ts';
import { FieldError, amount as parseAmount } from './validate.ts';
import { GUARANTEE_EVENT, guaranteeEventBody } from './webhooks.ts';
import { padText } from './pad.ts';
import { openDebit, signDebit } from './debit.ts';
import { stateOf, type SessionsService } from './service.ts';

/** Credential refusals the payor may type again after; the third one fails the session. */
const CREDENTIAL_CODES = new Set(['INVALID_LOGIN', 'INVALID_USERNAME', 'INVALID_PASSWORD', 'INVALID_SECURITY_RESPONSE']);
export const MAX_LOGIN_FAILURES = 3;

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

export class HostedAppSteps {
  constructor(
    private readonly sessions: SessionsService,
    private readonly p: Platform,
  ) {}

  /** One step of the hosted app. Refused steps answer 409 with the session's state in the detail. */
  async act(tenant: Tenant, id: string, action: AppAction): Promise<SessionRow> {
    return this.p.db.tx(async (q) => {
      const s = await this.sessions.expireIfIdle(q, tenant.id, id);
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
    const now = this.p.clock.now();
    const go = (e: SessionEvent, patch: SessionPatch = {}) => this.sessions.save(q, tenant, s, apply(stateOf(s), e), patch);
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
        return this.sessions.save(q, tenant, afterAmount, apply(stateOf(afterAmount), { type: 'guaranteeDeclined', reason: offer.reason === 'balance' ? 'balance' : 'eligibility' }), {});
      }
      case 'guarantee': {
        if (s.kind !== 'GEFT' || !s.guarantee?.offered) throw payErrors.sessionStepRefused('No guarantee was offered in this session.');
        if (s.guarantee.awaitingClient) throw payErrors.sessionStepRefused('The guarantee is waiting for the client’s confirmation.');
        if (a.choice !== 'accept') return go({ type: 'guaranteeRefused' }, { guarantee: { ...s.guarantee, accepted: false } });
        const amountCents = s.guarantee.offeredCents!;
        const { settings } = await this.sessions.settings(q, tenant.id);
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
        const { settings } = await this.sessions.settings(q, tenant.id);
        return this.sessions.sendInterac(q, tenant, s, settings, null);
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
      if (score !== null && !namesMatch(score)) return this.sessions.save(q, tenant, s, apply(stateOf(s), { type: 'identityFailed' }), { user_details: userDetails, ended_at: this.p.clock.now() });
      await updateSession(q, tenant.id, s.id, { user_details: userDetails });
    }
    return debitableAccounts(q, tenant.id, loginId);
  }

  /** GET accounts of the hosted app: 'pending' while aggregating. */
  async appAccounts(tenant: Tenant, id: string): Promise<{ pending: true } | { session: SessionRow } | { accounts: Awaited<ReturnType<typeof debitableAccounts>> }> {
    return this.p.db.tx(async (q) => {
      const s = await this.sessions.expireIfIdle(q, tenant.id, id);
      if (!s) throw payErrors.sessionNotFound(id);
      if (isTerminal(s.status)) return { session: s };
      if (s.login_id && s.request_id && (await linkState(q, tenant.id, s.login_id, s.request_id, sessionTag(s.id))) === 'aggregating') return { pending: true as const };
      const r = await this.accountsOrIdentity(q, tenant, s);
      await updateSession(q, tenant.id, id, { last_activity_at: this.p.clock.now() }).catch(() => null);
      return Array.isArray(r) ? { accounts: r } : { session: r };
    });
  }

  private async decide(q: Queryable, tenant: Tenant, s: SessionRow, requestedCents: number): Promise<GuaranteeRecord> {
    const signals = await payorSignals(q, tenant.id, s.login_id!, s.account_id!, isoDate(this.p.clock.now()));
    const d = decideGuarantee(signals, { requestedCents, amountLocked: s.amount_locked, minimumCents: s.minimum_cents });
    return {
      offered: d.decision === 'approve', accepted: null, awaitingClient: false, requestedCents, offeredCents: d.offeredCents, nextBestOffer: d.nextBestOffer,
      highestDebitAmountToGuaranteeCents: d.highestDebitAmountToGuaranteeCents, reason: d.reason, overallRiskLevel: d.overallRiskLevel,
      transactionRiskLevel: d.transactionRiskLevel, userRiskLevel: d.userRiskLevel, otherRiskLevel: d.otherRiskLevel, webhookEventId: null, signals,
    };
  }

  /** The session's EFT debit, or null when the chosen account cannot carry one (logged). */
  private async openDebitOrNull(q: Queryable, tenant: Tenant, s: SessionRow) {
    const account = this.sessions.payorAccountOf(s);
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
}
