/**
 * Partner management under /outbound/api (spec §5.5–§5.7): recipients,
 * registrations and the provider directory, with a partner token
 * (client_credentials, scope client:admin). Errors are `{"message"}`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Platform } from '../../platform/platform.ts';
import { ApiError } from '../../platform/errors.ts';
import { bearerToken } from '../../platform/http/v3.ts';
import { managementBody, managementErrors, UNAVAILABLE_MESSAGE } from '../errors.ts';
import { DB_RETRY_AFTER_SECONDS, isDbUnavailable } from '../../platform/db.ts';
import type { AuthServer } from '../oauth/server.ts';
import { MOUNT } from '../oauth/server.ts';
import { PARTNER_SCOPE } from '../scopes.ts';
import type { Recipients } from '../recipients.ts';

const httpUrl = z.string().trim().max(2000).refine((s) => {
  try {
    const u = new URL(s);
    return (u.protocol === 'https:' || u.protocol === 'http:') && !u.hash;
  } catch {
    return false;
  }
}, 'must be an absolute http(s) URL without a fragment');

const optionalUrl = httpUrl.nullable().optional();

const NewRecipient = z.object({
  name: z.string().trim().min(1).max(256),
  scope: z.union([z.array(z.string()), z.string()]).optional(),
  redirect_uris: z.array(httpUrl).min(1).max(50),
  logo_uri: optionalUrl,
  description: z.string().max(2000).nullable().optional(),
  terms_uri: optionalUrl,
  client_uri: optionalUrl,
  country: z.enum(['CA', 'US']).optional(),
  contacts: z.array(z.object({ email: z.string().email() })).max(20).optional(),
  token_endpoint_auth_method: z.enum(['client_secret_post', 'none']).optional(),
});
const RedirectUris = z.object({ redirect_uris: z.array(httpUrl).min(1).max(50) });
const ClientParam = z.object({ client_id: z.string().min(1).max(200) });

const list = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);

export async function managementRoutes(app: FastifyInstance, p: Platform, server: AuthServer, recipients: Recipients): Promise<void> {
  await app.register(async (scope) => {
    scope.setErrorHandler((err: unknown, req, reply) => {
      let e: ApiError;
      if (err instanceof ApiError) e = err;
      else {
        const f = err as { validation?: { instancePath?: string; message?: string }[]; validationContext?: string; statusCode?: number; message?: string };
        if (f.validation?.length) {
          const v = f.validation[0]!;
          const where = (v.instancePath ?? '').replace(/^\//, '').replace(/\//g, '.') || f.validationContext || 'body';
          e = managementErrors.invalidRequest(`${where}: ${v.message ?? 'is invalid'}`);
        } else if (f.statusCode && f.statusCode < 500) e = managementErrors.invalidRequest(f.message ?? 'The request could not be read');
        else if (isDbUnavailable(err)) e = managementErrors.unavailable(UNAVAILABLE_MESSAGE);
        else {
          p.log.error({ err, url: req.url.split('?')[0] }, 'unhandled Outbound management error');
          return reply.code(500).send({ message: 'An unexpected error occurred' });
        }
      }
      if (e.status === 503) reply.header('retry-after', String(DB_RETRY_AFTER_SECONDS));
      return reply.code(e.status).type('application/json; charset=utf-8').send(managementBody(e));
    });

    /** The partner's customer, from its token. */
    const partner = async (req: FastifyRequest): Promise<string> => {
      const token = await server.verify(bearerToken(req), 'management');
      if (!token) throw managementErrors.invalidBearerToken();
      if (!token.scopes.has(PARTNER_SCOPE)) throw managementErrors.insufficientScope();
      const customerId = server.partnerCustomer(token.clientId);
      if (!customerId || !(await p.tenants.find(customerId))) throw managementErrors.invalidBearerToken();
      return customerId;
    };

    const tags = ['Outbound management'];
    const doc = (summary: string, extra: Record<string, unknown> = {}) => ({ tags, summary, security: [{ bearer: [] }], ...extra });

    scope.post('/v1/recipients', { schema: doc('Create a data recipient (answers its client_id and client_secret)', { body: NewRecipient }) }, async (req) =>
      recipients.create(await partner(req), req.body as z.infer<typeof NewRecipient>));
    scope.get('/v1/recipients', { schema: doc('The data recipients of this partner') }, async (req) => recipients.list(await partner(req)));
    scope.get('/v1/recipients/providers/requests', { schema: doc('Registration requests of every recipient') }, async (req) => recipients.registrations(await partner(req), null));
    scope.post('/v1/recipients/providers/requests/:recipientIds/:providerIds', {
      schema: doc('Request the registration of recipients with providers (comma-separated lists): PENDING_APPROVAL → PENDING_ACTIVATION → ACTIVE', { params: z.object({ recipientIds: z.string(), providerIds: z.string() }) }),
    }, async (req: any) => recipients.requestRegistrations(await partner(req), list(req.params.recipientIds), list(req.params.providerIds)));
    scope.get('/v1/recipients/:client_id', { schema: doc('One data recipient, with its scope and redirect URIs', { params: ClientParam }) }, async (req: any) =>
      recipients.get(await partner(req), req.params.client_id));
    scope.put('/v1/recipients/:client_id', { schema: doc("Replace a recipient's redirect URIs", { params: ClientParam, body: RedirectUris }) }, async (req: any) =>
      recipients.replaceRedirectUris(await partner(req), req.params.client_id, req.body.redirect_uris));
    scope.post('/v1/recipients/:client_id/secret', { schema: doc('Issue a new client secret (the old one stops working)', { params: ClientParam }) }, async (req: any) =>
      recipients.regenerateSecret(await partner(req), req.params.client_id));
    scope.get('/v1/recipients/:client_id/providers/requests', { schema: doc('Registration requests of one recipient', { params: ClientParam }) }, async (req: any) =>
      recipients.registrations(await partner(req), req.params.client_id));

    scope.get('/v1/providers', { schema: doc('Data providers') }, async (req) => {
      await partner(req);
      return recipients.providersV1();
    });
    scope.get('/v1/providers/:provider_id', { schema: doc('One data provider with its URL and data inventory', { params: z.object({ provider_id: z.string() }) }) }, async (req: any) => {
      await partner(req);
      return recipients.providerV1(req.params.provider_id);
    });
    scope.get('/v2/providers', {
      schema: doc('Data providers with their status for this partner (country=CA|US|CA,US; isEnabledForClient=true|false)', { querystring: z.object({ country: z.string().optional(), isEnabledForClient: z.string().optional() }) }),
    }, async (req: any) => {
      const customerId = await partner(req);
      const countries = req.query.country ? list(String(req.query.country).toUpperCase()) : null;
      const flag = String(req.query.isEnabledForClient ?? '').toLowerCase();
      const enabled = flag === 'true' ? true : flag === 'false' ? false : null;
      return recipients.providersV2(customerId, countries, enabled);
    });
  }, { prefix: `${MOUNT}/api` });
}
