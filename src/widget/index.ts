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
import { readFile, stat } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Platform, Product } from '../platform/platform.ts';
import { SANDBOX_TENANT } from '../platform/tenants.ts';
import { isGuid } from '../platform/ids.ts';
import { listInstitutions } from '../connect/institutions/catalog.ts';

/** Where `npm run build:web` writes the app. */
export const WIDGET_DIST = fileURLToPath(new URL('../../web/widget/dist/', import.meta.url));

const TYPES: Record<string, string> = {
  js: 'text/javascript; charset=utf-8',
  mjs: 'text/javascript; charset=utf-8',
  css: 'text/css; charset=utf-8',
  svg: 'image/svg+xml',
  png: 'image/png',
  ico: 'image/x-icon',
  json: 'application/json; charset=utf-8',
  woff2: 'font/woff2',
  txt: 'text/plain; charset=utf-8',
};

/** A source expression CSP accepts in frame-ancestors: scheme://host[:port], wildcards in the host's first label and the port. */
const ORIGIN = /^(?:[a-z][a-z0-9+.-]*:\/\/)?(?:\*\.)?[a-z0-9-]+(?:\.[a-z0-9-]+)*(?::(?:\d{1,5}|\*))?$/i;

/**
 * The frame-ancestors directive of a customer: `*` when its allowed origins
 * say so, else the page's own origin plus each allowed origin. Anything that is
 * not an origin (a path, a quote, a `;`) is dropped rather than written into the header.
 */
export function frameAncestors(allowedOrigins: readonly string[] | null): string {
  if (!allowedOrigins) return "'self'";
  const origins = allowedOrigins.map((o) => o.trim().replace(/\/+$/, ''));
  if (origins.includes('*')) return '*';
  return ["'self'", ...new Set(origins.filter((o) => ORIGIN.test(o)))].join(' ');
}

export function contentSecurityPolicy(allowedOrigins: readonly string[] | null): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${frameAncestors(allowedOrigins)}`,
  ].join('; ');
}

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
  let index: { mtimeMs: number; html: string } | null = null;
  const assets = new Map<string, { body: Buffer; type: string }>();
  const config = pageConfig(p);

  const loadIndex = async (): Promise<string | null> => {
    const file = join(distDir, 'index.html');
    const info = await stat(file).catch(() => null);
    if (!info) return null;
    if (!index || index.mtimeMs !== info.mtimeMs) {
      const raw = await readFile(file, 'utf8');
      index = { mtimeMs: info.mtimeMs, html: raw.replace('</head>', `<script type="application/json" id="maplelink-config">${config}</script></head>`) };
      assets.clear(); // a new build: new asset names
    }
    return index.html;
  };

  const securityHeaders = (reply: FastifyReply) =>
    reply
      .header('x-content-type-options', 'nosniff')
      // The page URL carries the authorize token: never send it as a Referer (terms link, redirect).
      .header('referrer-policy', 'no-referrer')
      .header('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()');

  const serveIndex = async (req: FastifyRequest, reply: FastifyReply) => {
    const html = await loadIndex();
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

  const serveAsset = async (name: string, reply: FastifyReply) => {
    securityHeaders(reply);
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) return reply.code(404).type('text/plain; charset=utf-8').send('Not found\n');
    await loadIndex(); // drops cached assets after a rebuild
    let asset = assets.get(name);
    if (!asset) {
      const body = await readFile(join(distDir, 'assets', name)).catch(() => null);
      if (!body) return reply.code(404).type('text/plain; charset=utf-8').send('Not found\n');
      const ext = name.slice(name.lastIndexOf('.') + 1).toLowerCase();
      asset = { body, type: TYPES[ext] ?? 'application/octet-stream' };
      assets.set(name, asset);
    }
    // Built names carry a content hash: cache them for good.
    return reply.header('cache-control', 'public, max-age=31536000, immutable').type(asset.type).send(asset.body);
  };

  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    const rest = String((req.params as Record<string, string | undefined>)['*'] ?? '');
    const asset = /^assets\/(.+)$/i.exec(rest);
    if (asset) return serveAsset(asset[1]!, reply);
    return serveIndex(req, reply);
  };
  app.get('/v2', { schema: { hide: true } }, handler);
  app.get('/v2/*', { schema: { hide: true } }, handler);
}
