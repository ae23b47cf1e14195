/**
 * Statement PDFs of layouts other than Maplelink's own, drawn with pdfkit in the tests: each
 * value at a fixed position as a bank's statement engine writes it, so the parser meets
 * debit/credit columns, dates without a year, French months and numbers, descriptions over
 * several lines (with amounts on the first or on the last line), several pages, newest-first
 * order, single amount columns, and altered documents (an amount in another font, a
 * misaligned amount, edited metadata).
 */
import PDFDocument from 'pdfkit';

export interface FixtureColumn {
  title: string;
  x: number;
  width: number;
  align: 'left' | 'right';
}

export interface FixtureRow {
  /** One entry per column; a string[] is a value over several lines. */
  cells: (string | string[])[];
  bold?: boolean;
  /** Amount cells go on the row's last line (some banks print them under a long description). */
  amountsOnLastLine?: boolean;
  /** Draws the cell of this column index in another font (an edited amount). */
  fontOverride?: { column: number; font: string };
  /** Shifts the cell of this column index sideways (an amount pasted in by hand). */
  shift?: { column: number; dx: number };
}

export interface FixtureText {
  text: string;
  x: number;
  y: number;
  size?: number;
  bold?: boolean;
  width?: number;
  align?: 'left' | 'right';
}

export interface FixtureSpec {
  /** Texts of the first page above the table (letterhead, account facts, period). */
  header: FixtureText[];
  /** Texts drawn at the top of every later page. */
  continuation?: FixtureText[];
  columns: FixtureColumn[];
  rows: FixtureRow[];
  /** Y (from the top) of the table header on the first and later pages. */
  tableTop: number;
  continuationTableTop?: number;
  rowsPerPage?: number;
  /** Texts under the table on the last page (totals, a notice). */
  after?: FixtureText[];
  footer?: (page: number, pages: number) => FixtureText[];
  info?: { Producer?: string; Creator?: string; CreationDate?: Date; ModDate?: Date; Author?: string; Title?: string };
  fontSize?: number;
}

const LINE = 10.5;

export function renderFixture(spec: FixtureSpec): Promise<Buffer> {
  const created = spec.info?.CreationDate ?? new Date(Date.UTC(2024, 1, 1, 8));
  const doc = new PDFDocument({
    size: 'LETTER',
    margin: 36,
    bufferPages: true,
    info: { Producer: 'OpenText Exstream 16.6', Creator: 'Exstream Statement Composition', ...spec.info, CreationDate: created, ModDate: spec.info?.ModDate ?? created },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });
  const size = spec.fontSize ?? 8.5;
  const put = (t: FixtureText) => {
    doc.font(t.bold ? 'Helvetica-Bold' : 'Helvetica').fontSize(t.size ?? size);
    doc.text(t.text, t.x, t.y, { lineBreak: false, ...(t.width ? { width: t.width, align: t.align ?? 'left' } : {}) });
  };
  const drawHeader = (y: number) => {
    for (const col of spec.columns) put({ text: col.title, x: col.x, y, bold: true, width: col.width, align: col.align });
    return y + 16;
  };
  spec.header.forEach(put);
  let y = drawHeader(spec.tableTop);
  let onPage = 0;
  const perPage = spec.rowsPerPage ?? 30;
  for (const row of spec.rows) {
    if (onPage === perPage) {
      doc.addPage();
      (spec.continuation ?? []).forEach(put);
      y = drawHeader(spec.continuationTableTop ?? spec.tableTop);
      onPage = 0;
    }
    const lineCount = Math.max(1, ...row.cells.map((c) => (Array.isArray(c) ? c.length : 1)));
    row.cells.forEach((cell, i) => {
      const col = spec.columns[i]!;
      const values = Array.isArray(cell) ? cell : [cell];
      const isAmount = col.align === 'right';
      const firstLine = isAmount && row.amountsOnLastLine ? lineCount - 1 : 0;
      values.forEach((v, k) => {
        if (v === '') return;
        const font = row.fontOverride?.column === i ? row.fontOverride.font : row.bold ? 'Helvetica-Bold' : 'Helvetica';
        doc.font(font).fontSize(size);
        const dx = row.shift?.column === i ? row.shift.dx : 0;
        doc.text(v, col.x + dx, y + (firstLine + k) * LINE, { width: col.width, align: col.align, lineBreak: false });
      });
    });
    y += lineCount * LINE + 5;
    onPage++;
  }
  (spec.after ?? []).forEach((t) => put({ ...t, y: y + t.y }));
  if (spec.footer) {
    const range = doc.bufferedPageRange();
    for (let i = 0; i < range.count; i++) {
      doc.switchToPage(range.start + i);
      spec.footer(i + 1, range.count).forEach(put);
    }
  }
  doc.end();
  return done;
}

/** "1,234.56" / "1 234,56" / "-12.00" from cents. */
export function money(cents: number, french = false): string {
  const abs = Math.abs(cents);
  const units = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, french ? '\u00a0' : ',');
  return `${cents < 0 ? '-' : ''}${units}${french ? ',' : '.'}${String(abs % 100).padStart(2, '0')}`;
}

export interface SimpleTxn {
  date: string;
  description: string;
  amountCents: number;
}

/** Running balances of a deposit account from an opening balance. */
export function withBalances(opening: number, txns: SimpleTxn[]): (SimpleTxn & { balanceCents: number })[] {
  let b = opening;
  return txns.map((t) => ({ ...t, balanceCents: (b += t.amountCents) }));
}

/** A month of deterministic activity: pay, rent, groceries, fees... (`n` transactions). */
export function monthOfActivity(year: number, month: number, n: number, seed = 1): SimpleTxn[] {
  let s = seed;
  const next = () => (s = (s * 1103515245 + 12345) % 2147483648) / 2147483648;
  const names = ['GROCERY STORE #221', 'COFFEE SHOP', 'PAYROLL DEPOSIT ACME CORP', 'HYDRO BILL PAYMENT', 'E-TRANSFER TO J SMITH', 'GAS STATION 14', 'PHARMACY', 'ONLINE STORE PURCHASE', 'MONTHLY ACCOUNT FEE', 'RESTAURANT LE PETIT'];
  const days = new Date(Date.UTC(year, month, 0)).getUTCDate();
  const out: SimpleTxn[] = [];
  for (let i = 0; i < n; i++) {
    const day = 1 + Math.floor((i * days) / n);
    const name = names[Math.floor(next() * names.length)]!;
    const cents = name.startsWith('PAYROLL') ? 150000 + Math.floor(next() * 50000) : -(100 + Math.floor(next() * 25000));
    out.push({ date: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`, description: name, amountCents: cents });
  }
  return out;
}

/**
 * Appends an incremental update the way an editor saves: a new Info dictionary (new Producer,
 * later ModDate) in a new revision with its own xref section and trailer pointing back.
 */
export function appendRevision(pdf: Buffer, info: { producer: string; modDate: string }): Buffer {
  const text = pdf.toString('latin1');
  const startxref = Number(/startxref\s+(\d+)\s+%%EOF\s*$/.exec(text)![1]);
  const trailer = text.slice(text.lastIndexOf('trailer'));
  const size = Number(/\/Size (\d+)/.exec(trailer)![1]);
  const root = /\/Root (\d+ \d+ R)/.exec(trailer)![1];
  const id = size;
  // an editor keeps the creation date and writes its own name and the time of the save
  const createdRef = /\/CreationDate (\d+) 0 R/.exec(text)?.[1];
  const created = createdRef ? new RegExp(`\\b${createdRef} 0 obj\\s*\\((D:[^)]*)\\)`).exec(text)?.[1] : /\/CreationDate \((D:[^)]*)\)/.exec(text)?.[1];
  const body = `\n${id} 0 obj\n<< /Producer (${info.producer}) ${created ? `/CreationDate (${created}) ` : ''}/ModDate (${info.modDate}) >>\nendobj\n`;
  const objOffset = pdf.length + 1;
  const xrefOffset = pdf.length + Buffer.byteLength(body, 'latin1');
  const xref = `xref\n${id} 1\n${String(objOffset).padStart(10, '0')} 00000 n \ntrailer\n<< /Size ${id + 1} /Root ${root} /Info ${id} 0 R /Prev ${startxref} >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  return Buffer.concat([pdf, Buffer.from(body + xref, 'latin1')]);
}

export type FraudFixtureOptions = {
  producer?: string;
  creator?: string;
  created?: Date;
  modified?: Date;
  edit?: (row: FixtureRow, index: number) => FixtureRow;
  amountDelta?: { index: number; cents: number };
  transactions?: number;
  seed?: number;
};

/** A clean April 2024 statement (or a doctored one), as a bank's engine would write it. */
export async function fraudFixture(o: FraudFixtureOptions = {}): Promise<Buffer> {
  const txns = withBalances(300_000, monthOfActivity(2024, 4, o.transactions ?? 16, o.seed ?? 5));
  const rows: FixtureRow[] = txns.map((t, i) => {
    const delta = o.amountDelta?.index === i ? o.amountDelta.cents : 0;
    const row: FixtureRow = { cells: [t.date, t.description, t.amountCents < 0 ? money(-t.amountCents + delta) : '', t.amountCents > 0 ? money(t.amountCents + delta) : '', money(t.balanceCents)] };
    return o.edit ? o.edit(row, i) : row;
  });
  return renderFixture({
    header: [
      { text: 'Harbour Bank', x: 40, y: 40, size: 18, bold: true },
      { text: 'April 1, 2024 to April 30, 2024', x: 40, y: 70 },
      { text: 'Account number', x: 40, y: 84 },
      { text: '0042-778899', x: 140, y: 84 },
    ],
    columns: [
      { title: 'Date', x: 40, width: 60, align: 'left' },
      { title: 'Description', x: 105, width: 220, align: 'left' },
      { title: 'Withdrawals', x: 330, width: 70, align: 'right' },
      { title: 'Deposits', x: 405, width: 70, align: 'right' },
      { title: 'Balance', x: 480, width: 90, align: 'right' },
    ],
    rows,
    tableTop: 120,
    info: {
      ...(o.producer !== undefined ? { Producer: o.producer } : {}),
      ...(o.creator !== undefined ? { Creator: o.creator } : {}),
      CreationDate: o.created ?? new Date(Date.UTC(2024, 4, 1, 5)),
      ...(o.modified ? { ModDate: o.modified } : {}),
    },
  });
}

