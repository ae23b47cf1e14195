/**
 * The Outbound product (Flinks Outbound, docs.flinks.com/api/outbound): Maplelink
 * as the OAuth 2.0 authorization server and FDX v5 API in front of the data
 * Connect aggregates. Partners manage data recipients; a person consents on
 * the provider's pages; recipients read FDX with the token they get.
 *
 * Rooms: each surface has its routes (oauth/, management/, consent/, fdx/
 * routes.ts, typed by schemas.ts, errors by errors.ts), its service
 * (oauth/server.ts, management/service.ts, consent/flow.ts, fdx/service.ts),
 * pure domain (scopes.ts, providers.ts, fdx/mapper.ts, fdx/paging.ts) and SQL
 * (store.ts, fdx/store.ts, oauth/adapter.ts); migrations.ts holds the tables.
 *
 *   /outbound/.well-known/openid-configuration, /outbound/api/v1/jwks   discovery
 *   /outbound/api/v1/authorize | token | revoke                          OAuth (oidc-provider)
 *   /outbound/consent/{uid}/...                                          consent pages
 *   /outbound/api/v1/recipients..., /outbound/api/v{1,2}/providers       partner management
 *   /outbound/api/fdx/5/...                                              FDX data
 */
import type { Product } from '../platform/platform.ts';
import type { Connect } from '../connect/index.ts';
import { outboundMigrations } from './migrations.ts';
import { OutboundStore } from './store.ts';
import { AuthServer } from './oauth/server.ts';
import { Recipients, REGISTRATION_QUEUE } from './management/service.ts';
import { ConsentFlow } from './consent/flow.ts';
import { oauthRoutes } from './oauth/routes.ts';
import { managementRoutes } from './management/routes.ts';
import { consentRoutes } from './consent/routes.ts';
import { fdxRoutes } from './fdx/routes.ts';
import { outboundOperatorRoutes } from './operator-routes.ts';

export const SWEEP_QUEUE = 'outbound.sweep';

export function outboundProduct(connect: () => Connect): Product {
  let store: OutboundStore;
  let recipients: Recipients;
  let server: AuthServer;

  return {
    name: 'outbound',
    tags: [
      { name: 'Outbound OAuth', description: 'Flinks Outbound (docs.flinks.com/api/outbound): the OAuth 2.0 token endpoint and the revocation of a consent. Errors are RFC 6749 {error, error_description}.' },
      { name: 'Outbound management', description: 'Recipients (data receivers) and providers of Outbound, managed with a partner token. Errors are {message}.' },
      { name: 'Outbound FDX', description: 'FDX 5 data (accounts, transactions, payment networks, contact, customer, statements) shared under a consent. Errors are FDX errors {code, message, debugMessage}.' },
    ],
    migrations: outboundMigrations,
    customerData: {
      // oidc-provider's rows (codes, tokens, grants, sessions) name their client, not the customer:
      // the customer's recipients, or the customer itself as a partner client.
      deleteUnkeyed: (q, customerId) => OutboundStore.deleteOAuthRowsOfCustomer(q, customerId),
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
    async operatorRoutes(op, p) {
      outboundOperatorRoutes(op, p, store, server);
    },
    async routes(app, p) {
      const flow = new ConsentFlow(p, store, server, connect);
      await oauthRoutes(app, p, store, server);
      await managementRoutes(app, p, server, recipients);
      await consentRoutes(app, p, server, flow);
      await fdxRoutes(app, p, store, server);
    },
  };
}
