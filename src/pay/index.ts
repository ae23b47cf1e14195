/**
 * The Pay product (EFT V1, CPA-005 files and returns): migrations, queues and
 * routes under /pay/api/v1, the PAD signing page under /pay/pad/.
 *
 * Sessions V2, GEFT, e-Transfer and the hosted app are a separate product
 * (src/pay/sessions/) registered after this one. It reuses from here:
 *   - auth.ts: requirePayBearer / requirePayClientId (request.payCustomerId, payTenant);
 *   - errors.ts: payErrors (one stable code and status each), installPayErrorHandler(scope) in each of its
 *     contexts (this product owns the 404 handler under /pay/api), installPayJsonParser;
 *   - payment-requests.ts: createPaymentRequest, getPaymentRequest, setPaymentRequestStatus
 *     (pass the platform as last argument when you have it);
 *   - idempotency.ts: withIdempotency(p, req, customerId, work) for its creates.
 * Migration ids 07xx below 0750 are this product's.
 *
 * Queues: pay.cutoff (daily cron: finds the customers with payments due and
 * sends one pay.cutoff.customer job each), pay.cutoff.customer (one customer's
 * cut-off, exactly once per value date), pay.settlement (daily cron).
 */
import type { Platform, Product } from '../platform/platform.ts';
import { stableId } from '../platform/ids.ts';
import { registerPayAuthRoutes, revokePayTokens } from './auth.ts';
import { installPayErrorHandler, installPayJsonParser } from './errors.ts';
import { getPaymentRequest } from './payment-requests.ts';
import { registerPaymentRequestRoutes } from './routes.ts';
import { payMigrations } from './migrations.ts';
import { loadPayConfig, type PayConfig } from './config.ts';
import { registerEftRoutes } from './eft/routes.ts';
import { registerPadPage } from './eft/pad-page.ts';
import { registerProcessingRoutes } from './processing/routes.ts';
import { runCutoff, type CutoffHooks } from './processing/cutoff.ts';
import { customersWithDuePayments } from './processing/store.ts';
import { settle } from './processing/settlement.ts';
import { purgeIdempotencyKeys } from './idempotency.ts';
import { addDays, dateIn, isIsoDate } from './eft/dates.ts';
import { eftPaymentExtra } from './eft/wire.ts';
import { eftPaymentFacts, findSchedule, lockUnfiled, scheduleProgress } from './eft/store.ts';
import { cancelScheduleAndPayments, moveSchedule } from './eft/service.ts';
import { payOperatorRoutes } from './operator-routes.ts';

/** The sessions product (Sessions V2, e-Transfer, the hosted app): composed after this one and after Connect. */
export { paySessionsProduct } from './sessions/index.ts';

export const CUTOFF_QUEUE = 'pay.cutoff';
export const CUTOFF_CUSTOMER_QUEUE = 'pay.cutoff.customer';
export const SETTLEMENT_QUEUE = 'pay.settlement';

export interface PayProductOptions {
  /** Settings (default: read from the environment at set-up). */
  config?: PayConfig;
  /** Test seam: called inside each cut-off transaction once its payments are locked. */
  cutoffHooks?: CutoffHooks;
}

/** The value date the daily cut-off files: today in the payments calendar plus the lead days. */
export function defaultValueDate(config: PayConfig, now: Date): string {
  return addDays(dateIn(config.timezone, now), config.cutoffLeadDays);
}

/** The daily cut-off: one job per customer with payments due, each run exactly once per value date. */
export async function scheduleCutoffs(p: Platform, valueDate: string): Promise<number> {
  const customers = await customersWithDuePayments(p.db, valueDate);
  for (const customerId of customers) {
    await p.jobs.send(CUTOFF_CUSTOMER_QUEUE, { customerId, valueDate }, { id: stableId('pay.cutoff', customerId, valueDate) });
  }
  return customers.length;
}

export function payProduct(opts: PayProductOptions = {}): Product {
  let config: PayConfig;
  return {
    name: 'pay',
    tags: [
      { name: 'Pay', description: 'Flinks Pay (docs.flinks.com/api/pay): the access token of the Pay API. Errors are RFC 7807 problem details (application/problem+json).' },
      { name: 'Pay: EFT V1', description: 'EFT (pre-authorised debits and credits): transactions, schedules, PAD agreements, contacts, purpose categories, institutions.' },
      { name: 'Pay: payment requests', description: 'The status of any payment request (an EFT payment or an e-Transfer request), and its cancellation.' },
      { name: 'Pay: files and returns', description: 'The CPA-005 files a value date produces, settlement, and the returns files that fail payments.' },
      { name: 'Pay: sessions', description: 'Pay sessions (V2): a session the payer completes in the Pay app, its status and details, guarantees, and the customer settings of sessions.' },
      { name: 'Pay: e-Transfer', description: 'Interac e-Transfer (V1): sessions that initiate a payment or send a request, and payment requests.' },
      { name: 'Pay: sandbox', description: 'Sandbox-only controls of Pay (not part of the Flinks API): move a payment request along, run the session sweep.' },
    ],
    migrations: payMigrations,
    customerData: {
      // Access tokens are obtained with the secret key (client credentials): they go with it.
      revokeOnRotate: revokePayTokens,
    },
    setup(p: Platform) {
      config = opts.config ?? loadPayConfig();
      p.jobs.define<{ valueDate?: string }>({
        name: CUTOFF_QUEUE,
        cron: config.cutoffCron,
        retryLimit: 5,
        expireInSeconds: 600,
        concurrency: 1,
        handler: async (data) => {
          await p.refreshClock();
          const valueDate = data?.valueDate && isIsoDate(data.valueDate) ? data.valueDate : defaultValueDate(config, p.clock.now());
          await scheduleCutoffs(p, valueDate);
        },
      });
      p.jobs.define<{ customerId: string; valueDate: string }>({
        name: CUTOFF_CUSTOMER_QUEUE,
        retryLimit: 20,
        retryDelaySeconds: 5,
        retryBackoff: false,
        // A worker that dies mid cut-off has its transaction rolled back; after this long another takes the job.
        expireInSeconds: config.cutoffExpireSeconds,
        concurrency: 1,
        handler: async (data) => {
          if (!data?.customerId || !isIsoDate(data.valueDate)) return;
          await p.refreshClock();
          const { file, created } = await runCutoff(p, config, data.customerId, data.valueDate, opts.cutoffHooks);
          if (created && file) p.log.info({ customerId: data.customerId, valueDate: data.valueDate, fileId: file.id, fileCreationNumber: file.fileCreationNumber, records: file.records }, 'pay cut-off: file created');
        },
      });
      p.jobs.define({
        name: SETTLEMENT_QUEUE,
        cron: config.settlementCron,
        retryLimit: 3,
        expireInSeconds: 1800,
        concurrency: 1,
        handler: async () => {
          await p.refreshClock();
          const settled = await settle(p, config);
          await purgeIdempotencyKeys(p, 7);
          if (settled) p.log.info({ settled }, 'pay settlement: payments settled');
        },
      });
    },
    async operatorRoutes(op, p) {
      await payOperatorRoutes(op, p, () => config);
    },
    async routes(app, p) {
      registerPayAuthRoutes(app, p);
      registerPadPage(app, p, config);
      // Unknown paths under /pay/api answer ProblemDetails too (the sessions product must not set its own there).
      await app.register(async (scope) => installPayErrorHandler(scope, { notFound: true }), { prefix: '/pay/api' });
      await app.register(async (scope) => {
        installPayErrorHandler(scope);
        installPayJsonParser(scope, p.config.bodyLimitBytes);
        registerPaymentRequestRoutes(scope, p, {
          async describe(_p, r) {
            if (r.kind !== 'eft') return {};
            const facts = await eftPaymentFacts(p.db, r.customerId, r.id);
            return facts ? eftPaymentExtra(facts) : {};
          },
          async refresh(_p, r) {
            if (r.kind === 'eft' && r.status === 'Processed') await settle(p, config, { customerId: r.customerId, paymentIds: [r.id] });
          },
          async onCancelled(q, _p, r) {
            // The last unsent payment of a schedule cancelled one by one ends the schedule.
            if (r.kind !== 'eft' || !r.scheduleId) return;
            const s = await findSchedule(q, r.customerId, r.scheduleId, true);
            if (!s || (s.status !== 'Active' && s.status !== 'OnHold')) return;
            const left = await scheduleProgress(q, r.customerId, s.id);
            if (left.pending) return;
            if (left.sent) await moveSchedule(q, p, s, 'Completed', 'Every payment has been sent or cancelled');
            else await cancelScheduleAndPayments(q, p, s, [], 'Every payment was cancelled');
          },
          async cancellable(q, _p, r) {
            return r.kind !== 'eft' || lockUnfiled(q, r.customerId, r.id);
          },
        });
        registerEftRoutes(scope, p, config);
        registerProcessingRoutes(scope, p, config);
      });
    },
  };
}

export { getPaymentRequest };
