/**
 * Sessions V2 over HTTP: create (201, the /initiate alias, every refusal as 400
 * ProblemDetails naming its field, nothing written), authentication (Bearer or
 * x-api-key; the status endpoint without credentials), tenant isolation,
 * status and details before the flow, cancel, RegularEft and the settlement
 * account (settings), Idempotency-Key, and the hosted app's refusals.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { call, startTestApp, type TestApp } from '../../support/app.ts';
import { GUID } from '../../support/flinks.ts';
import { SANDBOX_TENANT } from '../../../src/platform/tenants.ts';
import { PayClient, assertProblem, happyBody } from './sessions-client.ts';

let t: TestApp;
let pay: PayClient;
let other: PayClient;
let otherKey: string;

before(async () => {
  t = await startTestApp();
  pay = new PayClient(t.url);
  await pay.authorize();
  const created = await t.app.platform.tenants.create({ name: 'Other Lender' });
  otherKey = created.apiKey;
  other = new PayClient(t.url, created.tenant.id, created.secretKey);
  await other.authorize();
});
after(async () => t.stop());

const count = async () => Number((await t.app.platform.db.query<{ n: number }>('select count(*)::int as n from pay_sessions'))[0]!.n);

describe('create', () => {
  test('201 {sessionId, referenceId}; /initiate is the same endpoint; the session starts Initiated/EFT0101', async () => {
    for (const path of ['/pay/api/v2/sessions', '/pay/api/v2/sessions/initiate']) {
      const r = await pay.post(path, happyBody({ referenceId: 'ORDER-1' }));
      assert.equal(r.status, 201, r.text);
      assert.deepEqual(Object.keys(r.body), ['sessionId', 'referenceId']);
      assert.match(r.body.sessionId, GUID);
      assert.equal(r.body.referenceId, 'ORDER-1');
      const s = await pay.status(r.body.sessionId);
      assert.deepEqual(s.body, { sessionId: r.body.sessionId, referenceId: 'ORDER-1', amount: 100, status: 'Initiated', statusDetails: 'EFT0101' });
    }
  });

  test('no referenceId: null in the answer; no amount: null in the status', async () => {
    const r = await pay.create(happyBody({ referenceId: undefined, amount: undefined }));
    assert.equal(r.status, 201);
    assert.equal(r.body.referenceId, null);
    assert.equal((await pay.status(r.body.sessionId)).body.amount, null);
  });

  test('every refusal is 400 ProblemDetails naming the field, and writes nothing', async () => {
    const before = await count();
    const cases: [Record<string, unknown>, string][] = [
      [happyBody({ type: undefined }), 'type'],
      [happyBody({ type: 'Wire' }), 'type'],
      [happyBody({ direction: 'CREDIT' }), 'direction'],
      [happyBody({ currency: 'USD' }), 'currency'],
      [happyBody({ referenceId: 'r'.repeat(101) }), 'referenceId'],
      [happyBody({ amount: 0 }), 'amount'],
      [happyBody({ amount: 100000 }), 'amount'],
      [happyBody({ amount: 10.001 }), 'amount'],
      [happyBody({ payor: undefined }), 'payor'],
      [happyBody({ payor: { firstName: 'John' } }), 'payor.lastName'],
      [happyBody({ payor: { firstName: 'John', lastName: 'Doe', phone: '514-555' } }), 'payor.phone'],
      [happyBody({ payor: { firstName: 'John', lastName: 'Doe', address: { postalCode: 'H2E 2E2' } } }), 'payor.address.postalCode'],
      [happyBody({ payee: { account: { institutionCode: '9999', transitNumber: '60265', accountNumber: '9876541' } } }), 'payee.account.institutionCode'],
      [happyBody({ options: { notificationPreferences: { language: 'DE' } } }), 'options.notificationPreferences.language'],
      [happyBody({ type: 'e-Transfer', options: {}, payor: { firstName: 'A', lastName: 'B' } }), 'payor.email'],
    ];
    for (const [body, field] of cases) {
      const r = await pay.create(body);
      assertProblem(r, 400);
      assert.ok(String(r.body.detail).startsWith(`${field}:`), `${field}: ${r.body.detail}`);
      assert.ok(r.body.errors?.[field], `errors names ${field}`);
    }
    for (const raw of ['{"type":', '[1,2]', '"x"']) {
      const r = await call(`${t.url}/pay/api/v2/sessions`, { method: 'POST', body: raw, headers: { 'content-type': 'application/json', authorization: `Bearer ${pay.token}` } });
      assertProblem(r, 400);
    }
    assert.equal(await count(), before, 'nothing was written');
  });

  test('property: any JSON body answers 201 or a 4xx ProblemDetails, never a 500', async () => {
    const v = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.double({ noNaN: true }), fc.string({ maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 20 }));
    const body = fc.record({
      type: fc.oneof(fc.constantFrom('EFT', 'e-Transfer'), v), direction: fc.oneof(fc.constant('DEBIT'), v), amount: fc.oneof(fc.double({ min: -5, max: 200000, noNaN: true }), v),
      referenceId: v, options: fc.oneof(v, fc.record({ guarantee: fc.oneof(v, fc.record({ enable: v })), limits: fc.oneof(v, fc.record({ minimumAmount: v, maximumAmount: v })) })),
      payor: fc.oneof(v, fc.record({ firstName: v, lastName: v, email: v, phone: v })), payee: v,
    }, { requiredKeys: [] });
    await fc.assert(fc.asyncProperty(body, async (b) => {
      const r = await pay.create(b);
      assert.ok(r.status === 201 || (r.status >= 400 && r.status < 500), `${r.status} ${r.text}`);
      if (r.status !== 201) assert.match(r.headers.get('content-type') ?? '', /problem\+json/);
    }), { numRuns: 60 });
  });

  test('regular EFT V2 (guarantee off) needs RegularEft: 403 once the client turns it off', async () => {
    const regular = happyBody({ referenceId: 'REG-1', options: { guarantee: { enable: false } } });
    assert.equal((await pay.create(regular)).status, 201, 'sandbox customers have RegularEft');
    const off = await pay.post('/pay/api/v2/settings', {}, {});
    assert.equal(off.status, 404, 'settings are changed with PATCH');
    const patched = await call(`${t.url}/pay/api/v2/settings`, { method: 'PATCH', json: { regularEft: false }, headers: { authorization: `Bearer ${pay.token}` } });
    assert.equal(patched.status, 200, patched.text);
    assert.equal(patched.body.regularEft, false);
    assertProblem(await pay.create(regular), 403, /RegularEft/);
    await call(`${t.url}/pay/api/v2/settings`, { method: 'PATCH', json: { regularEft: true }, headers: { authorization: `Bearer ${pay.token}` } });
  });

  test('no payee and no settlement account: 400; with one configured the session is created', async () => {
    assertProblem(await other.create(happyBody({ options: { guarantee: { enable: true } } })), 400, /settlement account/);
    const withPayee = await other.create(happyBody({ payee: { account: { institutionCode: '999', transitNumber: '30265', accountNumber: '9876541', accountLabel: 'Savings' } } }));
    assert.equal(withPayee.status, 201, 'a per-session payee needs no settlement account');
    const d = await other.details(withPayee.body.sessionId);
    assert.deepEqual(d.body.payee, { account: { institutionCode: '999', transitNumber: '30265', accountNumber: '****6541', accountLabel: 'Savings' } });
    const bad = await call(`${t.url}/pay/api/v2/settings`, { method: 'PATCH', json: { settlementAccount: { institutionCode: '1' } }, headers: { authorization: `Bearer ${other.token}` } });
    assertProblem(bad, 400, /settlementAccount.institutionCode/);
    const set = await call(`${t.url}/pay/api/v2/settings`, { method: 'PATCH', json: { settlementAccount: { institutionCode: '001', transitNumber: '12345', accountNumber: '1234567' } }, headers: { authorization: `Bearer ${other.token}` } });
    assert.equal(set.status, 200);
    assert.equal(set.body.settlementAccount.accountNumber, '****4567', 'never shown in full');
    assert.equal((await other.create(happyBody())).status, 201);
    const stored = await t.app.platform.db.query<{ settlement_account_enc: string }>('select settlement_account_enc from pay_sessions_settings');
    assert.ok(stored.every((r) => !r.settlement_account_enc.includes('1234567')), 'stored encrypted');
  });

  test('Idempotency-Key: the same key and body answer the first session; another body 409', async () => {
    const key = { 'idempotency-key': `k-${Date.now()}` };
    const a = await pay.create(happyBody({ referenceId: 'IDEM' }), key);
    const b = await pay.create(happyBody({ referenceId: 'IDEM' }), key);
    assert.equal(a.status, 201);
    assert.equal(b.status, 201);
    assert.equal(b.body.sessionId, a.body.sessionId);
    assert.equal(b.headers.get('idempotent-replayed'), 'true');
    assertProblem(await pay.create(happyBody({ referenceId: 'IDEM-2' }), key), 409);
  });
});

describe('authentication and isolation', () => {
  test('no token, a wrong token: 401; the x-api-key is accepted too', async () => {
    const body = happyBody();
    assertProblem(await call(`${t.url}/pay/api/v2/sessions`, { method: 'POST', json: body }), 401);
    assertProblem(await call(`${t.url}/pay/api/v2/sessions`, { method: 'POST', json: body, headers: { authorization: 'Bearer nope' } }), 401);
    const r = await call(`${t.url}/pay/api/v2/sessions`, { method: 'POST', json: body, headers: { 'x-api-key': SANDBOX_TENANT.apiKey } });
    assert.equal(r.status, 201);
    const d = await call(`${t.url}/pay/api/v2/sessions/${r.body.sessionId}/details`, { headers: { 'x-client-id': SANDBOX_TENANT.apiKey } });
    assert.equal(d.status, 200);
    assertProblem(await call(`${t.url}/pay/api/v2/sessions/${r.body.sessionId}/details`), 401);
  });

  test('status answers without credentials (one docs page), but credentials sent must be right and the customer’s own', async () => {
    const id = await pay.createOk(happyBody());
    const open = await call(`${t.url}/pay/api/v2/sessions/${id}/status`);
    assert.equal(open.status, 200);
    assert.equal(open.body.status, 'Initiated');
    assertProblem(await call(`${t.url}/pay/api/v2/sessions/${id}/status`, { headers: { authorization: 'Bearer wrong' } }), 401);
    assertProblem(await other.status(id), 404);
    assertProblem(await call(`${t.url}/pay/api/v2/sessions/${id}/status`, { headers: { 'x-api-key': otherKey } }), 404);
  });

  test('another customer’s session is unknown everywhere; malformed ids are 404 too', async () => {
    const id = await pay.createOk(happyBody());
    assertProblem(await other.details(id), 404);
    assertProblem(await other.post(`/pay/api/v2/sessions/${id}/cancel`, {}), 404);
    assertProblem(await other.post(`/pay/api/v2/sessions/${id}/guarantees/confirm`, { guaranteeAccepted: true }), 404);
    assertProblem(await pay.details('not-a-guid'), 404);
    assertProblem(await pay.status('00000000-0000-4000-8000-000000000000'), 404);
    assert.equal((await pay.status(id)).body.status, 'Initiated', 'untouched');
  });
});

describe('details, cancel, confirm', () => {
  test('details of a new session: options as created, no account yet, identity not checked', async () => {
    const id = await pay.createOk(happyBody({
      referenceId: 'D-1', amount: 250.5,
      options: { guarantee: { enable: true }, notificationPreferences: { language: 'FR' }, showConsentScreen: true, limits: { minimumAmount: 50, maximumAmount: 5000 }, redirectPreferences: { mode: 'Redirect', urlSuccess: 'https://shop.example/ok' } },
      payor: { firstName: 'Sara', lastName: 'Ahmad', middleName: 'K', email: 'sara@example.com', phone: '5145550100', address: { addressLine1: '123 Street', city: 'Toronto', province: 'ON', country: 'CA', postalCode: 'M5H2N2' } },
    }));
    const d = (await pay.details(id)).body;
    assert.equal(d.sessionId, id);
    assert.equal(d.status, 'Initiated');
    assert.deepEqual(d.step, { current: 'Start', aggregationRequestId: null, padId: null });
    assert.deepEqual([d.type, d.direction, d.currency, d.amount, d.referenceId], ['EFT', 'DEBIT', 'CAD', 250.5, 'D-1']);
    assert.deepEqual(d.options, {
      guarantee: { enable: true }, notificationPreferences: { language: 'FR' }, showConsentScreen: true, limits: { minimumAmount: 50, maximumAmount: 5000 },
      amountModification: false, redirectPreferences: { mode: 'Redirect', urlSuccess: 'https://shop.example/ok', urlExit: null },
    });
    assert.equal(d.payor.account, null, 'no account before the flow');
    assert.equal(d.payor.middleName, 'K');
    assert.equal(d.payor.address.postalCode, 'M5H2N2');
    assert.equal(d.payee, null);
    assert.deepEqual(d.userDetails, { matchingPerformed: false, nameMatch: null });
    assert.deepEqual(d.guaranteeDetails, { guaranteeOffered: false, guaranteeAccepted: false, highestDebitAmountToGuarantee: null, overallRiskLevel: 'Unknown', transactionRiskLevel: 'Unknown', userRiskLevel: 'Unknown', otherRiskLevel: 'Unknown', requestedAmount: null, offeredAmount: null, nextBestOffer: false });
    assert.match(d.createdAt, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
  });

  test('cancel: Canceled/EFT0501, again is harmless, the hosted app is over; a finished session cannot be canceled', async () => {
    const id = await pay.createOk(happyBody());
    await pay.appOk(id, 'start');
    const c = await pay.post(`/pay/api/v2/sessions/${id}/cancel`, {});
    assert.equal(c.status, 200);
    assert.deepEqual(c.body, { sessionId: id, referenceId: 'Happy1', amount: 100, status: 'Canceled', statusDetails: 'EFT0501' });
    assert.equal((await pay.post(`/pay/api/v2/sessions/${id}/cancel`, {})).status, 200);
    assertProblem(await pay.app(id, 'consent'), 409, /Canceled/);
    const view = await pay.view(id);
    assert.equal(view.body.status, 'Canceled');

    const done = await pay.createOk(happyBody());
    await pay.upToAmount(done, 'Happy1');
    await pay.appOk(done, 'exit');
    assert.equal((await pay.status(done)).body.statusDetails, 'EFT0302');
    assertProblem(await pay.post(`/pay/api/v2/sessions/${done}/cancel`, {}), 400, /cannot be canceled: it is Completed/);
  });

  test('guarantees/confirm: a body is required, and only a guarantee waiting for the client can be confirmed', async () => {
    const id = await pay.createOk(happyBody());
    assertProblem(await pay.post(`/pay/api/v2/sessions/${id}/guarantees/confirm`, {}), 400, /guaranteeAccepted/);
    assertProblem(await pay.post(`/pay/api/v2/sessions/${id}/guarantees/confirm`, { guaranteeAccepted: 'maybe' }), 400);
    assertProblem(await pay.post(`/pay/api/v2/sessions/${id}/guarantees/confirm`, { guaranteeAccepted: true }), 400, /No guarantee/);
    const eft = await pay.createOk(happyBody({ options: { guarantee: { enable: false } } }));
    assertProblem(await pay.post(`/pay/api/v2/sessions/${eft}/guarantees/confirm`, { guaranteeAccepted: true }), 400, /Guaranteed EFT/);
  });
});

describe('hosted app refusals', () => {
  test('steps out of order are 409; bad input 400; unknown sessions 404; the app page needs no build error', async () => {
    const id = await pay.createOk(happyBody());
    assertProblem(await pay.app(id, 'consent'), 409, /Initiated|step Start/);
    await pay.appOk(id, 'start');
    assertProblem(await pay.app(id, 'pad', { signature: 'John Doe', agree: true }), 409, /step Consent/);
    assertProblem(await pay.app(id, 'review'), 409);
    await pay.appOk(id, 'consent');
    assertProblem(await pay.app(id, 'linked', { loginId: 'x' }), 400, /requestId/);
    assertProblem(await pay.app(id, 'linked', { loginId: '00000000-0000-4000-8000-000000000000', requestId: '00000000-0000-4000-8000-000000000001' }), 400, /not a connection made for this session/);
    // A connection made outside this session's widget (no tag, another session's tag) is refused.
    const late = await pay.createOk(happyBody());
    await pay.appOk(late, 'start');
    await pay.appOk(late, 'consent');
    assertProblem(await pay.app(late, 'linked', await pay.connect.connect('Happy1')), 400);
    assertProblem(await pay.app(late, 'linked', await pay.connect.connect('Happy1', { tag: `pay-session:${id}` })), 400);
    assert.equal((await pay.app(late, 'linked', await pay.connect.connect('Happy1', { tag: `pay-session:${late}` }))).status, 200);
    assertProblem(await call(`${t.url}/pay/app/api/sessions/00000000-0000-4000-8000-000000000000`), 404);
    assertProblem(await call(`${t.url}/pay/app/api/nothing-here`), 404);
    const page = await call(`${t.url}/pay/app/?sessionId=${id}`);
    assert.ok(page.status === 200 || page.status === 503);
    if (page.status === 200) {
      const csp = page.headers.get('content-security-policy') ?? '';
      assert.match(csp, /frame-src 'self'/);
      assert.match(csp, /frame-ancestors \*/, 'the sandbox customer allows any origin');
      assert.equal(page.headers.get('referrer-policy'), 'no-referrer');
    }
  });

  test('three refused bank logins fail the session with EFT0401 (Unhappy4: the bank refuses every password)', async () => {
    const id = await pay.createOk(happyBody({ referenceId: 'Unhappy4', payor: { firstName: 'Nina', lastName: 'Locked' } }));
    await pay.appOk(id, 'start');
    await pay.appOk(id, 'consent');
    await pay.appOk(id, 'institution');
    for (let i = 1; i <= 3; i++) {
      const r = await pay.connect.post('Authorize', { Institution: 'FlinksCapital', Username: 'Unhappy4', Password: 'Everyday', MostRecentCached: false, Save: true });
      assert.equal(r.status, 401);
      assert.equal(r.body.FlinksCode, 'INVALID_PASSWORD');
      const v = await pay.appOk(id, 'login-failure', { code: r.body.FlinksCode });
      assert.equal(v.status, i < 3 ? 'InProgress' : 'Failed');
      assert.equal(v.loginFailures, i);
    }
    assert.deepEqual((await pay.status(id)).body, { sessionId: id, referenceId: 'Unhappy4', amount: 100, status: 'Failed', statusDetails: 'EFT0401' });
    // Other codes (a disabled institution...) do not count; MAX_INVALID from the widget fails at once.
    const id2 = await pay.createOk(happyBody());
    await pay.appOk(id2, 'start');
    await pay.appOk(id2, 'consent');
    assert.equal((await pay.appOk(id2, 'login-failure', { code: 'DISABLED_INSTITUTION' })).loginFailures, 0);
    assert.equal((await pay.appOk(id2, 'login-failure', { code: 'MAX_INVALID' })).statusDetails, 'EFT0401');
  });
});
