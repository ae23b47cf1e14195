/**
 * The Enrich product (attributes, categorization, libraries, prepayment) and the Upload API
 * for JSON transactions. It reads Connect's logins through their sessions and computes on
 * demand; its one table holds the customers' categorization rules (migrations.ts).
 */
import type { Product } from '../platform/platform.ts';
import type { Connect } from '../connect/index.ts';
import { EnrichService } from './service.ts';
import { enrichRoutes } from './routes.ts';
import { enrichMigrations } from './migrations.ts';

export function enrichProduct(connect: () => Connect): Product {
  return {
    name: 'enrich',
    migrations: enrichMigrations,
    async v3Routes(v3, p) {
      await enrichRoutes(v3, new EnrichService(p, connect));
    },
  };
}
