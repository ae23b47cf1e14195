import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { cleanText, compactDate, decimalToCents, decodeEntities, formatDate } from '../../../src/upload/parsers/values.ts';
import { finishTransactions, repeatedIds } from '../../../src/upload/parsers/finish.ts';
import type { StatementTransaction } from '../../../src/upload/parsers/model.ts';

test('decimal amounts to cents: signs, separators, rounding beyond cents, nonsense', () => {
  assert.equal(decimalToCents('-1234.56'), -123456);
  assert.equal(decimalToCents('+.5'), 50);
  assert.equal(decimalToCents(' 12 '), 1200);
  assert.equal(decimalToCents('1234,5', 44), 123450);
  assert.equal(decimalToCents('1.234,56', 44, 46), 123456);
  assert.equal(decimalToCents('0.005'), 1);
  assert.equal(decimalToCents('-0.00'), 0);
  assert.ok(Object.is(decimalToCents('-0.001'), 0), 'never -0');
  for (const bad of ['', '-', '.', '1.2.3', '12a', '1e5', '9999999999999999']) assert.ok(Number.isNaN(decimalToCents(bad)), bad);
});

test('property: cents written as decimals read back exactly', () => {
  fc.assert(
    fc.property(fc.integer({ min: -1e13, max: 1e13 }), (cents) => {
      const text = `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;
      assert.equal(decimalToCents(text), cents);
    }),
  );
});

test('dates: real calendar dates only, OFX date-times with zones', () => {
  assert.equal(formatDate(2024, 2, 29), '2024-02-29');
  assert.equal(formatDate(2023, 2, 29), null);
  assert.equal(compactDate('20240115120000.000[-5:EST]'), '2024-01-15');
  assert.equal(compactDate('2024-01-15'), '2024-01-15');
  assert.equal(compactDate('2024011'), null);
  assert.equal(compactDate('20240115xyz'), null);
});

test('text: white space runs collapsed, entities decoded', () => {
  assert.equal(cleanText('  A\t B\u00a0\u00a0C  '), 'A B C');
  assert.equal(cleanText('Already clean'), 'Already clean');
  assert.equal(decodeEntities('A &amp; B &lt;3&gt; &#233;t&#xE9; &bogus; &'), 'A & B <3> été &bogus; &');
});

test('property: cleanText always equals collapsing every white-space run and trimming (its quick look never misses one)', () => {
  // Mostly clean text, so that a single flaw (two spaces, one tab, one no-break space) is often the only one.
  const char = fc.oneof(
    { weight: 12, arbitrary: fc.constantFrom('a', 'Z', 'é', '-') },
    { weight: 6, arbitrary: fc.constant(' ') },
    { weight: 1, arbitrary: fc.constantFrom('\t', '\n', '\r', '\u00a0', '\u2007', '\u202f', '\u3000', '\ufeff', '\u2028', '\u0001', '\u001f', '\u0085') },
  );
  fc.assert(
    fc.property(fc.array(char, { maxLength: 12 }).map((cs) => cs.join('')), fc.string({ unit: 'binary', maxLength: 12 }), (s, t) => {
      for (const x of [s, t, s + t]) assert.equal(cleanText(x), x.replace(/\s+/g, ' ').trim());
    }),
    { numRuns: 2000 },
  );
});

test('ids: document ids kept when unique, repeated ones replaced by stable digests kept apart from every other id', () => {
  const t = (id: string, date: string, amountCents: number, description = 'X'): StatementTransaction => ({ id, date, amountCents, description });
  assert.deepEqual([...repeatedIds([t('a', '', 0), t('b', '', 0), t('a', '', 0), t('', '', 0)])], ['a']);
  const list = finishTransactions('acct', [t('B', '2024-01-02', 1), t('A', '2024-01-01', 1), t('A', '2024-01-03', 1), t('', '2024-01-03', 5), t('', '2024-01-03', 5)]);
  assert.deepEqual(list.map((x) => x.date), ['2024-01-01', '2024-01-02', '2024-01-03', '2024-01-03', '2024-01-03']);
  assert.equal(list[1]!.id, 'B');
  assert.equal(list[0]!.reference, 'A');
  const ids = list.map((x) => x.id);
  assert.equal(new Set(ids).size, ids.length);
  const again = finishTransactions('acct', [t('B', '2024-01-02', 1), t('A', '2024-01-01', 1), t('A', '2024-01-03', 1), t('', '2024-01-03', 5), t('', '2024-01-03', 5)]);
  assert.deepEqual(again.map((x) => x.id), ids);
});

test('property: repeatedIds finds exactly the ids that occur more than once', () => {
  fc.assert(
    fc.property(fc.array(fc.string({ maxLength: 20 }), { maxLength: 300 }), (ids) => {
      const counts = new Map<string, number>();
      for (const id of ids) if (id) counts.set(id, (counts.get(id) ?? 0) + 1);
      const expected = [...counts].filter(([, c]) => c > 1).map(([id]) => id).sort();
      assert.deepEqual([...repeatedIds(ids.map((id) => ({ id })))].sort(), expected);
    }),
  );
});
