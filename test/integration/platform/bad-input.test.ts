/**
 * Bad input under /v3 gets the Flinks envelope and a 4xx, never a 5xx; tenants
 * are isolated; and a property test throws random requests at every route.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { call, startTestApp, type TestApp } from '../../support/app.ts';
import { CID, FlinksClient } from '../../support/flinks.ts';

let t: TestApp;
let tenantA: { id: string; secretKey: string; apiKey: string };
let tenantB: { id: string; secretKey: string; apiKey: string };

before(async () => {
  t = await startTestApp({ BODY_LIMIT_BYTES: '65536' });
  const a = await t.app.platform.tenants.create({ name: 'A' });
  const b = await t.app.platform.tenants.create({ name: 'B' });
  tenantA = { id: a.tenant.id, secretKey: a.secretKey, apiKey: a.apiKey };
  tenantB = { id: b.tenant.id, secretKey: b.secretKey, apiKey: b.apiKey };
});
after(async () => t.stop());

function isEnvelope(body: any, status: number): void {
  assert.equal(typeof body, 'object');
  assert.equal(body.HttpStatusCode, status);
  assert.equal(typeof body.Message, 'string');
  assert.equal(typeof body.FlinksCode, 'string');
}

describe('each class of bad input gets its envelope', () => {
  const url = () => `${t.url}/v3/${CID}/BankingServices/Authorize`;
  test('malformed JSON → 400 INVALID_REQUEST', async () => {
    const r = await call(url(), { method: 'POST', body: '{"LoginId": ', headers: { 'content-type': 'application/json' } });
    assert.equal(r.status, 400);
    isEnvelope(r.body, 400);
    assert.equal(r.body.FlinksCode, 'INVALID_REQUEST');
  });
  test('unsupported content type → 415', async () => {
    const r = await call(url(), { method: 'POST', body: 'LoginId=x', headers: { 'content-type': 'text/plain' } });
    assert.equal(r.status, 415);
    isEnvelope(r.body, 415);
  });
  test('body over the limit → 413', async () => {
    const r = await call(url(), { method: 'POST', json: { Tag: 'x'.repeat(70_000) } });
    assert.equal(r.status, 413);
    isEnvelope(r.body, 413);
  });
  test('wrong types and missing fields → 400 naming the field', async () => {
    const r = await call(`${t.url}/v3/${CID}/BankingServices/AuthorizeMultiple`, { method: 'POST', json: { LoginIds: 'not-a-list' } });
    assert.equal(r.status, 400);
    isEnvelope(r.body, 400);
    assert.match(r.body.Message, /LoginIds/);
    const missing = await call(`${t.url}/v3/${CID}/BankingServices/GetAccountsDetail`, { method: 'POST', json: {} });
    assert.equal(missing.status, 400);
    assert.match(missing.body.Message, /RequestId/);
  });
  test('an unknown customerId → 401', async () => {
    for (const id of ['00000000-0000-4000-8000-000000000000', 'not-a-guid']) {
      const r = await call(`${t.url}/v3/${id}/BankingServices/Institutions`);
      assert.equal(r.status, 401);
      isEnvelope(r.body, 401);
    }
  });
  test('route segments match case-insensitively, with trailing blanks', async () => {
    const r = await call(`${t.url}/V3/${CID}/bankingservices/INSTITUTIONS%20?take=1`);
    assert.equal(r.status, 200);
    assert.equal(r.body.Data.length, 1);
  });
  test('bodies on GET and DELETE are tolerated', async () => {
    const r = await call(`${t.url}/v3/${CID}/BankingServices/Institutions?take=2`, { method: 'GET', headers: { 'content-type': 'application/json' } });
    assert.equal(r.status, 200);
    const del = await call(`${t.url}/v3/${CID}/BankingServices/DeleteCard/7c1b3b36-2f0b-4a53-9d1c-1a2b3c4d5e6f`, { method: 'DELETE', body: '{}', headers: { 'content-type': 'application/json' } });
    assert.equal(del.status, 401);
    assert.equal(del.body.FlinksCode, 'INVALID_LOGIN');
  });
});

describe('tenant isolation', () => {
  test("a key of tenant A is refused on tenant B's paths", async () => {
    const onB = await call(`${t.url}/v3/${tenantB.id}/BankingServices/Institutions`, { headers: { 'x-api-key': tenantA.apiKey } });
    assert.equal(onB.status, 401);
    assert.equal(onB.body.FlinksCode, 'ACCESS_DENIED');
    const own = await call(`${t.url}/v3/${tenantB.id}/BankingServices/Institutions`, { headers: { 'x-api-key': tenantB.apiKey } });
    assert.equal(own.status, 200);
    const token = await call(`${t.url}/v3/${tenantB.id}/BankingServices/GenerateAuthorizeToken`, { method: 'POST', headers: { 'flinks-auth-key': tenantA.secretKey } });
    assert.equal(token.status, 401);
    const noKey = await call(`${t.url}/v3/${tenantB.id}/BankingServices/Institutions`);
    assert.equal(noKey.status, 401, 'created tenants require the x-api-key');
  });

  test("B's LoginId and RequestId are answered on A like unknown ones", async () => {
    const b = new FlinksClient(t.url, tenantB.id, { 'x-api-key': tenantB.apiKey });
    const tokenB = (await b.post('GenerateAuthorizeToken', undefined, { 'flinks-auth-key': tenantB.secretKey })).body.Token;
    const login = await b.post('Authorize', { Institution: 'FlinksCapital', Username: 'greatday_nomfa', Password: 'Everyday', Save: true }, { 'flinks-auth-key': tokenB });
    assert.equal(login.status, 200);
    const a = new FlinksClient(t.url, tenantA.id, { 'x-api-key': tenantA.apiKey });
    const tokenA = (await a.post('GenerateAuthorizeToken', undefined, { 'flinks-auth-key': tenantA.secretKey })).body.Token;
    const cached = await a.post('Authorize', { LoginId: login.body.Login.Id, MostRecentCached: true }, { 'flinks-auth-key': tokenA });
    const unknown = await a.post('Authorize', { LoginId: '11111111-2222-4333-8444-555555555555', MostRecentCached: true }, { 'flinks-auth-key': tokenA });
    assert.equal(cached.status, unknown.status);
    assert.deepEqual({ ...cached.body }, { ...unknown.body });
    const detail = await a.post('GetAccountsDetail', { RequestId: login.body.RequestId });
    assert.equal(detail.body.FlinksCode, 'SESSION_NONEXISTENT');
  });

  test("an authorize token of the customer stands in for its x-api-key (the widget's calls); another customer's does not", async () => {
    const path = (id: string) => `${t.url}/v3/${id}/BankingServices/Institutions?take=1`;
    const tokenOf = async (x: typeof tenantA) => (await call(`${t.url}/v3/${x.id}/BankingServices/GenerateAuthorizeToken`, { method: 'POST', headers: { 'flinks-auth-key': x.secretKey } })).body.Token as string;
    assert.equal((await call(path(tenantA.id))).body.FlinksCode, 'ACCESS_DENIED');
    const tokenA = await tokenOf(tenantA);
    assert.equal((await call(path(tenantA.id), { headers: { 'flinks-auth-key': tokenA } })).status, 200);
    const tokenB = await tokenOf(tenantB);
    const crossed = await call(path(tenantA.id), { headers: { 'flinks-auth-key': tokenB } });
    assert.equal(crossed.status, 401);
    assert.equal(crossed.body.FlinksCode, 'ACCESS_DENIED');
    assert.equal((await call(path(tenantA.id), { headers: { 'flinks-auth-key': 'f4a1c2d3-0000-4000-8000-000000000000' } })).status, 401);
    // A wrong x-api-key is refused even with a good token: a key that is sent must be right.
    assert.equal((await call(path(tenantA.id), { headers: { 'flinks-auth-key': tokenA, 'x-api-key': 'wrong' } })).status, 401);
  });

  test('the authorize token is required when the policy says so, and single-use', async () => {
    const a = new FlinksClient(t.url, tenantA.id, { 'x-api-key': tenantA.apiKey });
    const none = await a.post('Authorize', { Institution: 'FlinksCapital', Username: 'greatday_nomfa', Password: 'Everyday' });
    assert.equal(none.status, 401);
    assert.equal(none.body.Message, 'You must provide a valid authorize token');
    const token = (await a.post('GenerateAuthorizeToken', undefined, { 'flinks-auth-key': tenantA.secretKey })).body.Token;
    const first = await a.post('Authorize', { Institution: 'FlinksCapital', Username: 'Greatday', Password: 'Everyday' }, { 'flinks-auth-key': token });
    assert.equal(first.status, 203);
    const reuse = await a.post('Authorize', { Institution: 'FlinksCapital', Username: 'greatday_nomfa', Password: 'Everyday' }, { 'flinks-auth-key': token });
    assert.equal(reuse.status, 401, 'a token is refused a second time');
    const p = first.body.SecurityChallenges[0].Prompt;
    const { answerFor } = await import('../../support/flinks.ts');
    const mfa = await a.post('Authorize', { RequestId: first.body.RequestId, SecurityResponses: { [p]: [answerFor(p)] } }, { 'flinks-auth-key': token });
    assert.equal(mfa.status, 200, 'the same token continues its own session');
  });
});

const ROUTES: [string, string][] = [
  ['POST', 'BankingServices/GenerateAuthorizeToken'], ['POST', 'BankingServices/Authorize'], ['POST', 'BankingServices/AuthorizeAsync'],
  ['POST', 'BankingServices/AuthorizeMultiple'], ['POST', 'BankingServices/GetAccountsSummary'], ['GET', 'BankingServices/GetAccountsSummaryAsync/{id}'],
  ['POST', 'BankingServices/GetAccountsDetail'], ['GET', 'BankingServices/GetAccountsDetailAsync/{id}'], ['POST', 'BankingServices/GetStatements'],
  ['GET', 'BankingServices/GetStatementsAsync/{id}'], ['DELETE', 'BankingServices/DeleteCard/{id}'], ['PATCH', 'BankingServices/SetScheduledRefresh'],
  ['GET', 'BankingServices/GetNightlyRefreshStatus'], ['GET', 'BankingServices/GetMFAQuestions/{id}'], ['PATCH', 'BankingServices/AnswerMFAQuestions'],
  ['GET', 'BankingServices/Institutions'], ['GET', 'BankingServices/Institutions/RoutingNumber/{id}'], ['POST', 'sandbox/webhooks/fire'],
  ['POST', 'sandbox/logins/{id}/reset'], ['GET', 'sandbox/clock'], ['POST', 'sandbox/users'], ['GET', 'webhooks/events'],
  ['GET', 'webhooks/events/{id}'], ['POST', 'webhooks/events/{id}/replay'], ['GET', 'BankingServices/{id}'],
];

test('property: random bodies, headers and path segments at every /v3 route never get a 5xx', async () => {
  const segment = fc.oneof(fc.uuid(), fc.string({ maxLength: 12 }).map(encodeURIComponent), fc.constantFrom('', 'a%2Fb', '%00', '%FF', 'null', '.x'));
  const body = fc.oneof(
    fc.jsonValue().map((v) => JSON.stringify(v)),
    // any code unit, control characters and NUL included
    fc.jsonValue({ stringUnit: 'binary' }).map((v) => JSON.stringify(v)),
    fc.dictionary(fc.constantFrom('RequestId', 'LoginId', 'requestid', 'Institution', 'Username', 'Password', 'SecurityResponses', 'MostRecentCached', 'AccountsFilter', 'DaysOfTransactions', 'LoginIds', 'Questions', 'IsActivated', 'RefreshDelta', 'DateFrom', 'Days', 'Holder', 'Accounts', 'Tag', 'Save'), fc.jsonValue()).map((v) => JSON.stringify(v)),
    fc.string({ maxLength: 50 }),
  );
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...ROUTES), fc.constantFrom('GET', 'POST', 'PUT', 'PATCH', 'DELETE', null), segment, body,
      fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', 'application/json; charset=utf-8', null),
      fc.record({ key: fc.option(fc.constantFrom('x-api-key', 'flinks-auth-key', 'authorization'), { nil: undefined }), value: fc.string({ maxLength: 40 }) }),
      fc.boolean(),
      async ([method, path], overrideMethod, seg, payload, contentType, header, knownCustomer) => {
        const m = overrideMethod ?? method;
        const customer = knownCustomer ? CID : seg || 'x';
        const headers: Record<string, string> = {};
        if (contentType) headers['content-type'] = contentType;
        if (header.key) headers[header.key] = header.value.replace(/[^\x20-\x7e]/g, '');
        const hasBody = m !== 'GET' || contentType !== null;
        const r = await call(`${t.url}/v3/${customer}/${path.replace('{id}', seg || 'x')}`, { method: m, headers, body: hasBody && m !== 'GET' ? payload : undefined });
        assert.ok(r.status < 500, `${m} ${path} answered ${r.status}: ${r.text.slice(0, 300)}`);
        if (r.status >= 400) isEnvelope(r.body, r.status);
      },
    ),
    { numRuns: 400 },
  );
});
