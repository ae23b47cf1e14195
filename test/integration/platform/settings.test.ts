import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, startTestApp, type TestApp } from '../../support/app.ts';
import { CID } from '../../support/flinks.ts';
import { SANDBOX_TENANT } from '../../../src/platform/tenants.ts';

let t: TestApp;
before(async () => {
  t = await startTestApp();
});
after(async () => t.stop());

const url = () => `${t.url}/v3/${CID}/settings`;
const secret = { 'flinks-auth-key': SANDBOX_TENANT.secretKey };

test('a customer reads and changes its settings with its secret key', async () => {
  const before = await call(url(), { headers: secret });
  assert.equal(before.status, 200);
  assert.equal(before.body.WebhookUrl, null);
  assert.equal(before.body.RequireAuthorizeToken, false);
  const patched = await call(url(), { method: 'PATCH', headers: secret, json: { webhookUrl: 'http://127.0.0.1:9/hooks', WebhookSecret: 'a-long-secret', AllowedOrigins: ['https://app.example.com'], RequireApiKey: 'true' } });
  assert.equal(patched.status, 200);
  assert.deepEqual(patched.body, {
    HttpStatusCode: 200, CustomerId: CID, WebhookUrl: 'http://127.0.0.1:9/hooks', HasWebhookSecret: true, AllowedOrigins: ['https://app.example.com'],
    RequireAuthorizeToken: false, RequireApiKey: true, RequireBearerSecret: false,
  });
  assert.ok(!patched.text.includes('a-long-secret'), 'the secret is never answered');
  // The new policy applies at once in this process.
  const noKey = await call(`${t.url}/v3/${CID}/BankingServices/Institutions?take=1`);
  assert.equal(noKey.status, 401);
  const withBearer = await call(url(), { method: 'PATCH', headers: { authorization: `Bearer ${SANDBOX_TENANT.secretKey}` }, json: { RequireApiKey: false, WebhookUrl: null } });
  assert.equal(withBearer.status, 200);
  assert.equal(withBearer.body.WebhookUrl, null);
});

test('settings refuse a wrong secret and bad values', async () => {
  const wrong = await call(url(), { headers: { 'flinks-auth-key': SANDBOX_TENANT.apiKey } });
  assert.equal(wrong.status, 401);
  assert.equal(wrong.body.FlinksCode, 'UNAUTHORIZED');
  for (const json of [{ WebhookUrl: 'ftp://x' }, { WebhookUrl: 'not a url' }, { AllowedOrigins: ['https://a.com/path'] }, { WebhookSecret: 'short' }]) {
    const r = await call(url(), { method: 'PATCH', headers: secret, json });
    assert.equal(r.status, 400, JSON.stringify(json));
    assert.equal(r.body.FlinksCode, 'INVALID_REQUEST');
  }
});
