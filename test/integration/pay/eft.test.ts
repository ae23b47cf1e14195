/**
 * EFT V1 end to end over HTTP: transactions, schedules, PAD signing, contacts,
 * purpose categories, institutions, payment requests, the cut-off into a
 * CPA-005 file (read back by the tests' own reader), settlement, returns and
 * the decision matrix, webhooks on every status change, Idempotency-Key.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { call, startTestApp, type TestApp } from '../../support/app.ts';
import { PayClient, assertProblem, credit, debit, payToday, plusDays, type PayCreds } from '../../support/pay.ts';
import { readCpa005, totalsOf, julianToIso } from '../../support/cpa005-reader.ts';
import { waitFor } from '../../support/wait.ts';
import fc from 'fast-check';

let t: TestApp;
let pay: PayClient;
let other: PayClient;
let receiver: http.Server;
const received: { type: string; body: any }[] = [];
let today: string;

before(async () => {
  process.env.PAY_ORIGINATOR_ID = 'TESTORIG01';
  process.env.PAY_FILE_CREATION_NUMBER_START = '17';
  process.env.PAY_SETTLEMENT_DAYS = '2';
  receiver = http.createServer((req, res) => {
    let raw = '';
    req.on('data', (d) => (raw += d));
    req.on('end', () => {
      received.push({ type: String(req.headers['x-maplelink-event-type']), body: JSON.parse(raw) });
      res.writeHead(200).end();
    });
  });
  await new Promise<void>((r) => receiver.listen(0, '127.0.0.1', r));
  t = await startTestApp();
  const port = (receiver.address() as AddressInfo).port;
  const made = await t.app.platform.tenants.create({ name: 'Maple Lending', webhookUrl: `http://127.0.0.1:${port}/hooks`, webhookSecret: 's3cret' });
  const creds: PayCreds = { customerId: made.tenant.id, secretKey: made.secretKey, apiKey: made.apiKey };
  pay = new PayClient(t.url, creds);
  other = new PayClient(t.url);
  today = payToday(t.app.platform.clock.now());
});

after(async () => {
  await t.stop();
  await new Promise((r) => receiver.close(r));
});

/** Status-change events written to the outbox for this customer, oldest first. */
async function events(type?: string): Promise<any[]> {
  const rows = await t.app.platform.db.query<{ type: string; body: string }>('select type, body from webhook_events where customer_id = $1 order by seq', [pay.creds.customerId]);
  return rows.filter((r) => !type || r.type === type).map((r) => ({ type: r.type, ...JSON.parse(r.body) }));
}

async function schedule(id: string): Promise<any> {
  const res = await pay.get(`/schedules/${id}`);
  assert.equal(res.status, 200, res.text);
  return res.body;
}

describe('transactions', () => {
  test('a OneTime debit: the schedule as Flinks answers it, with its PAD and payment', async () => {
    const s = await pay.create(debit(today));
    assert.match(s.id, /^[0-9a-f-]{36}$/);
    assert.equal(s.amount, 250);
    assert.equal(s.startDate, `${plusDays(today, 1)}T00:00:00`);
    assert.equal(s.endDate, '0001-01-01T00:00:00');
    assert.equal(s.transactionsCount, 1);
    assert.equal(s.frequency, 'OneTime');
    assert.deepEqual(s.payor, { name: 'Jane Doe', email: null });
    assert.deepEqual(s.payee, { name: null, email: null });
    assert.equal(s.status, 'Active');
    assert.equal(s.padStatus, 'Pending');
    assert.match(s.padId, /^[0-9a-f-]{36}$/);
    assert.equal(s.crossReferenceNumber, 'INV-1001');
    assert.equal(s.paymentDirection, 'DEBIT');
    assert.equal(s.paymentRequestIds.length, 1);

    const g = await schedule(s.id);
    assert.equal(g.startDate, plusDays(today, 1));
    assert.equal(g.endDate, '0001-01-01');
    assert.equal(g.paymentFrequency, 'OneTime');
    assert.equal(g.paymentType, 'EFT');
    assert.equal(g.padId, s.padId);
    assert.match(g.createdAt, /Z$/);
    assert.deepEqual(g.payments.map((p: any) => [p.id, p.status, p.dueDate]), [[s.paymentRequestIds[0], 'Initiated', plusDays(today, 1)]]);

    const pr = await pay.get(`/paymentrequests/${s.paymentRequestIds[0]}`);
    assert.equal(pr.status, 200);
    assert.equal(pr.body.status, 'Initiated');
    assert.equal(pr.body.requestId, s.paymentRequestIds[0]);
    assert.match(pr.body.paymentReferenceNumber, /^ML-\d{8}-[0-9A-F]{8}$/);
    assert.equal(pr.body.dueDate, plusDays(today, 1));
  });

  test('a recurring debit with an end date answers its end date and count', async () => {
    const s = await pay.create(debit(today, { scheduleInfo: { paymentFrequency: 'Weekly', startDate: plusDays(today, 3), endDate: plusDays(today, 24) } }));
    assert.equal(s.endDate, `${plusDays(today, 24)}T00:00:00`);
    assert.equal(s.transactionsCount, 4);
    assert.equal(s.frequency, 'Weekly');
    const g = await schedule(s.id);
    assert.deepEqual(g.payments.map((p: any) => p.dueDate), [3, 10, 17, 24].map((d) => plusDays(today, d)));
  });

  test('a credit: same day, payee only, no PAD', async () => {
    const s = await pay.create(credit(today));
    assert.deepEqual(s.payee, { name: 'Acme Ltd', email: null });
    assert.deepEqual(s.payor, { name: null, email: null });
    assert.equal(s.padId, null);
    assert.equal(s.padStatus, null);
    assert.equal(s.amount, 1000.5);
  });

  test('bad requests answer 400 ProblemDetails naming the field, and write nothing', async () => {
    const before = (await t.app.platform.db.query<{ n: number }>('select count(*)::int as n from pay_schedules'))[0]!.n;
    assertProblem(await pay.post('/transactions', [debit(today, { amount: 0 })]), 400, /amount: must be at least 0.01/);
    assertProblem(await pay.post('/transactions', [debit(today, { scheduleInfo: { paymentFrequency: 'OneTime', startDate: today } })]), 400, /future/);
    assertProblem(await pay.post('/transactions', [debit(today), debit(today)]), 400, /Exactly one/);
    assertProblem(await pay.post('/transactions', debit(today)), 400, /array/);
    const bad = await pay.post('/transactions', [debit(today, { transactionCode: 1 })]);
    assertProblem(bad, 400, /Standard 007/);
    assert.deepEqual(Object.keys(bad.body.errors), ['[0].transactionCode']);
    const malformed = await call(`${t.url}/pay/api/v1/transactions`, { method: 'POST', headers: pay.headers({ 'content-type': 'application/json' }), body: '[{"amount": ' });
    assertProblem(malformed, 400, /not valid JSON/);
    const xml = await call(`${t.url}/pay/api/v1/transactions`, { method: 'POST', headers: pay.headers({ 'content-type': 'application/xml' }), body: '<x/>' });
    assertProblem(xml, 415);
    // An unknown contact or account is the request's fault.
    assertProblem(await pay.post('/transactions', [debit(today, { payor: { accountInfo: { accountId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301' }, contactInfo: { firstName: 'A', lastName: 'B' } } })]), 400, /account .* was not found/);
    const after = (await t.app.platform.db.query<{ n: number }>('select count(*)::int as n from pay_schedules'))[0]!.n;
    assert.equal(after, before);
  });

  test('no credential, a wrong one, or another customer: 401 / 404 as for an unknown id', async () => {
    const s = await pay.create(debit(today));
    assertProblem(await call(`${t.url}/pay/api/v1/schedules/${s.id}`), 401);
    assertProblem(await call(`${t.url}/pay/api/v1/schedules/${s.id}`, { headers: { 'x-client-id': 'nope' } }), 401);
    assertProblem(await other.get(`/schedules/${s.id}`), 404);
    assertProblem(await other.get(`/pads/${s.padId}`), 404);
    assertProblem(await other.get(`/paymentrequests/${s.paymentRequestIds[0]}`), 404);
    assertProblem(await other.post(`/schedules/${s.id}/cancel`), 404);
    assertProblem(await pay.get('/schedules/not-a-guid'), 404);
    // A Bearer token works as well as x-client-id.
    const token = await pay.token();
    const viaBearer = await call(`${t.url}/pay/api/v1/schedules/${s.id}`, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(viaBearer.status, 200);
  });
});

describe('Idempotency-Key', () => {
  test('same key and body: the first answer again, one schedule; another body: 409', async () => {
    const key = `k-${Date.now()}`;
    const body = [debit(today, { crossReferenceNumber: 'IDEM-1' })];
    const first = await pay.post('/transactions', body, { 'idempotency-key': key });
    const second = await pay.post('/transactions', body, { 'idempotency-key': key });
    assert.equal(first.status, 200);
    assert.equal(second.status, 200);
    assert.deepEqual(second.body, first.body);
    assert.equal(second.headers.get('idempotent-replayed'), 'true');
    const n = await t.app.platform.db.query<{ n: number }>("select count(*)::int as n from pay_schedules where cross_reference_number = 'IDEM-1'");
    assert.equal(n[0]!.n, 1);
    assertProblem(await pay.post('/transactions', [debit(today, { crossReferenceNumber: 'IDEM-2' })], { 'idempotency-key': key }), 409);
    // A request refused for bad input does not use up its key.
    const k2 = `k2-${Date.now()}`;
    assertProblem(await pay.post('/transactions', [debit(today, { amount: -1 })], { 'idempotency-key': k2 }), 400);
    assert.equal((await pay.post('/transactions', body, { 'idempotency-key': k2 })).status, 200);
    // Keys belong to a customer.
    assert.equal((await other.post('/transactions', body, { 'idempotency-key': key })).status, 200);
  });

  test('concurrent requests with one key: one runs, the others answer its result', async () => {
    const key = `concurrent-${Date.now()}`;
    const body = [debit(today, { crossReferenceNumber: 'IDEM-C' })];
    const answers = await Promise.all([1, 2, 3, 4].map(() => pay.post('/transactions', body, { 'idempotency-key': key })));
    for (const a of answers) {
      assert.equal(a.status, 200, a.text);
      assert.deepEqual(a.body, answers[0]!.body);
    }
    const n = await t.app.platform.db.query<{ n: number }>("select count(*)::int as n from pay_schedules where cross_reference_number = 'IDEM-C'");
    assert.equal(n[0]!.n, 1);
  });

  test('POST /contacts and POST /files honour the key too', async () => {
    const c = { firstName: 'Idem', lastName: 'Potent', bankAccounts: [{ institutionCode: '002', transitNumber: '11111', accountNumber: '7654321' }] };
    const a = await pay.post('/contacts', c, { 'idempotency-key': 'contact-1' });
    const b = await pay.post('/contacts', c, { 'idempotency-key': 'contact-1' });
    assert.equal(a.status, 200);
    assert.equal(b.body.id, a.body.id);
    assertProblem(await pay.post('/contacts', { ...c, firstName: 'Other' }, { 'idempotency-key': 'contact-1' }), 409);
    const f1 = await pay.post('/files', { valueDate: '2020-01-01' }, { 'idempotency-key': 'file-1' });
    assert.equal(f1.status, 200);
    assertProblem(await pay.post('/files', { valueDate: '2020-01-02' }, { 'idempotency-key': 'file-1' }), 409);
  });
});

describe('PAD agreements', () => {
  test('the payor reads and signs on padLink; the PAD and its webhook follow', async () => {
    const s = await pay.create(debit(today, { payor: { accountInfo: { institutionCode: '004', transitNumber: '22222', accountNumber: '99887766' }, contactInfo: { firstName: 'Élise', lastName: 'Côté', email: 'elise@example.com' } } }));
    const pad = await pay.get(`/pads/${s.padId}`);
    assert.equal(pad.status, 200);
    assert.equal(pad.body.status, 'Pending');
    assert.equal(pad.body.account.accountNumber, '****7766');
    assert.equal(pad.body.payor.email, 'elise@example.com');
    const link = new URL(pad.body.padLink);
    assert.equal(link.pathname, `/pay/pad/${s.padId}`);
    const html = await fetch(pad.body.padLink);
    assert.equal(html.status, 200);
    assert.match(html.headers.get('content-type')!, /text\/html/);
    assert.match(html.headers.get('content-security-policy')!, /default-src 'none'/);
    const text = await html.text();
    assert.match(text, /Pre-Authorized Debit \(PAD\) Agreement/);
    assert.match(text, /Élise Côté/);
    assert.match(text, /Maple Lending/);
    assert.match(text, /\*\*\*\*7766/);
    assert.match(text, /<form method="post"/);

    const token = link.searchParams.get('token')!;
    const sign = (form: Record<string, string>) => fetch(`${t.url}/pay/pad/${s.padId}/sign`, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString(), redirect: 'manual' });
    assert.equal((await sign({ token: 'wrong', name: 'Élise Côté', agree: 'yes' })).status, 404);
    assert.equal((await fetch(`${t.url}/pay/pad/${s.padId}?token=wrong`)).status, 404);
    const noAgree = await sign({ token, name: 'Élise Côté' });
    assert.equal(noAgree.status, 400);
    assert.match(await noAgree.text(), /Tick the box/);
    assert.equal((await sign({ token, name: ' ', agree: 'yes' })).status, 400);
    const ok = await sign({ token, name: 'Élise Côté', agree: 'yes' });
    assert.equal(ok.status, 303);
    const after = await pay.get(`/pads/${s.padId}`);
    assert.equal(after.body.status, 'Signed');
    assert.equal(after.body.signedBy, 'Élise Côté');
    assert.match(after.body.signedAt, /Z$/);
    const again = await sign({ token, name: 'Élise Côté', agree: 'yes' });
    assert.equal(again.status, 409, 'a signed agreement is not signed twice');
    const shown = await (await fetch(ok.headers.get('location')!.startsWith('http') ? ok.headers.get('location')! : `${t.url}${ok.headers.get('location')}`)).text();
    assert.match(shown, /Signed by <strong>Élise Côté<\/strong>/);
    assert.doesNotMatch(shown, /<form/);
    const hooks = (await events('PadStatusChanged')).filter((e) => e.padId === s.padId);
    assert.deepEqual(hooks.map((e) => [e.previousStatus, e.status]), [['Pending', 'Signed']]);
  });
});

describe('contacts, purpose categories, institutions', () => {
  test('a contact made by a transaction is reused by id, with its accounts', async () => {
    const s = await pay.create(debit(today, { payor: { accountInfo: { institutionCode: '006', transitNumber: '33333', accountNumber: '1112223' }, contactInfo: { firstName: 'Contact', lastName: 'Reuse' } } }));
    const g = await schedule(s.id);
    const c = await pay.get(`/contacts/${g.contactId}`);
    assert.equal(c.status, 200);
    assert.equal(c.body.name, 'Contact Reuse');
    assert.equal(c.body.type, 'Individual');
    assert.deepEqual(c.body.bankAccounts.map((a: any) => [a.id, a.institutionCode, a.transitNumber, a.accountNumber]), [[g.accountId, '006', '33333', '****2223']]);
    // By accountId (its contact comes with it), and by contactId with new numbers.
    const byAccount = await pay.create(debit(today, { payor: { accountInfo: { accountId: g.accountId }, contactInfo: { contactId: g.contactId } } }));
    assert.equal((await schedule(byAccount.id)).accountId, g.accountId);
    const newAccount = await pay.create(debit(today, { payor: { accountInfo: { institutionCode: '006', transitNumber: '44444', accountNumber: '5556667' }, contactInfo: { contactId: g.contactId } } }));
    assert.equal((await schedule(newAccount.id)).contactId, g.contactId);
    assert.equal((await pay.get(`/contacts/${g.contactId}`)).body.bankAccounts.length, 2);
    // Another contact's account does not go with this contact.
    const stranger = await pay.post('/contacts', { legalName: 'Stranger Inc', bankAccounts: [{ institutionCode: '010', transitNumber: '55555', accountNumber: '12345678' }] });
    assert.equal(stranger.status, 200);
    assert.equal(stranger.body.type, 'Business');
    assertProblem(await pay.post('/transactions', [debit(today, { payor: { accountInfo: { accountId: stranger.body.bankAccounts[0].id }, contactInfo: { contactId: g.contactId } } })]), 400, /does not belong/);
    assertProblem(await pay.post('/transactions', [debit(today, { payor: { accountInfo: { accountId: g.accountId }, contactInfo: { contactId: '3f2504e0-4f89-41d3-9a0c-0305e82c3301' } } })]), 400, /contact .* was not found/);
    assertProblem(await pay.get('/contacts/3f2504e0-4f89-41d3-9a0c-0305e82c3301'), 404);
    assertProblem(await pay.post('/contacts', { firstName: 'Only' }), 400);
  });

  test('purpose categories by direction; institutions with their numbers', async () => {
    const d = await pay.get('/purposecategories/Debit');
    assert.equal(d.status, 200);
    const insurance = d.body.find((c: any) => c.name === 'Insurance');
    assert.deepEqual(insurance.purposeCodes[0], { code: 330, transactionCode: 330, description: 'Insurance' });
    const c = await pay.get('/purposecategories/credit');
    assert.ok(c.body.some((x: any) => x.purposeCodes.some((p: any) => p.code === 200)));
    assertProblem(await pay.get('/purposecategories/sideways'), 400);
    const inst = await pay.get('/institutions');
    assert.equal(inst.status, 200);
    assert.ok(inst.body.some((i: any) => i.institutionCode === '003' && /RBC/.test(i.name)));
    assert.ok(inst.body.every((i: any) => /^\d{3}$/.test(i.institutionCode)));
  });
});

describe('cancel', () => {
  test('a schedule: its unsent payments are cancelled, an empty 200; a second cancel is refused', async () => {
    const s = await pay.create(debit(today, { scheduleInfo: { paymentFrequency: 'Monthly', startDate: plusDays(today, 5), transactionsCount: 3 } }));
    const res = await pay.post(`/schedules/${s.id}/cancel`);
    assert.equal(res.status, 200);
    assert.equal(res.text, '');
    const g = await schedule(s.id);
    assert.equal(g.status, 'Cancelled');
    assert.equal(g.padStatus, 'Cancelled');
    assert.deepEqual(g.payments.map((p: any) => p.status), ['Cancelled', 'Cancelled', 'Cancelled']);
    const again = await pay.post(`/schedules/${s.id}/cancel`);
    assertProblem(again, 400, /^Schedule cannot be cancelled\.$/);
    assert.equal(again.body.type, 'https://tools.ietf.org/html/rfc7231#section-6.5.1');
    assert.equal(again.body.title, 'Bad Request');
    assertProblem(await pay.post('/schedules/3f2504e0-4f89-41d3-9a0c-0305e82c3301/cancel'), 404);
    // A cancel with a JSON content type and no body is still a cancel.
    const s2 = await pay.create(debit(today));
    const r2 = await call(`${t.url}/pay/api/v1/schedules/${s2.id}/cancel`, { method: 'POST', headers: pay.headers({ 'content-type': 'application/json' }) });
    assert.equal(r2.status, 200);
    const hooks = (await events('ScheduleStatusChanged')).filter((e) => e.scheduleId === s.id);
    assert.deepEqual(hooks.map((e) => e.status), ['Cancelled']);
    const prHooks = (await events('PaymentRequestStatusChanged')).filter((e) => e.scheduleId === s.id);
    assert.equal(prHooks.length, 3);
    assert.ok(prHooks.every((e) => e.previousStatus === 'Initiated' && e.status === 'Cancelled'));
  });

  test('a single payment request; the last one ends its schedule', async () => {
    const s = await pay.create(debit(today, { scheduleInfo: { paymentFrequency: 'Weekly', startDate: plusDays(today, 6), transactionsCount: 2 } }));
    const [a, b] = s.paymentRequestIds;
    const ca = await pay.post(`/paymentrequests/${a}/cancel`);
    assert.equal(ca.status, 200);
    assert.equal(ca.body.status, 'Cancelled');
    assert.equal((await schedule(s.id)).status, 'Active');
    assert.equal((await pay.post(`/paymentrequests/${a}/cancel`)).body.status, 'Cancelled', 'cancelling twice is harmless');
    await pay.post(`/paymentrequests/${b}/cancel`);
    assert.equal((await schedule(s.id)).status, 'Cancelled');
    assertProblem(await pay.post('/paymentrequests/3f2504e0-4f89-41d3-9a0c-0305e82c3301/cancel'), 404);
  });
});

describe('cut-off, file, settlement, returns', () => {
  test('the cut-off files signed debits and credits due, once; the file reads back exactly', async () => {
    const valueDate = plusDays(today, 40);
    const signed = await pay.create(debit(today, { amount: 12.34, scheduleInfo: { paymentFrequency: 'OneTime', startDate: plusDays(today, 40) }, crossReferenceNumber: 'CUT-1' }));
    await pay.signPad(signed.padId, 'Jane Doe');
    const unsigned = await pay.create(debit(today, { amount: 99, scheduleInfo: { paymentFrequency: 'OneTime', startDate: plusDays(today, 40) } }));
    const later = await pay.create(debit(today, { amount: 5, scheduleInfo: { paymentFrequency: 'OneTime', startDate: plusDays(today, 41) } }));
    await pay.signPad(later.padId);
    const cr = await pay.create(credit(today, { amount: 77.5 }));

    const res = await pay.cutoff(valueDate);
    assert.equal(res.files.length, 1);
    const file = res.files[0];
    assert.equal(file.valueDate, valueDate);
    assert.equal(file.originatorId, 'TESTORIG01');
    assert.ok(file.fileCreationNumber >= 17);
    // Every earlier due payment of this customer is swept up too: count what this file holds.
    const text = await pay.fileText(file.id);
    const f = readCpa005(text);
    assert.equal(f.lines.length, file.records);
    assert.equal(f.prefix.originator, 'TESTORIG01');
    assert.equal(Number(f.prefix.fcn), file.fileCreationNumber);
    assert.equal(julianToIso(f.header.creationDate!), today);
    assert.equal(f.header.currency, 'CAD');
    const segs: Record<string, string>[] = f.details.flatMap((d) => d.segments.map((s): Record<string, string> => ({ ...s, type: d.type })));
    const t0 = totalsOf(f);
    assert.equal(Number(f.trailer.debitValue), t0.debitCents);
    assert.equal(Number(f.trailer.creditCount), t0.creditCount);
    assert.equal(file.debitCount, t0.debitCount);
    assert.equal(file.debitTotal, t0.debitCents / 100);
    assert.ok(segs.every((s) => julianToIso(s.date!) === valueDate));
    const mine = segs.find((s) => s.type === 'D' && Number(s.amount) === 1234)!;
    assert.ok(mine, 'the signed debit is in the file');
    assert.equal(mine.transactionType, '450');
    assert.equal(mine.institution, '000112345');
    assert.equal(mine.account!.trim(), '1234567');
    assert.equal(mine.name!.trim(), 'JANE DOE');
    assert.ok(segs.some((s) => s.type === 'C' && Number(s.amount) === 7750), 'the credit is in the file');
    assert.ok(!segs.some((s) => Number(s.amount) === 9900), 'an unsigned PAD keeps its debit out');
    assert.ok(!segs.some((s) => Number(s.amount) === 500), 'a payment due after the value date stays out');

    const pr = await pay.get(`/paymentrequests/${signed.paymentRequestIds[0]}`);
    assert.equal(pr.body.status, 'Processed');
    assert.equal(pr.body.fileId, file.id);
    assert.equal((await schedule(signed.id)).status, 'Completed');
    assert.equal((await schedule(unsigned.id)).payments[0].status, 'Initiated');
    assertProblem(await pay.post(`/paymentrequests/${signed.paymentRequestIds[0]}/cancel`), 400, /cannot be cancelled/);
    assertProblem(await pay.post(`/schedules/${signed.id}/cancel`), 400, /^Schedule cannot be cancelled\.$/);
    assert.equal((await pay.get(`/paymentrequests/${cr.paymentRequestIds[0]}`)).body.status, 'Processed');

    // Idempotent: the same value date answers the same file, and makes no other.
    const again = await pay.cutoff(valueDate);
    assert.deepEqual(again.files, res.files);
    assert.equal((await pay.get(`/files?valueDate=${valueDate}`)).body.files.length, 1);
    // The next cut-off sweeps what became due, with the next file creation number.
    const next = await pay.cutoff(plusDays(today, 41));
    assert.equal(next.files[0].fileCreationNumber, file.fileCreationNumber + 1);
    assert.equal(readCpa005(await pay.fileText(next.files[0].id)).details.flatMap((d) => d.segments).length, 1);
    // Nothing due: no file.
    assert.deepEqual((await pay.cutoff(plusDays(today, 42))).files, []);
    assertProblem(await pay.post('/files', { valueDate: '2026-02-30' }), 400, /valueDate/);
    assertProblem(await pay.post('/files', {}), 400, /valueDate/);
    assertProblem(await pay.get('/files/3f2504e0-4f89-41d3-9a0c-0305e82c3301'), 404);
    assertProblem(await other.get(`/files/${file.id}`), 404);

    const hooks = (await events('PaymentRequestStatusChanged')).filter((e) => e.id === signed.paymentRequestIds[0]);
    assert.deepEqual(hooks.map((e) => e.status), ['Processed']);
  });

  test('settlement: Processed becomes Settled once the value date is settlementDays behind', async () => {
    const s = await pay.create(debit(today, { amount: 3.21, scheduleInfo: { paymentFrequency: 'OneTime', startDate: plusDays(today, 2) } }));
    await pay.signPad(s.padId);
    await pay.cutoff(plusDays(today, 2));
    const id = s.paymentRequestIds[0];
    assert.equal((await pay.post('/settlements')).body.settled, 0, 'not yet');
    await t.app.platform.advanceClock(4 * 86_400_000);
    try {
      const refreshed = await pay.get(`/paymentrequests/${id}?refreshStatus=true`);
      assert.equal(refreshed.body.status, 'Settled');
      const hooks = (await events('PaymentRequestStatusChanged')).filter((e) => e.id === id);
      assert.deepEqual(hooks.map((e) => [e.previousStatus, e.status]), [['Initiated', 'Processed'], ['Processed', 'Settled']]);
      // A late return still fails a settled payment.
      const file = (await pay.get(`/paymentrequests/${id}`)).body.fileId;
      const ret = await pay.post(`/files/${file}/returns`, { returns: [{ paymentRequestId: id, returnCode: 901 }] });
      assert.equal(ret.status, 200, ret.text);
      assert.equal((await pay.get(`/paymentrequests/${id}`)).body.status, 'Failed');
    } finally {
      await t.app.platform.advanceClock(-4 * 86_400_000);
    }
  });

  async function filedSchedule(code: number, count = 3): Promise<{ s: any; fileId: string }> {
    const start = plusDays(today, 60 + code - 900);
    const s = await pay.create(debit(today, { amount: code / 100, scheduleInfo: { paymentFrequency: 'Weekly', startDate: start, transactionsCount: count } }));
    await pay.signPad(s.padId);
    const res = await pay.cutoff(start);
    return { s, fileId: res.files[0].id };
  }

  test('returns: 905 (permanent) fails the payment, cancels the schedule, disputes the PAD', async () => {
    const { s, fileId } = await filedSchedule(905);
    const res = await pay.post(`/files/${fileId}/returns`, { returns: [{ paymentRequestId: s.paymentRequestIds[0], returnCode: 905 }] });
    assert.equal(res.status, 200, res.text);
    assert.deepEqual(res.body.applied.map((a: any) => [a.paymentRequestId, a.returnCode, a.decision, a.scheduleStatus, a.padStatus]), [[s.paymentRequestIds[0], 905, 'cancel', 'Cancelled', 'Disputed']]);
    const pr = await pay.get(`/paymentrequests/${s.paymentRequestIds[0]}`);
    assert.equal(pr.body.status, 'Failed');
    assert.equal(pr.body.statusDetails, '905 Account Closed');
    assert.equal(pr.body.returnCode, 905);
    const g = await schedule(s.id);
    assert.equal(g.status, 'Cancelled');
    assert.deepEqual(g.payments.map((p: any) => p.status), ['Failed', 'Cancelled', 'Cancelled']);
    // The returns file parses with the independent reader as J records with the reason code.
    const f = readCpa005(res.body.file);
    assert.equal(f.details[0]!.type, 'J');
    assert.equal(f.details[0]!.segments[0]!.transactionType, '905');
    assert.equal(f.details[0]!.segments[0]!.storedType, '450');
    // The same file again: the first result, nothing applied twice.
    const replay = await call(`${t.url}/pay/api/v1/returns`, { method: 'POST', headers: pay.headers({ 'content-type': 'text/plain' }), body: res.body.file });
    assert.equal(replay.status, 200);
    assert.equal(replay.headers.get('idempotent-replayed'), 'true');
    assert.equal(replay.body.id, res.body.id);
    assert.equal((await events('PaymentRequestStatusChanged')).filter((e) => e.id === s.paymentRequestIds[0] && e.status === 'Failed').length, 1);
  });

  test('returns: 901 (temporary) leaves the schedule going; 900 (technical) too', async () => {
    for (const code of [901, 900]) {
      const { s, fileId } = await filedSchedule(code);
      const res = await pay.post(`/files/${fileId}/returns`, { returns: [{ paymentRequestId: s.paymentRequestIds[0], returnCode: code }] });
      assert.equal(res.body.applied[0].decision, code === 901 ? 'retry' : 'investigate');
      const g = await schedule(s.id);
      assert.equal(g.status, 'Active');
      assert.equal(g.padStatus, 'Signed');
      assert.deepEqual(g.payments.map((p: any) => p.status), ['Failed', 'Initiated', 'Initiated']);
    }
  });

  test('returns: 903 (review) holds the schedule: nothing is filed until it is resumed', async () => {
    const { s, fileId } = await filedSchedule(903);
    await pay.post(`/files/${fileId}/returns`, { returns: [{ paymentRequestId: s.paymentRequestIds[0], returnCode: 903 }] });
    assert.equal((await schedule(s.id)).status, 'OnHold');
    const secondDue = plusDays(today, 60 + 3 + 7);
    const held = await pay.cutoff(secondDue);
    const ids = held.files.length ? readCpa005(await pay.fileText(held.files[0].id)).details.flatMap((d) => d.segments).map((x) => Number(x.amount)) : [];
    assert.ok(!ids.includes(903), 'held: not filed');
    const resumed = await pay.post(`/schedules/${s.id}/resume`);
    assert.equal(resumed.status, 200);
    assert.equal(resumed.body.status, 'Active');
    const after = await pay.cutoff(plusDays(secondDue, 1));
    const amounts = readCpa005(await pay.fileText(after.files[0].id)).details.flatMap((d) => d.segments).map((x) => Number(x.amount));
    assert.ok(amounts.includes(903), 'resumed: the missed payment is filed at the next cut-off');
    assertProblem(await pay.post(`/schedules/${s.id}/resume`), 400, /cannot be resumed/);
    const hooks = (await events('ScheduleStatusChanged')).filter((e) => e.scheduleId === s.id).map((e) => e.status);
    assert.deepEqual(hooks, ['OnHold', 'Active']);
  });

  test('returns: 916 (review and PAD dispute): held, and cannot resume on a disputed agreement', async () => {
    const { s, fileId } = await filedSchedule(916);
    const res = await pay.post(`/files/${fileId}/returns`, { returns: [{ paymentRequestId: s.paymentRequestIds[0], returnCode: 916 }] });
    assert.equal(res.body.applied[0].padStatus, 'Disputed');
    assertProblem(await pay.post(`/schedules/${s.id}/resume`), 400, /disputed/);
    assert.equal((await pay.post(`/schedules/${s.id}/cancel`)).status, 200, 'a held schedule can be cancelled');
  });

  test('a returns file that is not CPA-005, or names no payment of ours', async () => {
    assertProblem(await call(`${t.url}/pay/api/v1/returns`, { method: 'POST', headers: pay.headers({ 'content-type': 'text/plain' }), body: 'hello' }), 400, /not a valid CPA-005 file/);
    assertProblem(await pay.post('/returns', {}), 400);
    const { s, fileId } = await filedSchedule(912, 1);
    const sim = await pay.post(`/files/${fileId}/returns`, { returns: [{ paymentRequestId: s.paymentRequestIds[0], returnCode: 912 }] });
    // The other customer's returns do not touch this customer's payments.
    const foreign = await call(`${t.url}/pay/api/v1/returns`, { method: 'POST', headers: other.headers({ 'content-type': 'text/plain' }), body: sim.body.file });
    assert.equal(foreign.status, 200);
    assert.equal(foreign.body.applied.length, 0);
    assert.match(foreign.body.unmatched[0].reason, /no payment/);
    assertProblem(await pay.post(`/files/${fileId}/returns`, { returns: [{ paymentRequestId: s.paymentRequestIds[0], returnCode: 123 }] }), 400, /return reason code/);
  });

  test('webhooks are delivered, signed, to the customer URL', async () => {
    await waitFor('webhook deliveries', () => received.some((r) => r.type === 'PaymentRequestStatusChanged' && r.body.status === 'Failed'), 20_000);
    const types = new Set(received.map((r) => r.type));
    for (const t of ['PaymentRequestStatusChanged', 'ScheduleStatusChanged', 'PadStatusChanged']) assert.ok(types.has(t), t);
  });
});

describe('payment requests of other products', () => {
  test('an e-Transfer request is read through the same routes, with its payment link', async () => {
    const { createPaymentRequest, setPaymentRequestStatus } = await import('../../../src/pay/payment-requests.ts');
    const sessionId = '6c376ebd-0a6e-4f0e-8a6e-1d2c3b4a5f60';
    const { id } = await t.app.platform.db.tx((q) => createPaymentRequest(q, { customerId: pay.creds.customerId, kind: 'etransfer', sessionId, amountCents: 1500, referenceId: 'User1234' }, t.app.platform));
    const r = await pay.get(`/paymentrequests/${id}`);
    assert.equal(r.body.status, 'Initiated');
    assert.equal(r.body.ReferenceId, 'User1234');
    assert.match(r.body.PaymentLink, new RegExp(`/pay/app/\\?sessionId=${sessionId}$`));
    await t.app.platform.db.tx((q) => setPaymentRequestStatus(q, pay.creds.customerId, id, 'Processing', null, t.app.platform));
    await t.app.platform.db.tx((q) => setPaymentRequestStatus(q, pay.creds.customerId, id, 'Accepted', 'Accepted at FI', t.app.platform));
    await assert.rejects(t.app.platform.db.tx((q) => setPaymentRequestStatus(q, pay.creds.customerId, id, 'Initiated', null, t.app.platform)), /cannot move from Accepted to Initiated/);
    assertProblem(await pay.post(`/paymentrequests/${id}/cancel`), 400, /cannot be cancelled/);
    const hooks = (await events('PaymentRequestStatusChanged')).filter((e) => e.id === id);
    assert.deepEqual(hooks.map((e) => [e.previousStatus, e.status, e.type]), [['Initiated', 'Processing', 'e-Transfer'], ['Processing', 'Accepted', 'e-Transfer']]);
  });
});

describe('bad input never breaks the API (property)', () => {
  test('any JSON body on the creates, any text as a returns file: 200 or a 4xx ProblemDetails, never a 500', async () => {
    await fc.assert(fc.asyncProperty(fc.oneof(fc.jsonValue({ maxDepth: 4 }), fc.jsonValue({ maxDepth: 4, stringUnit: 'binary' })), fc.constantFrom('/transactions', '/contacts', '/files'), async (body, path) => {
      const res = await pay.post(path, body);
      if (res.status === 200) return;
      assert.ok(res.status >= 400 && res.status < 500, `${path} ${JSON.stringify(body)} -> ${res.status} ${res.text}`);
      assert.match(res.headers.get('content-type') ?? '', /^application\/problem\+json/);
    }), { numRuns: 60 });
    await fc.assert(fc.asyncProperty(fc.string({ maxLength: 3000 }), async (text) => {
      const res = await call(`${t.url}/pay/api/v1/returns`, { method: 'POST', headers: pay.headers({ 'content-type': 'text/plain' }), body: text });
      assert.ok(res.status === 400 || res.status === 200, `${res.status} ${res.text}`);
    }), { numRuns: 40 });
  });
});
