/**
 * Pay's creates and PAD signing under concurrency: the same request sent at once to two
 * replicas on one PostgreSQL gives no 5xx and one consistent end state (checked in the rows).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, onPostgres, type JsonResponse } from '../support/app.ts';
import { PayClient, debit, payToday } from '../support/pay.ts';
import { NEEDS_POSTGRES, race, startReceiver, startReplicas, statusCounts, type Receiver, type Replicas } from '../support/replicas.ts';
import { PAD_WEBHOOK } from '../../src/pay/eft/service.ts';

const N = 12;

describe('Pay between two replicas', () => {
  let r: Replicas;
  let rx: Receiver;
  let pay: [PayClient, PayClient];
  let customerId: string;
  let today: string;
  before(async () => {
    if (!onPostgres) return;
    rx = await startReceiver();
    r = await startReplicas();
    const made = await r.apps[0].app.platform.tenants.create({ name: 'Pay race', webhookUrl: rx.url, webhookSecret: 'whsec-pay' });
    customerId = made.tenant.id;
    const creds = { customerId, secretKey: made.secretKey, apiKey: made.apiKey };
    pay = [new PayClient(r.urls[0], creds), new PayClient(r.urls[1], creds)];
    today = payToday(r.apps[0].app.platform.clock.now());
  });
  after(async () => {
    await r?.stop();
    await rx?.close();
  });

  const texts = (rs: JsonResponse[]) => rs.map((x) => `${x.status} ${x.text}`).join('\n');
  const contactsNamed = async (first: string, last: string) =>
    r.sql<{ id: string }>('select id from pay_contacts where customer_id = $1 and first_name = $2 and last_name = $3', [customerId, first, last]);

  test('one transaction sent N times with one Idempotency-Key: one schedule, the same answer to all', NEEDS_POSTGRES, async () => {
    const body = [debit(today, { crossReferenceNumber: 'IDEM-RACE', payor: { accountInfo: { institutionCode: '001', transitNumber: '12345', accountNumber: '7654321' }, contactInfo: { firstName: 'Ida', lastName: 'Key' } } })];
    const rs = await race(N, (i) => pay[i % 2]!.post('/transactions', body, { 'idempotency-key': 'race-key-1' }), r.urls);
    assert.deepEqual(statusCounts(rs), { 200: N }, texts(rs));
    const ids = new Set(rs.map((x) => x.body.schedules[0].id));
    assert.equal(ids.size, 1, 'every answer names the same schedule');
    assert.equal(rs.filter((x) => x.headers.get('idempotent-replayed') === 'true').length, N - 1);
    const schedules = await r.sql('select id from pay_schedules where customer_id = $1 and cross_reference_number = $2', [customerId, 'IDEM-RACE']);
    assert.deepEqual(schedules.map((x) => x.id), [...ids]);
    assert.equal((await contactsNamed('Ida', 'Key')).length, 1);
  });

  test('one transaction sent N times without a key: N schedules, for one contact and one bank account', NEEDS_POSTGRES, async () => {
    const body = [debit(today, { crossReferenceNumber: 'NOKEY-RACE', payor: { accountInfo: { institutionCode: '002', transitNumber: '23456', accountNumber: '1112223' }, contactInfo: { firstName: 'Nora', lastName: 'Keyless' } } })];
    const rs = await race(N, (i) => pay[i % 2]!.post('/transactions', body), r.urls);
    assert.deepEqual(statusCounts(rs), { 200: N }, texts(rs));
    assert.equal(new Set(rs.map((x) => x.body.schedules[0].id)).size, N, 'without a key each request is its own payment');
    const schedules = await r.sql<{ contact_id: string; account_id: string }>('select contact_id, account_id from pay_schedules where customer_id = $1 and cross_reference_number = $2', [customerId, 'NOKEY-RACE']);
    assert.equal(schedules.length, N);
    const contacts = await contactsNamed('Nora', 'Keyless');
    assert.equal(contacts.length, 1, 'the payor is one contact, not one per request');
    assert.deepEqual(new Set(schedules.map((s) => s.contact_id)), new Set([contacts[0]!.id]));
    assert.equal(new Set(schedules.map((s) => s.account_id)).size, 1, 'with one bank account');
  });

  test('session settings changed by PATCHes of different fields at once: every change kept', NEEDS_POSTGRES, async () => {
    const patch = (i: number, base: string) => call(`${base}/pay/api/v2/settings`, { method: 'PATCH', headers: pay[0].headers(), json: i % 2 === 0 ? { sessionTimeoutMinutes: 45 } : { interacExpiryHours: 36 } });
    const rs = await race(N, patch, r.urls);
    assert.deepEqual(statusCounts(rs), { 200: N }, texts(rs));
    const after = await call(`${r.urls[1]}/pay/api/v2/settings`, { headers: pay[1].headers() });
    assert.equal(after.body.sessionTimeoutMinutes, 45, after.text);
    assert.equal(after.body.interacExpiryHours, 36, after.text);
  });

  test('a PAD signed N times at once: signed once, one webhook, the others told it is closed', NEEDS_POSTGRES, async () => {
    const schedule = await pay[0].create(debit(today, { crossReferenceNumber: 'PAD-RACE' }));
    const padId = schedule.padId ?? schedule.pad?.id;
    assert.ok(padId, JSON.stringify(schedule));
    const link = new URL((await pay[0].get(`/pads/${padId}`)).body.padLink);
    const token = link.searchParams.get('token')!;
    const rs = await race(N, async (_i, base) => {
      const res = await fetch(`${base}/pay/pad/${padId}/sign`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ token, name: 'Jane Doe', agree: 'yes' }).toString(),
        redirect: 'manual',
        signal: AbortSignal.timeout(60_000),
      });
      await res.text();
      return { status: res.status };
    }, r.urls);
    assert.deepEqual(statusCounts(rs), { 303: 1, 409: N - 1 });
    const pads = await r.sql('select status, signed_name from pay_pads where id = $1', [padId]);
    assert.deepEqual(pads, [{ status: 'Signed', signed_name: 'Jane Doe' }]);
    const events = await r.sql(`select id from webhook_events where customer_id = $1 and type = $2 and body::jsonb->>'padId' = $3`, [customerId, PAD_WEBHOOK, padId]);
    assert.equal(events.length, 1, 'one PadStatusChanged for one signature');
  });
});
