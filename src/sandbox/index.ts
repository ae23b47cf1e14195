/**
 * The sandbox: the scripted Flinks Capital bank and custom users, registered with Connect
 * as connectors at setup, and the control routes under /v3/{customerId}/sandbox (only with
 * SANDBOX on). What other products may use of it is exported here.
 */
import type { Product } from '../platform/platform.ts';
import type { Connect } from '../connect/index.ts';
import { registerSandboxConnectors } from './connectors.ts';
import { sandboxRoutes } from './routes.ts';
import { sandboxOperatorRoutes } from './operator-routes.ts';

export { CustomUserDocument } from './custom-users.ts';
export { generateLogin, type GeneratedLogin } from './generator/index.ts';

/** connect: Connect once its setup ran (the connect product is set up before this one). */
export function sandboxProduct(connect: () => Connect): Product {
  return {
    name: 'sandbox',
    tags: [
      { name: 'Sandbox', description: 'Sandbox-only controls (not part of the Flinks API): fire webhooks, reset a login, move the clock, import test users.' },
    ],
    migrations: [],
    setup() {
      // Registered whatever SANDBOX says: logins made in the sandbox keep refreshing (nightly) with their connector.
      const c = connect();
      registerSandboxConnectors(c.connectors, (q, customerId, username) => c.service.store.findCustomUser(q, customerId, username));
    },
    async v3Routes(v3, p) {
      if (!p.config.sandbox) return;
      sandboxRoutes(v3, p, connect());
    },
    async operatorRoutes(op, p) {
      if (!p.config.sandbox) return;
      await sandboxOperatorRoutes(op, p, connect());
    },
  };
}
