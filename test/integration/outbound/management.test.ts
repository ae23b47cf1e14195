/**
 * Partner management (docs.flinks.com/api/outbound/endpoints/data-receipts, registration): recipients, registrations and the
 * provider directory, with a partner token; `{"message"}` errors; one partner
 * never sees another's recipients.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { call, startTestApp, type TestApp } from '../../support/app.ts';
import { waitFor } from '../../support/wait.ts';
import { ALL_SCOPES, createRecipient, partnerToken } from './helpers.ts';

let t: TestApp;
let token: string;
let other: { customerId: string; token: string };
const api = (path: string) => `${t.url}/outbound/api${path}`;
const auth = (tok = token) => ({ authorization: `Bearer ${tok}` });

before(async () => {
  t = await startTestApp();
  token = await partnerToken(t.url);
  const created = await t.app.platform.tenants.create({ name: 'Other partner' });
  other = { customerId: created.tenant.id, token: await partnerToken(t.url, created.tenant.id, created.secretKey) };
});
after(async () => {
  await t?.stop();
});

describe('recipients', () => {
  test('create: client_id dc-…, a secret once, the scope as a space-separated string; list, get, replace redirect_uris', async () => {
    const created = await createRecipient(t.url, token, {
      name: 'Budget Buddy', scope: ['TRANSACTIONS', 'ACCOUNT_BASIC'], redirect_uris: ['https://a.example.com/cb'], logo_uri: 'https://a.example.com/logo.png',
      terms_uri: 'https://a.example.com/terms', client_uri: 'https://a.example.com', country: 'CA', contacts: [{ email: 'dev@a.example.com' }],
    });
    assert.match(created.client_id, /^dc-[a-z0-9]{25}$/);
    assert.ok(created.client_secret && created.client_secret.length >= 32);
    assert.equal(created.scope, 'ACCOUNT_BASIC TRANSACTIONS');

    const list = await call(api('/v1/recipients'), { headers: auth() });
    assert.equal(list.status, 200);
    const item = list.body.find((r: { client_id: string }) => r.client_id === created.client_id);
    assert.deepEqual(Object.keys(item).sort(), ['client_id', 'client_uri', 'contacts', 'country', 'description', 'logo_uri', 'name', 'terms_uri']);
    assert.equal(item.client_secret, undefined);

    const one = await call(api(`/v1/recipients/${created.client_id}`), { headers: auth() });
    assert.equal(one.status, 200);
    assert.equal(one.body.scope, 'ACCOUNT_BASIC TRANSACTIONS');
    assert.deepEqual(one.body.redirect_uris, ['https://a.example.com/cb']);
    assert.deepEqual(one.body.contacts, [{ email: 'dev@a.example.com' }]);
    assert.equal(one.body.client_secret, undefined);

    const put = await call(api(`/v1/recipients/${created.client_id}`), { method: 'PUT', headers: auth(), json: { redirect_uris: ['https://b.example.com/cb', 'https://b.example.com/cb2'] } });
    assert.equal(put.status, 200);
    assert.deepEqual(put.body.redirect_uris, ['https://b.example.com/cb', 'https://b.example.com/cb2'], 'replaced, not appended');
  });

  test('a scope left out means all eight; ACCOUNT_BASIC is always in; an unknown scope is refused', async () => {
    assert.equal((await createRecipient(t.url, token)).scope, ALL_SCOPES);
    assert.equal((await createRecipient(t.url, token, { scope: 'TRANSACTIONS' })).scope, 'ACCOUNT_BASIC TRANSACTIONS');
    const bad = await call(api('/v1/recipients'), { headers: auth(), json: { name: 'x', redirect_uris: ['https://x.example.com'], scope: ['ACCOUNT_BASIC', 'EVERYTHING'] } });
    assert.equal(bad.status, 400);
    assert.match(bad.body.message, /EVERYTHING/);
  });

  test('a new secret replaces the old one at the token endpoint', async () => {
    const r = await createRecipient(t.url, token);
    const fresh = await call(api(`/v1/recipients/${r.client_id}/secret`), { method: 'POST', headers: auth() });
    assert.equal(fresh.status, 200);
    assert.notEqual(fresh.body.client_secret, r.client_secret);
    const tokenCall = (secret: string) => call(api('/v1/token'), { json: { grant_type: 'refresh_token', client_id: r.client_id, client_secret: secret, refresh_token: 'nope' } });
    assert.equal((await tokenCall(r.client_secret!)).body.error, 'invalid_client', 'the old secret no longer authenticates');
    assert.equal((await tokenCall(fresh.body.client_secret)).body.error, 'invalid_grant', 'the new one does (the refresh token is what is wrong)');
  });

  test('no token, a bad token or a user token: 401 {"message":"Invalid Bearer Token"}', async () => {
    for (const headers of [{}, { authorization: 'Bearer nonsense' }, { authorization: 'Basic dXNlcjpwYXNz' }] as Record<string, string>[]) {
      const r = await call(api('/v1/recipients'), { headers });
      assert.equal(r.status, 401);
      assert.deepEqual(r.body, { message: 'Invalid Bearer Token' });
    }
  });

  test('another partner’s recipient is answered like an unknown one', async () => {
    const mine = await createRecipient(t.url, token);
    for (const [method, path] of [['GET', `/v1/recipients/${mine.client_id}`], ['PUT', `/v1/recipients/${mine.client_id}`], ['POST', `/v1/recipients/${mine.client_id}/secret`], ['GET', `/v1/recipients/${mine.client_id}/providers/requests`]] as const) {
      const r = await call(api(path), { method, headers: auth(other.token), ...(method === 'PUT' ? { json: { redirect_uris: ['https://x.example.com'] } } : {}) });
      assert.equal(r.status, 404, `${method} ${path}`);
      assert.match(r.body.message, /not found/);
    }
    const list = await call(api('/v1/recipients'), { headers: auth(other.token) });
    assert.ok(!list.body.some((r: { client_id: string }) => r.client_id === mine.client_id));
  });

  test('bad bodies answer 400 {"message"} and create nothing', async () => {
    const before = (await call(api('/v1/recipients'), { headers: auth() })).body.length;
    await fc.assert(fc.asyncProperty(
      fc.record({
        name: fc.oneof(fc.constant(''), fc.string({ maxLength: 3 }).map((s) => s.repeat(100)), fc.integer(), fc.constant(null)),
        redirect_uris: fc.oneof(fc.constant([]), fc.array(fc.oneof(fc.constant('not a url'), fc.constant('javascript:alert(1)'), fc.constant('https://x.example.com/#frag')), { minLength: 1, maxLength: 2 }), fc.string()),
        country: fc.constantFrom('CA', 'FR', 1, undefined),
      }, { requiredKeys: [] }),
      async (body) => {
        const r = await call(api('/v1/recipients'), { headers: auth(), json: body });
        const valid = typeof body.name === 'string' && body.name.trim().length > 0 && body.name.trim().length <= 256 && Array.isArray(body.redirect_uris) && body.redirect_uris.length > 0 && body.redirect_uris.every((u) => /^https?:\/\/[^#]+$/.test(u)) && (body.country === undefined || body.country === 'CA');
        if (valid) return;
        assert.equal(r.status, 400, JSON.stringify(body));
        assert.equal(typeof r.body.message, 'string');
      },
    ), { numRuns: 40 });
    const malformed = await call(api('/v1/recipients'), { headers: { ...auth(), 'content-type': 'application/json' }, body: '{"name":' });
    assert.equal(malformed.status, 400);
    assert.equal(typeof malformed.body.message, 'string');
    assert.equal((await call(api('/v1/recipients'), { headers: auth() })).body.length, before);
  });
});

describe('registrations', () => {
  test('PENDING_APPROVAL → PENDING_ACTIVATION → ACTIVE, with Flinks’s item shape', async () => {
    const r = await createRecipient(t.url, token, { name: 'Registering' });
    const req = await call(api(`/v1/recipients/providers/requests/${r.client_id}/1000`), { method: 'POST', headers: auth() });
    assert.equal(req.status, 200);
    assert.equal(req.body.length, 1);
    const item = req.body[0];
    assert.deepEqual(Object.keys(item).sort(), ['client_id', 'client_name', 'country', 'provider_id', 'provider_name', 'registration_status', 'requested_on']);
    assert.equal(item.registration_status, 'PENDING_APPROVAL');
    assert.equal(item.provider_id, 1000);
    assert.equal(item.provider_name, 'Flinks Capital');
    assert.equal(item.client_name, 'Registering');
    assert.match(item.requested_on, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{7}Z$/);
    const seen = new Set<string>();
    await waitFor('ACTIVE', async () => {
      const one = await call(api(`/v1/recipients/${r.client_id}/providers/requests`), { headers: auth() });
      seen.add(one.body[0].registration_status);
      return one.body[0].registration_status === 'ACTIVE';
    }, 20_000, 100);
    assert.ok(seen.has('PENDING_ACTIVATION'), `the activation step was seen: ${[...seen].join(', ')}`);
    const all = await call(api('/v1/recipients/providers/requests'), { headers: auth() });
    assert.ok(all.body.some((g: { client_id: string; registration_status: string }) => g.client_id === r.client_id && g.registration_status === 'ACTIVE'));
    const again = await call(api(`/v1/recipients/providers/requests/${r.client_id}/1000`), { method: 'POST', headers: auth() });
    assert.equal(again.body[0].registration_status, 'ACTIVE', 'asking again does not start over');
  });

  test('lists of recipients and providers; an unknown provider or recipient: 404', async () => {
    const a = await createRecipient(t.url, token, { name: 'A' });
    const b = await createRecipient(t.url, token, { name: 'B' });
    const both = await call(api(`/v1/recipients/providers/requests/${a.client_id},${b.client_id}/1000`), { method: 'POST', headers: auth() });
    assert.equal(both.status, 200);
    assert.deepEqual(both.body.map((x: { client_id: string }) => x.client_id).sort(), [a.client_id, b.client_id].sort());
    assert.equal((await call(api(`/v1/recipients/providers/requests/${a.client_id}/2000`), { method: 'POST', headers: auth() })).status, 404);
    assert.equal((await call(api('/v1/recipients/providers/requests/dc-unknown/1000'), { method: 'POST', headers: auth() })).status, 404);
  });
});

describe('providers', () => {
  test('v1 list and detail (provider_url, data_inventory)', async () => {
    const list = await call(api('/v1/providers'), { headers: auth() });
    assert.equal(list.status, 200);
    assert.deepEqual(list.body, [{ provider_id: 1000, name: 'Flinks Capital', country: 'CA', scopes: ALL_SCOPES.split(' ') }]);
    const one = await call(api('/v1/providers/1000'), { headers: auth() });
    assert.equal(one.status, 200);
    assert.equal(typeof one.body.provider_url, 'string');
    for (const k of ['account', 'customers', 'detailed_accounts', 'lightweight_accounts', 'payments', 'transactions']) assert.ok(Array.isArray(one.body.data_inventory[k]), k);
    assert.ok(one.body.data_inventory.transactions.includes('transactions.depositTransaction.postedTimestamp'));
    assert.equal((await call(api('/v1/providers/42'), { headers: auth() })).status, 404);
    assert.deepEqual((await call(api('/v1/providers'))).body, { message: 'Invalid Bearer Token' });
  });

  test('v2: status for this partner, account types as "true"/"false", filters on country and isEnabledForClient', async () => {
    const fresh = await call(api('/v2/providers'), { headers: auth(other.token) });
    assert.equal(fresh.status, 200);
    assert.equal(fresh.body[0].status, 'Available');
    assert.deepEqual(fresh.body[0].availableAccountTypes, { depositAccounts: 'true', investmentAccounts: 'true', loanAccounts: 'true', locAccounts: 'true' });
    assert.equal(typeof fresh.body[0].connectorName, 'string');
    assert.deepEqual((await call(api('/v2/providers?isEnabledForClient=true'), { headers: auth(other.token) })).body, []);
    assert.equal((await call(api('/v2/providers?isEnabledForClient=false'), { headers: auth(other.token) })).body.length, 1);
    assert.deepEqual((await call(api('/v2/providers?country=US'), { headers: auth(other.token) })).body, []);
    assert.equal((await call(api('/v2/providers?country=CA,US'), { headers: auth(other.token) })).body.length, 1);

    const r = await createRecipient(t.url, other.token, { name: 'Other app' });
    await call(api(`/v1/recipients/providers/requests/${r.client_id}/1000`), { method: 'POST', headers: auth(other.token) });
    assert.equal((await call(api('/v2/providers'), { headers: auth(other.token) })).body[0].status, 'PendingActivation');
    await waitFor('Activated', async () => (await call(api('/v2/providers?isEnabledForClient=true'), { headers: auth(other.token) })).body[0]?.status === 'Activated', 20_000, 200);
  });
});
