/**
 * The webhooks outbox end to end: a real Maplelink (PGlite in memory, or a fresh
 * PostgreSQL database when TEST_DATABASE_URL is set) with the outbox mounted as a
 * product, delivering to local node:http receivers.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { App } from '../../../src/app.ts';
import type { Tenant } from '../../../src/platform/tenants.ts';
import { type Webhooks, WEBHOOK_QUEUE } from '../../../src/platform/webhooks/index.ts';
import { call, startTestApp, type TestApp } from '../../support/app.ts';
import { waitFor } from '../../support/wait.ts';

// Long enough that a receiver answering at once is never timed out on a loaded CI machine.
const RECEIVER_TIMEOUT_MS = 2000;

let t: TestApp;
let app: App;
let base: string;
let webhooks: Webhooks;

before(async () => {
  t = await startTestApp({ WEBHOOK_RETRY_SECONDS: '1', WEBHOOK_MAX_ATTEMPTS: '4', WEBHOOK_TIMEOUT_SECONDS: String(RECEIVER_TIMEOUT_MS / 1000) });
  app = t.app;
  base = t.url;
  webhooks = app.platform.webhooks;
});

after(async () => {
  await t?.stop();
});

// ---------------------------------------------------------------- helpers

interface Received {
  headers: http.IncomingHttpHeaders;
  raw: Buffer;
  /** What the receiver answered (0: it never answered). */
  answered: number;
}

type Answer = number | 'hang';

interface Receiver {
  url: string;
  got: Received[];
  accepted(): number;
  respond: (n: number) => Answer;
  close(): Promise<void>;
}

async function startReceiver(respond: (n: number) => Answer): Promise<Receiver> {
  const got: Received[] = [];
  const r: Receiver = {
    url: '',
    got,
    respond,
    accepted: () => got.filter((g) => g.answered === 200).length,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((res) => server.close(() => res()));
    },
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const answer = r.respond(got.length + 1);
      got.push({ headers: req.headers, raw: Buffer.concat(chunks), answered: answer === 'hang' ? 0 : answer });
      if (answer === 'hang') return;
      res.writeHead(answer, { 'content-type': 'text/plain' });
      res.end(answer < 300 ? 'ok' : 'nope');
    });
  });
  await new Promise<void>((res) => server.listen(0, '127.0.0.1', () => res()));
  r.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/hooks/flinks`;
  return r;
}

async function newTenant(opts: { webhookUrl?: string | null; webhookSecret?: string | null } = {}): Promise<{ tenant: Tenant; apiKey: string }> {
  const { tenant, apiKey } = await app.platform.tenants.create({ name: 'webhooks test', webhookUrl: opts.webhookUrl ?? null, webhookSecret: opts.webhookSecret ?? null });
  return { tenant, apiKey };
}

function detailPayload(loginId: string) {
  return {
    HttpStatusCode: 200,
    Accounts: [{ Id: 'ae1dac72-70da-4626-fed8-08d682e1ff4a', Title: 'Chequing CAD', Balance: { Available: 6.04, Current: 49993.96, Limit: 5000 }, Holder: { Name: 'John Flinkyfoot' } }],
    Login: { Id: loginId, Username: 'Greatday', Type: 'Personal' },
    Institution: 'FlinksCapital',
    RequestId: '1243c283-e0ca-4fda-a5e4-343068430190',
    ResponseType: 'GetAccountsDetail',
  };
}

async function enqueue(tenant: Tenant, body: object = detailPayload('5e115eac-1209-4f19-641c-08d6d484e2fe')): Promise<string> {
  const id = await app.platform.db.tx((q) => webhooks.enqueue(q, tenant, 'GetAccountsDetail', body));
  assert.ok(id, 'the event was written');
  return id;
}


const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Signature of a raw body as a receiver computes it from the documentation (not through our module). */
function documentedSignature(secret: string, raw: Buffer): string {
  return createHmac('sha256', secret).update(raw).digest('base64');
}

function eventsUrl(customerId: string, rest = ''): string {
  return `${base}/v3/${customerId}/webhooks/events${rest}`;
}

// ---------------------------------------------------------------- tests

describe('webhooks outbox', { concurrency: true }, () => {
  test('delivers a signed JSON POST whose signature verifies over the raw body', async () => {
    const rx = await startReceiver(() => 200);
    try {
      const { tenant, apiKey } = await newTenant({ webhookUrl: rx.url, webhookSecret: 'whsec-test-1' });
      const payload = detailPayload('11111111-1209-4f19-641c-08d6d484e2fe');
      const id = await enqueue(tenant, payload);
      await waitFor('the delivery', () => rx.got.length === 1);

      const got = rx.got[0]!;
      assert.equal(got.headers['content-type'], 'application/json');
      assert.equal(got.headers['user-agent'], 'Maplelink-Webhooks/1');
      assert.equal(got.headers['x-maplelink-event-id'], id);
      assert.equal(got.headers['x-maplelink-attempt'], '1');
      const sig = got.headers['flinks-authenticity-key'];
      assert.equal(typeof sig, 'string');
      assert.equal(got.headers['x-flinks-signature'], sig, 'both signature headers carry the same value');
      assert.equal(sig, documentedSignature('whsec-test-1', got.raw));
      assert.equal(got.raw.toString('utf8'), JSON.stringify(payload), 'the body is JSON.stringify of the enqueued object');

      const view = await waitFor('Delivered', async () => {
        const r = await call(eventsUrl(tenant.id, `/${id}`), { headers: { 'x-api-key': apiKey } });
        return r.body?.Status === 'Delivered' ? r : null;
      });
      assert.equal(view.status, 200);
      assert.equal(view.body.HttpStatusCode, 200);
      assert.equal(view.body.EventId, id);
      assert.equal(view.body.Type, 'GetAccountsDetail');
      assert.equal(view.body.Attempts, 1);
      assert.equal(view.body.Deliveries.length, 1);
      assert.equal(view.body.Deliveries[0].Attempt, 1);
      assert.equal(view.body.Deliveries[0].StatusCode, 200);
      assert.equal(view.body.Deliveries[0].Error, null);
      assert.equal(typeof view.body.Deliveries[0].DurationMs, 'number');
      assert.ok(!Number.isNaN(Date.parse(view.body.Deliveries[0].At)));
      assert.ok(!Number.isNaN(Date.parse(view.body.CreatedAt)));
    } finally {
      await rx.close();
    }
  });

  test('a receiver that fails three times then answers 200 accepts the event exactly once', async () => {
    // 500, then no answer (timeout), then 404, then 200.
    const rx = await startReceiver((n) => (n === 1 ? 500 : n === 2 ? 'hang' : n === 3 ? 404 : 200));
    try {
      const { tenant, apiKey } = await newTenant({ webhookUrl: rx.url, webhookSecret: 'whsec-test-2' });
      const id = await enqueue(tenant);
      const view = await waitFor('Delivered', async () => {
        const v = await webhooks.get(tenant.id, id);
        return v?.Status === 'Delivered' ? v : null;
      });
      assert.equal(view.Attempts, 4);
      assert.deepEqual(view.Deliveries.map((d) => d.Attempt), [1, 2, 3, 4]);
      assert.deepEqual(view.Deliveries.map((d) => d.StatusCode), [500, null, 404, 200]);
      assert.equal(view.Deliveries[1]!.Error, `timeout after ${RECEIVER_TIMEOUT_MS} ms`);
      assert.equal(view.Deliveries.filter((d) => d.StatusCode !== 200).length, 3, 'three failures logged');
      assert.deepEqual(rx.got.map((g) => g.headers['x-maplelink-attempt']), ['1', '2', '3', '4']);
      for (const g of rx.got) assert.equal(g.headers['flinks-authenticity-key'], documentedSignature('whsec-test-2', g.raw));
      assert.ok(rx.got.every((g) => g.raw.equals(rx.got[0]!.raw)), 'every attempt sends the same bytes');

      // Duplicated jobs (a redelivered pg-boss job, a second worker) never POST a delivered event again.
      await app.platform.jobs.send(WEBHOOK_QUEUE, { eventId: id, customerId: tenant.id, series: 1, attempt: 4 });
      await app.platform.jobs.send(WEBHOOK_QUEUE, { eventId: id, customerId: tenant.id, series: 1, attempt: 5 });
      await app.platform.jobs.send(WEBHOOK_QUEUE, { eventId: id, customerId: tenant.id, series: 1, attempt: 1 });
      await sleep(2500);
      assert.equal(rx.accepted(), 1, 'the receiver answered 200 exactly once');
      assert.equal(rx.got.length, 4);

      const listed = await call(eventsUrl(tenant.id), { headers: { 'x-api-key': apiKey } });
      assert.equal(listed.status, 200);
      assert.equal(listed.body.Events.length, 1);
      assert.equal(listed.body.Events[0].Attempts, 4);
      assert.equal(listed.body.Events[0].Status, 'Delivered');
    } finally {
      await rx.close();
    }
  });

  test('after the last allowed attempt fails the event is Failed; a replay delivers it again', async () => {
    const rx = await startReceiver(() => 503);
    try {
      const { tenant, apiKey } = await newTenant({ webhookUrl: rx.url, webhookSecret: 'whsec-test-3' });
      const id = await enqueue(tenant);
      const failed = await waitFor('Failed', async () => {
        const v = await webhooks.get(tenant.id, id);
        return v?.Status === 'Failed' ? v : null;
      });
      assert.equal(failed.Attempts, 4);
      assert.deepEqual(failed.Deliveries.map((d) => d.StatusCode), [503, 503, 503, 503]);
      await sleep(1800);
      assert.equal(rx.got.length, 4, 'no attempt after the last one');

      // The receiver is fixed; the operator replays the event.
      rx.respond = () => 200;
      const r = await call(eventsUrl(tenant.id, `/${id}/replay`), { method: 'POST', headers: { 'x-api-key': apiKey } });
      assert.equal(r.status, 202);
      assert.deepEqual(r.body, { HttpStatusCode: 202, EventId: id, Message: 'Redelivery scheduled' });
      const delivered = await waitFor('Delivered after replay', async () => {
        const v = await webhooks.get(tenant.id, id);
        return v?.Status === 'Delivered' ? v : null;
      });
      assert.equal(delivered.Attempts, 1, 'a replay restarts the attempt counter');
      assert.equal(delivered.Deliveries.length, 5);
      assert.deepEqual(delivered.Deliveries.at(-1), { ...delivered.Deliveries.at(-1)!, Attempt: 1, Series: 2, StatusCode: 200, Error: null });
      assert.equal(rx.got.length, 5);
      const last = rx.got[4]!;
      assert.equal(last.headers['x-maplelink-attempt'], '1');
      assert.ok(last.raw.equals(rx.got[0]!.raw), 'the replay sends the stored bytes');
      assert.equal(last.headers['flinks-authenticity-key'], documentedSignature('whsec-test-3', last.raw));
    } finally {
      await rx.close();
    }
  });

  test('a delivered event can be replayed and the receiver sees it again with a valid signature', async () => {
    const rx = await startReceiver(() => 200);
    try {
      const { tenant } = await newTenant({ webhookUrl: rx.url, webhookSecret: 'whsec-test-4' });
      const id = await enqueue(tenant);
      await waitFor('Delivered', async () => (await webhooks.get(tenant.id, id))?.Status === 'Delivered');
      // The secret is rotated before the replay: the replay is signed with the current one.
      await app.platform.tenants.update(tenant.id, { webhookSecret: 'whsec-test-4-rotated' });
      assert.equal(await webhooks.replay(tenant.id, id), true);
      await waitFor('the replayed delivery', () => rx.got.length === 2);
      const again = rx.got[1]!;
      assert.ok(again.raw.equals(rx.got[0]!.raw));
      assert.equal(again.headers['x-maplelink-event-id'], id);
      assert.equal(again.headers['flinks-authenticity-key'], documentedSignature('whsec-test-4-rotated', again.raw));
      const v = await waitFor('Delivered again', async () => {
        const x = await webhooks.get(tenant.id, id);
        return x?.Deliveries.length === 2 && x.Status === 'Delivered' ? x : null;
      });
      assert.deepEqual(v.Deliveries.map((d) => [d.Series, d.Attempt, d.StatusCode]), [[1, 1, 200], [2, 1, 200]]);
    } finally {
      await rx.close();
    }
  });

  test('an event enqueued in a transaction that rolls back leaves no event and no delivery', async () => {
    const rx = await startReceiver(() => 200);
    try {
      const { tenant, apiKey } = await newTenant({ webhookUrl: rx.url, webhookSecret: 'whsec-test-5' });
      let id: string | null = null;
      await assert.rejects(
        app.platform.db.tx(async (q) => {
          id = await webhooks.enqueue(q, tenant, 'GetAccountsDetail', detailPayload('55555555-1209-4f19-641c-08d6d484e2fe'));
          throw new Error('the state change failed');
        }),
        /the state change failed/,
      );
      assert.ok(id);
      assert.equal(await webhooks.get(tenant.id, id), null);
      assert.deepEqual(await webhooks.list(tenant.id), []);
      const jobs = await app.platform.db.query<{ n: number }>(`select count(*)::int as n from pgboss.job where name = $1 and data->>'eventId' = $2`, [WEBHOOK_QUEUE, id]);
      assert.equal(jobs[0]!.n, 0, 'no delivery job was queued');
      await sleep(1500);
      assert.equal(rx.got.length, 0, 'nothing was POSTed');
      const r = await call(eventsUrl(tenant.id), { headers: { 'x-api-key': apiKey } });
      assert.deepEqual(r.body, { HttpStatusCode: 200, Events: [] });
    } finally {
      await rx.close();
    }
  });

  test('another customer can neither see nor replay an event', async () => {
    const rx = await startReceiver(() => 200);
    try {
      const a = await newTenant({ webhookUrl: rx.url, webhookSecret: 'whsec-a' });
      const b = await newTenant({ webhookUrl: rx.url, webhookSecret: 'whsec-b' });
      const id = await enqueue(a.tenant);
      await waitFor('Delivered', async () => (await webhooks.get(a.tenant.id, id))?.Status === 'Delivered');

      const listB = await call(eventsUrl(b.tenant.id), { headers: { 'x-api-key': b.apiKey } });
      assert.equal(listB.status, 200);
      assert.deepEqual(listB.body.Events, []);
      const getB = await call(eventsUrl(b.tenant.id, `/${id}`), { headers: { 'x-api-key': b.apiKey } });
      assert.equal(getB.status, 404);
      assert.deepEqual(getB.body, { HttpStatusCode: 404, Message: `Webhook event ${id} was not found`, FlinksCode: 'INVALID_REQUEST' });
      const replayB = await call(eventsUrl(b.tenant.id, `/${id}/replay`), { method: 'POST', headers: { 'x-api-key': b.apiKey } });
      assert.equal(replayB.status, 404);
      assert.equal(replayB.body.FlinksCode, 'INVALID_REQUEST');
      // B's key does not open A's log.
      const crossed = await call(eventsUrl(a.tenant.id), { headers: { 'x-api-key': b.apiKey } });
      assert.equal(crossed.status, 401);
      assert.equal(await webhooks.replay(b.tenant.id, id), false);
      assert.equal(await webhooks.get(b.tenant.id, id), null);

      await sleep(1500);
      assert.equal(rx.got.length, 1, 'the refused replays delivered nothing');
      assert.equal((await webhooks.get(a.tenant.id, id))?.Deliveries.length, 1);
    } finally {
      await rx.close();
    }
  });

  test('a customer without a webhook URL gets null and nothing is written', async () => {
    const { tenant } = await newTenant({ webhookUrl: null, webhookSecret: 'unused' });
    const id = await app.platform.db.tx((q) => webhooks.enqueue(q, tenant, 'KYC', { ResponseType: 'KYC' }));
    assert.equal(id, null);
    assert.deepEqual(await webhooks.list(tenant.id), []);
  });

  test('without a webhook secret the POST carries no signature headers', async () => {
    const rx = await startReceiver(() => 200);
    try {
      const { tenant } = await newTenant({ webhookUrl: rx.url, webhookSecret: null });
      const id = await app.platform.db.tx((q) => webhooks.enqueue(q, tenant, 'KYC', { ResponseType: 'KYC', Login: { Id: 'x' } }));
      assert.ok(id);
      await waitFor('the delivery', () => rx.got.length === 1);
      assert.equal(rx.got[0]!.headers['flinks-authenticity-key'], undefined);
      assert.equal(rx.got[0]!.headers['x-flinks-signature'], undefined);
      assert.equal(JSON.parse(rx.got[0]!.raw.toString('utf8')).ResponseType, 'KYC');
    } finally {
      await rx.close();
    }
  });

  test('an unreachable receiver is logged as a network error and retried', async () => {
    // A port that was just free: nothing listens there, the connection is refused.
    const port = await new Promise<number>((res) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as AddressInfo).port;
        s.close(() => res(p));
      });
    });
    const { tenant } = await newTenant({ webhookUrl: `http://127.0.0.1:${port}/hooks`, webhookSecret: 'whsec-dead' });
    const id = await enqueue(tenant);
    const v = await waitFor('two failed attempts', async () => {
      const x = await webhooks.get(tenant.id, id);
      return x && x.Deliveries.length >= 2 ? x : null;
    });
    assert.equal(v.Status, 'Pending');
    assert.equal(v.Deliveries[0]!.StatusCode, null);
    assert.equal(v.Deliveries[0]!.Error, 'network error: ECONNREFUSED');
    assert.ok(!JSON.stringify(v).includes('whsec-dead'));
  });

  test('unknown or malformed event ids are 404 in the Flinks envelope; the key is checked', async () => {
    const { tenant, apiKey } = await newTenant({ webhookUrl: 'http://127.0.0.1:1/none' });
    for (const bad of ['9f1c2b7e-0000-4000-8000-000000000000', 'not-a-guid']) {
      const r = await call(eventsUrl(tenant.id, `/${bad}`), { headers: { 'x-api-key': apiKey } });
      assert.equal(r.status, 404);
      assert.deepEqual(r.body, { HttpStatusCode: 404, Message: `Webhook event ${bad} was not found`, FlinksCode: 'INVALID_REQUEST' });
      const p = await call(eventsUrl(tenant.id, `/${bad}/replay`), { method: 'POST', headers: { 'x-api-key': apiKey } });
      assert.equal(p.status, 404);
    }
    const noKey = await call(eventsUrl(tenant.id));
    assert.equal(noKey.status, 401);
    assert.equal(noKey.body.FlinksCode, 'ACCESS_DENIED');
  });

  test('the endpoints are in /openapi.json', async () => {
    const spec = await call(`${base}/openapi.json`);
    assert.equal(spec.status, 200);
    const paths = Object.keys(spec.body.paths);
    assert.ok(paths.includes('/v3/{customerId}/webhooks/events'), paths.join(', '));
    assert.ok(paths.includes('/v3/{customerId}/webhooks/events/{eventId}'));
    assert.ok(paths.includes('/v3/{customerId}/webhooks/events/{eventId}/replay'));
  });
});
