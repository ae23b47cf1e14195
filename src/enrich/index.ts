/**
 * The Enrich product (attributes, categorization, libraries, prepayment) and the Upload API
 * for JSON transactions. No tables of its own: it reads Connect's logins through their
 * sessions and computes on demand.
 */
import type { Product } from '../platform/platform.ts';
import type { Connect } from '../connect/index.ts';
import { EnrichService } from './service.ts';
import { enrichRoutes } from './routes.ts';

export function enrichProduct(holder: { connect?: Connect }): Product {
  return {
    name: 'enrich',
    migrations: [],
    async v3Routes(v3, p) {
      await enrichRoutes(v3, new EnrichService(p, () => holder.connect!));
    },
  };
}
