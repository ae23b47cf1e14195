import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { call, startTestApp, type TestApp } from '../../support/app.ts';
import { CID, FlinksClient, GUID } from '../../support/flinks.ts';
import { ATTRIBUTES, packageAttributes } from '../../../src/enrich/engine/registry.ts';

describe('Enrich endpoints', () => {
  let t: TestApp;
  let api: FlinksClient;
  let loginId: string;
  let requestId: string;
  const insight = (path: string) => `${t.url}/v3/${CID}/insight/login/${loginId}/attributes/${requestId}${path}`;

  before(async () => {
    t = await startTestApp();
    api = new FlinksClient(t.url);
    const c = await api.connect('persona_salaried');
    loginId = c.loginId;
    assert.equal((await api.poll('GetAccountsDetail', c.requestId)).status, 200);
    // The documented flow: a cached Authorize gives the RequestId the attribute calls use.
    const cached = await api.post('Authorize', { LoginId: loginId, MostRecentCached: true });
    assert.equal(cached.status, 200);
    requestId = cached.body.RequestId;
    assert.equal((await api.post('GetAccountsDetail', { RequestId: requestId })).status, 200);
  });
  after(() => t.stop());

  test('GetAllAttributes: Card with Id and every consumer attribute, Login and RequestId', async () => {
    const r = await call(insight('/GetAllAttributes'));
    assert.equal(r.status, 200);
    assert.equal(r.body.HttpStatusCode, 200);
    assert.equal(r.body.RequestId, requestId);
    assert.equal(r.body.Card.Id, loginId);
    assert.deepEqual(Object.keys(r.body.Login), ['Username', 'IsScheduledRefresh', 'LastRefresh', 'Type', 'Id']);
    const consumer = ATTRIBUTES.filter((a) => !a.business);
    assert.equal(Object.keys(r.body.Card).length, consumer.length + 1);
    assert.equal(r.body.Card.employer_name.length > 0, true);
    assert.equal(r.body.Card.has_employer_income, 'YES');
    assert.ok(['Weekly', 'Biweekly', 'Semi-monthly', 'Monthly'].includes(r.body.Card.employer_income_frequency));
    assert.equal(r.body.Card.micro_lender_name, 'NONE_DETECTED');
    assert.equal(typeof r.body.Card.sum_total_credits_30_days, 'number');
  });

  test('each use-case endpoint returns its package, GET or POST, path case-insensitive', async () => {
    for (const [path, pkg] of [['GetIncomeAttributes', 'income'], ['GetCreditRiskAttributes', 'creditRisk'], ['GetUserAnalysisAttributes', 'userAnalysis'], ['GetLendingAttributes', 'lending'], ['GetBusinessAnalysisAttributes', 'business']] as const) {
      const r = await call(insight(`/${path}`), { method: 'POST', json: {} });
      assert.equal(r.status, 200, path);
      const names = packageAttributes(pkg).map((a) => a.name);
      assert.deepEqual(Object.keys(r.body.Card).slice(1).sort(), names.sort(), path);
    }
    const all = await call(insight('/getallbusinessattributes'));
    assert.equal(all.status, 200);
    assert.ok(Object.keys(all.body.Card).every((k) => k === 'Id' || k.endsWith('_biz')));
  });

  test('POST Attributes: the attributes asked for, AttributesDetail with the supporting transactions', async () => {
    const r = await call(insight(''), { json: { Attributes: { Card: ['count_nsf_30_days', 'sum_employer_income_30_days', 'average_monthly_free_cash_flow'] }, Filters: { AccountCategory: ['Operations'] }, AttributesDetail: { Card: ['sum_employer_income_30_days'] } } });
    assert.equal(r.status, 200);
    assert.deepEqual(Object.keys(r.body.Card), ['Id', 'count_nsf_30_days', 'sum_employer_income_30_days', 'average_monthly_free_cash_flow', 'AttributesDetail']);
    const detail = r.body.Card.AttributesDetail[0];
    assert.equal(detail.Attribute, 'sum_employer_income_30_days');
    assert.ok(detail.Transactions.length >= 1);
    const total = detail.Transactions.reduce((s: number, x: { Credit: number }) => s + Math.round(x.Credit * 100), 0);
    assert.equal(total / 100, r.body.Card.sum_employer_income_30_days);
    for (const x of detail.Transactions) {
      assert.match(x.Date, /^\d{4}\/\d{2}\/\d{2}$/);
      assert.match(x.TransactionId, GUID);
      assert.match(x.AccountId, GUID);
      assert.equal(x.Debit, null);
    }
  });

  test('limitDays (header) caps the history every attribute sees', async () => {
    const r = await call(insight(''), { json: { Attributes: { Card: ['account_age_days', 'sum_employer_income'] } }, headers: { limitDays: '30' } });
    assert.equal(r.status, 200);
    assert.ok(r.body.Card.account_age_days <= 29);
    const thirty = await call(insight(''), { json: { Attributes: { Card: ['sum_employer_income_30_days'] } } });
    assert.equal(r.body.Card.sum_employer_income, thirty.body.Card.sum_employer_income_30_days);
    const bad = await call(insight(''), { json: { Attributes: { Card: ['account_age_days'] } }, headers: { limitDays: '400' } });
    assert.equal(bad.status, 400);
  });

  test('AccountFilter narrows the card to the accounts listed', async () => {
    const detail = await api.post('GetAccountsDetail', { RequestId: requestId });
    const savings = detail.body.Accounts.find((a: { Type: string }) => a.Type === 'Savings');
    const r = await call(insight(''), { json: { Attributes: { Card: ['sum_employer_income', 'balance_current'] }, AccountFilter: { AccountID: [savings.Id] } } });
    assert.equal(r.status, 200);
    assert.equal(r.body.Card.sum_employer_income, 'NONE_DETECTED');
    assert.equal(r.body.Card.balance_current, savings.Balance.Current);
  });

  test('balance_current of each operating account is its current balance', async () => {
    // A last day with several postings is in a generated login only by chance; test/unit/enrich/card-order.test.ts
    // holds one every time. Here every operating account of a real stored login, read back through PostgreSQL or PGlite.
    const detail = await api.post('GetAccountsDetail', { RequestId: requestId, WithTransactions: true, DaysOfTransactions: 'Days365' });
    const operating = (detail.body.Accounts as { Id: string; Category: string; Balance: { Current: number } }[]).filter((a) => a.Category === 'Operations');
    assert.ok(operating.length >= 2);
    for (const account of operating) {
      const r = await call(insight(''), { json: { Attributes: { Card: ['balance_current'] }, AccountFilter: { AccountID: [account.Id] } } });
      assert.equal(r.status, 200);
      assert.equal(r.body.Card.balance_current, account.Balance.Current, `account ${account.Id}`);
    }
  });

  test('the error messages of the docs, word for word', async () => {
    const cases: [unknown, string][] = [
      [{ Attributes: { Card: [] } }, 'At least a single attribute must be provided.'],
      [{}, 'At least a single attribute must be provided.'],
      [{ Attributes: { Card: ['count_nsf_30_dayz'] } }, 'The attribute name is not valid.'],
      [{ Attributes: { Card: ['count_nsf_30_days'] }, Filters: { AccountCategory: ['Credits'] } }, 'One or more filters are invalid.'],
      [{ Attributes: { Card: ['count_nsf_30_days'] }, Filters: { Colour: ['blue'] } }, 'One or more filters are invalid.'],
    ];
    for (const [json, message] of cases) {
      const r = await call(insight(''), { json });
      assert.equal(r.status, 400, JSON.stringify(json));
      assert.deepEqual(r.body, { HttpStatusCode: 400, Message: message, FlinksCode: 'INVALID_REQUEST' });
    }
  });

  test('an unknown RequestId is SESSION_NONEXISTENT; an idle session is SESSION_EXPIRED', async () => {
    const unknown = await call(`${t.url}/v3/${CID}/insight/login/${loginId}/attributes/077785a3-fd0f-42f7-9251-ee2ff7f3b4ff/GetAllAttributes`);
    assert.equal(unknown.status, 400);
    assert.equal(unknown.body.FlinksCode, 'SESSION_NONEXISTENT');
    const notMine = await call(`${t.url}/v3/${CID}/insight/login/077785a3-fd0f-42f7-9251-ee2ff7f3b4ff/attributes/${requestId}/GetAllAttributes`);
    assert.equal(notMine.body.FlinksCode, 'SESSION_NONEXISTENT');
    const other = await api.post('Authorize', { LoginId: loginId, MostRecentCached: true });
    await call(`${t.url}/v3/${CID}/sandbox/clock/advance`, { json: { Minutes: 31 } });
    const expired = await call(`${t.url}/v3/${CID}/insight/login/${loginId}/attributes/${other.body.RequestId}/GetIncomeAttributes`);
    assert.equal(expired.status, 400);
    assert.deepEqual(expired.body, { HttpStatusCode: 400, Message: `RequestId ${other.body.RequestId} is invalid or session has ended`, FlinksCode: 'SESSION_EXPIRED' });
    // The session of the other tests is kept alive by a fresh Authorize.
    requestId = (await api.post('Authorize', { LoginId: loginId, MostRecentCached: true })).body.RequestId;
    await api.post('GetAccountsDetail', { RequestId: requestId });
  });

  test('202 OPERATION_PENDING while the aggregation runs, then 200', async () => {
    const c = await api.connect('test_pending');
    const r = await call(`${t.url}/v3/${CID}/insight/login/${c.loginId}/attributes/${c.requestId}/GetIncomeAttributes`);
    assert.equal(r.status, 202);
    assert.equal(r.body.FlinksCode, 'OPERATION_PENDING');
    await api.poll('GetAccountsDetail', c.requestId);
    const done = await call(`${t.url}/v3/${CID}/insight/login/${c.loginId}/attributes/${c.requestId}/GetIncomeAttributes`);
    assert.equal(done.status, 200);
  });

  test('GetCategorization: every transaction with Category, SubCategory and MerchantName', async () => {
    const r = await call(`${t.url}/v3/${CID}/categorization/login/${loginId}/requestid/${requestId}`);
    assert.equal(r.status, 200);
    assert.equal(r.body.LoginId, loginId);
    assert.equal(r.body.RequestId, requestId);
    assert.ok(r.body.Transactions.length > 500);
    const first = r.body.Transactions[0];
    assert.deepEqual(Object.keys(first), ['TransactionId', 'AccountId', 'Date', 'Description', 'Debit', 'Credit', 'Category', 'SubCategory', 'MerchantName', 'Explanation']);
    // The sandbox's card lines carry store numbers, cities and provinces; MerchantName has none of them, Description keeps them.
    const card = r.body.Transactions.find((x: { Description: string }) => /#\d+ .* [A-Z]{2}$/.test(x.Description));
    assert.ok(card, 'a card purchase with a store number and a province');
    assert.ok(card.MerchantName && !/\d|#/.test(card.MerchantName), JSON.stringify(card));
    assert.ok(!/ (ON|QC|BC|AB|MB|SK|NS|NB|NL|PE)$/.test(card.MerchantName), JSON.stringify(card));
    const payroll = r.body.Transactions.find((x: { Category: string; SubCategory: string }) => x.SubCategory === 'Payroll');
    assert.equal(payroll.Category, 'Income');
  });

  test('Categories/{CA|US} and the attribute libraries', async () => {
    const ca = await call(`${t.url}/v3/${CID}/BankingServices/Categories/CA`);
    assert.equal(ca.status, 200);
    assert.equal(ca.body.length, 16);
    assert.deepEqual(Object.keys(ca.body[0]), ['PrimaryCategoryName', 'Description', 'SubCategories']);
    assert.ok(ca.body.some((c: { PrimaryCategoryName: string }) => c.PrimaryCategoryName === 'Food & Dining'));
    const us = await call(`${t.url}/v3/${CID}/BankingServices/Categories/us`);
    assert.equal(us.status, 200);
    const bad = await call(`${t.url}/v3/${CID}/BankingServices/Categories/FR`);
    assert.equal(bad.status, 400);
    const lib = await call(`${t.url}/v3/${CID}/attributes/library`);
    assert.equal(lib.status, 200);
    const names = lib.body.flatMap((c: { Attributes: { Name: string }[] }) => c.Attributes.map((a) => a.Name));
    assert.equal(names.length, ATTRIBUTES.filter((a) => !a.business).length);
    assert.ok(names.includes('count_nsf_30_days'));
    const biz = await call(`${t.url}/v3/${CID}/attributes/library/business`);
    assert.ok(biz.body.flatMap((c: { Attributes: { Name: string }[] }) => c.Attributes.map((a) => a.Name)).every((n: string) => n.endsWith('_biz')));
  });

  test('Prepayment: repayment dates the business day after pay days', async () => {
    const r = await call(`${t.url}/v3/${CID}/prepayment/login/${loginId}/${requestId}`, { json: { LoanFrequency: 'BiWeekly', ExpectedRepaymentTotal: 1000, FundingDate: '2026-01-01', Duration: 4 } });
    assert.equal(r.status, 200);
    assert.equal(r.body.Payments.length, 4);
    assert.equal(r.body.Payments.reduce((s: number, p: { Amount: number }) => s + Math.round(p.Amount * 100), 0), 100000);
    assert.equal(r.body.BasedOnPayCycle, true);
    const bad = await call(`${t.url}/v3/${CID}/prepayment/login/${loginId}/${requestId}`, { json: { LoanFrequency: 'Daily' } });
    assert.equal(bad.status, 400);
    // A name every object has (Object.prototype's) is no frequency either.
    for (const LoanFrequency of ['constructor', 'toString', 'hasOwnProperty']) {
      const inherited = await call(`${t.url}/v3/${CID}/prepayment/login/${loginId}/${requestId}`, { json: { LoanFrequency, ExpectedRepaymentTotal: 1000, FundingDate: '2026-01-01', Duration: 4 } });
      assert.equal(inherited.status, 400, LoanFrequency);
      assert.match(inherited.body.Message ?? JSON.stringify(inherited.body), /LoanFrequency/);
    }
  });
});
