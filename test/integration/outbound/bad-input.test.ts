/**
 * Whatever arrives, Outbound answers in the surface's own shape with a 4xx and
 * writes nothing half: random token requests, authorization requests, consent
 * forms and bearer headers.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { call, startTestApp, type TestApp } from '../../support/app.ts';
import { Browser, activate, createRecipient, partnerToken, type Recipient } from './helpers.ts';
import { consentPage, loginPage, mfaPage } from '../../../src/outbound/consent/pages.ts';
import { errorPage } from '../../../src/outbound/page.ts';

let t: TestApp;
let recipient: Recipient;

before(async () => {
  t = await startTestApp();
  const partner = await partnerToken(t.url);
  recipient = await createRecipient(t.url, partner, { name: 'Fuzz <b>app</b>' });
  await activate(t.url, partner, recipient.client_id);
});
after(async () => {
  await t?.stop();
});

const value = fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: 'binary', maxLength: 20 }), fc.integer(), fc.boolean(), fc.constant(null), fc.array(fc.string({ maxLength: 5 }), { maxLength: 3 }));
const tokenBody = () => fc.dictionary(fc.constantFrom('grant_type', 'client_id', 'client_secret', 'code', 'refresh_token', 'redirect_uri', 'scope', 'code_verifier'), value);

describe('bad input', () => {
  test('the token endpoint: random JSON, form and raw bodies → 4xx {error, error_description}', async () => {
    await fc.assert(fc.asyncProperty(tokenBody(), fc.constantFrom('json', 'form', 'raw'), fc.string({ maxLength: 60 }), async (body, kind, raw) => {
      const init = kind === 'json'
        ? { json: body }
        : kind === 'form'
          ? { body: new URLSearchParams(Object.entries(body).map(([k, v]) => [k, String(v)])).toString(), headers: { 'content-type': 'application/x-www-form-urlencoded' } }
          : { body: raw, headers: { 'content-type': fc.sample(fc.constantFrom('text/plain', 'application/json', 'application/xml'), 1)[0]! } };
      const r = await call(`${t.url}/outbound/api/v1/token`, { method: 'POST', ...init });
      assert.ok(r.status >= 400 && r.status < 500, `${kind} ${JSON.stringify(body)} → ${r.status} ${r.text}`);
      assert.equal(typeof r.body?.error, 'string', r.text);
      assert.equal(typeof r.body?.error_description, 'string', r.text);
    }), { numRuns: 60 });
  });

  test('the authorization endpoint: random parameters never answer 5xx', async () => {
    await fc.assert(fc.asyncProperty(
      fc.dictionary(fc.constantFrom('response_type', 'client_id', 'redirect_uri', 'scope', 'state', 'provider_id', 'code_challenge', 'code_challenge_method', 'prompt'), fc.oneof(fc.string({ maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 10 }))),
      fc.boolean(),
      async (params, real) => {
        if (real) Object.assign(params, { client_id: recipient.client_id, redirect_uri: recipient.redirect_uris[0], response_type: 'code' });
        const r = await fetch(`${t.url}/outbound/api/v1/authorize?${new URLSearchParams(params)}`, { redirect: 'manual' });
        assert.ok(r.status < 500, `${JSON.stringify(params)} → ${r.status}`);
        await r.arrayBuffer();
      },
    ), { numRuns: 40 });
  });

  test('consent forms: random fields at every step answer HTML, never 5xx, and consent to nothing', async () => {
    const browser = new Browser(t.url);
    const q = new URLSearchParams({ response_type: 'code', client_id: recipient.client_id, redirect_uri: recipient.redirect_uris[0]!, scope: 'ACCOUNT_BASIC', state: 's' });
    const start = await browser.follow(`${t.url}/outbound/api/v1/authorize?${q}`);
    assert.equal(start.status, 200);
    const base = start.url;
    const consents = async () => (await t.app.platform.db.query<{ n: number }>('select count(*)::int as n from outbound_consents'))[0]!.n;
    const before = await consents();
    await fc.assert(fc.asyncProperty(
      fc.constantFrom('login', 'mfa', 'confirm'),
      fc.dictionary(fc.constantFrom('username', 'password', 'c0', 'c1', 'accounts', 'decision'), fc.oneof(fc.string({ maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 10 }), fc.array(fc.string({ maxLength: 10 }), { maxLength: 3 }))),
      async (step, form) => {
        if (form.decision === 'deny' || (Array.isArray(form.decision) && form.decision[0] === 'deny')) delete form.decision;
        const r = await browser.request(`${base}/${step}`, { form: form as Record<string, string | string[]> });
        assert.ok(r.status < 500, `${step} ${JSON.stringify(form)} → ${r.status}`);
        if (r.status !== 303) assert.match(r.headers.get('content-type') ?? '', /text\/html/);
      },
    ), { numRuns: 40 });
    assert.equal(await consents(), before, 'no consent was made');
    // An unknown interaction: an error page, not a crash.
    const unknown = await call(`${t.url}/outbound/consent/nope`);
    assert.equal(unknown.status, 400);
    assert.match(unknown.text, /expired/);
  });

  test('bearer headers of any shape: FDX 4xx in its shape, management 401 {message}', async () => {
    await fc.assert(fc.asyncProperty(fc.string({ maxLength: 80 }), async (h) => {
      const header = h.replace(/[^\x20-\x7e]/g, '');
      const fdx = await call(`${t.url}/outbound/api/fdx/5/accounts`, { headers: { authorization: header } });
      assert.equal(fdx.status, 401);
      assert.equal(fdx.body.code, 1205);
      const mgmt = await call(`${t.url}/outbound/api/v1/recipients`, { headers: { authorization: header } });
      assert.equal(mgmt.status, 401);
      assert.deepEqual(mgmt.body, { message: 'Invalid Bearer Token' });
    }), { numRuns: 40 });
  });
});

describe('consent pages escape what they show', () => {
  test('names, prompts, choices and errors from anyone are text, never markup', () => {
    const evil = '<script>alert(1)</script>"\'&';
    const ctx = { provider: evil, recipient: { name: evil, description: evil, termsUri: 'javascript:alert(1)"', clientUri: null }, base: '/outbound/consent/x' };
    const pages = [
      loginPage(ctx, { error: evil, username: evil }),
      mfaPage(ctx, { challenges: [{ Type: 'QuestionAndAnswer', Prompt: evil }, { Type: 'MultipleChoice', Prompt: evil, Iterables: [evil] }, { Type: 'ImageSelection', Prompt: evil, Iterables: [`${evil}`] }], error: evil }),
      consentPage(ctx, { scopes: ['ACCOUNT_BASIC'], accounts: [{ id: evil, title: evil, kind: evil, masked: evil, currency: evil }], chosen: null, error: evil }),
      errorPage({ title: evil, message: evil, code: evil, provider: evil }),
    ];
    for (const html of pages) {
      assert.ok(!html.includes('<script>'), html);
      assert.ok(html.includes('&#60;script&#62;'));
      assert.ok(!html.includes('href="javascript:'), 'only http(s) links');
    }
  });
});

describe('FDX rate limit', () => {
  test('with RATE_LIMIT_PER_MINUTE=5 the sixth call with one token within a minute is 429 with FDX code 1207; another token is not limited', async () => {
    const limited = await startTestApp({ RATE_LIMIT_PER_MINUTE: '5' });
    try {
      const get = (token: string) => call(`${limited.url}/outbound/api/fdx/5/accounts`, { headers: { authorization: `Bearer ${token}` } });
      for (let i = 1; i <= 5; i++) {
        const r = await get('token-one');
        assert.equal(r.status, 401, `call ${i}: ${r.text}`);
        assert.equal(r.body.code, 1205);
      }
      const sixth = await get('token-one');
      assert.equal(sixth.status, 429, sixth.text);
      assert.deepEqual(Object.keys(sixth.body), ['code', 'message', 'debugMessage']);
      assert.equal(sixth.body.code, 1207);
      assert.match(sixth.body.debugMessage, /retry after \d+ seconds/);
      assert.ok(sixth.headers.get('ob-correlation-id'), 'traceable like every FDX answer');
      assert.ok(Number(sixth.headers.get('retry-after')) > 0);
      assert.equal((await get('token-two')).body.code, 1205, 'the budget is per token');
    } finally {
      await limited.stop();
    }
  });
});
