/** The routes: the customer's FDX institutions (secret key), and the OAuth round trip of the widget. */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { headerValue } from '../../../platform/http/v3.ts';
import { FdxInstitutionBody, type FdxInstitution } from './model.ts';
import type { FdxProviders } from './providers.ts';

function view(i: FdxInstitution) {
  return { Id: i.id, Code: i.code, Name: i.name, Country: i.country, Issuer: i.issuer, FdxBaseUrl: i.fdxBaseUrl, ClientId: i.clientId, HasClientSecret: i.clientSecret !== null, ProviderId: i.providerId, Scope: i.scope, RedirectUri: i.redirectUri };
}

/** The routes: the customer's FDX institutions (secret key), and the OAuth round trip of the widget. */
export async function fdxRoutes(v3: FastifyInstance, fdx: FdxProviders): Promise<void> {
  const Customer = z.object({ customerId: z.string() });
  const tags = ['Connect: FDX providers'];

  v3.get('/:customerId/settings/FdxInstitutions', { config: { auth: 'secret' }, schema: { tags, params: Customer, summary: 'FDX providers this customer reaches as a data recipient (Maplelink extension)' } }, async (req: any) =>
    ({ HttpStatusCode: 200, Institutions: (await fdx.institutions(req.tenant.id)).map(view) }));
  v3.post('/:customerId/settings/FdxInstitutions', {
    config: { auth: 'secret' },
    schema: { tags, params: Customer, body: FdxInstitutionBody, summary: 'Register an FDX provider as an institution: its OAuth issuer and this customer’s recipient credentials. Register RedirectUri with the provider.' },
  }, async (req: any) => ({ HttpStatusCode: 200, Institution: view(await fdx.register(req.tenant, fdx.origin(req), req.body)) }));

  const AuthorizeBody = z.object({
    Institution: z.union([z.string(), z.number().transform(String)]),
    ReturnUrl: z.string().max(4000),
    Save: z.boolean().optional(),
    Tag: z.string().max(500).optional(),
    ScheduleRefresh: z.boolean().optional(),
    Language: z.string().optional(),
  });
  v3.post('/:customerId/BankingServices/OAuth/Authorize', {
    config: { auth: 'none' },
    schema: { tags, params: Customer, body: AuthorizeBody, summary: 'Start the consent at an FDX provider: answers the RedirectUrl to send the person to (flinks-auth-key: the authorize token when required)' },
  }, async (req: any) => ({ HttpStatusCode: 200, RedirectUrl: await fdx.start(req.tenant, req.body, headerValue(req, 'flinks-auth-key')) }));

  v3.get('/:customerId/BankingServices/OAuth/Callback', {
    config: { auth: 'none' },
    schema: { tags, params: Customer, summary: 'Where the FDX provider sends the person back (code, state): opens the session and returns to the widget with requestId' },
  }, async (req: any, reply) => {
    const query = Object.fromEntries(Object.entries((req.query ?? {}) as Record<string, unknown>).map(([k, v]) => [k, typeof v === 'string' ? v : undefined]));
    const search = new URL(req.url, 'http://callback.invalid').search;
    return reply.code(303).header('location', await fdx.callback(req.tenant, query, search)).header('cache-control', 'no-store').send();
  });
}
