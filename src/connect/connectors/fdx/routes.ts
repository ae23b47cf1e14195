/** The routes: the customer's FDX institutions (secret key), and the OAuth round trip of the widget. */
import type { FastifyInstance } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { headerValue } from '../../../platform/http/v3.ts';
import { CustomerParams } from '../../../platform/http/params.ts';
import { checkedByHandler } from '../../../platform/http/schemas.ts';
import { flinksErrorAnswers } from '../../../platform/http/flinks-errors.ts';
import { FdxInstitutionBody, type FdxInstitution } from './model.ts';
import type { FdxProviders } from './providers.ts';

function view(i: FdxInstitution) {
  return { Id: i.id, Code: i.code, Name: i.name, Country: i.country, Issuer: i.issuer, FdxBaseUrl: i.fdxBaseUrl, ClientId: i.clientId, HasClientSecret: i.clientSecret !== null, ProviderId: i.providerId, Scope: i.scope, RedirectUri: i.redirectUri };
}

/** view()'s answer, in its order (a loose object writes its declared keys first). */
const InstitutionView = z.looseObject({
  Id: z.number(),
  Code: z.string(),
  Name: z.string(),
  Country: z.enum(['CA', 'US']),
  Issuer: z.string(),
  FdxBaseUrl: z.string(),
  ClientId: z.string(),
  HasClientSecret: z.boolean().describe('The client secret itself is never answered'),
  ProviderId: z.number().nullable(),
  Scope: z.string(),
  RedirectUri: z.string().describe('Register it with the provider'),
});

const AuthorizeBody = z.object({
  Institution: z.union([z.string(), z.number().transform(String)]),
  ReturnUrl: z.string().max(4000),
  Save: z.boolean().optional(),
  Tag: z.string().max(500).optional(),
  ScheduleRefresh: z.boolean().optional(),
  Language: z.string().optional(),
});

/** The provider's redirect (RFC 6749 §4.1.2 and §4.1.2.1), read by the handler as sent. */
const CallbackQuery = checkedByHandler(z.object({
  code: z.string().optional(),
  state: z.string(),
  error: z.string().optional(),
  error_description: z.string().optional(),
}));

/** The routes: the customer's FDX institutions (secret key), and the OAuth round trip of the widget. */
export async function fdxRoutes(v3: FastifyInstance, fdx: FdxProviders): Promise<void> {
  const r = v3.withTypeProvider<ZodTypeProvider>();
  const tags = ['Connect: FDX providers'];

  r.get('/:customerId/settings/FdxInstitutions', {
    config: { auth: 'secret' },
    schema: {
      tags, params: CustomerParams, summary: 'FDX providers this customer reaches as a data recipient (Maplelink extension)',
      response: { 200: z.looseObject({ HttpStatusCode: z.literal(200), Institutions: z.array(InstitutionView) }), ...flinksErrorAnswers },
    },
  }, async (req) => ({ HttpStatusCode: 200 as const, Institutions: (await fdx.institutions(req.tenant.id)).map(view) }));
  r.post('/:customerId/settings/FdxInstitutions', {
    config: { auth: 'secret' },
    schema: {
      tags, params: CustomerParams, body: FdxInstitutionBody, summary: 'Register an FDX provider as an institution: its OAuth issuer and this customer’s recipient credentials. Register RedirectUri with the provider.',
      response: { 200: z.looseObject({ HttpStatusCode: z.literal(200), Institution: InstitutionView }), ...flinksErrorAnswers },
    },
  }, async (req) => ({ HttpStatusCode: 200 as const, Institution: view(await fdx.register(req.tenant, fdx.origin(req), req.body)) }));

  r.post('/:customerId/BankingServices/OAuth/Authorize', {
    config: { auth: 'none' },
    schema: {
      tags, params: CustomerParams, body: AuthorizeBody, summary: 'Start the consent at an FDX provider: answers the RedirectUrl to send the person to (flinks-auth-key: the authorize token when required)',
      response: { 200: z.looseObject({ HttpStatusCode: z.literal(200), RedirectUrl: z.string().describe('The provider\'s authorization endpoint') }), ...flinksErrorAnswers },
    },
  }, async (req) => ({ HttpStatusCode: 200 as const, RedirectUrl: await fdx.start(req.tenant, req.body, headerValue(req, 'flinks-auth-key')) }));

  r.get('/:customerId/BankingServices/OAuth/Callback', {
    config: { auth: 'none' },
    schema: {
      tags, params: CustomerParams, querystring: CallbackQuery, summary: 'Where the FDX provider sends the person back (code, state): opens the session and returns to the widget with requestId',
      response: { 303: z.null().optional().describe('No body: Location is the widget, with requestId (or the error)'), ...flinksErrorAnswers },
    },
  }, async (req, reply) => {
    const sent = typeof req.query === 'object' && req.query !== null ? (req.query as Record<string, unknown>) : {};
    const query = Object.fromEntries(Object.entries(sent).map(([k, v]) => [k, typeof v === 'string' ? v : undefined]));
    const search = new URL(req.url, 'http://callback.invalid').search;
    // No body (not even null): the headers are the answer.
    return reply.header('location', await fdx.callback(req.tenant, query, search)).header('cache-control', 'no-store').code(303).send(undefined);
  });
}
