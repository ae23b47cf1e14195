/**
 * The OAuth client side of an FDX provider (RFC 6749 authorization code with PKCE, RFC 7636;
 * discovery per OpenID Connect Discovery 1.0), through openid-client: one discovered
 * configuration per issuer and client, and the provider's token answers as our Tokens.
 */
import type * as Oidc from 'openid-client';
import type { FdxInstitution, Tokens } from './model.ts';

/** openid-client loads with the first FDX institution used, not with every server. */
let client: Promise<typeof Oidc> | null = null;
export const openid = (): Promise<typeof Oidc> => (client ??= import('openid-client'));

export class FdxOAuthClient {
  private readonly configs = new Map<string, Promise<Oidc.Configuration>>();

  /** The provider's discovered configuration, kept per issuer, client and secret (a failed discovery is tried again). */
  async config(inst: FdxInstitution): Promise<Oidc.Configuration> {
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

  static tokensOf(r: Oidc.TokenEndpointResponse, previous: Tokens | null): Tokens {
    return {
      access_token: r.access_token,
      // Providers that do not rotate refresh tokens (Flinks) may omit it on refresh: keep the one we have.
      refresh_token: r.refresh_token ?? previous?.refresh_token ?? null,
      expires_at: Date.now() + (typeof r.expires_in === 'number' ? r.expires_in : 300) * 1000,
      scope: typeof r.scope === 'string' ? r.scope : previous?.scope ?? '',
    };
  }
}
