/**
 * Sandbox control under /v3/{customerId}/sandbox (only with SANDBOX on): fire a
 * webhook, reset a login, move the clock, import a custom user.
 */
import { z } from 'zod';
import type { Product } from '../platform/platform.ts';
import type { Connect } from '../connect/index.ts';
import { connectErrors } from '../connect/errors.ts';
import { flinksErrors } from '../platform/http/flinks-errors.ts';
import { CustomUserDocument } from './custom-users.ts';

const tags = ['Sandbox'];
const Customer = z.object({ customerId: z.string() });

export function sandboxProduct(holder: { connect?: Connect }): Product {
  return {
    name: 'sandbox',
    migrations: [],
    async v3Routes(v3, p) {
      if (!p.config.sandbox) return;
      const connect = () => holder.connect!;

      v3.post('/:customerId/sandbox/webhooks/fire', {
        config: { auth: 'apiKey' },
        schema: { tags, params: Customer, summary: 'Send the KYC and/or GetAccountsDetail webhook of a login now', body: z.object({ LoginId: z.string(), Type: z.enum(['KYC', 'GetAccountsDetail']).optional() }) },
      }, async (req: any) => {
        const tenant = req.tenant;
        if (!tenant.webhookUrl) throw flinksErrors.invalidRequest({ detail: 'This customer has no webhook URL: set one first with PATCH /v3/{customerId}/settings (WebhookUrl, WebhookSecret)' });
        const ids = await p.db.tx(async (q) => {
          const login = await connect().service.store.findLogin(q, tenant.id, req.body.LoginId.toLowerCase());
          if (!login) throw connectErrors.invalidLogin();
          if (login.aggregation_state !== 'done') throw connectErrors.cardInUse({ loginId: login.id });
          return connect().fireWebhooks(q, tenant.id, login.id, req.body.Type ? [req.body.Type] : undefined);
        });
        return { HttpStatusCode: 200, EventIds: ids };
      });

      v3.post('/:customerId/sandbox/logins/:loginId/reset', {
        config: { auth: 'apiKey' },
        schema: { tags, params: z.object({ customerId: z.string(), loginId: z.string() }), summary: 'Forget saved credentials and answers: the next live Authorize needs both again' },
      }, async (req: any) => {
        if (!(await connect().service.resetLogin(req.tenant, req.params.loginId))) throw connectErrors.invalidLogin();
        return { HttpStatusCode: 200, Message: `LoginId ${req.params.loginId} has been reset` };
      });

      const clockAnswer = () => ({ HttpStatusCode: 200, Now: p.clock.now().toISOString(), OffsetSeconds: Math.round(p.clock.offset / 1000) });
      v3.get('/:customerId/sandbox/clock', { config: { auth: 'apiKey' }, schema: { tags, params: Customer, summary: 'The sandbox clock' } }, async () => {
        await p.refreshClock();
        return clockAnswer();
      });
      v3.post('/:customerId/sandbox/clock/advance', {
        config: { auth: 'apiKey' },
        schema: { tags, params: Customer, summary: 'Move the sandbox clock forward (refreshes then see new transactions)', body: z.object({ Days: z.number().min(0).max(3650).optional(), Hours: z.number().min(0).max(87600).optional(), Minutes: z.number().min(0).max(5_256_000).optional() }) },
      }, async (req: any) => {
        const { Days = 0, Hours = 0, Minutes = 0 } = req.body;
        await p.advanceClock(((Days * 24 + Hours) * 60 + Minutes) * 60_000);
        return clockAnswer();
      });

      v3.post('/:customerId/sandbox/users', {
        config: { auth: 'apiKey' },
        bodyLimit: 50 * 1024 * 1024,
        schema: { tags, params: Customer, body: CustomUserDocument, summary: 'Import a custom sandbox user: log in to FlinksCapital with its Username and Password to get exactly its data' },
      }, async (req: any) => {
        const doc = req.body as CustomUserDocument;
        await connect().service.store.saveCustomUser(p.db, req.tenant.id, doc.Username, doc);
        return { HttpStatusCode: 200, Institution: 'FlinksCapital', Username: doc.Username, Password: doc.Password };
      });
    },
  };
}
