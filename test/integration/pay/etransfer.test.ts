/**
 * e-Transfer sessions (docs.flinks.com/api/pay/endpoints/e-transfer): V1 (initiate / sendrequest, then POST
 * /paymentrequests before the app) and V2 (type "e-Transfer"), the simulated
 * Interac request for money and the payment request statuses it drives, with
 * the sandbox controls (accept, decline, expire) applied by pg-boss jobs and
 * the clock (expiry, settlement).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, startTestApp, type TestApp } from '../../support/app.ts';
import { waitFor } from '../../support/wait.ts';
import { GUID } from '../../support/flinks.ts';
import { SANDBOX_TENANT } from '../../../src/platform/tenants.ts';
import { PayClient, assertProblem, happyBody } from './sessions-client.ts';

let t: TestApp;
let pay: PayClient;

before(async () => {
  t = await startTestApp();
  pay = new PayClient(t.url);
  await pay.authorize();
});
after(async () => t.stop());

const v1Body = (over: Record<string, unknown> = {}) => ({ referenceId: 'User1234', amount: 45.5, customerName: 'Jane Public', customerEmail: 'jane@example.com', ...over });

async function v1Session(over: Record<string, unknown> = {}): Promise<{ sessionId: string; requestId: string }> {
  const s = await pay.post('/pay/api/v1/sessions/initiate', v1Body(over));
  assert.equal(s.status, 200, s.text);
  const r = await pay.post('/pay/api/v1/paymentrequests', { sessionId: s.body.sessionId });
  assert.equal(r.status, 200, r.text);
  return { sessionId: s.body.sessionId, requestId: r.body.requestId };
}

/** Moves the sandbox clock; the Pay token (5 minutes) is then stale: take a new one, as a client would. */
async function advance(ms: number): Promise<void> {
  await t.app.platform.advanceClock(ms);
  await pay.authorize();
}

const prStatus = async (id: string) => (await pay.get(`/pay/api/v1/paymentrequests/${id}`)).body.status as string;
const control = (requestId: string, action: string, body: Record<string, unknown> = {}) => pay.post(`/pay/api/v1/sandbox/paymentrequests/${requestId}/${action}`, body);

/** The payor opens the app and sends themselves the request (V1 sessions show no consent screen). */
async function sendFromApp(sessionId: string): Promise<any> {
  const v = await pay.appOk(sessionId, 'start');
  assert.equal(v.step, 'Review');
  return pay.appOk(sessionId, 'interac');
}

describe('V1', () => {
  test('initiate: {sessionId, referenceId}; every field required, the email checked; Bearer only', async () => {
    const r = await pay.post('/pay/api/v1/sessions/initiate', v1Body());
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(r.body), ['sessionId', 'referenceId']);
    assert.match(r.body.sessionId, GUID);
    assert.equal(r.body.referenceId, 'User1234');
    for (const field of ['referenceId', 'amount', 'customerName', 'customerEmail']) {
      const bad = await pay.post('/pay/api/v1/sessions/initiate', v1Body({ [field]: undefined }));
      assertProblem(bad, 400, new RegExp(`^${field}:`));
    }
    assertProblem(await pay.post('/pay/api/v1/sessions/initiate', v1Body({ customerEmail: 'jane' })), 400, /customerEmail/);
    assertProblem(await pay.post('/pay/api/v1/sessions/initiate', v1Body({ amount: 0 })), 400, /amount/);
    assertProblem(await call(`${t.url}/pay/api/v1/sessions/initiate`, { method: 'POST', json: v1Body() }), 401);
    assertProblem(await call(`${t.url}/pay/api/v1/sessions/initiate`, { method: 'POST', json: v1Body(), headers: { 'x-api-key': SANDBOX_TENANT.apiKey } }), 401);
  });

  test('sendrequest: the reference is optional; the app link "emailed" is recorded in the details', async () => {
    const r = await pay.post('/pay/api/v1/sessions/sendrequest', v1Body({ referenceId: undefined }));
    assert.equal(r.status, 200, r.text);
    assert.equal(r.body.referenceId, null);
    const d = (await pay.details(r.body.sessionId)).body;
    assert.equal(d.type, 'e-Transfer');
    assert.deepEqual([d.notification.channel, d.notification.to], ['email', 'jane@example.com']);
    assert.equal(d.notification.link, `${t.url}/pay/app/?sessionId=${r.body.sessionId}`);
    assert.deepEqual([d.payor.firstName, d.payor.lastName], ['Jane', 'Public']);
  });

  test('paymentrequests: required before the app can send; once per session; unknown or non-e-Transfer sessions refused', async () => {
    const s = await pay.post('/pay/api/v1/sessions/initiate', v1Body());
    await pay.appOk(s.body.sessionId, 'start');
    assertProblem(await pay.app(s.body.sessionId, 'interac'), 409, /POST \/api\/v1\/paymentrequests/);
    const a = await pay.post('/pay/api/v1/paymentrequests', { sessionId: s.body.sessionId });
    const b = await pay.post('/pay/api/v1/paymentrequests', { sessionId: s.body.sessionId });
    assert.deepEqual(Object.keys(a.body), ['requestId']);
    assert.equal(b.body.requestId, a.body.requestId, 'the same request when asked again');
    assertProblem(await pay.post('/pay/api/v1/paymentrequests', {}), 400, /sessionId/);
    assertProblem(await pay.post('/pay/api/v1/paymentrequests', { sessionId: '00000000-0000-4000-8000-000000000000' }), 404);
    const geft = await pay.createOk(happyBody());
    assertProblem(await pay.post('/pay/api/v1/paymentrequests', { sessionId: geft }), 400, /e-Transfer/);
    const pr = await pay.get(`/pay/api/v1/paymentrequests/${a.body.requestId}`);
    assert.deepEqual([pr.body.status, pr.body.amount, pr.body.ReferenceId, pr.body.PaymentLink], ['Initiated', 45.5, 'User1234', `${t.url}/pay/app/?sessionId=${s.body.sessionId}`]);
  });

  test('accept: Processing -> Accepted -> Processed (jobs), Settled after the settlement delay on the clock', async () => {
    const { sessionId, requestId } = await v1Session();
    const sent = await sendFromApp(sessionId);
    assert.deepEqual([sent.status, sent.statusDetails, sent.step, sent.interac.status], ['Completed', 'EFT0301', 'Complete', 'Sent']);
    assert.equal(await prStatus(requestId), 'Processing');
    const c = await control(requestId, 'accept');
    assert.equal(c.status, 200, c.text);
    assert.equal(c.body.action, 'accept');
    await waitFor('processed', async () => (await prStatus(requestId)) === 'Processed');
    assert.equal((await pay.view(sessionId)).body.interac.status, 'Processed');
    await pay.post('/pay/api/v2/sandbox/sweep', {});
    assert.equal(await prStatus(requestId), 'Processed', 'not settled before the delay');
    await advance(24 * 3_600_000 + 60_000);
    const swept = await pay.post('/pay/api/v2/sandbox/sweep', {});
    assert.ok(swept.body.interacSteps >= 1);
    assert.equal(await prStatus(requestId), 'Settled');
    assertProblem(await control(requestId, 'decline'), 409, /Settled/);
  });

  test('decline: Declined; accepting from an account of another name: Failed', async () => {
    const one = await v1Session();
    await sendFromApp(one.sessionId);
    await control(one.requestId, 'decline');
    await waitFor('declined', async () => (await prStatus(one.requestId)) === 'Declined');
    assert.equal((await pay.view(one.sessionId)).body.interac.status, 'Declined');

    const two = await v1Session({ customerName: 'Jane Public' });
    await sendFromApp(two.sessionId);
    await control(two.requestId, 'accept', { accountHolderName: 'Robert Smith' });
    await waitFor('failed', async () => (await prStatus(two.requestId)) === 'Failed');
    const pr = await pay.get(`/pay/api/v1/paymentrequests/${two.requestId}`);
    assert.match(pr.body.statusDetails, /holder name/);
  });

  test('expire: on demand, later on the clock (inMinutes), or when the request’s own expiry passes', async () => {
    const now = await v1Session();
    await sendFromApp(now.sessionId);
    await control(now.requestId, 'expire');
    await waitFor('expired', async () => (await prStatus(now.requestId)) === 'Expired');

    const later = await v1Session();
    await sendFromApp(later.sessionId);
    const c = await control(later.requestId, 'decline', { inMinutes: 90 });
    assert.equal(Date.parse(c.body.due) - Date.now() > 80 * 60_000, true);
    await pay.post('/pay/api/v2/sandbox/sweep', {});
    assert.equal(await prStatus(later.requestId), 'Processing', 'not yet due');
    await advance(91 * 60_000);
    await pay.post('/pay/api/v2/sandbox/sweep', {});
    assert.equal(await prStatus(later.requestId), 'Declined');

    await call(`${t.url}/pay/api/v2/settings`, { method: 'PATCH', json: { interacExpiryHours: 1 }, headers: { authorization: `Bearer ${pay.token}` } });
    const natural = await v1Session();
    await sendFromApp(natural.sessionId);
    await advance(61 * 60_000);
    await pay.post('/pay/api/v2/sandbox/sweep', {});
    assert.equal(await prStatus(natural.requestId), 'Expired');
    await call(`${t.url}/pay/api/v2/settings`, { method: 'PATCH', json: { interacExpiryHours: 720 }, headers: { authorization: `Bearer ${pay.token}` } });
  });

  test('sandbox controls: unknown action 404, bad inMinutes 400, not sent yet 409, a request canceled through the Pay API cannot be accepted', async () => {
    const { sessionId, requestId } = await v1Session();
    assertProblem(await control(requestId, 'accept'), 409, /No Interac request was sent/);
    await sendFromApp(sessionId);
    assertProblem(await control(requestId, 'ignore'), 404);
    assertProblem(await control(requestId, 'accept', { inMinutes: -1 }), 400, /inMinutes/);
    assertProblem(await control('00000000-0000-4000-8000-000000000000', 'accept'), 404);
    const cancel = await pay.post(`/pay/api/v1/paymentrequests/${requestId}/cancel`, {});
    assert.equal(cancel.status, 200, cancel.text);
    assertProblem(await control(requestId, 'accept'), 409, /Cancelled/);
    assert.equal((await pay.view(sessionId)).body.interac.status, 'Cancelled');
  });
});

describe('V2', () => {
  const body = (over: Record<string, unknown> = {}) => ({
    referenceId: 'USER12345', type: 'e-Transfer', direction: 'DEBIT', currency: 'CAD', amount: 250,
    payor: { firstName: 'John', lastName: 'Smith', email: 'john.smith@example.com' }, ...over,
  });

  test('create: 201; a payment request at once (Initiated); the app sends the request; details show it', async () => {
    const id = await pay.createOk(body({ options: { showConsentScreen: true } }));
    let d = (await pay.details(id)).body;
    assert.equal(d.type, 'e-Transfer');
    assert.equal(d.options.notificationPreferences.sendInteracLink, false);
    assert.equal(d.schedule.transactions.length, 1);
    assert.equal(d.schedule.transactions[0].status, 'Initiated');
    assert.equal(d.interacRequest, null);
    assert.equal((await pay.appOk(id, 'start')).step, 'Consent');
    assert.equal((await pay.appOk(id, 'consent')).step, 'Review');
    assertProblem(await pay.app(id, 'institution'), 409, /not possible/);
    await pay.appOk(id, 'interac');
    d = (await pay.details(id)).body;
    assert.deepEqual([d.status, d.statusDetails, d.schedule.transactions[0].status, d.interacRequest.status], ['Completed', 'EFT0301', 'Processing', 'Sent']);
    assert.ok(Date.parse(d.interacRequest.expiresAt) - Date.parse(d.interacRequest.sentAt) >= 29 * 86_400_000, '30 days by default');
  });

  test('sendInteracLink: the request goes to the payor’s email at creation, no app needed', async () => {
    const id = await pay.createOk(body({ options: { notificationPreferences: { sendInteracLink: true } } }));
    const d = (await pay.details(id)).body;
    assert.deepEqual([d.status, d.interacRequest.status, d.schedule.transactions[0].status, d.notification.to], ['Completed', 'Sent', 'Processing', 'john.smith@example.com']);
    assert.equal(d.notification.link, `${t.url}/pay/app/?sessionId=${id}`, 'the link shows the payor where the request stands');
    await control(d.schedule.transactions[0].id, 'accept');
    await waitFor('processed', async () => (await prStatus(d.schedule.transactions[0].id)) === 'Processed');
  });

  test('cancel while the request is with the payor: session Canceled, payment request Cancelled, the payor can no longer accept', async () => {
    const id = await pay.createOk(body({ options: { notificationPreferences: { sendInteracLink: true } } }));
    const c = await pay.post(`/pay/api/v2/sessions/${id}/cancel`, {});
    assert.equal(c.status, 200, c.text);
    assert.deepEqual([c.body.status, c.body.statusDetails], ['Canceled', 'EFT0501']);
    const d = (await pay.details(id)).body;
    assert.deepEqual([d.schedule.transactions[0].status, d.interacRequest.status], ['Cancelled', 'Cancelled']);
    assertProblem(await control(d.schedule.transactions[0].id, 'accept'), 409);
    // Before anything was sent, cancel cancels the payment request too.
    const fresh = await pay.createOk(body());
    await pay.post(`/pay/api/v2/sessions/${fresh}/cancel`, {});
    assert.equal((await pay.details(fresh)).body.schedule.transactions[0].status, 'Cancelled');
    // Once accepted, it cannot be canceled any more.
    const accepted = await pay.createOk(body({ options: { notificationPreferences: { sendInteracLink: true } } }));
    const prId = (await pay.details(accepted)).body.schedule.transactions[0].id;
    await control(prId, 'accept');
    await waitFor('processed', async () => (await prStatus(prId)) === 'Processed');
    assertProblem(await pay.post(`/pay/api/v2/sessions/${accepted}/cancel`, {}), 400, /Completed/);
  });
});
