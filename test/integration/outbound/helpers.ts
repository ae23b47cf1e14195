/**
 * Test helpers for Outbound: a partner token, a recipient registered with
 * Flinks Capital, and a person going through the consent pages over plain HTTP
 * (a cookie jar, the forms the pages show, the redirects they answer).
 */
import assert from 'node:assert/strict';
import { call } from '../../support/app.ts';
import { answerFor } from '../../support/flinks.ts';
import { waitFor } from '../../support/wait.ts';
import { SANDBOX_TENANT } from '../../../src/platform/tenants.ts';

export const ALL_SCOPES = 'ACCOUNT_BASIC ACCOUNT_DETAILED ACCOUNT_PAYMENTS INVESTMENTS TRANSACTIONS STATEMENTS CUSTOMER_CONTACT CUSTOMER_PERSONAL';

export async function partnerToken(base: string, clientId = 'toolbox-partner', secret: string = SANDBOX_TENANT.secretKey): Promise<string> {
  const r = await call(`${base}/outbound/api/v1/token`, { json: { grant_type: 'client_credentials', client_id: clientId, client_secret: secret, scope: 'client:admin' } });
  assert.equal(r.status, 200, r.text);
  return r.body.access_token;
}

export interface Recipient {
  client_id: string;
  client_secret?: string;
  redirect_uris: string[];
  scope: string;
}

export async function createRecipient(base: string, token: string, body: Record<string, unknown> = {}): Promise<Recipient> {
  const r = await call(`${base}/outbound/api/v1/recipients`, {
    headers: { authorization: `Bearer ${token}` },
    json: { name: 'Budget Buddy', redirect_uris: ['https://app.example.com/callback'], description: 'Personal budgeting', ...body },
  });
  assert.equal(r.status, 200, r.text);
  return r.body;
}

/** Requests the registration with provider 1000 and waits for it to become ACTIVE (two automatic steps). */
export async function activate(base: string, token: string, clientId: string, providerId = 1000): Promise<void> {
  const r = await call(`${base}/outbound/api/v1/recipients/providers/requests/${clientId}/${providerId}`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
  assert.equal(r.status, 200, r.text);
  await waitFor('an ACTIVE registration', async () => {
    const list = await call(`${base}/outbound/api/v1/recipients/${clientId}/providers/requests`, { headers: { authorization: `Bearer ${token}` } });
    return list.body.find((x: { provider_id: number; registration_status: string }) => x.provider_id === providerId && x.registration_status === 'ACTIVE');
  }, 20_000, 200);
}

/** A minimal browser: cookies by path, no automatic redirects. */
export class Browser {
  private cookies = new Map<string, { value: string; path: string }>();

  constructor(readonly base: string) {}

  private header(url: URL): string {
    return [...this.cookies.entries()].filter(([, c]) => url.pathname.startsWith(c.path)).map(([k, c]) => `${k}=${c.value}`).join('; ');
  }

  async request(url: string, init: { method?: string; form?: Record<string, string | string[]> } = {}): Promise<{ status: number; location: string | null; html: string; headers: Headers }> {
    const u = new URL(url, this.base);
    const headers: Record<string, string> = { cookie: this.header(u) };
    let body: string | undefined;
    if (init.form) {
      const f = new URLSearchParams();
      for (const [k, v] of Object.entries(init.form)) for (const x of Array.isArray(v) ? v : [v]) f.append(k, x);
      body = f.toString();
      headers['content-type'] = 'application/x-www-form-urlencoded';
    }
    const res = await fetch(u, { method: init.method ?? (init.form ? 'POST' : 'GET'), headers, body, redirect: 'manual' });
    for (const line of res.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';');
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq).trim();
      const value = pair!.slice(eq + 1).trim();
      const path = attrs.map((a) => a.trim()).find((a) => a.toLowerCase().startsWith('path='))?.slice(5) ?? '/';
      const expired = attrs.some((a) => /^expires=thu, 01 jan 1970/i.test(a.trim()));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, { value, path });
    }
    return { status: res.status, location: res.headers.get('location'), html: await res.text(), headers: res.headers };
  }

  /** Follows redirects inside this server; stops at the first location elsewhere (the recipient's redirect URI) or at a page. */
  async follow(url: string, init: { method?: string; form?: Record<string, string | string[]> } = {}): Promise<{ status: number; url: string; html: string; external: string | null }> {
    let r = await this.request(url, init);
    let current = new URL(url, this.base).toString();
    for (let i = 0; i < 10 && r.location; i++) {
      const next = new URL(r.location, current);
      if (next.origin !== new URL(this.base).origin) return { status: r.status, url: current, html: r.html, external: next.toString() };
      current = next.toString();
      r = await this.request(current);
    }
    return { status: r.status, url: current, html: r.html, external: null };
  }
}

/** The accounts offered on the consent page: [id, title]. */
export function offeredAccounts(html: string): { id: string; label: string }[] {
  const out: { id: string; label: string }[] = [];
  const re = /<input type="checkbox" id="acct-([^"]+)" name="accounts" value="([^"]+)"[^>]*><label for="acct-[^"]+"><span class="account-title">([^<]*)<\/span>/g;
  for (let m = re.exec(html); m; m = re.exec(html)) out.push({ id: m[2]!, label: m[3]! });
  return out;
}

const unescape = (s: string) => s.replace(/&#(\d+);/g, (_, n: string) => String.fromCharCode(Number(n)));

/** The text fields of an MFA page: name → prompt. */
export function mfaFields(html: string): { name: string; prompt: string }[] {
  const out: { name: string; prompt: string }[] = [];
  const re = /<label for="(c\d+)">([^<]*)<\/label><input id="c\d+"/g;
  for (let m = re.exec(html); m; m = re.exec(html)) out.push({ name: m[1]!, prompt: unescape(m[2]!) });
  return out;
}

export interface ConsentOptions {
  username?: string;
  password?: string;
  /** Which offered accounts to share (default: all). */
  accounts?: (offered: { id: string; label: string }[]) => string[];
  decision?: 'allow' | 'deny';
}

/**
 * A person at the consent pages: from the authorization URL to the recipient's
 * redirect URI (answered as a URL), logging in to Flinks Capital with MFA.
 */
export async function consent(browser: Browser, authorizeUrl: string, o: ConsentOptions = {}): Promise<{ redirect: URL; offered: { id: string; label: string }[]; shared: string[] }> {
  let page = await browser.follow(authorizeUrl);
  if (page.external) return { redirect: new URL(page.external), offered: [], shared: [] };
  assert.equal(page.status, 200, page.html);
  assert.match(page.html, /<label for="username">Username<\/label>/);
  const base = page.url.replace(/\/$/, '');
  page = await browser.follow(`${base}/login`, { form: { username: o.username ?? 'Greatday', password: o.password ?? 'Everyday' } });
  for (let round = 0; round < 5 && /Verify your identity/.test(page.html); round++) {
    const form: Record<string, string> = {};
    for (const f of mfaFields(page.html)) form[f.name] = answerFor(f.prompt);
    page = await browser.follow(`${base}/mfa`, { form });
  }
  for (let i = 0; i < 100 && /Retrieving your accounts/.test(page.html); i++) {
    await new Promise((r) => setTimeout(r, 200));
    page = await browser.follow(`${base}/accounts`);
  }
  assert.match(page.html, /Share your data with/, page.html);
  const offered = offeredAccounts(page.html);
  const shared = o.accounts ? o.accounts(offered) : offered.map((x) => x.id);
  const done = await browser.follow(`${base}/confirm`, { form: { decision: o.decision ?? 'allow', accounts: shared } });
  assert.ok(done.external, `expected a redirect to the recipient, got ${done.status}: ${done.html.slice(0, 300)}`);
  return { redirect: new URL(done.external), offered, shared };
}

/**
 * A user access token for a confidential recipient, the plain-HTTP way (no
 * openid-client): authorize, consent, exchange the code with a JSON body.
 */
export async function userToken(base: string, r: Recipient, o: ConsentOptions & { scope?: string; redirectUri?: string } = {}): Promise<{ access_token: string; refresh_token: string; shared: string[]; offered: { id: string; label: string }[] }> {
  const redirectUri = o.redirectUri ?? r.redirect_uris[0]!;
  const q = new URLSearchParams({ response_type: 'code', client_id: r.client_id, redirect_uri: redirectUri, scope: o.scope ?? r.scope, state: 'st', provider_id: '1000' });
  const { redirect, shared, offered } = await consent(new Browser(base), `${base}/outbound/api/v1/authorize?${q}`, o);
  const code = redirect.searchParams.get('code');
  assert.ok(code, `no code: ${redirect}`);
  const tok = await call(`${base}/outbound/api/v1/token`, { json: { grant_type: 'authorization_code', client_id: r.client_id, client_secret: r.client_secret, code, redirect_uri: redirectUri } });
  assert.equal(tok.status, 200, tok.text);
  return { access_token: tok.body.access_token, refresh_token: tok.body.refresh_token, shared, offered };
}
