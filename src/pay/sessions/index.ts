/**
 * The Pay sessions product: Sessions V2 (Guaranteed EFT, regular EFT V2,
 * e-Transfer V2), e-Transfer V1 with its simulated Interac requests for money,
 * the GEFT webhooks, and the hosted app at /pay/app/. It reuses the Pay
 * product's authentication, ProblemDetails, idempotency and payment requests
 * (src/pay/), and reads the payor's bank through Connect; register it after
 * `payProduct` and after Connect.
 */
import type { Platform, Product } from '../../platform/platform.ts';
import type { Connect } from '../../connect/index.ts';
import { installPayErrorHandler } from '../errors.ts';
import { registerAppRoutes } from './app-routes.ts';
import { INTERAC_QUEUE, SWEEP_QUEUE, registerSessionRoutes } from './routes.ts';
import { sessionMigrations } from './migrations.ts';
import { SessionsService } from './service.ts';
import { HostedAppSteps } from './app-steps.ts';
import { GUARANTEE_WEBHOOK_ATTEMPTS, SessionSweep } from './sweep.ts';
import { GUARANTEE_EVENT, SESSION_STATUS_EVENT, signHeaders } from './webhooks.ts';
import { isGuid } from '../../platform/ids.ts';

export { SessionsService } from './service.ts';

export function paySessionsProduct(connect: () => Connect, opts: { distDir?: string } = {}): Product {
  let service: SessionsService | null = null;
  let steps: HostedAppSteps | null = null;
  let sweep: SessionSweep | null = null;
  return {
    name: 'pay-sessions',
    migrations: sessionMigrations,
    setup(p: Platform) {
      service = new SessionsService({ p, connect: connect });
      steps = new HostedAppSteps(service, p);
      sweep = new SessionSweep(service, p);
      // GEFT webhooks carry their own signature. The status webhook is not retried (docs.flinks.com/guides/pay/geft/webhooks/session-status: a
      // replay still sends it again); the guarantee webhook has three tries, after which the session fails (sessions-details).
      p.webhooks.registerType(SESSION_STATUS_EVENT, { sign: signHeaders, attempts: 1 });
      p.webhooks.registerType(GUARANTEE_EVENT, { sign: signHeaders, attempts: GUARANTEE_WEBHOOK_ATTEMPTS });
      p.jobs.define({
        name: SWEEP_QUEUE,
        cron: '* * * * *',
        retryLimit: 1,
        expireInSeconds: 600,
        concurrency: 1,
        handler: async () => {
          await sweep!.sweep();
        },
      });
      p.jobs.define<{ customerId: string; paymentRequestId: string }>({
        name: INTERAC_QUEUE,
        retryLimit: 5,
        concurrency: 2,
        handler: async (data) => {
          if (!isGuid(data?.customerId) || !isGuid(data?.paymentRequestId)) return;
          await p.refreshClock();
          // One step per job; the next one due now (Accepted -> Processed) is its own job.
          if (await sweep!.advanceInterac(data.customerId, data.paymentRequestId)) await p.jobs.send(INTERAC_QUEUE, data);
        },
      });
    },
    async routes(app, p) {
      await app.register(async (scope) => {
        installPayErrorHandler(scope);
        registerSessionRoutes(scope, p, service!, sweep!);
      });
      registerAppRoutes(app, p, service!, steps!, connect, opts.distDir);
    },
  };
}
