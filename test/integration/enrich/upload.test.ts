import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { call, startTestApp, type TestApp } from '../../support/app.ts';
import { CID } from '../../support/flinks.ts';
import { SANDBOX_TENANT } from '../../../src/platform/tenants.ts';

const tx = (date: string, description: string, debit: string | null, credit: string | null, extra: Record<string, unknown> = {}) => ({ TransactionDate: date, Description: description, Debit: debit, Credit: credit, ...extra });

describe('Upload API (JSON transactions)', () => {
  let t: TestApp;
  const url = (path: string) => `${t.url}/v3/${CID}${path}`;
  const auth = { Authorization: `Bearer ${SANDBOX_TENANT.secretKey}` };
  const post = (path: string, json: unknown) => call(url(path), { json, headers: auth });

  before(async () => {
    t = await startTestApp();
  });
  after(() => t.stop());

  const base = {
    UserIdentifier: 'my-internal-id-123',
    Attributes: { Card: ['sum_debits_30_days', 'sum_employer_income', 'balance_current', 'count_nsf_90_days'] },
    Options: { OriginCountry: 'ca', AttributesDetail: ['sum_debits_30_days'], MostRecentBalance: '1110.00' },
    Transactions: [
      tx('2021/01/01', 'payroll - flinks technologies', null, '1500.00'),
      tx('2021/01/08', 'NSF FEE', '48.00', null),
      tx('2021/01/15', 'PAIE FLINKS TECHNOLOGIES', null, '1500.00'),
      tx('2021/01/22', 'ACHAT INTERAC METRO 8812', '100.00', null),
    ],
  };

  test('attributes/upload: the attributes listed, Card.Id = UserIdentifier, running balances from MostRecentBalance', async () => {
    const r = await post('/attributes/upload', base);
    assert.equal(r.status, 200);
    assert.equal(r.body.HttpStatusCode, 200);
    assert.equal(r.body.Card.Id, 'my-internal-id-123');
    assert.equal(r.body.Card.sum_debits_30_days, 148);
    assert.equal(r.body.Card.sum_employer_income, 3000);
    assert.equal(r.body.Card.balance_current, 1110);
    assert.equal(r.body.Card.count_nsf_90_days, 1);
    const detail = r.body.Card.AttributesDetail[0];
    assert.equal(detail.Attribute, 'sum_debits_30_days');
    assert.deepEqual(detail.Transactions.map((x: { Debit: number; Balance: number; Date: string }) => [x.Date, x.Debit, x.Balance]), [['2021/01/08', 48, -290], ['2021/01/22', 100, 1110]]);
    assert.ok(typeof r.body.RequestId === 'string');
  });

  test('OldestBalance, per-transaction Balance and AccountOptions give the same balances', async () => {
    const oldest = await post('/attributes/upload', { ...base, Options: { OriginCountry: 'ca', OldestBalance: -1100 } });
    assert.equal(oldest.body.Card.balance_current, -1100 + 2852);
    const withBalances = await post('/attributes/upload', { ...base, Options: { OriginCountry: 'CA' }, Transactions: base.Transactions.map((x, i) => ({ ...x, Balance: [400, 352, 1852, 1752][i] })) });
    assert.equal(withBalances.body.Card.balance_current, 1752);
    const multi = await post('/attributes/upload', {
      ...base,
      Options: { OriginCountry: 'ca', AccountOptions: { 'acct-1': { MostRecentBalance: '500.00' }, 'acct-2': { MostRecentBalance: '1200.00' } } },
      Transactions: base.Transactions.map((x, i) => ({ ...x, AccountId: i % 2 ? 'acct-2' : 'acct-1', TransactionId: `t-${i}` })),
    });
    assert.equal(multi.status, 200);
    assert.equal(multi.body.Card.balance_current, 1700);
  });

  test('AllAttributes and the use-case uploads; the Card list of those is ignored', async () => {
    const all = await post('/attributes/upload/AllAttributes', base);
    assert.equal(all.status, 200);
    assert.ok(Object.keys(all.body.Card).length > 900);
    const ua = await post('/attributes/upload/UserAnalysis', { ...base, Attributes: { Card: ['nonsense'] } });
    assert.equal(ua.status, 200);
    assert.ok('employer_income_trend_simple' in ua.body.Card);
    assert.equal((await post('/attributes/upload/NoSuchUseCase', base)).status, 404);
  });

  test('Categorization/Upload: ca as well as us; Category, SubCategory and MerchantName per transaction', async () => {
    for (const country of ['us', 'ca']) {
      const r = await post('/Categorization/Upload', { OriginCountry: country, Transactions: base.Transactions.map((x, i) => ({ ...x, TransactionId: `t${i}`, AccountId: 'a' })) });
      assert.equal(r.status, 200);
      assert.deepEqual(Object.keys(r.body.Transactions[0]), ['TransactionId', 'AccountId', 'Date', 'Description', 'Debit', 'Credit', 'Category', 'SubCategory', 'MerchantName', 'Explanation']);
      assert.deepEqual(r.body.Transactions.map((x: { Category: string; SubCategory: string }) => `${x.Category}/${x.SubCategory}`), ['Income/Payroll', 'Financial/NSF Fees', 'Income/Payroll', 'Food & Dining/Groceries']);
      // MerchantName is the merchant without the bank's framing; Description is the text as sent, untouched; a fee names no merchant.
      const byDescription = new Map(r.body.Transactions.map((x: { Description: string; MerchantName: string | null }) => [x.Description, x.MerchantName]));
      assert.equal(byDescription.get('ACHAT INTERAC METRO 8812'), 'Metro');
      assert.equal(byDescription.get('NSF FEE'), null);
      const nsf = r.body.Transactions.find((x: { Description: string }) => x.Description === 'NSF FEE');
      assert.equal(nsf.Explanation, 'Bank pattern nsf.fee');
    }
  });

  test('every validation rule answers its documented message', async () => {
    const cases: [unknown, string][] = [
      [{ ...base, Options: { MostRecentBalance: '1' } }, 'When using your own data, the country of origin must be provided.'],
      [{ ...base, Options: { OriginCountry: 'fr', MostRecentBalance: '1' } }, 'Country code is not valid.'],
      [{ ...base, Transactions: base.Transactions.map((x, i) => (i === 0 ? { ...x, AccountId: 'a' } : x)) }, 'AccountId has to either be provided to all transactions or to none of them.'],
      [{ ...base, Transactions: base.Transactions.map((x, i) => (i === 1 ? { ...x, TransactionId: 'a' } : x)) }, 'TransactionId has to either be provided to all transactions or to none of them.'],
      [{ ...base, Transactions: base.Transactions.map((x) => ({ ...x, TransactionId: 'same' })) }, 'All TransactionIds have to be unique within the request.'],
      [{ ...base, Options: { OriginCountry: 'ca', MostRecentBalance: '1', OldestBalance: '2' } }, "MostRecentBalance, OldestBalance and the transactions' Balance cannot be used together: provide only one of them."],
      [{ ...base, Transactions: base.Transactions.map((x) => ({ ...x, Balance: '1.00' })) }, "MostRecentBalance, OldestBalance and the transactions' Balance cannot be used together: provide only one of them."],
      [{ ...base, Options: { OriginCountry: 'ca' } }, 'Balance has to be provided to every transaction unless MostRecentBalance or OldestBalance is provided.'],
      [{ ...base, Transactions: [base.Transactions[1], base.Transactions[0], base.Transactions[2]] }, 'Transactions have to be ordered by TransactionDate, all ascending or all descending.'],
      [{ ...base, Transactions: [tx('2021-01-01', 'x', '1', null)] }, 'Transactions[0].TransactionDate has to be a date in the format YYYY/MM/DD.'],
      [{ ...base, Transactions: [tx('2021/02/30', 'x', '1', null)] }, 'Transactions[0].TransactionDate has to be a date in the format YYYY/MM/DD.'],
      [{ ...base, Transactions: [tx('2021/01/01', 'x', '1.005', null)] }, 'Transactions[0].Debit has to be a number with at most two decimals.'],
      [{ ...base, Transactions: [tx('2021/01/01', 'x', 'ten', null)] }, 'Transactions[0].Debit has to be a number with at most two decimals.'],
      [{ ...base, Transactions: [tx('2021/01/01', 'x', '1', '2')] }, 'Transactions[0] has to have exactly one of Debit and Credit.'],
      [{ ...base, Attributes: { Card: [] } }, 'At least a single attribute must be provided.'],
      [{ ...base, Attributes: { Card: ['sum_debits_31_days'] } }, 'The attribute name is not valid.'],
      [{ ...base, Transactions: [] }, 'At least one transaction must be provided.'],
    ];
    for (const [json, message] of cases) {
      const r = await post('/attributes/upload', json);
      assert.equal(r.status, 400, message);
      assert.deepEqual(r.body, { HttpStatusCode: 400, Message: message, FlinksCode: 'INVALID_REQUEST' });
    }
  });

  test('numbers or numeric strings; keys in any case; a body over 5 MB is 413 in the envelope', async () => {
    const r = await post('/attributes/upload', { userIdentifier: 'x', attributes: { card: ['sum_debits_30_days'] }, options: { origincountry: 'CA', mostrecentbalance: 10 }, transactions: [{ transactiondate: '2021/01/01', description: 'a', debit: 5, credit: null }] });
    assert.equal(r.status, 200);
    assert.equal(r.body.Card.sum_debits_30_days, 5);
    const big = await call(url('/attributes/upload'), { body: JSON.stringify({ ...base, Padding: 'x'.repeat(5 * 1024 * 1024) }), headers: { ...auth, 'content-type': 'application/json' } });
    assert.equal(big.status, 413);
    assert.equal(big.body.HttpStatusCode, 413);
  });

  test('property: any request body gets a 200 or a 4xx in the envelope, never a 5xx', async () => {
    const value = fc.oneof(fc.constant(null), fc.boolean(), fc.integer(), fc.double(), fc.string(), fc.string({ unit: 'binary', maxLength: 12 }), fc.constantFrom('2021/01/01', '2021/13/01', '1.00', '-3.5', 'ca', 'us', 'sum_debits_30_days'));
    const transaction = fc.record({ TransactionDate: value, Description: value, Debit: value, Credit: value, Balance: value, AccountId: value, TransactionId: value }, { requiredKeys: [] });
    const body = fc.oneof(
      fc.anything(),
      fc.record({ UserIdentifier: value, Attributes: fc.oneof(value, fc.record({ Card: fc.oneof(value, fc.array(value)) })), Options: fc.oneof(value, fc.record({ OriginCountry: value, MostRecentBalance: value, OldestBalance: value, AttributesDetail: fc.oneof(value, fc.array(value)), AccountOptions: fc.oneof(value, fc.dictionary(fc.string(), fc.record({ MostRecentBalance: value }))) }, { requiredKeys: [] })), Transactions: fc.oneof(value, fc.array(transaction, { maxLength: 6 })) }, { requiredKeys: [] }),
    );
    const paths = fc.constantFrom('/attributes/upload', '/attributes/upload/AllAttributes', '/attributes/upload/UserAnalysis', '/Categorization/Upload');
    await fc.assert(
      fc.asyncProperty(paths, body, async (path, json) => {
        const r = await call(url(path), { body: JSON.stringify(json) ?? 'null', headers: { ...auth, 'content-type': 'application/json' } });
        assert.ok(r.status < 500, `${r.status} ${JSON.stringify(r.body)}`);
        if (r.status >= 400) {
          assert.equal(r.body.HttpStatusCode, r.status);
          assert.equal(typeof r.body.Message, 'string');
          assert.equal(typeof r.body.FlinksCode, 'string');
        }
      }),
      { numRuns: 250 },
    );
  });
});
