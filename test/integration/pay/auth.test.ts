/**
 * Pay authentication: POST /pay/api/v1/authorize (Basic customerId:secretKey,
 * grant_type=client_credentials), Bearer tokens stored in the database, the
 * x-client-id of EFT V1, and ProblemDetails for every refusal.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestApp, call, type TestApp } from '../../support/app.ts';
import { SANDBOX_TENANT } from '../../../src/platform/tenants.ts';

let t: TestApp;
const basic = (id: string, secret: string) => 'Basic ' + Buffer.from(`${id}:${secret}`).toString('base64');
const form = (body: string, auth?: string) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', ...(auth ? { authorization: auth } : {}) },
  body,
});

before(async () => {
  process.env.PAY_TOKEN_SECONDS = '120';
  t = await startTestApp();
});
after(async () => {
  await t.stop();
});

function assertProblem(res: { status: number; headers: Headers; body: any }, status: number) {
  assert.equal(res.status, status);
  assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
  assert.equal(res.body.status, status);
  assert.equal(typeof res.body.type, 'string');
  assert.equal(typeof res.body.title, 'string');
  assert.equal(typeof res.body.detail, 'string');
}

test('the sandbox customer gets a bearer token with its customerId and secret key', async () => {
  const res = await call(`${t.url}/pay/api/v1/authorize`, form('grant_type=client_credentials', basic(SANDBOX_TENANT.id, SANDBOX_TENANT.secretKey)));
  assert.equal(res.status, 200);
  assert.match(res.body.access_token, /^[0-9a-f-]{36}$/);
  assert.equal(res.body.token_type, 'bearer');
  assert.equal(res.body.expires_in, 120, 'lifetime from PAY_TOKEN_SECONDS');
  // The token is stored as a digest, never in clear.
  const rows = await t.app.platform.db.query<{ token_hash: string }>('select token_hash from pay_access_tokens');
  assert.ok(rows.length >= 1);
  assert.ok(rows.every((r) => r.token_hash !== res.body.access_token && /^[0-9a-f]{64}$/.test(r.token_hash)));
  // And it opens a Bearer route.
  const probe = await call(`${t.url}/pay/api/v1/paymentrequests/00000000-0000-4000-8000-000000000000`, { headers: { authorization: `Bearer ${res.body.access_token}` } });
  assertProblem(probe, 404);
});

test('wrong secret, unknown customer, missing or malformed Basic: 401 ProblemDetails', async () => {
  for (const auth of [basic(SANDBOX_TENANT.id, 'nope'), basic('8a3c8b7e-1111-4222-8333-444455556666', SANDBOX_TENANT.secretKey), basic('not-a-guid', 'x'), 'Basic !!!', undefined, 'Bearer abc']) {
    const res = await call(`${t.url}/pay/api/v1/authorize`, form('grant_type=client_credentials', auth));
    assertProblem(res, 401);
  }
});

test('grant_type other than client_credentials: 400 ProblemDetails', async () => {
  const res = await call(`${t.url}/pay/api/v1/authorize`, form('grant_type=password', basic(SANDBOX_TENANT.id, SANDBOX_TENANT.secretKey)));
  assertProblem(res, 400);
  assert.equal(res.body.error, 'unsupported_grant_type');
});

test('client credentials in the form body are accepted too', async () => {
  const res = await call(`${t.url}/pay/api/v1/authorize`, form(`grant_type=client_credentials&client_id=${SANDBOX_TENANT.id}&client_secret=${SANDBOX_TENANT.secretKey}`));
  assert.equal(res.status, 200);
});

test('an expired or unknown bearer token is refused with 401', async () => {
  const res = await call(`${t.url}/pay/api/v1/authorize`, form('grant_type=client_credentials', basic(SANDBOX_TENANT.id, SANDBOX_TENANT.secretKey)));
  const token = res.body.access_token as string;
  const url = `${t.url}/pay/api/v1/paymentrequests/00000000-0000-4000-8000-000000000000`;
  assertProblem(await call(url, { headers: { authorization: 'Bearer 5c1e0e8e-0000-4000-8000-000000000000' } }), 401);
  await t.app.platform.advanceClock(121_000);
  try {
    assertProblem(await call(url, { headers: { authorization: `Bearer ${token}` } }), 401);
  } finally {
    await t.app.platform.advanceClock(-121_000);
  }
});

test('x-client-id is the customer x-api-key; a wrong one is 401', async () => {
  const url = `${t.url}/pay/api/v1/paymentrequests/00000000-0000-4000-8000-000000000000`;
  assertProblem(await call(url, { headers: { 'x-client-id': SANDBOX_TENANT.apiKey } }), 404);
  assertProblem(await call(url, { headers: { 'x-client-id': 'wrong' } }), 401);
  assertProblem(await call(url), 401);
});

test('unknown paths under /pay/api answer ProblemDetails 404', async () => {
  assertProblem(await call(`${t.url}/pay/api/v1/nothing-here`), 404);
});
