import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { renderStatementPdf } from '../../../src/connect/statements/pdf.ts';
import { readPdfStatements } from '../../../src/upload/parsers/pdf.ts';
import { analyseDocuments, type DocumentFacts } from '../../../src/upload/fraud/index.ts';
import { severity, verdictOf } from '../../../src/upload/fraud/signals.ts';
import { appendRevision, fraudFixture } from './pdf-fixtures.ts';

export async function facts(pdf: Buffer, fileName = 'statement.pdf'): Promise<DocumentFacts> {
  const { text, readings } = await readPdfStatements(pdf);
  return { fileName, sha256: createHash('sha256').update(pdf).digest('hex'), format: 'pdf', statements: readings.map((r) => r.statement), pdf: { info: text.info, revisions: text.revisions, readings } };
}

async function analyse(...pdfs: Buffer[]) {
  return analyseDocuments(await Promise.all(pdfs.map((p, i) => facts(p, `file-${i + 1}.pdf`))));
}

const types = (a: { signals: { type: string; evidence: { specificType: string }[] }[] }) => a.signals.flatMap((s) => s.evidence.map((e) => `${s.type}/${e.specificType}`));

describe('fraud and consistency signals', () => {
  it('a clean statement from a known statement engine is trusted', async () => {
    const [a] = await analyse(await fraudFixture());
    assert.deepEqual(types(a!), []);
    assert.equal(a!.verdict, 'Trust');
  });

  it('a sandbox statement from GetStatements is trusted', async () => {
    const pdf = await renderStatementPdf({
      institutionName: 'Flinks Capital', holderName: 'Ada Tester', holderAddress: ['1 Main St'], accountTitle: 'Chequing CAD', accountNumber: '1234567', transitNumber: '77777', currency: 'CAD',
      periodStart: '2024-02-01', periodEnd: '2024-02-29', openingBalanceCents: 10_000, closingBalanceCents: 9_000,
      transactions: [{ date: '2024-02-05', description: 'COFFEE', debitCents: 1_000, creditCents: null, balanceCents: 9_000 }],
    });
    const [a] = await analyse(pdf);
    assert.deepEqual(types(a!), []);
    assert.equal(a!.verdict, 'Trust');
  });

  it('editing software in the metadata', async () => {
    const [a] = await analyse(await fraudFixture({ producer: 'Adobe Photoshop 25.0', creator: 'Adobe Photoshop' }));
    assert.ok(types(a!).includes('Editing software detected/EditingTool'));
    assert.equal(a!.verdict, 'High Risk');
  });

  it('modified after creation, and saved again by an editor (incremental update)', async () => {
    const [late] = await analyse(await fraudFixture({ modified: new Date(Date.UTC(2024, 4, 9, 12)) }));
    assert.deepEqual(types(late!), ['Editing software detected/ModifiedAfterCreation']);
    assert.equal(late!.verdict, 'High Risk');

    const resaved = appendRevision(await fraudFixture(), { producer: 'PDF-XChange Editor 9.5', modDate: 'D:20240512090000Z' });
    const [b] = await analyse(resaved);
    const t = types(b!);
    assert.ok(t.includes('Editing software detected/IncrementalUpdate'), t.join());
    assert.ok(t.includes('Editing software detected/EditingTool'), t.join());
    assert.ok(t.includes('Editing software detected/ModifiedAfterCreation'), t.join());
  });

  it('printed to PDF: an unusual source, only a warning', async () => {
    const [a] = await analyse(await fraudFixture({ producer: 'macOS Version 14.2 (Build 23C64) Quartz PDFContext', creator: 'Preview' }));
    assert.deepEqual(types(a!), ['Unusual document source/PrintedToPdf']);
    assert.equal(a!.verdict, 'Warning');
  });

  it('an amount in another font', async () => {
    const [a] = await analyse(await fraudFixture({ edit: (row, i) => (i === 6 ? { ...row, fontOverride: { column: row.cells[2] ? 2 : 3, font: 'Courier' } } : row) }));
    const signal = a!.signals.find((s) => s.type === 'Dollar amount edits')!;
    assert.equal(signal.evidence.length, 1);
    assert.equal(signal.evidence[0]!.specificType, 'MixedFonts');
    assert.match(signal.evidence[0]!.value, /Courier/);
    assert.equal(signal.evidence[0]!.page, 1);
    assert.equal(a!.verdict, 'High Risk');
  });

  it('a date in another font', async () => {
    const [a] = await analyse(await fraudFixture({ edit: (row, i) => (i === 3 ? { ...row, fontOverride: { column: 0, font: 'Times-Roman' } } : row) }));
    assert.deepEqual(types(a!), ['Date edits/MixedFonts']);
  });

  it('an amount out of line with its column', async () => {
    const [a] = await analyse(await fraudFixture({ edit: (row, i) => (i === 9 ? { ...row, shift: { column: 4, dx: -3 } } : row) }));
    assert.deepEqual(types(a!), ['Misaligned text/Misaligned']);
    assert.equal(a!.verdict, 'Warning');
  });

  it('a running balance that does not follow from the amounts', async () => {
    const [a] = await analyse(await fraudFixture({ amountDelta: { index: 4, cents: 5_000 } }));
    assert.ok(types(a!).includes('Unreconciled balances/RunningBalance'));
    assert.equal(a!.verdict, 'High Risk');
  });

  it('a statement dated before the end of its own period', async () => {
    const [a] = await analyse(await fraudFixture({ created: new Date(Date.UTC(2024, 3, 20)) }));
    assert.deepEqual(types(a!), ['Date edits/CreatedBeforePeriodEnd']);
  });

  it('a transaction table with nothing in it', async () => {
    const [a] = await analyse(await fraudFixture({ transactions: 0 }));
    assert.deepEqual(types(a!), ['Empty transaction data/NoTransactions']);
    assert.equal(a!.verdict, 'Normal');
  });

  it('the same file twice, the same statement twice, and two versions of one statement', async () => {
    const clean = await fraudFixture();
    const [, copy] = await analyse(clean, clean);
    assert.deepEqual(types(copy!), ['Duplicate statement/IdenticalFile']);
    assert.equal(copy!.verdict, 'Normal');

    const sameContent = await fraudFixture({ producer: 'iText 8.0.2' });
    const [, again] = await analyse(clean, sameContent);
    assert.deepEqual(types(again!), ['Duplicate statement/IdenticalStatement']);

    // the second version has one amount and its balances changed, consistently: only the comparison shows it
    const altered = await fraudFixture({ seed: 6 });
    const [first, second] = await analyse(clean, altered);
    assert.deepEqual(types(first!), []);
    assert.deepEqual(types(second!), ['Duplicate statement/ConflictingContent']);
    assert.equal(second!.verdict, 'High Risk');
  });

  it('the verdict is the worst evidence', () => {
    assert.equal(verdictOf([]), 'Trust');
    assert.equal(severity('Misaligned text', 'Misaligned'), 'Warning');
    assert.equal(verdictOf([{ type: 'Empty transaction data', evidence: [{ specificType: 'NoTransactions', value: '', dataType: 'Text' }] }, { type: 'Unreconciled balances', evidence: [{ specificType: 'RunningBalance', value: '', dataType: 'Amount' }] }]), 'High Risk');
  });
});
