/**
 * What the page itself shows of an edit (pure): a value in another font than the rest of its
 * column, or a value that does not line up with the rest of its column. A statement engine
 * writes every amount of a column with the same font and the same alignment; a value typed
 * over the original with an editor rarely matches both.
 */
import type { Cell } from '../parsers/pdf-layout.ts';
import type { PdfStatementReading } from '../parsers/pdf-table.ts';
import type { Evidence, SignalType } from './signals.ts';

/** Fonts are compared by family and weight: a subset prefix ("ABCDEF+Arial") is not a change. */
function fontKey(font: string): string {
  return font.replace(/^[A-Z]{6}\+/, '').toLowerCase();
}

/**
 * Cells whose font differs from the font most of the column uses. A column needs a clear
 * majority (at least 3 cells and 80% in one font) before a minority counts as an edit: a
 * layout that mixes fonts by design has no majority that strong.
 */
function fontOutliers(cells: Cell[]): { cell: Cell; usual: string }[] {
  const counts = new Map<string, number>();
  for (const c of cells) for (const f of new Set(c.fonts.map(fontKey))) counts.set(f, (counts.get(f) ?? 0) + 1);
  if (cells.length < 3 || counts.size < 2) return [];
  const [usual, n] = [...counts].reduce((a, b) => (b[1] > a[1] ? b : a));
  if (n / cells.length < 0.8) return [];
  const usualName = cells.find((c) => fontKey(c.font) === usual)?.font ?? usual;
  return cells.filter((c) => c.fonts.some((f) => fontKey(f) !== usual)).map((cell) => ({ cell, usual: usualName }));
}

/**
 * Cells out of line with their column: columns are found by clustering edges (right edges for
 * amounts, left edges for dates and descriptions); in a column where most cells share an edge
 * to a tenth of a point, a cell more than 1.5 points off was placed by hand.
 */
function alignmentOutliers(cells: Cell[], edge: 'x0' | 'x1'): { cell: Cell; expected: number }[] {
  const sorted = [...cells].sort((a, b) => a[edge] - b[edge]);
  const clusters: Cell[][] = [];
  for (const c of sorted) {
    const last = clusters[clusters.length - 1];
    if (last && c[edge] - last[last.length - 1]![edge] <= 12) last.push(c);
    else clusters.push([c]);
  }
  const out: { cell: Cell; expected: number }[] = [];
  for (const cluster of clusters) {
    if (cluster.length < 4) continue;
    const edges = cluster.map((c) => c[edge]).sort((a, b) => a - b);
    const median = edges[Math.floor(edges.length / 2)]!;
    const aligned = cluster.filter((c) => Math.abs(c[edge] - median) <= 0.1).length;
    if (aligned / cluster.length < 0.75) continue;
    for (const c of cluster) if (Math.abs(c[edge] - median) > 1.5) out.push({ cell: c, expected: median });
  }
  return out;
}

export function layoutEvidence(reading: PdfStatementReading): { type: SignalType; evidence: Evidence }[] {
  const out: { type: SignalType; evidence: Evidence }[] = [];
  const amounts = reading.sources.flatMap((s) => [s.amount, s.balance]).filter((c): c is Cell => c !== null);
  const dates = reading.sources.map((s) => s.date).filter((c): c is Cell => c !== null);
  const descriptions = reading.sources.map((s) => s.description[0]).filter((c): c is Cell => c !== undefined);

  const fontChecks: [Cell[], SignalType, 'Amount' | 'Date' | 'Text'][] = [
    [amounts, 'Dollar amount edits', 'Amount'],
    [dates, 'Date edits', 'Date'],
    [descriptions, 'Description edits', 'Text'],
  ];
  for (const [cells, type, dataType] of fontChecks) {
    for (const { cell, usual } of fontOutliers(cells)) {
      out.push({ type, evidence: { specificType: 'MixedFonts', value: `"${cell.text}" is set in ${cell.fonts.join(' + ')}; the column uses ${usual}`, dataType, page: cell.page } });
    }
  }
  for (const cell of reading.factCells) {
    if (new Set(cell.fonts.map(fontKey)).size > 1) {
      out.push({ type: 'Account information edits', evidence: { specificType: 'MixedFonts', value: `"${cell.text}" mixes ${cell.fonts.join(' + ')}`, dataType: 'Text', page: cell.page } });
    }
  }

  const alignChecks: [Cell[], 'x0' | 'x1', string][] = [
    [amounts, 'x1', 'amount'],
    [dates, 'x0', 'date'],
    [descriptions, 'x0', 'description'],
  ];
  for (const [cells, edge, what] of alignChecks) {
    for (const { cell, expected } of alignmentOutliers(cells, edge)) {
      const off = Math.abs(cell[edge] - expected).toFixed(1);
      out.push({ type: 'Misaligned text', evidence: { specificType: 'Misaligned', value: `${what} "${cell.text}" is ${off} pt out of line with its column`, dataType: 'Position', page: cell.page } });
    }
  }
  return out;
}
