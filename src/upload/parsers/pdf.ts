/**
 * PDF bank statements with a text layer: the text runs and their positions (pdf-text.ts), made
 * into lines and cells (pdf-layout.ts), then the statement table rebuilt and its balance chain
 * checked (pdf-table.ts). Scanned statements (images without text) are refused with a clear
 * message: there is no OCR here.
 */
import type { Statement } from './model.ts';
import { StatementParseError } from './model.ts';
import { pageLines } from './pdf-layout.ts';
import { readStatementsFromLines, type PdfStatementReading } from './pdf-table.ts';
import { readPdfText, type PdfText } from './pdf-text.ts';

export type { PdfStatementReading } from './pdf-table.ts';

/** Every statement of the document (a combined statement holds several accounts). */
export async function parsePdfStatement(bytes: Uint8Array): Promise<Statement[]> {
  return (await readPdfStatements(bytes)).readings.map((r) => r.statement);
}

/** The statements and what was seen on the way (positions, fonts, metadata, balance chain): Upload's fraud checks read it. */
export async function readPdfStatements(bytes: Uint8Array): Promise<{ text: PdfText; readings: PdfStatementReading[] }> {
  const text = await readPdfText(bytes);
  try {
    const readings = readStatementsFromLines(text.pages.map(pageLines), { author: text.info.author });
    return { text, readings };
  } catch (err) {
    if (err instanceof StatementParseError) throw err;
    // A layout no rule expected is still the document's fault, not a crash.
    throw new StatementParseError(`the statement layout cannot be read: ${err instanceof Error ? err.message : String(err)}`, { offset: 0 });
  }
}
