/**
 * The SDK's 202 loop (sdk/src/http.ts) on its own: growing waits up to the cap, Retry-After honoured
 * within the cap, the timeout, the abort. The answers are built here; the loop is what is tested.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { follow202, type RawAnswer } from '../../../sdk/src/http.ts';
import { PollTimeoutError } from '../../../sdk/src/index.ts';

const answer = (status: number, headers: Record<string, string> = {}): RawAnswer => ({ status, headers: new Headers(headers), body: { HttpStatusCode: status }, url: 'http://x/' });

/** `next` answers 202 `pending` times, then 200; records when each call came. */
function server(pending: number, headers: Record<string, string> = {}) {
  const at: number[] = [];
  let left = pending;
  return { at, next: async () => (at.push(Date.now()), left-- > 0 ? answer(202, headers) : answer(200)) };
}

test('each wait is 1.5 times the last, up to maxIntervalMs', async () => {
  const s = server(4);
  const started = Date.now();
  const done = await follow202(answer(202), s.next, 'x', 'r', { intervalMs: 40, maxIntervalMs: 80 });
  assert.equal(done.status, 200);
  const gaps = [s.at[0]! - started, ...s.at.slice(1).map((t, i) => t - s.at[i]!)];
  // 40, 60, 80 (90 capped), 80, 80: timers never fire early (a millisecond of rounding allowed).
  for (const [i, min] of [40, 60, 80, 80, 80].entries()) assert.ok(gaps[i]! >= min - 1, `wait ${i + 1} was ${gaps[i]} ms, expected at least ${min}`);
});

test('Retry-After is honoured within maxIntervalMs', async () => {
  const s = server(2, { 'retry-after': '5' });
  const started = Date.now();
  await follow202(answer(202, { 'retry-after': '5' }), s.next, 'x', 'r', { intervalMs: 10, maxIntervalMs: 60 });
  // Three waits of 60 ms, not of 5 s.
  assert.ok(Date.now() - started >= 179);
  assert.ok(Date.now() - started < 4_000, `took ${Date.now() - started} ms`);
});

test('a 202 that outlives timeoutMs rejects with PollTimeoutError and the last body', async () => {
  const s = server(Infinity);
  const e = await follow202(answer(202), s.next, 'GetAccountsDetailAsync', 'req-1', { intervalMs: 20, timeoutMs: 100 }).then(() => null, (err: unknown) => err);
  assert.ok(e instanceof PollTimeoutError);
  assert.equal(e.requestId, 'req-1');
  assert.ok(e.elapsedMs >= 100);
  assert.deepEqual(e.lastBody, { HttpStatusCode: 202 });
  assert.ok(s.at.length >= 2);
});

test('an abort ends the wait at once with the signal\'s reason', async () => {
  const s = server(Infinity);
  const c = new AbortController();
  setTimeout(() => c.abort(new Error('user left')), 50);
  const started = Date.now();
  await assert.rejects(follow202(answer(202), s.next, 'x', 'r', { intervalMs: 10_000, signal: c.signal }), /user left/);
  assert.ok(Date.now() - started < 5_000);
  assert.equal(s.at.length, 0);
});
