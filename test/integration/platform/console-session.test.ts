/**
 * The operator console's sign-in (POST/GET/DELETE /operator/v1/session): the session cookie and
 * its flags, wrong keys refused and then rate-limited as on the Bearer path, CSRF on every change
 * made with the cookie, expiry, sign-out, a customer's settings set by the operator, the console's
 * pages at /console/ (and `/` sending a browser there), and on PostgreSQL one session on two replicas.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import fc from 'fast-check';
import { call, onPostgres, startTestApp, type TestApp } from '../../support/app.ts';
import { loadConfig } from '../../../src/platform/config.ts';
import { cookieValue } from '../../../src/platform/operator/session.ts';
import { registerConsole } from '../../../src/platform/http/console.ts';

const KEY = 'mlop_console-session-test-key-0123456789abcdef';
let t: TestApp;

before(async () => {
  t = await startTestApp({ MAPLELINK_OPERATOR_KEY: KEY });
});
after(async () => {
  await t.stop();
});

const resetAttempts = () => t.app.platform.db.query(`delete from rate_limits where key like 'operator-auth:%'`);

async function signIn(url = t.url): Promise<{ cookie: string; csrf: string; setCookie: string; expiresAt: string }> {
  const res = await call(`${url}/operator/v1/session`, { json: { key: KEY } });
  assert.equal(res.status, 200, res.text);
  const setCookie = res.headers.get('set-cookie') ?? '';
  const value = /^maplelink_console=([^;]+)/.exec(setCookie)?.[1];
  assert.ok(value, setCookie);
  return { cookie: `maplelink_console=${value}`, csrf: res.body.csrfToken, setCookie, expiresAt: res.body.expiresAt };
}

const op = (path: string, init: { method?: string; json?: unknown; cookie?: string; csrf?: string; url?: string } = {}) =>
  call(`${init.url ?? t.url}/operator/v1${path}`, {
    method: init.method,
    json: init.json,
    headers: { ...(init.cookie ? { cookie: init.cookie } : {}), ...(init.csrf !== undefined ? { 'x-csrf-token': init.csrf } : {}) },
  });

test('sign-in sets an HttpOnly, SameSite=Strict session cookie for 8 hours; the session reads the API and answers its CSRF token', async () => {
  const s = await signIn();
  assert.match(s.setCookie, /; Path=\/(;|$)/);
  assert.match(s.setCookie, /; HttpOnly(;|$)/);
  assert.match(s.setCookie, /; SameSite=Strict(;|$)/);
  assert.match(s.setCookie, /; Max-Age=28800(;|$)/);
  assert.doesNotMatch(s.setCookie, /Secure/, 'plain HTTP without an https PUBLIC_URL: no Secure flag');
  const hours = (Date.parse(s.expiresAt) - Date.now()) / 3_600_000;
  assert.ok(hours > 7.9 && hours <= 8, `expires in ${hours} h`);
  assert.equal(s.csrf.length, 43);

  const list = await op('/customers', { cookie: s.cookie });
  assert.equal(list.status, 200);
  assert.ok(Array.isArray(list.body.customers));
  const me = await op('/session', { cookie: s.cookie });
  assert.deepEqual(me.body, { csrfToken: s.csrf, expiresAt: s.expiresAt });
  // The database keeps the id's digest only.
  const rows = await t.app.platform.db.query<{ id_hash: string }>('select id_hash from console_sessions');
  assert.ok(!JSON.stringify(rows).includes(s.cookie.split('=')[1]!));
  // With the Bearer key there is no console session to show.
  const bearer = await call(`${t.url}/operator/v1/session`, { headers: { authorization: `Bearer ${KEY}` } });
  assert.equal(bearer.status, 401);
  assert.equal(loadConfig({ CONSOLE_SESSION_HOURS: '0.5' }).consoleSessionSeconds, 1800);
  assert.throws(() => loadConfig({ CONSOLE_SESSION_HOURS: '0' }), /CONSOLE_SESSION_HOURS/);
});

test('a wrong key shows nothing: 401 without a cookie, counted with the Bearer attempts until 429, even for the right key', async () => {
  await resetAttempts();
  const wrong = await call(`${t.url}/operator/v1/session`, { json: { key: KEY.slice(0, -1) } });
  assert.equal(wrong.status, 401);
  assert.equal(wrong.body.code, 'unauthorized');
  assert.equal(wrong.headers.get('set-cookie'), null);
  assert.deepEqual(Object.keys(wrong.body).sort(), ['code', 'error', 'status']);
  // A cookie nobody issued opens nothing either.
  assert.equal((await op('/customers', { cookie: 'maplelink_console=' + 'A'.repeat(43) })).status, 401);
  for (let i = 0; i < 9; i++) assert.equal((await call(`${t.url}/operator/v1/session`, { json: { key: `wrong-${i}` } })).status, 401);
  const refused = await call(`${t.url}/operator/v1/session`, { json: { key: KEY } });
  assert.equal(refused.status, 429);
  assert.equal(refused.body.code, 'too_many_attempts');
  assert.ok(Number(refused.headers.get('retry-after')) >= 1);
  assert.equal(refused.headers.get('set-cookie'), null);
  await resetAttempts();
  await signIn();
});

test('every change made with the cookie needs the session\'s x-csrf-token: missing or wrong is 403 and changes nothing', async () => {
  const s = await signIn();
  const before = (await op('/customers', { cookie: s.cookie })).body.customers.length;
  const missing = await op('/customers', { method: 'POST', json: { name: 'No token' }, cookie: s.cookie });
  assert.equal(missing.status, 403);
  assert.equal(missing.body.code, 'csrf');
  const wrong = await op('/customers', { method: 'POST', json: { name: 'Wrong token' }, cookie: s.cookie, csrf: s.csrf.slice(1) + 'x' });
  assert.equal(wrong.status, 403);
  // Another session's token is as wrong as any other.
  const other = await signIn();
  assert.equal((await op('/customers', { method: 'POST', json: { name: 'Other token' }, cookie: s.cookie, csrf: other.csrf })).status, 403);
  assert.equal((await op('/customers', { cookie: s.cookie })).body.customers.length, before);
  const made = await op('/customers', { method: 'POST', json: { name: 'With token' }, cookie: s.cookie, csrf: s.csrf });
  assert.equal(made.status, 201);
  assert.ok(made.body.secretKey);

  // The operator sets the customer's settings as the customer would with PATCH /v3/{customerId}/settings.
  const id = made.body.customerId;
  const set = await op(`/customers/${id}/settings`, {
    method: 'PATCH', cookie: s.cookie, csrf: s.csrf,
    json: { webhookUrl: 'https://hooks.example.com/flinks', webhookSecret: 'whsec-0123456789', allowedOrigins: ['https://app.example.com'], requireApiKey: false },
  });
  assert.equal(set.status, 200, set.text);
  assert.equal(set.body.webhookUrl, 'https://hooks.example.com/flinks');
  assert.equal(set.body.hasWebhookSecret, true);
  assert.deepEqual(set.body.allowedOrigins, ['https://app.example.com']);
  assert.equal(set.body.policy.requireApiKey, false);
  assert.equal(set.body.policy.requireAuthorizeToken, true, 'what the body leaves out stays');
  const cleared = await op(`/customers/${id}/settings`, { method: 'PATCH', cookie: s.cookie, csrf: s.csrf, json: { webhookUrl: null, webhookSecret: null } });
  assert.equal(cleared.body.webhookUrl, null);
  assert.equal(cleared.body.hasWebhookSecret, false);
  assert.deepEqual(cleared.body.allowedOrigins, ['https://app.example.com']);
  const bad = await op(`/customers/${id}/settings`, { method: 'PATCH', cookie: s.cookie, csrf: s.csrf, json: { webhookUrl: 'ftp://x', allowedOrigins: ['https://a.example/path'] } });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.code, 'invalid_request');
  assert.equal((await op(`/customers/${'0'.repeat(8)}-0000-4000-8000-${'0'.repeat(12)}/settings`, { method: 'PATCH', cookie: s.cookie, csrf: s.csrf, json: {} })).status, 404);
  assert.equal((await op('/customers/nope/settings', { method: 'PATCH', cookie: s.cookie, csrf: s.csrf, json: {} })).status, 404);
});

test('a session expires, and sign-out ends it and removes the cookie', async () => {
  const s = await signIn();
  const ended = await signIn();
  await t.app.platform.db.query(`update console_sessions set expires_at = now() - interval '1 second' where csrf_token = $1`, [ended.csrf]);
  const expired = await op('/customers', { cookie: ended.cookie });
  assert.equal(expired.status, 401);
  assert.match(expired.body.error, /expired/);
  assert.equal((await op('/session', { cookie: ended.cookie })).status, 401);

  assert.equal((await op('/session', { method: 'DELETE', cookie: s.cookie })).status, 403, 'signing out is a change: CSRF too');
  const out = await op('/session', { method: 'DELETE', cookie: s.cookie, csrf: s.csrf });
  assert.equal(out.status, 200);
  assert.deepEqual(out.body, { signedOut: true });
  assert.match(out.headers.get('set-cookie') ?? '', /^maplelink_console=; Path=\/; Max-Age=0; HttpOnly; SameSite=Strict/);
  assert.equal((await op('/customers', { cookie: s.cookie })).status, 401);
  // A new sign-in clears the expired rows.
  await signIn();
  assert.equal((await t.app.platform.db.query('select 1 from console_sessions where expires_at <= now()')).length, 0);
});

test('property: any Cookie header answers 401 in the operator shape (never 5xx), and the session cookie is read from among others', async () => {
  await fc.assert(
    fc.asyncProperty(fc.string({ maxLength: 80 }), async (junk) => {
      const header = `maplelink_console=${junk.replace(/[;\r\n\0]/g, '')}`;
      const res = await fetch(`${t.url}/operator/v1/customers`, { headers: { cookie: header } }).catch(() => null);
      if (!res) return; // a header fetch itself refuses to send
      assert.equal(res.status, 401);
      assert.equal(((await res.json()) as { code: string }).code, 'unauthorized');
    }),
    { numRuns: 25 },
  );
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.stringMatching(/^[a-z_]{1,10}$/), fc.stringMatching(/^[A-Za-z0-9_-]{0,20}$/)), { maxLength: 4 }), fc.stringMatching(/^[A-Za-z0-9_-]{43}$/), (others, id) => {
      const pairs = others.filter(([n]) => n !== 'maplelink_console').map(([n, v]) => `${n}=${v}`);
      pairs.splice(pairs.length >> 1, 0, `maplelink_console=${id}`);
      assert.equal(cookieValue(pairs.join('; '), 'maplelink_console'), id);
    }),
  );
});

test('the console at /console/: 503 saying how to build it while it is not built, then its page (never framed) and hashed assets; / sends a browser there', async () => {
  const noFollow = await fetch(`${t.url}/`, { redirect: 'manual' });
  assert.equal(noFollow.status, 302);
  assert.equal(noFollow.headers.get('location'), '/console/');

  const dir = mkdtempSync(join(tmpdir(), 'console-dist-'));
  const app = Fastify();
  registerConsole(app, dir);
  try {
    const missing = await app.inject('/console/customers');
    assert.equal(missing.statusCode, 503);
    assert.match(missing.body, /not built.*web\/console\/build\.mjs/);
    mkdirSync(join(dir, 'assets'));
    writeFileSync(join(dir, 'index.html'), '<!doctype html><title>Console</title>');
    writeFileSync(join(dir, 'assets', 'index-abc123.js'), 'console.log(1)');
    for (const path of ['/console', '/console/', '/console/customers/x']) {
      const page = await app.inject(path);
      assert.equal(page.statusCode, 200, path);
      assert.match(page.headers['content-security-policy'] as string, /frame-ancestors 'none'/);
      assert.equal(page.headers['x-frame-options'], 'DENY');
      assert.equal(page.headers['cache-control'], 'no-store');
    }
    const asset = await app.inject('/console/assets/index-abc123.js');
    assert.equal(asset.statusCode, 200);
    assert.match(asset.headers['cache-control'] as string, /immutable/);
    assert.equal((await app.inject('/console/assets/missing.js')).statusCode, 404);
  } finally {
    await app.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('behind HTTPS (PUBLIC_URL https://...) the cookie is Secure; on PostgreSQL a session made on one replica works on the other and ends on both', async () => {
  const config = t.app.platform.config;
  config.publicUrl = 'https://console.example.com';
  try {
    assert.match((await signIn()).setCookie, /; Secure$/);
  } finally {
    config.publicUrl = null;
  }
  if (!onPostgres) return;
  const second = await startTestApp({ MAPLELINK_OPERATOR_KEY: KEY, DATABASE_URL: t.databaseUrl! }, { workers: false });
  try {
    const s = await signIn(second.url);
    assert.equal((await op('/customers', { cookie: s.cookie, url: t.url })).status, 200);
    assert.equal((await op('/customers', { method: 'POST', json: { name: 'Across replicas' }, cookie: s.cookie, csrf: s.csrf, url: t.url })).status, 201);
    assert.equal((await op('/session', { method: 'DELETE', cookie: s.cookie, csrf: s.csrf, url: t.url })).status, 200);
    assert.equal((await op('/customers', { cookie: s.cookie, url: second.url })).status, 401);
  } finally {
    await second.stop();
  }
});
