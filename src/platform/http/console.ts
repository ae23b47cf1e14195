/**
 * The operator console (web/console, a React app built by vite into web/console/dist) at /console/:
 * index.html for /console/ and any path under it (the app routes with the history API), its
 * content-hashed assets under /console/assets/, and `/` sends a browser there. The app is a client
 * of the operator API (/operator/v1), signed in with a session cookie (operator/session.ts).
 */
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { builtApp, contentSecurityPolicy, securityHeaders } from './built-app.ts';

/** Where `node web/console/build.mjs` writes the app. */
export const CONSOLE_DIST = fileURLToPath(new URL('../../../web/console/dist/', import.meta.url));

/** The console is never framed: it acts with the operator's session (clickjacking). */
const CSP = contentSecurityPolicy(null).replace("frame-ancestors 'self'", "frame-ancestors 'none'");

export function registerConsole(app: FastifyInstance, distDir = CONSOLE_DIST): void {
  const files = builtApp(distDir);
  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    const rest = String((req.params as Record<string, string | undefined>)['*'] ?? '');
    securityHeaders(reply).header('x-frame-options', 'DENY');
    if (rest.startsWith('assets/')) return files.sendAsset(rest.slice('assets/'.length), reply);
    const html = await files.index();
    reply.header('cache-control', 'no-store');
    if (html === null) {
      return reply.code(503).type('text/plain; charset=utf-8').send('The operator console is not built. Run `node web/console/build.mjs` (npm start does it).\n');
    }
    return reply.header('content-security-policy', CSP).type('text/html; charset=utf-8').send(html);
  };
  app.get('/console', { schema: { hide: true } }, handler);
  app.get('/console/*', { schema: { hide: true } }, handler);
  // The server's root has nothing of its own: a person who opens it wants the console.
  app.get('/', { schema: { hide: true } }, async (_req, reply) => reply.redirect('/console/', 302));
}
