/**
 * The hosted app at /pay/app/?sessionId= (docs.flinks.com/guides/pay/geft/widget): the React
 * app built into web/pay-app/dist, its security headers, and the small API it
 * calls under /pay/app/api/sessions/{sessionId}/... The sessionId is the
 * capability (as at Flinks, where the URL is all the payor gets); every step is
 * checked by the session state machine, and the bank connection is verified
 * against Connect's own records, never taken on the app's word.
 */
import { fileURLToPath } from 'node:url';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { z } from 'zod';
import type { Platform } from '../../platform/platform.ts';
import type { Tenant } from '../../platform/tenants.ts';
import type { Connect } from '../../connect/index.ts';
import { builtApp, contentSecurityPolicy, securityHeaders } from '../../platform/http/built-app.ts';
import { installPayErrorHandler, payErrors, sendProblem } from '../errors.ts';
import { isTerminal } from './machine.ts';
import type { SessionsService } from './service.ts';
import type { AppAction, HostedAppSteps } from './app-steps.ts';
import type { SessionRow } from './store.ts';
import { sessionTag } from './payor-data.ts';
import { interacStatus } from './wire.ts';
import { Described } from '../schemas.ts';

export const PAY_APP_DIST = fileURLToPath(new URL('../../../web/pay-app/dist/', import.meta.url));

/** The widget's CSP plus frames of our own origin: the bank connection is the Connect widget (/v2/) in a frame. */
export function payAppCsp(allowedOrigins: readonly string[] | null): string {
  return contentSecurityPolicy(allowedOrigins, ["frame-src 'self'"]);
}

const language = (s: SessionRow): 'en' | 'fr' => (s.language === 'FR' ? 'fr' : 'en');
const dollars = (c: number | null | undefined) => (c === null || c === undefined ? null : c / 100);

/** What the hosted app shows: never a full account number, never another session's data. */
export async function appView(service: SessionsService, tenant: Tenant, s: SessionRow): Promise<Record<string, unknown>> {
  const interac = s.kind === 'e-Transfer' ? await service.interacOf(s) : null;
  const pr = await service.paymentRequestOf(s);
  const g = s.guarantee;
  return {
    sessionId: s.id,
    kind: s.kind,
    version: s.version,
    status: s.status,
    statusDetails: s.status_details,
    step: s.step,
    language: language(s),
    customerName: tenant.name,
    customerId: tenant.id,
    referenceId: s.reference_id,
    amount: dollars(s.amount_cents),
    amountLocked: s.amount_locked,
    limits: { minimumAmount: dollars(s.minimum_cents), maximumAmount: dollars(s.maximum_cents) },
    payor: { firstName: s.payor.firstName, lastName: s.payor.lastName, email: s.payor.email },
    showConsent: s.show_consent,
    redirect: s.redirect,
    account: s.payor_account ? { label: s.payor_account.accountLabel, availableBalance: dollars(s.payor_account.availableBalanceCents) } : null,
    guarantee: g ? { offered: g.offered, requestedAmount: dollars(g.requestedCents), offeredAmount: dollars(g.offeredCents), nextBestOffer: g.nextBestOffer, accepted: g.accepted, awaitingClient: g.awaitingClient } : null,
    pad: s.pad_id ? { id: s.pad_id, signed: s.pad_signed_at !== null } : null,
    interac: interac ? { status: interacStatus(interac, pr), expiresAt: interac.expires_at.toISOString(), email: s.payor.email } : null,
    paymentRequest: pr ? { id: pr.id, status: pr.status, referenceNumber: pr.paymentReferenceNumber } : null,
    loginFailures: s.login_failures,
    sandboxLogin: service.scenarioLogin(s),
  };
}

const Id = z.object({ sessionId: z.string() });
const Body = z.any();
/** The app's view of its session (appView): the members the hosted app reads. */
const View = { 200: Described };
/** ?language=en|fr&download=1: read as sent (anything else means the session's language, the JSON answer). */
const PadQuery = z.looseObject({ language: z.unknown().optional(), download: z.unknown().optional() });

export function registerAppRoutes(app: FastifyInstance, p: Platform, service: SessionsService, steps: HostedAppSteps, connect: () => Connect | undefined, distDir = PAY_APP_DIST): void {
  void app.register(async (plain) => {
    installPayErrorHandler(plain, { notFound: true });
    const scope = plain.withTypeProvider<ZodTypeProvider>();

    const tenantOf = async (req: { params: z.infer<typeof Id> }): Promise<{ tenant: Tenant; id: string }> => {
      const id = req.params.sessionId.trim();
      const tenant = await service.tenantOfSession(id);
      if (!tenant) throw payErrors.sessionNotFound(id);
      return { tenant, id };
    };
    const noStore = (reply: FastifyReply) => reply.header('cache-control', 'no-store');

    scope.get('/sessions/:sessionId', { schema: { hide: true, params: Id, response: View } }, async (req, reply) => {
      const { tenant, id } = await tenantOf(req);
      const s = await service.load(tenant.id, id);
      if (!s) throw payErrors.sessionNotFound(id);
      noStore(reply);
      return appView(service, tenant, s);
    });

    const action = (name: string, build: (body: Record<string, unknown>) => AppAction) =>
      scope.post(`/sessions/:sessionId/${name}`, { schema: { hide: true, params: Id, body: Body, response: View } }, async (req, reply) => {
        const { tenant, id } = await tenantOf(req);
        const body = req.body && typeof req.body === 'object' && !Array.isArray(req.body) ? (req.body as Record<string, unknown>) : {};
        const s = await steps.act(tenant, id, build(body));
        noStore(reply);
        return appView(service, tenant, s);
      });
    const text = (v: unknown, field: string): string => {
      if (typeof v !== 'string' || v.trim() === '') throw payErrors.field(field, 'is required');
      return v.trim();
    };

    action('start', () => ({ type: 'start' }));
    action('consent', () => ({ type: 'consent' }));
    action('institution', () => ({ type: 'institution' }));
    action('login-failure', (b) => ({ type: 'loginFailure', code: text(b.code, 'code').toUpperCase() }));
    action('linked', (b) => ({ type: 'linked', loginId: text(b.loginId, 'loginId'), requestId: text(b.requestId, 'requestId') }));
    action('account', (b) => ({ type: 'account', accountId: text(b.accountId, 'accountId').toLowerCase() }));
    action('amount', (b) => ({ type: 'amount', amount: b.amount }));
    action('guarantee', (b) => {
      const choice = b.choice;
      if (choice !== 'accept' && choice !== 'refuse' && choice !== 'otherFunding' && choice !== 'returnToClient') throw payErrors.field('choice', 'must be accept, refuse, otherFunding or returnToClient');
      return { type: 'guarantee', choice };
    });
    action('review', () => ({ type: 'review' }));
    action('pad', (b) => ({ type: 'pad', signature: typeof b.signature === 'string' ? b.signature : '', agree: b.agree === true }));
    action('exit', () => ({ type: 'exit' }));
    action('interac', () => ({ type: 'sendInterac' }));

    /** A fresh Connect authorize token for the widget frame (the payor's bank login). */
    scope.post('/sessions/:sessionId/connect', { schema: { hide: true, params: Id, body: Body, response: { 200: z.looseObject({ widgetUrl: z.string() }) } } }, async (req, reply) => {
      const { tenant, id } = await tenantOf(req);
      const s = await service.load(tenant.id, id);
      if (!s) throw payErrors.sessionNotFound(id);
      if (s.kind === 'e-Transfer' || isTerminal(s.status) || (s.step !== 'BankSelection' && s.step !== 'BankConnection')) throw payErrors.sessionStepRefused(`The session is at step ${s.step}: no bank connection now.`);
      const c = connect();
      if (!c) throw payErrors.bankConnectionUnavailable();
      const answer = await c.service.generateAuthorizeToken(tenant);
      const token = (answer.body as { Token?: string }).Token ?? null;
      const params = new URLSearchParams({
        customerId: tenant.id,
        language: language(s),
        consentEnable: 'false',
        jsRedirect: 'true',
        headerEnable: 'false',
        maximumRetry: '3',
        demo: p.config.sandbox ? 'true' : 'false',
        tag: sessionTag(s.id),
      });
      if (token) params.set('authorizeToken', token);
      noStore(reply);
      return { widgetUrl: `/v2/?${params.toString()}` };
    });

    scope.get('/sessions/:sessionId/accounts', { schema: { hide: true, params: Id, response: { 200: Described, 202: z.looseObject({ pending: z.literal(true) }) } } }, async (req, reply) => {
      const { tenant, id } = await tenantOf(req);
      const r = await steps.appAccounts(tenant, id);
      noStore(reply);
      if ('pending' in r) return reply.code(202).send({ pending: true });
      if ('session' in r) return { session: await appView(service, tenant, r.session), accounts: [] };
      return {
        accounts: r.accounts.map((a) => ({
          id: a.id,
          title: a.title,
          type: a.type,
          accountNumber: `****${a.accountNumber.slice(-4)}`,
          availableBalance: dollars(a.availableCents ?? a.currentCents),
        })),
      };
    });

    scope.get('/sessions/:sessionId/pad', { schema: { hide: true, params: Id, querystring: PadQuery, response: { 200: z.union([z.string().describe('download: the agreement as text'), z.looseObject({ padId: z.string().nullable(), lines: z.array(z.string()) })]) } } }, async (req, reply) => {
      const { tenant, id } = await tenantOf(req);
      const s = await service.load(tenant.id, id);
      if (!s) throw payErrors.sessionNotFound(id);
      const query = req.query;
      const lang = query.language === 'fr' ? 'fr' : query.language === 'en' ? 'en' : language(s);
      const lines = steps.padLines(tenant, s, lang);
      if (!lines) throw payErrors.sessionStepRefused('The PAD agreement is written once the payment is reviewed.');
      noStore(reply);
      if (query.download === '1' || query.download === 'true') {
        return reply.type('text/plain; charset=utf-8').header('content-disposition', `attachment; filename="pad-${s.pad_id}.txt"`).send(lines.join('\r\n\r\n') + '\r\n');
      }
      return { padId: s.pad_id, lines };
    });
  }, { prefix: '/pay/app/api' });

  registerAppFiles(app, service, distDir);
}

/** The built app: index.html for /pay/app/ (any path under it), hashed assets under /pay/app/assets/. */
function registerAppFiles(app: FastifyInstance, service: SessionsService, distDir: string): void {
  const files = builtApp(distDir);
  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    const rest = String((req.params as Record<string, string | undefined>)['*'] ?? '');
    securityHeaders(reply);
    if (rest.startsWith('assets/')) return files.sendAsset(rest.slice('assets/'.length), reply);
    if (/^api(\/|$)/i.test(rest)) return sendProblem(reply, payErrors.routeNotFound(req.method, req.url.split('?')[0]!));
    const html = await files.index();
    reply.header('cache-control', 'no-store');
    if (html === null) return reply.code(503).type('text/plain; charset=utf-8').send('The Pay hosted app is not built. Run `node web/pay-app/build.mjs` (npm start does it).\n');
    const q = req.query as Record<string, unknown>;
    const raw = Object.entries(q).find(([k]) => k.toLowerCase() === 'sessionid')?.[1];
    const tenant = typeof raw === 'string' ? await service.tenantOfSession(raw.trim()).catch(() => null) : null;
    return reply.header('content-security-policy', payAppCsp(tenant ? tenant.allowedOrigins : null)).type('text/html; charset=utf-8').send(html);
  };
  app.get('/pay/app', { schema: { hide: true } }, handler);
  app.get('/pay/app/*', { schema: { hide: true } }, handler);
}
