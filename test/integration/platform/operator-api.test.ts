/**
 * The operator API (/operator/v1) on both databases: the operator key (configured or
 * generated, stored as a digest), wrong keys refused and then rate-limited, one error
 * shape, the schemas in /openapi.json, rotation, and a deletion that leaves no row of
 * the customer in any table while another customer's rows stay as they were.
 */
import { after, before, test } from 'node:test';
import fc from 'fast-check';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { call, startTestApp, type TestApp } from '../../support/app.ts';
import { FlinksClient, CID } from '../../support/flinks.ts';
import { PayClient, debit, payToday } from '../../support/pay.ts';
import { upload } from '../upload/helpers.ts';
import { activate, createRecipient, partnerToken, userToken } from '../outbound/helpers.ts';
import { waitFor } from '../../support/wait.ts';

const KEY = 'mlop_test-operator-key-0123456789abcdefghijklmnop';
let t: TestApp;
let receiver: http.Server;
let hooksUrl: string;

before(async () => {
  receiver = http.createServer((req, res) => {
    req.resume();
    req.on('end', () => res.writeHead(200).end());
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  hooksUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hooks`;
  t = await startTestApp({ MAPLELINK_OPERATOR_KEY: KEY });
});
after(async () => {
  await t.stop();
  await new Promise((r) => receiver.close(r));
});

const op = (path: string, init: { method?: string; json?: unknown; key?: string | null } = {}) =>
  call(`${t.url}/operator/v1${path}`, { method: init.method, json: init.json, headers: init.key === null ? {} : { authorization: `Bearer ${init.key ?? KEY}` } });

/** Rows per table with a customer_id column, for one customer. */
async function rowsOf(customerId: string): Promise<Record<string, number>> {
  const tables = await t.app.platform.db.query<{ name: string }>(
    `select table_name as name from information_schema.columns where table_schema = current_schema() and column_name = 'customer_id' order by 1`,
  );
  const out: Record<string, number> = {};
  for (const { name } of tables) {
    const [r] = await t.app.platform.db.query<{ n: number }>(`select count(*)::int as n from ${name} where customer_id = $1`, [customerId]);
    if (r!.n > 0) out[name] = r!.n;
  }
  return out;
}

test('the key: required, compared whole, and a wrong one is counted until the address is refused with Retry-After', async () => {
  const none = await op('/customers', { key: null });
  assert.equal(none.status, 401);
  assert.deepEqual(Object.keys(none.body).sort(), ['code', 'error', 'status']);
  assert.equal(none.body.code, 'unauthorized');
  assert.match(none.headers.get('www-authenticate') ?? '', /^Bearer/);
  assert.equal((await op('/customers', { key: KEY.slice(0, -1) })).status, 401);
  assert.equal((await op('/customers', { key: KEY + 'x' })).status, 401);
  assert.equal((await op('/customers')).status, 200);
  // Ten wrong keys a minute from one address, then that address is refused, even with the right key.
  for (let i = 0; i < 7; i++) assert.equal((await op('/customers', { key: `wrong-${i}` })).status, 401);
  const refused = await op('/customers');
  assert.equal(refused.status, 429);
  assert.equal(refused.body.code, 'too_many_attempts');
  assert.ok(Number(refused.headers.get('retry-after')) >= 1);
  // The digest is what the database keeps: nothing of the key itself.
  const settings = await t.app.platform.db.query<{ key: string; value: unknown }>('select key, value from settings');
  assert.ok(!JSON.stringify(settings).includes(KEY));
  await t.app.platform.db.query(`delete from rate_limits where key like 'operator-auth:%'`);
  assert.equal((await op('/customers')).status, 200);
});

test('create, show, list, rotate: one error shape, zod schemas in /openapi.json', async () => {
  const bad = await op('/customers', { method: 'POST', json: { name: 'X', webhookUrl: 'ftp://nope' } });
  assert.equal(bad.status, 400);
  assert.equal(bad.body.code, 'invalid_request');
  assert.equal((await op('/customers', { method: 'POST', json: {} })).body.code, 'invalid_request');
  const missing = await op('/customers/6f1d0c2e-0000-4000-8000-000000000000');
  assert.deepEqual([missing.status, missing.body.code], [404, 'customer_not_found']);
  assert.equal((await op('/customers/not-a-guid')).status, 404);
  assert.equal((await op('/nothing-here')).body.code, 'not_found');

  const made = await op('/customers', { method: 'POST', json: { name: 'Maple Lending', webhookUrl: hooksUrl, webhookSecret: 's3cret-s3cret', allowedOrigins: ['https://app.example.com'] } });
  assert.equal(made.status, 201, made.text);
  const c = made.body;
  assert.equal(c.name, 'Maple Lending');
  assert.deepEqual(c.policy, { requireAuthorizeToken: true, requireApiKey: true, requireBearerSecret: true });
  assert.equal(c.hasWebhookSecret, true);
  const token = (secret: string) => call(`${t.url}/v3/${c.customerId}/BankingServices/GenerateAuthorizeToken`, { method: 'POST', headers: { 'flinks-auth-key': secret } });
  assert.equal((await token(c.secretKey)).status, 200);

  const shown = await op(`/customers/${c.customerId.toUpperCase()}`);
  assert.equal(shown.status, 200);
  assert.equal(shown.body.secretKey, undefined, 'keys are answered once, at creation');
  assert.ok((await op('/customers')).body.customers.some((x: any) => x.customerId === c.customerId));

  const rotated = await op(`/customers/${c.customerId}/rotate-secret`, { method: 'POST', json: { apiKey: true } });
  assert.equal(rotated.status, 200, rotated.text);
  assert.notEqual(rotated.body.secretKey, c.secretKey);
  assert.equal((await token(c.secretKey)).status, 401, 'the old secret stops working at once');
  assert.equal((await token(rotated.body.secretKey)).status, 200);

  const doc = (await call(`${t.url}/openapi.json`)).body;
  const post = doc.paths['/operator/v1/customers'].post;
  assert.deepEqual(post.security, [{ operator: [] }, { operatorSession: [] }], 'the operator key, or the console session cookie');
  assert.equal(doc.paths['/operator/v1/session'].post.security.length, 0, 'signing in takes the key in its body');
  assert.ok(post.requestBody.content['application/json'].schema.properties.webhookUrl);
  assert.ok(post.responses['401'].content['application/json'].schema.properties.code);
  assert.ok(doc.paths['/operator/v1/customers/{customerId}'].delete);
  assert.ok(doc.paths['/operator/v1/customers/{customerId}/rotate-secret'].post);
});

test('delete needs the confirmation, then removes every row of the customer in every table, and only its rows', async () => {
  const made = (await op('/customers', { method: 'POST', json: { name: 'Doomed', permissive: true, webhookUrl: hooksUrl } })).body;
  const id: string = made.customerId;
  // The customer's data across the products: Connect (a saved login, its accounts and transactions,
  // webhooks), Upload (documents), Pay (a schedule, its contact, account and PAD), Outbound (a recipient).
  const flinks = new FlinksClient(t.url, id);
  const { requestId } = await flinks.connect('Greatday');
  assert.equal((await flinks.poll('GetAccountsDetail', requestId, 60_000)).status, 200);
  await flinks.post('GetAccountsDetail', { RequestId: requestId });
  const up = await upload(t.url, [{ name: 'april.csv', bytes: new TextEncoder().encode('Date,Description,Amount\n2026-04-01,COFFEE,-4.50\n'), type: 'text/csv' }], {}, { customerId: id });
  assert.equal(up.status, 202, up.text);
  await waitFor('the upload to finish', async () => (await call(`${t.url}/v3/${id}/upload/documents/${up.body.RequestId}`)).status !== 202, 60_000, 100);
  const pay = new PayClient(t.url, { customerId: id, secretKey: made.secretKey, apiKey: made.apiKey });
  await pay.create(debit(payToday(t.app.platform.clock.now())));
  await pay.token();
  // A recipient a person consented to: its OAuth grant, codes and tokens are oidc-provider's rows.
  const partner = await partnerToken(t.url, id, made.secretKey);
  const recipient = await createRecipient(t.url, partner);
  await activate(t.url, partner, recipient.client_id);
  await userToken(t.url, recipient);
  // Another customer's data, which must stay (aggregated to the end, so that its counts hold still).
  const sandbox = new FlinksClient(t.url);
  const other = await sandbox.connect('Greatday');
  assert.equal((await sandbox.poll('GetAccountsDetail', other.requestId, 60_000)).status, 200);
  await waitFor('webhook events of the customer', async () => (await rowsOf(id)).webhook_events);
  // Its webhooks are still being delivered (each delivery is a row): the counts hold once no job of it waits or runs.
  const pending = `select 1 from pgboss.job where data->>'customerId' = $1 and state in ('created', 'retry', 'active')`;
  await waitFor('the customer\'s jobs to settle', async () => (await t.app.platform.db.query(pending, [id])).length === 0, 60_000, 100);

  // The request log's buffer reaches its table first, so that the counts below hold still.
  await t.app.platform.requestLog.flush();
  const before = await rowsOf(id);
  for (const table of ['connect_logins', 'connect_accounts', 'connect_transactions', 'connect_requests', 'upload_requests', 'upload_documents', 'pay_schedules', 'pay_contacts', 'pay_access_tokens', 'outbound_recipients', 'outbound_consents', 'webhook_events']) {
    assert.ok(before[table]! > 0, `the customer has rows in ${table}: ${JSON.stringify(before)}`);
  }
  const others = await rowsOf(CID);
  // oidc-provider's rows name the client, not the customer.
  const oauthRows = `select 1 from outbound_oauth where payload->>'clientId' = $1`;
  assert.ok((await t.app.platform.db.query(oauthRows, [recipient.client_id])).length > 0, "the recipient's grant and tokens are stored");

  const unconfirmed = await op(`/customers/${id}`, { method: 'DELETE' });
  assert.deepEqual([unconfirmed.status, unconfirmed.body.code], [400, 'confirmation_required']);
  assert.deepEqual(await rowsOf(id), before);

  const gone = await op(`/customers/${id}?confirm=${id}`, { method: 'DELETE' });
  assert.equal(gone.status, 200, gone.text);
  assert.equal(gone.body.deleted.customers, 1);
  assert.equal(gone.body.deleted.connect_transactions, before.connect_transactions);
  assert.deepEqual(await rowsOf(id), {}, 'no row of the customer is left in any table');
  assert.equal((await t.app.platform.db.query('select 1 from customers where id = $1', [id])).length, 0);
  assert.equal((await t.app.platform.db.query(oauthRows, [recipient.client_id])).length, 0);
  assert.equal((await t.app.platform.db.query(`select 1 from pgboss.job where data->>'customerId' = $1 and state <> 'active'`, [id])).length, 0);
  assert.deepEqual(await rowsOf(CID), others, "the other customer's rows are untouched");
  const after = await call(`${t.url}/v3/${id}/BankingServices/GenerateAuthorizeToken`, { method: 'POST', headers: { 'flinks-auth-key': made.secretKey } });
  assert.equal(after.status, 401);
  assert.equal((await op(`/customers/${id}?confirm=${id}`, { method: 'DELETE' })).status, 404);
});

test('property: any body to create or rotate answers 201/200 or 400 in the operator shape, never 5xx, and a refused one writes nothing', async () => {
  const anyBody = fc.oneof(
    fc.jsonValue({ maxDepth: 3 }),
    fc.jsonValue({ maxDepth: 3, stringUnit: 'binary' }),
    // Near misses of a valid body: right keys, wrong or odd values.
    fc.record({
      name: fc.oneof(fc.string(), fc.constant(''), fc.constant('   '), fc.integer(), fc.constant(null)),
      permissive: fc.oneof(fc.boolean(), fc.constant('true'), fc.integer()),
      webhookUrl: fc.oneof(fc.webUrl(), fc.string(), fc.constant(null), fc.constant('javascript:alert(1)')),
      webhookSecret: fc.oneof(fc.string(), fc.constant(null)),
      allowedOrigins: fc.oneof(fc.array(fc.oneof(fc.webUrl(), fc.constant('*'), fc.string()), { maxLength: 3 }), fc.string()),
    }, { requiredKeys: [] }),
  );
  const count = async () => (await t.app.platform.db.query<{ n: number }>('select count(*)::int as n from customers'))[0]!.n;
  await fc.assert(
    fc.asyncProperty(anyBody, async (body) => {
      const before = await count();
      const r = await call(`${t.url}/operator/v1/customers`, { method: 'POST', body: JSON.stringify(body), headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' } });
      assert.ok(r.status === 201 || r.status === 400, `${r.status} ${r.text}`);
      if (r.status === 400) {
        assert.deepEqual(Object.keys(r.body).sort(), ['code', 'error', 'status']);
        assert.equal(r.body.code, 'invalid_request');
        assert.equal(await count(), before, 'a refused body writes nothing');
      } else {
        assert.equal(await count(), before + 1);
        const rotated = await call(`${t.url}/operator/v1/customers/${r.body.customerId}/rotate-secret`, { method: 'POST', body: JSON.stringify(body), headers: { authorization: `Bearer ${KEY}`, 'content-type': 'application/json' } });
        assert.ok(rotated.status === 200 || rotated.status === 400, `${rotated.status} ${rotated.text}`);
      }
    }),
    { numRuns: 60 },
  );
});
