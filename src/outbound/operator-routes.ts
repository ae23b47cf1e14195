/**
 * Outbound in the operator API (/operator/v1/customers/{customerId}/outbound/..., tag Operator;
 * the console's Outbound page): a customer's recipients with their provider registrations, its
 * consents with their scopes and accounts (keyset-paged), and the revocation of a consent, which
 * is exactly what the user's own DELETE /outbound/api/v1/revoke does (AuthServer.revokeGrant: the
 * grant's refresh tokens and codes go, then the grant, and the consent with it), not a second path.
 */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Platform } from '../platform/platform.ts';
import { isGuid } from '../platform/ids.ts';
import { OperatorFailure, operatorErrors } from '../platform/operator/errors.ts';
import { NextCursor, PageQuery, decodeCursor, limitOf, pageOf } from '../platform/operator/paging.ts';
import { requireCustomer } from '../platform/operator/webhooks.ts';
import type { ConsentRow, OutboundStore } from './store.ts';
import type { AuthServer } from './oauth/server.ts';
import { findProvider } from './providers.ts';

const tags = ['Operator'];
const security = [{ operator: [] }];
const errors = operatorErrors;
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
const scopesOf = (s: string) => s.split(/\s+/).filter(Boolean);

const Registration = z.object({ providerId: z.number().int(), providerName: z.string().nullable(), status: z.enum(['PENDING_APPROVAL', 'PENDING_ACTIVATION', 'ACTIVE']), requestedOn: z.string() });
const Recipient = z.object({
  clientId: z.string(), name: z.string(), country: z.string(), scopes: z.array(z.string()), redirectUris: z.array(z.string()),
  authMethod: z.string(), description: z.string().nullable(), createdAt: z.string(), registrations: z.array(Registration),
});
const Consent = z.object({
  id: z.string(), clientId: z.string(), recipientName: z.string(), providerId: z.number().int(), providerName: z.string().nullable(),
  loginId: z.string(), subject: z.string(), scopes: z.array(z.string()), accountIds: z.array(z.string()).describe('The Connect accounts shared'),
  status: z.enum(['active', 'revoked']), createdAt: z.string(), revokedAt: z.string().nullable(),
});

const Params = z.object({ customerId: z.string() });
const ConsentParams = Params.extend({ consentId: z.string() });

export function outboundOperatorRoutes(op: FastifyInstance, p: Platform, store: OutboundStore, server: AuthServer): void {
  const r = op.withTypeProvider<ZodTypeProvider>();
  const sandbox = { sandbox: p.config.sandbox };
  const providerName = (id: number) => findProvider(id, sandbox)?.name ?? null;
  const consentJson = (c: ConsentRow & { revoked_at: Date | null; client_name: string }): z.infer<typeof Consent> => ({
    id: c.id, clientId: c.client_id, recipientName: c.client_name, providerId: c.provider_id, providerName: providerName(c.provider_id), loginId: c.login_id,
    subject: c.subject, scopes: scopesOf(c.scopes), accountIds: c.account_ids, status: c.status, createdAt: iso(c.created_at)!, revokedAt: iso(c.revoked_at),
  });

  r.get('/customers/:customerId/outbound/recipients', {
    schema: { tags, security, params: Params, summary: "A customer's Outbound recipients (data receivers), each with its provider registrations", response: { 200: z.object({ recipients: z.array(Recipient) }), ...errors } },
  }, async (req) => {
    const customerId = await requireCustomer(p, req.params.customerId);
    const [recipients, registrations] = await Promise.all([store.recipients(customerId), store.registrations(customerId, null)]);
    return {
      recipients: recipients.map((x) => ({
        clientId: x.client_id, name: x.name, country: x.country, scopes: scopesOf(x.scope), redirectUris: x.redirect_uris, authMethod: x.auth_method,
        description: x.description, createdAt: iso(x.created_at)!,
        registrations: registrations.filter((g) => g.client_id === x.client_id).map((g) => ({ providerId: g.provider_id, providerName: providerName(g.provider_id), status: g.status, requestedOn: iso(g.requested_on)! })),
      })),
    };
  });

  r.get('/customers/:customerId/outbound/consents', {
    schema: {
      tags, security, params: Params, summary: "A customer's Outbound consents, newest first: recipient, provider, login, scopes and accounts shared",
      querystring: PageQuery.extend({ status: z.enum(['active', 'revoked']).optional(), clientId: z.string().max(200).optional().describe('Only this recipient') }),
      response: { 200: z.object({ consents: z.array(Consent), nextCursor: NextCursor }), ...errors },
    },
  }, async (req) => {
    const customerId = await requireCustomer(p, req.params.customerId);
    const k = decodeCursor(req.query.cursor, ['string', 'string']);
    if (k && (!/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}$/.test(k[0] as string) || !isGuid(k[1]))) throw new OperatorFailure(400, 'invalid_request', 'cursor is not a cursor this list answered');
    const limit = limitOf(req.query);
    const rows = await store.consentsPage(customerId, { status: req.query.status ?? null, clientId: req.query.clientId ?? null, before: k as [string, string] | null, limit: limit + 1 });
    const { items, nextCursor } = pageOf(rows, limit, (x) => [x.created_key, x.id]);
    return { consents: items.map(consentJson), nextCursor };
  });

  r.post('/customers/:customerId/outbound/consents/:consentId/revoke', {
    schema: {
      tags, security, params: ConsentParams,
      summary: "Revoke a consent as the user's own revocation does: its grant, tokens and codes go, and the recipient reads nothing more (revoking twice answers the revoked consent)",
      response: { 200: Consent, ...errors },
    },
  }, async (req) => {
    const customerId = await requireCustomer(p, req.params.customerId);
    const unknown = () => new OperatorFailure(404, 'not_found', `no consent ${req.params.consentId} of customer ${customerId}`);
    const consent = await store.consentOf(customerId, req.params.consentId);
    if (!consent) throw unknown();
    if (consent.status === 'active' && consent.grant_id) await server.revokeGrant(req, consent.grant_id);
    const after = await store.consentOf(customerId, consent.id);
    const recipient = await store.recipient(p.db, customerId, consent.client_id);
    if (!after) throw unknown();
    return consentJson({ ...after, client_name: recipient?.name ?? consent.client_id });
  });
}
