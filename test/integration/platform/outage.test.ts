/**
 * PostgreSQL going away under load, on a cluster of the test's own (initdb/pg_ctl):
 * while it is down every surface answers 503 in its own error shape with Retry-After,
 * fast, and /health answers 503; nothing crashes or hangs; once it is back Maplelink
 * serves again without a restart, the job that was running is retried, and nothing
 * was lost or written twice.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import { createApp, type App } from '../../../src/app.ts';
import { loadConfig } from '../../../src/platform/config.ts';
import type { Product } from '../../../src/platform/platform.ts';
import { products as allProducts } from '../../../src/products.ts';
import { call, watchDrift, type JsonResponse } from '../../support/app.ts';
import { FlinksClient, CID } from '../../support/flinks.ts';
import { PayClient } from '../../support/pay.ts';
import { debit, payToday } from '../../support/pay-fixtures.ts';
import { waitFor } from '../../support/wait.ts';
import { clusterUnavailable, PgCluster } from '../../support/pg-cluster.ts';
import { activate, createRecipient, partnerToken, userToken } from '../outbound/helpers.ts';

/** A 503 must come at once: the server is gone, so the pool's 30 s wait bound is never the reason. */
const FAST_MS = 5_000;

/**
 * A queue of the test's own: its handler waits for the test's signal, then writes one row. The test
 * holds it while stopping the database, so the write meets the outage and the job must be retried.
 */
function probeProduct(gate: { started: Promise<void>; release(): void }, attempts: { n: number }): Product {
  let markStarted!: () => void;
  const started = new Promise<void>((r) => (markStarted = r));
  let open!: () => void;
  const opened = new Promise<void>((r) => (open = r));
  gate.started = started;
  gate.release = () => open();
  return {
    name: 'outage-probe',
    migrations: [{ id: 'test_outage_probe', sql: 'create table outage_probe (id text primary key, writes integer not null)' }],
    setup(p) {
      p.jobs.define<{ id: string }>({
        name: 'outage-probe',
        // An expiry far beyond the test: a retry within it is the job system's doing, not the expiry's.
        expireInSeconds: 3600,
        retryLimit: 5,
        retryDelaySeconds: 1,
        retryBackoff: false,
        concurrency: 1,
        handler: async (data) => {
          attempts.n++;
          markStarted();
          await opened;
          await p.db.query('insert into outage_probe (id, writes) values ($1, 1) on conflict (id) do update set writes = outage_probe.writes + 1', [data.id]);
        },
      });
    },
  };
}

async function timed(fn: () => Promise<JsonResponse>): Promise<JsonResponse & { ms: number }> {
  const t0 = Date.now();
  const r = await fn();
  return { ...r, ms: Date.now() - t0 };
}

function assertUnavailable(r: JsonResponse & { ms: number }, what: string): void {
  assert.equal(r.status, 503, `${what}: ${r.status} ${r.text.slice(0, 300)}`);
  assert.ok(r.ms < FAST_MS, `${what} took ${r.ms} ms`);
  const retry = Number(r.headers.get('retry-after'));
  assert.ok(Number.isInteger(retry) && retry > 0, `${what}: Retry-After ${r.headers.get('retry-after')}`);
}

describe('PostgreSQL stopped under load and started again', { skip: clusterUnavailable ?? false }, () => {
  let cluster: PgCluster | null = null;
  let app: App | null = null;
  let url = '';
  let drift: ReturnType<typeof watchDrift> | null = null;
  const gate = { started: Promise.resolve(), release: () => {} };
  const attempts = { n: 0 };

  before(async () => {
    cluster = await PgCluster.create();
    await cluster.start();
    const config = loadConfig({
      NODE_ENV: 'test',
      PORT: '0',
      DATABASE_URL: cluster.url,
      JOBS_MAINTENANCE_SECONDS: '1',
      JOBS_POLL_SECONDS: '0.5',
      // Limited, so that a limiter that cannot count is part of what is checked.
      RATE_LIMIT_PER_MINUTE: '100000',
      TENANT_CACHE_SECONDS: '0',
    });
    app = await createApp(config, { workers: true, products: [...allProducts(), probeProduct(gate, attempts)] });
    // The 503s of the outage too must be what /openapi.json documents for each surface.
    drift = watchDrift(app);
    url = await app.http.listen({ port: 0, host: '127.0.0.1' });
    await app.start();
  });

  after(async () => {
    gate.release();
    try {
      await app?.stop();
    } finally {
      await cluster?.destroy();
    }
    drift?.assertNone(url);
  });

  test('503 in each surface\'s shape while down, /health 503, served again once back; the running job is retried; nothing lost or written twice', async () => {
    const flinks = new FlinksClient(url);
    const pay = new PayClient(url);
    const today = payToday();

    // Before: a saved login and its cached request, an FDX consent, a partner token.
    const { loginId } = await flinks.connect('Greatday');
    // A cached Authorize answers 200 at once; its data calls answer 202 until the new login's
    // aggregation has finished.
    const cached = await flinks.post('Authorize', { LoginId: loginId, MostRecentCached: true });
    assert.equal(cached.status, 200);
    const requestId: string = cached.body.RequestId;
    await waitFor('the saved login to be aggregated', async () => (await flinks.post('GetAccountsSummary', { RequestId: requestId })).status === 200, 30_000, 200);
    const partner = await partnerToken(url);
    const recipient = await createRecipient(url, partner, { scope: 'ACCOUNT_BASIC TRANSACTIONS' });
    await activate(url, partner, recipient.client_id);
    const { access_token: fdxToken } = await userToken(url, recipient, { username: 'greatday_nomfa' });
    const fdx = (path: string) => call(`${url}/outbound/api/fdx/5${path}`, { headers: { authorization: `Bearer ${fdxToken}` } });
    assert.equal((await fdx('/accounts')).status, 200);

    // Load: Pay creates, each with its own Idempotency-Key, from six clients until told to stop.
    const outcomes = new Map<string, number>();
    let loading = true;
    const body = (key: string) => [debit(today, { crossReferenceNumber: key })];
    const createOnce = async (key: string) => {
      const r = await pay.post('/transactions', body(key), { 'idempotency-key': key }).catch(() => null);
      outcomes.set(key, r?.status ?? 0);
      return r;
    };
    const slow: number[] = [];
    const load = Array.from({ length: 6 }, async () => {
      while (loading) {
        const t0 = Date.now();
        const r = await createOnce(randomUUID());
        if (r && r.status === 503 && Date.now() - t0 >= FAST_MS) slow.push(Date.now() - t0);
        if (r && r.status !== 200 && r.status !== 503) throw new Error(`a Pay create answered ${r.status}: ${r.text}`);
        if (!r || r.status === 503) await new Promise((res) => setTimeout(res, 50));
      }
    });
    await waitFor('the load to write', () => [...outcomes.values()].filter((s) => s === 200).length >= 10, 30_000);

    // A job running when the database goes.
    const probeId = randomUUID();
    await app!.platform.jobs.send('outage-probe', { id: probeId });
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([gate.started, new Promise((_, reject) => (timer = setTimeout(() => reject(new Error('the probe job did not start')), 30_000)))]);
    clearTimeout(timer);

    await cluster!.stop('immediate');
    gate.release();

    // Down: each surface in its own shape, with Retry-After, at once.
    const health = await timed(() => call(`${url}/health`));
    assertUnavailable(health, '/health');
    assert.equal(health.body.status, 'database unavailable');

    for (const [what, fn] of [
      ['Connect GetAccountsSummary', () => flinks.post('GetAccountsSummary', { RequestId: requestId })],
      ['Connect Authorize', () => flinks.post('Authorize', { LoginId: loginId, MostRecentCached: true })],
      ['Enrich categorization', () => call(`${url}/v3/${CID}/categorization/login/${loginId}/requestid/${requestId}`)],
      ['Upload documents', () => call(`${url}/v3/${CID}/upload/documents/${requestId}`)],
    ] as const) {
      const r = await timed(fn);
      assertUnavailable(r, what);
      assert.deepEqual(Object.keys(r.body), ['HttpStatusCode', 'Message', 'FlinksCode'], what);
      assert.equal(r.body.HttpStatusCode, 503);
      assert.equal(r.body.FlinksCode, 'RETRY_LATER');
    }

    const payAnswer = await timed(() => pay.post('/transactions', body('during-outage'), { 'idempotency-key': 'during-outage' }));
    assertUnavailable(payAnswer, 'Pay create');
    assert.match(payAnswer.headers.get('content-type') ?? '', /^application\/problem\+json/);
    assert.equal(payAnswer.body.status, 503);
    assert.equal(payAnswer.body.type, 'https://tools.ietf.org/html/rfc7231#section-6.6.4');
    outcomes.set('during-outage', 503);

    const fdxAnswer = await timed(() => fdx('/accounts'));
    assertUnavailable(fdxAnswer, 'FDX accounts');
    assert.deepEqual(fdxAnswer.body, { code: 503, message: 'Scheduled maintenance', debugMessage: fdxAnswer.body.debugMessage });
    assert.ok(fdxAnswer.headers.get('ob-correlation-id'));

    const token = await timed(() => call(`${url}/outbound/api/v1/token`, { json: { grant_type: 'client_credentials', client_id: 'toolbox-partner', client_secret: '-', scope: 'client:admin' } }));
    assertUnavailable(token, 'OAuth token');
    assert.equal(token.body.error, 'temporarily_unavailable');
    assert.equal(typeof token.body.error_description, 'string');

    const management = await timed(() => call(`${url}/outbound/api/v1/recipients`, { headers: { authorization: `Bearer ${partner}` } }));
    assertUnavailable(management, 'Outbound recipients');
    assert.deepEqual(Object.keys(management.body), ['message']);

    // The load keeps meeting the outage for a moment; then the database comes back.
    await new Promise((r) => setTimeout(r, 1500));
    await cluster!.start();
    await waitFor('/health to answer 200 again', async () => (await call(`${url}/health`)).status === 200, 60_000, 250);

    // Served again without a restart: every surface.
    await waitFor('the load to write again', async () => {
      const r = await createOnce(randomUUID());
      return r?.status === 200;
    }, 30_000, 100);
    loading = false;
    await Promise.all(load);
    assert.deepEqual(slow, [], 'no 503 waited for the pool');
    assert.equal((await flinks.post('GetAccountsSummary', { RequestId: requestId })).status, 200);
    assert.equal((await fdx('/accounts')).status, 200);
    assert.equal((await call(`${url}/outbound/api/v1/recipients`, { headers: { authorization: `Bearer ${partner}` } })).status, 200);
    const fresh = await flinks.post('Authorize', { LoginId: loginId, MostRecentCached: true });
    assert.equal(fresh.status, 200, fresh.text);

    // The job that was running: retried by the workers (long before it would expire), written once.
    const probe = await waitFor('the probe job to be retried', async () => {
      const rows = await app!.platform.db.query<{ writes: number }>('select writes from outage_probe where id = $1', [probeId]);
      return rows[0];
    }, 30_000, 200);
    assert.equal(probe.writes, 1);
    assert.ok(attempts.n >= 2, `the probe ran ${attempts.n} time(s)`);

    // Nothing lost or written twice: a create that was answered 200 is there once; one that was
    // not answered (503, or the connection cut mid-commit) is sent again with its key and is then there once.
    const notAnswered = [...outcomes].filter(([, s]) => s !== 200).map(([k]) => k);
    assert.ok(notAnswered.length > 0, 'some creates met the outage');
    for (const key of notAnswered) {
      const again = await pay.post('/transactions', body(key), { 'idempotency-key': key });
      assert.equal(again.status, 200, again.text);
    }
    const rows = await app!.platform.db.query<{ ref: string; n: number }>(
      'select cross_reference_number as ref, count(*)::int as n from pay_schedules group by 1',
    );
    const counts = new Map(rows.map((r) => [r.ref, r.n]));
    for (const key of outcomes.keys()) assert.equal(counts.get(key), 1, `schedule ${key}`);
    assert.equal(rows.length, outcomes.size, 'no schedule outside the keys sent');
  });
});
