import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Mt940Parser, parseMt940 } from '../../../src/upload/parsers/mt940.ts';
import { UTF8_SOURCE } from '../../../src/upload/parsers/drive.ts';
import { assertOnlyPositionedErrors, fixture, mutated, parseError, randomBytes } from './fixtures.ts';

test('German DK structure in windows-1252 with SWIFT blocks: sub-fields over several lines, SEPA keywords, counterparty', () => {
  const list = parseMt940(fixture('mt940/german-dk-1252.sta'));
  assert.equal(list.length, 2, 'two daily statements');
  const [s] = list;
  assert.deepEqual(s!.account, { number: '0532013000', kind: 'chequing', currency: 'EUR', institution: '37040044' });
  assert.deepEqual(s!.balances, { opening: { amountCents: 123456, date: '2024-01-12' }, closing: { amountCents: 272206, date: '2024-01-16' } });
  const [debit, credit] = s!.transactions;
  assert.equal(debit!.id, 'BK240115-001');
  assert.equal(debit!.amountCents, -1250);
  assert.equal(debit!.description, 'Stadtwerke Müller Versorgungs GmbH Stromabschlag Januar 2024 Kundennummer 12345');
  assert.deepEqual(debit!.counterparty, { name: 'Stadtwerke Müller Versorgungs GmbH', account: 'DE02120300000000202051', institution: 'BYLADEM1001' });
  assert.equal(debit!.code, 'N005 105');
  assert.equal(debit!.details!.EREF, 'RG-4711');
  assert.equal(debit!.details!.MREF, 'M-0815');
  assert.equal(debit!.details!.CRED, 'DE98ZZZ09999999999');
  assert.equal(debit!.details!['?00'], 'LASTSCHRIFT');
  assert.equal(debit!.details!['?31'], 'DE02120300000000202051');
  assert.deepEqual([credit!.amountCents, credit!.description], [150000, 'GUTSCHRIFT'], 'only the first :86: after a :61: is its information');
  assert.deepEqual(list[1]!.transactions.map((t) => [t.amountCents, t.description]), [[-500, 'KONTOFUEHRUNG']]);
});

test('Dutch SEPA slash structure (/TRTP/ /NAME/ /REMI/ and /CNTP/), bank header lines, :25: with currency', () => {
  const [s] = parseMt940(fixture('mt940/dutch-sepa.sta'));
  assert.equal(s!.account.number, 'NL91ABNA0417164300');
  assert.deepEqual(
    s!.transactions.map((t) => [t.amountCents, t.description, t.counterparty]),
    [
      [-2500, 'J. Jansen Factuur 2024-001', { name: 'J. Jansen', account: 'NL44RABO0123456789', institution: 'RABONL2U' }],
      [10000, 'Bakkerij Smit Retour brood', { name: 'Bakkerij Smit', account: 'NL69INGB0123456789', institution: 'INGBNL2A' }],
    ],
  );
  assert.equal(s!.transactions[0]!.details!.TRTP, 'SEPA OVERBOEKING');
});

test(':61: bank variants: entry date across the year end, RC/RD, funds code, point decimals, no type code, supplementary details', () => {
  const [s] = parseMt940(fixture('mt940/variants.sta'));
  assert.deepEqual(
    s!.transactions.map((t) => [t.date, t.amountCents, t.id.startsWith('h') ? 'digest' : t.id, t.reference ?? null, t.code ?? null]),
    [
      ['2023-12-31', 725, 'BR-2', 'FREF-2', 'FNTR'],
      ['2024-01-02', 10000, 'BR-1', 'INV-1', 'N012'],
      ['2024-01-02', -100, 'BR-3', null, 'NCHG'],
      ['2024-01-02', 350, 'digest', null, null],
      ['2024-01-03', -123456, 'BR-5', 'PAYROLL 12', 'S202'],
    ],
  );
  const wrapped = s!.transactions[1]!;
  assert.equal(wrapped.valueDate, '2023-12-31');
  assert.equal(wrapped.details!.supplementary, 'supplementary text here');
  assert.equal(wrapped.description, 'Plain information that runs over more than one line because it is long enough to be wrapped by the bank at sixty-five characters');
  assert.equal(s!.transactions[4]!.description, 'Short line then a second one');
  const sum = s!.transactions.reduce((n, t) => n + t.amountCents, 0);
  assert.equal(s!.balances.opening!.amountCents + sum, s!.balances.closing!.amountCents);
});

test('a statement over two messages (62M then 60M) is one statement', () => {
  const list = parseMt940(fixture('mt940/multipage.sta'));
  assert.equal(list.length, 1);
  assert.deepEqual(list[0]!.balances, { opening: { amountCents: 10000, date: '2024-04-01' }, closing: { amountCents: 10500, date: '2024-04-02' } });
  assert.deepEqual(list[0]!.transactions.map((t) => t.id), ['P1', 'P2']);
});

test('MT942 interim report: format mt942, currency from :34F:, no balances', () => {
  const [s] = parseMt940(fixture('mt940/mt942.sta'));
  assert.equal(s!.format, 'mt942');
  assert.deepEqual(s!.account, { number: '12345678', kind: 'chequing', currency: 'GBP', institution: 'RBOSGB2L' });
  assert.deepEqual(s!.balances, {});
  assert.deepEqual(s!.transactions.map((t) => [t.amountCents, t.description]), [[-4200, 'Card payment COFFEE'], [1000, 'Refund']]);
});

test('a malformed :61: is an error at its line; a statement without :25: has an unknown account', async () => {
  const bad = await parseError(() => parseMt940(fixture('mt940/bad-61.sta')));
  assert.match(bad.message, /:61: no YYMMDD value date in "24XX01C1,00NTRFX"/);
  assert.deepEqual(bad.position, { offset: 39, line: 4, column: 5 });
  // No :25: is an unknown account, not an unreadable file.
  const [noAccount] = parseMt940(fixture('mt940/no-account.sta'));
  assert.equal(noAccount!.account.number, '');
  assert.equal(noAccount!.transactions.length, 1);
  assert.deepEqual(noAccount!.warnings?.map((w) => [w.message, w.line]), [['statement without an account (:25: blank or absent): the account number is unknown', 1]]);
  assert.match((await parseError(() => parseMt940(new TextEncoder().encode('nothing here\n')))).message, /no MT940\/MT942 statement/);
});

test('streaming: chunks of any size give the same statements', () => {
  const text = new TextDecoder().decode(fixture('mt940/dutch-sepa.sta')) + new TextDecoder().decode(fixture('mt940/variants.sta'));
  const whole = new Mt940Parser(UTF8_SOURCE);
  whole.write(text);
  const expected = whole.end();
  for (const size of [1, 2, 5, 33, 500]) {
    const parser = new Mt940Parser(UTF8_SOURCE);
    for (let i = 0; i < text.length; i += size) parser.write(text.slice(i, i + size));
    assert.deepEqual(parser.end(), expected, `chunks of ${size}`);
  }
});

test('property: random bytes never crash the MT940 parser', () => {
  assertOnlyPositionedErrors(parseMt940, randomBytes);
});

test('property: mutated MT940/MT942 files never crash the parser', () => {
  for (const name of ['mt940/german-dk-1252.sta', 'mt940/dutch-sepa.sta', 'mt940/variants.sta', 'mt940/mt942.sta']) {
    assertOnlyPositionedErrors(parseMt940, mutated(fixture(name)), 150);
  }
});
