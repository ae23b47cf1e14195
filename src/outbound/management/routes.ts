/**
 * Partner management under /outbound/api (docs.flinks.com/api/outbound/endpoints/data-receipts,
 * .../registration): recipients, registrations and the provider directory, with a partner
 * token (client_credentials, scope client:admin). Errors are `{"message"}`.
 */
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Platform } from '../../platform/platform.ts';
import { bearerToken } from '../../platform/http/v3.ts';
import { managementErrors, outboundErrorHandler, documentOutboundSurface } from '../errors.ts';
import type { AuthServer } from '../oauth/server.ts';
import { MOUNT } from '../oauth/server.ts';
import { PARTNER_SCOPE } from '../scopes.ts';
import type { Recipients } from './service.ts';
import {
  ClientParam, NewRecipient, ProviderParam, ProvidersV2Query, ProviderV1, ProviderV1Detail, ProviderV2, Recipient, RecipientSummary,
  RedirectUris, Registration, RegistrationParams,
} from '../schemas.ts';

const list = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);

export async function managementRoutes(app: FastifyInstance, p: Platform, server: AuthServer, recipients: Recipients): Promise<void> {
  await app.register(async (plain) => {
    const scope = plain.withTypeProvider<ZodTypeProvider>();
    scope.setErrorHandler(outboundErrorHandler('management', p.log));
    documentOutboundSurface(scope, 'management');

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
    const doc = (summary: string) => ({ tags, summary, security: [{ bearer: [] }] });

    scope.post('/v1/recipients', {
      schema: { ...doc('Create a data recipient (answers its client_id and client_secret)'), body: NewRecipient, response: { 200: Recipient } },
    }, async (req) => recipients.create(await partner(req), req.body));
    scope.get('/v1/recipients', {
      schema: { ...doc('The data recipients of this partner'), response: { 200: z.array(RecipientSummary) } },
    }, async (req) => recipients.list(await partner(req)));
    scope.get('/v1/recipients/providers/requests', {
      schema: { ...doc('Registration requests of every recipient'), response: { 200: z.array(Registration) } },
    }, async (req) => recipients.registrations(await partner(req), null));
    scope.post('/v1/recipients/providers/requests/:recipientIds/:providerIds', {
      schema: {
        ...doc('Request the registration of recipients with providers (comma-separated lists): PENDING_APPROVAL → PENDING_ACTIVATION → ACTIVE'),
        params: RegistrationParams,
        response: { 200: z.array(Registration) },
      },
    }, async (req) => recipients.requestRegistrations(await partner(req), list(req.params.recipientIds), list(req.params.providerIds)));
    scope.get('/v1/recipients/:client_id', {
      schema: { ...doc('One data recipient, with its scope and redirect URIs'), params: ClientParam, response: { 200: Recipient } },
    }, async (req) => recipients.get(await partner(req), req.params.client_id));
    scope.put('/v1/recipients/:client_id', {
      schema: { ...doc("Replace a recipient's redirect URIs"), params: ClientParam, body: RedirectUris, response: { 200: Recipient } },
    }, async (req) => recipients.replaceRedirectUris(await partner(req), req.params.client_id, req.body.redirect_uris));
    scope.post('/v1/recipients/:client_id/secret', {
      schema: { ...doc('Issue a new client secret (the old one stops working)'), params: ClientParam, response: { 200: Recipient } },
    }, async (req) => recipients.regenerateSecret(await partner(req), req.params.client_id));
    scope.get('/v1/recipients/:client_id/providers/requests', {
      schema: { ...doc('Registration requests of one recipient'), params: ClientParam, response: { 200: z.array(Registration) } },
    }, async (req) => recipients.registrations(await partner(req), req.params.client_id));

    scope.get('/v1/providers', { schema: { ...doc('Data providers'), response: { 200: z.array(ProviderV1) } } }, async (req) => {
      await partner(req);
      return recipients.providersV1();
    });
    scope.get('/v1/providers/:provider_id', {
      schema: { ...doc('One data provider with its URL and data inventory'), params: ProviderParam, response: { 200: ProviderV1Detail } },
    }, async (req) => {
      await partner(req);
      return recipients.providerV1(req.params.provider_id);
    });
    scope.get('/v2/providers', {
      schema: {
        ...doc('Data providers with their status for this partner (country=CA|US|CA,US; isEnabledForClient=true|false)'),
        querystring: ProvidersV2Query,
        response: { 200: z.array(ProviderV2) },
      },
    }, async (req) => {
      const customerId = await partner(req);
      const countries = req.query.country ? list(req.query.country.toUpperCase()) : null;
      const flag = (req.query.isEnabledForClient ?? '').toLowerCase();
      const enabled = flag === 'true' ? true : flag === 'false' ? false : null;
      return recipients.providersV2(customerId, countries, enabled);
    });
  }, { prefix: `${MOUNT}/api` });
}
