/**
 * Connect's webhooks end to end: aggregation writes the KYC and GetAccountsDetail
 * events in its own transaction; a local receiver verifies the documented
 * signature (base64 HMAC-SHA256 of the raw body); the sandbox can fire them again.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { createHmac } from 'node:crypto';
import { call, startTestApp, type TestApp } from '../../support/app.ts';
import { CID, FlinksClient } from '../../support/flinks.ts';
import { waitFor } from '../../support/wait.ts';

interface Received { headers: Record<string, string | string[] | undefined>; raw: string; body: any }
let t: TestApp;
let receiver: Server;
const received: Received[] = [];
const SECRET = 'whsec-test-secret';


before(async () => {
  receiver = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      received.push({ headers: req.headers, raw, body: JSON.parse(raw) });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', () => r()));
  // No tenant cache: aggregation must read the customer inside its own transaction (on PGlite another query would wait forever).
  t = await startTestApp({ TENANT_CACHE_SECONDS: '0' });
  const port = (receiver.address() as { port: number }).port;
  // Updating the customer also drops it from the tenant cache, so aggregation reads it inside its transaction.
  await t.app.platform.tenants.update(CID, { webhookUrl: `http://127.0.0.1:${port}/flinks`, webhookSecret: SECRET });
});
after(async () => {
  await t.stop();
  receiver.close();
});

test('a new connection sends the KYC and GetAccountsDetail webhooks, signed as documented', async () => {
  const api = new FlinksClient(t.url);
  const { loginId } = await api.connect('greatday_nomfa', { tag: 'hook' });
  const detail = await waitFor('the webhook', () => received.find((r) => r.body.ResponseType === 'GetAccountsDetail' && r.body.Login?.Id === loginId));
  // Deliveries run concurrently: the KYC event is written first but may arrive second.
  const kyc = await waitFor('the KYC webhook', () => received.find((r) => r.body.ResponseType === 'KYC' && r.body.Login?.Id === loginId));
  assert.equal(kyc.body.Holder.Name.length > 0, true);
  for (const r of [kyc, detail]) {
    const expected = createHmac('sha256', SECRET).update(r.raw, 'utf8').digest('base64');
    assert.equal(r.headers['flinks-authenticity-key'], expected);
    assert.equal(r.headers['x-flinks-signature'], expected);
  }
  assert.equal(detail.body.HttpStatusCode, 200);
  assert.equal(detail.body.Tag, 'hook');
  assert.ok(detail.body.Accounts.length >= 4);
  assert.ok(detail.body.Accounts[0].Transactions.length > 0);
  assert.notEqual(detail.body.Accounts[0].Holder, null);
});

test('the sandbox fires a webhook on demand, and replay re-delivers it', async () => {
  const api = new FlinksClient(t.url);
  const { loginId, requestId } = await api.connect('persona_benefits');
  await api.poll('GetAccountsDetail', requestId);
  const before = received.length;
  const fired = await call(`${t.url}/v3/${CID}/sandbox/webhooks/fire`, { json: { LoginId: loginId, Type: 'GetAccountsDetail' } });
  assert.equal(fired.status, 200);
  assert.equal(fired.body.EventIds.length, 1);
  await waitFor('the webhook', () => (received.length > before ? true : undefined));
  // Replay what was delivered (a replay while the first delivery is in flight starts a new series instead).
  await waitFor('the delivery to be logged', async () => (await call(`${t.url}/v3/${CID}/webhooks/events/${fired.body.EventIds[0]}`)).body.Status === 'Delivered');
  const replay = await call(`${t.url}/v3/${CID}/webhooks/events/${fired.body.EventIds[0]}/replay`, { method: 'POST' });
  assert.equal(replay.status, 202);
  await waitFor('the webhook', () => (received.filter((r) => r.body.Login?.Id === loginId && r.body.ResponseType === 'GetAccountsDetail').length >= 3 ? true : undefined));
  // The receiver has the body before the sender has its answer and records the attempt: the log settles just after.
  const log = await waitFor('the replay to be logged', async () => {
    const r = await call(`${t.url}/v3/${CID}/webhooks/events/${fired.body.EventIds[0]}`);
    return r.body.Status === 'Pending' ? undefined : r;
  });
  assert.equal(log.body.Status, 'Delivered');
});
