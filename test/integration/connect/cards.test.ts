/**
 * Card-level Connect endpoints end to end: DeleteCard, SetScheduledRefresh,
 * GetNightlyRefreshStatus and the nightly refresh job, refreshes under a moving
 * sandbox clock, Enhanced MFA, AuthorizeMultiple, AuthorizeAsync, the rate limit
 * and encryption at rest.
 *
 * One app for the file: the sections run in order and share its sandbox clock,
 * which only moves forward (9 minutes, then 8, 7 and 10 days). Each section
 * opens its own sessions after the clock moved, and uses its own logins (a
 * LoginId is tied to customer + institution + user + language).
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, startTestApp, type JsonResponse, type TestApp } from '../../support/app.ts';
import { CID, FlinksClient, answerFor, GUID, LAST_REFRESH } from '../../support/flinks.ts';
import { SANDBOX_TENANT } from '../../../src/platform/tenants.ts';
import { NIGHTLY_QUEUE } from '../../../src/connect/index.ts';
import { ConnectStore } from '../../../src/connect/store.ts';

let t: TestApp;
let api: FlinksClient;
before(async () => {
  t = await startTestApp();
  api = new FlinksClient(t.url);
});
after(async () => t.stop());

const AUTHORIZED_KEYS = ['HttpStatusCode', 'Links', 'InstitutionName', 'Login', 'InstitutionId', 'Institution', 'RequestId'];
const INVALID_LOGIN = { HttpStatusCode: 401, Message: 'The LoginId provided is either invalid or does not belong to the CustomerId', FlinksCode: 'INVALID_LOGIN' };
const UNKNOWN_LOGIN = 'bb8b8569-3bfc-43c1-ae31-08d6de7f1675';
const BEARER = { authorization: `Bearer ${SANDBOX_TENANT.secretKey}` };
const PROMPT = {
  city: 'What city were you born in?',
  country: 'What is the best country on earth?',
  shape: 'What shape do people like most?',
  countryFr: 'Quel est le meilleur pays sur terre?',
};

const cardInUse = (loginId: string) => ({ HttpStatusCode: 400, Message: `The card ${loginId} is being processed; try again once the current operation has completed`, FlinksCode: 'CARD_IN_USE' });
const sessionNonexistent = (requestId: string) => ({ HttpStatusCode: 400, Message: `RequestId ${requestId} is invalid or session has ended`, FlinksCode: 'SESSION_NONEXISTENT' });

/** The HTTP status and the body's HttpStatusCode agree, and are `status`. */
function assertStatus(r: JsonResponse, status: number, what = ''): void {
  assert.equal(r.status, status, `${what} ${r.text}`);
  if (r.body && typeof r.body === 'object') assert.equal(r.body.HttpStatusCode, status, `${what} body HttpStatusCode`);
}

/** Live login with Flinks Capital (extra Authorize fields allowed), answering every 203 round. */
async function login(username: string, extra: Record<string, unknown> = {}): Promise<{ loginId: string; requestId: string; body: any; rounds: number }> {
  let r = await api.post('Authorize', { Institution: 'FlinksCapital', Username: username, Password: 'Everyday', MostRecentCached: false, Save: true, ...extra });
  let rounds = 0;
  for (; r.status === 203 && rounds < 5; rounds++) {
    const responses: Record<string, string[]> = {};
    for (const c of r.body.SecurityChallenges) responses[c.Prompt] = [answerFor(c.Prompt)];
    r = await api.post('Authorize', { RequestId: r.body.RequestId, SecurityResponses: responses });
  }
  assertStatus(r, 200, `login ${username}`);
  return { loginId: r.body.Login.Id, requestId: r.body.RequestId, body: r.body, rounds };
}

/** Waits until a request's data is ready (its login aggregated), without a cached Authorize. */
async function ready(requestId: string): Promise<JsonResponse> {
  const r = await api.poll('GetAccountsDetail', requestId, 30_000);
  assertStatus(r, 200, `ready ${requestId}`);
  return r;
}

async function cached(loginId: string): Promise<JsonResponse> {
  return api.post('Authorize', { LoginId: loginId, MostRecentCached: true });
}

/** Every transaction of a request's login (DateFrom far back), once aggregation is done. */
async function allTransactions(requestId: string): Promise<any> {
  const first = await api.post('GetAccountsDetail', { RequestId: requestId, WithTransactions: true, DateFrom: '2000-01-01' });
  assert.ok(first.status === 200 || first.status === 202, first.text);
  return (await ready(requestId)).body;
}

async function advance(body: { Days?: number; Minutes?: number }): Promise<void> {
  const r = await call(`${t.url}/v3/${CID}/sandbox/clock/advance`, { json: body });
  assert.equal(r.status, 200, r.text);
}

async function nightlyStatus(): Promise<any> {
  const r = await api.get('GetNightlyRefreshStatus', BEARER);
  assertStatus(r, 200, 'GetNightlyRefreshStatus');
  return r.body;
}

async function waitFor<T>(what: string, fn: () => Promise<T | undefined>, timeoutMs = 30_000): Promise<T> {
  const until = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v !== undefined) return v;
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((res) => setTimeout(res, 150));
  }
}

function patch(path: string, json: unknown): Promise<JsonResponse> {
  return call(api.url(path), { method: 'PATCH', json });
}

function transactionsById(detail: any): Map<string, any> {
  const m = new Map<string, any>();
  for (const a of detail.Accounts) for (const tx of a.Transactions) {
    assert.ok(!m.has(tx.Id), `transaction ${tx.Id} appears twice`);
    m.set(tx.Id, { ...tx, AccountId: a.Id });
  }
  return m;
}

/**
 * After a refresh: nothing old lost or changed (Id, date, amounts, running balance), every new
 * transaction dated after the day of the old LastRefresh, no Id twice.
 */
function assertRefreshAddsOnly(before: any, afterDetail: any): { added: number } {
  const old = transactionsById(before);
  const now = transactionsById(afterDetail);
  const oldDay = before.Login.LastRefresh.slice(0, 10);
  for (const tx of old.values()) assert.ok(tx.Date <= oldDay);
  for (const [id, tx] of old) assert.deepEqual(now.get(id), tx, `old transaction ${id} kept as it was`);
  let added = 0;
  for (const [id, tx] of now) {
    if (old.has(id)) continue;
    added++;
    assert.ok(tx.Date > oldDay, `new transaction ${id} dated ${tx.Date}, after the old LastRefresh ${oldDay}`);
  }
  return { added };
}

/** Running balances chain from one transaction to the next (credit products carry the amount owed). */
function assertBalancesChain(detail: any): void {
  for (const a of detail.Accounts) {
    const list = a.Transactions.slice().reverse();
    const owed = a.Type === 'CreditCard' || a.Type === 'LineOfCredit';
    for (let i = 1; i < list.length; i++) {
      const delta = Math.round(((list[i].Credit ?? 0) - (list[i].Debit ?? 0)) * 100) * (owed ? -1 : 1);
      assert.equal(Math.round(list[i].Balance * 100), Math.round(list[i - 1].Balance * 100) + delta, `${a.Title} at ${list[i].Date}`);
    }
  }
}

// ---------------------------------------------------------------------------------------------

describe('DeleteCard', () => {
  test('DELETE (with the Ruby client\'s empty JSON body) deletes the card; its LoginId and RequestIds are gone', async () => {
    const { loginId, requestId } = await login('greatday_nomfa');
    const { body: auth } = await cached(loginId);
    await ready(auth.RequestId);
    await ready(requestId);

    const r = await call(api.url(`DeleteCard/${loginId}`), { method: 'DELETE', json: {} });
    assertStatus(r, 200);
    assert.deepEqual(Object.keys(r.body), ['HttpStatusCode', 'Message', 'FlinksCode']);
    assert.equal(r.body.FlinksCode, null);
    assert.equal(typeof r.body.Message, 'string');
    assert.ok(r.body.Message.includes(loginId));

    // The sessions went with the card, at once: polling answered 200 from this process's memory a moment ago.
    for (const id of [auth.RequestId, requestId]) {
      const polled = await api.get(`GetAccountsDetailAsync/${id}`);
      assertStatus(polled, 400);
      assert.deepEqual(polled.body, sessionNonexistent(id));
      const detail = await api.post('GetAccountsDetail', { RequestId: id });
      assertStatus(detail, 400);
      assert.deepEqual(detail.body, sessionNonexistent(id));
    }
    const again = await cached(loginId);
    assertStatus(again, 401);
    assert.deepEqual(again.body, INVALID_LOGIN);
    // Deleting twice: the id is now unknown.
    const twice = await call(api.url(`DeleteCard/${loginId}`), { method: 'DELETE' });
    assert.deepEqual(twice.body, INVALID_LOGIN);
    assert.equal(twice.status, 401);

    // Connecting the same user again makes a new card; GET deletes too (one Ruby client uses GET).
    const fresh = await login('greatday_nomfa');
    assert.notEqual(fresh.loginId, loginId);
    await ready(fresh.requestId);
    const viaGet = await api.get(`DeleteCard/${fresh.loginId.toUpperCase()}`);
    assertStatus(viaGet, 200);
    assert.equal(viaGet.body.FlinksCode, null);
    assert.deepEqual((await cached(fresh.loginId)).body, INVALID_LOGIN);
  });

  test('CARD_IN_USE while the aggregation runs (test_pending starts 3 s after connecting), 200 once done', async () => {
    const { loginId, requestId } = await login('test_pending');
    const r = await call(api.url(`DeleteCard/${loginId}`), { method: 'DELETE' });
    assertStatus(r, 400);
    assert.deepEqual(r.body, cardInUse(loginId));
    // A live refresh is refused the same way.
    const refresh = await api.post('Authorize', { LoginId: loginId, MostRecentCached: false });
    assertStatus(refresh, 400);
    assert.equal(refresh.body.FlinksCode, 'CARD_IN_USE');
    // The card is still there.
    assertStatus(await cached(loginId), 200);
    await ready(requestId);
    const done = await call(api.url(`DeleteCard/${loginId}`), { method: 'DELETE' });
    assertStatus(done, 200);
  });

  test('CARD_IN_USE while a live refresh waits for an MFA answer; an abandoned (expired) one no longer holds the card', async () => {
    // greatday_enhanced: the refresh asks the country question, which the login round did not store.
    const { loginId, requestId } = await login('greatday_enhanced');
    await ready(requestId);
    const refresh = await api.post('Authorize', { LoginId: loginId, MostRecentCached: false });
    assertStatus(refresh, 203);
    assert.deepEqual(refresh.body.SecurityChallenges.map((c: any) => c.Prompt), [PROMPT.country]);

    const r = await call(api.url(`DeleteCard/${loginId}`), { method: 'DELETE' });
    assertStatus(r, 400);
    assert.deepEqual(r.body, cardInUse(loginId));

    // The person walks away: after 8 idle minutes the MFA session has expired.
    await advance({ Minutes: 9 });
    const late = await api.post('Authorize', { RequestId: refresh.body.RequestId, SecurityResponses: { [PROMPT.country]: ['Canada'] } });
    assertStatus(late, 400);
    assert.equal(late.body.FlinksCode, 'SESSION_EXPIRED');
    const deleted = await call(api.url(`DeleteCard/${loginId}`), { method: 'DELETE' });
    assertStatus(deleted, 200);
    assert.deepEqual((await cached(loginId)).body, INVALID_LOGIN);
  });

  test('an unknown LoginId, or one that is not a GUID, is 401 INVALID_LOGIN (never a 5xx)', async () => {
    for (const id of [UNKNOWN_LOGIN, UNKNOWN_LOGIN.toUpperCase(), 'not-a-guid', '12345', "1' or '1'='1", 'x'.repeat(90)]) {
      for (const method of ['DELETE', 'GET']) {
        const r = await call(api.url(`DeleteCard/${encodeURIComponent(id)}`), { method });
        assert.equal(r.status, 401, `${method} ${id}: ${r.text}`);
        assert.deepEqual(r.body, INVALID_LOGIN, `${method} ${id}`);
      }
    }
    // Past the router's path-parameter limit (100 characters) the request is refused before Connect sees it: still a 4xx envelope.
    const long = await call(api.url(`DeleteCard/${'x'.repeat(300)}`), { method: 'DELETE' });
    assertStatus(long, 400);
    assert.equal(long.body.FlinksCode, 'INVALID_REQUEST');
  });
});

describe('SetScheduledRefresh', () => {
  const message = (id: string, on: boolean) => `LoginId ${id} has now been ${on ? 'activated' : 'deactivated'} for automatic refresh`;
  const scheduled = async (loginId: string) => {
    const r = await cached(loginId);
    assertStatus(r, 200);
    return r.body.Login.IsScheduledRefresh as boolean;
  };

  test('body, lower-case keys with string booleans, and the Ruby client\'s query parameters; the answer is a bare JSON string', async () => {
    const { loginId } = await login('persona_gig');
    assert.equal(await scheduled(loginId), false);

    const on = await patch('SetScheduledRefresh', { LoginId: loginId, IsActivated: true });
    assert.equal(on.status, 200, on.text);
    assert.match(on.headers.get('content-type') ?? '', /^application\/json/);
    assert.equal(on.text, JSON.stringify(message(loginId, true)));
    assert.equal(on.body, message(loginId, true));
    assert.equal(await scheduled(loginId), true);

    const off = await patch('SetScheduledRefresh', { loginId, isActivated: 'false' });
    assert.equal(off.status, 200, off.text);
    assert.equal(off.body, message(loginId, false));
    assert.equal(await scheduled(loginId), false);

    const onAgain = await patch('SetScheduledRefresh', { loginid: loginId, isactivated: 'true' });
    assert.equal(onAgain.body, message(loginId, true));
    assert.equal(await scheduled(loginId), true);

    // C-rb: PATCH SetScheduledRefresh?login_id=…&is_activated=… with an empty JSON body.
    const viaQuery = await patch(`SetScheduledRefresh?login_id=${loginId}&is_activated=false`, {});
    assert.equal(viaQuery.status, 200, viaQuery.text);
    assert.equal(viaQuery.text, JSON.stringify(message(loginId, false)));
    assert.equal(await scheduled(loginId), false);
    const viaQueryOn = await patch(`SetScheduledRefresh?login_id=${loginId}&is_activated=true`, {});
    assert.equal(viaQueryOn.body, message(loginId, true));
    assert.equal(await scheduled(loginId), true);

    // Leave it off: the nightly job of a later section should not refresh this card.
    assert.equal((await patch('SetScheduledRefresh', { LoginId: loginId, IsActivated: false })).body, message(loginId, false));
    assert.equal(await scheduled(loginId), false);
  });

  test('an unknown login is INVALID_LOGIN; a missing IsActivated or LoginId is 400 INVALID_REQUEST', async () => {
    for (const id of [UNKNOWN_LOGIN, 'not-a-guid']) {
      const r = await patch('SetScheduledRefresh', { LoginId: id, IsActivated: true });
      assertStatus(r, 401, id);
      assert.deepEqual(r.body, INVALID_LOGIN);
    }
    const noFlag = await patch('SetScheduledRefresh', { LoginId: UNKNOWN_LOGIN });
    assertStatus(noFlag, 400);
    assert.deepEqual(noFlag.body, { HttpStatusCode: 400, Message: 'IsActivated is required', FlinksCode: 'INVALID_REQUEST' });
    const noLogin = await patch('SetScheduledRefresh', { IsActivated: true });
    assertStatus(noLogin, 400);
    assert.deepEqual(noLogin.body, { HttpStatusCode: 400, Message: 'LoginId is required', FlinksCode: 'INVALID_REQUEST' });
    const empty = await patch('SetScheduledRefresh', {});
    assertStatus(empty, 400);
    assert.equal(empty.body.FlinksCode, 'INVALID_REQUEST');
  });
});

describe('GetNightlyRefreshStatus', () => {
  test('lists the scheduled cards that are not eligible, by the documented rules', async () => {
    // A: saved, scheduled at connection, refreshed, called cached → eligible.
    const a = await login('persona_benefits', { ScheduleRefresh: true });
    assert.equal(a.body.Login.IsScheduledRefresh, true);
    // B: saved, scheduled, refreshed, but never called cached → ineligible until it is.
    const b = await login('persona_nsf');
    // C: not saved (no credentials to refresh with) → ineligible whatever happens.
    const c = await login('persona_business', { Save: false });
    for (const id of [b.loginId, c.loginId]) assert.equal((await patch('SetScheduledRefresh', { LoginId: id, IsActivated: true })).status, 200);
    await ready(a.requestId);
    const bDetail = await ready(b.requestId); // the Async endpoint is not a cached Authorize
    await ready(c.requestId);
    assertStatus(await cached(a.loginId), 200);
    assertStatus(await cached(c.loginId), 200);

    const status = await nightlyStatus();
    assert.deepEqual(Object.keys(status), ['HttpStatusCode', 'IneligibleCards', 'Message', 'FlinksCode']);
    assert.equal(status.FlinksCode, null);
    assert.equal(typeof status.Message, 'string');
    const byId = new Map<string, any>(status.IneligibleCards.map((x: any) => [x.LoginId, x]));
    assert.equal(byId.has(a.loginId), false, 'A is eligible');
    assert.deepEqual(byId.get(b.loginId), { LoginId: b.loginId, LastRefreshDate: bDetail.body.Login.LastRefresh, LastRefreshState: 'Completed', LastRefreshErrorCode: null });
    assert.match(byId.get(b.loginId).LastRefreshDate, LAST_REFRESH);
    assert.ok(byId.has(c.loginId), 'C (not saved) is ineligible');
    for (const card of status.IneligibleCards) assert.deepEqual(Object.keys(card), ['LoginId', 'LastRefreshDate', 'LastRefreshState', 'LastRefreshErrorCode']);
    // Unscheduled cards are never listed.
    const unscheduled = await login('persona_gig', { Language: 'fr' });
    assert.equal((await nightlyStatus()).IneligibleCards.some((x: any) => x.LoginId === unscheduled.loginId), false);

    // A cached call makes B eligible.
    assertStatus(await cached(b.loginId), 200);
    const afterCached = await nightlyStatus();
    const ids = afterCached.IneligibleCards.map((x: any) => x.LoginId);
    assert.equal(ids.includes(b.loginId), false);
    assert.equal(ids.includes(a.loginId), false);
    assert.equal(ids.includes(c.loginId), true);

    // Eight days later, neither refreshed nor called cached within 7 days.
    await advance({ Days: 8 });
    const later = await nightlyStatus();
    const laterById = new Map<string, any>(later.IneligibleCards.map((x: any) => [x.LoginId, x]));
    assert.ok(laterById.has(a.loginId));
    assert.deepEqual(laterById.get(b.loginId), { LoginId: b.loginId, LastRefreshDate: bDetail.body.Login.LastRefresh, LastRefreshState: 'Completed', LastRefreshErrorCode: null });
  });

  test('a wrong Bearer is 401 ACCESS_DENIED', async () => {
    for (const headers of [{ authorization: 'Bearer nope' }, { authorization: `Bearer ${SANDBOX_TENANT.apiKey}` }]) {
      const r = await api.get('GetNightlyRefreshStatus', headers);
      assertStatus(r, 401);
      assert.deepEqual(r.body, { HttpStatusCode: 401, Message: 'You must provide a valid Bearer token (API secret key)', FlinksCode: 'ACCESS_DENIED' });
    }
  });
});

describe('the nightly refresh job', () => {
  test('refreshes a scheduled login with new transactions and records QUESTION_NOT_FOUND for one whose question has no stored answer', async () => {
    const nomfa = await login('greatday_nomfa', { ScheduleRefresh: true });
    // greatday_enhanced logs in with the city question; its refresh asks the country one, never answered.
    const enhanced = await login('greatday_enhanced', { ScheduleRefresh: true, Language: 'fr' });
    assert.equal(enhanced.rounds, 1);
    assert.equal(enhanced.body.Login.IsScheduledRefresh, true);
    await ready(enhanced.requestId);
    const { body: auth } = await cached(nomfa.loginId);
    const before = await allTransactions(auth.RequestId);
    const oldRefresh: string = before.Login.LastRefresh;
    assert.match(oldRefresh, LAST_REFRESH);

    const pre = (await nightlyStatus()).IneligibleCards.find((x: any) => x.LoginId === enhanced.loginId);
    assert.equal(pre.LastRefreshErrorCode, null, 'no error before the job ran');
    assert.equal(pre.LastRefreshState, 'Completed');

    // Seven days: every persona has transactions in any 7-day window (two days can be empty).
    await advance({ Days: 7 });
    const jobId = await t.app.platform.jobs.send(NIGHTLY_QUEUE, {});
    assert.match(String(jobId), GUID);

    const refreshed = await waitFor('the nightly refresh of greatday_nomfa', async () => {
      const r = await cached(nomfa.loginId);
      assertStatus(r, 200);
      return r.body.Login.LastRefresh > oldRefresh ? r.body : undefined;
    });
    assert.match(refreshed.Login.LastRefresh, LAST_REFRESH);
    const afterDetail = await allTransactions(refreshed.RequestId);
    assert.equal(afterDetail.Login.LastRefresh, refreshed.Login.LastRefresh);
    const { added } = assertRefreshAddsOnly(before, afterDetail);
    assert.ok(added > 0, 'the refresh brought new transactions');
    for (const tx of transactionsById(afterDetail).values()) assert.ok(tx.Date <= refreshed.Login.LastRefresh.slice(0, 10));

    const failed = await waitFor('QUESTION_NOT_FOUND in GetNightlyRefreshStatus', async () => {
      const card = (await nightlyStatus()).IneligibleCards.find((x: any) => x.LoginId === enhanced.loginId);
      return card?.LastRefreshErrorCode ? card : undefined;
    });
    assert.deepEqual(failed, { LoginId: enhanced.loginId, LastRefreshDate: pre.LastRefreshDate, LastRefreshState: 'Failed', LastRefreshErrorCode: 'QUESTION_NOT_FOUND' });
    // The refreshed card was called cached just now and refreshed: it is eligible.
    assert.equal((await nightlyStatus()).IneligibleCards.some((x: any) => x.LoginId === nomfa.loginId), false);
  });
});

describe('a polled session stays alive', () => {
  // An authorized RequestId expires after 30 idle minutes (docs/compatibility.md, idle expiry); each
  // data call renews it, the renewal written at most every 10 s.
  test('data calls 20 and 40 minutes in keep the RequestId answering at 60 minutes', async () => {
    const { requestId } = await login('greatday_nomfa');
    await ready(requestId);
    const summary = { RequestId: requestId };
    for (let minutes = 20; minutes <= 60; minutes += 20) {
      await advance({ Minutes: 20 });
      // Past this process's one-second memory of the request, so each call reads (and renews) the stored session.
      await new Promise((r) => setTimeout(r, 1_100));
      assertStatus(await api.post('GetAccountsSummary', summary), 200, `${minutes} minutes in`);
    }
  });
});

describe('the sandbox clock and a live refresh', () => {
  test('persona_salaried: ten days later a live refresh adds transactions without changing or duplicating any', async () => {
    const { loginId, requestId } = await login('persona_salaried');
    const before = await allTransactions(requestId);
    assert.ok(transactionsById(before).size > 100);
    assertBalancesChain(before);

    await advance({ Days: 10 });
    const refresh = await api.post('Authorize', { LoginId: loginId, MostRecentCached: false });
    assertStatus(refresh, 200);
    assert.equal(refresh.body.SecurityChallenges, undefined);
    assert.deepEqual(Object.keys(refresh.body), AUTHORIZED_KEYS);
    assert.equal(refresh.body.Login.Id, loginId);
    assert.notEqual(refresh.body.RequestId, requestId);

    const afterDetail = await allTransactions(refresh.body.RequestId);
    assert.ok(afterDetail.Login.LastRefresh > before.Login.LastRefresh);
    const { added } = assertRefreshAddsOnly(before, afterDetail);
    assert.ok(added > 0, 'ten more days of transactions');
    assertBalancesChain(afterDetail);
    // The old RequestId idled past 30 minutes of sandbox time.
    assert.deepEqual((await api.get(`GetAccountsDetailAsync/${requestId}`)).body, sessionNonexistent(requestId));
  });
});

describe('live refresh of a saved Greatday login', () => {
  test('uses the stored answer (200, no 203); after a sandbox reset there are no credentials: 401 INVALID_LOGIN', async () => {
    const first = await api.post('Authorize', { Institution: 'FlinksCapital', Username: 'Greatday', Password: 'Everyday', MostRecentCached: false, Save: true });
    assertStatus(first, 203);
    const prompt = first.body.SecurityChallenges[0].Prompt;
    const connected = await api.post('Authorize', { RequestId: first.body.RequestId, SecurityResponses: { [prompt]: [answerFor(prompt)] } });
    assertStatus(connected, 200);
    const loginId = connected.body.Login.Id;
    await ready(connected.body.RequestId);

    const refresh = await api.post('Authorize', { LoginId: loginId, MostRecentCached: false });
    assertStatus(refresh, 200);
    assert.deepEqual(Object.keys(refresh.body), AUTHORIZED_KEYS);
    assert.equal(refresh.body.Login.Id, loginId);
    assert.match(refresh.body.RequestId, GUID);
    await ready(refresh.body.RequestId);

    const reset = await call(`${t.url}/v3/${CID}/sandbox/logins/${loginId}/reset`, { method: 'POST' });
    assertStatus(reset, 200);
    assert.deepEqual(reset.body, { HttpStatusCode: 200, Message: `LoginId ${loginId} has been reset` });
    const again = await api.post('Authorize', { LoginId: loginId, MostRecentCached: false });
    assertStatus(again, 401);
    assert.deepEqual(again.body, INVALID_LOGIN);
    // The card and its data stay: a cached Authorize still works.
    assertStatus(await cached(loginId), 200);
    const unknownReset = await call(`${t.url}/v3/${CID}/sandbox/logins/${UNKNOWN_LOGIN}/reset`, { method: 'POST' });
    assert.deepEqual(unknownReset.body, INVALID_LOGIN);
  });
});

describe('Enhanced MFA', () => {
  test('GetMFAQuestions lists the unanswered questions, AnswerMFAQuestions stores answers, the next live refresh uses and checks them', async () => {
    const first = await api.post('Authorize', { Institution: 'FlinksCapital', Username: 'greatday_enhanced', Password: 'Everyday', MostRecentCached: false, Save: true, WithMFAQuestions: true });
    assertStatus(first, 203);
    assert.deepEqual(first.body.SecurityChallenges.map((c: any) => c.Prompt), [PROMPT.city]);
    const connected = await api.post('Authorize', { RequestId: first.body.RequestId, SecurityResponses: { [PROMPT.city]: ['Montreal'] } });
    assertStatus(connected, 200);
    const loginId = connected.body.Login.Id;

    const listed = await api.get(`GetMFAQuestions/${loginId}`);
    assertStatus(listed, 200);
    assert.deepEqual(listed.body, { HttpStatusCode: 200, Message: 'SUCCESS', Questions: [{ Question: PROMPT.country }, { Question: PROMPT.shape }] });

    // Answers are stored as given (checked at the next live call); the shape answer is wrong.
    const answered = await patch('AnswerMFAQuestions', { loginId, Questions: [{ Question: PROMPT.country, Answer: 'Canada' }, { Question: PROMPT.shape, Answer: 'Square' }] });
    assertStatus(answered, 200);
    assert.deepEqual(answered.body, { HttpStatusCode: 200, Message: 'Answers updated' });
    assert.deepEqual((await api.get(`GetMFAQuestions/${loginId}`)).body, { HttpStatusCode: 200, Message: 'SUCCESS', Questions: [] });

    // The refresh asks the country question: answered from storage, no 203.
    await ready(connected.body.RequestId);
    const refresh = await api.post('Authorize', { LoginId: loginId, MostRecentCached: false });
    assertStatus(refresh, 200);
    // The wrong answer was erased and is listed again.
    assert.deepEqual((await api.get(`GetMFAQuestions/${loginId}`)).body.Questions, [{ Question: PROMPT.shape }]);
    const fixed = await patch('AnswerMFAQuestions', { LoginId: loginId, Questions: [{ Question: PROMPT.shape, Answer: 'Triangle' }] });
    assert.deepEqual(fixed.body, { HttpStatusCode: 200, Message: 'Answers updated' });
    assert.deepEqual((await api.get(`GetMFAQuestions/${loginId}`)).body.Questions, []);
  });

  test('an unknown login: 400 INVALID_REQUEST "The login \'…\' is invalid."', async () => {
    for (const id of [UNKNOWN_LOGIN, 'not-a-guid']) {
      const r = await api.get(`GetMFAQuestions/${id}`);
      assertStatus(r, 400);
      assert.equal(r.text, JSON.stringify({ HttpStatusCode: 400, Message: `The login '${id}' is invalid.`, FlinksCode: 'INVALID_REQUEST' }));
      const answer = await patch('AnswerMFAQuestions', { LoginId: id, Questions: [{ Question: PROMPT.shape, Answer: 'Triangle' }] });
      assertStatus(answer, 400);
      assert.deepEqual(answer.body, { HttpStatusCode: 400, Message: `The login '${id}' is invalid.`, FlinksCode: 'INVALID_REQUEST' });
    }
  });
});

describe('AuthorizeMultiple', () => {
  test('cached: a session per valid LoginId; unknown ones are listed with INVALID_LOGIN', async () => {
    const { loginId, requestId } = await login('greatday_us');
    await ready(requestId);
    const r = await api.post('AuthorizeMultiple', { LoginIds: [loginId, UNKNOWN_LOGIN, 'not-a-guid'], MostRecentCached: true });
    assertStatus(r, 200);
    assert.deepEqual(Object.keys(r.body), ['HttpStatusCode', 'ValidLoginIds', 'InvalidLoginIds']);
    assert.equal(r.body.ValidLoginIds.length, 1);
    assert.deepEqual(Object.keys(r.body.ValidLoginIds[0]), ['LoginId', 'RequestId']);
    assert.equal(r.body.ValidLoginIds[0].LoginId, loginId);
    assert.match(r.body.ValidLoginIds[0].RequestId, GUID);
    assert.deepEqual(r.body.InvalidLoginIds, [
      { LoginId: UNKNOWN_LOGIN, FlinksCode: 'INVALID_LOGIN', Message: INVALID_LOGIN.Message },
      { LoginId: 'not-a-guid', FlinksCode: 'INVALID_LOGIN', Message: INVALID_LOGIN.Message },
    ]);
    // The RequestId is a working session of that login.
    const detail = await ready(r.body.ValidLoginIds[0].RequestId);
    assert.equal(detail.body.Login.Id, loginId);
  });

  test('live (MostRecentCached false): a stored answer refreshes, a missing one is QUESTION_NOT_FOUND', async () => {
    const us = await login('greatday_us');
    const enhanced = await login('greatday_enhanced', { Language: 'fr' });
    await ready(us.requestId);
    await ready(enhanced.requestId);
    const r = await api.post('AuthorizeMultiple', { LoginIds: [us.loginId, enhanced.loginId], MostRecentCached: false });
    assertStatus(r, 200);
    assert.deepEqual(r.body.ValidLoginIds.map((x: any) => x.LoginId), [us.loginId]);
    assert.deepEqual(r.body.InvalidLoginIds, [{ LoginId: enhanced.loginId, FlinksCode: 'QUESTION_NOT_FOUND', Message: `No stored answer for the security question "${PROMPT.countryFr}"` }]);
  });
});

describe('AuthorizeAsync', () => {
  test('no MFA: 202 OPERATION_PENDING, then 200 with the Login when polled with the RequestId', async () => {
    const r = await api.post('AuthorizeAsync', { Institution: 'FlinksCapital', Username: 'greatday_nomfa', Password: 'Everyday', MostRecentCached: false, Save: true });
    assertStatus(r, 202);
    const id = r.body.RequestId;
    assert.match(id, GUID);
    assert.deepEqual(r.body, { FlinksCode: 'OPERATION_PENDING', Links: [{ rel: 'AuthorizeAsync', href: '/AuthorizeAsync', example: `/AuthorizeAsync?RequestId=${id}` }], HttpStatusCode: 202, Message: 'Your operation is still processing', RequestId: id });
    const polled = await api.get(`AuthorizeAsync?RequestId=${id}`);
    assertStatus(polled, 200);
    assert.deepEqual(Object.keys(polled.body), AUTHORIZED_KEYS);
    assert.equal(polled.body.RequestId, id);
    assert.equal(polled.body.Login.Username, 'greatday_nomfa');
    assert.match(polled.body.Login.Id, GUID);
    await ready(id);
  });

  test('Greatday: 202, then 203 with SecurityChallenges, then answering through AuthorizeAsync gives 200', async () => {
    const r = await api.post('AuthorizeAsync', { Institution: 'FlinksCapital', Username: 'Greatday', Password: 'Everyday', MostRecentCached: false, Save: true });
    assertStatus(r, 202);
    assert.equal(r.body.FlinksCode, 'OPERATION_PENDING');
    const id = r.body.RequestId;
    const challenged = await api.get(`AuthorizeAsync?RequestId=${id}`);
    assertStatus(challenged, 203);
    assert.deepEqual(Object.keys(challenged.body), ['Links', 'HttpStatusCode', 'SecurityChallenges', 'Institution', 'RequestId']);
    assert.equal(challenged.body.RequestId, id);
    assert.equal(challenged.body.SecurityChallenges.length, 1);
    assert.equal(challenged.body.SecurityChallenges[0].Type, 'QuestionAndAnswer');
    const prompt = challenged.body.SecurityChallenges[0].Prompt;
    const answered = await api.post('AuthorizeAsync', { RequestId: id, SecurityResponses: { [prompt]: [answerFor(prompt)] } });
    assertStatus(answered, 200);
    assert.equal(answered.body.RequestId, id);
    assert.equal(answered.body.Login.Username, 'Greatday');
    const polled = await api.get(`AuthorizeAsync?RequestId=${id}`);
    assertStatus(polled, 200);
    assert.equal(polled.body.Login.Id, answered.body.Login.Id);
    const unknown = await api.get(`AuthorizeAsync?RequestId=${UNKNOWN_LOGIN}`);
    assertStatus(unknown, 400);
    assert.deepEqual(unknown.body, sessionNonexistent(UNKNOWN_LOGIN));
  });
});

describe('rate limit', () => {
  test('with RATE_LIMIT_PER_MINUTE=5 the sixth call within a minute is 401 TOO_MANY_REQUESTS', async () => {
    const limited = await startTestApp({ RATE_LIMIT_PER_MINUTE: '5' });
    try {
      const client = new FlinksClient(limited.url);
      for (let i = 1; i <= 5; i++) {
        const r = await client.get(`GetMFAQuestions/${UNKNOWN_LOGIN}`);
        assert.equal(r.status, 400, `call ${i}: ${r.text}`);
        assert.equal(r.body.FlinksCode, 'INVALID_REQUEST');
      }
      const sixth = await client.get(`GetMFAQuestions/${UNKNOWN_LOGIN}`);
      assertStatus(sixth, 401);
      assert.deepEqual(Object.keys(sixth.body), ['HttpStatusCode', 'Message', 'FlinksCode']);
      assert.equal(sixth.body.FlinksCode, 'TOO_MANY_REQUESTS');
      assert.match(sixth.body.Message, /^Too many requests: retry after \d+ seconds$/);
      // Other endpoints of the same customer share the budget.
      const other = await client.post('Authorize', { LoginId: UNKNOWN_LOGIN, MostRecentCached: true });
      assert.equal(other.body.FlinksCode, 'TOO_MANY_REQUESTS');
    } finally {
      await limited.stop();
    }
  });
});

// A data call's options are stored as jsonb, which gives an object's keys back in an order of its
// own: the same options sent again must not read as changed (and be written again, a synchronous
// commit) every time the request is re-read, once a second under polling.
test('a cached GetAccountsDetail asked again with the same options does not write its request again', async () => {
  const first = await api.connect('greatday_nomfa');
  await ready(first.requestId);
  const c = await cached(first.loginId);
  assertStatus(c, 200);
  const requestId = c.body.RequestId as string;
  // Not jsonb's order (shorter keys first): WithTransactions before WithBalance.
  const options = { RequestId: requestId, WithTransactions: true, WithBalance: true, DaysOfTransactions: 'Days90' };
  assertStatus(await api.post('GetAccountsDetail', options), 200);
  const version = async () => (await t.app.platform.db.query<{ v: string }>('select xmin::text as v from connect_requests where id = $1', [requestId]))[0]!.v;
  const written = await version();
  // Past the replica's one-second memo of a ready request, so the request is read from storage again.
  await new Promise((r) => setTimeout(r, 1_200));
  assertStatus(await api.post('GetAccountsDetail', options), 200);
  assert.equal(await version(), written, 'the request row was not written again');
});

// A data call reads its request and the request's login in one query (one round trip, which under a
// refresh's load is one wait for the database instead of two): it must read exactly what the two
// separate reads give, for a request with a login, one without, another customer's and a malformed id.
test('a request and its login read in one query are what findRequest and findLogin read', async () => {
  const store = new ConnectStore(t.app.platform.db);
  const q = t.app.platform.db;
  const first = await api.connect('greatday_nomfa');
  await ready(first.requestId);
  const requestId = first.requestId.toLowerCase();
  const both = await store.findRequestAndLogin(q, CID, requestId);
  const req = await store.findRequest(q, CID, requestId);
  assert.ok(req?.login_id, 'the connected request has its login');
  assert.deepEqual(both.req, req);
  assert.deepEqual(both.login, await store.findLogin(q, CID, req.login_id));
  // A session whose first round has not chosen a login yet (an MFA prompt answered later).
  assertStatus(await api.post('Authorize', { Institution: 'FlinksCapital', Username: 'greatday_rounds', Password: 'Everyday', Save: true }), 203);
  const [waiting] = await q.query<{ id: string }>(`select id from connect_requests where customer_id = $1 and login_id is null order by created_at desc limit 1`, [CID]);
  assert.ok(waiting, 'a session waiting on its first MFA answer has no login yet');
  const alone = await store.findRequestAndLogin(q, CID, waiting.id);
  assert.ok(alone.req);
  assert.deepEqual(alone, { req: await store.findRequest(q, CID, waiting.id), login: null });
  assert.deepEqual(await store.findRequestAndLogin(q, '0b6c1a52-3d1e-4c8e-9a57-6f0d2c4b8e19', requestId), { req: null, login: null }, "another customer's request is not found");
  assert.deepEqual(await store.findRequestAndLogin(q, CID, 'not-a-guid'), { req: null, login: null });
});

describe('encryption at rest', () => {
  test('saved passwords and MFA answers appear in no column of any table; credentials and answers are v1. ciphertexts', async () => {
    // greatday_multi answers all three questions (Montreal, Canada, Triangle) and saves them.
    const multi = await login('greatday_multi');
    assert.equal(multi.rounds, 1);
    // An MFA session left waiting keeps the password for the answer call.
    assertStatus(await api.post('Authorize', { Institution: 'FlinksCapital', Username: 'greatday_rounds', Password: 'Everyday', Save: true }), 203);
    await ready(multi.requestId);

    const db = t.app.platform.db;
    const columns = await db.query<{ table_name: string; column_name: string }>(
      `select c.table_name, c.column_name from information_schema.columns c
         join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name and t.table_type = 'BASE TABLE'
       where c.table_schema = 'public' and c.data_type in ('text', 'character varying', 'character', 'json', 'jsonb')
       order by c.table_name, c.ordinal_position`,
    );
    const names = new Set(columns.map((c) => `${c.table_name}.${c.column_name}`));
    for (const expected of ['connect_logins.credentials_enc', 'connect_logins.answers_enc', 'connect_requests.script_state_enc', 'connect_requests.options']) assert.ok(names.has(expected), expected);

    // Bank data the sandbox generates names real places and merchants ("MONTREAL QC", "PETRO-CANADA",
    // holder city Montreal, label merchant "Canada Revenue Agency"): there the answers may appear as
    // words, never as a stored answer (a JSON array element, as in {"What city…": ["Montreal"]}).
    const bankData = new Set(['connect_transactions.description', 'connect_transactions.label', 'connect_holders.holder', 'connect_accounts.title']);
    const hits: string[] = [];
    for (const { table_name, column_name } of columns) {
      const key = `${table_name}.${column_name}`;
      const patterns = bankData.has(key) ? ['%everyday%', '%triangle%', '%["montreal"%', '%["canada"%'] : ['%everyday%', '%montreal%', '%canada%', '%triangle%'];
      const rows = await db.query<{ v: string }>(
        `select "${column_name}"::text as v from "${table_name}" where "${column_name}"::text ilike any($1::text[]) limit 3`,
        [patterns],
      );
      for (const row of rows) hits.push(`${key}: ${row.v.slice(0, 200)}`);
    }
    assert.deepEqual(hits, []);

    const [row] = await db.query<{ credentials_enc: string | null; answers_enc: string | null }>('select credentials_enc, answers_enc from connect_logins where id = $1', [multi.loginId]);
    assert.ok(row, 'the login row');
    assert.ok(row.credentials_enc?.startsWith('v1.'), `credentials_enc: ${row.credentials_enc?.slice(0, 20)}`);
    assert.ok(row.answers_enc?.startsWith('v1.'), `answers_enc: ${row.answers_enc?.slice(0, 20)}`);
    const secrets = await db.query<{ v: string }>(
      `select credentials_enc as v from connect_logins where credentials_enc is not null
       union all select answers_enc from connect_logins where answers_enc is not null
       union all select script_state_enc from connect_requests where script_state_enc is not null`,
    );
    assert.ok(secrets.length >= 3);
    for (const s of secrets) assert.match(s.v, /^v1\./);
  });
});
