/**
 * The OAuth surface under /outbound: everything oidc-provider answers (discovery,
 * JWKS, authorize, token, RFC 7009 revocation) goes to it unchanged, with two
 * Flinks rules on top: the token endpoint also takes JSON bodies (Flinks's API
 * reference sends JSON; oidc-provider reads forms), and
 * `DELETE /api/v1/revoke` with the user's Bearer token ends the consent (204).
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { documentedBody } from '../../platform/http/openapi.ts';
import type { Platform } from '../../platform/platform.ts';
import { bearerToken } from '../../platform/http/v3.ts';
import { findNul } from '../../platform/http/nul-guard.ts';
import { oauthErrors, outboundErrorHandler, documentOutboundSurface } from '../errors.ts';
import type { AuthServer } from './server.ts';
import { MOUNT, ROUTES } from './server.ts';
import { PARTNER_SCOPE } from '../scopes.ts';
import type { OutboundStore } from '../store.ts';
import { STYLESHEET, STYLESHEET_PATH } from '../page.ts';
import { TokenRequest, TokenResponse } from '../schemas.ts';

/** oidc-provider's own limit for request bodies. */
const BODY_LIMIT = 56 * 1024;

/** A JSON object body as a form body (values as strings; nested values as JSON). */
export function jsonToForm(body: Buffer): Buffer | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body.toString('utf8') || '{}');
  } catch {
    return null;
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) return null;
  const form = new URLSearchParams();
  for (const [k, v] of Object.entries(parsed as Record<string, unknown>)) {
    if (v === undefined || v === null) continue;
    form.set(k, typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : JSON.stringify(v));
  }
  return Buffer.from(form.toString(), 'utf8');
}

/**
 * Where a form or JSON body holds NUL (see platform/http/nul-guard.ts), or null. Bodies stay
 * bytes for oidc-provider, so the platform's check on parsed bodies does not see them.
 */
function nulInBody(body: Buffer, contentType: string): string | null {
  if (body.includes(0)) return 'The body';
  const text = body.toString('utf8');
  if (/^application\/json/i.test(contentType)) {
    if (!/\\u0000/i.test(text)) return null;
    try {
      return findNul(JSON.parse(text), 'body');
    } catch {
      return null; // not JSON: the token route answers that itself
    }
  }
  if (!text.includes('%00')) return null;
  for (const [k, v] of new URLSearchParams(text)) if (k.includes('\u0000') || v.includes('\u0000')) return `The parameter ${JSON.stringify(k.replaceAll('\u0000', ''))}`;
  return null;
}

export async function oauthRoutes(app: FastifyInstance, p: Platform, store: OutboundStore, server: AuthServer): Promise<void> {
  await app.register(async (plain) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    // Bodies reach oidc-provider as read: every content type is kept as bytes here.
    scope.removeAllContentTypeParsers();
    scope.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: BODY_LIMIT }, (req, body, done) => {
      const where = nulInBody(body as Buffer, String(req.headers['content-type'] ?? ''));
      done(where ? oauthErrors.invalidRequest(`${where} contains the NUL character (\\u0000), which no parameter accepts`) : null, body);
    });
    scope.setErrorHandler(outboundErrorHandler('oauth', p.log));
    documentOutboundSurface(scope, 'oauth');

    const toProvider = async (req: FastifyRequest, reply: FastifyReply) => {
      const body = req.body instanceof Buffer ? req.body : undefined;
      await server.forward(req, reply, body);
    };

    // Everything else under /outbound (discovery, JWKS, authorize, RFC 7009 revocation) is oidc-provider's own.
    scope.route({ method: ['GET', 'POST', 'HEAD', 'OPTIONS', 'PUT', 'PATCH'], url: `${MOUNT}/*`, schema: { hide: true }, handler: toProvider });

    scope.post(`${MOUNT}${ROUTES.token}`, {
      schema: {
        tags: ['Outbound OAuth'],
        summary: 'Token: authorization_code (single use), refresh_token (30-day idle, not rotated), client_credentials (scope client:admin); JSON or form body',
        // The body stays bytes for oidc-provider (the parser above), so it is documented, not validated here.
        description: 'The body is application/json or application/x-www-form-urlencoded; oidc-provider answers it.',
        consumes: ['application/x-www-form-urlencoded', 'application/json'],
        body: documentedBody(TokenRequest, { examples: [{ grant_type: 'client_credentials', client_id: 'dc-7tf8aijpjqofl3uxppi136ldc', client_secret: '…', scope: 'client:admin' }] }),
        response: { 200: TokenResponse },
      },
    }, async (req, reply) => {
      const raw = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
      const type = String(req.headers['content-type'] ?? '').toLowerCase();
      let form = raw;
      if (type.startsWith('application/json')) {
        const converted = jsonToForm(raw);
        if (!converted) throw oauthErrors.invalidRequest('The body is not a JSON object');
        form = converted;
      } else if (type && !type.startsWith('application/x-www-form-urlencoded')) {
        throw oauthErrors.invalidRequest('Send the token request as application/json or application/x-www-form-urlencoded');
      }
      const params = new URLSearchParams(form.toString('utf8'));
      // Flinks: the partner token is client_credentials with scope client:admin, and nothing else.
      if (params.get('grant_type') === 'client_credentials' && !(params.get('scope') ?? '').split(' ').includes(PARTNER_SCOPE)) {
        throw oauthErrors.invalidScope(`client_credentials requires scope ${PARTNER_SCOPE}`);
      }
      await server.forward(req, reply, form, 'application/x-www-form-urlencoded');
    });

    scope.delete(`${MOUNT}${ROUTES.revocation}`, {
      schema: {
        tags: ['Outbound OAuth'], summary: "Revoke the user's consent with its access token (Authorization: Bearer); 204", security: [{ bearer: [] }],
        response: { 204: z.undefined().describe('No content') },
      },
    }, async (req, reply) => {
      const presented = bearerToken(req);
      if (!presented) throw oauthErrors.invalidRequest('The request is missing a required parameter.');
      const token = await server.verify(presented, 'fdx');
      if (!token) throw oauthErrors.invalidToken('The access token is invalid or has expired');
      const consent = token.consentId ? await store.consent(token.consentId) : null;
      // Revoking twice is not an error: the consent is gone either way.
      if (consent?.grant_id && consent.status === 'active' && consent.client_id === token.clientId) await server.revokeGrant(req, consent.grant_id);
      return reply.code(204).header('cache-control', 'no-store').send();
    });

    scope.get(STYLESHEET_PATH, { schema: { hide: true, response: { 200: z.string().describe('text/css') } } }, async (_req, reply) =>
      reply.type('text/css; charset=utf-8').header('cache-control', 'public, max-age=3600').header('x-content-type-options', 'nosniff').send(STYLESHEET));
  });
}
