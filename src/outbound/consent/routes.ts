/**
 * The consent pages' HTTP surface under /outbound/consent/{uid} (oidc-provider's
 * interaction URL): HTML forms posted back here, never framed, never cached.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import formbody from '@fastify/formbody';
import type { Platform } from '../../platform/platform.ts';
import { MOUNT } from '../oauth/server.ts';
import type { AuthServer } from '../oauth/server.ts';
import { outboundErrorHandler } from '../errors.ts';
import { ConsentForm, ConsentParams, HtmlPage } from '../schemas.ts';
import { expiredPage, type ConsentFlow, type Outcome } from './flow.ts';

const CSP = ["default-src 'none'", "style-src 'self'", "img-src 'self' data:", "base-uri 'none'", "frame-ancestors 'none'"].join('; ');

export async function consentRoutes(app: FastifyInstance, p: Platform, server: AuthServer, flow: ConsentFlow): Promise<void> {
  await app.register(async (plain) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    await scope.register(formbody, { bodyLimit: 64 * 1024 });
    scope.addHook('onRequest', async (_req, reply) => {
      reply
        .header('content-security-policy', CSP)
        .header('x-frame-options', 'DENY')
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'no-referrer')
        .header('cache-control', 'no-store');
    });
    scope.setErrorHandler(outboundErrorHandler('consent', p.log));

    const send = async (req: FastifyRequest, reply: FastifyReply, outcome: Outcome) => {
      switch (outcome.kind) {
        case 'html':
          return reply.code(outcome.status).type('text/html; charset=utf-8').send(outcome.html);
        case 'redirect':
          return reply.code(303).header('location', outcome.location).send();
        case 'finish':
          try {
            await server.finish(req, reply, outcome.result);
          } catch {
            // The interaction ended meanwhile (another tab, expiry): nothing left to finish.
            const page = expiredPage();
            if (page.kind === 'html') reply.raw.writeHead(page.status, { 'content-type': 'text/html; charset=utf-8' }).end(page.html);
          }
          return reply;
      }
    };
    // HTML pages, hidden from the API reference; the schemas still check what they take.
    const page = { hide: true, params: ConsentParams, response: { 200: HtmlPage } };
    const post = { ...page, body: ConsentForm };

    scope.get('/consent/:uid', { schema: page }, async (req, reply) => send(req, reply, await flow.start(req, reply, req.params.uid)));
    scope.post('/consent/:uid/login', { schema: post }, async (req, reply) => send(req, reply, await flow.login(req, reply, req.params.uid, req.body)));
    scope.post('/consent/:uid/mfa', { schema: post }, async (req, reply) => send(req, reply, await flow.mfa(req, reply, req.params.uid, req.body)));
    scope.get('/consent/:uid/accounts', { schema: page }, async (req, reply) => send(req, reply, await flow.accounts(req, reply, req.params.uid)));
    scope.post('/consent/:uid/confirm', { schema: post }, async (req, reply) => send(req, reply, await flow.confirm(req, reply, req.params.uid, req.body)));
    scope.post('/consent/:uid/cancel', { schema: post }, async (req, reply) => send(req, reply, await flow.cancel(req, reply, req.params.uid)));
  }, { prefix: MOUNT });
}
