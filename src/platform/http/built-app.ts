/**
 * Serving a front end built by vite (web/<app>/dist): its index page, its content-hashed
 * assets, and the security headers every page of ours carries. The Connect widget (/v2/) and
 * the Pay hosted app (/pay/app/) both use this.
 */
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { FastifyReply } from 'fastify';

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

/** The CSP of an app page: its own scripts, styles and API only; `extra` directives (e.g. frame-src) added. */
export function contentSecurityPolicy(allowedOrigins: readonly string[] | null, extra: readonly string[] = []): string {
  return [
    "default-src 'none'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "connect-src 'self'",
    ...extra,
    "base-uri 'none'",
    "form-action 'none'",
    `frame-ancestors ${frameAncestors(allowedOrigins)}`,
  ].join('; ');
}

export function securityHeaders(reply: FastifyReply): FastifyReply {
  return reply
    .header('x-content-type-options', 'nosniff')
    // Page URLs carry tokens or session ids: never send them as a Referer.
    .header('referrer-policy', 'no-referrer')
    .header('permissions-policy', 'camera=(), microphone=(), geolocation=(), payment=()');
}

export interface BuiltApp {
  /** index.html (after `transform`), or null while the app is not built. Re-read after a rebuild. */
  index(): Promise<string | null>;
  /** Sends dist/assets/{name} with a long cache (the names carry a content hash), or 404. */
  sendAsset(name: string, reply: FastifyReply): Promise<FastifyReply>;
}

export function builtApp(distDir: string, transform: (html: string) => string = (h) => h): BuiltApp {
  let index: { mtimeMs: number; html: string } | null = null;
  const assets = new Map<string, { body: Buffer; type: string }>();
  const load = async (): Promise<string | null> => {
    const file = join(distDir, 'index.html');
    const info = await stat(file).catch(() => null);
    if (!info) return null;
    if (!index || index.mtimeMs !== info.mtimeMs) {
      index = { mtimeMs: info.mtimeMs, html: transform(await readFile(file, 'utf8')) };
      assets.clear(); // a new build: new asset names
    }
    return index.html;
  };
  return {
    index: load,
    async sendAsset(name, reply) {
      if (!/^[A-Za-z0-9][A-Za-z0-9._-]*$/.test(name)) return reply.code(404).type('text/plain; charset=utf-8').send('Not found\n');
      await load(); // drops cached assets after a rebuild
      let asset = assets.get(name);
      if (!asset) {
        const body = await readFile(join(distDir, 'assets', name)).catch(() => null);
        if (!body) return reply.code(404).type('text/plain; charset=utf-8').send('Not found\n');
        asset = { body, type: TYPES[name.slice(name.lastIndexOf('.') + 1).toLowerCase()] ?? 'application/octet-stream' };
        assets.set(name, asset);
      }
      return reply.header('cache-control', 'public, max-age=31536000, immutable').type(asset.type).send(asset.body);
    },
  };
}
