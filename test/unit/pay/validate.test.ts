/**
 * Every rule of POST /api/v1/transactions (docs.flinks.com/api/pay/endpoints/eft/create-transaction), one
 * case each: the rule's ProblemDetails names the field and says what is wrong.
 * Plus what must pass (the doc's own example, tolerated spellings).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { validateTransactions } from '../../../src/pay/eft/validate.ts';
import { PayProblem } from '../../../src/pay/errors.ts';
import { debit, credit, plusDays } from '../../support/pay-fixtures.ts';

const TODAY = '2026-04-10';

function refused(body: unknown, field: string, message: RegExp): void {
  assert.throws(() => validateTransactions(body, TODAY), (err: unknown) => {
    assert.ok(err instanceof PayProblem, String(err));
    assert.equal(err.status, 400);
    const errors = err.extra.errors as Record<string, string[]> | undefined;
    assert.ok(errors && Object.keys(errors)[0] === field, `field ${JSON.stringify(errors)} should be ${field}`);
    assert.match(err.message, message);
    return true;
  });
}

const withPayor = (over: Record<string, unknown>) => debit(TODAY, { payor: { accountInfo: { institutionCode: '001', transitNumber: '12345', accountNumber: '1234567' }, contactInfo: { firstName: 'Jane', lastName: 'Doe' }, ...over } });
const withSchedule = (s: Record<string, unknown>, over: Record<string, unknown> = {}) => debit(TODAY, { scheduleInfo: s, ...over });

test("the documentation's example passes", () => {
  const v = validateTransactions([{
    transactionCode: 450, amount: 250, description: 'Invoice 1001', crossReferenceNumber: 'INV-1001', paymentDirection: 'DEBIT', currency: 'CAD',
    payor: { accountInfo: { institutionCode: '001', transitNumber: '12345', accountNumber: '1234567' }, contactInfo: { firstName: 'Jane', lastName: 'Doe' } },
    scheduleInfo: { paymentFrequency: 'OneTime', startDate: '2026-04-15' },
  }], TODAY);
  assert.equal(v.amountCents, 25000);
  assert.deepEqual(v.dueDates, ['2026-04-15']);
  assert.equal(v.transactionsCount, 1);
  assert.equal(v.endDate, null);
});

test('the body is an array holding exactly one transaction', () => {
  refused(debit(TODAY), '$', /array/);
  refused([], '$', /Exactly one/);
  refused([debit(TODAY), debit(TODAY)], '$', /Exactly one.*holds 2/);
  refused(['x'], '[0]', /object/);
  refused(null, '$', /array/);
});

test('paymentDirection: DEBIT or CREDIT', () => {
  refused([debit(TODAY, { paymentDirection: undefined })], '[0].paymentDirection', /required/);
  refused([debit(TODAY, { paymentDirection: 'PULL' })], '[0].paymentDirection', /DEBIT or CREDIT/);
  assert.equal(validateTransactions([debit(TODAY, { paymentDirection: 'debit' })], TODAY).direction, 'DEBIT');
});

test('transactionCode: an integer, a Standard 007 code of the direction', () => {
  refused([debit(TODAY, { transactionCode: undefined })], '[0].transactionCode', /required/);
  refused([debit(TODAY, { transactionCode: '450' })], '[0].transactionCode', /integer/);
  refused([debit(TODAY, { transactionCode: 450.5 })], '[0].transactionCode', /integer/);
  refused([debit(TODAY, { transactionCode: 1000 })], '[0].transactionCode', /3-digit/);
  refused([debit(TODAY, { transactionCode: 1 })], '[0].transactionCode', /not a Standard 007 code for debits/);
  refused([debit(TODAY, { transactionCode: 200 })], '[0].transactionCode', /for debits/);
  refused([credit(TODAY, { transactionCode: 330 })], '[0].transactionCode', /for credits/);
  assert.equal(validateTransactions([credit(TODAY)], TODAY).transactionCode, 200);
});

test('amount: a number of at least 0.01 with at most two decimals', () => {
  refused([debit(TODAY, { amount: undefined })], '[0].amount', /required/);
  refused([debit(TODAY, { amount: '250' })], '[0].amount', /number/);
  refused([debit(TODAY, { amount: 0 })], '[0].amount', /at least 0.01/);
  refused([debit(TODAY, { amount: -5 })], '[0].amount', /at least 0.01/);
  refused([debit(TODAY, { amount: 0.001 })], '[0].amount', /two decimals/);
  refused([debit(TODAY, { amount: 100_000_000 })], '[0].amount', /at most/);
  assert.equal(validateTransactions([debit(TODAY, { amount: 0.01 })], TODAY).amountCents, 1);
  assert.equal(validateTransactions([debit(TODAY, { amount: 19.99 })], TODAY).amountCents, 1999);
  fc.assert(fc.property(fc.integer({ min: 1, max: 9_999_999_999 }), (cents) => {
    assert.equal(validateTransactions([debit(TODAY, { amount: cents / 100 })], TODAY).amountCents, cents);
  }));
});

test('currency: CAD only', () => {
  refused([debit(TODAY, { currency: 'USD' })], '[0].currency', /CAD/);
  refused([debit(TODAY, { currency: 5 })], '[0].currency', /CAD/);
  assert.equal(validateTransactions([debit(TODAY, { currency: undefined })], TODAY).currency, 'CAD');
});

test('description: at most 15 characters', () => {
  refused([debit(TODAY, { description: '1234567890123456' })], '[0].description', /15/);
  assert.equal(validateTransactions([debit(TODAY, { description: '123456789012345' })], TODAY).description, '123456789012345');
});

test('crossReferenceNumber: letters, digits and hyphens, at most 36', () => {
  refused([debit(TODAY, { crossReferenceNumber: 'INV 1001' })], '[0].crossReferenceNumber', /letters, digits and hyphens/);
  refused([debit(TODAY, { crossReferenceNumber: 'INV_1' })], '[0].crossReferenceNumber', /letters, digits and hyphens/);
  refused([debit(TODAY, { crossReferenceNumber: 'A'.repeat(37) })], '[0].crossReferenceNumber', /36/);
  assert.equal(validateTransactions([debit(TODAY, { crossReferenceNumber: 'A'.repeat(36) })], TODAY).crossReferenceNumber, 'A'.repeat(36));
});

test('payor is required for a DEBIT and must be null for a CREDIT; payee the other way round', () => {
  refused([debit(TODAY, { payor: undefined })], '[0].payor', /required for a DEBIT/);
  refused([debit(TODAY, { payee: credit(TODAY).payee })], '[0].payee', /null for a DEBIT/);
  refused([credit(TODAY, { payee: null })], '[0].payee', /required for a CREDIT/);
  refused([credit(TODAY, { payor: debit(TODAY).payor })], '[0].payor', /null for a CREDIT/);
  refused([debit(TODAY, { payor: 'Jane' })], '[0].payor', /object/);
  refused([withPayor({ accountInfo: undefined })], '[0].payor.accountInfo', /required/);
  refused([withPayor({ contactInfo: null })], '[0].payor.contactInfo', /required/);
});

test('accountInfo: accountId, or institutionCode + transitNumber + accountNumber, never both', () => {
  refused([withPayor({ accountInfo: { accountId: '7f6b1ad2-3d65-4b49-9a53-4a9c1b1e2f00', institutionCode: '001' } })], '[0].payor.accountInfo', /not both/);
  refused([withPayor({ accountInfo: {} })], '[0].payor.accountInfo', /required/);
  refused([withPayor({ accountInfo: { institutionCode: '1', transitNumber: '12345', accountNumber: '1234567' } })], '[0].payor.accountInfo.institutionCode', /3 digits/);
  refused([withPayor({ accountInfo: { institutionCode: '001', transitNumber: '1234', accountNumber: '1234567' } })], '[0].payor.accountInfo.transitNumber', /5 digits/);
  refused([withPayor({ accountInfo: { institutionCode: '001', transitNumber: '12345', accountNumber: '123456' } })], '[0].payor.accountInfo.accountNumber', /7 to 12 digits/);
  refused([withPayor({ accountInfo: { institutionCode: '001', transitNumber: '12345' } })], '[0].payor.accountInfo.accountNumber', /7 to 12 digits/);
  const v = validateTransactions([withPayor({ accountInfo: { accountId: '7f6b1ad2-3d65-4b49-9a53-4a9c1b1e2f00' } })], TODAY);
  assert.deepEqual(v.party.account, { accountId: '7f6b1ad2-3d65-4b49-9a53-4a9c1b1e2f00' });
});

test('contactInfo: contactId, or firstName + lastName, or legalName, only one of them', () => {
  refused([withPayor({ contactInfo: {} })], '[0].payor.contactInfo', /required/);
  refused([withPayor({ contactInfo: { contactId: 'c1', firstName: 'Jane', lastName: 'Doe' } })], '[0].payor.contactInfo', /only one/);
  refused([withPayor({ contactInfo: { legalName: 'Acme', firstName: 'Jane' } })], '[0].payor.contactInfo', /only one/);
  refused([withPayor({ contactInfo: { firstName: 'Jane' } })], '[0].payor.contactInfo.lastName', /required/);
  refused([withPayor({ contactInfo: { lastName: 'Doe' } })], '[0].payor.contactInfo.firstName', /required/);
  refused([withPayor({ contactInfo: { firstName: 'Jane', lastName: 'Doe', email: 'not-an-email' } })], '[0].payor.contactInfo.email', /email/);
  assert.deepEqual(validateTransactions([withPayor({ contactInfo: { legalName: 'Acme Ltd' } })], TODAY).party.contact, { legalName: 'Acme Ltd' });
});

test('scheduleInfo.paymentFrequency: OneTime, Weekly, Biweekly or Monthly', () => {
  refused([debit(TODAY, { scheduleInfo: undefined })], '[0].scheduleInfo', /required/);
  refused([withSchedule({ paymentFrequency: 'Daily', startDate: '2026-04-15' })], '[0].scheduleInfo.paymentFrequency', /one of OneTime, Weekly, Biweekly, Monthly/);
  assert.equal(validateTransactions([withSchedule({ paymentFrequency: 'biweekly', startDate: '2026-04-15', transactionsCount: 2 })], TODAY).frequency, 'Biweekly');
});

test('startDate: a date; in the future for a DEBIT, today for a CREDIT', () => {
  refused([withSchedule({ paymentFrequency: 'OneTime', startDate: '2026-13-01' })], '[0].scheduleInfo.startDate', /date/);
  refused([withSchedule({ paymentFrequency: 'OneTime' })], '[0].scheduleInfo.startDate', /date/);
  refused([withSchedule({ paymentFrequency: 'OneTime', startDate: TODAY })], '[0].scheduleInfo.startDate', /future/);
  refused([withSchedule({ paymentFrequency: 'OneTime', startDate: '2026-04-01' })], '[0].scheduleInfo.startDate', /future/);
  refused([credit(TODAY, { scheduleInfo: { paymentFrequency: 'OneTime', startDate: plusDays(TODAY, 1) } })], '[0].scheduleInfo.startDate', /today/);
  refused([credit(TODAY, { scheduleInfo: { paymentFrequency: 'OneTime', startDate: plusDays(TODAY, -1) } })], '[0].scheduleInfo.startDate', /today/);
  assert.equal(validateTransactions([withSchedule({ paymentFrequency: 'OneTime', startDate: '2026-04-15T00:00:00' })], TODAY).startDate, '2026-04-15');
});

test('CREDIT: OneTime only', () => {
  refused([credit(TODAY, { scheduleInfo: { paymentFrequency: 'Weekly', startDate: TODAY, transactionsCount: 2 } })], '[0].scheduleInfo.paymentFrequency', /OneTime for a CREDIT/);
});

test('recurring DEBIT: exactly one of endDate (after startDate) or transactionsCount (1..300)', () => {
  refused([withSchedule({ paymentFrequency: 'Weekly', startDate: '2026-04-15' })], '[0].scheduleInfo', /endDate or transactionsCount/);
  refused([withSchedule({ paymentFrequency: 'Weekly', startDate: '2026-04-15', endDate: '2026-06-01', transactionsCount: 3 })], '[0].scheduleInfo', /not both/);
  refused([withSchedule({ paymentFrequency: 'Weekly', startDate: '2026-04-15', endDate: '2026-04-15' })], '[0].scheduleInfo.endDate', /after startDate/);
  refused([withSchedule({ paymentFrequency: 'Weekly', startDate: '2026-04-15', endDate: '2026-02-30' })], '[0].scheduleInfo.endDate', /date/);
  refused([withSchedule({ paymentFrequency: 'Monthly', startDate: '2026-04-15', transactionsCount: 301 })], '[0].scheduleInfo.transactionsCount', /1 to 300/);
  refused([withSchedule({ paymentFrequency: 'Monthly', startDate: '2026-04-15', transactionsCount: 0 })], '[0].scheduleInfo.transactionsCount', /1 to 300/);
  refused([withSchedule({ paymentFrequency: 'Monthly', startDate: '2026-04-15', transactionsCount: 2.5 })], '[0].scheduleInfo.transactionsCount', /integer/);
  refused([withSchedule({ paymentFrequency: 'Weekly', startDate: '2026-04-15', endDate: '2032-04-15' })], '[0].scheduleInfo.endDate', /more than 300/);
  refused([withSchedule({ paymentFrequency: 'OneTime', startDate: '2026-04-15', transactionsCount: 2 })], '[0].scheduleInfo.transactionsCount', /OneTime/);
  const v = validateTransactions([withSchedule({ paymentFrequency: 'Monthly', startDate: '2026-01-31', endDate: '2026-05-31' })], '2026-01-10');
  assert.deepEqual(v.dueDates, ['2026-01-31', '2026-02-28', '2026-03-31', '2026-04-30', '2026-05-31']);
  assert.equal(v.transactionsCount, 5);
  // .NET's "no end date" with a count is a count.
  const w = validateTransactions([withSchedule({ paymentFrequency: 'Weekly', startDate: '2026-04-15', endDate: '0001-01-01T00:00:00', transactionsCount: 300 })], TODAY);
  assert.equal(w.transactionsCount, 300);
  assert.equal(w.endDate, null);
});

test('keys are read whatever their case; unknown keys are ignored', () => {
  const v = validateTransactions([{
    TransactionCode: 450, Amount: 12.5, PaymentDirection: 'DEBIT', Extra: true,
    Payor: { AccountInfo: { InstitutionCode: '001', TransitNumber: '12345', AccountNumber: '1234567' }, ContactInfo: { FirstName: 'A', LastName: 'B' } },
    ScheduleInfo: { PaymentFrequency: 'OneTime', StartDate: '2026-04-15' },
  }], TODAY);
  assert.equal(v.amountCents, 1250);
});

test('any JSON value as body: a ProblemDetails or a transaction, never another error (property)', () => {
  fc.assert(fc.property(fc.jsonValue(), (body) => {
    try {
      validateTransactions(body, TODAY);
    } catch (err) {
      assert.ok(err instanceof PayProblem, String(err));
      assert.equal(err.status, 400);
    }
  }), { numRuns: 300 });
  fc.assert(fc.property(fc.dictionary(fc.constantFrom('amount', 'transactionCode', 'payor', 'payee', 'scheduleInfo', 'paymentDirection', 'currency', 'description'), fc.jsonValue()), (over) => {
    try {
      validateTransactions([debit(TODAY, over)], TODAY);
    } catch (err) {
      assert.ok(err instanceof PayProblem, String(err));
    }
  }), { numRuns: 300 });
});
