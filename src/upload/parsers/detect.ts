/**
 * Which format a file is in: from its first bytes, with the file name as a hint when the content
 * alone does not decide (a CSV is only recognisable as "text with separators").
 */
import { sniffText } from './encoding.ts';
import { detectDelimiter } from './csv.ts';
import { sniffMt940 } from './mt940.ts';
import type { StatementFormat } from './model.ts';

/** How much of the start of a file detection looks at. */
export const SNIFF_BYTES = 1 << 16;

const BY_EXTENSION: Record<string, StatementFormat> = {
  ofx: 'ofx',
  qfx: 'ofx',
  qbo: 'ofx',
  csv: 'csv',
  tsv: 'csv',
  xml: 'camt053',
  camt: 'camt053',
  sta: 'mt940',
  mt940: 'mt940',
  '940': 'mt940',
  mt942: 'mt942',
  '942': 'mt942',
  pdf: 'pdf',
};

export interface Detected {
  format: StatementFormat;
  /** Why: what in the content (or the name) decided. */
  by: 'content' | 'name';
}

/** What a file that is not a statement is, when it is recognisable: for a helpful error. */
export function knownOtherKind(head: Uint8Array): string | null {
  const b = head;
  if (b[0] === 0x50 && b[1] === 0x4b && b[2] === 0x03 && b[3] === 0x04) return 'a ZIP archive (an Excel .xlsx workbook?): export the statement as CSV';
  if (b[0] === 0xd0 && b[1] === 0xcf && b[2] === 0x11 && b[3] === 0xe0) return 'an Excel .xls workbook: export the statement as CSV';
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'a PNG image: scanned statements need OCR, which Maplelink does not do';
  if (b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'a JPEG image: scanned statements need OCR, which Maplelink does not do';
  if (b[0] === 0x1f && b[1] === 0x8b) return 'a gzip archive: uncompress it first';
  return null;
}

export function detectFormat(head: Uint8Array, filename?: string): Detected | null {
  const text = sniffText(head, SNIFF_BYTES);
  if (text.slice(0, 1024).includes('%PDF-')) return { format: 'pdf', by: 'content' };
  if (/OFXHEADER\s*:|<\?OFX[\s?]|<OFX>/i.test(text)) return { format: 'ofx', by: 'content' };
  const trimmed = text.replace(/^\uFEFF?\s*/, '');
  if (trimmed.startsWith('<')) {
    if (/urn:iso:std:iso:20022:tech:xsd:camt\.|<(\w+:)?BkToCstmr(Stmt|AcctRpt|DbtCdtNtfctn)\b/.test(text)) return { format: 'camt053', by: 'content' };
  }
  const mt = sniffMt940(text);
  if (mt) return { format: mt.mt942 ? 'mt942' : 'mt940', by: 'content' };
  if (knownOtherKind(head)) return null;
  const ext = /\.([a-z0-9]+)$/i.exec(filename ?? '')?.[1]?.toLowerCase();
  const byName = ext ? BY_EXTENSION[ext] : undefined;
  if (byName) return { format: byName, by: 'name' };
  if (looksDelimited(text)) return { format: 'csv', by: 'content' };
  return null;
}

/** Text (no NUL bytes) whose lines mostly split into the same number of fields. */
function looksDelimited(text: string): boolean {
  if (!text.trim() || text.includes('\u0000')) return false;
  const d = detectDelimiter(text);
  const lines = text.split(/\r\n|\n|\r/).filter((l) => l.trim()).slice(0, 50);
  if (lines.length > 1 && text.length >= SNIFF_BYTES) lines.pop();
  const split = lines.filter((l) => l.includes(d));
  return split.length >= Math.max(1, Math.ceil(lines.length * 0.6));
}
