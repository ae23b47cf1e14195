/**
 * The console's chart series (src/enrich/charts.ts) and the operator lists' cursors
 * (src/platform/operator/paging.ts): a balance worked back from the current balance is the
 * series the institution's running balances give; cash flow and spending add up; a cursor is
 * read back as written, and anything else is a 400, never an exception of another kind.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { balanceSeries, monthlyCashFlow, spendingByCategory, type ChartTransaction } from '../../../src/enrich/charts.ts';
import { decodeCursor, encodeCursor, pageOf } from '../../../src/platform/operator/paging.ts';
import { OperatorFailure } from '../../../src/platform/operator/errors.ts';
import type { Categorized } from '../../../src/enrich/engine/index.ts';

const day = (n: number) => new Date(Date.UTC(2026, 0, 1) + n * 86_400_000).toISOString().slice(0, 10);

/** A ledger: transactions on days 0..60 with running balances from an opening balance. */
const ledger = fc.record({
  opening: fc.integer({ min: -50_000, max: 500_000 }),
  owed: fc.boolean(),
  moves: fc.array(fc.record({ day: fc.integer({ min: 0, max: 60 }), cents: fc.integer({ min: 1, max: 100_000 }), credit: fc.boolean() }), { minLength: 1, maxLength: 40 }),
}).map(({ opening, owed, moves }) => {
  const sorted = [...moves].sort((a, b) => a.day - b.day);
  let balance = opening;
  const seqOf = new Map<number, number>();
  const txns: ChartTransaction[] = sorted.map((m) => {
    const seq = seqOf.get(m.day) ?? 0;
    seqOf.set(m.day, seq + 1);
    const net = m.credit ? m.cents : -m.cents;
    balance += owed ? -net : net;
    return { date: day(m.day), seq, debitCents: m.credit ? null : m.cents, creditCents: m.credit ? m.cents : null, balanceCents: balance };
  });
  return { owed, txns, current: balance };
});

test('a balance worked back from the current balance equals the running balances, day by day', () => {
  fc.assert(fc.property(ledger, fc.integer({ min: 60, max: 90 }), ({ owed, txns, current }, asOfDay) => {
    const shuffled = [...txns].reverse();
    const stored = balanceSeries(shuffled, current, owed, day(asOfDay));
    const derived = balanceSeries(shuffled.map((t) => ({ ...t, balanceCents: null })), current, owed, day(asOfDay));
    assert.equal(stored.source, 'stored');
    assert.equal(derived.source, 'derived');
    assert.deepEqual(derived.points, stored.points);
    assert.equal(stored.points.at(-1)!.cents, current);
    assert.equal(stored.points[0]!.date, txns[0]!.date);
    assert.equal(stored.points.at(-1)!.date, day(asOfDay));
  }));
});

test('an account without transactions is flat at its current balance on the day', () => {
  assert.deepEqual(balanceSeries([], 12_345, false, '2026-03-01'), { source: 'derived', points: [{ date: '2026-03-01', cents: 12_345 }] });
});

test('cash flow: every month from the first to asOf, adding up to the credits and debits', () => {
  fc.assert(fc.property(ledger, ({ txns }) => {
    const months = monthlyCashFlow(txns, '2026-04-15');
    assert.equal(months[0]!.month, txns.map((t) => t.date).sort()[0]!.slice(0, 7));
    assert.equal(months.at(-1)!.month, '2026-04');
    assert.equal(months.reduce((s, m) => s + m.inCents, 0), txns.reduce((s, t) => s + (t.creditCents ?? 0), 0));
    assert.equal(months.reduce((s, m) => s + m.outCents, 0), txns.reduce((s, t) => s + (t.debitCents ?? 0), 0));
  }));
  assert.deepEqual(monthlyCashFlow([], '2026-04-15'), []);
});

test('spending: debits by primary category, largest first, transfers and income left out', () => {
  const cat = (primary: string) => ({ primary }) as unknown as Categorized;
  const t = (debit: number | null, credit: number | null): ChartTransaction => ({ date: '2026-01-01', seq: 0, debitCents: debit, creditCents: credit, balanceCents: null });
  const out = spendingByCategory([t(500, null), t(200, null), t(900, null), t(null, 300), t(100, null), t(50, null)], [cat('Shopping'), cat('Shopping'), cat('Food & Dining'), cat('Shopping'), cat('Transfers'), cat('Income')]);
  assert.deepEqual(out, [{ category: 'Food & Dining', cents: 900, count: 1 }, { category: 'Shopping', cents: 700, count: 2 }]);
});

test('cursors: read back as written; anything else a 400 OperatorFailure', () => {
  fc.assert(fc.property(fc.tuple(fc.string(), fc.integer(), fc.string()), (key) => {
    assert.deepEqual(decodeCursor(encodeCursor(key), ['string', 'number', 'string']), key);
  }));
  fc.assert(fc.property(fc.string({ maxLength: 60 }), (raw) => {
    try {
      const key = decodeCursor(raw, ['string', 'number']);
      assert.ok(key === null || (typeof key[0] === 'string' && typeof key[1] === 'number'));
    } catch (err) {
      assert.ok(err instanceof OperatorFailure && err.status === 400 && err.code === 'invalid_request');
    }
  }));
  assert.equal(decodeCursor(undefined, ['string']), null);
  assert.deepEqual(pageOf([1, 2, 3], 2, (n) => [n]), { items: [1, 2], nextCursor: encodeCursor([2]) });
  assert.deepEqual(pageOf([1, 2], 2, (n) => [n]), { items: [1, 2], nextCursor: null });
});
