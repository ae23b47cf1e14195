/**
 * The operator console's login endpoints (/operator/v1, Connect's, Enrich's and the sandbox's):
 * search across customers, a login with its accounts, charts, categorized transactions, the
 * attribute card, and the refresh, delete and sandbox-reset actions; unknown ids and another
 * customer's login answer 404, bad queries 400, all in the operator error shape. One server.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, startTestApp, type TestApp } from '../../support/app.ts';
import { CID, FlinksClient, GUID } from '../../support/flinks.ts';
import { waitFor } from '../../support/wait.ts';
import { PRIMARY_CATEGORIES } from '../../../src/enrich/engine/taxonomy.ts';

const KEY = 'mlop_console-logins-key-0123456789abcdefghijklmnopqrs';
let t: TestApp;
let api: FlinksClient;
let greatday: string;
let salaried: string;
let otherCustomer: string;

const op = (path: string, method = 'GET') => call(`${t.url}/operator/v1${path}`, { method, headers: { authorization: `Bearer ${KEY}` } });
const login = (id: string, tail = '', customerId: string = CID) => op(`/customers/${customerId}/logins/${id}${tail}`);

before(async () => {
  t = await startTestApp({ MAPLELINK_OPERATOR_KEY: KEY });
  api = new FlinksClient(t.url);
  const a = await api.connect('Greatday');
  const b = await api.connect('persona_salaried');
  greatday = a.loginId;
  salaried = b.loginId;
  for (const c of [a, b]) assert.equal((await api.poll('GetAccountsDetail', c.requestId)).status, 200);
  const created = await call(`${t.url}/operator/v1/customers`, { method: 'POST', json: { name: 'Other' }, headers: { authorization: `Bearer ${KEY}` } });
  otherCustomer = created.body.customerId;
});
after(() => t.stop());

test('search: LoginId exactly, a username prefix in any case, by customer, keyset-paged; bad queries 400', async () => {
  const byId = await op(`/logins?q=${greatday.toUpperCase()}`);
  assert.equal(byId.status, 200);
  assert.deepEqual(byId.body.logins.map((l: { loginId: string }) => l.loginId), [greatday]);
  const hit = byId.body.logins[0];
  assert.equal(hit.customerId, CID);
  assert.equal(hit.username, 'Greatday');
  assert.equal(hit.institution, 'FlinksCapital');
  assert.equal(hit.state, 'ready');
  assert.match(hit.lastRefresh, /^\d{4}-\d{2}-\d{2}T/);
  assert.deepEqual(Object.keys(hit.nightly).sort(), ['eligible', 'lastError', 'lastOutcome', 'lastRun', 'scheduled']);
  assert.equal(hit.nightly.lastOutcome, 'Completed');

  const prefix = await op('/logins?q=GREATD');
  assert.deepEqual(prefix.body.logins.map((l: { loginId: string }) => l.loginId), [greatday]);
  assert.deepEqual((await op('/logins?q=reatday')).body.logins, [], 'a prefix, not a substring');
  assert.deepEqual((await op('/logins?q=%25')).body.logins, [], 'LIKE wildcards are text');
  assert.equal((await op(`/logins?q=greatday&customerId=${otherCustomer}`)).body.logins.length, 0);
  assert.equal((await op(`/logins?q=greatday&customerId=${CID}`)).body.logins.length, 1);

  // Every login once, walking one at a time, in username order.
  const seen: string[] = [];
  let cursor: string | null = null;
  do {
    const page = await op(`/logins?limit=1${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(page.status, 200);
    assert.ok(page.body.logins.length <= 1);
    seen.push(...page.body.logins.map((l: { username: string }) => l.username.toLowerCase()));
    cursor = page.body.nextCursor;
  } while (cursor);
  assert.deepEqual(seen, [...seen].sort());
  assert.ok(seen.includes('greatday') && seen.includes('persona_salaried'));
  assert.equal(new Set(seen).size, seen.length);

  for (const bad of ['limit=0', 'limit=201', 'limit=x', 'cursor=nope', `cursor=${Buffer.from('[1,2]').toString('base64url')}`, 'customerId=nope']) {
    const r = await op(`/logins?${bad}`);
    assert.equal(r.status, 400, bad);
    assert.equal(r.body.code, 'invalid_request', bad);
    assert.deepEqual(Object.keys(r.body).sort(), ['code', 'error', 'status']);
  }
});

test('a login: its accounts with balances; unknown ids and another customer 404', async () => {
  const r = await login(greatday);
  assert.equal(r.status, 200);
  assert.equal(r.body.loginId, greatday);
  assert.ok(['Personal', 'Business'].includes(r.body.type));
  assert.ok(r.body.accounts.length > 0);
  for (const a of r.body.accounts) {
    assert.match(a.id, GUID);
    assert.match(a.maskedNumber, /^\*\*\*\*\d{4}$|^\d{1,4}$/);
    assert.equal(typeof a.balances.current, 'number');
    assert.match(a.currency, /^[A-Z]{3}$/);
  }
  const wrongCustomer = await login(greatday, '', otherCustomer);
  assert.equal(wrongCustomer.status, 404);
  assert.equal(wrongCustomer.body.code, 'not_found');
  for (const tail of ['', '/charts', '/transactions', '/attributes']) {
    assert.equal((await login(greatday, tail, otherCustomer)).status, 404, tail);
    assert.equal((await login('00000000-0000-4000-8000-000000000000', tail)).status, 404, tail);
    assert.equal((await login('not-a-guid', tail)).status, 404, tail);
    const noCustomer = await login(greatday, tail, '00000000-0000-4000-8000-000000000000');
    assert.equal(noCustomer.status, 404, tail);
    assert.equal(noCustomer.body.code, 'customer_not_found', tail);
  }
});

test('charts: a daily balance per account ending on the current balance, monthly cash flow summing the transactions, spending by category', async () => {
  const [charts, detail, all] = await Promise.all([login(salaried, '/charts'), login(salaried), allTransactions(salaried)]);
  assert.equal(charts.status, 200);
  assert.equal(charts.body.accounts.length, detail.body.accounts.length);
  for (const a of charts.body.accounts) {
    const account = detail.body.accounts.find((x: { id: string }) => x.id === a.accountId);
    const mine = all.filter((x) => x.accountId === a.accountId);
    const points = a.balance.points;
    if (mine.length === 0) continue;
    assert.equal(a.balance.source, 'stored');
    // One point a day, without gaps, ending on the current balance.
    for (let i = 1; i < points.length; i++) assert.equal(Date.parse(points[i].date) - Date.parse(points[i - 1].date), 86_400_000);
    assert.equal(points.at(-1).date, charts.body.asOf);
    assert.equal(points.at(-1).balance, account.balances.current);
    const cents = (n: number | null) => Math.round((n ?? 0) * 100);
    const inSum = a.cashFlow.reduce((s: number, m: { moneyIn: number }) => s + cents(m.moneyIn), 0);
    const outSum = a.cashFlow.reduce((s: number, m: { moneyOut: number }) => s + cents(m.moneyOut), 0);
    assert.equal(inSum, mine.reduce((s, x) => s + cents(x.credit), 0));
    assert.equal(outSum, mine.reduce((s, x) => s + cents(x.debit), 0));
    for (const s of a.spending) assert.ok((PRIMARY_CATEGORIES as readonly string[]).includes(s.category) && !['Transfers', 'Income'].includes(s.category));
    const spent = mine.filter((x) => x.debit !== null && !['Transfers', 'Income'].includes(x.category)).reduce((s, x) => s + cents(x.debit), 0);
    assert.equal(a.spending.reduce((s: number, x: { amount: number }) => s + cents(x.amount), 0), spent);
  }
  assert.ok(charts.body.accounts.some((a: { spending: unknown[] }) => a.spending.length > 0));
});

type Txn = { id: string; accountId: string; date: string; description: string; debit: number | null; credit: number | null; category: string; subCategory: string; merchantName: string | null };

/** Every transaction of a login, walking its pages. */
async function allTransactions(loginId: string, query = ''): Promise<Txn[]> {
  const out: Txn[] = [];
  let cursor: string | null = null;
  do {
    const r = await login(loginId, `/transactions?limit=200${query}${cursor ? `&cursor=${cursor}` : ''}`);
    assert.equal(r.status, 200, r.text);
    out.push(...r.body.transactions);
    cursor = r.body.nextCursor;
  } while (cursor);
  return out;
}

test('transactions: newest first, each once across pages, filtered by account, dates, words and category; bad filters 400', async () => {
  const all = await allTransactions(salaried);
  assert.ok(all.length > 200, 'more than one page');
  assert.equal(new Set(all.map((x) => x.id)).size, all.length);
  for (let i = 1; i < all.length; i++) assert.ok(all[i - 1]!.date >= all[i]!.date);
  const small = await login(salaried, '/transactions?limit=7');
  assert.deepEqual(small.body.transactions.map((x: Txn) => x.id), all.slice(0, 7).map((x) => x.id));

  const account = all[0]!.accountId;
  const ofAccount = await allTransactions(salaried, `&accountId=${account}`);
  assert.deepEqual(ofAccount.map((x) => x.id), all.filter((x) => x.accountId === account).map((x) => x.id));
  const from = all[Math.floor(all.length / 2)]!.date;
  const to = all[Math.floor(all.length / 4)]!.date;
  assert.deepEqual((await allTransactions(salaried, `&from=${from}&to=${to}`)).map((x) => x.id), all.filter((x) => x.date >= from && x.date <= to).map((x) => x.id));
  const word = all.find((x) => x.credit !== null)!.description.split(/\s+/)[0]!;
  const byWord = await allTransactions(salaried, `&q=${encodeURIComponent(word.toLowerCase())}`);
  assert.ok(byWord.length > 0 && byWord.every((x) => `${x.description} ${x.merchantName ?? ''}`.toLowerCase().includes(word.toLowerCase())));
  assert.ok(byWord.length < all.length);
  const category = all.find((x) => x.category !== 'Transfers')!.category;
  const byCategory = await allTransactions(salaried, `&category=${encodeURIComponent(category.toUpperCase())}`);
  assert.deepEqual(byCategory.map((x) => x.id), all.filter((x) => x.category === category).map((x) => x.id));

  for (const bad of ['from=2026-13-45', 'to=yesterday', 'limit=-1', 'cursor=zzz']) {
    const r = await login(salaried, `/transactions?${bad}`);
    assert.equal(r.status, 400, bad);
    assert.equal(r.body.code, 'invalid_request');
  }
  assert.equal((await login(salaried, '/transactions?accountId=00000000-0000-4000-8000-000000000000')).status, 404);
});

test('attributes: the card with explanations and the supporting transactions they name', async () => {
  const r = await login(salaried, '/attributes?package=income');
  assert.equal(r.status, 200);
  const byName = new Map(r.body.attributes.map((a: { name: string }) => [a.name, a]));
  const employer = byName.get('sum_employer_income_30_days') as { value: number; explanation: string; transactionIds: string[]; transactionCount: number };
  assert.equal(typeof employer.value, 'number');
  assert.ok(employer.transactionCount > 0 && employer.transactionIds.length > 0);
  assert.match(employer.explanation, /^From \d+ transactions? of employer payroll deposits in the 30 days to \d{4}-\d{2}-\d{2}\.$/);
  const ids = new Set(r.body.transactions.map((x: { id: string }) => x.id));
  for (const a of r.body.attributes) for (const id of a.transactionIds) assert.ok(ids.has(id), `${a.name} names ${id}`);
  // The value is what GetIncomeAttributes answers for the same login.
  const cached = await api.post('Authorize', { LoginId: salaried, MostRecentCached: true });
  const enrich = await call(`${t.url}/v3/${CID}/insight/login/${salaried}/attributes/${cached.body.RequestId}/GetIncomeAttributes`);
  assert.equal(employer.value, enrich.body.Card.sum_employer_income_30_days);
  assert.equal(r.body.attributes.length, Object.keys(enrich.body.Card).length - 1);
  assert.equal((await login(salaried, '/attributes?package=nope')).status, 400);
});

test('actions: refresh answers a RequestId and the login is refreshed; sandbox reset; delete needs confirmation, then the login is gone', async () => {
  const before = (await login(greatday)).body.lastRefresh;
  const refreshed = await op(`/customers/${CID}/logins/${greatday}/refresh`, 'POST');
  assert.equal(refreshed.status, 202, refreshed.text);
  assert.match(refreshed.body.requestId, GUID);
  await waitFor('the refresh to finish', async () => {
    const l = (await login(greatday)).body;
    return l.state === 'ready' && l.lastRefresh !== before;
  });
  assert.equal((await op(`/customers/${otherCustomer}/logins/${greatday}/refresh`, 'POST')).status, 404);

  const reset = await op(`/customers/${CID}/logins/${greatday}/sandbox-reset`, 'POST');
  assert.equal(reset.status, 200);
  assert.deepEqual(reset.body, { loginId: greatday, reset: true });
  assert.equal((await op(`/customers/${otherCustomer}/logins/${greatday}/sandbox-reset`, 'POST')).status, 404);
  // No credentials kept: no refresh without the person.
  const refused = await op(`/customers/${CID}/logins/${greatday}/refresh`, 'POST');
  assert.equal(refused.status, 409);
  assert.equal(refused.body.code, 'conflict');

  const unconfirmed = await op(`/customers/${CID}/logins/${greatday}`, 'DELETE');
  assert.equal(unconfirmed.status, 400);
  assert.equal(unconfirmed.body.code, 'confirmation_required');
  assert.equal((await op(`/customers/${otherCustomer}/logins/${greatday}?confirm=${greatday}`, 'DELETE')).status, 404);
  const deleted = await op(`/customers/${CID}/logins/${greatday}?confirm=${greatday}`, 'DELETE');
  assert.equal(deleted.status, 200);
  assert.deepEqual(deleted.body, { loginId: greatday, deleted: true });
  assert.equal((await login(greatday)).status, 404);
  assert.equal((await op(`/logins?q=${greatday}`)).body.logins.length, 0);
  assert.equal((await op(`/customers/${CID}/logins/${greatday}?confirm=${greatday}`, 'DELETE')).status, 404);
});

test('without the sandbox, sandbox-reset is not there (404 in the operator shape)', async () => {
  const off = await startTestApp({ MAPLELINK_OPERATOR_KEY: KEY, SANDBOX: 'off' }, { workers: false });
  try {
    const r = await call(`${off.url}/operator/v1/customers/${CID}/logins/${salaried}/sandbox-reset`, { method: 'POST', headers: { authorization: `Bearer ${KEY}` } });
    assert.equal(r.status, 404);
    assert.equal(r.body.code, 'not_found');
  } finally {
    await off.stop();
  }
});
