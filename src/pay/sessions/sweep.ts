/**
 * The clock-driven work of sessions: a pg-boss job every minute (and on demand
 * in the sandbox) expires idle sessions, fails the sessions whose guarantee
 * webhook failed three times (docs/pay.md, "Session webhooks"), and moves each
 * Interac request for money along its due steps.
 */
import type { Platform } from '../../platform/platform.ts';
import { setPaymentRequestStatus } from '../payment-requests.ts';
import { nextStep, paymentStatusOf, TERMINAL_RFM, type Rfm } from '../etransfer/rfm.ts';
import { apply, isTerminal } from './machine.ts';
import { findInterac, findSession, idleSessions, openInterac, sessionsAwaitingClient, updateInterac } from './store.ts';
import { stateOf, type SessionsService } from './service.ts';

/** How many guarantee-webhook attempts fail before the session does (docs.flinks.com/api/pay/endpoints/geft/guarantee-confirm). */
export const GUARANTEE_WEBHOOK_ATTEMPTS = 3;

export class SessionSweep {
  constructor(
    private readonly sessions: SessionsService,
    private readonly p: Platform,
  ) {}

  /**
   * The sweep (a pg-boss job every minute, and on demand in the sandbox): idle
   * sessions expire, guarantees whose webhook failed three times fail their
   * session, and requests for money take their due steps.
   */
  async sweep(): Promise<{ expired: number; guaranteesFailed: number; interacSteps: number }> {
    await this.p.refreshClock();
    const now = this.p.clock.now();
    let expired = 0;
    for (const c of await idleSessions(this.p.db, new Date(now.getTime() - 60_000), 500)) {
      const s = await this.p.db.tx((q) => this.sessions.expireIfIdle(q, c.customer_id, c.id));
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
        await this.sessions.save(q, tenant!, locked, apply(stateOf(locked), { type: 'guaranteeRefused' }), { guarantee: { ...locked.guarantee, awaitingClient: false, accepted: false }, ended_at: now });
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

  /** Applies one due transition of a request for money; answers whether one was applied. */
  async advanceInterac(customerId: string, paymentRequestId: string): Promise<boolean> {
    return this.p.db.tx(async (q) => {
      const rfm = await findInterac(q, customerId, paymentRequestId, true);
      if (!rfm || TERMINAL_RFM.has(rfm.status)) return false;
      if (await this.sessions.syncCancelled(q, customerId, rfm.payment_request_id)) return false;
      const session = await findSession(q, customerId, rfm.session_id);
      const { settings } = await this.sessions.settings(q, customerId);
      const view: Rfm = { status: rfm.status, sentAt: rfm.sent_at, expiresAt: rfm.expires_at, action: rfm.action, actionAt: rfm.action_at, holderName: rfm.holder_name, processedAt: rfm.processed_at };
      const now = this.p.clock.now();
      const step = nextStep(view, now, { settlementMs: settings.settlementMinutes * 60_000, payorName: session?.payor ?? { firstName: '', lastName: '' } });
      if (!step) return false;
      await updateInterac(q, customerId, paymentRequestId, { status: step.status, ...(step.status === 'Processed' ? { processed_at: now } : {}) }, now);
      await setPaymentRequestStatus(q, customerId, paymentRequestId, paymentStatusOf(step.status), step.details, this.p);
      return true;
    });
  }
}
