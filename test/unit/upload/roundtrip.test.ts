/**
 * Statements generated from sandbox personas, written by our OFX, CSV, CAMT.053 and MT940 writers,
 * parse back to the same transactions to the cent (and the same ids, accounts and balances where
 * the format carries them).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { addDays, generateLogin, PERSONAS, type PersonaId } from '../../../src/sandbox/generator/index.ts';
import { parseStatements } from '../../../src/upload/parsers/index.ts';
import type { Statement } from '../../../src/upload/parsers/model.ts';
import { statementsFromLogin } from '../../support/statement-writers/from-sandbox.ts';
import { writeOfx, type OfxWriteOptions } from '../../support/statement-writers/ofx.ts';
import { writeCsv, type CsvWriteOptions } from '../../../src/upload/writers/csv.ts';
import { writeCamt053 } from '../../support/statement-writers/camt053.ts';
import { writeMt940 } from '../../support/statement-writers/mt940.ts';

function persona(persona: PersonaId, seed: string, startDate: string, days: number): Statement[] {
  return statementsFromLogin(generateLogin({ seed, persona, startDate, endDate: addDays(startDate, days - 1) }));
}

const core = (s: Statement) => s.transactions.map((t) => ({ id: t.id, date: t.date, amountCents: t.amountCents, description: t.description }));

function assertSameTransactions(back: Statement[], sent: Statement[], what: string, opts: { ids?: boolean; balances?: boolean } = {}): void {
  assert.equal(back.length, sent.length, `${what}: statements`);
  // Matched by account: a format may group them (OFX puts bank accounts before cards).
  sent.forEach((s) => {
    const b = back.find((x) => x.account.number === s.account.number);
    assert.ok(b, `${what}: no statement for ${s.account.number}`);
    const strip = (list: ReturnType<typeof core>) => (opts.ids === false ? list.map(({ id: _id, ...rest }) => rest) : list);
    assert.deepEqual(strip(core(b)), strip(core(s)), `${what}: transactions of ${s.account.number}`);
    if (opts.balances) assert.deepEqual(b.transactions.map((t) => t.balanceCents), s.transactions.map((t) => t.balanceCents), `${what}: running balances`);
  });
}

test('every persona through OFX version 1 (windows-1252), version 2 (UTF-8) and a file without line breaks', async () => {
  for (const p of PERSONAS) {
    const sent = persona(p, `rt-${p}`, '2025-02-01', 75);
    for (const options of [{}, { version: 2 }, { newlines: false }, { charset: 'utf-8' }] as OfxWriteOptions[]) {
      const back = await parseStatements(writeOfx(sent, options), { filename: 'x.ofx' });
      const what = `${p} OFX ${JSON.stringify(options)}`;
      assertSameTransactions(back, sent, what);
      const byNumber = (list: Statement[]) => [...list].sort((a, b) => a.account.number.localeCompare(b.account.number)).map((s) => [s.account.number, s.account.kind, s.account.currency, s.balances.closing]);
      assert.deepEqual(byNumber(back), byNumber(sent), what);
    }
  }
});

test('every persona through CSV: signed or debit/credit columns, English or French, comma or semicolon, UTF-8 or windows-1252', async () => {
  const variants: CsvWriteOptions[] = [
    {},
    { delimiter: ';', decimal: ',', dateOrder: 'DMY', language: 'fr', grouping: ' ', charset: 'windows-1252' },
    { columns: ['account', 'date', 'description', 'debit', 'credit', 'balance', 'id'], dateOrder: 'MDY', grouping: ',' },
    { delimiter: '\t', bom: true, lineEnding: '\n' },
  ];
  for (const p of PERSONAS) {
    const sent = persona(p, `csv-${p}`, '2025-05-10', 60);
    for (const options of variants) {
      const back = await parseStatements(writeCsv(sent, options), { filename: 'export.csv' });
      assertSameTransactions(back, sent, `${p} CSV ${JSON.stringify(options)}`, { balances: true });
      assert.deepEqual(back.map((s) => s.account.number), sent.map((s) => s.account.number));
      assert.deepEqual(back.map((s) => [s.balances.opening, s.balances.closing]), sent.map((s) => [s.balances.opening, s.balances.closing]));
    }
  }
});

test('a headerless single-account CSV with debit and credit columns reads back (ids aside: none in the file)', async () => {
  const [chequing] = persona('gig', 'headerless', '2025-01-01', 90);
  const bytes = writeCsv([chequing!], { header: false, columns: ['date', 'description', 'debit', 'credit', 'balance'], dateOrder: 'MDY' });
  // The file does not say its account number: the caller does.
  const back = await parseStatements(bytes, { filename: 'td.csv', csv: { account: { number: chequing!.account.number } } });
  assertSameTransactions(back, [chequing!], 'headerless', { ids: false, balances: true });
});

test('CAMT.053 and MT940 (plain and DK-structured, one message per day) read back too', async () => {
  const sent = persona('business', 'iso', '2025-03-01', 45);
  for (const version of ['02', '05', '08']) {
    const back = await parseStatements(writeCamt053(sent, { version }));
    assertSameTransactions(back, sent, `camt.053.001.${version}`);
    assert.deepEqual(back.map((s) => s.balances), sent.map((s) => s.balances));
  }
  for (const options of [{}, { info: 'dk', split: 'day', blocks: true }] as const) {
    const back = await parseStatements(writeMt940(sent, options));
    assertSameTransactions(back, sent, `MT940 ${JSON.stringify(options)}`);
    assert.deepEqual(back.map((s) => s.balances), sent.map((s) => s.balances));
  }
});

test('property: any persona, seed and period through any writer variant parses back to the cent', async () => {
  const writer = fc.oneof(
    fc.record({ version: fc.constantFrom(1, 2), charset: fc.constantFrom('utf-8', 'windows-1252'), newlines: fc.boolean() }).map((o) => ({ kind: 'ofx' as const, o: o as OfxWriteOptions })),
    fc
      .record({
        delimiter: fc.constantFrom(',', ';', '\t', '|'),
        decimal: fc.constantFrom('.', ','),
        dateOrder: fc.constantFrom('YMD', 'MDY', 'DMY'),
        debitCredit: fc.boolean(),
        balance: fc.boolean(),
        language: fc.constantFrom('en', 'fr'),
        charset: fc.constantFrom('utf-8', 'windows-1252'),
        grouping: fc.constantFrom(undefined, ' ', "'"),
        lineEnding: fc.constantFrom('\n', '\r\n'),
      })
      .map((o) => ({ kind: 'csv' as const, o })),
  );
  await fc.assert(
    fc.asyncProperty(
      fc.constantFrom(...PERSONAS),
      fc.string({ minLength: 1, maxLength: 12 }),
      fc.integer({ min: 0, max: 900 }),
      fc.integer({ min: 31, max: 120 }),
      writer,
      async (p, seed, offset, days, w) => {
        const sent = persona(p, seed, addDays('2023-01-01', offset), days);
        let bytes: Uint8Array;
        let balances = false;
        if (w.kind === 'ofx') bytes = writeOfx(sent, w.o);
        else {
          const o = w.o;
          // With a decimal comma, a comma cannot also separate fields.
          const delimiter = o.decimal === ',' && o.delimiter === ',' ? ';' : o.delimiter;
          balances = o.balance;
          const columns = ['account', 'date', 'description', ...(o.debitCredit ? ['debit', 'credit'] : ['amount']), ...(o.balance ? ['balance'] : []), 'id'] as CsvWriteOptions['columns'];
          bytes = writeCsv(sent, { ...o, columns, dateOrder: o.dateOrder as CsvWriteOptions['dateOrder'], language: o.language as 'en' | 'fr', charset: o.charset as 'utf-8', delimiter: delimiter as ',' });
        }
        const back = await parseStatements(bytes, { filename: 'file' });
        assertSameTransactions(back, sent, `${p}/${seed} ${w.kind} ${JSON.stringify(w.o)}`, { balances });
      },
    ),
    { numRuns: 40 },
  );
});
