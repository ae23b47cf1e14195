/**
 * Webhook replay under concurrency: the same replay sent at once to two replicas on one
 * PostgreSQL starts one new delivery series, and the receiver gets the event once more.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, onPostgres } from '../support/app.ts';
import { waitFor } from '../support/wait.ts';
import { NEEDS_POSTGRES, race, startReceiver, startReplicas, statusCounts, type Receiver, type Replicas } from '../support/replicas.ts';
import { PERMISSIVE_POLICY } from '../../src/platform/tenants.ts';
import { WEBHOOK_QUEUE } from '../../src/platform/webhooks/index.ts';

const N = 12;

describe('webhook replay between two replicas', () => {
  let r: Replicas;
  let rx: Receiver;
  let releaseReceiver: () => void = () => {};
  const replaysAnswered = new Promise<void>((ok) => (releaseReceiver = ok));
  before(async () => {
    if (!onPostgres) return;
    // The replayed delivery is held until every replay has been answered, so that they all
    // arrive while it is under way (a quick receiver would otherwise finish between two).
    rx = await startReceiver((n) => (n === 1 ? Promise.resolve() : replaysAnswered));
    r = await startReplicas({ WEBHOOK_RETRY_SECONDS: '1' });
  });
  after(async () => {
    releaseReceiver();
    await r?.stop();
    await rx?.close();
  });

  test('replays of one event sent together: all accepted, one new series, one more delivery', NEEDS_POSTGRES, async () => {
    const platform = r.apps[0].app.platform;
    const { tenant } = await platform.tenants.create({ name: 'replay race', policy: PERMISSIVE_POLICY, webhookUrl: rx.url, webhookSecret: 'whsec-race' });
    const eventId = await platform.db.tx((q) => platform.webhooks.enqueue(q, tenant, 'KYC', { ResponseType: 'KYC', Marker: 'replay-race' }));
    assert.ok(eventId);
    const event = async () => (await r.sql<{ status: string; series: number }>('select status, series from webhook_events where id = $1', [eventId]))[0]!;
    await waitFor('the first delivery', async () => (await event()).status === 'delivered');
    assert.equal(rx.bodies.length, 1);

    const rs = await race(N, (_i, base) => call(`${base}/v3/${tenant.id}/webhooks/events/${eventId}/replay`, { method: 'POST' }), r.urls).finally(releaseReceiver);
    assert.deepEqual(statusCounts(rs), { 202: N }, rs.map((x) => x.text).join('\n'));
    await waitFor('the replay delivered', async () => (await event()).status === 'delivered');
    // Superseded or duplicate delivery jobs would have run by now: give them a moment to show.
    await waitFor('the delivery jobs to settle', async () => (await r.sql<{ n: number }>(`select count(*)::int as n from pgboss.job where name = $1 and state in ('created', 'retry', 'active')`, [WEBHOOK_QUEUE]))[0]!.n === 0, 10_000).catch(() => {});
    assert.deepEqual(await event(), { status: 'delivered', series: 2 });
    const deliveries = await r.sql('select series, attempt, status_code from webhook_deliveries where event_id = $1 order by series, attempt', [eventId]);
    assert.deepEqual(deliveries, [{ series: 1, attempt: 1, status_code: 200 }, { series: 2, attempt: 1, status_code: 200 }]);
    assert.equal(rx.bodies.length, 2, 'the receiver got the event once more, not once per replay');
  });
});
