/**
 * The small pure rules of Pay: schedule occurrences, payment request
 * transitions, the return-code decision matrix, the purpose categories.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { occurrences, occurrence } from '../../../src/pay/eft/schedule.ts';
import { PAYMENT_REQUEST_STATUSES, canMove } from '../../../src/pay/payment-requests.ts';
import { returnDecision, PAD_DISPUTE_CODES, RETURN_REASONS, categoriesOf, codeAllowed } from '../../../src/pay/eft/codes.ts';
import { dateIn } from '../../../src/pay/eft/dates.ts';
import { problemBody } from '../../../src/pay/errors.ts';

test('occurrences: weekly, biweekly, monthly (end of month kept), by count or to an end date', () => {
  assert.deepEqual(occurrences({ frequency: 'OneTime', startDate: '2026-04-15', transactionsCount: 1 }), ['2026-04-15']);
  assert.deepEqual(occurrences({ frequency: 'Weekly', startDate: '2026-04-15', transactionsCount: 3 }), ['2026-04-15', '2026-04-22', '2026-04-29']);
  assert.deepEqual(occurrences({ frequency: 'Biweekly', startDate: '2026-12-24', endDate: '2027-01-21' }), ['2026-12-24', '2027-01-07', '2027-01-21']);
  assert.deepEqual(occurrences({ frequency: 'Monthly', startDate: '2027-10-31', transactionsCount: 5 }), ['2027-10-31', '2027-11-30', '2027-12-31', '2028-01-31', '2028-02-29']);
  assert.equal(occurrence('Monthly', '2026-01-29', 1), '2026-02-28');
  assert.equal(occurrences({ frequency: 'Weekly', startDate: '2026-01-01', endDate: '2040-01-01' }).length, 301, 'stops one past the limit');
});

test('payment request transitions (§2.4): forward only, terminal statuses stay, cancel only before sending', () => {
  const allowed: Record<string, string[]> = {
    Initiated: ['Processing', 'Accepted', 'Processed', 'Cancelled', 'Expired', 'Declined', 'Failed'],
    Processing: ['Accepted', 'Processed', 'Cancelled', 'Expired', 'Declined', 'Failed'],
    Accepted: ['Processed', 'Settled', 'Failed'],
    Processed: ['Settled', 'Failed'],
    Settled: ['Failed'],
    Cancelled: [], Expired: [], Declined: [], Failed: [],
  };
  for (const from of PAYMENT_REQUEST_STATUSES) for (const to of PAYMENT_REQUEST_STATUSES) {
    assert.equal(canMove(from, to), allowed[from]!.includes(to), `${from} -> ${to}`);
  }
});

test('return decision matrix (§2.6)', () => {
  for (const c of [902, 905, 907, 909, 910, 911, 912, 915, 917, 920]) assert.equal(returnDecision(c), 'cancel', String(c));
  for (const c of [901, 908]) assert.equal(returnDecision(c), 'retry', String(c));
  for (const c of [903, 914, 916, 918, 919, 921]) assert.equal(returnDecision(c), 'review', String(c));
  for (const c of [900, 904, 922, 990]) assert.equal(returnDecision(c), 'investigate', String(c));
  assert.deepEqual([...PAD_DISPUTE_CODES].sort(), [902, 905, 907, 909, 911, 912, 915, 916, 917, 918, 919, 920, 921]);
  assert.equal(Object.keys(RETURN_REASONS).length, 22);
  for (const code of Object.keys(RETURN_REASONS).map(Number)) assert.ok(['cancel', 'retry', 'review', 'investigate'].includes(returnDecision(code)));
});

test('purpose categories: Standard 007 codes by direction', () => {
  const debit = categoriesOf('DEBIT').flatMap((c) => c.codes.map(([x]) => x));
  const credit = categoriesOf('CREDIT').flatMap((c) => c.codes.map(([x]) => x));
  for (const c of [330, 336, 350, 356, 370, 373, 400, 405, 430, 439, 450]) assert.ok(debit.includes(c), String(c));
  for (const c of [200, 207, 230, 240, 250, 280, 281]) assert.ok(credit.includes(c), String(c));
  assert.ok(!codeAllowed(200, 'DEBIT') && codeAllowed(200, 'CREDIT'));
  for (const c of [...debit, ...credit]) assert.ok(c >= 200 && c <= 749, `${c} in a Std 007 range`);
});

test('the payments calendar is Eastern time', () => {
  assert.equal(dateIn('America/Toronto', new Date('2026-04-15T03:30:00Z')), '2026-04-14');
  assert.equal(dateIn('America/Toronto', new Date('2026-04-15T05:30:00Z')), '2026-04-15');
});

test('ProblemDetails bodies name the RFC section of their status', () => {
  assert.deepEqual(problemBody(400, 'Schedule cannot be cancelled.'), { type: 'https://tools.ietf.org/html/rfc7231#section-6.5.1', title: 'Bad Request', status: 400, detail: 'Schedule cannot be cancelled.' });
  assert.equal(problemBody(404, 'x').title, 'Not Found');
  assert.equal(problemBody(409, 'x').type, 'https://tools.ietf.org/html/rfc7231#section-6.5.8');
});
