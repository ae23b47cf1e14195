/**
 * Reads one uploaded document: a PDF statement through the PDF reader (which also keeps what
 * the fraud checks need), an image refused (no OCR here), anything else through the format
 * dispatcher (OFX/QFX, CSV, CAMT.053, MT940/MT942). Throws StatementParseError only.
 */
import { parseStatements } from './parsers/index.ts';
import { StatementParseError, type Statement, type StatementFormat } from './parsers/model.ts';
import { readPdfStatements } from './parsers/pdf.ts';
import type { DocumentFacts } from './fraud/index.ts';

export interface ReadDocument {
  format: StatementFormat;
  statements: Statement[];
  pages: number | null;
  pdf?: DocumentFacts['pdf'];
}

const IMAGE_MAGIC: [number[], string][] = [
  [[0xff, 0xd8, 0xff], 'JPEG'],
  [[0x89, 0x50, 0x4e, 0x47], 'PNG'],
  [[0x49, 0x49, 0x2a, 0x00], 'TIFF'],
  [[0x4d, 0x4d, 0x00, 0x2a], 'TIFF'],
  [[0x42, 0x4d], 'BMP'],
];

function startsWith(bytes: Uint8Array, magic: number[]): boolean {
  return magic.every((b, i) => bytes[i] === b);
}

function isPdf(bytes: Uint8Array, fileName: string): boolean {
  const head = Buffer.from(bytes.subarray(0, 1024)).toString('latin1');
  return head.includes('%PDF-') || /\.pdf$/i.test(fileName);
}

export async function readDocument(bytes: Uint8Array, fileName: string): Promise<ReadDocument> {
  const image = IMAGE_MAGIC.find(([magic]) => startsWith(bytes, magic));
  if (image) {
    throw new StatementParseError(`${image[1]} images (scanned statements) need OCR, which Maplelink does not do: upload the statement as a PDF with text, or as OFX, CSV, CAMT.053 or MT940`, { offset: 0 });
  }
  if (isPdf(bytes, fileName)) {
    const { text, readings } = await readPdfStatements(bytes);
    return { format: 'pdf', statements: readings.map((r) => r.statement), pages: text.pages.length, pdf: { info: text.info, revisions: text.revisions, readings } };
  }
  const statements = await parseStatements(bytes, { filename: fileName });
  return { format: statements[0]?.format ?? 'csv', statements, pages: null };
}
