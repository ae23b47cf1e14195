/**
 * The consent pages' HTTP surface under /outbound/consent/{uid} (oidc-provider's
 * interaction URL): HTML forms posted back here, never framed, never cached.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import formbody from '@fastify/formbody';
import type { Platform } from '../../platform/platform.ts';
import { MOUNT } from '../oauth/server.ts';
import { DB_RETRY_AFTER_SECONDS, isDbUnavailable } from '../../platform/db.ts';
import type { AuthServer } from '../oauth/server.ts';
import { errorPage } from './pages.ts';
import { expiredPage, type ConsentFlow, type Form, type Outcome } from './flow.ts';

const CSP = ["default-src 'none'", "style-src 'self'", "img-src 'self' data:", "base-uri 'none'", "frame-ancestors 'none'"].join('; ');

export async function consentRoutes(app: FastifyInstance, p: Platform, server: AuthServer, flow: ConsentFlow): Promise<void> {
  await app.register(async (scope) => {
    await scope.register(formbody, { bodyLimit: 64 * 1024 });
    scope.addHook('onRequest', async (_req, reply) => {
      reply
        .header('content-security-policy', CSP)
        .header('x-frame-options', 'DENY')
        .header('x-content-type-options', 'nosniff')
        .header('referrer-policy', 'no-referrer')
        .header('cache-control', 'no-store');
    });
    scope.setErrorHandler((err: { statusCode?: number; message?: string }, req, reply) => {
      if (isDbUnavailable(err)) {
        return reply.code(503).header('retry-after', String(DB_RETRY_AFTER_SECONDS)).type('text/html; charset=utf-8')
          .send(errorPage({ title: 'Temporarily unavailable', message: 'The service cannot be reached right now. Wait a few seconds, then reload this page.' }));
      }
      const status = err.statusCode && err.statusCode < 500 ? err.statusCode : 500;
      if (status === 500) p.log.error({ err, url: req.url.split('?')[0] }, 'unhandled consent page error');
      return reply.code(status).type('text/html; charset=utf-8').send(errorPage({
        title: status === 500 ? 'Something went wrong' : 'This request cannot be read',
        message: status === 500 ? 'The page could not be shown. Go back to the application and try again.' : err.message ?? 'Bad request',
      }));
    });

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
    const uid = (req: FastifyRequest) => String((req.params as { uid: string }).uid);
    const form = (req: FastifyRequest): Form => (req.body && typeof req.body === 'object' ? (req.body as Form) : {});
    const opts = { schema: { hide: true } };

    scope.get('/consent/:uid', opts, async (req, reply) => send(req, reply, await flow.start(req, reply, uid(req))));
    scope.post('/consent/:uid/login', opts, async (req, reply) => send(req, reply, await flow.login(req, reply, uid(req), form(req))));
    scope.post('/consent/:uid/mfa', opts, async (req, reply) => send(req, reply, await flow.mfa(req, reply, uid(req), form(req))));
    scope.get('/consent/:uid/accounts', opts, async (req, reply) => send(req, reply, await flow.accounts(req, reply, uid(req))));
    scope.post('/consent/:uid/confirm', opts, async (req, reply) => send(req, reply, await flow.confirm(req, reply, uid(req), form(req))));
    scope.post('/consent/:uid/cancel', opts, async (req, reply) => send(req, reply, await flow.cancel(req, reply, uid(req))));
  }, { prefix: MOUNT });
}
