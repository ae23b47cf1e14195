/**
 * The FDX v5 data API: every answer checked against the JSON Schemas written
 * from the docs and the FDX standard (fdx-schemas.ts); paging walks every transaction exactly once;
 * each endpoint enforces its scope; errors are FDX's `{code, message,
 * debugMessage}` with ob-correlation-id and ob-trace-id.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { call, startTestApp, type TestApp } from '../../support/app.ts';
import { FlinksClient } from '../../support/flinks.ts';
import { activate, createRecipient, partnerToken, userToken, type Recipient } from './helpers.ts';
import { AccountContact, AccountLightweight, AccountWithDetails, Accounts, Customer, FdxError, PaymentNetworks, Statements, Transactions, conforms } from './fdx-schemas.ts';

let t: TestApp;
let full: Recipient;
let token: string;
let shared: string[];
const base = () => `${t.url}/outbound/api/fdx/5`;

async function get(path: string, tok: string | null = token, headers: Record<string, string> = {}) {
  const r = await call(path.startsWith('http') ? path : `${base()}${path}`, { headers: { ...(tok ? { authorization: `Bearer ${tok}` } : {}), ...headers } });
  assert.ok(r.headers.get('ob-correlation-id'), 'ob-correlation-id');
  assert.ok(r.headers.get('ob-trace-id'), 'ob-trace-id');
  return r;
}

function fdxError(r: { status: number; body: unknown }, status: number, code: number) {
  assert.equal(r.status, status, JSON.stringify(r.body));
  conforms(FdxError, r.body, `error ${code}`);
  assert.equal((r.body as { code: number }).code, code);
}

before(async () => {
  t = await startTestApp();
  const partner = await partnerToken(t.url);
  full = await createRecipient(t.url, partner, { name: 'Everything app' });
  await activate(t.url, partner, full.client_id);
  ({ access_token: token, shared } = await userToken(t.url, full, { username: 'Greatday' }));
});
after(async () => {
  await t?.stop();
});

describe('accounts', () => {
  test('lightweight (default): one wrapper per category, no numbers or balances', async () => {
    const r = await get('/accounts');
    assert.equal(r.status, 200);
    conforms(Accounts(AccountLightweight), r.body, 'GET /accounts');
    assert.equal(r.body.accounts.length, shared.length);
    const keys = r.body.accounts.map((a: object) => Object.keys(a)[0]);
    assert.ok(keys.includes('depositAccount') && keys.includes('locAccount'), keys.join());
    assert.equal(r.body.page.totalElements, shared.length);
    assert.equal(r.body.page.nextOffset, '');
  });

  test('details: balances, account and routing numbers', async () => {
    const r = await get('/accounts?resultType=details');
    assert.equal(r.status, 200);
    conforms(Accounts(AccountWithDetails), r.body, 'GET /accounts?resultType=details');
    const deposit = r.body.accounts.find((a: Record<string, any>) => a.depositAccount)!.depositAccount;
    assert.match(deposit.routingTransitNumber, /^0777\d{5}$/);
    assert.equal(typeof deposit.currentBalance, 'number');
  });

  test('one account by id (details, as ACCOUNT_DETAILED was granted); accountIds filters; paging over accounts', async () => {
    const [first, second] = shared;
    const one = await get(`/accounts/${first}`);
    assert.equal(one.status, 200);
    conforms(AccountWithDetails, one.body, 'GET /accounts/{id}');
    const filtered = await get(`/accounts?accountIds=${first},${second}`);
    assert.equal(filtered.body.accounts.length, 2);
    const page1 = await get('/accounts?limit=1');
    assert.equal(page1.body.accounts.length, 1);
    assert.equal(page1.body.page.nextOffset, shared[1]);
    const page2 = await get(page1.body.links.next.href);
    assert.equal(Object.values(page2.body.accounts[0] as Record<string, { accountId: string }>)[0]!.accountId, shared[1]);
  });

  test('an account that was not shared, or does not exist: 404 code 701', async () => {
    fdxError(await get('/accounts/00000000-0000-4000-8000-000000000000'), 404, 701);
    fdxError(await get('/accounts/not-an-id/transactions'), 404, 701);
  });
});

describe('transactions', () => {
  test('paging walks every transaction exactly once, newest first, and agrees with Connect', async () => {
    const accountId = shared[0]!;
    /** Follows links.next from the first page until nextOffset is empty; answers every transaction seen. */
    const walk = async (limit: number) => {
      const seen: { transactionId: string; postedTimestamp: string }[] = [];
      let href: string | null = `${base()}/accounts/${accountId}/transactions?limit=${limit}`;
      let pages = 0;
      let total = -1;
      while (href) {
        const page = await get(href);
        assert.equal(page.status, 200);
        conforms(Transactions, page.body, `page ${pages + 1} of ${limit}`);
        if (total < 0) total = page.body.page.totalElements;
        assert.equal(page.body.page.totalElements, total, 'the total does not change between pages');
        assert.ok(page.body.transactions.length <= limit);
        for (const item of page.body.transactions) seen.push(Object.values(item as Record<string, { transactionId: string; postedTimestamp: string }>)[0]!);
        pages++;
        href = page.body.page.nextOffset ? page.body.links.next.href : null;
        if (!href) assert.match(page.body.links.next.href, /offset=$/, 'the last page’s next link has an empty offset');
      }
      assert.equal(pages, Math.max(1, Math.ceil(total / limit)));
      return { seen, total };
    };
    const big = await walk(1000);
    assert.ok(big.total > 60, `enough transactions to page through (${big.total})`);
    assert.equal(big.seen.length, big.total);
    assert.equal(new Set(big.seen.map((x) => x.transactionId)).size, big.total, 'no transaction twice');
    for (let i = 1; i < big.seen.length; i++) assert.ok(big.seen[i - 1]!.postedTimestamp >= big.seen[i]!.postedTimestamp, 'newest first');
    const small = await walk(37);
    assert.deepEqual(small.seen.map((x) => x.transactionId), big.seen.map((x) => x.transactionId), 'small pages walk the same transactions in the same order');

    // The same account through Connect (the consent's login) has the same transactions.
    const consentRow = (await t.app.platform.db.query<{ login_id: string }>('select login_id from outbound_consents limit 1'))[0]!;
    const flinks = new FlinksClient(t.url);
    const auth = await flinks.post('Authorize', { LoginId: consentRow.login_id, MostRecentCached: true });
    const detail = await flinks.post('GetAccountsDetail', { RequestId: auth.body.RequestId, WithTransactions: true, DateFrom: '2000-01-01' });
    const connectAccount = detail.body.Accounts.find((a: { Id: string }) => a.Id === accountId);
    assert.deepEqual(connectAccount.Transactions.map((x: { Id: string }) => x.Id).sort(), big.seen.map((x) => x.transactionId).sort());
  });

  test('startTime and endTime (YYYY-MM-DD) bound the dates; a bad date is 702, a reversed range 703', async () => {
    const accountId = shared[0]!;
    const all = (await get(`/accounts/${accountId}/transactions`)).body.transactions.map((x: Record<string, { postedTimestamp: string }>) => Object.values(x)[0]!.postedTimestamp.slice(0, 10));
    const from = all[Math.floor(all.length * 0.6)];
    const to = all[Math.floor(all.length * 0.2)];
    const r = await get(`/accounts/${accountId}/transactions?startTime=${from}&endTime=${to}&limit=5`);
    assert.equal(r.status, 200);
    conforms(Transactions, r.body, 'bounded transactions');
    assert.equal(r.body.page.totalElements, all.filter((d: string) => d >= from && d <= to).length);
    assert.match(r.body.links.next.href, new RegExp(`startTime=${from}`));
    for (const x of r.body.transactions) {
      const d = (Object.values(x)[0] as { postedTimestamp: string }).postedTimestamp.slice(0, 10);
      assert.ok(d >= from && d <= to);
    }
    fdxError(await get(`/accounts/${accountId}/transactions?startTime=2024-13-40`), 400, 702);
    fdxError(await get(`/accounts/${accountId}/transactions?endTime=yesterday`), 400, 702);
    fdxError(await get(`/accounts/${accountId}/transactions?startTime=2025-02-01&endTime=2025-01-01`), 400, 703);
  });

  test('a bad limit or cursor: 400 code 401 (Invalid Input)', async () => {
    const accountId = shared[0]!;
    for (const q of ['limit=0', 'limit=-3', 'limit=abc', 'offset=garbage', 'offset=00000000-0000-4000-8000-000000000000']) {
      fdxError(await get(`/accounts/${accountId}/transactions?${q}`), 400, 401);
    }
  });

  test('no query string crashes it: every answer is 200 or an FDX error', async () => {
    const accountId = shared[0]!;
    await fc.assert(fc.asyncProperty(
      fc.dictionary(fc.constantFrom('limit', 'offset', 'startTime', 'endTime', 'resultType', 'accountIds'), fc.oneof(fc.string(), fc.string({ unit: 'binary', maxLength: 8 }), fc.integer().map(String), fc.date({ noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)))),
      async (query) => {
        const qs = new URLSearchParams(query).toString();
        for (const path of [`/accounts/${accountId}/transactions?${qs}`, `/accounts?${qs}`, `/accounts/${accountId}/statements?${qs}`]) {
          const r = await get(path);
          if (r.status === 200) continue;
          assert.ok(r.status >= 400 && r.status < 500, `${path} → ${r.status}`);
          conforms(FdxError, r.body, path);
        }
      },
    ), { numRuns: 30 });
  });
});

describe('payment networks, contact, customer, statements', () => {
  test('payment networks of a deposit account: CA_ACSS with the routing number', async () => {
    const r = await get(`/accounts/${shared[0]}/payment-networks`);
    assert.equal(r.status, 200);
    conforms(PaymentNetworks, r.body, 'payment-networks');
    assert.equal(r.body.paymentNetworks[0].type, 'CA_ACSS');
    assert.equal(r.body.paymentNetworks[0].identifierType, 'ACCOUNT_NUMBER');
  });

  test('contact of an account, and the current customer with contact details', async () => {
    const contact = await get(`/accounts/${shared[0]}/contact`);
    assert.equal(contact.status, 200);
    conforms(AccountContact, contact.body, 'contact');
    const me = await get('/customers/current');
    assert.equal(me.status, 200);
    conforms(Customer, me.body, 'customers/current');
    // Greatday's persona (and so business or not) comes from its LoginId.
    if (me.body.type === 'BUSINESS') assert.ok(me.body.name.company);
    else assert.ok(me.body.name.first && me.body.name.last);
    assert.ok(me.body.email.length === 1 && me.body.addresses.length === 1);
    assert.deepEqual(me.body.accounts.map((a: { accountId: string }) => a.accountId), shared);
  });

  test('statements: twelve months listed; each downloads as a PDF; 406 when PDF is not acceptable; 404 code 1104 for an unknown one', async () => {
    const list = await get(`/accounts/${shared[0]}/statements`);
    assert.equal(list.status, 200);
    conforms(Statements, list.body, 'statements');
    assert.equal(list.body.statements.length, 12);
    const s = list.body.statements[0];
    const pdf = await fetch(s.links[0].href, { headers: { authorization: `Bearer ${token}` } });
    assert.equal(pdf.status, 200);
    assert.equal(pdf.headers.get('content-type'), 'application/pdf');
    assert.equal(Buffer.from(await pdf.arrayBuffer()).subarray(0, 5).toString(), '%PDF-');
    fdxError(await get(`/accounts/${shared[0]}/statements/${s.statementId}`, token, { accept: 'application/json' }), 406, 1203);
    fdxError(await get(`/accounts/${shared[0]}/statements/00000000-0000-4000-8000-000000000000`), 404, 1104);
  });
});

describe('scopes, consent and tokens', () => {
  test('each endpoint needs its scope: with ACCOUNT_BASIC alone, everything else is 401 code 602', async () => {
    const partner = await partnerToken(t.url);
    const basic = await createRecipient(t.url, partner, { name: 'Basic only', scope: ['ACCOUNT_BASIC'] });
    await activate(t.url, partner, basic.client_id);
    const { access_token, shared: mine } = await userToken(t.url, basic, { username: 'greatday_nomfa', accounts: (offered) => [offered[0]!.id] });
    assert.equal(mine.length, 1);
    const list = await get('/accounts', access_token);
    assert.equal(list.status, 200);
    assert.equal(list.body.accounts.length, 1, 'only the account shared');
    const one = await get(`/accounts/${mine[0]}`, access_token);
    conforms(AccountLightweight, one.body, 'an account without ACCOUNT_DETAILED is lightweight');
    for (const path of ['/accounts?resultType=details', `/accounts/${mine[0]}/transactions`, `/accounts/${mine[0]}/payment-networks`, `/accounts/${mine[0]}/contact`, `/accounts/${mine[0]}/statements`, '/customers/current']) {
      const r = await get(path, access_token);
      fdxError(r, 401, 602);
      assert.match(r.body.debugMessage, /scope/, path);
    }
  });

  test('no token or a bad one: 401 code 1205 with a Bearer challenge', async () => {
    for (const tok of [null, 'garbage', `${token.slice(0, -4)}AAAA`]) {
      const r = await get('/accounts', tok);
      fdxError(r, 401, 1205);
      assert.match(r.headers.get('www-authenticate') ?? '', /^Bearer/);
    }
  });

  test('a partner token is not a user token', async () => {
    fdxError(await get('/accounts', await partnerToken(t.url)), 401, 1205);
  });

  test('an unknown FDX path: 404 in FDX’s shape', async () => {
    fdxError(await get('/accounts/x/holdings/y'), 404, 1107);
  });

  test('the correlation id a client sends comes back', async () => {
    const r = await get('/accounts', token, { 'ob-correlation-id': 'fce84d61-dfa8-4e2b-bd94-f1ec6a445841' });
    assert.equal(r.headers.get('ob-correlation-id'), 'fce84d61-dfa8-4e2b-bd94-f1ec6a445841');
  });
});
