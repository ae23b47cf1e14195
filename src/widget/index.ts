/**
 * The Connect widget (the Flinks Connect iframe) at /v2/: the React app built by
 * vite into web/widget/dist, served as static files, and its index page with
 * the customer's security headers. The app itself talks only to the public
 * /v3 Connect API; this product serves files and headers, nothing else.
 *
 *   /v2/, /v2/Credential/{InstitutionId}, /v2/... -> index.html (the app reads the path)
 *   /v2/assets/{file}                            -> built, content-hashed assets
 *
 * The customer comes from the `customerId` query parameter (default: the
 * sandbox customer); its allowed origins become the CSP `frame-ancestors`.
 */
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Platform, Product } from '../platform/platform.ts';
import { SANDBOX_TENANT } from '../platform/tenants.ts';
import { isGuid } from '../platform/ids.ts';
import { listInstitutions } from '../connect/index.ts';
import { builtApp, contentSecurityPolicy, securityHeaders } from '../platform/http/built-app.ts';

/** Where `npm run build:web` writes the app. */
export const WIDGET_DIST = fileURLToPath(new URL('../../web/widget/dist/', import.meta.url));

export { contentSecurityPolicy, frameAncestors } from '../platform/http/built-app.ts';

/** What the page knows besides the API: each institution's Flinks code (GET /Institutions gives ids and names only). */
function pageConfig(p: Platform): string {
  const institutions: Record<number, { code: string; sandbox: boolean }> = {};
  for (const i of listInstitutions({ includeSandbox: p.config.sandbox })) institutions[i.id] = { code: i.code, sandbox: Boolean(i.sandbox) };
  // `<` escaped so the JSON cannot close its script element.
  return JSON.stringify({ institutions }).replace(/</g, '\\u003c');
}

export function widgetProduct(opts: { distDir?: string } = {}): Product {
  return {
    name: 'widget',
    migrations: [],
    routes: async (app, p) => registerWidgetRoutes(app, p, opts.distDir ?? WIDGET_DIST),
  };
}

export async function registerWidgetRoutes(app: FastifyInstance, p: Platform, distDir: string): Promise<void> {
  const config = pageConfig(p);
  const widget = builtApp(distDir, (raw) => raw.replace('</head>', `<script type="application/json" id="maplelink-config">${config}</script></head>`));

  const serveIndex = async (req: FastifyRequest, reply: FastifyReply) => {
    const html = await widget.index();
    securityHeaders(reply).header('cache-control', 'no-store');
    if (html === null) {
      return reply.code(503).type('text/plain; charset=utf-8').send('The Connect widget is not built. Run `npm run build:web` (npm start does it).\n');
    }
    const query = req.query as Record<string, unknown>;
    const raw = Object.entries(query).find(([k]) => k.toLowerCase() === 'customerid')?.[1];
    const customerId = typeof raw === 'string' && raw.trim() !== '' ? raw.trim() : SANDBOX_TENANT.id;
    let origins: string[] | null = null;
    if (isGuid(customerId)) {
      const tenant = await p.tenants.find(customerId.toLowerCase()).catch(() => null);
      origins = tenant?.allowedOrigins ?? null;
    }
    return reply.header('content-security-policy', contentSecurityPolicy(origins)).type('text/html; charset=utf-8').send(html);
  };

  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    const rest = String((req.params as Record<string, string | undefined>)['*'] ?? '');
    const asset = /^assets\/(.+)$/i.exec(rest);
    if (asset) return widget.sendAsset(asset[1]!, securityHeaders(reply));
    return serveIndex(req, reply);
  };
  app.get('/v2', { schema: { hide: true } }, handler);
  app.get('/v2/*', { schema: { hide: true } }, handler);
}
