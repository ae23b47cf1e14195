/**
 * Monthly bank statements as PDF (GetStatements, docs.flinks.com/api/connect/endpoints/account-linking/get-statements), rendered with pdfkit and its
 * built-in Helvetica fonts.
 *
 * Output is deterministic: the same input gives byte-identical bytes. pdfkit's only
 * sources of variation are the Info dictionary's CreationDate (set here from periodEnd)
 * and the trailer /ID, which pdfkit derives from an MD5 of the Info dictionary — so a
 * fixed Info dictionary gives a fixed ID. Nothing random is used (no encryption).
 *
 * The text layer holds every amount as "1,234.56" and dates as YYYY-MM-DD, each table cell
 * written as its own text run at fixed column positions, so a PDF parser can read the
 * table back (see src/upload/parsers).
 */
import { createHash } from 'node:crypto';
import PDFDocument from 'pdfkit';
import type { StatementLabels, StatementLanguage } from './format.ts';
import {
  LABELS,
  daysInMonth,
  formatAmount,
  formatLongDate,
  isoDate,
  maskAccountNumber,
  parseIsoDate,
  toWinAnsi,
} from './format.ts';

export interface StatementTransaction {
  /** YYYY-MM-DD */
  date: string;
  description: string;
  debitCents: number | null;
  creditCents: number | null;
  balanceCents: number;
}

export interface StatementInput {
  institutionName: string;
  holderName: string;
  holderAddress: string[];
  accountTitle: string;
  accountNumber: string;
  transitNumber: string;
  currency: string;
  /** YYYY-MM-DD */
  periodStart: string;
  /** YYYY-MM-DD */
  periodEnd: string;
  openingBalanceCents: number;
  closingBalanceCents: number;
  transactions: StatementTransaction[];
  language?: 'en' | 'fr';
}

// ---------------------------------------------------------------------------- layout
const PAGE_W = 612; // US Letter, points
const PAGE_H = 792;
const MARGIN = 48;
const CONTENT_W = PAGE_W - 2 * MARGIN;
const FOOTER_TOP = PAGE_H - MARGIN - 16; // footer text baseline area
const BODY_BOTTOM = FOOTER_TOP - 14; // table rows never go below this

const ACCENT = '#1f3a5f';
const TEXT = '#1a1a1a';
const MUTED = '#5b6472';
const RULE = '#c9ced6';
const ZEBRA = '#f3f5f8';
const PANEL = '#eef2f7';

const FONT = 'Helvetica';
const FONT_BOLD = 'Helvetica-Bold';

const ROW_FONT_SIZE = 8.5;
const ROW_PAD_Y = 3.5;
const CELL_PAD_X = 4;
const MAX_DESCRIPTION_LINES = 6;

interface Column {
  key: 'date' | 'description' | 'withdrawals' | 'deposits' | 'balance';
  width: number;
  align: 'left' | 'right';
}

const COLUMNS: Column[] = [
  { key: 'date', width: 64, align: 'left' },
  { key: 'description', width: 212, align: 'left' },
  { key: 'withdrawals', width: 80, align: 'right' },
  { key: 'deposits', width: 80, align: 'right' },
  { key: 'balance', width: 80, align: 'right' },
];

const COLUMN_X: number[] = COLUMNS.reduce<number[]>((xs, _c, i) => {
  xs.push(i === 0 ? MARGIN : xs[i - 1]! + COLUMNS[i - 1]!.width);
  return xs;
}, []);

type Doc = InstanceType<typeof PDFDocument>;

interface Row {
  date: string;
  description: string;
  withdrawals: string;
  deposits: string;
  balance: string;
  bold?: boolean;
}

interface Context {
  doc: Doc;
  input: StatementInput;
  labels: StatementLabels;
  language: StatementLanguage;
  masked: string;
  periodText: string;
}

// ---------------------------------------------------------------------------- public API

/** Renders one monthly statement. Same input, same bytes. */
export async function renderStatementPdf(input: StatementInput): Promise<Buffer> {
  // async: what render throws before its promise exists is a rejection too.
  return render(input);
}

function render(input: StatementInput): Promise<Buffer> {
  validate(input);
  const language: StatementLanguage = input.language === 'fr' ? 'fr' : 'en';
  const labels = LABELS[language];
  const masked = maskAccountNumber(input.accountNumber);
  const periodText = labels.period(
    formatLongDate(input.periodStart, language),
    formatLongDate(input.periodEnd, language),
  );
  const fixedDate = documentDate(input.periodEnd);

  const doc = new PDFDocument({
    size: 'LETTER',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    bufferPages: true,
    compress: true,
    lang: language === 'fr' ? 'fr-CA' : 'en-CA',
    info: {
      Title: pdfString(`${input.institutionName} - ${labels.title} ${input.periodStart} / ${input.periodEnd}`),
      Author: pdfString(input.institutionName),
      Subject: pdfString(`${labels.title} ${masked} ${input.periodStart} / ${input.periodEnd}`),
      Creator: 'Maplelink',
      Producer: 'Maplelink (PDFKit)',
      CreationDate: fixedDate,
      ModDate: fixedDate,
    },
  });

  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  const ctx: Context = { doc, input, labels, language, masked, periodText };
  drawFirstPageHeader(ctx);
  drawTransactions(ctx);
  drawFooters(ctx);
  doc.end();
  return done;
}

/**
 * `count` calendar months, most recent first, ending with the last month that is complete
 * before `endDate` (YYYY-MM-DD). A month is complete when its last day is strictly before
 * `endDate`, so on 2024-03-31 the last complete month is February and on 2024-04-01 it is March.
 */
export function statementPeriods(endDate: string, count: number): { start: string; end: string }[] {
  if (!Number.isInteger(count) || count < 0) throw new RangeError(`count must be a non-negative integer, got ${count}`);
  const { year, month } = parseIsoDate(endDate);
  const periods: { start: string; end: string }[] = [];
  // months are counted as year*12 + (month-1); start from the month before endDate's month
  let index = year * 12 + (month - 1) - 1;
  for (let k = 0; k < count; k++, index--) {
    const y = Math.floor(index / 12);
    const m = (index % 12) + 1;
    periods.push({ start: isoDate(y, m, 1), end: isoDate(y, m, daysInMonth(y, m)) });
  }
  return periods;
}

/**
 * A statement's UniqueId as Flinks shows it: 32 uppercase hex characters, a deterministic
 * hash (SHA-256, first 128 bits) of the given parts. The parts are hashed as a JSON array,
 * so ['a|b'] and ['a', 'b'] differ.
 */
export function statementUniqueId(parts: string[]): string {
  return createHash('sha256').update(JSON.stringify(parts.map(String)), 'utf8').digest('hex').slice(0, 32).toUpperCase();
}

// ---------------------------------------------------------------------------- validation

function validate(input: StatementInput): void {
  const start = parseIsoDate(input.periodStart);
  const end = parseIsoDate(input.periodEnd);
  if (isoDate(start.year, start.month, start.day) > isoDate(end.year, end.month, end.day)) {
    throw new RangeError(`periodStart ${input.periodStart} is after periodEnd ${input.periodEnd}`);
  }
  const cents = (name: string, v: number | null) => {
    if (v !== null && !Number.isSafeInteger(v)) throw new TypeError(`${name} must be integer cents, got ${v}`);
  };
  cents('openingBalanceCents', input.openingBalanceCents);
  cents('closingBalanceCents', input.closingBalanceCents);
  input.transactions.forEach((t, i) => {
    parseIsoDate(t.date);
    cents(`transactions[${i}].debitCents`, t.debitCents);
    cents(`transactions[${i}].creditCents`, t.creditCents);
    cents(`transactions[${i}].balanceCents`, t.balanceCents);
  });
}

/** The statement is dated the morning after the period ends (UTC), so the date is fixed. */
function documentDate(periodEnd: string): Date {
  const { year, month, day } = parseIsoDate(periodEnd);
  return new Date(Date.UTC(year, month - 1, day + 1, 6, 0, 0));
}

function pdfString(text: string): string {
  return toWinAnsi(text).trim();
}

// ---------------------------------------------------------------------------- drawing

function text(
  doc: Doc,
  value: string,
  x: number,
  y: number,
  opts: {
    width: number;
    align?: 'left' | 'right' | 'center';
    font?: string;
    size?: number;
    color?: string;
    height?: number;
    ellipsis?: boolean;
    lineGap?: number;
    /** shrink the font so the value stays on one line (amounts) */
    fit?: boolean;
  },
): void {
  const printable = toWinAnsi(value);
  let size = opts.size ?? 9;
  doc.font(opts.font ?? FONT).fontSize(size);
  if (opts.fit) {
    const natural = doc.widthOfString(printable);
    if (natural > opts.width) size = Math.floor(((size * opts.width) / natural) * 10) / 10;
  }
  doc
    .fontSize(size)
    .fillColor(opts.color ?? TEXT)
    .text(printable, x, y, {
      width: opts.width,
      align: opts.align ?? 'left',
      // a height keeps pdfkit from ever adding a page on its own: pagination is ours
      height: opts.height ?? PAGE_H,
      ellipsis: opts.ellipsis ?? false,
      lineGap: opts.lineGap ?? 0,
    });
}

function measure(doc: Doc, value: string, width: number, font: string, size: number, lineGap = 0): number {
  return doc.font(font).fontSize(size).heightOfString(toWinAnsi(value), { width, lineGap });
}

function hrule(doc: Doc, y: number, color = RULE, width = 0.75): void {
  doc.save().moveTo(MARGIN, y).lineTo(PAGE_W - MARGIN, y).lineWidth(width).strokeColor(color).stroke().restore();
}

function drawFirstPageHeader(ctx: Context): void {
  const { doc, input, labels } = ctx;
  let y = MARGIN;

  // institution name (left) and title + period (right)
  const nameH = measure(doc, input.institutionName, 290, FONT_BOLD, 20);
  text(doc, input.institutionName, MARGIN, y, { width: 290, font: FONT_BOLD, size: 20, color: ACCENT });
  text(doc, labels.title, PAGE_W - MARGIN - 230, y + 2, { width: 230, align: 'right', font: FONT_BOLD, size: 14 });
  text(doc, ctx.periodText, PAGE_W - MARGIN - 230, y + 21, { width: 230, align: 'right', size: 9, color: MUTED });
  y += Math.max(nameH, 36) + 10;
  hrule(doc, y, ACCENT, 1.5);
  y += 14;

  // holder block (left)
  const leftW = 250;
  let ly = y;
  text(doc, labels.accountHolder.toUpperCase(), MARGIN, ly, { width: leftW, size: 7, color: MUTED });
  ly += 11;
  text(doc, input.holderName, MARGIN, ly, { width: leftW, font: FONT_BOLD, size: 10.5 });
  ly += measure(doc, input.holderName, leftW, FONT_BOLD, 10.5) + 2;
  for (const line of input.holderAddress) {
    if (line.trim() === '') continue;
    text(doc, line, MARGIN, ly, { width: leftW, size: 9.5 });
    ly += measure(doc, line, leftW, FONT, 9.5) + 1;
  }

  // account panel (right)
  const panelW = 236;
  const panelX = PAGE_W - MARGIN - panelW;
  const rows: [string, string][] = [
    [labels.account, input.accountTitle],
    [labels.accountNumber, ctx.masked],
    [labels.transitNumber, input.transitNumber],
    [labels.currency, input.currency],
  ];
  const labelW = 96;
  const valueW = panelW - labelW - 20;
  const rowHeights = rows.map(([, v]) => Math.max(12, measure(doc, v, valueW, FONT_BOLD, 9) + 3));
  const panelH = rowHeights.reduce((a, b) => a + b, 0) + 14;
  doc.save().roundedRect(panelX, y - 4, panelW, panelH, 4).fill(PANEL).restore();
  let ry = y + 3;
  rows.forEach(([label, value], i) => {
    text(doc, label, panelX + 10, ry, { width: labelW, size: 8.5, color: MUTED });
    text(doc, value, panelX + 10 + labelW, ry, { width: valueW, align: 'right', font: FONT_BOLD, size: 9 });
    ry += rowHeights[i]!;
  });

  y = Math.max(ly, y - 4 + panelH) + 18;

  // summary
  text(doc, `${labels.summary} (${input.currency})`, MARGIN, y, { width: CONTENT_W, font: FONT_BOLD, size: 11, color: ACCENT });
  y += 17;
  const totals = sumTransactions(input.transactions);
  const cells: [string, number][] = [
    [labels.openingBalance, input.openingBalanceCents],
    [labels.totalDeposits, totals.credits],
    [labels.totalWithdrawals, totals.debits],
    [labels.closingBalance, input.closingBalanceCents],
  ];
  const boxH = 46;
  const cellW = CONTENT_W / cells.length;
  doc.save().lineWidth(0.75).strokeColor(RULE).rect(MARGIN, y, CONTENT_W, boxH).stroke().restore();
  cells.forEach(([label, cents], i) => {
    const cx = MARGIN + i * cellW;
    if (i > 0) {
      doc.save().moveTo(cx, y + 8).lineTo(cx, y + boxH - 8).lineWidth(0.75).strokeColor(RULE).stroke().restore();
    }
    text(doc, label, cx + 10, y + 9, { width: cellW - 20, size: 8, color: MUTED });
    text(doc, formatAmount(cents), cx + 10, y + 22, {
      width: cellW - 20,
      font: FONT_BOLD,
      size: 13,
      color: i === cells.length - 1 ? ACCENT : TEXT,
      fit: true,
    });
  });
  y += boxH + 20;

  text(doc, labels.transactions, MARGIN, y, { width: CONTENT_W, font: FONT_BOLD, size: 11, color: ACCENT });
  y += 17;
  doc.y = y;
}

function drawContinuationHeader(ctx: Context): number {
  const { doc, input, labels } = ctx;
  let y = MARGIN;
  text(doc, input.institutionName, MARGIN, y, { width: 260, font: FONT_BOLD, size: 12, color: ACCENT, height: 16, ellipsis: true });
  text(doc, `${labels.title} (${labels.continued})`, PAGE_W - MARGIN - 250, y, { width: 250, align: 'right', font: FONT_BOLD, size: 9.5 });
  text(doc, `${labels.account} ${ctx.masked} · ${ctx.periodText}`, PAGE_W - MARGIN - 300, y + 13, {
    width: 300,
    align: 'right',
    size: 8,
    color: MUTED,
  });
  y += 28;
  hrule(doc, y, ACCENT, 1);
  return y + 12;
}

function drawTableHeader(ctx: Context, y: number): number {
  const { doc, labels } = ctx;
  const h = 18;
  doc.save().rect(MARGIN, y, CONTENT_W, h).fill(ACCENT).restore();
  const titles: Record<Column['key'], string> = {
    date: labels.date,
    description: labels.description,
    withdrawals: labels.withdrawals,
    deposits: labels.deposits,
    balance: labels.balance,
  };
  COLUMNS.forEach((col, i) => {
    text(doc, titles[col.key], COLUMN_X[i]! + CELL_PAD_X, y + 5.5, {
      width: col.width - 2 * CELL_PAD_X,
      align: col.align,
      font: FONT_BOLD,
      size: 8,
      color: '#ffffff',
    });
  });
  return y + h;
}

function sumTransactions(transactions: StatementTransaction[]): { debits: number; credits: number } {
  let debits = 0;
  let credits = 0;
  for (const t of transactions) {
    debits += t.debitCents ?? 0;
    credits += t.creditCents ?? 0;
  }
  return { debits, credits };
}

function tableRows(ctx: Context): Row[] {
  const { input, labels } = ctx;
  const rows: Row[] = [
    {
      date: input.periodStart,
      description: labels.openingBalance,
      withdrawals: '',
      deposits: '',
      balance: formatAmount(input.openingBalanceCents),
      bold: true,
    },
  ];
  for (const t of input.transactions) {
    rows.push({
      date: t.date,
      description: t.description.replace(/\s+/g, ' ').trim(),
      withdrawals: t.debitCents === null ? '' : formatAmount(t.debitCents),
      deposits: t.creditCents === null ? '' : formatAmount(t.creditCents),
      balance: formatAmount(t.balanceCents),
    });
  }
  if (input.transactions.length === 0) {
    rows.push({ date: '', description: labels.noTransactions, withdrawals: '', deposits: '', balance: '' });
  }
  rows.push({
    date: input.periodEnd,
    description: labels.closingBalance,
    withdrawals: '',
    deposits: '',
    balance: formatAmount(input.closingBalanceCents),
    bold: true,
  });
  return rows;
}

function drawTransactions(ctx: Context): void {
  const { doc } = ctx;
  const descIndex = COLUMNS.findIndex((c) => c.key === 'description');
  const descWidth = COLUMNS[descIndex]!.width - 2 * CELL_PAD_X;
  const lineH = measure(doc, 'Ag', 1000, FONT, ROW_FONT_SIZE);
  const maxDescH = lineH * MAX_DESCRIPTION_LINES;

  let y = drawTableHeader(ctx, doc.y);
  let zebra = false;
  for (const row of tableRows(ctx)) {
    const font = row.bold ? FONT_BOLD : FONT;
    const descH = Math.min(maxDescH, Math.max(lineH, measure(doc, row.description, descWidth, font, ROW_FONT_SIZE)));
    const rowH = descH + 2 * ROW_PAD_Y;
    if (y + rowH > BODY_BOTTOM) {
      doc.addPage();
      y = drawTableHeader(ctx, drawContinuationHeader(ctx));
      zebra = false;
    }
    if (zebra) doc.save().rect(MARGIN, y, CONTENT_W, rowH).fill(ZEBRA).restore();
    zebra = !zebra;
    COLUMNS.forEach((col, i) => {
      const value = row[col.key];
      if (value === '') return;
      text(doc, value, COLUMN_X[i]! + CELL_PAD_X, y + ROW_PAD_Y, {
        width: col.width - 2 * CELL_PAD_X,
        align: col.align,
        font,
        size: ROW_FONT_SIZE,
        height: col.key === 'description' ? descH + 0.5 : lineH + 0.5,
        ellipsis: col.key === 'description',
        fit: col.align === 'right',
      });
    });
    y += rowH;
  }
  hrule(doc, y, ACCENT, 1);
  y += 14;

  // closing notice
  const noticeH = measure(doc, ctx.labels.notice, CONTENT_W, FONT, 7.5, 1);
  if (y + noticeH > BODY_BOTTOM) {
    doc.addPage();
    y = drawContinuationHeader(ctx);
  }
  text(doc, ctx.labels.notice, MARGIN, y, { width: CONTENT_W, size: 7.5, color: MUTED, lineGap: 1 });
}

function drawFooters(ctx: Context): void {
  const { doc, input, labels } = ctx;
  const range = doc.bufferedPageRange();
  const total = range.count;
  for (let i = 0; i < total; i++) {
    doc.switchToPage(range.start + i);
    hrule(doc, FOOTER_TOP - 5);
    text(doc, `${input.institutionName} · ${labels.account} ${ctx.masked} · ${input.periodStart} / ${input.periodEnd}`, MARGIN, FOOTER_TOP, {
      width: CONTENT_W - 110,
      size: 7.5,
      color: MUTED,
      height: 10,
      ellipsis: true,
    });
    text(doc, labels.page(i + 1, total), PAGE_W - MARGIN - 100, FOOTER_TOP, {
      width: 100,
      align: 'right',
      size: 7.5,
      color: MUTED,
      height: 10,
    });
  }
}
