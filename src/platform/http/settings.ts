/**
 * A customer's own settings over the API: where its webhooks go (and their
 * secret), which origins may frame the widget, and its credential policy.
 * Authorised by the secret key (flinks-auth-key or Bearer), like GenerateAuthorizeToken.
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Tenant, Tenants } from '../tenants.ts';
import { flinksErrors } from './flinks-errors.ts';
import { documented } from './openapi.ts';

/** What a customer's settings accept, wherever they are set (here, and by the operator: operator/customers.ts). */
export const webhookUrlSchema = z.string().url().refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL');
export const webhookSecretSchema = z.string().min(8).max(200);
export const allowedOriginsSchema = z.array(z.string().refine((o) => o === '*' || /^https?:\/\/[^/]+$/i.test(o), 'must be * or an origin like https://app.example.com')).max(50);

const Settings = z.object({
  WebhookUrl: webhookUrlSchema.nullable().optional(),
  WebhookSecret: webhookSecretSchema.nullable().optional(),
  AllowedOrigins: allowedOriginsSchema.optional(),
  RequireAuthorizeToken: z.boolean().optional(),
  RequireApiKey: z.boolean().optional(),
  RequireBearerSecret: z.boolean().optional(),
});

/** The settings as GET and PATCH answer them (view). */
const SettingsAnswer = documented(
  z.object({
    HttpStatusCode: z.literal(200),
    CustomerId: z.string(),
    WebhookUrl: z.string().nullable(),
    HasWebhookSecret: z.boolean().describe('The secret itself is never answered'),
    AllowedOrigins: z.array(z.string()),
    RequireAuthorizeToken: z.boolean(),
    RequireApiKey: z.boolean(),
    RequireBearerSecret: z.boolean(),
  }),
  {
    examples: [{
      HttpStatusCode: 200, CustomerId: '43387ca6-0391-4c82-857d-70d95f087ecb', WebhookUrl: 'https://app.example.com/flinks/webhook', HasWebhookSecret: true,
      AllowedOrigins: ['https://app.example.com'], RequireAuthorizeToken: false, RequireApiKey: true, RequireBearerSecret: false,
    }],
  },
);

function view(t: Tenant) {
  return {
    HttpStatusCode: 200,
    CustomerId: t.id,
    WebhookUrl: t.webhookUrl,
    HasWebhookSecret: t.webhookSecret !== null,
    AllowedOrigins: t.allowedOrigins,
    RequireAuthorizeToken: t.policy.requireAuthorizeToken,
    RequireApiKey: t.policy.requireApiKey,
    RequireBearerSecret: t.policy.requireBearerSecret,
  };
}

export async function settingsRoutes(v3: FastifyInstance, tenants: Tenants): Promise<void> {
  const params = z.object({ customerId: z.string() });
  const tags = ['Settings'];
  v3.get('/:customerId/settings', { config: { auth: 'secret' }, schema: { tags, params, summary: "The customer's webhook, widget and credential settings", response: { 200: SettingsAnswer } } }, async (req) => view(req.tenant));
  v3.patch('/:customerId/settings', { config: { auth: 'secret' }, schema: { tags, params, body: Settings, summary: 'Change webhook URL and secret, allowed widget origins, credential policy', response: { 200: SettingsAnswer } } }, async (req) => {
    const b = req.body as z.infer<typeof Settings>;
    const policy = {
      ...(b.RequireAuthorizeToken !== undefined ? { requireAuthorizeToken: b.RequireAuthorizeToken } : {}),
      ...(b.RequireApiKey !== undefined ? { requireApiKey: b.RequireApiKey } : {}),
      ...(b.RequireBearerSecret !== undefined ? { requireBearerSecret: b.RequireBearerSecret } : {}),
    };
    const updated = await tenants.update(req.tenant.id, { policy, webhookUrl: b.WebhookUrl, webhookSecret: b.WebhookSecret, allowedOrigins: b.AllowedOrigins });
    if (!updated) throw flinksErrors.unknownCustomer({ customerId: req.tenant.id });
    return view(updated);
  });
}
