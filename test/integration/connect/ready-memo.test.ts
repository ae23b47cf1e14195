/**
 * On PostgreSQL a replica answers a Ready request from memory for a moment (its memo), and a
 * request polled steadily is re-read in the background before that memo runs out, so no caller
 * waits for the database. What must hold, checked on a ConnectData of its own beside the app
 * (as a second replica would be): a caller never waits for a re-read ahead; an answer never
 * rests on a read older than the memo's time; a change made elsewhere (DeleteCard through the
 * app) is seen once the re-read reads it; a memo forgotten meanwhile is not brought back.
 *
 * Reads are held at a gate on the store, so what waits for what is seen, not timed. The memo's
 * timings are stretched (6 s, re-read in the last 2 s; a poll aims 300 ms into the window it
 * tests, which leaves at least 1.7 s before the window closes, and an answer from memory has
 * 1.5 s to come) so that a busy machine's timers do not decide the outcome.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import { onPostgres, startTestApp, type TestApp } from '../../support/app.ts';
import { FlinksClient } from '../../support/flinks.ts';
import { NEEDS_POSTGRES } from '../../support/replicas.ts';
import { ConnectData } from '../../../src/connect/data.ts';
import { ConnectStore } from '../../../src/connect/store.ts';
import { ApiError } from '../../../src/platform/errors.ts';
import { SANDBOX_TENANT, type Tenant } from '../../../src/platform/tenants.ts';
import type { Queryable } from '../../../src/platform/db.ts';

const READY_MS = 6_000;
const AHEAD_MS = 2_000;
/** How long a poll may take and still count as answered from memory (no read it started came back). */
const ANSWER_MS = 1_500;

/** The store with its request read held until released. */
class GatedStore extends ConnectStore {
  reads = 0;
  private gates: (() => void)[] = [];
  get held(): number {
    return this.gates.length;
  }
  release(): void {
    for (const open of this.gates.splice(0)) open();
  }
  override async findRequestAndLogin(q: Queryable, customerId: string, requestId: string) {
    this.reads++;
    await new Promise<void>((open) => this.gates.push(open));
    return super.findRequestAndLogin(q, customerId, requestId);
  }
}

let t: TestApp;
let api: FlinksClient;
let store: GatedStore;
let data: ConnectData;
let tenant: Tenant;
before(async () => {
  if (!onPostgres) return; // the re-read ahead is PostgreSQL's (other processes write there)
  t = await startTestApp();
  api = new FlinksClient(t.url);
  store = new GatedStore(t.app.platform.db);
  data = new ConnectData(t.app.platform, store, { authorizingIdleMs: 10 * 60_000, processingIdleMs: 30 * 60_000 }, { readyMs: READY_MS, renewAheadMs: AHEAD_MS });
  tenant = (await t.app.platform.tenants.find(SANDBOX_TENANT.id))!;
});
after(async () => t?.stop());

interface Outcome {
  /** `answered`: settled while every read it started was still held; `waited`: it needed a read. */
  how: 'answered' | 'waited';
  status: number;
  /** Reads of the request it started (in its path or ahead of the memo). */
  reads: number;
}

async function poll(requestId: string): Promise<Outcome> {
  const before = store.reads;
  const answer = data.answer(tenant, 'GetAccountsSummary', requestId, null, true).then(
    (r) => r.status,
    (err: unknown) => (err instanceof ApiError ? err.status : Promise.reject(err)),
  );
  const first = await Promise.race([answer.then(() => 'answered' as const), sleep(ANSWER_MS).then(() => 'waiting' as const)]);
  if (first === 'waiting') store.release();
  const status = await answer;
  return { how: first === 'answered' ? 'answered' : 'waited', status, reads: store.reads - before };
}

/** Lets a released re-read finish its work (one query, no waiting). */
const settle = async () => {
  store.release();
  await sleep(200);
};

test('a request polled steadily is re-read ahead of its memo, in the background; an answer never outlives the memo', NEEDS_POSTGRES, async () => {
  const { requestId } = await api.connect('greatday_nomfa');
  assert.equal((await api.poll('GetAccountsDetail', requestId, 30_000)).status, 200);

  // The first call reads (nothing remembered yet); the memo then answers without a read.
  assert.deepEqual(await poll(requestId), { how: 'waited', status: 200, reads: 1 });
  const t0 = Date.now();
  assert.deepEqual(await poll(requestId), { how: 'answered', status: 200, reads: 0 });

  // In the memo's last second a call answers at once and starts one re-read; the next starts none.
  await sleep(READY_MS - AHEAD_MS + 300 - (Date.now() - t0));
  assert.deepEqual(await poll(requestId), { how: 'answered', status: 200, reads: 1 });
  assert.deepEqual(await poll(requestId), { how: 'answered', status: 200, reads: 0 });
  assert.equal(store.held, 1);

  // The re-read has not come back when the memo runs out: the next caller reads, as without it.
  await sleep(READY_MS + 200 - (Date.now() - t0));
  assert.deepEqual(await poll(requestId), { how: 'waited', status: 200, reads: 1 });
  await settle();

  // A re-read that comes back renews the memo: past the old memo's end, calls still answer at once.
  const t1 = Date.now();
  await sleep(READY_MS - AHEAD_MS + 300 - (Date.now() - t1));
  assert.deepEqual(await poll(requestId), { how: 'answered', status: 200, reads: 1 });
  await settle();
  await sleep(READY_MS + 300 - (Date.now() - t1));
  assert.deepEqual(await poll(requestId), { how: 'answered', status: 200, reads: 0 });
});

test('a re-read ahead sees a change made elsewhere; a memo forgotten meanwhile stays forgotten', NEEDS_POSTGRES, async () => {
  const { loginId, requestId } = await api.connect('greatday_nomfa', { language: 'fr' });
  assert.equal((await api.poll('GetAccountsDetail', requestId, 30_000)).status, 200);

  // Forgotten while its re-read is held (this process refreshed or deleted the card): not brought back.
  assert.deepEqual(await poll(requestId), { how: 'waited', status: 200, reads: 1 });
  let t0 = Date.now();
  await sleep(READY_MS - AHEAD_MS + 300 - (Date.now() - t0));
  assert.deepEqual(await poll(requestId), { how: 'answered', status: 200, reads: 1 });
  data.forgetLogin(loginId);
  await settle();
  assert.deepEqual(await poll(requestId), { how: 'waited', status: 200, reads: 1 });
  t0 = Date.now();

  // The card deleted through the app (another replica, for this ConnectData): the memo answers
  // until its re-read reads the deletion; from then on the caller reads and gets the error.
  assert.equal((await api.get(`DeleteCard/${loginId}`)).status, 200);
  await sleep(READY_MS - AHEAD_MS + 300 - (Date.now() - t0));
  assert.deepEqual(await poll(requestId), { how: 'answered', status: 200, reads: 1 });
  await settle();
  assert.deepEqual(await poll(requestId), { how: 'waited', status: 400, reads: 1 });
});
