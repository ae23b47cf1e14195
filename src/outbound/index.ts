/**
 * The Outbound product (Flinks Outbound, spec/pay-outbound.md §5–§6): Maplelink
 * as the OAuth 2.0 authorization server and FDX v5 API in front of the data
 * Connect aggregates. Partners manage data recipients; a person consents on
 * the provider's pages; recipients read FDX with the token they get.
 *
 *   /outbound/.well-known/openid-configuration, /outbound/api/v1/jwks   discovery
 *   /outbound/api/v1/authorize | token | revoke                          OAuth (oidc-provider)
 *   /outbound/consent/{uid}/...                                          consent pages
 *   /outbound/api/v1/recipients..., /outbound/api/v{1,2}/providers       partner management
 *   /outbound/api/fdx/5/...                                              FDX data
 */
import type { Product } from '../platform/platform.ts';
import type { Connect } from '../connect/index.ts';
import { outboundMigrations } from './schema.ts';
import { OutboundStore } from './store.ts';
import { AuthServer } from './oauth/server.ts';
import { Recipients, REGISTRATION_QUEUE } from './recipients.ts';
import { ConsentFlow } from './consent/flow.ts';
import { oauthRoutes } from './routes/oauth.ts';
import { managementRoutes } from './routes/management.ts';
import { consentRoutes } from './consent/routes.ts';
import { fdxRoutes } from './fdx/routes.ts';

export const SWEEP_QUEUE = 'outbound.sweep';

export function outboundProduct(holder: { connect?: Connect }): Product {
  let store: OutboundStore;
  let recipients: Recipients;
  let server: AuthServer;

  return {
    name: 'outbound',
    migrations: outboundMigrations,
    customerData: {
      // oidc-provider's rows (codes, tokens, grants, sessions) name their client, not the customer:
      // the customer's recipients, or the customer itself as a partner client.
      deleteUnkeyed: async (q, customerId) => {
        const rows = await q.query<{ n: number }>(
          `with gone as (
             delete from outbound_oauth
              where payload->>'clientId' = $1::text
                 or payload->>'clientId' in (select client_id from outbound_recipients where customer_id = $1::uuid)
                 or grant_id in (select grant_id from outbound_consents where customer_id = $1::uuid and grant_id is not null)
             returning 1)
           select count(*)::int as n from gone`,
          [customerId],
        );
        return rows[0]?.n ?? 0;
      },
    },
    setup(p) {
      store = new OutboundStore(p.db);
      recipients = new Recipients(p, store);
      server = new AuthServer(p, store);
      p.jobs.define<{ customerId: string; clientId: string; providerId: number }>({
        name: REGISTRATION_QUEUE,
        retryLimit: 5,
        expireInSeconds: 60,
        concurrency: 1,
        handler: async (job) => {
          await recipients.advance(job);
        },
      });
      p.jobs.define({
        name: SWEEP_QUEUE,
        cron: '17 * * * *',
        retryLimit: 1,
        expireInSeconds: 600,
        concurrency: 1,
        handler: async () => {
          await store.sweep(p.clock.now());
        },
      });
    },
    async routes(app, p) {
      const flow = new ConsentFlow(p, store, server, () => holder.connect!);
      await oauthRoutes(app, store, server);
      await managementRoutes(app, p, server, recipients);
      await consentRoutes(app, p, server, flow);
      await fdxRoutes(app, p, store, server);
    },
  };
}
