/**
 * Request limits are one budget for the whole installation: on PostgreSQL two API replicas
 * share the count, and every answer carries the RateLimit-* header fields
 * (draft-ietf-httpapi-ratelimit-headers) with Retry-After on the refusal.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createApp, type App } from '../../../src/app.ts';
import { loadConfig } from '../../../src/platform/config.ts';
import { call, freshPostgresDatabase, onPostgres, startTestApp, watchDrift, type JsonResponse, type TestApp } from '../../support/app.ts';
import { FlinksClient } from '../../support/flinks.ts';

const LIMIT = 40;
const UNKNOWN_LOGIN = '00000000-0000-4000-8000-000000000001';

/** An answer that went through (anything but the limiter's refusal). */
const admittedV3 = (r: JsonResponse) => r.body?.FlinksCode !== 'TOO_MANY_REQUESTS';
const admittedFdx = (r: JsonResponse) => r.body?.code !== 1207;

function assertHeaders(r: JsonResponse): void {
  assert.equal(r.headers.get('ratelimit-limit'), String(LIMIT), r.text);
  const remaining = Number(r.headers.get('ratelimit-remaining'));
  assert.ok(Number.isInteger(remaining) && remaining >= 0 && remaining < LIMIT, `RateLimit-Remaining ${remaining}`);
  const reset = Number(r.headers.get('ratelimit-reset'));
  assert.ok(Number.isInteger(reset) && reset >= 0 && reset <= 60, `RateLimit-Reset ${reset}`);
}

function assertRefusedV3(r: JsonResponse): void {
  // Flinks documents TOO_MANY_REQUESTS with HTTP 401, in its envelope.
  assert.equal(r.status, 401, r.text);
  assert.deepEqual(r.body, { HttpStatusCode: 401, Message: r.body.Message, FlinksCode: 'TOO_MANY_REQUESTS' });
  assert.match(r.body.Message, /^Too many requests: retry after \d+ seconds$/);
  const retry = Number(r.headers.get('retry-after'));
  assert.ok(retry >= 1 && retry <= 60, `Retry-After ${r.headers.get('retry-after')}`);
  assert.equal(r.headers.get('ratelimit-remaining'), '0');
}

describe('one process', () => {
  let t: TestApp;
  before(async () => {
    t = await startTestApp({ RATE_LIMIT_PER_MINUTE: String(LIMIT) });
  });
  after(async () => t.stop());

  test('every /v3 answer carries RateLimit-Limit, -Remaining and -Reset; the call past the limit is TOO_MANY_REQUESTS with Retry-After', async () => {
    const client = new FlinksClient(t.url);
    const seen: number[] = [];
    for (let i = 0; i < LIMIT; i++) {
      const r = await client.get(`GetMFAQuestions/${UNKNOWN_LOGIN}`);
      assert.equal(r.body.FlinksCode, 'INVALID_REQUEST', r.text);
      assertHeaders(r);
      seen.push(Number(r.headers.get('ratelimit-remaining')));
    }
    assert.deepEqual(seen, Array.from({ length: LIMIT }, (_, i) => LIMIT - 1 - i), 'Remaining counts down to 0');
    assertRefusedV3(await client.get(`GetMFAQuestions/${UNKNOWN_LOGIN}`));
  });
});

/** Two API replicas (no workers) on one fresh PostgreSQL database. */
async function twoReplicas(env: Record<string, string>): Promise<{ urls: string[]; stop(): Promise<void> }> {
  const database = await freshPostgresDatabase();
  const apps: App[] = [];
  const urls: string[] = [];
  const drifts: ReturnType<typeof watchDrift>[] = [];
  try {
    for (let i = 0; i < 2; i++) {
      const config = loadConfig({ NODE_ENV: 'test', PORT: '0', DATABASE_URL: database.url, JOBS_MAINTENANCE_SECONDS: '1', ...env });
      const app = await createApp(config, { workers: false });
      drifts.push(watchDrift(app));
      apps.push(app);
      urls.push(await app.http.listen({ port: 0, host: '127.0.0.1' }));
      await app.start();
    }
  } catch (err) {
    for (const app of apps) await app.stop();
    await database.drop();
    throw err;
  }
  return {
    urls,
    async stop() {
      for (const app of apps) await app.stop();
      await database.drop();
      drifts.forEach((d, i) => d.assertNone(urls[i] ?? 'a replica'));
    },
  };
}

describe('two replicas on one PostgreSQL', { skip: onPostgres ? false : 'needs TEST_DATABASE_URL' }, () => {
  let replicas: Awaited<ReturnType<typeof twoReplicas>>;
  before(async () => {
    replicas = await twoReplicas({ RATE_LIMIT_PER_MINUTE: String(LIMIT) });
  });
  after(async () => replicas?.stop());

  test(`RATE_LIMIT_PER_MINUTE=${LIMIT}: 80 requests of one customer spread over both replicas within a minute let at most 44 through`, async () => {
    const clients = replicas.urls.map((u) => new FlinksClient(u));
    const started = Date.now();
    const answers: JsonResponse[] = [];
    // Ten waves of eight concurrent requests, four to each replica.
    for (let wave = 0; wave < 10; wave++) {
      answers.push(...(await Promise.all(Array.from({ length: 8 }, (_, i) => clients[i % 2]!.get(`GetMFAQuestions/${UNKNOWN_LOGIN}`)))));
    }
    assert.ok(Date.now() - started < 60_000, 'the 80 requests fit in one window');
    const through = answers.filter(admittedV3);
    assert.ok(through.length <= 44, `${through.length} of 80 went through`);
    // The count is shared, not approximate: exactly the limit goes through.
    assert.equal(through.length, LIMIT);
    for (const r of through) {
      assert.equal(r.body.FlinksCode, 'INVALID_REQUEST', r.text);
      assertHeaders(r);
    }
    for (const r of answers.filter((x) => !admittedV3(x))) assertRefusedV3(r);
    // Both replicas refused some: neither kept its own budget.
    const refusedBy = [0, 1].map((k) => answers.filter((r, i) => i % 2 === k && !admittedV3(r)).length);
    assert.ok(refusedBy.every((n) => n > 0), `refusals per replica: ${refusedBy}`);
  });

  test('another customer has its own budget', async () => {
    // A customer that does not exist still counts under its own id: the limit applies before the lookup.
    const other = new FlinksClient(replicas.urls[1]!, '11111111-2222-4333-8444-555555555555');
    const r = await other.get(`GetMFAQuestions/${UNKNOWN_LOGIN}`);
    assert.equal(r.body.FlinksCode, 'UNAUTHORIZED', r.text);
    assert.equal(r.headers.get('ratelimit-remaining'), String(LIMIT - 1));
  });

  test('the FDX API counts per access token across replicas: 1207 with HTTP 429 and Retry-After past the limit', async () => {
    const get = (i: number, token: string) => call(`${replicas.urls[i % 2]}/outbound/api/fdx/5/accounts`, { headers: { authorization: `Bearer ${token}` } });
    const answers: JsonResponse[] = [];
    for (let wave = 0; wave < 10; wave++) answers.push(...(await Promise.all(Array.from({ length: 8 }, (_, i) => get(i, 'one-token')))));
    const through = answers.filter(admittedFdx);
    assert.equal(through.length, LIMIT);
    for (const r of through) {
      assert.equal(r.body.code, 1205, r.text);
      assertHeaders(r);
    }
    for (const r of answers.filter((x) => !admittedFdx(x))) {
      assert.equal(r.status, 429, r.text);
      assert.deepEqual(Object.keys(r.body), ['code', 'message', 'debugMessage']);
      assert.ok(Number(r.headers.get('retry-after')) >= 1);
    }
    assert.equal((await get(1, 'another-token')).body.code, 1205, 'the budget is per token');
  });
});
