import type { Product } from './platform/platform.ts';
import { webhookMigrations, registerWebhookRoutes } from './platform/webhooks/index.ts';
import { connectProduct } from './connect/index.ts';
import { sandboxProduct } from './sandbox/index.ts';
import { enrichProduct } from './enrich/index.ts';
import { widgetProduct } from './widget/index.ts';
import { uploadProduct } from './upload/index.ts';
import { payProduct, paySessionsProduct } from './pay/index.ts';
import { outboundProduct } from './outbound/index.ts';

/** The webhooks outbox is the platform's, but it has tables, a queue and routes like a product. */
function webhooksProduct(): Product {
  return {
    name: 'webhooks',
    migrations: webhookMigrations,
    setup: (p) => p.webhooks.define(),
    v3Routes: async (v3, p) => registerWebhookRoutes(v3, p.webhooks),
  };
}

/** Every product of Maplelink, in the order their routes and migrations are registered. */
export function products(): Product[] {
  // The products that use Connect get it from its product, which is set up before them.
  const connect = connectProduct();
  const built = connect.connect;
  return [webhooksProduct(), connect, sandboxProduct(built), enrichProduct(built), uploadProduct(built), widgetProduct(), payProduct(), paySessionsProduct(built), outboundProduct(built)];
}
