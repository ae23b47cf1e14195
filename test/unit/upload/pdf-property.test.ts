import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { parsePdfStatement } from '../../../src/upload/parsers/pdf.ts';
import { StatementParseError } from '../../../src/upload/parsers/model.ts';
import { pageLines } from '../../../src/upload/parsers/pdf-layout.ts';
import { readStatementsFromLines } from '../../../src/upload/parsers/pdf-table.ts';
import type { PdfPage } from '../../../src/upload/parsers/pdf-text.ts';
import { money, monthOfActivity, renderFixture, withBalances } from './pdf-fixtures.ts';

/** Resolves to statements or rejects with StatementParseError; anything else fails the property. */
async function neverCrashes(bytes: Uint8Array): Promise<void> {
  try {
    const statements = await parsePdfStatement(bytes);
    for (const s of statements) {
      for (const t of s.transactions) {
        assert.ok(Number.isSafeInteger(t.amountCents));
        assert.match(t.date, /^\d{4}-\d{2}-\d{2}$/);
      }
    }
  } catch (err) {
    if (!(err instanceof StatementParseError)) throw err;
    assert.ok(err.message.length > 0);
    assert.ok(Number.isInteger(err.position.offset) && err.position.offset >= 0);
  }
}

async function sample(): Promise<Buffer> {
  const txns = withBalances(10_000, monthOfActivity(2024, 6, 20, 4));
  return renderFixture({
    header: [{ text: 'Account number 42-42', x: 40, y: 60 }, { text: 'June 1, 2024 to June 30, 2024', x: 40, y: 72 }],
    columns: [
      { title: 'Date', x: 40, width: 60, align: 'left' },
      { title: 'Description', x: 105, width: 220, align: 'left' },
      { title: 'Withdrawals', x: 330, width: 70, align: 'right' },
      { title: 'Deposits', x: 405, width: 70, align: 'right' },
      { title: 'Balance', x: 480, width: 90, align: 'right' },
    ],
    rows: txns.map((t) => ({ cells: [t.date, t.description, t.amountCents < 0 ? money(-t.amountCents) : '', t.amountCents > 0 ? money(t.amountCents) : '', money(t.balanceCents)] })),
    tableTop: 100,
  });
}

describe('PDF parser on hostile input', () => {
  it('random bytes, with or without a PDF header, never crash it', async () => {
    await fc.assert(
      fc.asyncProperty(fc.uint8Array({ maxLength: 4000 }), fc.boolean(), async (body, header) => {
        const bytes = header ? new Uint8Array([...new TextEncoder().encode('%PDF-1.7\n'), ...body]) : body;
        await neverCrashes(bytes);
      }),
      { numRuns: 60 },
    );
  });

  it('mutated statements (bytes flipped, cut, inserted) never crash it', async () => {
    const pdf = new Uint8Array(await sample());
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat(pdf.length - 1), value: fc.integer({ min: 0, max: 255 }), count: fc.integer({ min: 1, max: 40 }) }),
      fc.record({ kind: fc.constant('cut' as const), at: fc.nat(pdf.length - 1) }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(pdf.length - 1), junk: fc.uint8Array({ minLength: 1, maxLength: 200 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 4 }), async (mutations) => {
        let bytes = pdf.slice();
        for (const m of mutations) {
          const at = Math.min(m.at, bytes.length - 1);
          if (m.kind === 'flip') for (let i = 0; i < m.count && at + i < bytes.length; i++) bytes[at + i] = (m.value + i * 31) & 255;
          else if (m.kind === 'cut') bytes = bytes.slice(0, at);
          else bytes = new Uint8Array([...bytes.slice(0, at), ...m.junk, ...bytes.slice(at)]);
        }
        await neverCrashes(bytes);
      }),
      { numRuns: 60 },
    );
  });

  it('any arrangement of text runs gives statements or a StatementParseError', () => {
    const words = ['Date', 'Description', 'Debit', 'Credit', 'Balance', 'Amount', 'Solde', 'Opening balance', 'Total', 'Jan 05', '2024-02-30', '13/13/2024', '1,234.56', '(12.00)', '5.00-', '1 234,56', '99.99 CR', 'PAYROLL', 'Account number', '****1234', 'January 1, 2024 to January 31, 2024', '', ' ', 'x'];
    const run = fc.record({
      text: fc.oneof(fc.constantFrom(...words), fc.string({ maxLength: 12 })),
      x: fc.double({ min: -50, max: 700, noNaN: true }),
      y: fc.double({ min: -50, max: 900, noNaN: true }),
      width: fc.double({ min: 0, max: 300, noNaN: true }),
      size: fc.double({ min: 0.5, max: 30, noNaN: true }),
      font: fc.constantFrom('Helvetica', 'Helvetica-Bold', 'Courier'),
    });
    const page = fc.array(run, { maxLength: 60 });
    fc.assert(
      fc.property(fc.array(page, { minLength: 1, maxLength: 3 }), (pages) => {
        const pdfPages: PdfPage[] = pages.map((runs, i) => ({ number: i + 1, width: 612, height: 792, runs }));
        try {
          const readings = readStatementsFromLines(pdfPages.map(pageLines));
          for (const r of readings) for (const t of r.statement.transactions) assert.ok(Number.isSafeInteger(t.amountCents));
        } catch (err) {
          if (!(err instanceof StatementParseError)) throw err;
        }
      }),
      { numRuns: 400 },
    );
  });
});
