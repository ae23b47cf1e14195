import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CsvParser, detectDelimiter, parseCsv, parseMoneyCell, parseDateCell } from '../../../src/upload/parsers/csv.ts';
import { UTF8_SOURCE } from '../../../src/upload/parsers/drive.ts';
import type { Statement } from '../../../src/upload/parsers/model.ts';
import { assertOnlyPositionedErrors, fixture, mutated, parseError, randomBytes } from './fixtures.ts';

const rows = (s: Statement) => s.transactions.map((t) => [t.date, t.amountCents, t.description, ...(t.balanceCents !== undefined ? [t.balanceCents] : [])]);
const csv = (text: string, options = {}) => parseCsv(new TextEncoder().encode(text), options);

test('RBC: header recognised, accounts split by number, two description columns, CAD$/USD$ columns set the currency', () => {
  const list = parseCsv(fixture('csv/rbc.csv'));
  assert.deepEqual(list.map((s) => [s.account.number, s.account.kind, s.account.currency, s.account.institution]), [
    ['01234-5678901', 'chequing', 'CAD', 'RBC Royal Bank'],
    ['4510123412341234', 'creditCard', 'CAD', 'RBC Royal Bank'],
    ['09876-5432100', 'chequing', 'USD', 'RBC Royal Bank'],
  ]);
  assert.deepEqual(rows(list[0]!), [
    ['2024-01-03', 215000, 'Payroll Deposit ACME WIDGETS INC'],
    ['2024-01-05', -8614, 'Interac purchase - 1234 GROCER "BEST" FOODS'],
    ['2024-01-13', -60000, 'Cheque - 104'],
  ]);
  assert.equal(list[0]!.transactions[2]!.id, '104', 'the cheque number is the document id');
  assert.deepEqual(rows(list[1]!), [['2024-01-04', -450, 'COFFEE SHOP TORONTO ON'], ['2024-01-20', 30000, 'PAYMENT - THANK YOU']]);
});

test('TD (no header): debit, credit and balance columns; opening and closing from the running balance', () => {
  const [s] = parseCsv(fixture('csv/td.csv'), { preset: 'td' });
  assert.equal(s!.account.institution, 'TD Canada Trust');
  assert.deepEqual(rows(s!)[0], ['2024-01-02', 215000, 'PAYROLL ACME', 315000]);
  assert.deepEqual(s!.balances, { opening: { amountCents: 100000, date: '2024-01-02' }, closing: { amountCents: 297655, date: '2024-01-15' } });
  // Detected without the preset too (only the institution is not claimed).
  const [auto] = parseCsv(fixture('csv/td.csv'));
  assert.deepEqual(auto!.transactions, s!.transactions);
  assert.equal(auto!.account.institution, undefined);
});

test('TD credit card: the balance owed (shown positive) becomes negative, so each balance is the previous plus the amount', () => {
  const [s] = parseCsv(fixture('csv/td-credit-card.csv'), { preset: 'td', account: { kind: 'creditCard' } });
  assert.equal(s!.account.kind, 'creditCard');
  assert.deepEqual(rows(s!), [
    ['2023-12-05', -4599, 'AMAZON.CA', -84599],
    ['2023-12-12', -6230, 'RESTAURANT LE BON', -90829],
    ['2023-12-20', 50000, 'PAYMENT - THANK YOU', -40829],
  ]);
});

test('BMO: banner lines before the header skipped, compact dates, card number without its quotes', () => {
  const [s] = parseCsv(fixture('csv/bmo.csv'));
  assert.equal(s!.account.number, '5191230012345678');
  assert.equal(s!.account.institution, 'BMO Bank of Montreal');
  assert.deepEqual(rows(s!), [['2024-01-02', -2340, '[CW]ATM WITHDRAWAL'], ['2024-01-03', 120000, '[DN]PAYROLL DEP'], ['2024-01-15', -999, '[DS]STREAMING SVC']]);
});

test('BMO credit card: purchases positive in the file, negative here', () => {
  const [s] = parseCsv(fixture('csv/bmo-credit-card.csv'));
  assert.equal(s!.account.kind, 'creditCard');
  assert.deepEqual(s!.transactions.map((t) => t.amountCents), [-1825, 20000, -7560]);
});

test('Scotiabank (no header, recognised by shape) joins type and description; the card export needs its preset', () => {
  const [s] = parseCsv(fixture('csv/scotiabank.csv'));
  assert.deepEqual(rows(s!), [['2024-02-01', -6500, 'Bill Payment BELL CANADA'], ['2024-02-03', 180000, 'Deposit PAYROLL ACME'], ['2024-02-13', -2510, 'POS Purchase SHOPPERS DRUG MART']]);
  const [card] = parseCsv(fixture('csv/scotiabank-credit-card.csv'), { preset: 'scotiabank-credit-card' });
  assert.equal(card!.account.kind, 'creditCard');
  assert.deepEqual(card!.transactions.map((t) => t.amountCents), [-5421, 40000, -1649]);
});

test('CIBC: debit/credit pair without header; the card export is recognised by its masked card number', () => {
  const [s] = parseCsv(fixture('csv/cibc.csv'), { preset: 'cibc' });
  assert.deepEqual(s!.transactions.map((t) => t.amountCents), [-5678, 190000, -25000]);
  const [auto] = parseCsv(fixture('csv/cibc.csv'));
  assert.deepEqual(auto!.transactions.map((t) => t.amountCents), [-5678, 190000, -25000]);
  const [card] = parseCsv(fixture('csv/cibc-credit-card.csv'));
  assert.deepEqual([card!.account.kind, card!.account.number], ['creditCard', '4500********9876']);
  assert.deepEqual(card!.transactions.map((t) => t.amountCents), [-2311, 50000, -6000]);
});

test('Desjardins: windows-1252, 14 columns, one statement per account and account type', () => {
  const list = parseCsv(fixture('csv/desjardins-1252.csv'));
  assert.deepEqual(list.map((s) => [s.account.number, s.account.kind]), [['815-0412345-EOP', 'chequing'], ['815-0412345-ES', 'savings']]);
  assert.deepEqual(rows(list[0]!)[1], ['2024-01-05', -14520, 'Paiement facture - AccèsD Internet /HYDRO-QUÉBEC', 280480]);
  assert.deepEqual(list[1]!.balances.closing, { amountCents: 50215, date: '2024-01-31' });
});

test('National Bank: French header, semicolons, decimal comma with space grouping', () => {
  const [s] = parseCsv(fixture('csv/national-bank.csv'));
  assert.equal(s!.account.institution, 'National Bank of Canada');
  assert.deepEqual(rows(s!), [
    ['2024-03-01', 200000, 'Virement reçu', 325045],
    ['2024-03-04', -8215, 'Épicerie Métro', 316830],
    ['2024-03-07', -9500, 'Prélèvement Vidéotron', 307330],
  ]);
});

test('Tangerine: chequing and credit-card exports, name and memo joined', () => {
  const [s] = parseCsv(fixture('csv/tangerine.csv'));
  assert.deepEqual(rows(s!), [
    ['2024-04-01', -120000, 'INTERAC e-Transfer To: J. DOE Rent April'],
    ['2024-04-02', 210055, 'EFT Deposit from ACME Payroll'],
    ['2024-04-30', 123, 'Interest Paid'],
  ]);
  const [card] = parseCsv(fixture('csv/tangerine-credit-card.csv'));
  assert.equal(card!.account.kind, 'creditCard');
  assert.deepEqual(card!.transactions.map((t) => t.amountCents), [-2500, 2500]);
});

test('generic: semicolons, decimal comma, day-first dates told apart by a day over 12, French header', () => {
  const [s] = parseCsv(fixture('csv/generic-semicolon-fr.csv'));
  assert.deepEqual(rows(s!), [
    ['2024-01-31', -4530, 'PAIEMENT CB CARREFOUR', 125470],
    ['2024-02-02', 210000, 'VIREMENT SALAIRE', 335470],
    ['2024-02-05', -6000, 'PRLV ASSURANCE', 329470],
  ]);
});

test('generic: tab-separated, unknown date header found by content, reference column as ids', () => {
  const [s] = parseCsv(fixture('csv/generic-tab.tsv'));
  assert.deepEqual(s!.transactions.map((t) => [t.id, t.date, t.amountCents, t.description]), [['R1', '2024-06-01', -320, 'CORNER STORE'], ['R2', '2024-06-02', 320, 'REFUND']]);
});

test('quoted fields with line breaks, commas and doubled quotes; a Total line is skipped', () => {
  const [s] = parseCsv(fixture('csv/quoted-multiline.csv'));
  assert.deepEqual(rows(s!), [['2024-07-01', -1000, 'Line one line two, with comma'], ['2024-07-02', 500, 'He said "hi"']]);
});

test('sign convention: purchases positive and payments negative is read as a card export', () => {
  const [s] = parseCsv(fixture('csv/card-convention.csv'));
  assert.deepEqual(s!.transactions.map((t) => t.amountCents), [-4000, -3550, 7550, -1200]);
  const [asIs] = parseCsv(fixture('csv/card-convention.csv'), { sign: 'inflowPositive' });
  assert.deepEqual(asIs!.transactions.map((t) => t.amountCents), [4000, 3550, -7550, 1200]);
});

test('ambiguous dates: one day over 12 decides; otherwise the order that keeps rows in date order; an explicit order wins', () => {
  const [dayFirst] = parseCsv(fixture('csv/day-first.csv'));
  assert.deepEqual(dayFirst!.transactions.map((t) => t.date), ['2024-03-05', '2024-03-06', '2024-03-07', '2024-03-13']);
  const [ordered] = csv('01/02/2024,A,-1\n01/03/2024,B,-1\n02/03/2024,C,-1\n');
  // 01/02 01/03 02/03: month-first runs Jan 2, Jan 3, Feb 3 in order; day-first would be Feb 1, Mar 1, Mar 2 as well... both ordered: default MDY.
  assert.deepEqual(ordered!.transactions.map((t) => t.date), ['2024-01-02', '2024-01-03', '2024-02-03']);
  const [unordered] = csv('01/02/2024,A,-1\n02/02/2024,B,-1\n03/02/2024,C,-1\n');
  assert.deepEqual(unordered!.transactions.map((t) => t.date), ['2024-01-02', '2024-02-02', '2024-03-02']);
  const [forced] = csv('01/02/2024,A,-1\n02/02/2024,B,-1\n', { dateOrder: 'DMY' });
  assert.deepEqual(forced!.transactions.map((t) => t.date), ['2024-02-01', '2024-02-02']);
});

test('pipes, month names, debit/credit by header names with thousands separators', () => {
  const [s] = parseCsv(fixture('csv/pipes-month-names.csv'));
  assert.deepEqual(rows(s!), [['2024-01-03', 150000, 'SALARY', 170000], ['2024-01-04', -100000, 'RENT', 70000]]);
});

test('explicit column mapping by index and by header name; a type column signs unsigned amounts', () => {
  const text = 'When,What,How much,DR/CR,Ref\n2024-05-01,Coffee,3.50,DR,x1\n2024-05-02,Refund,3.50,CR,x2\n';
  const [s] = csv(text, { columns: { date: 'When', description: 1, amount: 'How much', type: 3, reference: 'ref' }, account: { number: '42', kind: 'savings', currency: 'usd' } });
  assert.deepEqual(s!.account, { number: '42', kind: 'savings', currency: 'USD' });
  assert.deepEqual(s!.transactions.map((t) => [t.id, t.amountCents]), [['x1', -350], ['x2', 350]]);
  return parseError(() => csv(text, { columns: { date: 'Nope', amount: 2 } })).then((err) => assert.match(err.message, /no column named "Nope"/));
});

test('a continuation row (no date, no amount) extends the previous description', () => {
  const [s] = csv('Date,Description,Amount\n2024-01-01,FIRST PART,-5.00\n,SECOND PART,\n2024-01-02,OTHER,-1.00\n');
  assert.deepEqual(s!.transactions.map((t) => t.description), ['FIRST PART SECOND PART', 'OTHER']);
});

test('an unreadable date names the row, the column and the byte offset', async () => {
  const err = await parseError(() => parseCsv(fixture('csv/bad-date.csv')));
  assert.match(err.message, /line 3, column 1: "2024-13-45" is not a date/);
  assert.deepEqual(err.position, { offset: 50, line: 3, column: 1 });
  const none = await parseError(() => csv('just,words\nno,numbers\n'));
  assert.match(none.message, /could not tell which column holds the dates/);
});

test('money cells: signs, parentheses, CR/DR, currency marks, grouping', () => {
  assert.equal(parseMoneyCell('(1,234.50)', '.'), -123450);
  assert.equal(parseMoneyCell('$12.00 CR', '.'), 1200);
  assert.equal(parseMoneyCell('12.00 DR', '.'), -1200);
  assert.equal(parseMoneyCell('12.00-', '.'), -1200);
  assert.equal(parseMoneyCell('-1 234,56 $', ','), -123456);
  assert.equal(parseMoneyCell('1.234,5', ','), 123450);
  assert.equal(parseMoneyCell('', '.'), null);
  assert.ok(Number.isNaN(parseMoneyCell('abc', '.')!));
  assert.equal(parseDateCell('Jan 5, 2024', 'MDY'), '2024-01-05');
  assert.equal(parseDateCell('5 févr. 2024', 'DMY'), '2024-02-05');
  assert.equal(parseDateCell('2024-02-30', 'YMD'), null);
  assert.equal(detectDelimiter('a;b;c\n1;2,5;3\n'), ';');
});

test('streaming: the rows do not depend on where the text is cut', () => {
  // With the delimiter given, every write is tokenised at once (otherwise the first 64 KB wait for detection).
  for (const [name, delimiter] of [['csv/quoted-multiline.csv', ','], ['csv/rbc.csv', ','], ['csv/national-bank.csv', ';']] as const) {
    const text = new TextDecoder().decode(fixture(name));
    const whole = csv(text);
    fc.assert(
      fc.property(fc.array(fc.nat({ max: text.length }), { maxLength: 10 }), (cuts) => {
        const parser = new CsvParser(UTF8_SOURCE, { delimiter });
        let from = 0;
        for (const p of [...new Set(cuts)].sort((a, b) => a - b)) {
          parser.write(text.slice(from, p));
          from = p;
        }
        parser.write(text.slice(from));
        assert.deepEqual(parser.end(), whole);
      }),
      { numRuns: 60 },
    );
  }
});

test('property: random bytes never crash the CSV parser', () => {
  assertOnlyPositionedErrors(parseCsv, randomBytes);
});

test('property: mutated CSV files never crash the parser', () => {
  for (const name of ['csv/rbc.csv', 'csv/national-bank.csv', 'csv/quoted-multiline.csv', 'csv/desjardins-1252.csv']) {
    assertOnlyPositionedErrors(parseCsv, mutated(fixture(name)), 150);
  }
});
