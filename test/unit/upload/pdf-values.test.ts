import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { datesInText, numericOrderOf, parseAmount, parseDate, signedCents } from '../../../src/upload/parsers/pdf-values.ts';
import { pdfDate, countRevisions } from '../../../src/upload/parsers/pdf-text.ts';
import { chain } from '../../../src/upload/parsers/pdf-table.ts';

describe('statement dates', () => {
  const cases: [string, ReturnType<typeof parseDate>][] = [
    ['2024-02-05', { year: 2024, month: 2, day: 5 }],
    ['2024/02/05', { year: 2024, month: 2, day: 5 }],
    ['Feb 5', { year: null, month: 2, day: 5 }],
    ['FEB 05, 2024', { year: 2024, month: 2, day: 5 }],
    ['5 Feb 2024', { year: 2024, month: 2, day: 5 }],
    ['February 29, 2024', { year: 2024, month: 2, day: 29 }],
    ['1er février 2024', { year: 2024, month: 2, day: 1 }],
    ['5 févr.', { year: null, month: 2, day: 5 }],
    ['05 FÉVR', { year: null, month: 2, day: 5 }],
    ['12 août', { year: null, month: 8, day: 12 }],
    ['3 déc. 2023', { year: 2023, month: 12, day: 3 }],
    ['05-feb-24', { year: 2024, month: 2, day: 5 }],
    ['Feb 29', { year: null, month: 2, day: 29 }],
  ];
  for (const [text, expected] of cases) it(`reads ${JSON.stringify(text)}`, () => assert.deepEqual(parseDate(text), expected));

  it('refuses what is not a calendar date', () => {
    for (const t of ['2023-02-29', 'Feb 30', '13/13/2024', 'PAYROLL', '12345', '1,234.56', 'Balance', 'mai tai bar', '']) assert.equal(parseDate(t), null, t);
  });

  it('decides day-first or month-first from the whole document', () => {
    assert.equal(numericOrderOf(['03/04/2024', '13/04/2024'], false), 'dmy');
    assert.equal(numericOrderOf(['03/04/2024', '04/13/2024'], false), 'mdy');
    assert.equal(numericOrderOf(['03/04/2024'], true), 'dmy');
    assert.deepEqual(parseDate('03/04/2024', 'dmy'), { year: 2024, month: 4, day: 3 });
    assert.deepEqual(parseDate('03/04/2024', 'mdy'), { year: 2024, month: 3, day: 4 });
  });

  it('finds a statement period inside a sentence', () => {
    assert.deepEqual(datesInText('Relevé du 1er février 2024 au 29 février 2024'), [{ year: 2024, month: 2, day: 1 }, { year: 2024, month: 2, day: 29 }]);
    assert.deepEqual(datesInText('Statement period: December 20, 2023 to January 19, 2024'), [{ year: 2023, month: 12, day: 20 }, { year: 2024, month: 1, day: 19 }]);
  });
});

describe('statement amounts', () => {
  const cases: [string, number][] = [
    ['1,234.56', 123456],
    ['1 234,56', 123456],
    ['1\u00a0234,56', 123456],
    ['$1,234.56', 123456],
    ['1 234,56 $', 123456],
    ['-12.34', -1234],
    ['12.34-', -1234],
    ['(12.34)', -1234],
    ['12.34 DR', -1234],
    ['12.34 CR', 1234],
    ['+0.05', 5],
    ['1234567.89', 123456789],
  ];
  for (const [text, cents] of cases) it(`reads ${JSON.stringify(text)}`, () => assert.equal(signedCents(parseAmount(text)!), cents));

  it('refuses numbers that are not amounts', () => {
    for (const t of ['16844', '2024', '12.3', '1,234.567', '1.234,56,78', '(12.34', '--5.00', 'ABC', '1,23.45', '']) assert.equal(parseAmount(t), null, t);
  });
});

describe('balance chain', () => {
  it('finds the row whose balance does not follow, once', () => {
    const r = chain(1000, [100, -50, 25], [1100, 1000, 1025], 1);
    assert.deepEqual(r.breaks, [{ index: 1, expected: 1050, printed: 1000 }]);
  });
  it('follows money owed the other way', () => {
    assert.deepEqual(chain(5000, [-200, 1000], [5200, 4200], -1).breaks, []);
  });
  it('derives the opening balance from the first printed balance', () => {
    assert.equal(chain(undefined, [-200, 1000], [800, 1800], 1).opening, 1000);
  });
});

describe('PDF metadata', () => {
  it('reads PDF dates with time zones', () => {
    assert.equal(pdfDate('D:20240301060000Z'), '2024-03-01T06:00:00.000Z');
    assert.equal(pdfDate("D:20240301010000-05'00'"), '2024-03-01T06:00:00.000Z');
    assert.equal(pdfDate('D:2024'), '2024-01-01T00:00:00.000Z');
    assert.equal(pdfDate('yesterday'), undefined);
  });
  it('counts saves by their %%EOF markers', () => {
    const enc = new TextEncoder();
    assert.equal(countRevisions(enc.encode('%PDF-1.4 ... %%EOF')), 1);
    assert.equal(countRevisions(enc.encode('%PDF-1.4 ... %%EOF\n... %%EOF\n')), 2);
  });
});
