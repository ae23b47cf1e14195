import Fastify from 'fastify';
import { z } from 'zod';
import { validatorCompiler, serializerCompiler } from 'fastify-type-provider-zod';
import { createHash, timingSafeEqual, randomUUID } from 'node:crypto';
const V = new Set((process.env.V ?? '').split(','));
const opts: any = {};
if (V.has('opts')) Object.assign(opts, { routerOptions: { caseSensitive: false, ignoreTrailingSlash: true, ignoreDuplicateSlashes: true }, rewriteUrl: (r: any) => r.url, genReqId: () => randomUUID(), return503OnClosing: true, forceCloseConnections: 'idle' });
const app = Fastify(opts);
app.setValidatorCompiler(validatorCompiler); app.setSerializerCompiler(serializerCompiler);
const body = { Id: 20, Localizations: [{ Language: 'en', Name: 'Chase Bank', Urls: [{ Type: 'Main', Url: 'https://www.chase.com/' }] }], Status: 'Enabled', Country: 'US', RoutingNumbers: ['021000021', '071000013', '044000037', '322271627', '111000614', '072000326', '083000137', '102001017', '122100024', '325070760', '267084131', '061092387', '065400137', '021202337', '074000010', '051900366', '103000648', '124001545', '123271978', '071000770'] };
const h = createHash('sha256').update('k').digest('hex');
await app.register(async (v3) => {
  if (V.has('onreq')) v3.addHook('onRequest', async (req) => { const k = req.headers['x-api-key'] as string; const a = Buffer.from(createHash('sha256').update(k).digest('hex'), 'hex'); timingSafeEqual(a, Buffer.from(h, 'hex')); });
  if (V.has('preval')) v3.addHook('preValidation', async () => {});
  const schema = V.has('zod') ? { params: z.object({ customerId: z.string(), routingNumber: z.string() }) } : undefined;
  v3.get('/:customerId/BankingServices/Institutions/RoutingNumber/:routingNumber', { schema }, async () => V.has('obj') ? body : JSON.stringify(body));
}, { prefix: '/v3' });
const address = await app.listen({ port: Number(process.env.PORT), host: '127.0.0.1' });
console.log('listening on ' + address);
