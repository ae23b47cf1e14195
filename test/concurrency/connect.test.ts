/**
 * Connect's state-changing endpoints under concurrency: the same request sent at once to
 * two replicas on one PostgreSQL gives no 5xx and one consistent end state (checked in the
 * rows themselves). Each test uses its own bank user, so they share one pair of replicas.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, onPostgres, type JsonResponse } from '../support/app.ts';
import { CID, FlinksClient, answerFor } from '../support/flinks.ts';
import { NEEDS_POSTGRES, race, startReplicas, statusCounts, type Replicas } from '../support/replicas.ts';
import { AGGREGATE_QUEUE } from '../../src/connect/aggregation.ts';

const N = 12;

describe('Connect between two replicas', () => {
  let r: Replicas;
  let api: [FlinksClient, FlinksClient];
  before(async () => {
    if (!onPostgres) return;
    r = await startReplicas();
    api = [new FlinksClient(r.urls[0]), new FlinksClient(r.urls[1])];
  });
  after(async () => r?.stop());

  const on = (i: number) => api[i % 2]!;
  const texts = (rs: JsonResponse[]) => rs.map((x) => `${x.status} ${x.text}`).join('\n');
  const firstLogin = (username: string, language = 'en') => ({ Institution: 'FlinksCapital', Username: username, Password: 'Everyday', MostRecentCached: false, Save: true, Language: language });

  /** A saved login whose first aggregation has finished (so a refresh may start). */
  async function aggregated(username: string, language = 'en'): Promise<string> {
    const { loginId, requestId } = await api[0].connect(username, { language: language as 'en' | 'fr' });
    const done = await api[1].poll('GetAccountsDetail', requestId, 30_000);
    assert.equal(done.status, 200, done.text);
    return loginId;
  }

  async function aggregateJobs(loginId: string): Promise<number> {
    const rows = await r.sql<{ n: number }>(`select count(*)::int as n from pgboss.job where name = $1 and data->>'loginId' = $2`, [AGGREGATE_QUEUE, loginId]);
    return rows[0]!.n;
  }

  /** Waits for the login's aggregations to end, then checks none of them ran beside another. */
  async function assertAggregationsOneAtATime(loginId: string): Promise<void> {
    await waitFor(async () => (await r.sql<{ n: number }>(`select count(*)::int as n from pgboss.job where name = $1 and data->>'loginId' = $2 and state not in ('completed', 'failed')`, [AGGREGATE_QUEUE, loginId]))[0]!.n === 0);
    const jobs = await r.sql<{ state: string; started_on: Date; completed_on: Date }>(`select state, started_on, completed_on from pgboss.job where name = $1 and data->>'loginId' = $2 order by started_on`, [AGGREGATE_QUEUE, loginId]);
    assert.ok(jobs.length >= 1);
    for (const [i, j] of jobs.entries()) {
      assert.equal(j.state, 'completed');
      if (i > 0) assert.ok(jobs[i - 1]!.completed_on <= j.started_on, `aggregation ${i} began before ${i - 1} ended`);
    }
  }

  async function requestsOf(loginId: string): Promise<{ mode: string; state: string }[]> {
    return r.sql('select mode, state from connect_requests where login_id = $1 order by created_at', [loginId]);
  }

  test('first logins of one bank user: all connected with one LoginId, one login row, one aggregation', NEEDS_POSTGRES, async () => {
    const rs = await race(N, (i) => on(i).post('Authorize', firstLogin('greatday_nomfa')), r.urls);
    assert.deepEqual(statusCounts(rs), { 200: N }, texts(rs));
    const ids = new Set(rs.map((x) => x.body.Login.Id));
    assert.equal(ids.size, 1, 'one LoginId for one bank user');
    const [loginId] = [...ids];
    const rows = await r.sql('select id from connect_logins where customer_id = $1 and sandbox_user = $2', [CID, 'greatday_nomfa']);
    assert.deepEqual(rows.map((x) => x.id), [loginId]);
    const requests = await requestsOf(loginId!);
    assert.equal(requests.filter((x) => x.state === 'Authorized').length, N, 'every session is authorized on that login');
    // A login answered after the first aggregation finished may start another, never one beside it.
    await assertAggregationsOneAtATime(loginId!);
  });

  test('MFA answers racing for one RequestId: one wins, the others get ALREADY_AUTHORIZED', NEEDS_POSTGRES, async () => {
    const challenge = await api[0].post('Authorize', firstLogin('Greatday'));
    assert.equal(challenge.status, 203, challenge.text);
    const requestId = challenge.body.RequestId;
    const responses: Record<string, string[]> = {};
    for (const c of challenge.body.SecurityChallenges) responses[c.Prompt] = [answerFor(c.Prompt)];
    const rs = await race(N, (i) => on(i).post('Authorize', { RequestId: requestId, SecurityResponses: responses }), r.urls);
    assert.deepEqual(statusCounts(rs), { 200: 1, 401: N - 1 }, texts(rs));
    for (const x of rs.filter((y) => y.status === 401)) {
      assert.deepEqual(x.body, { HttpStatusCode: 401, Message: `RequestId ${requestId} is already authorized; call the data endpoints with it`, FlinksCode: 'ALREADY_AUTHORIZED' });
    }
    const loginId = rs.find((x) => x.status === 200)!.body.Login.Id;
    assert.deepEqual(await requestsOf(loginId), [{ mode: 'live', state: 'Authorized' }]);
    assert.equal(await aggregateJobs(loginId), 1);
  });

  test('one authorize token presented by N first logins at once: it opens one session, the others are refused', NEEDS_POSTGRES, async () => {
    const strict = await r.apps[0].app.platform.tenants.create({ name: 'Strict race' });
    const client = (i: number) => new FlinksClient(r.urls[i % 2]!, strict.tenant.id);
    const issued = await client(0).post('GenerateAuthorizeToken', {}, { 'flinks-auth-key': strict.secretKey });
    assert.equal(issued.status, 200, issued.text);
    const rs = await race(N, (i) => client(i).post('Authorize', firstLogin('persona_salaried', 'fr'), { 'flinks-auth-key': issued.body.Token }), r.urls);
    assert.deepEqual(statusCounts(rs), { 200: 1, 401: N - 1 }, texts(rs));
    for (const x of rs.filter((y) => y.status === 401)) assert.equal(x.body.FlinksCode, 'UNAUTHORIZED', x.text);
    const sessions = await r.sql<{ n: number }>('select count(*)::int as n from connect_requests where customer_id = $1', [strict.tenant.id]);
    assert.equal(sessions[0]!.n, 1, 'a refused token opens no session');
  });

  test('cached Authorize of one LoginId: every session opened', NEEDS_POSTGRES, async () => {
    const loginId = await aggregated('persona_salaried');
    const rs = await race(N, (i) => on(i).post('Authorize', { LoginId: loginId, MostRecentCached: true }), r.urls);
    assert.deepEqual(statusCounts(rs), { 200: N }, texts(rs));
    assert.equal(new Set(rs.map((x) => x.body.RequestId)).size, N);
    assert.equal((await requestsOf(loginId)).filter((x) => x.mode === 'cached').length, N);
    assert.equal(await aggregateJobs(loginId), 1, 'a cached session starts no aggregation');
  });

  test('live refreshes of one LoginId: one refresh at a time, the others CARD_IN_USE', NEEDS_POSTGRES, async () => {
    const loginId = await aggregated('persona_gig');
    const rs = await race(N, (i) => on(i).post('Authorize', { LoginId: loginId, MostRecentCached: false }), r.urls);
    const counts = statusCounts(rs);
    assert.equal((counts[200] ?? 0) + (counts[400] ?? 0), N, texts(rs));
    assert.ok(counts[200]! >= 1, texts(rs));
    for (const x of rs.filter((y) => y.status === 400)) assert.equal(x.body.FlinksCode, 'CARD_IN_USE', x.text);
    // Each refresh that was answered 200 started its own aggregation, none while another ran.
    assert.equal(await aggregateJobs(loginId), 1 + counts[200]!);
    assert.equal((await requestsOf(loginId)).filter((x) => x.mode === 'refresh').length, counts[200]);
  });

  test('AuthorizeMultiple of the same LoginIds, cached and live', NEEDS_POSTGRES, async () => {
    const ids = [await aggregated('persona_benefits'), await aggregated('persona_nsf')];
    const cachedRs = await race(N, (i) => call(on(i).url('AuthorizeMultiple'), { json: { LoginIds: ids, MostRecentCached: true } }), r.urls);
    assert.deepEqual(statusCounts(cachedRs), { 200: N }, texts(cachedRs));
    for (const x of cachedRs) assert.deepEqual(x.body.ValidLoginIds.map((v: any) => v.LoginId), ids);
    const liveRs = await race(N, (i) => call(on(i).url('AuthorizeMultiple'), { json: { LoginIds: ids, MostRecentCached: false } }), r.urls);
    assert.deepEqual(statusCounts(liveRs), { 200: N }, texts(liveRs));
    for (const id of ids) {
      const valid = liveRs.filter((x) => x.body.ValidLoginIds.some((v: any) => v.LoginId === id)).length;
      const refused = liveRs.flatMap((x) => x.body.InvalidLoginIds).filter((v: any) => v.LoginId === id);
      assert.ok(valid >= 1, `${id} refreshed at least once`);
      assert.equal(valid + refused.length, N);
      for (const v of refused) assert.equal(v.FlinksCode, 'CARD_IN_USE', JSON.stringify(v));
      assert.equal(await aggregateJobs(id), 1 + valid, 'no refresh started while another ran');
    }
  });

  test('DeleteCard racing live refreshes of the same login: either order, never half', NEEDS_POSTGRES, async () => {
    const loginId = await aggregated('persona_business');
    const rs = await race(N, (i) => (i % 3 === 0 ? call(on(i).url(`DeleteCard/${loginId}`), { method: 'DELETE' }) : on(i).post('Authorize', { LoginId: loginId, MostRecentCached: false })), r.urls);
    const deletes = rs.filter((_, i) => i % 3 === 0);
    const refreshes = rs.filter((_, i) => i % 3 !== 0);
    for (const x of rs) assert.ok(x.status < 500, texts(rs));
    for (const x of deletes) assert.ok([200, 400, 401].includes(x.status), x.text);
    for (const x of refreshes) assert.ok([200, 400, 401].includes(x.status), x.text);
    assert.ok(deletes.filter((x) => x.status === 200).length <= 1, 'deleted once at most');
    const login = await r.sql('select id from connect_logins where id = $1', [loginId]);
    if (deletes.some((x) => x.status === 200)) {
      assert.equal(login.length, 0);
      // Nothing of the login is left, and everything after the delete found it gone.
      assert.deepEqual(await requestsOf(loginId), []);
      assert.deepEqual(await r.sql('select id from connect_accounts where login_id = $1', [loginId]), []);
    } else {
      assert.equal(login.length, 1);
      for (const x of deletes) assert.equal(x.body.FlinksCode, 'CARD_IN_USE', x.text);
    }
    // The aggregation of a refresh whose login was deleted ends quietly, not as a failed job.
    await assertAggregationsOneAtATime(loginId);
    assert.deepEqual(await r.sql(`select id, output from pgboss.job where name = $1 and data->>'loginId' = $2 and retry_count > 0`, [AGGREGATE_QUEUE, loginId]), []);
  });

  test('AnswerMFAQuestions for different questions of one login at once: every answer kept', NEEDS_POSTGRES, async () => {
    const first = await api[0].post('Authorize', { ...firstLogin('greatday_enhanced'), WithMFAQuestions: true });
    assert.equal(first.status, 203, first.text);
    const connected = await api[0].post('Authorize', { RequestId: first.body.RequestId, SecurityResponses: { [first.body.SecurityChallenges[0].Prompt]: ['Montreal'] } });
    assert.equal(connected.status, 200, connected.text);
    const loginId = connected.body.Login.Id;
    const pending = (await api[1].get(`GetMFAQuestions/${loginId}`)).body.Questions.map((x: { Question: string }) => x.Question) as string[];
    assert.equal(pending.length, 2);
    const rs = await race(N, (i) => call(on(i).url('AnswerMFAQuestions'), { method: 'PATCH', json: { LoginId: loginId, Questions: [{ Question: pending[i % 2], Answer: answerFor(pending[i % 2]!) }] } }), r.urls);
    assert.deepEqual(statusCounts(rs), { 200: N }, texts(rs));
    // Neither answer overwrote the other: nothing is left to answer.
    assert.deepEqual((await api[0].get(`GetMFAQuestions/${loginId}`)).body.Questions, []);
  });

  test('SetScheduledRefresh of one login, sent at once: all answered, the flag set', NEEDS_POSTGRES, async () => {
    const loginId = await aggregated('greatday_nomfa', 'fr');
    const rs = await race(N, (i) => call(on(i).url('SetScheduledRefresh'), { method: 'PATCH', json: { LoginId: loginId, IsActivated: true } }), r.urls);
    assert.deepEqual(statusCounts(rs), { 200: N }, texts(rs));
    const rows = await r.sql<{ is_scheduled_refresh: boolean }>('select is_scheduled_refresh from connect_logins where id = $1', [loginId]);
    assert.deepEqual(rows, [{ is_scheduled_refresh: true }]);
  });
});

async function waitFor(cond: () => Promise<boolean>, timeoutMs = 20_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!(await cond())) {
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((res) => setTimeout(res, 100));
  }
}
