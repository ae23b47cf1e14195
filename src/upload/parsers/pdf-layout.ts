/**
 * From positioned text runs to lines and cells (pure).
 *
 * A line is every run whose baseline is within a small tolerance of the others (amounts shrunk
 * to fit a column sit a little higher than the text beside them). Inside a line, runs closer
 * than about half a character are one cell: a cell is what the document wrote as one value.
 */
import type { PdfPage, TextRun } from './pdf-text.ts';

export interface Cell {
  text: string;
  x0: number;
  x1: number;
  y: number;
  size: number;
  /** Font of the cell's first run; `fonts` lists every font used in it. */
  font: string;
  fonts: string[];
  page: number;
}

export interface Line {
  page: number;
  /** Baseline of the line's first run (PDF space: larger is higher on the page). */
  y: number;
  size: number;
  cells: Cell[];
}

export function pageLines(page: PdfPage): Line[] {
  const runs = [...page.runs].sort((a, b) => b.y - a.y || a.x - b.x);
  const groups: TextRun[][] = [];
  let current: TextRun[] = [];
  let y = Number.NaN;
  let size = 0;
  for (const run of runs) {
    const tol = Math.max(2, 0.35 * Math.max(size, run.size));
    if (current.length > 0 && Math.abs(run.y - y) <= tol) {
      current.push(run);
      continue;
    }
    if (current.length > 0) groups.push(current);
    current = [run];
    y = run.y;
    size = run.size;
  }
  if (current.length > 0) groups.push(current);
  return groups.map((g) => toLine(page.number, g));
}

function toLine(page: number, runs: TextRun[]): Line {
  runs.sort((a, b) => a.x - b.x);
  const cells: Cell[] = [];
  for (const r of runs) {
    const last = cells[cells.length - 1];
    const gap = last ? r.x - last.x1 : Infinity;
    // Word spaces are about a quarter of the font size; column gaps are much wider.
    if (last && gap <= 0.45 * Math.max(last.size, r.size) && gap > -0.5 * r.size) {
      const space = gap > 0.12 * r.size && !last.text.endsWith(' ') && !r.text.startsWith(' ') ? ' ' : '';
      last.text += space + r.text;
      last.x1 = Math.max(last.x1, r.x + r.width);
      if (!last.fonts.includes(r.font)) last.fonts.push(r.font);
      last.size = Math.max(last.size, r.size);
      continue;
    }
    cells.push({ text: r.text, x0: r.x, x1: r.x + r.width, y: r.y, size: r.size, font: r.font, fonts: [r.font], page });
  }
  for (const c of cells) c.text = c.text.replace(/\s+/g, ' ').trim();
  const size = Math.max(...runs.map((r) => r.size));
  return { page, y: runs[0]!.y, size, cells: cells.filter((c) => c.text !== '') };
}
