/**
 * The request log and its feed (GET /operator/v1/requests) on both databases: /v3 calls recorded
 * off the request path with their route template, ids and FlinksCode; every filter; keyset pages
 * without duplicates or gaps; search by RequestId or LoginId; customers apart; bad input answered
 * 400 in the operator shape; a full buffer dropping its oldest rows; the retention job.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { call, startTestApp, type TestApp } from '../../support/app.ts';
import { CID, FlinksClient } from '../../support/flinks.ts';
import { waitFor } from '../../support/wait.ts';
import { PRUNE_QUEUE, RequestLog } from '../../../src/platform/requests/log.ts';
import type { RecordedRequest } from '../../../src/platform/requests/record.ts';

const KEY = 'mlop_feed-operator-key-0123456789abcdefghijklmnop';
let t: TestApp;
let other: { customerId: string; secretKey: string; apiKey: string };
let sandboxLogin: { loginId: string; requestId: string };

const op = (path: string) => call(`${t.url}/operator/v1${path}`, { headers: { authorization: `Bearer ${KEY}` } });
const feed = async (query: Record<string, string | number> = {}) => {
  const r = await op(`/requests?${new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString()}`);
  assert.equal(r.status, 200, r.text);
  return r.body as { requests: any[]; nextCursor: string | null };
};
/** Every page of a query, following nextCursor. */
async function allPages(query: Record<string, string | number>): Promise<any[]> {
  const out: any[] = [];
  let cursor: string | null = null;
  for (let i = 0; i < 500; i++) {
    const page = await feed(cursor ? { ...query, cursor } : query);
    out.push(...page.requests);
    if (!page.nextCursor) return out;
    cursor = page.nextCursor;
  }
  throw new Error('more than 500 pages');
}

before(async () => {
  t = await startTestApp({ MAPLELINK_OPERATOR_KEY: KEY });
  const made = await call(`${t.url}/operator/v1/customers`, { method: 'POST', json: { name: 'Feed Two' }, headers: { authorization: `Bearer ${KEY}` } });
  assert.equal(made.status, 201, made.text);
  other = made.body;
  sandboxLogin = await new FlinksClient(t.url).connect('greatday_nomfa');
  // The second customer: a token (200), a refused key (401 UNAUTHORIZED) and an unknown route's neighbour.
  const token = await call(`${t.url}/v3/${other.customerId}/BankingServices/GenerateAuthorizeToken`, { method: 'POST', headers: { 'flinks-auth-key': other.secretKey } });
  assert.equal(token.status, 200);
  const refused = await call(`${t.url}/v3/${other.customerId}/BankingServices/GenerateAuthorizeToken`, { method: 'POST', headers: { 'flinks-auth-key': 'wrong' } });
  assert.equal(refused.status, 401);
  const missing = await new FlinksClient(t.url).post('GetAccountsSummary', { RequestId: '2f0c2d4e-1111-4222-8333-444455556666' });
  assert.equal(missing.body.FlinksCode, 'SESSION_NONEXISTENT');
  await waitFor('the calls in the feed', async () => (await feed({ customerId: other.customerId })).requests.length >= 2 && (await feed({ flinksCode: 'SESSION_NONEXISTENT' })).requests.length >= 1, 20_000, 100);
});
after(async () => {
  await t.stop();
});

test('a /v3 call is recorded with its route template, product, ids, status, FlinksCode and duration, and nothing of its body', async () => {
  const authorize = (await feed({ q: sandboxLogin.requestId })).requests.find((x) => x.endpoint === '/v3/{customerId}/BankingServices/Authorize');
  assert.ok(authorize, 'the Authorize call is found by its RequestId');
  assert.equal(authorize.customerId, CID);
  assert.equal(authorize.product, 'connect');
  assert.equal(authorize.method, 'POST');
  assert.equal(authorize.status, 200);
  assert.equal(authorize.loginId, sandboxLogin.loginId, 'the LoginId of the answer');
  assert.equal(authorize.requestId, sandboxLogin.requestId);
  assert.equal(authorize.flinksCode, null);
  assert.ok(authorize.durationMs > 0 && authorize.durationMs < 60_000);
  assert.ok(Math.abs(Date.parse(authorize.at) - Date.now()) < 120_000);
  const one = await op(`/requests/${authorize.id}`);
  assert.equal(one.status, 200);
  assert.deepEqual(one.body, authorize);

  const refused = (await feed({ customerId: other.customerId, status: 401 })).requests;
  assert.equal(refused.length, 1);
  assert.deepEqual([refused[0].flinksCode, refused[0].endpoint, refused[0].requestId], ['UNAUTHORIZED', '/v3/{customerId}/BankingServices/GenerateAuthorizeToken', null]);
  const missing = (await feed({ flinksCode: 'session_nonexistent' })).requests;
  assert.equal(missing[0].requestId, '2f0c2d4e-1111-4222-8333-444455556666', 'the RequestId of the body');
  assert.equal(missing[0].status, 400);

  // No credential, username or password reaches the table.
  const rows = JSON.stringify(await t.app.platform.db.query('select * from request_log'));
  for (const secret of ['Everyday', 'greatday_nomfa', other.secretKey, 'wrong']) assert.ok(!rows.includes(secret), `${secret} is not recorded`);
  // The operator API, /health and /metrics are not the Flinks surfaces: not recorded.
  const endpoints = new Set((await t.app.platform.db.query<{ endpoint: string }>('select distinct endpoint from request_log')).map((r) => r.endpoint));
  assert.ok([...endpoints].every((e) => e.startsWith('/v3/{customerId}/')), [...endpoints].join());

  const listed = await op('/requests/endpoints');
  assert.equal(listed.body.recording, true);
  assert.ok(listed.body.endpoints.some((e: any) => e.product === 'enrich' && e.endpoint.startsWith('/v3/{customerId}/insight/')));
  assert.ok(listed.body.endpoints.some((e: any) => e.product === 'upload'));
  assert.ok(listed.body.endpoints.some((e: any) => e.product === 'connect' && e.endpoint === '/v3/{customerId}/BankingServices/GetAccountsDetail'));
});

test('filters: customer, status and class, FlinksCode, endpoint, product, time, and search by RequestId or LoginId', async () => {
  const mine = await feed({ customerId: other.customerId.toUpperCase() });
  assert.ok(mine.requests.length >= 2);
  assert.ok(mine.requests.every((x) => x.customerId === other.customerId), "another customer's calls are filtered apart");
  const sandbox = await feed({ customerId: CID, limit: 200 });
  assert.ok(sandbox.requests.every((x) => x.customerId === CID) && !sandbox.requests.some((x) => x.customerId === other.customerId));

  const fourxx = await feed({ status: '4xx' });
  assert.ok(fourxx.requests.length >= 2 && fourxx.requests.every((x) => x.status >= 400 && x.status < 500));
  assert.ok((await feed({ status: '2XX' })).requests.every((x) => x.status >= 200 && x.status < 300));
  assert.ok((await feed({ status: 200 })).requests.every((x) => x.status === 200));
  assert.equal((await feed({ status: '5xx' })).requests.length, 0);
  assert.ok((await feed({ flinksCode: 'UNAUTHORIZED' })).requests.every((x) => x.flinksCode === 'UNAUTHORIZED'));

  const endpoint = '/v3/{customerId}/BankingServices/Authorize';
  const authorizes = await feed({ endpoint });
  assert.ok(authorizes.requests.length >= 1 && authorizes.requests.every((x) => x.endpoint === endpoint));
  assert.ok((await feed({ product: 'connect' })).requests.every((x) => x.product === 'connect'));
  assert.equal((await feed({ product: 'pay' })).requests.length, 0, 'Pay is not a /v3 surface');

  const byLogin = await feed({ q: sandboxLogin.loginId.toUpperCase() });
  assert.ok(byLogin.requests.length >= 1 && byLogin.requests.every((x) => x.loginId === sandboxLogin.loginId || x.requestId === sandboxLogin.loginId));
  assert.equal((await feed({ q: sandboxLogin.requestId, customerId: other.customerId })).requests.length, 0);

  const newest = mine.requests[0];
  assert.equal((await feed({ customerId: other.customerId, from: newest.at })).requests[0].id, newest.id, 'from is inclusive');
  assert.ok(!(await feed({ customerId: other.customerId, to: newest.at })).requests.some((x) => x.id === newest.id), 'to is exclusive');
  assert.equal((await feed({ from: new Date(Date.now() + 3_600_000).toISOString() })).requests.length, 0);
  // Newest first.
  const times = sandbox.requests.map((x) => Date.parse(x.at));
  assert.deepEqual(times, [...times].sort((a, b) => b - a));
});

/** Rows written straight through the log (as the hook would), for paging and retention. */
async function seed(rows: Partial<RecordedRequest>[]): Promise<void> {
  const log = t.app.platform.requestLog;
  for (const r of rows) {
    log.record({ at: Date.now(), customerId: null, product: 'test', method: 'GET', endpoint: '/v3/{customerId}/Test', requestId: null, loginId: null, status: 200, flinksCode: null, durationMs: 1, ...r });
  }
  await log.flush();
}

test('property: pages follow each other without duplicates or gaps, for any page size, ties in time included', async () => {
  const customerId = '5e1f3a00-0000-4000-8000-00000000fee0';
  const at = Date.now() - 5_000;
  // 61 calls, many sharing one millisecond: the id breaks the tie.
  await seed(Array.from({ length: 61 }, (_, i) => ({ customerId, at: at + Math.floor(i / 7), status: i % 5 === 0 ? 503 : 200, endpoint: `/v3/{customerId}/Test${i % 3}` })));
  const everything = (await feed({ customerId, limit: 200 })).requests;
  assert.equal(everything.length, 61);
  await fc.assert(
    fc.asyncProperty(fc.integer({ min: 1, max: 25 }), fc.constantFrom<Record<string, string>>({}, { status: '5xx' }, { endpoint: '/v3/{customerId}/Test1' }), async (limit, extra) => {
      const pages = await allPages({ customerId, limit, ...extra });
      const expected = everything.filter((x) => (extra.status ? x.status === 503 : true) && (extra.endpoint ? x.endpoint === extra.endpoint : true));
      assert.deepEqual(pages.map((x) => x.id), expected.map((x) => x.id));
    }),
    { numRuns: 12 },
  );
});

test('bad filters and cursors answer 400 in the operator shape; an unknown request 404', async () => {
  const bad = async (query: string, code = 'invalid_request', status = 400) => {
    const r = await op(query);
    assert.equal(r.status, status, `${query}: ${r.text}`);
    assert.deepEqual(Object.keys(r.body).sort(), ['code', 'error', 'status']);
    assert.equal(r.body.code, code);
  };
  const good = await feed({ limit: 1 });
  assert.ok(good.nextCursor);
  await bad('/requests?cursor=not-a-cursor!');
  await bad(`/requests?cursor=${Buffer.from('2026-01-01T00:00:00.000000Z|x').toString('base64url')}`);
  await bad(`/requests?cursor=${Buffer.from('2026-01-01T00:00:00.000000Z|12|3').toString('base64url')}`);
  await bad(`/requests?cursor=${Buffer.from('2026-13-45T00:00:00.000000Z|12').toString('base64url')}`);
  await bad('/requests?status=4x');
  await bad('/requests?status=600');
  await bad('/requests?customerId=nope');
  await bad('/requests?limit=0');
  await bad('/requests?limit=201');
  await bad('/requests?from=yesterday');
  await bad('/requests?from=2026-02-01T00:00:00Z&to=2026-01-01T00:00:00Z');
  await bad('/requests?flinksCode=a%20b');
  await bad('/requests/abc');
  await bad('/requests/999999999', 'not_found', 404);
  const none = await call(`${t.url}/operator/v1/requests`);
  assert.equal(none.status, 401);
});

test('the buffer: rows wait for the flusher, a full buffer drops its oldest and counts them, closing writes what is left', async () => {
  const log = new RequestLog(t.app.platform.db, t.app.platform.log, { enabled: true, retentionDays: 30, capacity: 3, flushMs: 60_000 });
  const customerId = '5e1f3a00-0000-4000-8000-00000000b0ff';
  for (let i = 0; i < 5; i++) log.record({ at: Date.now() + i, customerId, product: 'test', method: 'GET', endpoint: `/v3/{customerId}/Buffer${i}`, requestId: null, loginId: null, status: 200, flinksCode: null, durationMs: 1 });
  assert.deepEqual(log.stats(), { recorded: 5, written: 0, dropped: 2, failedFlushes: 0, buffered: 3 });
  assert.equal((await feed({ customerId })).requests.length, 0, 'nothing is written before a flush');
  await log.close();
  assert.deepEqual((await feed({ customerId })).requests.map((x) => x.endpoint), ['/v3/{customerId}/Buffer4', '/v3/{customerId}/Buffer3', '/v3/{customerId}/Buffer2']);
  log.record({ at: Date.now(), customerId, product: 'test', method: 'GET', endpoint: '/late', requestId: null, loginId: null, status: 200, flinksCode: null, durationMs: 1 });
  assert.equal(log.stats().dropped, 3, 'a closed log records nothing');

  // The server's own log: its counters in /metrics.
  const metrics = await fetch(`${t.url}/metrics`).then((r) => r.text());
  assert.match(metrics, /^request_log_written_total \d+$/m);
  assert.match(metrics, /^request_log_dropped_total 0$/m);
  assert.match(metrics, /^request_log_buffered \d+$/m);
});

test('retention: the prune job deletes the rows older than REQUEST_LOG_RETENTION_DAYS and keeps the rest', async () => {
  const customerId = '5e1f3a00-0000-4000-8000-0000000001d0';
  const day = 86_400_000;
  await seed([
    { customerId, at: Date.now() - 45 * day, endpoint: '/old1' },
    { customerId, at: Date.now() - 31 * day, endpoint: '/old2' },
    { customerId, at: Date.now() - 29 * day, endpoint: '/kept1' },
    { customerId, at: Date.now(), endpoint: '/kept2' },
  ]);
  assert.equal((await feed({ customerId })).requests.length, 4);
  await t.app.platform.jobs.send(PRUNE_QUEUE, {});
  const left = await waitFor('the prune job', async () => {
    const r = (await feed({ customerId })).requests;
    return r.length === 2 && r;
  }, 30_000, 100);
  assert.deepEqual(left.map((x) => x.endpoint), ['/kept2', '/kept1']);
  // Retention 0 keeps everything.
  const forever = new RequestLog(t.app.platform.db, t.app.platform.log, { enabled: true, retentionDays: 0 });
  assert.equal(await forever.prune(Date.now() + 1000 * day), 0);
});
