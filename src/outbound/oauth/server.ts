/**
 * The authorization server: oidc-provider configured for Flinks Outbound and
 * mounted under /outbound (its koa callback behind fastify), and the checks
 * our own routes make of the access tokens it issues.
 *
 * One oidc-provider instance per issuer. The issuer is PUBLIC_URL + /outbound
 * when PUBLIC_URL is set; otherwise it is the origin the request came to (a
 * development server answers on localhost and 127.0.0.1 alike, and a client's
 * discovery must find the issuer it asked for).
 *
 * Access tokens are JWTs (ES256) whose clock is the platform clock, so the
 * sandbox clock expires them; codes, refresh tokens and grants live in the
 * database through adapter.ts.
 */
import { IncomingMessage } from 'node:http';
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { JWTPayload } from 'jose';
import type { Provider, KoaContextWithOIDC, InteractionDetails, InteractionResult, Next } from 'oidc-provider';
import type { Platform } from '../../platform/platform.ts';
import { secretMatches } from '../../platform/crypto.ts';
import { DB_RETRY_AFTER_SECONDS, isDbUnavailable } from '../../platform/db.ts';
import { UNAVAILABLE_MESSAGE } from '../errors.ts';
import { isGuid } from '../../platform/ids.ts';
import { SANDBOX_TENANT } from '../../platform/tenants.ts';
import { DATA_SCOPES, PARTNER_SCOPE } from '../scopes.ts';
import type { OutboundStore } from '../store.ts';
import { adapterFor } from './adapter.ts';
import type { OAuthSecrets } from './keys.ts';
import { errorPage } from '../page.ts';

/** Path prefix of the whole surface. */
export const MOUNT = '/outbound';
export const ROUTES = {
  authorization: '/api/v1/authorize',
  token: '/api/v1/token',
  revocation: '/api/v1/revoke',
  jwks: '/api/v1/jwks',
} as const;
/** The resource servers, relative to the issuer: the FDX data API and the management API. */
export const FDX_PATH = '/api/fdx/5';
export const MANAGEMENT_PATH = '/api/v1';

/** The partner client of the sandbox customer (its secret is the customer's secret key). */
export const TOOLBOX_PARTNER = 'toolbox-partner';

export const TTL = {
  /** Flinks's API reference shows expires_in 299 for user tokens. */
  accessToken: 300,
  /** Flinks's getting-started shows expires_in 3600 for the partner token. */
  partnerToken: 3600,
  authorizationCode: 300,
  /** Refresh tokens: 30 days idle, extended on each use, never rotated (docs.flinks.com/api/outbound/endpoints/authorize/token). */
  refreshIdle: 30 * 24 * 3600,
  interaction: 3600,
};

export interface VerifiedToken {
  clientId: string;
  subject: string;
  scopes: Set<string>;
  consentId: string | null;
  issuer: string;
}

const MAX_ISSUERS = 8;

/** The `error` of an OAuth error body that oidc-provider set (RFC 6749 §5.2), if the body is one. */
function oauthErrorOf(body: unknown): unknown {
  return body && typeof body === 'object' && 'error' in body ? body.error : undefined;
}

/**
 * What the server needs beyond the platform, loaded on first use: oidc-provider,
 * koa and jose weigh ~30 MB, which a server that never serves /outbound keeps.
 */
interface Loaded {
  secrets: OAuthSecrets;
  oidc: typeof import('oidc-provider');
  jose: typeof import('jose');
}

export class AuthServer {
  private readonly providers = new Map<string, { provider: Provider; handle: ReturnType<Provider['callback']> }>();
  private readonly Adapter: ReturnType<typeof adapterFor>;

  private loading: Promise<Loaded> | null = null;
  private loaded: Loaded | null = null;

  constructor(private readonly p: Platform, private readonly store: OutboundStore) {
    this.Adapter = adapterFor({
      db: p.db,
      clock: p.clock,
      clients: (id) => this.clientMetadata(id),
      onGrantDestroyed: (grantId) => store.revokeConsentsOfGrant(p.db, grantId, p.clock.now()),
      // Only reached from a token request, by when start() has loaded oidc-provider.
      alreadyConsumed: () => new this.loaded!.oidc.errors.InvalidGrant('authorization code already consumed'),
    });
  }

  /** Loads oidc-provider and jose, and loads (or makes, the first time) the signing and cookie keys. */
  async start(): Promise<Loaded> {
    this.loading ??= (async () => {
      const [{ loadSecrets }, oidc, jose] = await Promise.all([import('./keys.ts'), import('oidc-provider'), import('jose')]);
      return { secrets: await loadSecrets(this.p.db, this.p.keys), oidc, jose };
    })();
    this.loading.catch(() => (this.loading = null));
    this.loaded = await this.loading;
    return this.loaded;
  }

  /** PUBLIC_URL's origin, or the one the request came to. */
  origin(req: FastifyRequest): string {
    if (this.p.config.publicUrl) return this.p.config.publicUrl.replace(/\/+$/, '');
    return `${req.protocol}://${req.host}`;
  }

  issuer(req: FastifyRequest): string {
    return this.origin(req) + MOUNT;
  }

  async provider(req: FastifyRequest): Promise<Provider> {
    return (await this.entry(this.issuer(req))).provider;
  }

  private async entry(issuer: string) {
    let hit = this.providers.get(issuer);
    if (hit) return hit;
    await this.start();
    hit = this.providers.get(issuer);
    if (hit) return hit;
    // A bounded set: Host headers are the client's to choose.
    if (this.providers.size >= MAX_ISSUERS) this.providers.delete(this.providers.keys().next().value!);
    const provider = this.build(issuer);
    provider.on('server_error', (ctx: { state?: Record<string, unknown> }, err: unknown) => {
      // Marked for the middleware in build(), which answers it as temporarily_unavailable (503).
      if (isDbUnavailable(err) && ctx.state) ctx.state.dbUnavailable = true;
      else this.p.log.error({ err }, 'authorization server error');
    });
    hit = { provider, handle: provider.callback() };
    this.providers.set(issuer, hit);
    return hit;
  }

  /** Hands a request to oidc-provider. `body`: the request body as read by fastify (POST), re-sent to koa. */
  async forward(req: FastifyRequest, reply: FastifyReply, body?: Buffer, contentType?: string): Promise<void> {
    const { handle } = await this.entry(this.issuer(req));
    reply.hijack();
    const raw = req.raw;
    const full = raw.url ?? '/';
    const inner = full.slice(MOUNT.length) || '/';
    if (body === undefined) {
      (raw as IncomingMessage & { originalUrl?: string }).originalUrl = full;
      raw.url = inner;
      handle(raw, reply.raw);
      return;
    }
    // The body was read already: koa gets a fresh message carrying it (oidc-provider reads the stream itself).
    const msg = new IncomingMessage(raw.socket) as IncomingMessage & { originalUrl?: string };
    msg.method = raw.method;
    msg.url = inner;
    msg.originalUrl = full;
    msg.httpVersion = raw.httpVersion;
    msg.headers = { ...raw.headers, 'content-length': String(body.length), ...(contentType ? { 'content-type': contentType } : {}) };
    delete msg.headers['transfer-encoding'];
    msg.push(body);
    msg.push(null);
    // Marked complete, or node would take the ended message for an aborted one and close the client's socket.
    msg.complete = true;
    handle(msg, reply.raw);
  }

  async interactionDetails(req: FastifyRequest, reply: FastifyReply): Promise<InteractionDetails> {
    return (await this.provider(req)).interactionDetails(req.raw, reply.raw);
  }

  /** Ends the consent pages: oidc-provider answers 303 to its resume URL, then redirects to the client. */
  async finish(req: FastifyRequest, reply: FastifyReply, result: InteractionResult): Promise<void> {
    const provider = await this.provider(req);
    reply.hijack();
    await provider.interactionFinished(req.raw, reply.raw, result, { mergeWithLastSubmission: false });
  }

  /** Saves a grant of `scopes` on the FDX resource for this subject and client; answers its id. */
  async grant(req: FastifyRequest, subject: string, clientId: string, scopes: string[]): Promise<string> {
    const provider = await this.provider(req);
    const grant = new provider.Grant({ accountId: subject, clientId });
    // The data scopes are both the server's scopes (so a client's allowed scope list is checked) and the FDX resource's.
    grant.addOIDCScope(scopes.join(' '));
    grant.addResourceScope(this.issuer(req) + FDX_PATH, scopes.join(' '));
    return grant.save();
  }

  /** Ends a grant: its refresh tokens and unused codes go, then the grant, and the consent with it (adapter hook). */
  async revokeGrant(req: FastifyRequest, grantId: string): Promise<void> {
    await this.store.deleteGrantArtifacts(grantId);
    await (await this.provider(req)).Grant.adapter.destroy(grantId);
  }

  /**
   * Verifies one of our access tokens for a resource (FDX or management): our
   * signature, not expired by the platform clock, issued for that resource.
   * Answers null for anything else.
   */
  async verify(token: string | undefined, resource: 'fdx' | 'management'): Promise<VerifiedToken | null> {
    if (!token) return null;
    const { jose, secrets } = this.loaded ?? (await this.start());
    let payload: JWTPayload;
    try {
      ({ payload } = await jose.jwtVerify(token, secrets.verifyKey, { algorithms: ['ES256'], typ: 'at+jwt', currentDate: this.p.clock.now(), clockTolerance: 5 }));
    } catch {
      return null;
    }
    const iss = typeof payload.iss === 'string' ? payload.iss : '';
    if (!iss.endsWith(MOUNT) || payload.aud !== iss + (resource === 'fdx' ? FDX_PATH : MANAGEMENT_PATH)) return null;
    const clientId = typeof payload.client_id === 'string' ? payload.client_id : '';
    return {
      clientId,
      subject: typeof payload.sub === 'string' ? payload.sub : clientId,
      scopes: new Set(typeof payload.scope === 'string' ? payload.scope.split(' ') : []),
      consentId: typeof payload.consent_id === 'string' ? payload.consent_id : null,
      issuer: iss,
    };
  }

  /** The customer a partner client stands for: toolbox-partner is the sandbox customer, any other partner is its customerId. */
  partnerCustomer(clientId: string): string | null {
    if (clientId === TOOLBOX_PARTNER) return this.p.config.sandbox ? SANDBOX_TENANT.id : null;
    return isGuid(clientId) ? clientId.toLowerCase() : null;
  }

  /** oidc-provider's view of a client: a recipient (authorization code), or a partner (client credentials). */
  private async clientMetadata(clientId: string): Promise<Record<string, unknown> | undefined> {
    const partner = this.partnerCustomer(clientId);
    if (partner) {
      const tenant = await this.p.tenants.find(partner);
      if (!tenant) return undefined;
      return {
        client_id: clientId,
        client_secret: tenant.secretHash,
        token_endpoint_auth_method: 'client_secret_post',
        grant_types: ['client_credentials'],
        response_types: [],
        redirect_uris: [],
        scope: PARTNER_SCOPE,
      };
    }
    const r = await this.store.recipientByClientId(clientId);
    if (!r) return undefined;
    return {
      client_id: r.client_id,
      ...(r.auth_method === 'none' ? {} : { client_secret: r.secret_hash }),
      token_endpoint_auth_method: r.auth_method,
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      redirect_uris: r.redirect_uris,
      scope: r.scope,
      client_name: r.name,
    };
  }

  private build(issuer: string): Provider {
    const { p, store } = this;
    const { oidc, secrets } = this.loaded!;
    const fdxResource = issuer + FDX_PATH;
    const managementResource = issuer + MANAGEMENT_PATH;
    const clock = p.clock;
    const provider = new oidc.Provider(issuer, {
      adapter: this.Adapter,
      jwks: { keys: [secrets.signingJwk] },
      cookies: {
        keys: secrets.cookieKeys,
        long: { httpOnly: true, sameSite: 'lax', signed: true },
        short: { httpOnly: true, sameSite: 'lax', signed: true },
      },
      scopes: ['openid', ...DATA_SCOPES, PARTNER_SCOPE],
      responseTypes: ['code'],
      clientAuthMethods: ['client_secret_post', 'client_secret_basic', 'none'],
      pkce: { required: (_ctx: unknown, client: { clientAuthMethod: string }) => client.clientAuthMethod === 'none' },
      routes: ROUTES,
      extraParams: ['provider_id', 'correlation_id'],
      features: {
        devInteractions: { enabled: false },
        clientCredentials: { enabled: true },
        // RFC 7009: a client revokes its own tokens only; another client's token is quietly left alone.
        revocation: { enabled: true, allowedPolicy: async (_ctx: unknown, client: { clientId: string }, token: { clientId: string }) => token.clientId === client.clientId },
        userinfo: { enabled: false },
        rpInitiatedLogout: { enabled: false },
        pushedAuthorizationRequests: { enabled: false },
        dPoP: { enabled: false },
        resourceIndicators: {
          enabled: true,
          defaultResource: async (_ctx: unknown, client: { grantTypeAllowed(t: string): boolean }) => (client.grantTypeAllowed('client_credentials') ? managementResource : fdxResource),
          useGrantedResource: async () => true,
          getResourceServerInfo: async (_ctx: unknown, resource: string, client: { grantTypeAllowed(t: string): boolean }) => {
            if (resource === fdxResource && client.grantTypeAllowed('authorization_code')) {
              return { scope: DATA_SCOPES.join(' '), audience: fdxResource, accessTokenTTL: TTL.accessToken, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'ES256' } } };
            }
            if (resource === managementResource && client.grantTypeAllowed('client_credentials')) {
              return { scope: PARTNER_SCOPE, audience: managementResource, accessTokenTTL: TTL.partnerToken, accessTokenFormat: 'jwt', jwt: { sign: { alg: 'ES256' } } };
            }
            throw new oidc.errors.InvalidTarget();
          },
        },
      },
      enabledJWA: { idTokenSigningAlgValues: ['ES256'], requestObjectSigningAlgValues: ['ES256'] },
      clientDefaults: { id_token_signed_response_alg: 'ES256', grant_types: ['authorization_code'], response_types: ['code'] },
      interactions: { url: async (_ctx: unknown, interaction: { uid: string }) => `${MOUNT}/consent/${interaction.uid}` },
      findAccount: async (_ctx: unknown, sub: string) => ({ accountId: sub, claims: async () => ({ sub }) }),
      // Every authorization goes through the consent pages: an earlier grant of the same browser is never reused.
      loadExistingGrant: async (ctx: { oidc: { result?: { consent?: { grantId?: string } }; provider: Provider } }) => {
        const id = ctx.oidc.result?.consent?.grantId;
        return id ? ctx.oidc.provider.Grant.find(id) : undefined;
      },
      issueRefreshToken: async (_ctx: unknown, client: { grantTypeAllowed(t: string): boolean }) => client.grantTypeAllowed('refresh_token'),
      rotateRefreshToken: false,
      expiresWithSession: async () => false,
      ttl: {
        AccessToken: TTL.accessToken,
        ClientCredentials: TTL.partnerToken,
        AuthorizationCode: TTL.authorizationCode,
        RefreshToken: TTL.refreshIdle,
        Grant: TTL.refreshIdle,
        Interaction: TTL.interaction,
        Session: TTL.interaction,
        IdToken: TTL.accessToken,
      },
      extraTokenClaims: async (_ctx: unknown, token: { grantId?: string }) => {
        if (!token.grantId) return undefined;
        const consent = await store.consentByGrant(token.grantId);
        return consent ? { consent_id: consent.id } : undefined;
      },
      formats: {
        customizers: {
          // Token times on the platform clock: the sandbox clock expires access tokens like everything else.
          jwt: async (_ctx: unknown, _token: unknown, jwt: { payload: { iat?: number; exp?: number } }) => {
            const lifetime = (jwt.payload.exp ?? 0) - (jwt.payload.iat ?? 0);
            const iat = Math.floor(clock.now().getTime() / 1000);
            jwt.payload.iat = iat;
            jwt.payload.exp = iat + lifetime;
          },
        },
      },
      clientBasedCORS: () => false,
      renderError: async (ctx: KoaContextWithOIDC, out: { error: string; error_description?: string }) => {
        ctx.set('content-type', 'text/html; charset=utf-8');
        ctx.body = errorPage({ title: 'This request cannot continue', message: out.error_description ?? out.error, code: out.error });
      },
    });

    // Flinks answers every OAuth error of the token endpoint with 400 (docs.flinks.com/api/outbound/endpoints/authorize/errors); RFC 6749 keeps 401 when the client authenticated with a header.
    provider.use(async (ctx: KoaContextWithOIDC, next: Next) => {
      await next();
      // oidc-provider answers a storage failure as server_error (500); an outage is temporary (RFC 6749 §4.1.2.1).
      if (ctx.state?.dbUnavailable) {
        ctx.status = 503;
        ctx.set('retry-after', String(DB_RETRY_AFTER_SECONDS));
        if (oauthErrorOf(ctx.body) !== undefined) ctx.body = { error: 'temporarily_unavailable', error_description: UNAVAILABLE_MESSAGE };
        return;
      }
      if (ctx.status === 401 && oauthErrorOf(ctx.body) === 'invalid_client' && !ctx.headers.authorization) ctx.status = 400;
      // The refresh token's 30-day idle timeout restarts at each use (it is not rotated).
      if (ctx.oidc?.route === 'token' && ctx.status === 200 && ctx.oidc.params?.grant_type === 'refresh_token') {
        const rt = ctx.oidc.entities.RefreshToken as { jti?: string; grantId?: string } | undefined;
        if (rt?.jti) await this.Adapter.touch('RefreshToken', rt.jti, TTL.refreshIdle);
        if (rt?.grantId) await this.Adapter.touch('Grant', rt.grantId, TTL.refreshIdle);
      }
    });
    // Client secrets are stored as digests (hashSecret): compare the presented secret with the digest.
    const proto = provider.Client.prototype;
    proto.compareClientSecret = function compare(this: { clientSecret?: string }, actual: string) {
      return typeof actual === 'string' && actual.length > 0 && typeof this.clientSecret === 'string' && secretMatches(actual, this.clientSecret);
    };
    return provider;
  }
}
