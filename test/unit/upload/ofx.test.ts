import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { OfxParser, parseOfx } from '../../../src/upload/parsers/ofx.ts';
import { UTF8_SOURCE } from '../../../src/upload/parsers/drive.ts';
import { assertOnlyPositionedErrors, fixture, mutated, parseError, randomBytes } from './fixtures.ts';

const FEE = 'Frais mensuels – forfait d’opérations';

test('version 1 SGML with unclosed tags, windows-1252: accents, entities, cheque number, closing balance, period', () => {
  const [s] = parseOfx(fixture('ofx/v1-sgml-1252.ofx'));
  assert.equal(s!.format, 'ofx');
  assert.deepEqual(s!.account, { number: '0412345', kind: 'chequing', currency: 'CAD', institution: 'Caisse Populaire de Montréal', transit: '30012' });
  assert.deepEqual(s!.balances, { closing: { amountCents: 179938, date: '2024-01-31' } });
  assert.deepEqual(s!.period, { start: '2024-01-01', end: '2024-01-31' });
  assert.deepEqual(
    s!.transactions.map((t) => [t.id, t.date, t.amountCents, t.description, t.reference ?? null, t.code]),
    [
      ['2024010301', '2024-01-03', -4567, 'Épicerie Côté & Fils Achat au comptoir', null, 'DEBIT'],
      ['2024011501', '2024-01-15', 215000, 'Dépôt direct - Employeur', null, 'CREDIT'],
      ['2024012001', '2024-01-20', -30000, 'Chèque n° 117', '117', 'CHECK'],
      ['2024013101', '2024-01-31', -495, FEE, null, 'SRVCHG'],
    ],
  );
});

test('a header declaring windows-1252 over UTF-8 bytes, and ISO-8859-1, read to the same text', () => {
  const reference = parseOfx(fixture('ofx/v1-sgml-1252.ofx'));
  assert.deepEqual(parseOfx(fixture('ofx/v1-declared-1252-but-utf8.ofx')), reference);
  const latin1 = parseOfx(fixture('ofx/v1-latin1.ofx'))[0]!;
  assert.equal(latin1.transactions[0]!.description, 'Épicerie Côté & Fils Achat au comptoir');
  assert.equal(latin1.transactions[3]!.description, 'Frais mensuels');
});

test('version 2 XML: closed tags, PAYEE name with MEMO, entities, emoji, newest-first order sorted', () => {
  const [s] = parseOfx(fixture('ofx/v2-xml.ofx'));
  assert.equal(s!.account.kind, 'savings');
  assert.deepEqual(
    s!.transactions.map((t) => [t.date, t.amountCents, t.description]),
    [
      ['2024-02-05', -50000, 'Transfer to chequing Online transfer ref 88213'],
      ['2024-02-12', 125000, 'Deposit 😀 café'],
      ['2024-02-29', 321, 'Interest & bonus'],
    ],
  );
  assert.deepEqual(s!.balances.closing, { amountCents: 1075321, date: '2024-02-29' });
});

test('a file without any line break, header fields run together: a credit-card statement', () => {
  const [s] = parseOfx(fixture('ofx/no-newlines.ofx'));
  assert.equal(s!.account.kind, 'creditCard');
  assert.equal(s!.account.number, '4510XXXXXXXX1234');
  assert.deepEqual(s!.transactions.map((t) => t.amountCents), [-8999, 25000, -1250]);
  assert.deepEqual(s!.balances.closing, { amountCents: -137745, date: '2024-01-05' });
});

test('several accounts per file (QFX): two bank statements and a card; repeated FITIDs get digests and stay as reference', () => {
  const list = parseOfx(fixture('ofx/multi-account.qfx'));
  assert.deepEqual(list.map((s) => [s.account.number, s.account.kind, s.account.currency, s.account.institution]), [
    ['100-200', 'chequing', 'CAD', 'Prairie Credit Union'],
    ['100-300', 'savings', 'USD', 'Prairie Credit Union'],
    ['5191000011112222', 'creditCard', 'CAD', 'Prairie Credit Union'],
  ]);
  // Listed newest first in the file: in date order here.
  assert.deepEqual(list[0]!.transactions.map((t) => t.id), ['C-1', 'C-2', 'C-3']);
  const [a, b] = list[1]!.transactions;
  assert.notEqual(a!.id, b!.id);
  assert.match(a!.id, /^h[0-9a-f]{16}$/);
  assert.equal(a!.reference, 'DUP');
  assert.deepEqual(parseOfx(fixture('ofx/multi-account.qfx')), list, 'the same file gives the same ids');
});

test('sign-on refused: a clear error naming the OFX status, the message and where', async () => {
  const err = await parseError(() => parseOfx(fixture('ofx/signon-error.ofx')));
  assert.match(err.message, /refused the sign-on: OFX status 15500 \(Signon invalid\): Your user ID or password is incorrect/);
  assert.equal(err.position.line, 21);
  assert.ok(err.position.offset > 0);
});

test('a statement request answered with an error status', async () => {
  const err = await parseError(() => parseOfx(fixture('ofx/statement-error.ofx')));
  assert.match(err.message, /OFX status 2003 \(Account not found\): Account 999 not found/);
});

test('a truncated file is an error at its end, not a shorter statement', async () => {
  const bytes = fixture('ofx/truncated.ofx');
  const err = await parseError(() => parseOfx(bytes));
  assert.match(err.message, /truncated/);
  assert.equal(err.position.offset, bytes.length);
});

test('positions count bytes in the file\'s encoding: a UTF-8 file with accents, truncated, ends at its last byte', async () => {
  const text = new TextDecoder().decode(fixture('ofx/truncated.ofx')).replace('ENCODING:USASCII', 'ENCODING:UTF-8').replace('CHARSET:1252', 'CHARSET:NONE').replaceAll('GAS BAR', 'Dépôt café Hôtel-Dieu');
  const bytes = new TextEncoder().encode(text);
  assert.ok(bytes.length > text.length, 'the accents take two bytes each');
  const err = await parseError(() => parseOfx(bytes));
  assert.match(err.message, /truncated/);
  assert.equal(err.position.offset, bytes.length);
});

test('investment-only files and non-OFX files say so', async () => {
  assert.match((await parseError(() => parseOfx(fixture('ofx/investment-only.ofx')))).message, /investment statements/);
  assert.match((await parseError(() => parseOfx(new TextEncoder().encode('hello, world')))).message, /not an OFX document/);
});

test('amounts written without signs are signed by their DEBIT/FEE type; a decimal comma is read', () => {
  const [s] = parseOfx(fixture('ofx/unsigned-amounts.ofx'));
  assert.deepEqual(s!.transactions.map((t) => t.amountCents), [-1200, 4050, -150]);
});

test('a bad amount or date names the problem and its line; a transaction without a date is skipped with a warning', async () => {
  const text = (body: string) => new TextEncoder().encode(`<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>CAD<BANKACCTFROM><ACCTID>1</BANKACCTFROM><BANKTRANLIST>\n${body}\n</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>`);
  // Without any date the transaction is unknown: skipped, and said with its line.
  const [noDate] = parseOfx(text('<STMTTRN><TRNAMT>1.00<FITID>1</STMTTRN>'));
  assert.equal(noDate!.transactions.length, 0);
  assert.deepEqual(noDate!.warnings?.[0], { message: 'a transaction without a date (DTPOSTED empty or absent) is skipped', line: 2, count: 1 });
  const badAmount = await parseError(() => parseOfx(text('<STMTTRN><DTPOSTED>20240101<TRNAMT>12abc<FITID>1</STMTTRN>')));
  assert.match(badAmount.message, /"12abc" is not a number/);
  const badDate = await parseError(() => parseOfx(text('<STMTTRN><DTPOSTED>20241301<TRNAMT>1<FITID>1</STMTTRN>')));
  assert.match(badDate.message, /"20241301" is not a valid OFX date/);
});

test('a forgotten </STMTTRN> does not lose the transaction', () => {
  const bytes = new TextEncoder().encode(
    '<OFX><BANKMSGSRSV1><STMTTRNRS><STMTRS><CURDEF>CAD<BANKACCTFROM><ACCTID>9</BANKACCTFROM><BANKTRANLIST>' +
      '<STMTTRN><DTPOSTED>20240101<TRNAMT>-1<FITID>a<NAME>ONE<STMTTRN><DTPOSTED>20240102<TRNAMT>-2<FITID>b<NAME>TWO</STMTTRN>' +
      '</BANKTRANLIST></STMTRS></STMTTRNRS></BANKMSGSRSV1></OFX>',
  );
  assert.deepEqual(parseOfx(bytes)[0]!.transactions.map((t) => [t.id, t.description]), [['a', 'ONE'], ['b', 'TWO']]);
});

test('streaming: the result does not depend on where the text is cut', () => {
  const text = new TextDecoder().decode(fixture('ofx/multi-account.qfx'));
  const whole = parseOfx(fixture('ofx/multi-account.qfx'));
  fc.assert(
    fc.property(fc.array(fc.nat({ max: text.length }), { maxLength: 12 }), (cuts) => {
      const points = [...new Set(cuts)].sort((a, b) => a - b);
      const parser = new OfxParser(UTF8_SOURCE);
      let from = 0;
      for (const p of points) {
        parser.write(text.slice(from, p));
        from = p;
      }
      parser.write(text.slice(from));
      assert.deepEqual(parser.end(), whole);
    }),
    { numRuns: 100 },
  );
});

test('property: random bytes never crash the OFX parser', () => {
  assertOnlyPositionedErrors(parseOfx, randomBytes);
});

test('property: mutated OFX files never crash the parser', () => {
  for (const name of ['ofx/v1-sgml-1252.ofx', 'ofx/v2-xml.ofx', 'ofx/multi-account.qfx', 'ofx/no-newlines.ofx']) {
    assertOnlyPositionedErrors(parseOfx, mutated(fixture(name)), 150);
  }
});
