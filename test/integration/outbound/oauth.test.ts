/**
 * Outbound's authorization server driven by openid-client, as a data recipient
 * would: discovery, authorization code with PKCE through the consent pages,
 * refresh, RFC 7009 and Flinks revocation, client credentials; and what must
 * fail: a redirect_uri that does not match, a replayed code, a wrong secret,
 * a missing scope, an expired token.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import * as client from 'openid-client';
import { decodeJwt } from 'jose';
import { call, startTestApp, type TestApp } from '../../support/app.ts';
import { SANDBOX_TENANT } from '../../../src/platform/tenants.ts';
import { ALL_SCOPES, Browser, activate, consent, createRecipient, partnerToken, type Recipient } from './helpers.ts';

let t: TestApp;
let issuer: URL;
let partner: string;
let confidential: Recipient;
let config: client.Configuration;
const REDIRECT = 'https://app.example.com/callback';

before(async () => {
  t = await startTestApp();
  issuer = new URL(`${t.url}/outbound`);
  partner = await partnerToken(t.url);
  confidential = await createRecipient(t.url, partner, { redirect_uris: [REDIRECT, 'https://app.example.com/other'] });
  await activate(t.url, partner, confidential.client_id);
  config = await client.discovery(issuer, confidential.client_id, undefined, client.ClientSecretPost(confidential.client_secret!), { execute: [client.allowInsecureRequests] });
});
after(async () => {
  await t?.stop();
});

/** An authorization URL with PKCE; answers the URL and what the callback needs. */
async function authorizeUrl(c: client.Configuration, extra: Record<string, string> = {}) {
  const verifier = client.randomPKCECodeVerifier();
  const state = client.randomState();
  const url = client.buildAuthorizationUrl(c, {
    redirect_uri: REDIRECT,
    scope: ALL_SCOPES,
    state,
    code_challenge: await client.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    provider_id: '1000',
    correlation_id: 'fce84d61-dfa8-4e2b-bd94-f1ec6a445841',
    ...extra,
  });
  return { url, verifier, state };
}

/** The whole grant: consent pages, then the code for tokens. */
async function tokens(c = config, opts: Parameters<typeof consent>[2] = {}) {
  const a = await authorizeUrl(c);
  const { redirect } = await consent(new Browser(t.url), a.url.toString(), opts);
  const set = await client.authorizationCodeGrant(c, redirect, { pkceCodeVerifier: a.verifier, expectedState: a.state });
  return { set, redirect, ...a };
}

const fdx = (path: string) => new URL(`${t.url}/outbound/api/fdx/5${path}`);

/** An FDX call where a refusal is expected (openid-client throws on a WWW-Authenticate challenge, which a 401 carries). */
const fdxGet = (token: string, path: string) => fetch(fdx(path), { headers: { authorization: `Bearer ${token}` } });

async function oauthError(p: Promise<unknown>): Promise<{ error: string; status: number }> {
  try {
    await p;
  } catch (err) {
    const e = err as { error?: string; status?: number; code?: string };
    return { error: e.error ?? e.code ?? String(err), status: e.status ?? 0 };
  }
  assert.fail('expected an OAuth error');
}

describe('discovery', () => {
  test('the issuer, its endpoints under /outbound/api/v1, the eight scopes, S256 and the JWKS', async () => {
    const m = config.serverMetadata();
    assert.equal(m.issuer, issuer.toString());
    assert.equal(m.authorization_endpoint, `${t.url}/outbound/api/v1/authorize`);
    assert.equal(m.token_endpoint, `${t.url}/outbound/api/v1/token`);
    assert.equal(m.revocation_endpoint, `${t.url}/outbound/api/v1/revoke`);
    for (const s of ALL_SCOPES.split(' ')) assert.ok(m.scopes_supported?.includes(s), s);
    assert.deepEqual(m.code_challenge_methods_supported, ['S256']);
    assert.ok(m.grant_types_supported?.includes('client_credentials'));
    const jwks = await call(m.jwks_uri!);
    assert.equal(jwks.status, 200);
    assert.equal(jwks.body.keys.length, 1);
    assert.equal(jwks.body.keys[0].alg, 'ES256');
    assert.equal(jwks.body.keys[0].d, undefined, 'never the private part');
  });
});

describe('authorization code with PKCE', () => {
  test('consent → code (with state) → tokens; the access token is a JWT naming the client and the user; FDX answers with it', async () => {
    const { set, redirect, state } = await tokens();
    assert.equal(redirect.origin + redirect.pathname, REDIRECT);
    assert.equal(redirect.searchParams.get('state'), state);
    assert.equal(set.token_type.toLowerCase(), 'bearer');
    assert.equal(set.expires_in, 300);
    assert.ok(set.refresh_token);
    const claims = decodeJwt(set.access_token);
    assert.equal(claims.client_id, confidential.client_id);
    assert.match(String(claims.sub), /^[0-9a-f-]{36}$/);
    assert.ok(typeof claims.exp === 'number' && claims.exp > Date.now() / 1000);
    assert.deepEqual(String(claims.scope).split(' ').sort(), ALL_SCOPES.split(' ').sort());
    const res = await client.fetchProtectedResource(config, set.access_token, fdx('/accounts'), 'GET');
    assert.equal(res.status, 200);
    const body = (await res.json()) as { accounts: unknown[] };
    assert.ok(body.accounts.length >= 1);
  });

  test('refresh: a new access token, the same refresh token (not rotated); the old refresh token keeps working', async () => {
    const { set } = await tokens();
    const refreshed = await client.refreshTokenGrant(config, set.refresh_token!);
    assert.notEqual(refreshed.access_token, set.access_token);
    assert.equal(refreshed.refresh_token, set.refresh_token);
    const again = await client.refreshTokenGrant(config, set.refresh_token!);
    assert.equal(again.refresh_token, set.refresh_token);
    const res = await client.fetchProtectedResource(config, again.access_token, fdx('/customers/current'), 'GET');
    assert.equal(res.status, 200);
  });

  test('the token endpoint also takes JSON bodies with client_id and client_secret (as Flinks documents)', async () => {
    const a = await authorizeUrl(config);
    const { redirect } = await consent(new Browser(t.url), a.url.toString(), { username: 'greatday_nomfa' });
    const r = await call(`${t.url}/outbound/api/v1/token`, {
      json: { grant_type: 'authorization_code', client_id: confidential.client_id, client_secret: confidential.client_secret, code: redirect.searchParams.get('code'), redirect_uri: REDIRECT, code_verifier: a.verifier },
    });
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.token_type, 'Bearer');
    const refreshed = await call(`${t.url}/outbound/api/v1/token`, { json: { grant_type: 'refresh_token', client_id: confidential.client_id, client_secret: confidential.client_secret, refresh_token: r.body.refresh_token } });
    assert.equal(refreshed.status, 200, refreshed.text);
    assert.equal(refreshed.body.refresh_token, r.body.refresh_token);
  });

  test('a public client must use PKCE: without it the authorization is refused at the redirect URI', async () => {
    const pub = await createRecipient(t.url, partner, { name: 'Phone app', token_endpoint_auth_method: 'none' });
    assert.equal(pub.client_secret, undefined);
    await activate(t.url, partner, pub.client_id);
    const c = await client.discovery(issuer, pub.client_id, undefined, client.None(), { execute: [client.allowInsecureRequests] });
    const refused = await new Browser(t.url).follow(client.buildAuthorizationUrl(c, { redirect_uri: REDIRECT, scope: 'ACCOUNT_BASIC', state: 's1', provider_id: '1000' }).toString());
    const back = new URL(refused.external!);
    assert.equal(back.searchParams.get('error'), 'invalid_request');
    assert.match(back.searchParams.get('error_description') ?? '', /PKCE/);
    assert.equal(back.searchParams.get('state'), 's1');
    const { set } = await tokens(c, { username: 'greatday_nomfa' });
    assert.ok(set.access_token && set.refresh_token);
  });
});

describe('client credentials (partner token)', () => {
  test('toolbox-partner with the sandbox secret key, scope client:admin, 3600 seconds', async () => {
    const c = await client.discovery(issuer, 'toolbox-partner', undefined, client.ClientSecretPost(SANDBOX_TENANT.secretKey), { execute: [client.allowInsecureRequests] });
    const set = await client.clientCredentialsGrant(c, { scope: 'client:admin' });
    assert.equal(set.expires_in, 3600);
    assert.equal(set.scope, 'client:admin');
    assert.equal(set.refresh_token, undefined);
    const list = await client.fetchProtectedResource(c, set.access_token, new URL(`${t.url}/outbound/api/v1/recipients`), 'GET');
    assert.equal(list.status, 200);
  });

  test('without scope client:admin: invalid_scope', async () => {
    const r = await call(`${t.url}/outbound/api/v1/token`, { json: { grant_type: 'client_credentials', client_id: 'toolbox-partner', client_secret: SANDBOX_TENANT.secretKey } });
    assert.equal(r.status, 400);
    assert.equal(r.body.error, 'invalid_scope');
  });

  test('a wrong client secret: invalid_client (400, as Flinks answers every token error)', async () => {
    const c = await client.discovery(issuer, 'toolbox-partner', undefined, client.ClientSecretPost('not-the-secret'), { execute: [client.allowInsecureRequests] });
    const e = await oauthError(client.clientCredentialsGrant(c, { scope: 'client:admin' }));
    assert.equal(e.error, 'invalid_client');
    assert.equal(e.status, 400);
    const bad = await client.discovery(issuer, confidential.client_id, undefined, client.ClientSecretPost('wrong'), { execute: [client.allowInsecureRequests] });
    assert.equal((await oauthError(client.refreshTokenGrant(bad, 'whatever'))).error, 'invalid_client');
  });
});

describe('what is refused', () => {
  test('a redirect_uri that is not registered exactly: an error page, never a redirect', async () => {
    for (const uri of ['https://app.example.com/callback/', 'https://app.example.com/callback?x=1', 'https://evil.example.com/callback']) {
      const url = client.buildAuthorizationUrl(config, { redirect_uri: uri, scope: 'ACCOUNT_BASIC', state: 's', provider_id: '1000' });
      const r = await fetch(url, { redirect: 'manual' });
      assert.equal(r.status, 400, uri);
      assert.equal(r.headers.get('location'), null);
      assert.match(await r.text(), /redirect_uri/);
    }
  });

  test('a code used twice: invalid_grant, and the grant it came from is revoked', async () => {
    const a = await authorizeUrl(config);
    const { redirect } = await consent(new Browser(t.url), a.url.toString(), { username: 'greatday_nomfa' });
    const first = await client.authorizationCodeGrant(config, redirect, { pkceCodeVerifier: a.verifier, expectedState: a.state });
    const e = await oauthError(client.authorizationCodeGrant(config, redirect, { pkceCodeVerifier: a.verifier, expectedState: a.state }));
    assert.equal(e.error, 'invalid_grant');
    assert.equal((await oauthError(client.refreshTokenGrant(config, first.refresh_token!))).error, 'invalid_grant');
    const res = await fdxGet(first.access_token, '/accounts');
    assert.equal(res.status, 401);
    assert.equal(((await res.json()) as { code: number }).code, 602);
  });

  test('a wrong PKCE verifier: invalid_grant', async () => {
    const a = await authorizeUrl(config);
    const { redirect } = await consent(new Browser(t.url), a.url.toString(), { username: 'greatday_nomfa' });
    const e = await oauthError(client.authorizationCodeGrant(config, redirect, { pkceCodeVerifier: client.randomPKCECodeVerifier(), expectedState: a.state }));
    assert.equal(e.error, 'invalid_grant');
  });

  test('a scope missing: without ACCOUNT_BASIC the authorization ends with invalid_scope (and the state)', async () => {
    const url = client.buildAuthorizationUrl(config, { redirect_uri: REDIRECT, scope: 'TRANSACTIONS', state: 'st-9', provider_id: '1000', code_challenge: await client.calculatePKCECodeChallenge(client.randomPKCECodeVerifier()), code_challenge_method: 'S256' });
    const r = await new Browser(t.url).follow(url.toString());
    const back = new URL(r.external!);
    assert.equal(back.searchParams.get('error'), 'invalid_scope');
    assert.equal(back.searchParams.get('state'), 'st-9');
  });

  test('a scope the recipient was not created with: invalid_scope', async () => {
    const narrow = await createRecipient(t.url, partner, { name: 'Narrow', scope: ['ACCOUNT_BASIC'], redirect_uris: [REDIRECT] });
    const c = await client.discovery(issuer, narrow.client_id, undefined, client.ClientSecretPost(narrow.client_secret!), { execute: [client.allowInsecureRequests] });
    const r = await new Browser(t.url).follow(client.buildAuthorizationUrl(c, { redirect_uri: REDIRECT, scope: 'ACCOUNT_BASIC TRANSACTIONS', state: 'x', provider_id: '1000' }).toString());
    assert.equal(new URL(r.external!).searchParams.get('error'), 'invalid_scope');
  });

  test('a recipient not yet registered with the provider: unauthorized_client', async () => {
    const fresh = await createRecipient(t.url, partner, { name: 'Unregistered', redirect_uris: [REDIRECT] });
    const c = await client.discovery(issuer, fresh.client_id, undefined, client.ClientSecretPost(fresh.client_secret!), { execute: [client.allowInsecureRequests] });
    const r = await new Browser(t.url).follow(client.buildAuthorizationUrl(c, { redirect_uri: REDIRECT, scope: 'ACCOUNT_BASIC', state: 'x', provider_id: '1000' }).toString());
    const back = new URL(r.external!);
    assert.equal(back.searchParams.get('error'), 'unauthorized_client');
    assert.match(back.searchParams.get('error_description') ?? '', /not registered with provider 1000/);
  });

  test('the person denies: error=access_denied with Flinks’s description and the state', async () => {
    const a = await authorizeUrl(config);
    const { redirect } = await consent(new Browser(t.url), a.url.toString(), { username: 'greatday_nomfa', decision: 'deny' });
    assert.equal(redirect.searchParams.get('error'), 'access_denied');
    assert.equal(redirect.searchParams.get('error_description'), 'The user denied the access');
    assert.equal(redirect.searchParams.get('state'), a.state);
    assert.equal(redirect.searchParams.get('code'), null);
  });
});

describe('revocation', () => {
  test('DELETE /api/v1/revoke with the user’s Bearer token: 204; then FDX 401 code 602 and the refresh token is dead', async () => {
    const { set } = await tokens(config, { username: 'greatday_nomfa' });
    const revokeUrl = new URL(`${t.url}/outbound/api/v1/revoke`);
    const r = await client.fetchProtectedResource(config, set.access_token, revokeUrl, 'DELETE');
    assert.equal(r.status, 204);
    assert.equal(await r.text(), '');
    const data = await fdxGet(set.access_token, '/accounts');
    assert.equal(data.status, 401);
    const body = (await data.json()) as { code: number; message: string };
    assert.equal(body.code, 602);
    assert.equal(body.message, 'Customer not authorized');
    assert.ok(data.headers.get('ob-correlation-id') && data.headers.get('ob-trace-id'));
    assert.equal((await oauthError(client.refreshTokenGrant(config, set.refresh_token!))).error, 'invalid_grant');
    // Again: still 204 (nothing left to revoke).
    assert.equal((await client.fetchProtectedResource(config, set.access_token, revokeUrl, 'DELETE')).status, 204);
  });

  test('DELETE /api/v1/revoke without a token: 400 invalid_request; with a token that is not ours: 401 invalid_token', async () => {
    const none = await call(`${t.url}/outbound/api/v1/revoke`, { method: 'DELETE' });
    assert.equal(none.status, 400);
    assert.deepEqual(none.body, { error: 'invalid_request', error_description: 'The request is missing a required parameter.' });
    const junk = await call(`${t.url}/outbound/api/v1/revoke`, { method: 'DELETE', headers: { authorization: 'Bearer abc.def.ghi' } });
    assert.equal(junk.status, 401);
    assert.equal(junk.body.error, 'invalid_token');
  });

  test('RFC 7009 revocation of the refresh token (openid-client tokenRevocation) ends the consent too', async () => {
    const { set } = await tokens(config, { username: 'greatday_nomfa' });
    await client.tokenRevocation(config, set.refresh_token!);
    assert.equal((await oauthError(client.refreshTokenGrant(config, set.refresh_token!))).error, 'invalid_grant');
    const data = await fdxGet(set.access_token, '/accounts');
    assert.equal(data.status, 401);
    assert.equal(((await data.json()) as { code: number }).code, 602);
  });
});

// Last: these move the sandbox clock of this app forward.
describe('expiry (sandbox clock)', () => {
  test('an expired access token: FDX 401 (code 1205), refresh gives a working one; the refresh token lives 30 days idle, each use restarting them', async () => {
    const { set } = await tokens(config, { username: 'greatday_nomfa' });
    const advance = async (body: Record<string, number>) => {
      const r = await call(`${t.url}/v3/${SANDBOX_TENANT.id}/sandbox/clock/advance`, { json: body });
      assert.equal(r.status, 200, r.text);
    };
    await advance({ Minutes: 6 });
    const expired = await fdxGet(set.access_token, '/accounts');
    assert.equal(expired.status, 401);
    assert.equal(((await expired.json()) as { code: number }).code, 1205);
    assert.match(expired.headers.get('www-authenticate') ?? '', /invalid_token/);
    const fresh = await client.refreshTokenGrant(config, set.refresh_token!);
    assert.equal((await client.fetchProtectedResource(config, fresh.access_token, fdx('/accounts'), 'GET')).status, 200);

    await advance({ Days: 29 });
    await client.refreshTokenGrant(config, set.refresh_token!); // day 29: alive, and its 30 days start again
    await advance({ Days: 29 });
    await client.refreshTokenGrant(config, set.refresh_token!); // day 58: alive (used 29 days ago)
    await advance({ Days: 31 });
    assert.equal((await oauthError(client.refreshTokenGrant(config, set.refresh_token!))).error, 'invalid_grant');
  });

  test('an authorization code expires after 5 minutes', async () => {
    const a = await authorizeUrl(config);
    const { redirect } = await consent(new Browser(t.url), a.url.toString(), { username: 'greatday_nomfa' });
    await call(`${t.url}/v3/${SANDBOX_TENANT.id}/sandbox/clock/advance`, { json: { Minutes: 6 } });
    assert.equal((await oauthError(client.authorizationCodeGrant(config, redirect, { pkceCodeVerifier: a.verifier, expectedState: a.state }))).error, 'invalid_grant');
  });
});
