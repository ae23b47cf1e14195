import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { renderStatementPdf } from '../../../src/connect/statements/pdf.ts';
import { generateLogin, PERSONAS } from '../../../src/sandbox/generator/index.ts';
import type { PersonaId } from '../../../src/sandbox/generator/index.ts';
import { parsePdfStatement, readPdfStatements } from '../../../src/upload/parsers/pdf.ts';
import { StatementParseError, type Statement } from '../../../src/upload/parsers/model.ts';
import { money, monthOfActivity, renderFixture, withBalances, type FixtureColumn, type FixtureRow } from './pdf-fixtures.ts';
import PDFDocument from 'pdfkit';

// ------------------------------------------------------------------ sandbox statements (round trip)

interface SandboxCase {
  persona: PersonaId;
  account: number;
  language: 'en' | 'fr';
  month: [string, string];
}

/** A statement exactly as GetStatements renders it for a sandbox login, and the truth it was made from. */
async function sandboxStatement(c: SandboxCase) {
  const g = generateLogin({ seed: `upload-${c.persona}-${c.account}`, persona: c.persona, startDate: '2024-01-01', endDate: '2024-04-30' });
  const a = g.accounts[c.account]!;
  const [start, end] = c.month;
  const before = a.transactions.filter((t) => t.date < start);
  const txns = a.transactions.filter((t) => t.date >= start && t.date <= end);
  const opening = before.length > 0 ? before[before.length - 1]!.balanceCents : a.openingBalanceCents;
  const closing = txns.length > 0 ? txns[txns.length - 1]!.balanceCents : opening;
  const pdf = await renderStatementPdf({
    institutionName: 'Flinks Capital',
    holderName: g.holder.name,
    holderAddress: [g.holder.civicAddress, `${g.holder.city} ${g.holder.province} ${g.holder.postalCode}`],
    accountTitle: a.title,
    accountNumber: a.accountNumber,
    transitNumber: a.transitNumber,
    currency: 'CAD',
    periodStart: start,
    periodEnd: end,
    openingBalanceCents: opening,
    closingBalanceCents: closing,
    transactions: txns.map((t) => ({ date: t.date, description: t.description, debitCents: t.debitCents, creditCents: t.creditCents, balanceCents: t.balanceCents })),
    language: c.language,
  });
  return { pdf, g, a, txns, opening, closing };
}

describe('PDF statements rendered for sandbox logins parse back to the same transactions', () => {
  const cases: SandboxCase[] = [
    ...PERSONAS.map((persona, i): SandboxCase => ({ persona, account: i % 4, language: i % 2 === 0 ? 'en' : 'fr', month: ['2024-02-01', '2024-02-29'] })),
    { persona: 'salaried', account: 0, language: 'en', month: ['2024-03-01', '2024-03-31'] },
    { persona: 'business', account: 0, language: 'fr', month: ['2024-03-01', '2024-03-31'] },
  ];
  for (const c of cases) {
    it(`${c.persona}, account ${c.account}, ${c.language}, ${c.month[0]}`, async () => {
      const { pdf, g, a, txns, opening, closing } = await sandboxStatement(c);
      const statements = await parsePdfStatement(pdf);
      assert.equal(statements.length, 1);
      const s = statements[0]!;
      assert.equal(s.format, 'pdf');
      assert.equal(s.account.number, `****${a.accountNumber.slice(-4)}`);
      assert.equal(s.account.transit, a.transitNumber);
      assert.equal(s.account.currency, 'CAD');
      assert.equal(s.account.institution, 'Flinks Capital');
      assert.equal(s.account.holder, g.holder.name);
      assert.equal(s.account.kind, ({ Chequing: 'chequing', Savings: 'savings', CreditCard: 'creditCard', LineOfCredit: 'lineOfCredit' } as const)[a.type]);
      assert.deepEqual(s.period, { start: c.month[0], end: c.month[1] });
      // The statement prints what a card or a line of credit owes as positive; the model holds it from the holder's side.
      const holder = a.category === 'Credits' ? (b: number) => -b : (b: number) => b;
      assert.deepEqual(s.balances, { opening: { amountCents: holder(opening), date: c.month[0] }, closing: { amountCents: holder(closing), date: c.month[1] } });
      assert.deepEqual(
        s.transactions.map((t) => ({ date: t.date, amount: t.amountCents, description: t.description, balance: t.balanceCents })),
        txns.map((t) => ({ date: t.date, amount: (t.creditCents ?? 0) - (t.debitCents ?? 0), description: t.description.replace(/\s+/g, ' ').trim(), balance: holder(t.balanceCents) })),
      );
      for (let i = 1; i < s.transactions.length; i++) assert.equal(s.transactions[i]!.balanceCents, s.transactions[i - 1]!.balanceCents! + s.transactions[i]!.amountCents, 'each balance is the previous plus the amount');
      const { readings } = await readPdfStatements(pdf);
      assert.deepEqual(readings[0]!.breaks, [], 'the balance chain reconciles');
      assert.equal(readings[0]!.closingMismatchCents, null);
    });
  }

  it('gives the same transaction ids when the same file is read twice, and distinct ids within it', async () => {
    const { pdf } = await sandboxStatement({ persona: 'gig', account: 0, language: 'en', month: ['2024-02-01', '2024-02-29'] });
    const a = await parsePdfStatement(pdf);
    const b = await parsePdfStatement(new Uint8Array(pdf));
    assert.deepEqual(a.map((s) => s.transactions.map((t) => t.id)), b.map((s) => s.transactions.map((t) => t.id)));
    const ids = a[0]!.transactions.map((t) => t.id);
    assert.equal(new Set(ids).size, ids.length);
  });
});

// ------------------------------------------------------------------ other layouts

const DEBIT_CREDIT: FixtureColumn[] = [
  { title: 'Date', x: 40, width: 50, align: 'left' },
  { title: 'Transaction details', x: 95, width: 230, align: 'left' },
  { title: 'Debit', x: 330, width: 70, align: 'right' },
  { title: 'Credit', x: 405, width: 70, align: 'right' },
  { title: 'Balance', x: 480, width: 90, align: 'right' },
];

const MONTHS_EN = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const MONTHS_FR = ['janv.', 'févr.', 'mars', 'avr.', 'mai', 'juin', 'juil.', 'août', 'sept.', 'oct.', 'nov.', 'déc.'];
const shortEn = (iso: string) => `${MONTHS_EN[Number(iso.slice(5, 7)) - 1]} ${iso.slice(8)}`;
const shortFr = (iso: string) => `${Number(iso.slice(8))} ${MONTHS_FR[Number(iso.slice(5, 7)) - 1]}`;

function simplified(s: Statement) {
  return s.transactions.map((t) => ({ date: t.date, amount: t.amountCents, description: t.description, balance: t.balanceCents }));
}

describe('PDF layouts of other banks', () => {
  it('reads separate debit and credit columns, dates without a year, a balance-forward row, multi-line descriptions and several pages', async () => {
    const txns = withBalances(250_000, monthOfActivity(2024, 1, 70, 7));
    // every fifth description runs over two or three lines
    const described = txns.map((t, i) => ({ ...t, lines: i % 5 === 0 ? [t.description, `REF ${1000 + i} MONTREAL QC`, ...(i % 10 === 0 ? ['CARD 4520 **** 1234'] : [])] : [t.description] }));
    const rows: FixtureRow[] = [
      { cells: ['', 'Balance forward', '', '', money(250_000)] },
      // the date printed only on the first transaction of each day
      ...described.map((t, i) => ({ cells: [i > 0 && described[i - 1]!.date === t.date ? '' : shortEn(t.date), t.lines, t.amountCents < 0 ? money(-t.amountCents) : '', t.amountCents > 0 ? money(t.amountCents) : '', money(t.balanceCents)] })),
      { cells: ['', 'Closing balance', '', '', money(txns[txns.length - 1]!.balanceCents)] },
    ];
    const pdf = await renderFixture({
      header: [
        { text: 'Northern Trust Bank', x: 40, y: 40, size: 18, bold: true },
        { text: 'Statement period: January 1, 2024 - January 31, 2024', x: 40, y: 70 },
        { text: 'Account number', x: 40, y: 90 },
        { text: '1234-567890', x: 140, y: 90 },
        { text: 'Account type', x: 40, y: 102 },
        { text: 'Everyday Chequing', x: 140, y: 102 },
      ],
      continuation: [{ text: 'Northern Trust Bank — continued', x: 40, y: 40 }],
      columns: DEBIT_CREDIT,
      rows,
      tableTop: 140,
      continuationTableTop: 70,
      rowsPerPage: 25,
      footer: (p, n) => [{ text: `Page ${p} of ${n}`, x: 500, y: 750 }, { text: 'Northern Trust Bank, member CDIC. Keep this statement for your records.', x: 40, y: 750 }],
    });
    const [s, ...rest] = await parsePdfStatement(pdf);
    assert.equal(rest.length, 0);
    assert.equal(s!.account.number, '1234-567890');
    assert.equal(s!.account.kind, 'chequing');
    assert.equal(s!.account.institution, 'Northern Trust Bank');
    assert.deepEqual(s!.period, { start: '2024-01-01', end: '2024-01-31' });
    assert.equal(s!.balances.opening?.amountCents, 250_000);
    assert.equal(s!.balances.closing?.amountCents, txns[txns.length - 1]!.balanceCents);
    assert.deepEqual(simplified(s!), described.map((t) => ({ date: t.date, amount: t.amountCents, description: t.lines.join(' '), balance: t.balanceCents })));
    const { readings } = await readPdfStatements(pdf);
    assert.ok(readings[0]!.pages.length >= 3, 'the table ran over several pages');
    assert.deepEqual(readings[0]!.breaks, []);
  });

  it('reads French statements: month names, "1 234,56" amounts, Retraits/Dépôts/Solde, solde d’ouverture', async () => {
    const txns = withBalances(1_234_56, monthOfActivity(2024, 2, 40, 3)).map((t) => ({ ...t, description: t.description.replace('GROCERY STORE', 'ÉPICERIE DU QUARTIER') }));
    const rows: FixtureRow[] = [
      { cells: [shortFr('2024-02-01'), "Solde d'ouverture", '', '', money(1_234_56, true)] },
      ...txns.map((t) => ({ cells: [shortFr(t.date), t.description, t.amountCents < 0 ? money(-t.amountCents, true) : '', t.amountCents > 0 ? money(t.amountCents, true) : '', money(t.balanceCents, true)] })),
      { cells: [shortFr('2024-02-29'), 'Solde de clôture', '', '', money(txns[txns.length - 1]!.balanceCents, true)] },
    ];
    const pdf = await renderFixture({
      header: [
        { text: 'Caisse Populaire du Plateau', x: 40, y: 40, size: 18, bold: true },
        { text: 'Relevé de compte du 1er février 2024 au 29 février 2024', x: 40, y: 70 },
        { text: 'Numéro de compte', x: 40, y: 90 },
        { text: '815-30271-0042117', x: 160, y: 90 },
        { text: 'Compte', x: 40, y: 102 },
        { text: 'Compte d’épargne avantage', x: 160, y: 102 },
        { text: 'Devise', x: 40, y: 114 },
        { text: 'CAD', x: 160, y: 114 },
      ],
      columns: [
        { title: 'Date', x: 40, width: 50, align: 'left' },
        { title: 'Description', x: 95, width: 230, align: 'left' },
        { title: 'Retraits', x: 330, width: 70, align: 'right' },
        { title: 'Dépôts', x: 405, width: 70, align: 'right' },
        { title: 'Solde', x: 480, width: 90, align: 'right' },
      ],
      rows,
      tableTop: 140,
      rowsPerPage: 28,
    });
    const [s] = await parsePdfStatement(pdf);
    assert.equal(s!.account.kind, 'savings');
    assert.equal(s!.account.number, '815-30271-0042117');
    assert.deepEqual(s!.period, { start: '2024-02-01', end: '2024-02-29' });
    assert.equal(s!.balances.opening?.amountCents, 1_234_56);
    assert.deepEqual(simplified(s!), txns.map((t) => ({ date: t.date, amount: t.amountCents, description: t.description, balance: t.balanceCents })));
  });

  it('reads a card statement with one signed amount column, transaction and posting dates, and no balance column', async () => {
    const purchases = [
      { date: '2023-12-28', description: 'AIRLINE TICKETS', cents: 84_210 },
      { date: '2024-01-03', description: 'PAYMENT - THANK YOU', cents: -50_000 },
      { date: '2024-01-09', description: 'BOOKSTORE', cents: 3_499 },
      { date: '2024-01-15', description: 'REFUND BOOKSTORE', cents: -1_250 },
    ];
    const pdf = await renderFixture({
      header: [
        { text: 'Maple Card Services', x: 40, y: 40, size: 18, bold: true },
        { text: 'Visa Infinite', x: 40, y: 66 },
        { text: 'Statement period December 20, 2023 to January 19, 2024', x: 40, y: 80 },
        { text: 'Card number', x: 40, y: 94 },
        { text: '4520 **** **** 1234', x: 140, y: 94 },
        { text: 'Previous balance', x: 40, y: 106 },
        { text: '$1,000.00', x: 140, y: 106 },
      ],
      columns: [
        { title: 'Trans. date', x: 40, width: 55, align: 'left' },
        { title: 'Posting date', x: 100, width: 55, align: 'left' },
        { title: 'Description', x: 160, width: 250, align: 'left' },
        { title: 'Amount ($)', x: 450, width: 100, align: 'right' },
      ],
      rows: purchases.map((p) => ({ cells: [shortEn(p.date), shortEn(p.date), p.description, money(p.cents)] })),
      tableTop: 140,
    });
    const [s] = await parsePdfStatement(pdf);
    assert.equal(s!.account.kind, 'creditCard');
    // money in is positive: purchases are negative, the payment and the refund positive; the year follows the period
    assert.deepEqual(s!.transactions.map((t) => [t.date, t.amountCents, t.description]), purchases.map((p) => [p.date, -p.cents, p.description]));
    // what is owed, from the holder's side: negative, and it grows with purchases
    assert.equal(s!.balances.opening?.amountCents, -100_000);
    assert.equal(s!.balances.closing?.amountCents, -(100_000 + 84_210 - 50_000 + 3_499 - 1_250));
  });

  it('signs an unsigned amount column by the balance chain, with amounts on the last line of a long description, newest first', async () => {
    const txns = withBalances(50_000, [
      { date: '2024-03-02', description: 'PAYROLL', amountCents: 210_000 },
      { date: '2024-03-05', description: 'RENT', amountCents: -120_000 },
      { date: '2024-03-09', description: 'GROCERIES', amountCents: -8_765 },
      { date: '2024-03-12', description: 'INTEREST', amountCents: 12 },
    ]);
    const newestFirst = [...txns].reverse();
    const pdf = await renderFixture({
      header: [
        { text: 'Prairie Savings', x: 40, y: 40, size: 18, bold: true },
        { text: 'Period 2024-03-01 to 2024-03-31', x: 40, y: 70 },
        { text: 'Account No.: 00012345', x: 40, y: 84 },
      ],
      columns: [
        { title: 'Date', x: 40, width: 60, align: 'left' },
        { title: 'Description', x: 110, width: 260, align: 'left' },
        { title: 'Amount', x: 380, width: 80, align: 'right' },
        { title: 'Balance', x: 470, width: 90, align: 'right' },
      ],
      rows: newestFirst.map((t) => ({ cells: [t.date.replaceAll('-', '/'), [t.description, 'ELECTRONIC TRANSACTION'], money(Math.abs(t.amountCents)), money(t.balanceCents)], amountsOnLastLine: true })),
      tableTop: 120,
    });
    const { readings } = await readPdfStatements(pdf);
    const s = readings[0]!.statement;
    assert.equal(s.account.number, '00012345');
    assert.deepEqual(simplified(s), txns.map((t) => ({ date: t.date, amount: t.amountCents, description: `${t.description} ELECTRONIC TRANSACTION`, balance: t.balanceCents })));
    assert.equal(s.balances.opening?.amountCents, 50_000);
    assert.deepEqual(readings[0]!.breaks, []);
  });

  it('reports a broken balance chain instead of hiding it (an edited amount)', async () => {
    const txns = withBalances(100_000, monthOfActivity(2024, 4, 12, 9));
    const rows: FixtureRow[] = txns.map((t, i) => ({
      // the fifth amount was changed after printing; its balance was not
      cells: [t.date, t.description, t.amountCents < 0 ? money(-t.amountCents + (i === 4 ? 10_000 : 0)) : '', t.amountCents > 0 ? money(t.amountCents + (i === 4 ? 10_000 : 0)) : '', money(t.balanceCents)],
    }));
    const pdf = await renderFixture({ header: [{ text: 'Account number 555-1', x: 40, y: 60 }], columns: DEBIT_CREDIT, rows, tableTop: 100 });
    const { readings } = await readPdfStatements(pdf);
    assert.equal(readings[0]!.breaks.length, 1);
    assert.equal(readings[0]!.breaks[0]!.index, 4);
    assert.equal(readings[0]!.breaks[0]!.date, txns[4]!.date);
    assert.equal(readings[0]!.breaks[0]!.printedCents, txns[4]!.balanceCents);
  });

  it('cuts amounts off a description written in the same run (French numbers too)', async () => {
    const doc = new PDFDocument({ size: 'LETTER', margin: 36 });
    const chunks: Buffer[] = [];
    const done = new Promise<Buffer>((r) => doc.on('end', () => r(Buffer.concat(chunks))));
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.font('Helvetica').fontSize(9).text('Numéro de compte', 40, 60, { lineBreak: false }).text('777-1', 150, 60, { lineBreak: false });
    doc.text('du 1er mars 2024 au 31 mars 2024', 40, 72, { lineBreak: false });
    for (const col of DEBIT_CREDIT) doc.font('Helvetica-Bold').text(col.title, col.x, 100, { width: col.width, align: col.align, lineBreak: false });
    doc.font('Helvetica');
    // one text run from the description to the debit column's right edge, then the balance on its own
    doc.text('2024-03-04', 40, 114, { lineBreak: false });
    doc.text('ÉPICERIE DU QUARTIER NUMÉRO 221 MONTRÉAL QC 1 045,50', 95, 114, { width: 305, align: 'right', lineBreak: false });
    doc.text('8 954,50', 480, 114, { width: 90, align: 'right', lineBreak: false });
    doc.text('2024-03-05', 40, 128, { lineBreak: false });
    doc.text('DÉPÔT PAIE', 95, 128, { lineBreak: false });
    doc.text('2 000,00', 405, 128, { width: 70, align: 'right', lineBreak: false });
    doc.text('10 954,50', 480, 128, { width: 90, align: 'right', lineBreak: false });
    doc.end();
    const { readings } = await readPdfStatements(await done);
    const s = readings[0]!.statement;
    assert.deepEqual(s.transactions.map((t) => [t.date, t.description, t.amountCents, t.balanceCents]), [
      ['2024-03-04', 'ÉPICERIE DU QUARTIER NUMÉRO 221 MONTRÉAL QC', -104_550, 895_450],
      ['2024-03-05', 'DÉPÔT PAIE', 200_000, 1_095_450],
    ]);
    assert.deepEqual(readings[0]!.breaks, []);
  });

  it('splits a combined statement into one statement per account', async () => {
    const doc = new PDFDocument({ size: 'LETTER', margin: 36 });
    const chunks: Buffer[] = [];
    const done = new Promise<Buffer>((r) => doc.on('end', () => r(Buffer.concat(chunks))));
    doc.on('data', (c: Buffer) => chunks.push(c));
    const accounts = [
      { number: '111-222', title: 'Chequing', txns: withBalances(10_000, monthOfActivity(2024, 5, 5, 1)) },
      { number: '333-444', title: 'Savings', txns: withBalances(90_000, monthOfActivity(2024, 5, 3, 2)) },
    ];
    accounts.forEach((acc, k) => {
      if (k > 0) doc.addPage();
      doc.font('Helvetica').fontSize(9);
      doc.text('Account number', 40, 60, { lineBreak: false }).text(acc.number, 150, 60, { lineBreak: false });
      doc.text('Account', 40, 72, { lineBreak: false }).text(acc.title, 150, 72, { lineBreak: false });
      doc.text('May 1, 2024 to May 31, 2024', 40, 84, { lineBreak: false });
      let y = 110;
      for (const col of DEBIT_CREDIT) doc.font('Helvetica-Bold').text(col.title, col.x, y, { width: col.width, align: col.align, lineBreak: false });
      doc.font('Helvetica');
      for (const t of acc.txns) {
        y += 14;
        const cells = [t.date, t.description, t.amountCents < 0 ? money(-t.amountCents) : '', t.amountCents > 0 ? money(t.amountCents) : '', money(t.balanceCents)];
        cells.forEach((v, i) => v && doc.text(v, DEBIT_CREDIT[i]!.x, y, { width: DEBIT_CREDIT[i]!.width, align: DEBIT_CREDIT[i]!.align, lineBreak: false }));
      }
    });
    doc.end();
    const statements = await parsePdfStatement(await done);
    assert.deepEqual(statements.map((s) => [s.account.number, s.account.kind, s.transactions.length]), [['111-222', 'chequing', 5], ['333-444', 'savings', 3]]);
  });
});

// ------------------------------------------------------------------ what cannot be read

describe('PDFs that cannot be read are refused with a clear error', () => {
  const refused = async (bytes: Uint8Array, pattern: RegExp) => {
    await assert.rejects(parsePdfStatement(bytes), (err: unknown) => {
      assert.ok(err instanceof StatementParseError, `a StatementParseError, got ${String(err)}`);
      assert.match(err.message, pattern);
      assert.equal(typeof err.position.offset, 'number');
      return true;
    });
  };

  it('not a PDF', () => refused(new TextEncoder().encode('OFXHEADER:100\nDATA:OFXSGML'), /not a PDF/));
  it('a truncated PDF', async () => {
    const { pdf } = await sandboxStatement({ persona: 'salaried', account: 1, language: 'en', month: ['2024-02-01', '2024-02-29'] });
    await refused(pdf.subarray(0, 400), /PDF|text|table/);
  });
  it('a PDF without text (a scanned image)', async () => {
    const doc = new PDFDocument({ size: 'LETTER' });
    const chunks: Buffer[] = [];
    const done = new Promise<Buffer>((r) => doc.on('end', () => r(Buffer.concat(chunks))));
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.rect(50, 50, 300, 200).fill('#888888');
    doc.end();
    await refused(await done, /no text layer/);
  });
  it('a PDF with text but no transaction table', async () => {
    const doc = new PDFDocument({ size: 'LETTER' });
    const chunks: Buffer[] = [];
    const done = new Promise<Buffer>((r) => doc.on('end', () => r(Buffer.concat(chunks))));
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.text('Dear customer, thank you for banking with us.', 50, 50);
    doc.end();
    await refused(await done, /no transaction table/);
  });
  it('a password-protected PDF', async () => {
    const doc = new PDFDocument({ size: 'LETTER', userPassword: 'secret', ownerPassword: 'owner' });
    const chunks: Buffer[] = [];
    const done = new Promise<Buffer>((r) => doc.on('end', () => r(Buffer.concat(chunks))));
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.text('Date Description Amount Balance', 50, 50);
    doc.end();
    await refused(await done, /password/);
  });
});
