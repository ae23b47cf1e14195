/**
 * The pure parts of Outbound's FDX API: Connect accounts and transactions as
 * FDX, paging, dates, and the request readers.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { AccountRow, TransactionRow } from '../../../src/connect/store.ts';
import * as map from '../../../src/outbound/fdx/mapper.ts';
import { DEFAULT_LIMIT, MAX_LIMIT, pageInfo, pageOf, parseLimit, parseOffset } from '../../../src/outbound/fdx/paging.ts';
import { dateRange } from '../../../src/outbound/fdx/paging.ts';
import { jsonToForm } from '../../../src/outbound/oauth/routes.ts';
import { flinksTime, newClientId, recipientScope } from '../../../src/outbound/management/service.ts';
import { parseScopes } from '../../../src/outbound/scopes.ts';
import { stableId } from '../../../src/platform/ids.ts';

function account(o: Partial<AccountRow> = {}): AccountRow {
  return {
    id: 'a1', login_id: 'l1', ref: 'chequing', position: 0, title: 'Chequing CAD', type: 'Chequing', category: 'Operations', currency: 'CAD',
    account_type: 'Personal', transit_number: '12345', institution_number: '777', account_number: '1234567', overdraft_limit_cents: 0,
    limit_cents: null, current_cents: 123456, available_cents: 120000, eft_eligible_ratio: 1, etransfer_eligible_ratio: 1, ...o,
  };
}

function txn(o: Partial<TransactionRow> = {}): TransactionRow {
  return { id: 't1', account_id: 'a1', date: '2025-03-04', seq: 0, description: 'Payroll', debit_cents: null, credit_cents: 250075, balance_cents: 1000, ...o };
}

describe('FDX mapping', () => {
  test('account types and categories', () => {
    const cases: [string, string, string, string][] = [
      ['Chequing', 'Operations', 'DEPOSIT_ACCOUNT', 'CHECKING'],
      ['Savings', 'Operations', 'DEPOSIT_ACCOUNT', 'SAVINGS'],
      ['CreditCard', 'Credits', 'LOC_ACCOUNT', 'CREDITCARD'],
      ['LineOfCredit', 'Credits', 'LOC_ACCOUNT', 'LINEOFCREDIT'],
      ['Mortgage', 'Loans', 'LOAN_ACCOUNT', 'MORTGAGE'],
      ['TFSA', 'Investments', 'INVESTMENT_ACCOUNT', 'TAXFREESAVINGSACCOUNT'],
      ['RRSP', 'Investments', 'INVESTMENT_ACCOUNT', 'REGISTEREDRETIREMENTSAVINGSPLAN'],
      ['Brokerage', 'Investments', 'INVESTMENT_ACCOUNT', 'TAXABLE'],
      ['Whatever', 'Operations', 'DEPOSIT_ACCOUNT', 'CHECKING'],
    ];
    for (const [type, category, fdxCategory, fdxType] of cases) {
      const c = map.classify({ type, category });
      assert.equal(c.category, fdxCategory, type);
      assert.equal(c.accountType, fdxType, type);
    }
  });

  test('lightweight: masked number, no balances; details: numbers, routing, balances in dollars', () => {
    const a = account();
    const light = map.descriptor(a);
    assert.equal(light.accountNumberDisplay, '****4567');
    assert.equal(light.currentBalance, undefined);
    assert.equal(light.accountNumber, undefined);
    const full = map.details(a, '2025-03-05T00:00:00Z');
    assert.equal(full.accountNumber, '1234567');
    assert.equal(full.routingTransitNumber, '077712345');
    assert.equal(full.currentBalance, 1234.56);
    assert.equal(full.availableBalance, 1200);
    assert.equal(full.balanceType, 'ASSET');
    assert.deepEqual(Object.keys(map.wrapAccount(a, full)), ['depositAccount']);
    const card = map.details(account({ type: 'CreditCard', category: 'Credits', limit_cents: 500000, current_cents: 12345, available_cents: null }), null);
    assert.equal(card.balanceType, 'LIABILITY');
    assert.equal(card.creditLine, 5000);
    assert.equal(card.availableCredit, 4876.55);
  });

  test('transactions: a positive amount with DEBIT or CREDIT, Flinks’s timestamp, the wrapper of the account’s category', () => {
    const credit = map.transaction(txn(), 'a1', 'DEPOSIT_ACCOUNT') as { depositTransaction: Record<string, unknown> };
    assert.deepEqual(credit.depositTransaction, {
      accountId: 'a1', transactionId: 't1', postedTimestamp: '2025-03-04T00:00:00.0000000Z', transactionTimestamp: '2025-03-04T00:00:00.0000000Z',
      description: 'Payroll', debitCreditMemo: 'CREDIT', amount: 2500.75, status: 'POSTED', transactionType: 'DEPOSIT',
    });
    const debit = map.transaction(txn({ debit_cents: 1999, credit_cents: null }), 'a1', 'LOC_ACCOUNT') as { locTransaction: Record<string, unknown> };
    assert.equal(debit.locTransaction.debitCreditMemo, 'DEBIT');
    assert.equal(debit.locTransaction.amount, 19.99);
    assert.equal(debit.locTransaction.transactionType, undefined);
  });

  test('amounts never carry more than two decimals', () => {
    fc.assert(fc.property(fc.integer({ min: -1e13, max: 1e13 }), (cents) => {
      assert.match(String(map.money(cents)), /^-?\d+(\.\d{1,2})?$/);
      assert.equal(Math.round(map.money(cents) * 100), cents);
    }));
  });

  test('payment networks only for deposit accounts with a routing number', () => {
    assert.deepEqual(map.paymentNetworks(account(), 'CA'), [{ bankId: '077712345', identifier: '1234567', identifierType: 'ACCOUNT_NUMBER', type: 'CA_ACSS', transferIn: true, transferOut: true }]);
    assert.deepEqual(map.paymentNetworks(account({ type: 'CreditCard', category: 'Credits' }), 'CA'), []);
    assert.deepEqual(map.paymentNetworks(account({ transit_number: null }), 'CA'), []);
  });

  test('names split into first and last; a business is a company', () => {
    assert.deepEqual(map.splitName('Jean-Paul de la Tour'), { first: 'Jean-Paul de la', last: 'Tour' });
    assert.deepEqual(map.splitName('Cher'), { first: 'Cher', last: '' });
    const holder = { Name: 'Acme Inc', Email: 'a@b.c', PhoneNumber: '5145551234', Address: { CivicAddress: '1 Main', City: 'Montreal', Province: 'QC', PostalCode: 'H1H 1H1', POBox: null, Country: 'CA' } };
    const c = map.customer({ subject: 's', holder, business: true, contact: false, accountIds: ['a1'], accountHref: (id) => `/x/${id}` });
    assert.deepEqual(c.name, { company: 'Acme Inc' });
    assert.equal(c.email, undefined, 'no contact details without CUSTOMER_CONTACT');
  });
});

describe('FDX paging', () => {
  test('limit: absent → default, above the maximum → the maximum, anything else not a positive integer refused', () => {
    assert.deepEqual(parseLimit(undefined), { ok: true, value: DEFAULT_LIMIT });
    assert.deepEqual(parseLimit('25'), { ok: true, value: 25 });
    assert.deepEqual(parseLimit('5000'), { ok: true, value: MAX_LIMIT });
    for (const bad of ['0', '-1', '1.5', 'ten', ' ']) assert.equal(parseLimit(bad).ok, false, bad);
  });

  test('offset: empty is the start, a GUID is a cursor, anything else is refused', () => {
    assert.deepEqual(parseOffset(''), { ok: true, value: null });
    assert.equal(parseOffset('806801CD-999A-461B-9D08-5FD95D0E3300').ok, true);
    assert.equal(parseOffset('page2').ok, false);
  });

  test('a walk over any list with any page size sees every item once, in order', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 60 }), fc.integer({ min: 1, max: 15 }), (n, limit) => {
      const items = Array.from({ length: n }, (_, i) => stableId('item', String(i)));
      const seen: string[] = [];
      let offset: string | null = null;
      for (let guard = 0; guard <= n + 1; guard++) {
        const page: ReturnType<typeof pageOf<string>> = pageOf(items, (x) => x, offset, limit);
        assert.ok(page.ok);
        seen.push(...page.value.items);
        offset = page.value.nextOffset;
        if (offset === null) break;
      }
      assert.deepEqual(seen, items);
    }));
  });

  test('the next link repeats the query, with the new offset (empty on the last page)', () => {
    const info = pageInfo('https://h/outbound/api/fdx/5/accounts/a/transactions', { startTime: '2025-01-01', offset: 'old', limit: '9' }, 10, null, 3);
    assert.deepEqual(info.page, { nextOffset: '', totalElements: 3 });
    assert.equal(info.links.next.href, 'https://h/outbound/api/fdx/5/accounts/a/transactions?startTime=2025-01-01&limit=10&offset=');
  });

  test('dates: YYYY-MM-DD (timestamps cut to their date); impossible dates and reversed ranges refused', () => {
    assert.deepEqual(dateRange({ startTime: '2025-01-01', endTime: '2025-01-31T23:59:59Z' }), { ok: true, value: { from: '2025-01-01', to: '2025-01-31' } });
    assert.equal(dateRange({ startTime: '2025-02-30' }).ok, false);
    assert.deepEqual(dateRange({ startTime: '2025-02-01', endTime: '2025-01-01' }), { ok: false, reason: 'range' });
  });
});

describe('Outbound request readers', () => {
  test('a JSON token request becomes the same form', () => {
    const form = jsonToForm(Buffer.from(JSON.stringify({ grant_type: 'authorization_code', code: 'a b&c', expires: 3, extra: null })));
    assert.equal(form!.toString(), 'grant_type=authorization_code&code=a+b%26c&expires=3');
    assert.equal(jsonToForm(Buffer.from('[1]')), null);
    assert.equal(jsonToForm(Buffer.from('{')), null);
  });

  test('recipient scopes: list or string, canonical order, ACCOUNT_BASIC always', () => {
    assert.equal(recipientScope(['TRANSACTIONS']), 'ACCOUNT_BASIC TRANSACTIONS');
    assert.equal(recipientScope('STATEMENTS ACCOUNT_DETAILED'), 'ACCOUNT_BASIC ACCOUNT_DETAILED STATEMENTS');
    assert.throws(() => recipientScope(['READ_ALL']), /READ_ALL/);
    assert.deepEqual(parseScopes('TRANSACTIONS openid ACCOUNT_BASIC'), ['ACCOUNT_BASIC', 'TRANSACTIONS']);
  });

  test('client ids and Flinks times', () => {
    assert.match(newClientId(), /^dc-[a-z0-9]{25}$/);
    assert.equal(flinksTime(new Date('2024-02-29T14:24:42.605Z')), '2024-02-29T14:24:42.6050000Z');
  });
});

describe('FDX → Connect (the FDX connector)', () => {
  test('an FDX deposit account and its transactions become Connect’s, oldest first, with running balances ending at the current balance', async () => {
    const { toAccountData, unwrapAccount } = await import('../../../src/connect/connectors/fdx/mapper.ts');
    const wrapped = { depositAccount: { accountId: 'A1', accountType: 'CHECKING', nickname: 'Everyday', accountNumber: '1234567', routingTransitNumber: '077712345', currentBalance: 100.5, availableBalance: 90, currency: { currencyCode: 'CAD' } } };
    const u = unwrapAccount(wrapped)!;
    assert.equal(u.category, 'DEPOSIT_ACCOUNT');
    const txns = [
      { transactionId: 't3', postedTimestamp: '2025-03-03T00:00:00.0000000Z', description: 'Coffee', debitCreditMemo: 'DEBIT', amount: 4.5 },
      { transactionId: 't2', postedTimestamp: '2025-03-02T00:00:00Z', description: 'Pay', debitCreditMemo: 'CREDIT', amount: 50 },
      { transactionId: 't1', postedTimestamp: '2025-03-01T00:00:00Z', description: 'Rent', debitCreditMemo: 'DEBIT', amount: 20 },
    ];
    const a = toAccountData(u.category, u.account, txns, 'Personal');
    assert.equal(a.type, 'Chequing');
    assert.equal(a.category, 'Operations');
    assert.equal(a.institutionNumber, '777');
    assert.equal(a.transitNumber, '12345');
    assert.equal(a.currentCents, 10050);
    assert.deepEqual(a.transactions.map((t) => [t.ref, t.date, t.debitCents, t.creditCents, t.balanceCents]), [
      ['t1', '2025-03-01', 2000, null, 5500],
      ['t2', '2025-03-02', null, 5000, 10500],
      ['t3', '2025-03-03', 450, null, 10050],
    ]);
  });

  test('running balances: each step differs by the signed amount, for assets and liabilities', async () => {
    const { toAccountData } = await import('../../../src/connect/connectors/fdx/mapper.ts');
    fc.assert(fc.property(
      fc.constantFrom('DEPOSIT_ACCOUNT', 'LOC_ACCOUNT'),
      fc.integer({ min: -1e7, max: 1e7 }),
      fc.array(fc.record({ cents: fc.integer({ min: 1, max: 1e6 }), debit: fc.boolean(), day: fc.integer({ min: 1, max: 28 }) }), { maxLength: 30 }),
      (category, current, items) => {
        const txns = items.map((x, i) => ({ transactionId: `t${i}`, postedTimestamp: `2025-04-${String(x.day).padStart(2, '0')}T00:00:00Z`, description: 'x', debitCreditMemo: x.debit ? 'DEBIT' : 'CREDIT', amount: x.cents / 100 }));
        const a = toAccountData(category, { accountId: 'A', currentBalance: current / 100 }, txns, 'Personal');
        const out = a.transactions;
        assert.equal(out.length, items.length);
        if (out.length === 0) return;
        assert.equal(out[out.length - 1]!.balanceCents, current);
        const sign = category === 'DEPOSIT_ACCOUNT' ? 1 : -1;
        for (let i = 1; i < out.length; i++) {
          assert.ok(out[i - 1]!.date <= out[i]!.date, 'oldest first');
          const delta = (out[i]!.creditCents ?? 0) - (out[i]!.debitCents ?? 0);
          assert.equal(out[i]!.balanceCents! - out[i - 1]!.balanceCents!, sign * delta);
        }
      },
    ));
  });

  test('credit lines, loans, investments and the holder', async () => {
    const { toAccountData, toHolder } = await import('../../../src/connect/connectors/fdx/mapper.ts');
    const card = toAccountData('LOC_ACCOUNT', { accountId: 'C', accountType: 'CREDITCARD', currentBalance: 250, creditLine: 5000, availableCredit: 4750 }, [], 'Personal');
    assert.deepEqual([card.type, card.category, card.limitCents, card.availableCents], ['CreditCard', 'Credits', 500000, 475000]);
    const loan = toAccountData('LOAN_ACCOUNT', { accountId: 'L', accountType: 'MORTGAGE', principalBalance: 123456.78 }, [], 'Personal');
    assert.deepEqual([loan.type, loan.category, loan.currentCents], ['Mortgage', 'Loans', 12345678]);
    const tfsa = toAccountData('INVESTMENT_ACCOUNT', { accountId: 'I', accountType: 'TAXFREESAVINGSACCOUNT', currentValue: 10 }, [], 'Personal');
    assert.deepEqual([tfsa.type, tfsa.category], ['TFSA', 'Investments']);
    const h = toHolder({ name: { first: 'Ada', last: 'Lovelace' }, email: ['ada@example.com'], telephones: [{ type: 'HOME', number: '5145550000' }], addresses: [{ line1: '1 Main', city: 'Montreal', region: 'QC', postalCode: 'H1H 1H1', country: 'CA' }] });
    assert.equal(h.Name, 'Ada Lovelace');
    assert.equal(h.Address.Province, 'QC');
    assert.equal(toHolder(null).Name, '');
  });
});
