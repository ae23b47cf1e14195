/**
 * FDX providers as Connect institutions. A customer registers a remote FDX
 * provider it is a data recipient of (its issuer, client id and secret); the
 * institution then appears in GET /Institutions (with `AuthorizationType:
 * "OAuth"`), and the widget sends the person through the provider's consent:
 *
 *   POST /v3/{cid}/BankingServices/OAuth/Authorize   → { RedirectUrl }   (state + PKCE kept here)
 *   provider consent → GET /v3/{cid}/BankingServices/OAuth/Callback?code&state
 *     → code for tokens (authorization code + PKCE, openid-client) → a login and
 *       an Authorized session like /Authorize opens → back to the widget with requestId
 *
 * Aggregation reads the provider's FDX v5 API with the access token (refreshed
 * with the refresh token when it expires) and maps accounts, transactions and
 * the customer into Connect's model (./mapper.ts). A live refresh of the login is
 * a refresh grant: no person, no MFA. The tokens are encrypted at rest (./store.ts);
 * the login's stored "credentials" hold only a handle to them.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { z } from 'zod';
import type { Platform } from '../../../platform/platform.ts';
import type { Db, Queryable } from '../../../platform/db.ts';
import type { Tenant } from '../../../platform/tenants.ts';
import { addDays, isoDate } from '../../../platform/clock.ts';
import { newId } from '../../../platform/ids.ts';
import { flinksErrors } from '../../../platform/http/flinks-errors.ts';
import { connectErrors } from '../../errors.ts';
import { findInstitution, type FlinksInstitution } from '../../institutions/catalog.ts';
import type { AccountData, ConnectedProfile, Connector, LoginData, LoginStep } from '../connector.ts';
import type { ConnectStore } from '../../store.ts';
import type { Aggregation } from '../../aggregation.ts';
import { checkToken } from '../../tokens.ts';
import { asObject, text, toAccountData, toHolder, unwrapAccount, type Json } from './mapper.ts';
import type { ConsentOptions, FdxInstitution, FdxInstitutionBody, Tokens } from './model.ts';
import { FdxOAuthClient, openid } from './oauth.ts';
import { FdxStore } from './store.ts';

export const FDX_CONNECTOR = 'fdx';
/** FDX institutions take ids from here up, per customer (shipped institutions stay below). */
export const FDX_FIRST_ID = 9000;
/** Days of history a new login starts with (as Connect's HISTORY_DAYS). */
const HISTORY_DAYS = 400;
const STATE_TTL_MS = 30 * 60_000;
const DEFAULT_SCOPE = 'ACCOUNT_BASIC ACCOUNT_DETAILED ACCOUNT_PAYMENTS TRANSACTIONS CUSTOMER_CONTACT CUSTOMER_PERSONAL';

/** How long one FDX data request may take (openid-client bounds the token requests itself). */
const FDX_TIMEOUT_MS = 30_000;

export class FdxProviders {
  readonly connector: Connector;
  private readonly fdxStore: FdxStore;
  private readonly oauth = new FdxOAuthClient();

  constructor(private readonly p: Platform, private readonly store: ConnectStore, private readonly aggregation: Aggregation) {
    this.fdxStore = new FdxStore(p.db, p.keys);
    this.connector = this.makeConnector();
  }

  private get db(): Db {
    return this.p.db;
  }

  // ---- institutions ------------------------------------------------------------------------

  institutions(customerId: string, q: Queryable = this.db): Promise<FdxInstitution[]> {
    return this.fdxStore.institutions(customerId, q);
  }

  institution(customerId: string, idOrCode: string | number, q: Queryable = this.db): Promise<FdxInstitution | null> {
    return this.fdxStore.institution(customerId, idOrCode, q);
  }

  /** The customer's FDX institutions in GET /Institutions's shape, marked as reached through OAuth. */
  async asFlinks(customerId: string): Promise<(FlinksInstitution & { AuthorizationType: 'OAuth'; Code: string })[]> {
    return (await this.institutions(customerId)).map((i) => {
      const url = new URL(i.issuer).origin;
      return {
        Id: i.id,
        Localizations: [{ Language: 'fr' as const, Name: i.name, Urls: [{ Type: 'Main' as const, Url: url }] }, { Language: 'en' as const, Name: i.name, Urls: [{ Type: 'Main' as const, Url: url }] }],
        Status: 'Enabled' as const,
        Country: i.country,
        AuthorizationType: 'OAuth' as const,
        Code: i.code,
      };
    });
  }

  // ---- tokens and FDX requests -----------------------------------------------------------------

  /** A usable access token: the stored one, or a fresh one from the refresh token. Null when the provider refuses (consent gone). */
  private async accessToken(ref: string, force = false, q: Queryable = this.db): Promise<{ token: Tokens; inst: FdxInstitution } | null> {
    const found = await this.fdxStore.loadTokens(ref, q);
    if (!found) return null;
    const inst = await this.institution(found.customerId, found.institutionId, q);
    if (!inst) return null;
    if (!force && found.tokens.expires_at - 30_000 > Date.now()) return { token: found.tokens, inst };
    if (!found.tokens.refresh_token) return null;
    const oidc = await openid();
    try {
      const r = await oidc.refreshTokenGrant(await this.oauth.config(inst), found.tokens.refresh_token);
      const token = FdxOAuthClient.tokensOf(r, found.tokens);
      await this.fdxStore.saveTokens(q, ref, token);
      return { token, inst };
    } catch (err) {
      if (err instanceof oidc.ResponseBodyError) return null; // invalid_grant: the person must authorize again
      throw err;
    }
  }

  private async fdxGet(inst: FdxInstitution, token: string, url: string): Promise<Json> {
    // A provider that stops answering fails the aggregation (retried by its job) rather than holding it for ever.
    const res = await fetch(url.startsWith('http') ? url : inst.fdxBaseUrl + url, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' }, signal: AbortSignal.timeout(FDX_TIMEOUT_MS) });
    if (!res.ok) throw new Error(`FDX ${url} answered ${res.status}: ${(await res.text()).slice(0, 300)}`);
    return (await res.json()) as Json;
  }

  /** Every item of a paginated FDX list, following page.nextOffset / links.next. */
  private async fdxAll(inst: FdxInstitution, token: string, first: string, key: string): Promise<Json[]> {
    const out: Json[] = [];
    let url: string | null = first;
    for (let pages = 0; url && pages < 10_000; pages++) {
      const body = await this.fdxGet(inst, token, url);
      out.push(...((body[key] as Json[] | undefined) ?? []));
      const nextOffset = asObject(body.page)?.nextOffset;
      const next = typeof nextOffset === 'string' && nextOffset !== '' ? asObject(asObject(body.links)?.next)?.href : null;
      url = typeof next === 'string' && next ? next : null;
    }
    return out;
  }

  // ---- the connector -----------------------------------------------------------------------------

  private makeConnector(): Connector {
    const refused = (message: string): LoginStep => ({ kind: 'failed', code: 'UNAUTHORIZED', message, retryable: false });
    return {
      name: FDX_CONNECTOR,
      startLogin: async () => refused('This institution is reached through its own consent page (OAuth): connect it with the Connect widget'),
      answer: async () => refused('This institution asks no security questions'),
      // A live refresh is a refresh grant: the "password" is the handle of the stored tokens.
      refresh: async (c) => {
        const got = await this.accessToken(c.password, true, c.q);
        if (!got) return refused('The provider no longer accepts this consent: the person must connect the institution again');
        return { kind: 'connected', profile: this.profile(got.inst, c.username, c.password), answered: {} };
      },
      securityQuestions: () => [],
      checkStoredAnswer: () => true,
      fetch: async (profile, login) => this.fetch(profile, login),
    };
  }

  private profile(inst: FdxInstitution, userKey: string, ref: string): ConnectedProfile {
    return { userKey, username: userKey, aggregation: 'normal', country: inst.country, data: { tokenRef: ref, institutionId: inst.id } };
  }

  private async fetch(profile: ConnectedProfile, login: { id: string; dataStart: string; asOf: string }): Promise<LoginData> {
    // The handle of the consent's tokens, as profile() stores it.
    const ref = typeof profile.data.tokenRef === 'string' ? profile.data.tokenRef : '';
    const got = await this.accessToken(ref);
    if (!got) throw new Error('the FDX provider refused the stored consent');
    const { inst, token } = got;
    const scopes = new Set(token.scope.split(' '));
    const customer = scopes.has('CUSTOMER_PERSONAL') ? await this.fdxGet(inst, token.access_token, '/customers/current').catch(() => null) : null;
    const loginType = customer?.type === 'BUSINESS' ? 'Business' : 'Personal';
    const detail = scopes.has('ACCOUNT_DETAILED') ? 'details' : 'lightweight';
    const items = await this.fdxAll(inst, token.access_token, `/accounts?resultType=${detail}`, 'accounts');
    const accounts: AccountData[] = [];
    for (const item of items) {
      const u = unwrapAccount(item);
      if (!u || u.account.accountId === undefined) continue;
      const id = encodeURIComponent(text(u.account.accountId));
      const txns = scopes.has('TRANSACTIONS')
        ? (await this.fdxAll(inst, token.access_token, `/accounts/${id}/transactions?startTime=${login.dataStart}&endTime=${login.asOf}`, 'transactions')).map((w) => unwrapAccount(w)?.account).filter((x): x is Json => Boolean(x))
        : [];
      accounts.push(toAccountData(u.category, u.account, txns, loginType));
    }
    return { loginType, holder: toHolder(customer), accounts };
  }

  // ---- the OAuth round trip ----------------------------------------------------------------------

  /** Starts the provider's consent: state and PKCE verifier kept here, the authorization URL answered. */
  async start(tenant: Tenant, input: { Institution: string; ReturnUrl: string; Save?: boolean; Tag?: string; ScheduleRefresh?: boolean; Language?: string }, authKey: string | undefined): Promise<string> {
    const inst = await this.institution(tenant.id, input.Institution);
    if (!inst) throw connectErrors.institutionNotFound({ institution: input.Institution });
    if (!/^\/v2(?:[/?#]|$)/i.test(input.ReturnUrl)) throw flinksErrors.invalidRequest({ detail: 'ReturnUrl must be a path of the Connect widget (/v2/...)' });
    if (tenant.policy.requireAuthorizeToken) {
      const ok = authKey && (this.p.tenants.secretMatches(tenant, authKey) || (await checkToken(this.store, this.db, tenant.id, authKey, this.p.clock.now(), null)).ok);
      if (!ok) throw flinksErrors.invalidAuthorizeToken();
    }
    const config = await this.oauth.config(inst).catch((err) => {
      this.p.log.warn({ err, issuer: inst.issuer }, 'FDX provider discovery failed');
      throw connectErrors.institution('RETRY_LATER', `${inst.name} cannot be reached at the moment`);
    });
    const oidc = await openid();
    await this.fdxStore.forgetExpiredConsents();
    const state = oidc.randomState();
    const verifier = oidc.randomPKCECodeVerifier();
    await this.fdxStore.saveConsent({
      state, customerId: tenant.id, institutionId: inst.id, secrets: { verifier, authKey: authKey ?? null }, returnTo: input.ReturnUrl,
      options: { tag: input.Tag ?? null, scheduleRefresh: Boolean(input.ScheduleRefresh), language: input.Language?.toLowerCase() === 'fr' ? 'fr' : 'en' }, expiresAt: new Date(Date.now() + STATE_TTL_MS),
    });
    const params: Record<string, string> = {
      redirect_uri: inst.redirectUri, scope: inst.scope, state, code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    };
    if (inst.providerId !== null) params.provider_id = String(inst.providerId);
    return oidc.buildAuthorizationUrl(config, params).toString();
  }

  /** The provider's redirect: code for tokens, then the login and its Authorized session. Answers where the browser goes next. */
  async callback(tenant: Tenant, query: Record<string, string | undefined>, search: string): Promise<string> {
    const state = query.state ?? '';
    const pending = await this.fdxStore.takeConsent(state, tenant.id);
    if (!pending) throw flinksErrors.invalidRequest({ detail: 'This authorization is unknown or has expired: start again from the Connect widget' });
    const back = (extra: Record<string, string>) => {
      const u = new URL(pending.returnTo, 'http://widget.invalid');
      for (const k of ['requestId', 'oauthError']) u.searchParams.delete(k);
      for (const [k, v] of Object.entries(extra)) u.searchParams.set(k, v);
      return u.pathname + u.search;
    };
    if (query.error) return back({ oauthError: query.error });
    const inst = await this.institution(tenant.id, pending.institutionId);
    if (!inst) return back({ oauthError: 'server_error' });
    const secrets = pending.secrets;
    const oidc = await openid();
    let tokens: Tokens;
    try {
      // The URL the provider redirected to: the redirect URI registered with it, and its answer.
      const r = await oidc.authorizationCodeGrant(await this.oauth.config(inst), new URL(inst.redirectUri + search), { pkceCodeVerifier: secrets.verifier, expectedState: state });
      tokens = FdxOAuthClient.tokensOf(r, null);
    } catch (err) {
      this.p.log.warn({ err, issuer: inst.issuer }, 'FDX code exchange failed');
      return back({ oauthError: err instanceof oidc.ResponseBodyError || err instanceof oidc.AuthorizationResponseError ? String((err as { error?: string }).error ?? 'invalid_grant') : 'server_error' });
    }
    const userKey = await this.subject(inst, tokens);
    const requestId = await this.openSession(tenant, inst, tokens, userKey, pending.options, secrets.authKey);
    return back({ requestId });
  }

  /** Who the person is at the provider: the FDX customer id, else the token's subject (a JWT), else this consent alone. */
  private async subject(inst: FdxInstitution, t: Tokens): Promise<string> {
    if (t.scope.split(' ').includes('CUSTOMER_PERSONAL')) {
      const c = await this.fdxGet(inst, t.access_token, '/customers/current').catch(() => null);
      if (c && typeof c.customerId === 'string' && c.customerId) return c.customerId;
    }
    const parts = t.access_token.split('.');
    if (parts.length === 3) {
      try {
        const claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as { sub?: unknown };
        if (typeof claims.sub === 'string' && claims.sub) return claims.sub;
      } catch {
        // not a JWT: fall through
      }
    }
    return newId();
  }

  /** A login (new, or the same person's again) and its Authorized session, as /Authorize opens them; aggregation queued. */
  private async openSession(tenant: Tenant, inst: FdxInstitution, tokens: Tokens, userKey: string, options: ConsentOptions, authKey: string | null): Promise<string> {
    const now = this.p.clock.now();
    const ref = randomBytes(24).toString('base64url');
    const profile = this.profile(inst, userKey, ref);
    const credentialsEnc = this.p.keys.encryptJson({ username: userKey, password: ref });
    const requestId = await this.db.tx(async (q) => {
      // As Connect's first login: the identity's unique key settles two callbacks of one person at once.
      const byIdentity = () => this.store.findLoginByIdentity(q, tenant.id, inst.id, userKey, 'en', 'update');
      let existing = await byIdentity();
      let loginId = newId();
      if (!existing) {
        const inserted = await this.store.insertLogin(q, {
          id: loginId, customerId: tenant.id, institutionId: inst.id, institutionCode: inst.code, connector: FDX_CONNECTOR, profile, language: 'en', tag: options.tag,
          saved: true, credentialsEnc, answersEnc: null, scheduled: options.scheduleRefresh, dataStart: addDays(isoDate(now), -HISTORY_DAYS), pendingQuestions: [],
        });
        if (!inserted) existing = await byIdentity();
      }
      if (existing) {
        loginId = existing.id;
        await this.store.updateLoginAfterLogin(q, tenant.id, loginId, { profile, tag: options.tag, saved: true, credentialsEnc, answersEnc: null, scheduled: options.scheduleRefresh ? true : null, pendingQuestions: null });
      }
      await this.fdxStore.replaceLoginTokens(q, { ref, customerId: tenant.id, loginId, institutionId: inst.id, tokens, replacing: Boolean(existing) });
      const id = newId();
      await this.store.insertRequest(q, {
        id, customerId: tenant.id, loginId, state: 'Authorized', mode: 'live', institutionCode: inst.code, language: options.language, tag: options.tag,
        options: { save: true, connector: FDX_CONNECTOR }, scriptStateEnc: null, challenges: null, failureCode: null, failureMessage: null, now,
      });
      if (authKey) {
        const check = await checkToken(this.store, q, tenant.id, authKey, now, null);
        if (check.ok) await this.store.bindToken(q, tenant.id, check.hash, id);
      }
      await this.aggregation.enqueue(q, tenant.id, loginId, 'normal');
      return id;
    });
    this.aggregation.flush();
    return requestId;
  }

  // ---- HTTP ------------------------------------------------------------------------------------------

  /** This server's public origin: PUBLIC_URL, or the one the request came to. */
  origin(req: FastifyRequest): string {
    return this.p.config.publicUrl?.replace(/\/+$/, '') ?? `${req.protocol}://${req.host}`;
  }

  /** Where a customer's registrations point the provider back to. */
  static callbackUrl(origin: string, customerId: string): string {
    return `${origin}/v3/${customerId}/BankingServices/OAuth/Callback`;
  }

  async register(tenant: Tenant, origin: string, b: z.infer<typeof FdxInstitutionBody>): Promise<FdxInstitution> {
    const code = (b.Code ?? b.Name.replace(/[^A-Za-z0-9]/g, '')).slice(0, 60);
    if (!code) throw flinksErrors.invalidRequest({ detail: 'Code (or a Name with letters or digits) is required' });
    if (findInstitution(code)) throw flinksErrors.invalidRequest({ detail: `The code ${code} is an institution already` });
    const issuer = b.Issuer.replace(/\/+$/, '');
    return this.db.tx(async (q) => {
      if (await this.institution(tenant.id, code, q)) throw flinksErrors.invalidRequest({ detail: `This customer has an FDX institution with code ${code} already` });
      const id = await this.fdxStore.nextInstitutionId(q, tenant.id, FDX_FIRST_ID);
      await this.fdxStore.insertInstitution(q, {
        customerId: tenant.id, id, code, name: b.Name, country: b.Country ?? 'CA', issuer, fdxBaseUrl: (b.FdxBaseUrl ?? `${issuer}/api/fdx/5`).replace(/\/+$/, ''), clientId: b.ClientId, clientSecret: b.ClientSecret ?? null,
        providerId: b.ProviderId ?? null, scope: b.Scope ?? DEFAULT_SCOPE, redirectUri: FdxProviders.callbackUrl(origin, tenant.id),
      });
      return (await this.institution(tenant.id, id, q))!;
    });
  }
}
