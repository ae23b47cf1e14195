/**
 * Statement files as banks really write them (docs/import.md, "Quirks of real files"): each fixture in
 * test/fixtures/statements/quirks/ reproduces one quirk users of other parsers reported (the source
 * issue is beside each case), written by us with made-up accounts. Each imports, through the same entry
 * point as the Upload API and the CLI, with the right number of transactions, signed total and warnings.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseStatements } from '../../../src/upload/parsers/index.ts';
import { fixture } from './fixtures.ts';

interface Case {
  file: string;
  source: string;
  format: string;
  count: number;
  /** Sum of the signed amounts, in cents. */
  total: number;
  /** Each warning expected (a pattern per warning, in order); [] when the file has nothing to say. */
  warnings: RegExp[];
  /** Anything else this quirk must get right. */
  check?: (s: Awaited<ReturnType<typeof parseStatements>>[number]) => void;
}

const CASES: Case[] = [
  {
    file: 'mt940-blank-entry-date.sta', source: 'https://github.com/wolph/mt940/pull/108', format: 'mt940', count: 3, total: -21239 + 150000 - 4510,
    warnings: [/^:61: entry date is blank: the value date is the date$/],
    check: (s) => {
      assert.deepEqual(s.transactions.map((t) => t.date), ['2024-03-12', '2024-03-12', '2024-03-13']);
      assert.equal(s.warnings![0]!.line, 6);
      assert.equal(s.warnings![0]!.count, 2);
      assert.equal(s.balances.opening!.amountCents + s.transactions.reduce((n, t) => n + t.amountCents, 0), s.balances.closing!.amountCents);
    },
  },
  { file: 'mt940-bank-header-lines.sta', source: 'https://github.com/a-fas/mt940js/issues/22', format: 'mt940', count: 2, total: 2500 - 1050, warnings: [] },
  {
    file: 'mt942-expected-entries.sta', source: 'https://github.com/railslove/cmxl/issues/59 and https://github.com/wolph/mt940/issues/31', format: 'mt942', count: 3, total: 14000 - 50000 + 2000, warnings: [],
    check: (s) => assert.equal(s.account.currency, 'GBP'),
  },
  {
    file: 'mt940-86-after-closing.sta', source: 'https://github.com/wolph/mt940/issues/2', format: 'mt940', count: 2, total: -25000 + 8025, warnings: [],
    check: (s) => assert.deepEqual(s.transactions.map((t) => t.description), ['K. DE VRIES Rent February', 'S. JANSEN Concert tickets']),
  },
  {
    file: 'ofx-empty-elements.ofx', source: 'https://github.com/jseutter/ofxparse/issues/81 and https://github.com/jseutter/ofxparse/pull/38', format: 'ofx', count: 4, total: -6420 - 30000 + 215000 - 6420,
    warnings: [/^<BRANCHID> is empty/, /^<ACCTTYPE> is empty/, /^<FITID> is empty: the transaction's id is computed/, /^<NAME> is empty/, /^<REFNUM> is empty/, /^<BALAMT> is empty: the closing balance is unknown$/, /^no currency \(CURDEF empty or absent\): CAD is assumed$/],
    check: (s) => {
      assert.equal(s.account.currency, 'CAD');
      assert.equal(s.balances.closing, undefined);
      assert.equal(new Set(s.transactions.map((t) => t.id)).size, 4);
      assert.equal(s.transactions.find((t) => t.code === 'CHECK')!.description, 'CHECK 000512');
      assert.equal(s.warnings!.find((w) => w.message.startsWith('<FITID>'))!.count, 3);
    },
  },
  {
    file: 'ofx-self-closing-empty.ofx', source: 'https://github.com/jseutter/ofxparse/issues/81', format: 'ofx', count: 2, total: 317 - 20000,
    warnings: [/^<BRANCHID> is empty/, /^<MEMO> is empty/, /^<FITID> is empty/],
    check: (s) => {
      assert.equal(s.account.institution, '0010');
      assert.equal(s.balances.closing!.amountCents, 410317);
    },
  },
  { file: 'ofx-leading-blank-lines.ofx', source: 'https://github.com/jseutter/ofxparse/pull/161', format: 'ofx', count: 2, total: -1875 + 60000, warnings: [] },
  {
    file: 'ofx-card-no-transactions.qfx', source: 'https://github.com/Fabiopf02/ofx-data-extractor/pull/31', format: 'ofx', count: 0, total: 0, warnings: [],
    check: (s) => assert.equal(s.account.kind, 'creditCard'),
  },
  {
    file: 'ofx-balamt-none.ofx', source: 'https://github.com/csingley/ofxtools/issues/2', format: 'ofx', count: 2, total: -4200 + 7500,
    warnings: [/^ledger balance \(LEDGERBAL\/BALAMT\) "None" is not a number: the closing balance is unknown$/],
  },
  {
    file: 'ofx-values-on-next-line.ofx', source: 'https://github.com/actualbudget/actual/issues/4883, https://github.com/Fabiopf02/ofx-data-extractor/issues/24 and https://github.com/stoicflame/ofx4j/issues/77', format: 'ofx', count: 2, total: 69325 - 9325, warnings: [],
    check: (s) => {
      assert.deepEqual(s.period, { start: '2023-12-01', end: '2023-12-31' });
      assert.deepEqual(s.transactions.map((t) => t.code), ['CREDIT', 'OUT']);
    },
  },
  { file: 'camt053-self-closing-purp.xml', source: 'https://github.com/firefly-iii/firefly-iii/issues/11324', format: 'camt053', count: 1, total: -6395, warnings: [] },
  {
    file: 'camt053-booking-datetime.xml', source: 'https://github.com/actualbudget/actual/pull/3086 and https://github.com/OCA/bank-statement-import/issues/885', format: 'camt053', count: 2, total: -1240 + 90000, warnings: [],
    check: (s) => assert.deepEqual(s.transactions.map((t) => t.date), ['2025-12-01', '2025-12-02']),
  },
  {
    file: 'camt053-no-entries.xml', source: 'https://github.com/OCA/bank-statement-import/pull/151', format: 'camt053', count: 0, total: 0, warnings: [],
    check: (s) => assert.equal(s.balances.closing!.amountCents, 120000),
  },
  {
    file: 'camt053-no-account-currency.xml', source: 'https://github.com/OCA/bank-statement-import/issues/387', format: 'camt053', count: 1, total: 31000,
    warnings: [/^an entry \(Ntry\) without an amount \(Amt\) is skipped$/],
    check: (s) => assert.equal(s.account.currency, 'CHF'),
  },
  {
    file: 'csv-opening-balance-row.csv', source: 'issue 15 (a bank CSV with an opening-balance row)', format: 'csv', count: 3, total: 210000 - 14218 - 6000,
    warnings: [/^a row with a balance and no amount \("Opening balance"\) is read as a balance/, /^a row with a balance and no amount \("Closing balance"\)/],
    check: (s) => {
      assert.deepEqual(s.balances.opening, { amountCents: 125000, date: '2024-05-01' });
      assert.deepEqual(s.balances.closing, { amountCents: 314782, date: '2024-05-09' });
    },
  },
  {
    file: 'csv-opening-balance-amount-column.csv', source: 'issue 15 (an opening-balance row in a single amount column)', format: 'csv', count: 3, total: -780 + 245000 - 110000,
    warnings: [/^a row with a balance and no amount \("Saldo vortrag"\)/],
    check: (s) => assert.deepEqual(s.balances.opening, { amountCents: 51240, date: '2024-06-13' }),
  },
  { file: 'csv-bom-header.csv', source: 'https://github.com/herrerad85/tallybook/issues/184', format: 'csv', count: 2, total: -475 + 1200, warnings: [] },
];

for (const c of CASES) {
  test(`${c.file}: ${c.count} transactions, total ${(c.total / 100).toFixed(2)} (${c.source})`, async () => {
    const statements = await parseStatements(fixture(`quirks/${c.file}`), { filename: c.file });
    assert.equal(statements.length, 1);
    const s = statements[0]!;
    assert.equal(s.format, c.format);
    assert.equal(s.transactions.length, c.count);
    assert.equal(s.transactions.reduce((n, t) => n + t.amountCents, 0), c.total);
    const warnings = s.warnings ?? [];
    assert.equal(warnings.length, c.warnings.length, JSON.stringify(warnings));
    c.warnings.forEach((re, i) => assert.match(warnings[i]!.message, re));
    for (const w of warnings) assert.ok(w.line && w.line > 0, `${w.message}: a line`);
    c.check?.(s);
  });
}

test('every quirk fixture is listed in docs/import.md with its source', async () => {
  const { readFileSync, readdirSync } = await import('node:fs');
  const doc = readFileSync(new URL('../../../docs/import.md', import.meta.url), 'utf8');
  const files = readdirSync(new URL('../../fixtures/statements/quirks/', import.meta.url));
  assert.deepEqual(files.sort(), CASES.map((c) => c.file).sort());
  for (const c of CASES) {
    assert.ok(doc.includes(c.file), `docs/import.md lists ${c.file}`);
    for (const url of c.source.match(/https:\/\/[^\s,]+/g) ?? []) assert.ok(doc.includes(url), `docs/import.md cites ${url}`);
  }
});
