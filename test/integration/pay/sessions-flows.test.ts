/**
 * Every sandbox scenario through the hosted app's API, with the payor's bank
 * connected through Connect (Flinks Capital), and what the client sees: the
 * status and details, the payment request, and the GEFT webhooks signed
 * `X-Webhook-Signature: sha256=<HEX>` (only for Completed, Failed, Canceled).
 * Then the client's guarantee confirmation (and its webhook failing three
 * times), regular EFT V2, leaving at the PAD, and idle expiry on the clock.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { call, startTestApp, type TestApp } from '../../support/app.ts';
import { waitFor } from '../../support/wait.ts';
import { SANDBOX_TENANT } from '../../../src/platform/tenants.ts';
import { verifyGeftSignature } from '../../../src/pay/sessions/webhooks.ts';
import { PayClient, assertProblem, happyBody } from './sessions-client.ts';

interface Received {
  path: string;
  headers: http.IncomingHttpHeaders;
  raw: string;
  body: any;
}

let t: TestApp;
let pay: PayClient;
let receiver: http.Server;
let hooks: Received[] = [];
let hookUrl = '';
const SECRET = 'geft-webhook-secret';

before(async () => {
  receiver = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      hooks.push({ path: req.url ?? '', headers: req.headers, raw, body: JSON.parse(raw) });
      res.statusCode = req.url?.startsWith('/fail') ? 500 : 200;
      res.end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  hookUrl = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  t = await startTestApp({ WEBHOOK_RETRY_SECONDS: '0' });
  await t.app.platform.tenants.update(SANDBOX_TENANT.id, { webhookUrl: `${hookUrl}/ok`, webhookSecret: SECRET });
  pay = new PayClient(t.url);
  await pay.authorize();
});
after(async () => {
  await t.stop();
  await new Promise((r) => receiver.close(r));
});

/** The session webhooks received for a session. */
const sessionHooks = (id: string, type = 'SessionSetupStatusChanged') => hooks.filter((h) => h.body.sessionId === id && h.body.eventType === type);

async function hookFor(id: string, status: string, type = 'SessionSetupStatusChanged'): Promise<Received> {
  return waitFor(`${type} ${status} of ${id}`, () => sessionHooks(id, type).find((h) => type !== 'SessionSetupStatusChanged' || h.body.status === status), 15_000);
}

function assertSigned(h: Received): void {
  const sig = String(h.headers['x-webhook-signature']);
  assert.match(sig, /^sha256=[0-9A-F]{64}$/, 'sha256= and uppercase hex');
  assert.ok(verifyGeftSignature(SECRET, h.raw, sig), 'the HMAC of the raw body');
  assert.equal(h.headers['x-flinks-signature'], undefined, 'not the Connect signature');
  assert.match(String(h.headers['content-type']), /^application\/json/);
  assert.ok(Date.parse(h.body.when) > 0, 'a signed when');
  assert.equal(h.body.id, undefined, 'no event id (receivers dedupe on sessionId)');
}

async function guaranteed(id: string, username: string, amount?: number): Promise<any> {
  await pay.upToAmount(id, username);
  return pay.appOk(id, 'amount', amount === undefined ? {} : { amount });
}

async function signPad(id: string, name: string): Promise<any> {
  await pay.appOk(id, 'review');
  return pay.appOk(id, 'pad', { signature: name, agree: true });
}

describe('sandbox scenarios', () => {
  test('Happy1: full guarantee, PAD signed: Completed/EFT0301, a signed webhook, a payment request', async () => {
    const id = await pay.createOk(happyBody());
    const g = await guaranteed(id, 'Happy1');
    assert.equal(g.step, 'GuaranteeOffer');
    assert.deepEqual(g.guarantee, { offered: true, requestedAmount: 100, offeredAmount: 100, nextBestOffer: false, accepted: null, awaitingClient: false });
    assert.equal((await pay.appOk(id, 'guarantee', { choice: 'accept' })).step, 'Review');
    const pad = await call(`${t.url}/pay/app/api/sessions/${id}/pad`);
    assert.equal(pad.status, 409, 'no agreement before the review');
    assert.equal((await pay.appOk(id, 'review')).step, 'Pad');
    const text = await call(`${t.url}/pay/app/api/sessions/${id}/pad?download=1`);
    assert.match(text.headers.get('content-disposition') ?? '', /^attachment; filename="pad-[0-9a-f-]{36}\.txt"$/);
    assert.match(text.text, /John Doe/);
    assertProblem(await pay.app(id, 'pad', { signature: 'John Doe', agree: false }), 400, /agree/);
    assertProblem(await pay.app(id, 'pad', { signature: 'Robert Smith', agree: true }), 400, /signature/);
    const done = await pay.appOk(id, 'pad', { signature: 'john doe', agree: true });
    assert.equal(done.status, 'Completed');
    assert.deepEqual((await pay.status(id)).body, { sessionId: id, referenceId: 'Happy1', amount: 100, status: 'Completed', statusDetails: 'EFT0301' });

    const d = (await pay.details(id)).body;
    assert.equal(d.step.current, 'Complete');
    assert.match(d.step.aggregationRequestId, /^[0-9a-f-]{36}$/);
    assert.match(d.step.padId, /^[0-9a-f-]{36}$/);
    assert.deepEqual(d.userDetails, { matchingPerformed: true, nameMatch: 100 });
    assert.equal(d.payor.account.availableBalance, 2450);
    assert.match(d.payor.account.accountNumber, /^\*\*\*\*\d{4}$/);
    assert.deepEqual([d.guaranteeDetails.guaranteeOffered, d.guaranteeDetails.guaranteeAccepted, d.guaranteeDetails.highestDebitAmountToGuarantee], [true, true, 1960]);
    // The session is an EFT debit of the Pay product: a OneTime schedule whose PAD the payor signed in the app,
    // which the cut-off puts in the CPA-005 file of its due date.
    const prId = d.schedule.transactions[0].id;
    const pr = await pay.get(`/pay/api/v1/paymentrequests/${prId}`);
    assert.equal(pr.status, 200, pr.text);
    assert.deepEqual([pr.body.status, pr.body.amount, pr.body.ReferenceId, pr.body.type, pr.body.paymentDirection], ['Initiated', 100, 'Happy1', 'EFT', 'DEBIT']);
    const padRes = await pay.get(`/pay/api/v1/pads/${d.step.padId}`, { 'x-client-id': SANDBOX_TENANT.apiKey });
    assert.equal(padRes.status, 200, padRes.text);
    assert.equal(padRes.body.status, 'Signed');
    const schedule = await pay.get(`/pay/api/v1/schedules/${pr.body.scheduleId}`, { 'x-client-id': SANDBOX_TENANT.apiKey });
    assert.deepEqual([schedule.body.paymentFrequency, schedule.body.transactionCode, schedule.body.status], ['OneTime', 450, 'Active']);
    const files = await pay.post('/pay/api/v1/files', { valueDate: String(schedule.body.startDate).slice(0, 10) }, { 'x-client-id': SANDBOX_TENANT.apiKey });
    assert.equal(files.status, 200, files.text);
    const file = await call(`${t.url}/pay/api/v1/files/${files.body.files[0].id}`, { headers: { 'x-client-id': SANDBOX_TENANT.apiKey } });
    assert.match(file.text, /JOHN DOE/);
    assert.match(file.text, /^D.{23}4500000010000/m, 'a D record: transaction code 450, $100.00');
    assert.equal((await pay.get(`/pay/api/v1/paymentrequests/${prId}`)).body.status, 'Processed');

    const h = await hookFor(id, 'Completed');
    assertSigned(h);
    assert.deepEqual({ ...h.body, when: undefined }, { eventType: 'SessionSetupStatusChanged', when: undefined, sessionId: id, referenceId: 'Happy1', amount: 100, status: 'Completed', statusDetails: 'EFT0301' });
    assert.equal(sessionHooks(id).length, 1, 'no webhook for Initiated or InProgress');
    const stored = await t.app.platform.db.query<{ payor_account_enc: string; account_number: string }>(
      'select s.payor_account_enc, a.account_number from pay_sessions s join connect_accounts a on a.id = s.account_id where s.id = $1', [id]);
    assert.ok(!stored[0]!.payor_account_enc.includes(stored[0]!.account_number), 'the account number is stored encrypted');
    assert.equal(JSON.parse(t.app.platform.keys.decrypt(stored[0]!.payor_account_enc)).accountNumber, stored[0]!.account_number);
  });

  test('Happy2: $1,000 asked, a Next-Best-Offer of $512 accepted; with the amount locked it is declined for the balance', async () => {
    const id = await pay.createOk(happyBody({ referenceId: 'Happy2', amount: undefined, payor: { firstName: 'Steve', lastName: 'Diamond' } }));
    assertProblem(await (async () => {
      await pay.upToAmount(id, 'Happy2');
      return pay.app(id, 'amount', { amount: 10001 });
    })(), 400, /amount/);
    const g = await pay.appOk(id, 'amount', { amount: 1000 });
    assert.deepEqual(g.guarantee, { offered: true, requestedAmount: 1000, offeredAmount: 512, nextBestOffer: true, accepted: null, awaitingClient: false });
    const accepted = await pay.appOk(id, 'guarantee', { choice: 'accept' });
    assert.equal(accepted.amount, 512);
    await signPad(id, 'Steve Diamond');
    assert.deepEqual((await pay.status(id)).body, { sessionId: id, referenceId: 'Happy2', amount: 512, status: 'Completed', statusDetails: 'EFT0301' });
    assert.equal((await hookFor(id, 'Completed')).body.amount, 512);

    const locked = await pay.createOk(happyBody({ referenceId: 'Happy2', amount: 1000, payor: { firstName: 'Steve', lastName: 'Diamond' } }));
    const declined = await guaranteed(locked, 'Happy2');
    assert.deepEqual([declined.status, declined.statusDetails], ['Failed', 'EFT0404']);
  });

  test('Happy3: a Quebec payor gets the French app by default; completes', async () => {
    const id = await pay.createOk(happyBody({ referenceId: 'Happy3', amount: 250, options: { guarantee: { enable: true } }, payor: { firstName: 'Alex', lastName: 'Rider' } }));
    assert.equal((await pay.view(id)).body.language, 'fr');
    assert.equal((await pay.details(id)).body.options.notificationPreferences.language, 'FR');
    await guaranteed(id, 'Happy3');
    await pay.appOk(id, 'guarantee', { choice: 'accept' });
    const pad = await call(`${t.url}/pay/app/api/sessions/${id}/pad`);
    assert.equal(pad.status, 409);
    await pay.appOk(id, 'review');
    const lines = (await call(`${t.url}/pay/app/api/sessions/${id}/pad`)).body.lines as string[];
    assert.match(lines[0]!, /^Accord de débit préautorisé/);
    assert.equal((await pay.appOk(id, 'pad', { signature: 'Alex Rider', agree: true })).statusDetails, 'EFT0301');
    // An explicit EN wins over the scenario's French.
    const en = await pay.createOk(happyBody({ referenceId: 'Happy3', options: { guarantee: { enable: true }, notificationPreferences: { language: 'EN' } }, payor: { firstName: 'Alex', lastName: 'Rider' } }));
    assert.equal((await pay.view(en)).body.language, 'en');
  });

  test('Unhappy1: no guarantee (4 NSF in 90 days): Failed/EFT0402 with a signed webhook', async () => {
    const id = await pay.createOk(happyBody({ referenceId: 'Unhappy1', amount: undefined, payor: { firstName: 'Joe', lastName: 'Fails' } }));
    const v = await guaranteed(id, 'Unhappy1', 150);
    assert.deepEqual([v.status, v.statusDetails, v.guarantee.offered], ['Failed', 'EFT0402', false]);
    const d = (await pay.details(id)).body;
    assert.deepEqual([d.guaranteeDetails.guaranteeOffered, d.guaranteeDetails.userRiskLevel, d.guaranteeDetails.overallRiskLevel], [false, 'High', 'High']);
    assertSigned(await hookFor(id, 'Failed'));
    assertProblem(await pay.app(id, 'guarantee', { choice: 'accept' }), 409);
  });

  test('Unhappy2: the account holder is someone else: Failed/EFT0403 at the account list', async () => {
    const id = await pay.createOk(happyBody({ referenceId: 'Unhappy2' }));
    await pay.appOk(id, 'start');
    await pay.appOk(id, 'consent');
    await pay.linkBank(id, 'Unhappy2');
    const r = await pay.accounts(id);
    assert.deepEqual(r.accounts, []);
    assert.deepEqual([r.session.status, r.session.statusDetails], ['Failed', 'EFT0403']);
    const d = (await pay.details(id)).body;
    assert.equal(d.userDetails.matchingPerformed, true);
    assert.ok(d.userDetails.nameMatch < 80, String(d.userDetails.nameMatch));
    assert.equal((await hookFor(id, 'Failed')).body.statusDetails, 'EFT0403');
  });

  test('Unhappy3: the available balance is too low: Failed/EFT0404', async () => {
    const id = await pay.createOk(happyBody({ referenceId: 'Unhappy3', amount: undefined, payor: { firstName: 'Sam', lastName: 'Short' } }));
    const v = await guaranteed(id, 'Unhappy3', 75);
    assert.deepEqual([v.status, v.statusDetails], ['Failed', 'EFT0404']);
  });

  test('the payor refuses the offer (other funding) or returns to the client after a Next-Best-Offer: Failed/EFT0402', async () => {
    const a = await pay.createOk(happyBody());
    await guaranteed(a, 'Happy1');
    assert.equal((await pay.appOk(a, 'guarantee', { choice: 'otherFunding' })).statusDetails, 'EFT0402');
    const b = await pay.createOk(happyBody({ referenceId: 'Happy2', amount: undefined, payor: { firstName: 'Steve', lastName: 'Diamond' } }));
    await guaranteed(b, 'Happy2', 900);
    assertProblem(await pay.app(b, 'guarantee', { choice: 'later' }), 400, /choice/);
    assert.equal((await pay.appOk(b, 'guarantee', { choice: 'returnToClient' })).statusDetails, 'EFT0402');
  });
});

describe('other flows', () => {
  test('regular EFT V2: no guarantee step, no payee in the details, the webhook on completion', async () => {
    const id = await pay.createOk(happyBody({ referenceId: 'EFT-V2', amount: undefined, options: { guarantee: { enable: false } } }));
    await pay.upToAmount(id, 'Happy1');
    const v = await pay.appOk(id, 'amount', { amount: 42.5 });
    assert.equal(v.step, 'Review');
    assert.equal(v.guarantee, null);
    await signPad(id, 'John Doe');
    const d = (await pay.details(id)).body;
    assert.deepEqual([d.status, d.statusDetails, d.amount, d.payee, d.guaranteeDetails, d.options.guarantee.enable], ['Completed', 'EFT0301', 42.5, null, undefined, false]);
    assert.equal((await hookFor(id, 'Completed')).body.amount, 42.5);
  });

  test('leaving at the PAD warning: Completed/EFT0302 (account validated, no PAD), the debit cancelled', async () => {
    const id = await pay.createOk(happyBody());
    await guaranteed(id, 'Happy1');
    await pay.appOk(id, 'guarantee', { choice: 'accept' });
    await pay.appOk(id, 'review');
    const opened = (await pay.view(id)).body.paymentRequest;
    assert.equal(opened.status, 'Initiated', 'the debit exists from the review, waiting for its PAD');
    const v = await pay.appOk(id, 'exit');
    assert.deepEqual([v.status, v.statusDetails, v.paymentRequest.status], ['Completed', 'EFT0302', 'Cancelled'], 'never filed');
    assert.equal((await hookFor(id, 'Completed')).body.statusDetails, 'EFT0302');
    // Before an account is chosen there is nothing to leave at.
    const early = await pay.createOk(happyBody());
    await pay.appOk(early, 'start');
    assertProblem(await pay.app(early, 'exit'), 409);
  });

  test('cancel sends Canceled/EFT0501; a debit opened at the review is cancelled with its schedule', async () => {
    const id = await pay.createOk(happyBody());
    await pay.post(`/pay/api/v2/sessions/${id}/cancel`, {});
    assertSigned(await hookFor(id, 'Canceled'));

    const atPad = await pay.createOk(happyBody());
    await guaranteed(atPad, 'Happy1');
    await pay.appOk(atPad, 'guarantee', { choice: 'accept' });
    const reviewed = await pay.appOk(atPad, 'review');
    assert.equal(reviewed.paymentRequest.status, 'Initiated');
    await pay.post(`/pay/api/v2/sessions/${atPad}/cancel`, {});
    const pr = await pay.get(`/pay/api/v1/paymentrequests/${reviewed.paymentRequest.id}`);
    assert.equal(pr.body.status, 'Cancelled');
    const schedule = await pay.get(`/pay/api/v1/schedules/${pr.body.scheduleId}`, { 'x-client-id': SANDBOX_TENANT.apiKey });
    assert.equal(schedule.body.status, 'Cancelled');
  });
});

describe('guarantee confirmation by the client', () => {
  let client: PayClient;
  before(async () => {
    const c = await t.app.platform.tenants.create({ name: 'Confirming Lender', webhookUrl: `${hookUrl}/ok`, webhookSecret: SECRET });
    client = new PayClient(t.url, c.tenant.id, c.secretKey);
    await client.authorize();
    const r = await call(`${t.url}/pay/api/v2/settings`, {
      method: 'PATCH',
      json: { confirmGuarantees: true, settlementAccount: { institutionCode: '001', transitNumber: '00011', accountNumber: '7654321' } },
      headers: { authorization: `Bearer ${client.token}` },
    });
    assert.equal(r.status, 200, r.text);
  });

  const upToOffer = async (payor = { firstName: 'John', lastName: 'Doe' }) => {
    const id = await client.createOk(happyBody({ referenceId: 'Happy1', payor }));
    await client.upToAmount(id, 'Happy1');
    await client.appOk(id, 'amount');
    const v = await client.appOk(id, 'guarantee', { choice: 'accept' });
    assert.deepEqual([v.step, v.guarantee.awaitingClient], ['GuaranteeOffer', true], 'the payor waits for the client');
    return id;
  };

  test('GuaranteeIssued webhook (signed), then confirm true: the payor goes on to the review', async () => {
    const id = await upToOffer();
    const h = await hookFor(id, '', 'GuaranteeIssued');
    assertSigned(h);
    assert.deepEqual([h.body.amount, h.body.highestDebitAmountToGuarantee, h.body.overallRiskLevel], [100, 1960, 'Low']);
    assertProblem(await client.app(id, 'review'), 409);
    const c = await client.post(`/pay/api/v2/sessions/${id}/guarantees/confirm`, { guaranteeAccepted: true });
    assert.deepEqual(c.body, { sessionId: id, referenceId: 'Happy1' });
    assert.equal((await client.view(id)).body.step, 'Review');
    assertProblem(await client.post(`/pay/api/v2/sessions/${id}/guarantees/confirm`, { guaranteeAccepted: true }), 400, /No guarantee/);
    assert.equal((await signPadAs(client, id)).status, 'Completed');
  });

  test('confirm false: Failed/EFT0402', async () => {
    const id = await upToOffer();
    await client.post(`/pay/api/v2/sessions/${id}/guarantees/confirm`, { guaranteeAccepted: 'false' });
    assert.deepEqual([(await client.status(id)).body.status, (await client.status(id)).body.statusDetails], ['Failed', 'EFT0402']);
    assert.equal((await client.details(id)).body.guaranteeDetails.guaranteeAccepted, false);
  });

  test('three failed deliveries of the guarantee webhook fail the session', async () => {
    await t.app.platform.tenants.update(client.customerId, { webhookUrl: `${hookUrl}/fail` });
    try {
      const id = await upToOffer();
      // The sweep (also a job every minute) fails the session once three deliveries have failed.
      const failed = await waitFor('the session to fail', async () => {
        const swept = await client.post('/pay/api/v2/sandbox/sweep', {});
        assert.equal(swept.status, 200);
        const s = (await client.status(id)).body;
        return s.status === 'Failed' ? s : null;
      }, 20_000, 200);
      assert.equal(failed.statusDetails, 'EFT0402');
      const event = (await t.app.platform.webhooks.list(client.customerId)).find((e) => e.Type === 'GuaranteeIssued')!;
      assert.equal(event.Status, 'Failed');
      assert.deepEqual(event.Deliveries.map((d) => d.StatusCode), [500, 500, 500], 'three tries, no more');
    } finally {
      await t.app.platform.tenants.update(client.customerId, { webhookUrl: `${hookUrl}/ok` });
    }
  });

  test('a session status webhook the receiver refuses is not retried (guides/pay/geft/webhooks/session-status)', async () => {
    await t.app.platform.tenants.update(client.customerId, { webhookUrl: `${hookUrl}/fail` });
    try {
      const earlier = new Set((await t.app.platform.webhooks.list(client.customerId)).map((x) => x.EventId));
      const id = await client.createOk(happyBody({ referenceId: 'Happy1' }));
      await client.post(`/pay/api/v2/sessions/${id}/cancel`, {});
      const event = await waitFor('the status webhook to fail', async () => {
        const e = (await t.app.platform.webhooks.list(client.customerId)).find((x) => !earlier.has(x.EventId) && x.Type === 'SessionSetupStatusChanged' && x.Status === 'Failed');
        return e ?? null;
      }, 15_000, 100);
      assert.equal(event.Attempts, 1);
      assert.deepEqual(event.Deliveries.map((d) => d.StatusCode), [500]);
      assert.equal(sessionHooks(id).length, 1, 'the receiver saw one POST');
    } finally {
      await t.app.platform.tenants.update(client.customerId, { webhookUrl: `${hookUrl}/ok` });
    }
  });
});

async function signPadAs(c: PayClient, id: string) {
  await c.appOk(id, 'review');
  return c.appOk(id, 'pad', { signature: 'John Doe', agree: true });
}

describe('idle expiry', () => {
  test('a session idle past the customer’s timeout is Expired/EFT0601, without a webhook; the app cannot go on', async () => {
    const c = await t.app.platform.tenants.create({ name: 'Short Sessions', webhookUrl: `${hookUrl}/ok`, webhookSecret: SECRET });
    const client = new PayClient(t.url, c.tenant.id, c.secretKey);
    await client.authorize();
    await call(`${t.url}/pay/api/v2/settings`, { method: 'PATCH', json: { sessionTimeoutMinutes: 1, settlementAccount: { institutionCode: '001', transitNumber: '00011', accountNumber: '7654321' } }, headers: { authorization: `Bearer ${client.token}` } });
    const idle = await client.createOk(happyBody());
    const swept = await client.createOk(happyBody());
    const busy = await client.createOk(happyBody());
    await t.app.platform.advanceClock(50_000);
    await client.appOk(busy, 'start'); // activity keeps it alive
    await t.app.platform.advanceClock(20_000);
    assert.deepEqual((await client.status(idle)).body.statusDetails, 'EFT0601', 'reading expires it');
    assert.equal((await client.status(idle)).body.status, 'Expired');
    const r = await client.post('/pay/api/v2/sandbox/sweep', {});
    assert.ok(r.body.expired >= 1);
    const rows = await t.app.platform.db.query<{ status: string }>('select status from pay_sessions where id = $1', [swept]);
    assert.equal(rows[0]!.status, 'Expired', 'the sweep expired it without anybody reading it');
    assert.equal((await client.status(busy)).body.status, 'InProgress');
    assertProblem(await client.app(idle, 'start'), 409, /Expired/);
    assertProblem(await client.post(`/pay/api/v2/sessions/${idle}/cancel`, {}), 400);
    await new Promise((res) => setTimeout(res, 300));
    assert.equal(sessionHooks(idle).length + sessionHooks(swept).length, 0, 'Expired sends no webhook');
  });
});
