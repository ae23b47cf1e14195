/**
 * Reading CSV cells: dates in any of the usual orders and spellings, and money amounts with their
 * signs, marks and separators. Pure functions; csv.ts decides which order and which mark a file uses.
 */
import { decimalToCents, formatDate } from './values.ts';
import type { DateOrder } from './csv-presets.ts';

export const ORDER_BITS: Record<DateOrder, number> = { YMD: 1, MDY: 2, DMY: 4 };
const MONTHS: Record<string, number> = {
  jan: 1, january: 1, janv: 1, janvier: 1,
  feb: 2, february: 2, fev: 2, fevr: 2, fevrier: 2,
  mar: 3, march: 3, mars: 3,
  apr: 4, april: 4, avr: 4, avril: 4,
  may: 5, mai: 5,
  jun: 6, june: 6, juin: 6,
  jul: 7, july: 7, juil: 7, juillet: 7,
  aug: 8, august: 8, aou: 8, aout: 8,
  sep: 9, sept: 9, september: 9, septembre: 9,
  oct: 10, october: 10, octobre: 10,
  nov: 11, november: 11, novembre: 11,
  dec: 12, december: 12, decembre: 12,
};

export interface DateParts {
  /** Numeric fields in document order, or a month name fixing the month. */
  a: number;
  b: number;
  c: number;
  aLen: number;
  cLen: number;
  month?: number;
}

function monthNumber(word: string): number | undefined {
  return MONTHS[word.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toLowerCase().replace(/\.$/, '')];
}

const TIME_SUFFIX = /[ T]\d{1,2}:\d{2}(:\d{2}(\.\d+)?)?\s*(AM|PM|Z|[+-]\d{2}:?\d{2})?$/i;

export function dateParts(text: string): DateParts | null {
  let t = text.trim();
  if (!t) return null;
  t = t.replace(TIME_SUFFIX, '');
  let m = /^(\d{4})(\d{2})(\d{2})$/.exec(t);
  if (m) return { a: +m[1]!, b: +m[2]!, c: +m[3]!, aLen: 4, cLen: 2 };
  m = /^(\d{1,4})[-/. ](\d{1,2})[-/. ](\d{1,4})$/.exec(t);
  if (m) return { a: +m[1]!, b: +m[2]!, c: +m[3]!, aLen: m[1]!.length, cLen: m[3]!.length };
  m = /^(\d{1,2})[-/. ]?([A-Za-z\u00c0-\u00ff]{3,9})\.?[-/. ,]*(\d{2,4})$/.exec(t);
  if (m) {
    const month = monthNumber(m[2]!);
    return month ? { a: +m[1]!, b: month, c: +m[3]!, aLen: m[1]!.length, cLen: m[3]!.length, month } : null;
  }
  m = /^(\d{4})[-/. ]([A-Za-z\u00c0-\u00ff]{3,9})\.?[-/. ](\d{1,2})$/.exec(t);
  if (m) {
    const month = monthNumber(m[2]!);
    return month ? { a: +m[1]!, b: month, c: +m[3]!, aLen: 4, cLen: m[3]!.length, month } : null;
  }
  m = /^([A-Za-z\u00c0-\u00ff]{3,9})\.?[ -](\d{1,2}),?[ -](\d{2,4})$/.exec(t);
  if (m) {
    const month = monthNumber(m[1]!);
    return month ? { a: month, b: +m[2]!, c: +m[3]!, aLen: 2, cLen: m[3]!.length, month: -1 } : null;
  }
  return null;
}

function fullYear(y: number, len: number): number {
  if (len >= 4) return y;
  return y >= 80 ? 1900 + y : 2000 + y;
}

export function dateFromParts(p: DateParts, order: DateOrder): string | null {
  if (p.month === -1) return formatDate(fullYear(p.c, p.cLen), p.a, p.b); // "Jan 15, 2024"
  if (p.month !== undefined) return p.aLen === 4 ? formatDate(p.a, p.b, p.c) : formatDate(fullYear(p.c, p.cLen), p.b, p.a);
  if (p.aLen === 4) return order === 'YMD' ? formatDate(p.a, p.b, p.c) : null;
  if (p.aLen > 2) return null;
  if (order === 'MDY') return formatDate(fullYear(p.c, p.cLen), p.a, p.b);
  if (order === 'DMY') return formatDate(fullYear(p.c, p.cLen), p.b, p.a);
  return null;
}

/** Which orders read `text` as a real date (bits of ORDER_BITS); 7 when the text fixes the order itself. */
export function dateOrders(text: string): number {
  const p = dateParts(text);
  if (!p) return 0;
  if (p.month !== undefined) return dateFromParts(p, 'YMD') ? 7 : 0;
  let bits = 0;
  for (const o of ['YMD', 'MDY', 'DMY'] as DateOrder[]) if (dateFromParts(p, o)) bits |= ORDER_BITS[o];
  return bits;
}

export function parseDateCell(text: string, order: DateOrder): string | null {
  const p = dateParts(text);
  return p ? dateFromParts(p, order) : null;
}

const CURRENCY_MARKS = /^(?:CA\$|US\$|C\$|\$|€|£|CAD|USD|EUR)\s*|\s*(?:CA\$|US\$|C\$|\$|€|£|CAD|USD|EUR)$/gi;
const SPACES = /[\s\u00a0\u2007\u202f']/g;

/**
 * A money cell in cents: signs before or after, parentheses, CR/DR suffixes, currency marks and
 * thousands separators. null when empty, NaN when not an amount.
 */
export function parseMoneyCell(text: string, decimal: '.' | ','): number | null {
  let t = text.trim();
  if (!t) return null;
  let negative = false;
  if (t.startsWith('(') && t.endsWith(')')) {
    negative = true;
    t = t.slice(1, -1).trim();
  }
  const suffix = /\s*(CR|DR|DB)\.?$/i.exec(t);
  if (suffix) {
    if (suffix[1]!.toUpperCase() !== 'CR') negative = !negative;
    t = t.slice(0, suffix.index).trim();
  }
  t = t.replace(CURRENCY_MARKS, '');
  if (t.endsWith('-')) {
    negative = !negative;
    t = t.slice(0, -1);
  } else if (t.startsWith('-')) {
    negative = !negative;
    t = t.slice(1);
  } else if (t.startsWith('+')) t = t.slice(1);
  t = t.replace(CURRENCY_MARKS, '').replace(SPACES, '');
  if (!t || t.startsWith('-') || t.startsWith('+')) return NaN;
  const cents = decimal === ',' ? decimalToCents(t, 44, 46) : decimalToCents(t, 46, 44);
  if (Number.isNaN(cents)) return NaN;
  return negative && cents !== 0 ? -cents : cents;
}

const MONEY_SHAPE = /^\(?\s*[-+]?\s*(?:CA\$|US\$|C\$|\$|€|£)?\s*[-+]?\d[\d\s.,'\u00a0\u202f]*\s*(?:\$|€|CAD|USD)?\s*[-]?\s*\)?\s*(?:CR|DR|DB)?\.?$/i;

export function looksLikeMoney(text: string): boolean {
  return MONEY_SHAPE.test(text.trim());
}

/** Votes for the decimal mark: "1,5" and "12,34" for ',', "1.5" and "12.34" for '.'. */
export function decimalVote(text: string): number {
  const t = text.trim().replace(/\s*(CR|DR|DB|-)\.?$/i, '').replace(/\)$/, '');
  const m = /([.,])(\d+)$/.exec(t);
  if (!m) return 0;
  if (m[2]!.length <= 2) return m[1] === ',' ? -1 : 1;
  // Three digits after the last mark: a thousands separator, so the other mark is the decimal one.
  if (m[2]!.length === 3) return m[1] === ',' ? 0.5 : -0.5;
  return 0;
}
