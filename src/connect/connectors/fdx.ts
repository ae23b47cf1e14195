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
 * the customer into Connect's model. A live refresh of the login is a refresh
 * grant: no person, no MFA. The tokens are encrypted at rest; the login's
 * stored "credentials" hold only a handle to them.
 */
import { randomBytes } from 'node:crypto';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type * as Oidc from 'openid-client';
import type { Migration } from '../../platform/migrations.ts';
import type { Platform } from '../../platform/platform.ts';
import type { Db, Queryable } from '../../platform/db.ts';
import type { Tenant } from '../../platform/tenants.ts';
import { addDays, isoDate } from '../../platform/clock.ts';
import { newId } from '../../platform/ids.ts';
import { flinksErrors } from '../../platform/http/flinks-errors.ts';
import { headerValue } from '../../platform/http/v3.ts';
import { connectErrors } from '../errors.ts';
import { findInstitution, type FlinksInstitution } from '../institutions/catalog.ts';
import type { AccountData, ConnectedProfile, Connector, HolderData, LoginData, LoginStep, TransactionData } from './connector.ts';
import type { ConnectStore } from '../store.ts';
import type { Aggregation } from '../aggregation.ts';
import { checkToken } from '../tokens.ts';

export const FDX_CONNECTOR = 'fdx';
/** FDX institutions take ids from here up, per customer (shipped institutions stay below). */
export const FDX_FIRST_ID = 9000;
/** Days of history a new login starts with (as Connect's HISTORY_DAYS). */
const HISTORY_DAYS = 400;
const STATE_TTL_MS = 30 * 60_000;
const DEFAULT_SCOPE = 'ACCOUNT_BASIC ACCOUNT_DETAILED ACCOUNT_PAYMENTS TRANSACTIONS CUSTOMER_CONTACT CUSTOMER_PERSONAL';

export const fdxMigrations: Migration[] = [
  {
    id: '0210_connect_fdx',
    sql: `
create table connect_fdx_institutions (
  customer_id uuid not null references customers(id) on delete cascade,
  institution_id int not null,
  code text not null,
  name text not null,
  country text not null,
  issuer text not null,
  fdx_base_url text not null,
  client_id text not null,
  client_secret_enc text,
  provider_id int,
  scope text not null,
  redirect_uri text not null,
  created_at timestamptz not null default now(),
  primary key (customer_id, institution_id)
);
create unique index connect_fdx_institutions_code on connect_fdx_institutions (customer_id, lower(code));
create table connect_fdx_tokens (
  ref text primary key,
  customer_id uuid not null references customers(id) on delete cascade,
  login_id uuid references connect_logins(id) on delete cascade,
  institution_id int not null,
  tokens_enc text not null,
  updated_at timestamptz not null default now()
);
create table connect_fdx_states (
  state text primary key,
  customer_id uuid not null references customers(id) on delete cascade,
  institution_id int not null,
  secrets_enc text not null,
  return_to text not null,
  options jsonb not null,
  expires_at timestamptz not null
)
`,
  },
];

// ---- model -----------------------------------------------------------------------------

export interface FdxInstitution {
  customerId: string;
  id: number;
  code: string;
  name: string;
  country: 'CA' | 'US';
  issuer: string;
  fdxBaseUrl: string;
  clientId: string;
  clientSecret: string | null;
  providerId: number | null;
  scope: string;
  redirectUri: string;
}

interface Tokens {
  access_token: string;
  refresh_token: string | null;
  /** Epoch ms. */
  expires_at: number;
  scope: string;
}

interface InstitutionRow {
  customer_id: string;
  institution_id: number;
  code: string;
  name: string;
  country: 'CA' | 'US';
  issuer: string;
  fdx_base_url: string;
  client_id: string;
  client_secret_enc: string | null;
  provider_id: number | null;
  scope: string;
  redirect_uri: string;
}

// ---- FDX → Connect (pure) ----------------------------------------------------------------

type Json = Record<string, any>;

const cents = (n: unknown): number | null => (typeof n === 'number' && Number.isFinite(n) ? Math.round(n * 100) : null);

const TYPE_NAMES: Record<string, string> = {
  CHECKING: 'Chequing', SAVINGS: 'Savings', CREDITCARD: 'CreditCard', LINEOFCREDIT: 'LineOfCredit', MORTGAGE: 'Mortgage', LOAN: 'Loan',
  TAXFREESAVINGSACCOUNT: 'TFSA', REGISTEREDRETIREMENTSAVINGSPLAN: 'RRSP',
};
const CATEGORY_NAMES: Record<string, string> = { DEPOSIT_ACCOUNT: 'Operations', LOC_ACCOUNT: 'Credits', LOAN_ACCOUNT: 'Loans', INVESTMENT_ACCOUNT: 'Investments' };
const CATEGORY_OF_WRAPPER: Record<string, string> = { depositAccount: 'DEPOSIT_ACCOUNT', locAccount: 'LOC_ACCOUNT', loanAccount: 'LOAN_ACCOUNT', investmentAccount: 'INVESTMENT_ACCOUNT' };

/** The account inside its FDX wrapper ({depositAccount: {...}}), with its category. */
export function unwrapAccount(item: Json): { category: string; account: Json } | null {
  for (const [key, value] of Object.entries(item ?? {})) {
    if (value && typeof value === 'object') return { category: String(value.accountCategory ?? CATEGORY_OF_WRAPPER[key] ?? 'DEPOSIT_ACCOUNT'), account: value as Json };
  }
  return null;
}

/** Canadian routing number 0 + institution (3) + transit (5) into its parts. */
function routing(rtn: unknown): { institution: string | null; transit: string | null } {
  const s = typeof rtn === 'string' ? rtn.replace(/\D/g, '') : '';
  return s.length === 9 && s.startsWith('0') ? { institution: s.slice(1, 4), transit: s.slice(4) } : { institution: null, transit: null };
}

/** One FDX account (details or lightweight) and its FDX transactions as Connect's AccountData, with running balances. */
export function toAccountData(category: string, a: Json, transactions: Json[], loginType: 'Personal' | 'Business'): AccountData {
  const liability = category === 'LOC_ACCOUNT' || category === 'LOAN_ACCOUNT';
  const current = cents(a.currentBalance) ?? cents(a.principalBalance) ?? cents(a.currentValue) ?? 0;
  const limit = cents(a.creditLine);
  const available = cents(a.availableBalance) ?? cents(a.availableCredit);
  const { institution, transit } = routing(a.routingTransitNumber);
  const currency = String(a.currency?.currencyCode ?? 'CAD').toUpperCase() === 'USD' ? 'USD' : 'CAD';
  // FDX lists newest first (the provider's order kept within a day); balances are worked back from the current balance.
  const txns = transactions
    .map((t) => ({ t, date: String(t.postedTimestamp ?? t.transactionTimestamp ?? '').slice(0, 10) }))
    .filter((x) => /^\d{4}-\d{2}-\d{2}$/.test(x.date))
    .sort((x, y) => (x.date < y.date ? 1 : x.date > y.date ? -1 : 0));
  let running = current;
  const out: TransactionData[] = txns.map(({ t, date }) => {
    const amount = Math.abs(cents(t.amount) ?? 0);
    const debit = String(t.debitCreditMemo ?? '').toUpperCase() === 'DEBIT';
    const row: TransactionData = { ref: String(t.transactionId), date, description: String(t.description ?? t.memo ?? ''), debitCents: debit ? amount : null, creditCents: debit ? null : amount, balanceCents: running };
    // Going back in time: undo this transaction (a debit lowers an asset's balance and raises what is owed).
    running += (liability ? -1 : 1) * (debit ? amount : -amount);
    return row;
  });
  // Connect stores a login's transactions oldest first (their position orders those of one day).
  out.reverse();
  return {
    ref: String(a.accountId),
    title: String(a.nickname ?? a.productName ?? a.description ?? TYPE_NAMES[a.accountType] ?? 'Account'),
    type: TYPE_NAMES[String(a.accountType ?? '').toUpperCase()] ?? (category === 'DEPOSIT_ACCOUNT' ? 'Chequing' : String(a.accountType ?? 'Other')),
    category: CATEGORY_NAMES[category] ?? 'Operations',
    currency,
    accountType: loginType,
    transitNumber: transit,
    institutionNumber: institution,
    accountNumber: String(a.accountNumber ?? a.accountNumberDisplay ?? a.accountId),
    overdraftLimitCents: 0,
    limitCents: limit,
    currentCents: current,
    availableCents: available,
    transactions: out,
  };
}

export function toHolder(c: Json | null): HolderData {
  const name = c?.name?.company ?? [c?.name?.first, c?.name?.middle, c?.name?.last].filter(Boolean).join(' ');
  const addr = Array.isArray(c?.addresses) ? c!.addresses[0] : null;
  return {
    Name: String(name ?? ''),
    Address: { CivicAddress: String(addr?.line1 ?? ''), City: String(addr?.city ?? ''), Province: String(addr?.region ?? addr?.state ?? ''), PostalCode: String(addr?.postalCode ?? ''), POBox: null, Country: String(addr?.country ?? '') },
    Email: String(Array.isArray(c?.email) ? c!.email[0] ?? '' : ''),
    PhoneNumber: String(Array.isArray(c?.telephones) ? c!.telephones[0]?.number ?? '' : ''),
  };
}

// ---- the module ---------------------------------------------------------------------------

/** openid-client loads with the first FDX institution used, not with every server. */
let client: Promise<typeof Oidc> | null = null;
const openid = () => (client ??= import('openid-client'));

/** How long one FDX data request may take (openid-client bounds the token requests itself). */
const FDX_TIMEOUT_MS = 30_000;

export class FdxProviders {
  private readonly configs = new Map<string, Promise<Oidc.Configuration>>();
  readonly connector: Connector;

  constructor(private readonly p: Platform, private readonly store: ConnectStore, private readonly aggregation: Aggregation) {
    this.connector = this.makeConnector();
  }

  private get db(): Db {
    return this.p.db;
  }

  // ---- institutions ------------------------------------------------------------------------

  private fromRow(r: InstitutionRow): FdxInstitution {
    return {
      customerId: r.customer_id, id: r.institution_id, code: r.code, name: r.name, country: r.country, issuer: r.issuer, fdxBaseUrl: r.fdx_base_url,
      clientId: r.client_id, clientSecret: r.client_secret_enc ? this.p.keys.decrypt(r.client_secret_enc) : null, providerId: r.provider_id, scope: r.scope, redirectUri: r.redirect_uri,
    };
  }

  async institutions(customerId: string, q: Queryable = this.db): Promise<FdxInstitution[]> {
    const rows = await q.query<InstitutionRow>('select * from connect_fdx_institutions where customer_id = $1 order by institution_id', [customerId]);
    return rows.map((r) => this.fromRow(r));
  }

  async institution(customerId: string, idOrCode: string | number, q: Queryable = this.db): Promise<FdxInstitution | null> {
    const s = String(idOrCode).trim();
    const rows = await q.query<InstitutionRow>(
      'select * from connect_fdx_institutions where customer_id = $1 and (institution_id::text = $2 or lower(code) = lower($2))',
      [customerId, s],
    );
    return rows[0] ? this.fromRow(rows[0]) : null;
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

  // ---- OAuth client ----------------------------------------------------------------------------

  private async config(inst: FdxInstitution): Promise<Oidc.Configuration> {
    const oidc = await openid();
    const key = `${inst.issuer}\u0000${inst.clientId}\u0000${inst.clientSecret ?? ''}`;
    let hit = this.configs.get(key);
    if (!hit) {
      const auth = inst.clientSecret ? oidc.ClientSecretPost(inst.clientSecret) : oidc.None();
      // http issuers only on a development machine (a provider on localhost); openid-client refuses them otherwise.
      const execute = inst.issuer.startsWith('http:') ? [oidc.allowInsecureRequests] : [];
      hit = oidc.discovery(new URL(inst.issuer), inst.clientId, undefined, auth, { execute });
      hit.catch(() => this.configs.delete(key));
      this.configs.set(key, hit);
    }
    return hit;
  }

  private async saveTokens(q: Queryable, ref: string, tokens: Tokens): Promise<void> {
    await q.query('update connect_fdx_tokens set tokens_enc = $2, updated_at = now() where ref = $1', [ref, this.p.keys.encryptJson(tokens)]);
  }

  private async loadTokens(ref: string, q: Queryable): Promise<{ tokens: Tokens; customerId: string; institutionId: number } | null> {
    const rows = await q.query<{ tokens_enc: string; customer_id: string; institution_id: number }>('select tokens_enc, customer_id, institution_id from connect_fdx_tokens where ref = $1', [ref]);
    return rows[0] ? { tokens: this.p.keys.decryptJson<Tokens>(rows[0].tokens_enc), customerId: rows[0].customer_id, institutionId: rows[0].institution_id } : null;
  }

  private static tokensOf(r: Oidc.TokenEndpointResponse, previous: Tokens | null): Tokens {
    return {
      access_token: r.access_token,
      // Providers that do not rotate refresh tokens (Flinks) may omit it on refresh: keep the one we have.
      refresh_token: r.refresh_token ?? previous?.refresh_token ?? null,
      expires_at: Date.now() + (typeof r.expires_in === 'number' ? r.expires_in : 300) * 1000,
      scope: typeof r.scope === 'string' ? r.scope : previous?.scope ?? '',
    };
  }

  /** A usable access token: the stored one, or a fresh one from the refresh token. Null when the provider refuses (consent gone). */
  private async accessToken(ref: string, force = false, q: Queryable = this.db): Promise<{ token: Tokens; inst: FdxInstitution } | null> {
    const found = await this.loadTokens(ref, q);
    if (!found) return null;
    const inst = await this.institution(found.customerId, found.institutionId, q);
    if (!inst) return null;
    if (!force && found.tokens.expires_at - 30_000 > Date.now()) return { token: found.tokens, inst };
    if (!found.tokens.refresh_token) return null;
    const oidc = await openid();
    try {
      const r = await oidc.refreshTokenGrant(await this.config(inst), found.tokens.refresh_token);
      const token = FdxProviders.tokensOf(r, found.tokens);
      await this.saveTokens(q, ref, token);
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
      const next = typeof body.page?.nextOffset === 'string' && body.page.nextOffset !== '' ? body.links?.next?.href : null;
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
    const ref = String(profile.data.tokenRef ?? '');
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
      const id = encodeURIComponent(String(u.account.accountId));
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
    const config = await this.config(inst).catch((err) => {
      this.p.log.warn({ err, issuer: inst.issuer }, 'FDX provider discovery failed');
      throw connectErrors.institution('RETRY_LATER', `${inst.name} cannot be reached at the moment`);
    });
    const oidc = await openid();
    // Starts that never came back: forgotten here rather than by a job.
    await this.db.query('delete from connect_fdx_states where expires_at < now()');
    const state = oidc.randomState();
    const verifier = oidc.randomPKCECodeVerifier();
    await this.db.query(
      `insert into connect_fdx_states (state, customer_id, institution_id, secrets_enc, return_to, options, expires_at) values ($1,$2,$3,$4,$5,$6,$7)`,
      [state, tenant.id, inst.id, this.p.keys.encryptJson({ verifier, authKey: authKey ?? null }), input.ReturnUrl,
        JSON.stringify({ tag: input.Tag ?? null, scheduleRefresh: Boolean(input.ScheduleRefresh), language: input.Language?.toLowerCase() === 'fr' ? 'fr' : 'en' }), new Date(Date.now() + STATE_TTL_MS)],
    );
    const params: Record<string, string> = {
      redirect_uri: inst.redirectUri, scope: inst.scope, state, code_challenge: await oidc.calculatePKCECodeChallenge(verifier), code_challenge_method: 'S256',
    };
    if (inst.providerId !== null) params.provider_id = String(inst.providerId);
    return oidc.buildAuthorizationUrl(config, params).toString();
  }

  /** The provider's redirect: code for tokens, then the login and its Authorized session. Answers where the browser goes next. */
  async callback(tenant: Tenant, query: Record<string, string | undefined>, search: string): Promise<string> {
    const state = query.state ?? '';
    const rows = await this.db.query<{ institution_id: number; secrets_enc: string; return_to: string; options: { tag: string | null; scheduleRefresh: boolean; language: 'en' | 'fr' } }>(
      'delete from connect_fdx_states where state = $1 and customer_id = $2 and expires_at > now() returning institution_id, secrets_enc, return_to, options',
      [state, tenant.id],
    );
    const pending = rows[0];
    if (!pending) throw flinksErrors.invalidRequest({ detail: 'This authorization is unknown or has expired: start again from the Connect widget' });
    const back = (extra: Record<string, string>) => {
      const u = new URL(pending.return_to, 'http://widget.invalid');
      for (const k of ['requestId', 'oauthError']) u.searchParams.delete(k);
      for (const [k, v] of Object.entries(extra)) u.searchParams.set(k, v);
      return u.pathname + u.search;
    };
    if (query.error) return back({ oauthError: query.error });
    const inst = await this.institution(tenant.id, pending.institution_id);
    if (!inst) return back({ oauthError: 'server_error' });
    const secrets = this.p.keys.decryptJson<{ verifier: string; authKey: string | null }>(pending.secrets_enc);
    const oidc = await openid();
    let tokens: Tokens;
    try {
      // The URL the provider redirected to: the redirect URI registered with it, and its answer.
      const r = await oidc.authorizationCodeGrant(await this.config(inst), new URL(inst.redirectUri + search), { pkceCodeVerifier: secrets.verifier, expectedState: state });
      tokens = FdxProviders.tokensOf(r, null);
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
  private async openSession(tenant: Tenant, inst: FdxInstitution, tokens: Tokens, userKey: string, options: { tag: string | null; scheduleRefresh: boolean; language: 'en' | 'fr' }, authKey: string | null): Promise<string> {
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
        await q.query('delete from connect_fdx_tokens where login_id = $1 and customer_id = $2', [loginId, tenant.id]);
      }
      await q.query('insert into connect_fdx_tokens (ref, customer_id, login_id, institution_id, tokens_enc) values ($1,$2,$3,$4,$5)', [ref, tenant.id, loginId, inst.id, this.p.keys.encryptJson(tokens)]);
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
      const next = await q.query<{ id: number }>('select coalesce(max(institution_id) + 1, $2) as id from connect_fdx_institutions where customer_id = $1', [tenant.id, FDX_FIRST_ID]);
      const id = next[0]!.id;
      await q.query(
        `insert into connect_fdx_institutions (customer_id, institution_id, code, name, country, issuer, fdx_base_url, client_id, client_secret_enc, provider_id, scope, redirect_uri)
         values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)`,
        [tenant.id, id, code, b.Name, b.Country ?? 'CA', issuer, (b.FdxBaseUrl ?? `${issuer}/api/fdx/5`).replace(/\/+$/, ''), b.ClientId, b.ClientSecret ? this.p.keys.encrypt(b.ClientSecret) : null,
          b.ProviderId ?? null, b.Scope ?? DEFAULT_SCOPE, FdxProviders.callbackUrl(origin, tenant.id)],
      );
      return (await this.institution(tenant.id, id, q))!;
    });
  }
}

const httpUrl = z.string().url().refine((u) => /^https?:\/\//i.test(u), 'must be an http(s) URL');

export const FdxInstitutionBody = z.object({
  Name: z.string().trim().min(1).max(120),
  Code: z.string().trim().regex(/^[A-Za-z][A-Za-z0-9_-]{0,59}$/, 'letters, digits, _ and -, starting with a letter').optional(),
  Issuer: httpUrl,
  FdxBaseUrl: httpUrl.optional(),
  ClientId: z.string().min(1).max(200),
  ClientSecret: z.string().min(1).max(500).optional(),
  ProviderId: z.number().int().optional(),
  Scope: z.string().max(500).optional(),
  Country: z.enum(['CA', 'US']).optional(),
});

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
