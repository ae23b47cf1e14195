/**
 * The Enrich product (attributes, categorization, libraries, prepayment) and the JSON API for
 * a customer's own transactions. It reads Connect's logins through their sessions and computes
 * on demand; its one table holds the customers' categorization rules (migrations.ts).
 *
 * This module is Enrich's only door. Besides the product it opens onto the attribute engine for
 * data read offline (`maplelink import --attributes`): so that this stays light, the service and
 * the routes (and through them Connect and the HTTP server) load when the routes are registered.
 */
import type { Product } from '../platform/platform.ts';
import type { Connect } from '../connect/index.ts';
import { enrichMigrations } from './migrations.ts';

export { attributesOf, type RawAccount, type RawTransaction } from './engine/index.ts';

export function enrichProduct(connect: () => Connect): Product {
  return {
    name: 'enrich',
    tags: [
      { name: 'Enrich', description: 'Flinks Enrich (docs.flinks.com/api/enrich): attributes and categorised transactions of a Connect login, categorisation rules and the attribute library.' },
    ],
    migrations: enrichMigrations,
    async v3Routes(v3, p) {
      const [{ EnrichService }, { enrichRoutes }] = await Promise.all([import('./service.ts'), import('./routes.ts')]);
      await enrichRoutes(v3, new EnrichService(p, connect));
    },
    // The operator console's login page: charts, categorized transactions, the attribute card.
    async operatorRoutes(op, p) {
      const [{ EnrichService }, { OperatorEnrich }, { enrichOperatorRoutes }] = await Promise.all([import('./service.ts'), import('./operator.ts'), import('./operator-routes.ts')]);
      await enrichOperatorRoutes(op, new OperatorEnrich(p, connect, new EnrichService(p, connect)));
    },
  };
}
