/**
 * The fraud and consistency analysis of one upload (pure): each document's signals and
 * verdict, from what the parsers read. No I/O: the Upload service hands in the facts.
 */
import type { Statement, StatementFormat } from '../parsers/model.ts';
import type { PdfStatementReading } from '../parsers/pdf-table.ts';
import type { PdfInfo } from '../parsers/pdf-text.ts';
import { duplicateEvidence, pdfConsistencyEvidence, statementConsistencyEvidence } from './consistency.ts';
import { layoutEvidence } from './layout.ts';
import { metadataEvidence } from './metadata.ts';
import { collect, verdictOf, type Evidence, type FraudSignal, type SignalType, type Verdict } from './signals.ts';

export type { FraudSignal, Verdict, SignalType, Evidence } from './signals.ts';
export { severity, worst, verdictOf } from './signals.ts';

export interface DocumentFacts {
  fileName: string;
  sha256: string;
  format: StatementFormat;
  statements: Statement[];
  /** For PDFs: what the PDF reader saw. */
  pdf?: { info: PdfInfo; revisions: number; readings: PdfStatementReading[] };
}

export interface DocumentAnalysis {
  signals: FraudSignal[];
  verdict: Verdict;
}

export function analyseDocuments(documents: DocumentFacts[]): DocumentAnalysis[] {
  const duplicates = duplicateEvidence(documents.map((d, index) => ({ index, fileName: d.fileName, sha256: d.sha256, statements: d.statements })));
  return documents.map((d, i) => {
    const evidence: { type: SignalType; evidence: Evidence }[] = [];
    if (d.pdf) {
      const periodEnd = d.statements.map((s) => s.period?.end).filter((x): x is string => x !== undefined).sort().pop();
      evidence.push(...metadataEvidence(d.pdf.info, d.pdf.revisions, periodEnd));
      for (const r of d.pdf.readings) evidence.push(...pdfConsistencyEvidence(r), ...layoutEvidence(r));
    } else {
      for (const s of d.statements) evidence.push(...statementConsistencyEvidence(s));
    }
    evidence.push(...(duplicates.get(i) ?? []));
    const signals = collect(evidence);
    return { signals, verdict: verdictOf(signals) };
  });
}
