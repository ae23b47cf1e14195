import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';
import type { StatementInput } from '../../../src/connect/statements/pdf.ts';
import { renderStatementPdf, statementPeriods, statementUniqueId } from '../../../src/connect/statements/pdf.ts';
import { formatAmount, formatLongDate, maskAccountNumber, toWinAnsi } from '../../../src/connect/statements/format.ts';

// ---------------------------------------------------------------- a tiny reader of pdfkit's text layer

interface Run {
  x: number;
  y: number;
  text: string;
}

/** Text runs of each content stream (one stream per page), decoded from WinAnsi hex strings. */
function readPages(pdf: Buffer): Run[][] {
  const raw = pdf.toString('latin1');
  const pages: Run[][] = [];
  const re = /stream\n/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(raw))) {
    const start = m.index + m[0].length;
    const end = raw.indexOf('\nendstream', start);
    let content: string;
    try {
      content = inflateSync(pdf.subarray(start, end)).toString('latin1');
    } catch {
      continue;
    }
    const runs: Run[] = [];
    const op = /1 0 0 1 ([\d.-]+) ([\d.-]+) Tm[\s\S]*?\[((?:<[0-9a-f]*>|[\s\d.-])*)\] TJ/g;
    let t: RegExpExecArray | null;
    while ((t = op.exec(content))) {
      const hex = [...t[3]!.matchAll(/<([0-9a-f]*)>/g)].map((h) => h[1]).join('');
      runs.push({ x: Number(t[1]), y: Number(t[2]), text: Buffer.from(hex, 'hex').toString('latin1') });
    }
    if (runs.length > 0) pages.push(runs);
  }
  return pages;
}

/** Lines of a page, top to bottom, each the runs at the same height joined left to right by " | ". */
function lines(runs: Run[]): string[] {
  const byY = new Map<number, Run[]>();
  for (const r of runs) {
    const key = Math.round(r.y);
    byY.set(key, [...(byY.get(key) ?? []), r]);
  }
  return [...byY.entries()]
    .sort((a, b) => b[0] - a[0])
    .map(([, rs]) => rs.sort((a, b) => a.x - b.x).map((r) => r.text).join(' | '));
}

function pageCount(pdf: Buffer): number {
  return pdf.toString('latin1').match(/\/Type \/Page(?!s)/g)?.length ?? 0;
}

// ---------------------------------------------------------------- inputs

function sample(count: number, overrides: Partial<StatementInput> = {}): StatementInput {
  const descriptions = [
    'INTERAC e-Transfer from JANE DOE',
    'POS PURCHASE METRO #123 MONTREAL QC',
    'PAYROLL DEPOSIT ACME CORP',
    'PREAUTHORIZED DEBIT HYDRO-QUEBEC ACCOUNT 123456789 ELECTRICITY BILL PAYMENT FOR THE PERIOD ENDING DECEMBER',
    'Monthly fee',
  ];
  let balance = 123456;
  const transactions: StatementInput['transactions'] = [];
  for (let i = 0; i < count; i++) {
    const credit = i % 4 === 2 ? 150000 + i : null;
    const debit = credit === null ? 1000 + i * 37 : null;
    balance += (credit ?? 0) - (debit ?? 0);
    transactions.push({
      date: `2024-01-${String(1 + Math.floor((i * 31) / Math.max(count, 1))).padStart(2, '0')}`,
      description: descriptions[i % descriptions.length]!,
      debitCents: debit,
      creditCents: credit,
      balanceCents: balance,
    });
  }
  return {
    institutionName: 'Flinks Capital',
    holderName: 'John Flinkyfoot',
    holderAddress: ['25 York Street', 'Toronto ON  M5J 2V5'],
    accountTitle: 'Chequing CAD',
    accountNumber: '1111000',
    transitNumber: '77777',
    currency: 'CAD',
    periodStart: '2024-01-01',
    periodEnd: '2024-01-31',
    openingBalanceCents: 123456,
    closingBalanceCents: balance,
    transactions,
    ...overrides,
  };
}

// ---------------------------------------------------------------- renderStatementPdf

describe('renderStatementPdf', () => {
  it('produces a PDF file', async () => {
    const pdf = await renderStatementPdf(sample(10));
    assert.ok(Buffer.isBuffer(pdf));
    assert.equal(pdf.subarray(0, 5).toString('latin1'), '%PDF-');
    assert.match(pdf.subarray(-8).toString('latin1'), /%%EOF\s*$/);
    assert.equal(pageCount(pdf), 1);
  });

  it('is deterministic: the same input gives byte-identical output, whatever the time zone', async () => {
    const input = sample(40);
    const a = await renderStatementPdf(input);
    await new Promise((r) => setTimeout(r, 20));
    const b = await renderStatementPdf(structuredClone(input));
    assert.ok(a.equals(b), 'two renders differ');
    const savedTz = process.env.TZ;
    try {
      process.env.TZ = 'Asia/Tokyo';
      const c = await renderStatementPdf(input);
      assert.ok(a.equals(c), 'render depends on the time zone');
    } finally {
      if (savedTz === undefined) delete process.env.TZ;
      else process.env.TZ = savedTz;
    }
  });

  it('dates the document from the period end and derives a fixed trailer ID', async () => {
    const raw = (await renderStatementPdf(sample(3))).toString('latin1');
    // CreationDate and ModDate (pdfkit writes Info values as indirect objects)
    assert.equal(raw.match(/\(D:20240201060000Z\)/g)?.length, 2);
    const id = /\/ID \[<([0-9a-f]{32})> <([0-9a-f]{32})>\]/.exec(raw);
    assert.ok(id, 'trailer ID missing');
    const other = (await renderStatementPdf(sample(3, { periodStart: '2024-02-01', periodEnd: '2024-02-29' }))).toString('latin1');
    assert.notEqual(/\/ID \[<([0-9a-f]{32})>/.exec(other)?.[1], id[1]);
  });

  it('differs when the content differs', async () => {
    const a = await renderStatementPdf(sample(5));
    const b = await renderStatementPdf(sample(6));
    assert.ok(!a.equals(b));
  });

  it('writes header, summary and a readable transaction table into the text layer', async () => {
    const input = sample(8);
    const pages = readPages(await renderStatementPdf(input));
    assert.equal(pages.length, 1);
    const all = pages[0]!.map((r) => r.text);
    const textLines = lines(pages[0]!);
    for (const expected of ['Flinks Capital', 'Account Statement', 'John Flinkyfoot', '25 York Street', 'Chequing CAD', '****1000', '77777', 'January 1, 2024 to January 31, 2024']) {
      assert.ok(all.includes(expected), `missing ${expected}`);
    }
    // the full account number never appears
    assert.ok(!all.some((t) => t.includes('1111000')));
    // summary
    const deposits = input.transactions.reduce((s, t) => s + (t.creditCents ?? 0), 0);
    const withdrawals = input.transactions.reduce((s, t) => s + (t.debitCents ?? 0), 0);
    for (const amount of ['1,234.56', formatAmount(deposits), formatAmount(withdrawals), formatAmount(input.closingBalanceCents)]) {
      assert.ok(all.includes(amount), `summary amount ${amount} missing`);
    }
    // column header, then one line per transaction: date | description | amount | balance
    assert.ok(textLines.includes('Date | Description | Withdrawals | Deposits | Balance'));
    assert.ok(textLines.includes('2024-01-01 | Opening balance | 1,234.56'));
    for (const t of input.transactions) {
      const amount = formatAmount((t.debitCents ?? t.creditCents)!);
      const firstLine = textLines.find((l) => l.startsWith(`${t.date} | `) && l.endsWith(` | ${amount} | ${formatAmount(t.balanceCents)}`));
      assert.ok(firstLine, `no table line for ${t.date} ${amount}`);
    }
    assert.ok(textLines.includes(`2024-01-31 | Closing balance | ${formatAmount(input.closingBalanceCents)}`));
    assert.ok(all.includes('Page 1 of 1'));
  });

  it('puts withdrawals and deposits in their own columns', async () => {
    const pages = readPages(
      await renderStatementPdf(
        sample(0, {
          transactions: [
            { date: '2024-01-05', description: 'Coffee', debitCents: 450, creditCents: null, balanceCents: 123006 },
            { date: '2024-01-06', description: 'Refund', debitCents: null, creditCents: 99999, balanceCents: 223005 },
          ],
          closingBalanceCents: 223005,
        }),
      ),
    );
    const runs = pages[0]!;
    const header = (name: string) => runs.find((r) => r.text === name)!;
    const withdrawalsX = header('Withdrawals').x;
    const depositsX = header('Deposits').x;
    // the lowest run with the amount is the table cell (the summary box shows totals too)
    const cell = (amount: string) => runs.filter((r) => r.text === amount).sort((a, b) => a.y - b.y)[0]!;
    const debit = cell('4.50');
    const credit = cell('999.99');
    // right-aligned columns: an amount starts between the start of its header's column and the next one
    assert.ok(debit.x > withdrawalsX - 80 && debit.x < depositsX - 20, `debit at ${debit.x}`);
    assert.ok(credit.x > withdrawalsX && credit.x > debit.x, `credit at ${credit.x}`);
  });

  it('wraps long descriptions over several lines', async () => {
    const long = 'PREAUTHORIZED DEBIT HYDRO-QUEBEC ACCOUNT 123456789 ELECTRICITY BILL PAYMENT FOR THE PERIOD ENDING DECEMBER';
    const pages = readPages(
      await renderStatementPdf(
        sample(0, {
          transactions: [{ date: '2024-01-10', description: long, debitCents: 12345, creditCents: null, balanceCents: 111111 }],
          closingBalanceCents: 111111,
        }),
      ),
    );
    const start = pages[0]!.findIndex((r) => r.text.startsWith('PREAUTHORIZED'));
    assert.ok(start >= 0);
    const descX = pages[0]![start]!.x;
    const pieces: string[] = [];
    for (const r of pages[0]!.slice(start)) if (r.x === descX && !/^\d{4}-/.test(r.text)) pieces.push(r.text);
    const wrapped = pieces.slice(0, pieces.findIndex((p) => p === 'Closing balance'));
    assert.ok(wrapped.length >= 2, `expected a wrapped description, got ${JSON.stringify(wrapped)}`);
    assert.equal(wrapped.join(' ').replace(/\s+/g, ' '), long);
  });

  it('paginates 300 transactions with repeated column headers and "Page n of m"', async () => {
    const input = sample(300);
    const pdf = await renderStatementPdf(input);
    const pages = readPages(pdf);
    const n = pageCount(pdf);
    assert.ok(n >= 5, `only ${n} pages`);
    assert.equal(pages.length, n);
    pages.forEach((runs, i) => {
      const texts = runs.map((r) => r.text);
      assert.ok(texts.includes(`Page ${i + 1} of ${n}`), `page ${i + 1} has no page number`);
      assert.ok(lines(runs).includes('Date | Description | Withdrawals | Deposits | Balance'), `page ${i + 1} has no column header`);
      for (const r of runs) assert.ok(r.y > 40 && r.y < 792 - 40, `text outside the page margins on page ${i + 1}`);
    });
    // every balance is there once, in order, across pages
    const balances = pages.flatMap((runs) => runs.map((r) => r.text)).filter((t) => /^-?[\d,]+\.\d\d$/.test(t));
    let cursor = 0;
    for (const t of input.transactions) {
      const at = balances.indexOf(formatAmount(t.balanceCents), cursor);
      assert.ok(at >= 0, `balance ${formatAmount(t.balanceCents)} missing or out of order`);
      cursor = at + 1;
    }
    assert.ok(lines(pages.at(-1)!).includes(`2024-01-31 | Closing balance | ${formatAmount(input.closingBalanceCents)}`));
  });

  it('uses French labels when asked', async () => {
    const pdf = await renderStatementPdf(sample(300, { language: 'fr' }));
    const pages = readPages(pdf);
    const first = pages[0]!.map((r) => r.text);
    for (const label of ['Relevé de compte', 'du 1er janvier 2024 au 31 janvier 2024', "Solde d'ouverture", 'Total des dépôts', 'Total des retraits', 'Solde de clôture', 'Titulaire du compte'.toUpperCase()]) {
      assert.ok(first.includes(label), `missing ${label}`);
    }
    assert.ok(lines(pages[0]!).includes('Date | Description | Retraits | Dépôts | Solde'));
    assert.ok(first.includes(`Page 1 de ${pages.length}`));
    // amounts keep the parser-friendly format in French
    assert.ok(first.includes('1,234.56'));
    assert.ok(!first.includes('Account Statement'));
  });

  it('renders an empty period', async () => {
    const pages = readPages(await renderStatementPdf(sample(0, { closingBalanceCents: 123456 })));
    const textLines = lines(pages[0]!);
    assert.ok(textLines.includes('No transactions this period'));
    assert.ok(textLines.includes('2024-01-31 | Closing balance | 1,234.56'));
    assert.ok(pages[0]!.some((r) => r.text === '0.00'));
  });

  it('prints text outside the standard fonts encoding without garbage', async () => {
    const pages = readPages(
      await renderStatementPdf(
        sample(0, {
          holderName: 'Łucja Brzęczyszczykiewicz',
          transactions: [{ date: '2024-01-02', description: 'Café ☕ 東京 – “ok”', debitCents: 500, creditCents: null, balanceCents: 122956 }],
          closingBalanceCents: 122956,
        }),
      ),
    );
    const texts = pages[0]!.map((r) => r.text);
    assert.ok(texts.includes('Lucja Brzeczyszczykiewicz'));
    assert.ok(texts.includes('Café ? ?? \x96 \x93ok\x94'), JSON.stringify(texts.find((t) => t.startsWith('Caf'))));
  });

  it('rejects invalid input', async () => {
    await assert.rejects(renderStatementPdf(sample(1, { periodEnd: '2024-01-32' })), RangeError);
    await assert.rejects(renderStatementPdf(sample(1, { periodStart: '2024-02-01', periodEnd: '2024-01-31' })), RangeError);
    await assert.rejects(renderStatementPdf(sample(1, { openingBalanceCents: 12.5 })), TypeError);
    const bad = sample(1);
    bad.transactions[0]!.date = '01/05/2024';
    await assert.rejects(renderStatementPdf(bad), RangeError);
  });
});

// ---------------------------------------------------------------- statementPeriods

describe('statementPeriods', () => {
  it('lists calendar months, most recent first, ending with the last complete month', () => {
    assert.deepEqual(statementPeriods('2024-03-15', 3), [
      { start: '2024-02-01', end: '2024-02-29' },
      { start: '2024-01-01', end: '2024-01-31' },
      { start: '2023-12-01', end: '2023-12-31' },
    ]);
  });

  it('treats the month containing endDate as incomplete, even on its last day', () => {
    assert.deepEqual(statementPeriods('2024-03-31', 1), [{ start: '2024-02-01', end: '2024-02-29' }]);
    assert.deepEqual(statementPeriods('2024-04-01', 1), [{ start: '2024-03-01', end: '2024-03-31' }]);
    assert.deepEqual(statementPeriods('2024-04-30', 1), [{ start: '2024-03-01', end: '2024-03-31' }]);
  });

  it('crosses year boundaries and knows month lengths', () => {
    assert.deepEqual(statementPeriods('2024-01-01', 2), [
      { start: '2023-12-01', end: '2023-12-31' },
      { start: '2023-11-01', end: '2023-11-30' },
    ]);
    assert.deepEqual(statementPeriods('2023-03-10', 1), [{ start: '2023-02-01', end: '2023-02-28' }]);
    assert.deepEqual(statementPeriods('2000-03-01', 1), [{ start: '2000-02-01', end: '2000-02-29' }]);
    assert.deepEqual(statementPeriods('1900-03-01', 1), [{ start: '1900-02-01', end: '1900-02-28' }]);
    const year = statementPeriods('2025-01-15', 12);
    assert.equal(year.length, 12);
    assert.deepEqual(year[0], { start: '2024-12-01', end: '2024-12-31' });
    assert.deepEqual(year[11], { start: '2024-01-01', end: '2024-01-31' });
    for (let i = 1; i < year.length; i++) assert.ok(year[i]!.end < year[i - 1]!.start);
    const long = statementPeriods('2024-06-10', 30);
    assert.deepEqual(long.at(-1), { start: '2021-12-01', end: '2021-12-31' });
  });

  it('handles count 0 and rejects bad arguments', () => {
    assert.deepEqual(statementPeriods('2024-03-15', 0), []);
    assert.throws(() => statementPeriods('2024-03-15', -1), RangeError);
    assert.throws(() => statementPeriods('2024-03-15', 1.5), RangeError);
    assert.throws(() => statementPeriods('2024-02-30', 1), RangeError);
    assert.throws(() => statementPeriods('15/03/2024', 1), RangeError);
  });
});

// ---------------------------------------------------------------- statementUniqueId and helpers

describe('statementUniqueId', () => {
  it('is 32 uppercase hex characters, deterministic', () => {
    const id = statementUniqueId(['customer', 'login', '1111000', '2024-01-01']);
    assert.match(id, /^[0-9A-F]{32}$/);
    assert.equal(statementUniqueId(['customer', 'login', '1111000', '2024-01-01']), id);
  });

  it('changes with any part and with the split between parts', () => {
    const base = statementUniqueId(['a', 'b']);
    assert.notEqual(statementUniqueId(['a', 'c']), base);
    assert.notEqual(statementUniqueId(['b', 'a']), base);
    assert.notEqual(statementUniqueId(['a|b']), statementUniqueId(['a', 'b']));
    assert.notEqual(statementUniqueId(['ab']), statementUniqueId(['a', 'b']));
    assert.match(statementUniqueId([]), /^[0-9A-F]{32}$/);
  });
});

describe('statement formatting helpers', () => {
  it('formats cents as 1,234.56', () => {
    assert.equal(formatAmount(0), '0.00');
    assert.equal(formatAmount(5), '0.05');
    assert.equal(formatAmount(-5), '-0.05');
    assert.equal(formatAmount(100), '1.00');
    assert.equal(formatAmount(99999), '999.99');
    assert.equal(formatAmount(100000), '1,000.00');
    assert.equal(formatAmount(123456789), '1,234,567.89');
    assert.equal(formatAmount(-100000000000), '-1,000,000,000.00');
    assert.throws(() => formatAmount(1.5), TypeError);
  });

  it('formats long dates in both languages', () => {
    assert.equal(formatLongDate('2024-01-01', 'en'), 'January 1, 2024');
    assert.equal(formatLongDate('2024-01-01', 'fr'), '1er janvier 2024');
    assert.equal(formatLongDate('2024-08-15', 'fr'), '15 août 2024');
  });

  it('masks account numbers', () => {
    assert.equal(maskAccountNumber('1111000'), '****1000');
    assert.equal(maskAccountNumber('12 3456 789'), '****6789');
    assert.equal(maskAccountNumber('123'), '123');
  });

  it('keeps WinAnsi text and replaces the rest', () => {
    assert.equal(toWinAnsi('Dépôt – €5 “ok”'), 'Dépôt – €5 “ok”');
    assert.equal(toWinAnsi('Łódź ő'), 'Lódz o');
    assert.equal(toWinAnsi('a\tb\nc'), 'a b c');
    assert.equal(toWinAnsi('😀東'), '??');
  });
});
