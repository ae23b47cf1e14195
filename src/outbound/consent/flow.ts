/**
 * The consent pages' use cases: a person asked by a data recipient logs in to
 * the provider (Flinks Capital, through Connect: the same credentials, the same
 * MFA rounds, a saved login that the nightly refresh keeps current), chooses
 * the accounts to share and allows or denies. Allowing saves an OAuth grant of
 * the requested scopes and the consent behind it; oidc-provider then redirects
 * to the recipient with a code. Every step answers an Outcome the routes send.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { InteractionDetails, InteractionResult } from 'oidc-provider';
import type { Platform } from '../../platform/platform.ts';
import type { Tenant } from '../../platform/tenants.ts';
import { ApiError } from '../../platform/errors.ts';
import { newId, stableId } from '../../platform/ids.ts';
import { maskAccountNumber, type AccountRow, type Answer, type Challenge, type Connect } from '../../connect/index.ts';
import type { AuthServer } from '../oauth/server.ts';
import type { OutboundStore, InteractionRow, RecipientRow } from '../store.ts';
import { findProvider, FLINKS_CAPITAL_PROVIDER, type DataProvider } from '../providers.ts';
import { parseScopes, REQUIRED_SCOPE, type DataScope } from '../scopes.ts';
import { classify } from '../fdx/mapper.ts';
import type { ConsentFields as Form } from '../schemas.ts';
import { errorPage, type PageContext } from '../page.ts';
import { consentPage, loginPage, mfaPage, waitingPage, type ConsentAccount } from './pages.ts';

export type Outcome =
  | { kind: 'html'; status: number; html: string }
  | { kind: 'redirect'; location: string }
  | { kind: 'finish'; result: InteractionResult };

interface Ctx {
  uid: string;
  details: InteractionDetails;
  recipient: RecipientRow;
  provider: DataProvider;
  scopes: DataScope[];
  page: PageContext;
  tenant: Tenant;
  row: InteractionRow | null;
}

const CREDENTIAL_RETRY = new Set(['INVALID_LOGIN', 'INVALID_USERNAME', 'INVALID_PASSWORD']);
const MFA_RETRY = new Set(['INVALID_SECURITY_RESPONSE', 'SECURITYRESPONSES_INCOMPLETE', 'UNKNOWN_CHALLENGE_KEY']);
/** How long a request waits for the accounts before answering the self-refreshing page. */
const ACCOUNTS_WAIT_MS = 8000;

const list = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);
const html = (status: number, body: string): Outcome => ({ kind: 'html', status, html: body });

export const expiredPage = () =>
  html(400, errorPage({ title: 'This page has expired', message: 'This consent request is no longer open. Go back to the application and start again.', code: 'SESSION_NOT_FOUND' }));

export class ConsentFlow {
  constructor(
    private readonly p: Platform,
    private readonly store: OutboundStore,
    private readonly server: AuthServer,
    private readonly connect: () => Connect,
  ) {}

  // ---- steps --------------------------------------------------------------------------

  /** GET /consent/{uid}: checks the request (scope, provider, registration), then the login form. */
  async start(req: FastifyRequest, reply: FastifyReply, uid: string): Promise<Outcome> {
    const ctx = await this.context(req, reply, uid, false);
    if ('kind' in ctx) return ctx;
    return html(200, loginPage(ctx.page, { error: null }));
  }

  async login(req: FastifyRequest, reply: FastifyReply, uid: string, form: Form): Promise<Outcome> {
    const ctx = await this.context(req, reply, uid, true);
    if ('kind' in ctx) return ctx;
    const username = list(form.username)[0]?.trim() ?? '';
    const password = list(form.password)[0] ?? '';
    if (!username || !password) return html(422, loginPage(ctx.page, { error: 'Enter your username and password.', username }));
    const answer = await this.authorize(ctx, {
      Institution: ctx.provider.institution,
      Username: username,
      Password: password,
      MostRecentCached: false,
      Save: true,
      // The recipient reads this login for as long as the consent lasts: keep it current.
      ScheduleRefresh: true,
      Language: 'en',
    });
    return this.afterAnswer(ctx, answer, 'login', username);
  }

  async mfa(req: FastifyRequest, reply: FastifyReply, uid: string, form: Form): Promise<Outcome> {
    const ctx = await this.context(req, reply, uid, true);
    if ('kind' in ctx) return ctx;
    if (!ctx.row?.request_id) return { kind: 'redirect', location: ctx.page.base };
    const challenges = await this.challenges(ctx);
    const responses: Record<string, string[]> = {};
    challenges.forEach((c, i) => (responses[c.Prompt] = list(form[`c${i}`]).map((v) => v.trim()).filter(Boolean)));
    if (Object.values(responses).some((v) => v.length === 0)) return html(422, mfaPage(ctx.page, { challenges, error: 'Answer every question.' }));
    const answer = await this.authorize(ctx, { RequestId: ctx.row.request_id, SecurityResponses: responses });
    return this.afterAnswer(ctx, answer, 'mfa');
  }

  /** GET /consent/{uid}/accounts: the consent form once the provider's accounts are in (a self-refreshing page until then). */
  async accounts(req: FastifyRequest, reply: FastifyReply, uid: string): Promise<Outcome> {
    const ctx = await this.context(req, reply, uid, true);
    if ('kind' in ctx) return ctx;
    const loginId = ctx.row?.login_id;
    if (!loginId) return { kind: 'redirect', location: ctx.page.base };
    const state = await this.waitForAggregation(ctx.tenant.id, loginId);
    if (state === 'failed') return this.failure(ctx, 'AGGREGATION_ERROR', `${ctx.provider.name} could not send your accounts.`);
    if (state !== 'done') return html(200, waitingPage(ctx.page));
    return html(200, consentPage(ctx.page, { scopes: ctx.scopes, accounts: (await this.visibleAccounts(ctx, loginId)).map(consentAccount), chosen: null, error: null }));
  }

  /** POST /consent/{uid}/confirm: Allow (with the chosen accounts) or Deny. */
  async confirm(req: FastifyRequest, reply: FastifyReply, uid: string, form: Form): Promise<Outcome> {
    const ctx = await this.context(req, reply, uid, true);
    if ('kind' in ctx) return ctx;
    if (list(form.decision)[0] !== 'allow') return this.deny();
    const loginId = ctx.row?.login_id;
    if (!loginId) return { kind: 'redirect', location: ctx.page.base };
    const visible = await this.visibleAccounts(ctx, loginId);
    const wanted = new Set(list(form.accounts).map((s) => s.toLowerCase()));
    const chosen = visible.filter((a) => wanted.has(a.id)).map((a) => a.id);
    if (chosen.length === 0) {
      return html(422, consentPage(ctx.page, { scopes: ctx.scopes, accounts: visible.map(consentAccount), chosen: new Set(), error: 'Choose at least one account to share, or deny the request.' }));
    }
    // The subject is the person at the provider: the same for every consent of this login.
    const subject = stableId('outbound-subject', ctx.tenant.id, loginId);
    const grantId = await this.server.grant(req, subject, ctx.recipient.client_id, ctx.scopes);
    await this.store.insertConsent(this.p.db, {
      id: newId(), customer_id: ctx.tenant.id, client_id: ctx.recipient.client_id, provider_id: ctx.provider.id, subject, login_id: loginId,
      scopes: ctx.scopes.join(' '), account_ids: chosen, grant_id: grantId, created_at: this.p.clock.now(),
    });
    return { kind: 'finish', result: { login: { accountId: subject }, consent: { grantId } } };
  }

  async cancel(req: FastifyRequest, reply: FastifyReply, uid: string): Promise<Outcome> {
    const ctx = await this.context(req, reply, uid, true);
    if ('kind' in ctx) return ctx;
    return this.deny();
  }

  // ---- helpers ----------------------------------------------------------------------------

  private deny(): Outcome {
    return { kind: 'finish', result: { error: 'access_denied', error_description: 'The user denied the access' } };
  }

  /**
   * The interaction, its recipient, provider and scopes. A request the server
   * cannot serve ends here, redirected to the recipient with the OAuth error.
   */
  private async context(req: FastifyRequest, reply: FastifyReply, uid: string, started: boolean): Promise<Ctx | Outcome> {
    let details: InteractionDetails;
    try {
      details = await this.server.interactionDetails(req, reply);
    } catch {
      return expiredPage();
    }
    if (details.uid !== uid) return expiredPage();
    const params = details.params;
    const recipient = await this.store.recipientByClientId(params.client_id ?? '');
    if (!recipient) return { kind: 'finish', result: { error: 'unauthorized_client', error_description: 'Only data recipients can ask for a consent' } };
    const scopes = parseScopes(params.scope);
    if (!scopes.includes(REQUIRED_SCOPE)) return { kind: 'finish', result: { error: 'invalid_scope', error_description: `The scope ${REQUIRED_SCOPE} is required` } };
    const provider = findProvider(params.provider_id ?? FLINKS_CAPITAL_PROVIDER, { sandbox: this.p.config.sandbox });
    if (!provider) return { kind: 'finish', result: { error: 'invalid_request', error_description: `provider_id ${params.provider_id} is not a provider of this server` } };
    const status = await this.store.registrationStatus(recipient.client_id, provider.id);
    if (status !== 'ACTIVE') {
      return { kind: 'finish', result: { error: 'unauthorized_client', error_description: `The recipient is not registered with provider ${provider.id} (${status ?? 'no registration requested'})` } };
    }
    const tenant = await this.p.tenants.find(recipient.customer_id);
    if (!tenant) return expiredPage();
    let row = await this.store.interaction(uid);
    if (!row && !started) {
      row = { uid, customer_id: tenant.id, client_id: recipient.client_id, request_id: null, login_id: null };
      await this.store.saveInteraction(row, new Date(details.exp * 1000));
    }
    if (started && !row) return { kind: 'redirect', location: `/outbound/consent/${uid}` };
    const page: PageContext = {
      provider: provider.name,
      recipient: { name: recipient.name, description: recipient.description, termsUri: recipient.terms_uri, clientUri: recipient.client_uri },
      base: `/outbound/consent/${uid}`,
    };
    return { uid, details, recipient, provider, scopes, page, tenant, row };
  }

  /** Connect's Authorize for the recipient's customer; the consent page stands in for the authorize token. */
  private async authorize(ctx: Ctx, input: Record<string, unknown>): Promise<Answer> {
    const connect = this.connect();
    const tenant: Tenant = { ...ctx.tenant, policy: { ...ctx.tenant.policy, requireAuthorizeToken: false } };
    try {
      return await connect.service.authorize(tenant, input, undefined);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      return { status: err.status, body: { FlinksCode: err.code, Message: err.message } };
    } finally {
      connect.aggregation.flush();
    }
  }

  private async afterAnswer(ctx: Ctx, answer: Answer, from: 'login' | 'mfa', username?: string): Promise<Outcome> {
    const body = (answer.body ?? {}) as { RequestId?: string; Login?: { Id?: string }; SecurityChallenges?: Challenge[]; FlinksCode?: string; Message?: string };
    const row: InteractionRow = { ...(ctx.row ?? { uid: ctx.uid, customer_id: ctx.tenant.id, client_id: ctx.recipient.client_id, request_id: null, login_id: null }) };
    if (body.RequestId) row.request_id = body.RequestId;
    if (answer.status === 200 && body.Login?.Id) {
      row.login_id = body.Login.Id;
      await this.store.saveInteraction(row, new Date(ctx.details.exp * 1000));
      return { kind: 'redirect', location: `${ctx.page.base}/accounts` };
    }
    await this.store.saveInteraction(row, new Date(ctx.details.exp * 1000));
    if (answer.status === 203 && Array.isArray(body.SecurityChallenges)) return html(200, mfaPage(ctx.page, { challenges: body.SecurityChallenges, error: null }));
    const code = body.FlinksCode ?? 'AGGREGATION_ERROR';
    if (from === 'login' && CREDENTIAL_RETRY.has(code)) {
      return html(401, loginPage(ctx.page, { error: 'The username or password is not right. Check them and try again.', ...(username ? { username } : {}) }));
    }
    if (from === 'mfa' && MFA_RETRY.has(code)) {
      const challenges = await this.challenges({ ...ctx, row });
      if (challenges.length > 0 && (await this.sessionOpen({ ...ctx, row }))) {
        return html(401, mfaPage(ctx.page, { challenges, error: 'That answer is not right. Try again.' }));
      }
    }
    return this.failure(ctx, code, body.Message ?? 'The provider refused the request.');
  }

  private failure(ctx: Ctx, code: string, message: string): Outcome {
    return html(400, errorPage({ title: `${ctx.provider.name} could not connect you`, message, code, provider: ctx.provider.name, retry: { href: ctx.page.base, label: 'Start again' }, cancel: ctx.page }));
  }

  private async challenges(ctx: Pick<Ctx, 'tenant' | 'row'>): Promise<Challenge[]> {
    if (!ctx.row?.request_id) return [];
    const r = await this.connect().service.store.findRequest(this.p.db, ctx.tenant.id, ctx.row.request_id);
    return (r?.challenges as Challenge[] | null) ?? [];
  }

  private async sessionOpen(ctx: Pick<Ctx, 'tenant' | 'row'>): Promise<boolean> {
    if (!ctx.row?.request_id) return false;
    const r = await this.connect().service.store.findRequest(this.p.db, ctx.tenant.id, ctx.row.request_id);
    return r?.state === 'MfaPending';
  }

  private async waitForAggregation(customerId: string, loginId: string): Promise<string> {
    const store = this.connect().service.store;
    const until = Date.now() + ACCOUNTS_WAIT_MS;
    for (;;) {
      const login = await store.findLogin(this.p.db, customerId, loginId);
      if (!login) return 'failed';
      if (login.aggregation_state !== 'running' || Date.now() > until) return login.aggregation_state;
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  /** The accounts a consent can share: investment accounts only when INVESTMENTS is asked for. */
  private async visibleAccounts(ctx: Ctx, loginId: string): Promise<AccountRow[]> {
    const all = await this.connect().service.store.accounts(this.p.db, ctx.tenant.id, loginId);
    return all.filter((a) => classify(a).category !== 'INVESTMENT_ACCOUNT' || ctx.scopes.includes('INVESTMENTS'));
  }
}

function consentAccount(a: AccountRow): ConsentAccount {
  return { id: a.id, title: a.title, kind: classify(a).productName, masked: maskAccountNumber(a.account_number), currency: a.currency };
}
