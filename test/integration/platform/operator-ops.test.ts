/**
 * The operator API's Webhooks, Pay, Outbound and Sandbox endpoints (what the console's pages of
 * those areas call), on one server: every list keyset-paged, each id of another customer answered
 * as unknown, bad input a 400 in the operator shape; a replay reaches the receiver signed, a CPA-005
 * file downloads as an attachment, a returns file applies, a consent revoked stops its token.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, startTestApp, type TestApp } from '../../support/app.ts';
import { FlinksClient } from '../../support/flinks.ts';
import { PayClient, credit, debit, payToday, plusDays } from '../../support/pay.ts';
import { activate, createRecipient, partnerToken, userToken } from '../outbound/helpers.ts';
import { waitFor } from '../../support/wait.ts';
import { startReceiver, type Receiver } from '../../support/receiver.ts';
import { verifySignature } from '../../../src/platform/webhooks/index.ts';
import { simulatedReturnsFile } from '../../../src/pay/processing/simulate.ts';
import { loadPayConfig } from '../../../src/pay/config.ts';

const KEY = 'mlop_test-operator-key-ops-0123456789abcdefghijkl';
const SECRET = 'ops-webhook-secret-0123';
const UNKNOWN = '3f2504e0-4f89-41d3-9a0c-0305e82c3301';
let t: TestApp;
let receiver: Receiver;
let A: { customerId: string; secretKey: string; apiKey: string };
let B: { customerId: string; secretKey: string; apiKey: string };
let loginId: string;

const op = (path: string, init: { method?: string; json?: unknown; body?: string; headers?: Record<string, string> } = {}) =>
  call(`${t.url}/operator/v1${path}`, { method: init.method, json: init.json, body: init.body, headers: { authorization: `Bearer ${KEY}`, ...init.headers } });

function refused(res: { status: number; body: any; text: string }, status: number, code?: string): void {
  assert.equal(res.status, status, res.text);
  assert.deepEqual(Object.keys(res.body).sort(), ['code', 'error', 'status']);
  if (code) assert.equal(res.body.code, code, res.text);
}

before(async () => {
  receiver = await startReceiver();
  const hooks = receiver.url;
  t = await startTestApp({ MAPLELINK_OPERATOR_KEY: KEY, WEBHOOK_RETRY_SECONDS: '1' });
  A = (await op('/customers', { method: 'POST', json: { name: 'Ops A', permissive: true, webhookUrl: hooks, webhookSecret: SECRET } })).body;
  B = (await op('/customers', { method: 'POST', json: { name: 'Ops B', permissive: true } })).body;
  const flinks = new FlinksClient(t.url, A.customerId);
  const c = await flinks.connect('Greatday');
  loginId = c.loginId;
  assert.equal((await flinks.poll('GetAccountsDetail', c.requestId, 60_000)).status, 200);
});
after(async () => {
  await t.stop();
  await receiver?.close();
});

test('webhooks: deliveries paged and filtered, an event with its payload and attempts, a replay that arrives signed', async () => {
  const mine = `/webhooks/deliveries?customerId=${A.customerId}`;
  const delivered = await waitFor('two delivered webhooks of A', async () => {
    const r = await op(`${mine}&status=delivered`);
    return r.body.deliveries.length >= 2 ? r.body.deliveries : null;
  }, 60_000, 200);
  const first = delivered[0];
  assert.equal(first.customerId, A.customerId);
  assert.equal(first.customerName, 'Ops A');
  assert.equal(first.lastResponseCode, 200);
  assert.equal(first.attempts, 1);
  assert.ok(Date.parse(first.lastAttemptAt) >= Date.parse(first.createdAt));
  // Keyset pages: one row each, no row twice, newest first.
  const p1 = await op(`${mine}&limit=1`);
  assert.equal(p1.body.deliveries.length, 1);
  assert.ok(p1.body.nextCursor);
  const p2 = await op(`${mine}&limit=1&cursor=${p1.body.nextCursor}`);
  assert.equal(p2.body.deliveries.length, 1);
  assert.notEqual(p2.body.deliveries[0].eventId, p1.body.deliveries[0].eventId);
  assert.ok(p2.body.deliveries[0].createdAt <= p1.body.deliveries[0].createdAt);
  const byType = await op(`${mine}&type=${encodeURIComponent(first.type)}`);
  assert.ok(byType.body.deliveries.every((d: any) => d.type === first.type));
  assert.deepEqual((await op(`/webhooks/deliveries?customerId=${B.customerId}`)).body, { deliveries: [], nextCursor: null });
  assert.ok((await op('/webhooks/deliveries?limit=200')).body.deliveries.some((d: any) => d.eventId === first.eventId), 'the list of every customer holds it');
  refused(await op('/webhooks/deliveries?customerId=nope'), 400, 'invalid_request');
  refused(await op('/webhooks/deliveries?status=lost'), 400, 'invalid_request');
  refused(await op('/webhooks/deliveries?limit=0'), 400, 'invalid_request');
  refused(await op('/webhooks/deliveries?cursor=bm9wZQ'), 400, 'invalid_request');
  refused(await op(`/webhooks/deliveries?cursor=${Buffer.from('["x"]').toString('base64url')}`), 400, 'invalid_request');

  const ev = await op(`/customers/${A.customerId}/webhooks/events/${first.eventId}`);
  assert.equal(ev.status, 200, ev.text);
  assert.equal(ev.body.type, first.type);
  assert.equal(ev.body.status, 'delivered');
  assert.equal(typeof ev.body.payload, 'object');
  const sent = receiver.received.find((r) => r.headers['x-maplelink-event-id'] === first.eventId)!;
  assert.deepEqual(ev.body.payload, JSON.parse(sent.body));
  assert.deepEqual(ev.body.deliveries.map((d: any) => [d.series, d.attempt, d.responseCode]), [[1, 1, 200]]);
  refused(await op(`/customers/${B.customerId}/webhooks/events/${first.eventId}`), 404, 'not_found');
  refused(await op(`/customers/${A.customerId}/webhooks/events/${UNKNOWN}`), 404, 'not_found');
  refused(await op(`/customers/${A.customerId}/webhooks/events/not-a-guid`), 404, 'not_found');
  refused(await op(`/customers/${UNKNOWN}/webhooks/events/${first.eventId}`), 404, 'customer_not_found');

  refused(await op(`/customers/${B.customerId}/webhooks/events/${first.eventId}/replay`, { method: 'POST' }), 404, 'not_found');
  refused(await op(`/customers/${A.customerId}/webhooks/events/${UNKNOWN}/replay`, { method: 'POST' }), 404, 'not_found');
  const before = receiver.received.filter((r) => r.headers['x-maplelink-event-id'] === first.eventId).length;
  const replay = await op(`/customers/${A.customerId}/webhooks/events/${first.eventId}/replay`, { method: 'POST' });
  assert.equal(replay.status, 202, replay.text);
  assert.deepEqual(replay.body, { eventId: first.eventId, status: 'pending' });
  const again = await waitFor('the replay at the receiver', async () => receiver.received.filter((r) => r.headers['x-maplelink-event-id'] === first.eventId)[before], 30_000, 100);
  assert.ok(verifySignature(SECRET, again.body, String(again.headers['x-flinks-signature'])), 'signed with the customer secret');
  const after = await waitFor('the second series logged', async () => {
    const r = await op(`/customers/${A.customerId}/webhooks/events/${first.eventId}`);
    return r.body.deliveries.length === 2 ? r.body : null;
  }, 30_000, 100);
  assert.deepEqual(after.deliveries.map((d: any) => [d.series, d.attempt, d.responseCode]), [[1, 1, 200], [2, 1, 200]]);
  const row = (await op(`${mine}&limit=200`)).body.deliveries.find((d: any) => d.eventId === first.eventId);
  assert.equal(row.series, 2);
  assert.equal(row.totalAttempts, 2);
});

test('pay: schedules, payment requests and PADs with their status history, files downloaded, a returns file applied, settlements', async () => {
  const pay = new PayClient(t.url, A);
  const today = payToday(t.app.platform.clock.now());
  const valueDate = plusDays(today, 3);
  const s = await pay.create(debit(today, { amount: 42.5, scheduleInfo: { paymentFrequency: 'OneTime', startDate: valueDate } }));
  await pay.signPad(s.padId);
  const waiting = await pay.create(debit(today, { amount: 7, scheduleInfo: { paymentFrequency: 'OneTime', startDate: plusDays(today, 30) } }));
  const file = (await pay.cutoff(valueDate)).files[0];
  const base = `/customers/${A.customerId}/pay`;

  const schedules = await op(`${base}/schedules`);
  assert.equal(schedules.status, 200, schedules.text);
  assert.deepEqual(schedules.body.schedules.map((x: any) => x.id), [waiting.id, s.id]);
  const done = schedules.body.schedules[1];
  assert.equal(done.amount, 42.5);
  assert.deepEqual(done.history.map((h: any) => h.status), ['Active', 'Completed']);
  const p1 = await op(`${base}/schedules?limit=1`);
  assert.deepEqual(p1.body.schedules.map((x: any) => x.id), [waiting.id]);
  const p2 = await op(`${base}/schedules?limit=1&cursor=${p1.body.nextCursor}`);
  assert.deepEqual(p2.body.schedules.map((x: any) => x.id), [s.id]);
  assert.equal(p2.body.nextCursor, null);
  assert.deepEqual((await op(`${base}/schedules?status=Completed`)).body.schedules.map((x: any) => x.id), [s.id]);

  const prs = await op(`${base}/payment-requests?scheduleId=${s.id}`);
  assert.equal(prs.status, 200, prs.text);
  const pr = prs.body.paymentRequests[0];
  assert.equal(pr.id, s.paymentRequestIds[0]);
  assert.equal(pr.fileId, file.id);
  assert.deepEqual(pr.history.map((h: any) => h.status), ['Initiated', 'Processed']);
  assert.equal((await op(`${base}/payment-requests?status=Initiated`)).body.paymentRequests[0].id, waiting.paymentRequestIds[0]);
  const pads = await op(`${base}/pads?status=Signed`);
  assert.deepEqual(pads.body.pads.map((x: any) => x.id), [s.padId]);
  assert.match(pads.body.pads[0].accountNumber, /^\*{4}\d{4}$/);
  assert.deepEqual(pads.body.pads[0].history.map((h: any) => h.status), ['Pending', 'Signed']);

  const files = await op(`${base}/files`);
  assert.deepEqual(files.body.files.map((f: any) => f.id), [file.id]);
  assert.equal(files.body.files[0].debitAmount, 42.5);
  const dl = await op(`${base}/files/${file.id}`);
  assert.equal(dl.status, 200);
  assert.match(dl.headers.get('content-type') ?? '', /^text\/plain/);
  assert.match(dl.headers.get('content-disposition') ?? '', /^attachment; filename=".+\.txt"$/);
  assert.equal(dl.text, await pay.fileText(file.id));
  assert.equal(dl.text[0], 'A', 'a CPA-005 file opens with its header record');
  refused(await op(`/customers/${B.customerId}/pay/files/${file.id}`), 404, 'not_found');
  refused(await op(`/customers/${UNKNOWN}/pay/files`), 404, 'customer_not_found');
  for (const list of ['schedules', 'payment-requests', 'pads', 'files', 'returns', 'settlements']) {
    assert.deepEqual(Object.values((await op(`/customers/${B.customerId}/pay/${list}`)).body), [[], null], `B sees none of A's ${list}`);
    refused(await op(`${base}/${list}?cursor=e30`), 400, 'invalid_request');
  }
  refused(await op(`${base}/payment-requests?scheduleId=x`), 400, 'invalid_request');
  refused(await op(`${base}/schedules?status=Lost`), 400, 'invalid_request');

  // A returns file from the bank, uploaded as text: the payment fails with its code.
  const text = await simulatedReturnsFile(t.app.platform.db, loadPayConfig(), A.customerId, file.id, [{ paymentRequestId: pr.id, returnCode: 901 }], today);
  // Under B the file matches nothing of A's (it is B's returns file then, and applies to B only).
  const asB = await op(`/customers/${B.customerId}/pay/returns`, { method: 'POST', body: text, headers: { 'content-type': 'text/plain' } });
  assert.equal(asB.status, 200, asB.text);
  assert.deepEqual([asB.body.applied.length, asB.body.unmatched.length], [0, 1]);
  const applied = await op(`${base}/returns`, { method: 'POST', body: text, headers: { 'content-type': 'text/plain' } });
  assert.equal(applied.status, 200, applied.text);
  assert.equal(applied.body.replayed, false);
  assert.deepEqual(applied.body.applied.map((x: any) => [x.paymentRequestId, x.returnCode]), [[pr.id, 901]]);
  const twice = await op(`${base}/returns`, { method: 'POST', json: { file: text } });
  assert.equal(twice.body.replayed, true);
  assert.equal(twice.body.id, applied.body.id);
  assert.deepEqual((await op(`${base}/returns`)).body.returnsFiles.map((x: any) => x.id), [applied.body.id]);
  const failed = (await op(`${base}/payment-requests?scheduleId=${s.id}`)).body.paymentRequests[0];
  assert.deepEqual(failed.history.map((h: any) => h.status), ['Initiated', 'Processed', 'Failed']);
  assert.equal(failed.returnCode, 901);
  refused(await op(`${base}/returns`, { method: 'POST', body: 'not a CPA-005 file', headers: { 'content-type': 'text/plain' } }), 400, 'invalid_request');
  refused(await op(`${base}/returns`, { method: 'POST', body: '   ', headers: { 'content-type': 'text/plain' } }), 400, 'invalid_request');
  refused(await op(`${base}/returns`, { method: 'POST', json: { nope: 1 } }), 400, 'invalid_request');

  // Settlement: a credit filed today settles once its value date is settlementDays behind.
  const cr = await pay.create(credit(today, { amount: 12 }));
  await pay.cutoff(today);
  assert.deepEqual((await op(`${base}/settlements`, { method: 'POST' })).body, { settled: 0 });
  await t.app.platform.advanceClock(5 * 86_400_000);
  try {
    assert.ok((await op(`${base}/settlements`, { method: 'POST' })).body.settled >= 1);
    const days = (await op(`${base}/settlements`)).body.settlements;
    assert.equal(days.length, 1);
    assert.ok(days[0].creditCount >= 1 && days[0].creditAmount >= 12);
    const settled = (await op(`${base}/payment-requests?status=Settled`)).body.paymentRequests.find((x: any) => x.id === cr.paymentRequestIds[0]);
    assert.deepEqual(settled.history.map((h: any) => h.status), ['Initiated', 'Processed', 'Settled']);
  } finally {
    await t.app.platform.advanceClock(-5 * 86_400_000);
  }
});

test('outbound: recipients with registrations, consents with scopes and accounts, a revocation that stops the token', async () => {
  const partner = await partnerToken(t.url, A.customerId, A.secretKey);
  const recipient = await createRecipient(t.url, partner);
  await activate(t.url, partner, recipient.client_id);
  const user = await userToken(t.url, recipient);
  const base = `/customers/${A.customerId}/outbound`;

  const rec = await op(`${base}/recipients`);
  assert.equal(rec.status, 200, rec.text);
  assert.equal(rec.body.recipients.length, 1);
  assert.equal(rec.body.recipients[0].clientId, recipient.client_id);
  assert.deepEqual(rec.body.recipients[0].registrations.map((g: any) => [g.providerId, g.status]), [[1000, 'ACTIVE']]);
  assert.ok(rec.body.recipients[0].scopes.includes('ACCOUNT_BASIC'));

  const consents = await op(`${base}/consents`);
  assert.equal(consents.status, 200, consents.text);
  const c = consents.body.consents[0];
  assert.equal(c.status, 'active');
  assert.equal(c.clientId, recipient.client_id);
  assert.equal(c.recipientName, 'Budget Buddy');
  assert.ok(c.scopes.length > 0 && c.accountIds.length > 0);
  assert.deepEqual(user.shared.slice().sort(), c.accountIds.slice().sort());
  assert.deepEqual((await op(`/customers/${B.customerId}/outbound/recipients`)).body, { recipients: [] });
  assert.deepEqual((await op(`/customers/${B.customerId}/outbound/consents`)).body, { consents: [], nextCursor: null });
  refused(await op(`${base}/consents?status=gone`), 400, 'invalid_request');
  refused(await op(`${base}/consents?cursor=e30`), 400, 'invalid_request');

  const fdx = () => call(`${t.url}/outbound/api/fdx/5/accounts`, { headers: { authorization: `Bearer ${user.access_token}` } });
  assert.equal((await fdx()).status, 200);
  refused(await op(`/customers/${B.customerId}/outbound/consents/${c.id}/revoke`, { method: 'POST' }), 404, 'not_found');
  refused(await op(`${base}/consents/${UNKNOWN}/revoke`, { method: 'POST' }), 404, 'not_found');
  assert.equal((await fdx()).status, 200, 'a refused revocation changes nothing');
  const revoked = await op(`${base}/consents/${c.id}/revoke`, { method: 'POST' });
  assert.equal(revoked.status, 200, revoked.text);
  assert.equal(revoked.body.status, 'revoked');
  assert.ok(revoked.body.revokedAt);
  assert.notEqual((await fdx()).status, 200, 'the recipient reads nothing more');
  assert.equal((await op(`${base}/consents/${c.id}/revoke`, { method: 'POST' })).body.status, 'revoked', 'twice is no error');
  assert.deepEqual((await op(`${base}/consents?status=active`)).body.consents, []);
});

test('sandbox: the clock read and advanced, a custom user imported, a login\'s webhooks fired', async () => {
  const clock = await op('/sandbox/clock');
  assert.equal(clock.status, 200, clock.text);
  const moved = await op('/sandbox/clock/advance', { method: 'POST', json: { minutes: 2 } });
  try {
    assert.equal(moved.status, 200, moved.text);
    assert.equal(moved.body.offsetSeconds, clock.body.offsetSeconds + 120);
    assert.ok(Date.parse(moved.body.now) >= Date.parse(clock.body.now) + 120_000);
  } finally {
    await t.app.platform.advanceClock(-120_000);
  }
  refused(await op('/sandbox/clock/advance', { method: 'POST', json: {} }), 400, 'invalid_request');
  refused(await op('/sandbox/clock/advance', { method: 'POST', json: { days: -1 } }), 400, 'invalid_request');

  const doc = { Username: 'ops_user', Holder: { Name: 'Ops User' }, Accounts: [{ Title: 'Chequing', AccountNumber: '1234567', Balance: { Current: 100 } }] };
  const imported = await op(`/customers/${B.customerId}/sandbox/users`, { method: 'POST', json: doc });
  assert.equal(imported.status, 200, imported.text);
  assert.deepEqual(imported.body, { institution: 'FlinksCapital', username: 'ops_user', password: 'Everyday' });
  const users = await t.app.platform.db.query<{ customer_id: string }>(`select customer_id from sandbox_custom_users where username = 'ops_user'`);
  assert.deepEqual(users.map((u) => u.customer_id), [B.customerId], "only B's sandbox has it");
  refused(await op(`/customers/${B.customerId}/sandbox/users`, { method: 'POST', json: { Username: 'x' } }), 400, 'invalid_request');
  refused(await op(`/customers/${UNKNOWN}/sandbox/users`, { method: 'POST', json: doc }), 404, 'customer_not_found');

  const fired = await op(`/customers/${A.customerId}/sandbox/webhooks/fire`, { method: 'POST', json: { loginId, type: 'KYC' } });
  assert.equal(fired.status, 200, fired.text);
  assert.equal(fired.body.eventIds.length, 1);
  await waitFor('the fired webhook at the receiver', async () => receiver.received.find((r) => r.headers['x-maplelink-event-id'] === fired.body.eventIds[0]), 30_000, 100);
  refused(await op(`/customers/${A.customerId}/sandbox/webhooks/fire`, { method: 'POST', json: { loginId: UNKNOWN } }), 404, 'not_found');
  refused(await op(`/customers/${B.customerId}/sandbox/webhooks/fire`, { method: 'POST', json: { loginId } }), 400, 'invalid_request');
  refused(await op(`/customers/${A.customerId}/sandbox/webhooks/fire`, { method: 'POST', json: { loginId, type: 'Other' } }), 400, 'invalid_request');
});
