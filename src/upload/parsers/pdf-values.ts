/**
 * Dates and amounts as bank statements print them, in English and French (pure).
 *
 * Dates: 2024-02-05, 2024/02/05, 02/05/2024 or 05/02/2024 (order decided per document),
 * "Feb 5", "Feb 5, 2024", "5 Feb 2024", "February 5, 2024", "5 février 2024", "1er févr.",
 * "05 FÉVR". A date without a year takes it from the statement period.
 * Amounts: "1,234.56", "1 234,56", "$1,234.56", "1 234,56 $", "-12.34", "12.34-", "(12.34)",
 * "12.34 CR" / "12.34 DR". Always two decimals: a number without them is not an amount
 * (transit numbers, reference numbers and years stay text).
 */

/** A date as read: year may be unknown until the statement period is known. */
export interface LooseDate {
  year: number | null;
  month: number;
  day: number;
}

const MONTH_WORDS: [string, number][] = [
  ['january', 1], ['jan', 1], ['janvier', 1], ['janv', 1],
  ['february', 2], ['feb', 2], ['fevrier', 2], ['fevr', 2], ['fev', 2],
  ['march', 3], ['mar', 3], ['mars', 3],
  ['april', 4], ['apr', 4], ['avril', 4], ['avr', 4],
  ['may', 5], ['mai', 5],
  ['june', 6], ['jun', 6], ['juin', 6],
  ['july', 7], ['jul', 7], ['juillet', 7], ['juil', 7],
  ['august', 8], ['aug', 8], ['aout', 8],
  ['september', 9], ['sept', 9], ['sep', 9], ['septembre', 9],
  ['october', 10], ['oct', 10], ['octobre', 10],
  ['november', 11], ['nov', 11], ['novembre', 11],
  ['december', 12], ['dec', 12], ['decembre', 12],
];
const MONTHS = new Map(MONTH_WORDS);

/** Lower case, accents removed, runs of spaces (including no-break spaces) made one. */
export function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[\s\u00a0\u202f\u2007]+/g, ' ')
    .trim();
}

function monthOf(word: string): number | undefined {
  return MONTHS.get(fold(word).replace(/\.$/, ''));
}

function validDay(year: number | null, month: number, day: number): boolean {
  if (month < 1 || month > 12 || day < 1) return false;
  const max = new Date(Date.UTC(year ?? 2000, month, 0)).getUTCDate(); // 2000 is a leap year: Feb 29 allowed without a year
  return day <= max;
}

function fullYear(y: string): number {
  const n = Number(y);
  return y.length === 2 ? 2000 + n : n;
}

export type NumericOrder = 'ymd' | 'mdy' | 'dmy';

/**
 * Parses one date cell. `order` decides "02/05/2024" (month first unless the document shows
 * otherwise); text with anything else around the date is not a date.
 */
export function parseDate(text: string, order: NumericOrder = 'mdy'): LooseDate | null {
  const s = fold(text).replace(/,/g, ' ').replace(/\s+/g, ' ').trim();
  if (s.length > 24 || s.length < 3) return null;
  let m = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s);
  if (m) return checked(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{2}|\d{4})$/.exec(s);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    const y = fullYear(m[3]!);
    return order === 'dmy' ? checked(y, b, a) : checked(y, a, b);
  }
  m = /^(\d{1,2})[-/.](\d{1,2})$/.exec(s);
  if (m) {
    const a = Number(m[1]);
    const b = Number(m[2]);
    return order === 'dmy' ? checked(null, b, a) : checked(null, a, b);
  }
  // 5 feb 2024, 1er fevr., 05-feb-24
  m = /^(\d{1,2})(?:er)?[\s-]?([a-z]{3,9})\.?(?:[\s-]?(\d{4}|\d{2}))?$/.exec(s);
  if (m) {
    const month = monthOf(m[2]!);
    if (month !== undefined) return checked(m[3] ? fullYear(m[3]) : null, month, Number(m[1]));
  }
  // feb 5, feb 5 2024, february 05 2024
  m = /^([a-z]{3,9})\.?\s?(\d{1,2})(?:\s(\d{4}))?$/.exec(s);
  if (m) {
    const month = monthOf(m[1]!);
    if (month !== undefined) return checked(m[3] ? Number(m[3]) : null, month, Number(m[2]));
  }
  return null;
}

function checked(year: number | null, month: number, day: number): LooseDate | null {
  if (year !== null && (year < 1900 || year > 2200)) return null;
  return validDay(year, month, day) ? { year, month, day } : null;
}

/** The first numeric order consistent with every slash date of the document ("13/02/2024" proves day first). */
export function numericOrderOf(texts: string[], french: boolean): NumericOrder {
  let dayFirst = false;
  let monthFirst = false;
  for (const t of texts) {
    const m = /^\s*(\d{1,2})[-/.](\d{1,2})(?:[-/.]\d{2,4})?\s*$/.exec(t);
    if (!m) continue;
    if (Number(m[1]) > 12) dayFirst = true;
    if (Number(m[2]) > 12) monthFirst = true;
  }
  if (dayFirst && !monthFirst) return 'dmy';
  if (monthFirst && !dayFirst) return 'mdy';
  return french ? 'dmy' : 'mdy';
}

/** Finds dates inside free text ("February 1, 2024 to February 29, 2024", "du 1er février 2024 au 29 février 2024"). */
export function datesInText(text: string, order: NumericOrder = 'mdy'): LooseDate[] {
  const s = fold(text).replace(/,/g, ' ');
  const found: LooseDate[] = [];
  const patterns = [
    /\b\d{4}[-/.]\d{1,2}[-/.]\d{1,2}\b/g,
    /\b\d{1,2}[-/.]\d{1,2}[-/.]\d{4}\b/g,
    /\b\d{1,2}(?:er)?\s[a-z]{3,9}\.?\s\d{4}\b/g,
    /\b[a-z]{3,9}\.?\s\d{1,2}\s+\d{4}\b/g,
  ];
  const hits: { index: number; date: LooseDate }[] = [];
  for (const re of patterns) {
    for (const m of s.matchAll(re)) {
      const d = parseDate(m[0].replace(/\s+/g, ' '), order);
      if (d && d.year !== null) hits.push({ index: m.index, date: d });
    }
  }
  hits.sort((a, b) => a.index - b.index);
  for (const h of hits) found.push(h.date);
  return found;
}

export function isoOf(d: LooseDate, year: number): string {
  return `${String(d.year ?? year).padStart(4, '0')}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}

/** An amount as printed: cents (unsigned unless the text carries a sign) and whether it was signed. */
export interface ParsedAmount {
  cents: number;
  /** The text said negative ("-", "( )", "DR" on a credit card...) or positive ("+", "CR"). */
  sign: 'minus' | 'plus' | 'none';
  /** The text said CR or DR (credit cards). */
  marker?: 'CR' | 'DR';
}

const AMOUNT_RE =
  /^(?<open>\()?\s*(?<lead>[-+\u2212])?\s*(?:(?:CA|US|C)?\$\s*)?(?<lead2>[-+\u2212])?(?<int>\d{1,3}(?:[,\s\u00a0\u202f.']\d{3})*|\d+)(?<dec>[.,]\d{2})\s*(?:\$|CAD|USD)?\s*(?<trail>[-+\u2212])?\s*(?<close>\))?\s*(?<marker>CR|DR|CT|DB)?$/i;

/** Parses one amount cell; null when the text is not an amount with two decimals. */
export function parseAmount(text: string): ParsedAmount | null {
  const s = text.replace(/[\u00a0\u202f\u2007]/g, ' ').trim();
  if (s.length === 0 || s.length > 32) return null;
  const m = AMOUNT_RE.exec(s);
  if (!m?.groups) return null;
  const g = m.groups;
  if (Boolean(g.open) !== Boolean(g.close)) return null;
  const int = g.int!;
  const decSep = g.dec![0];
  // "1.234,56" and "1,234.56": the thousands separator must differ from the decimal one.
  const thousands = int.replace(/\d/g, '');
  if (thousands.length > 0 && new Set(thousands).size > 1) return null;
  if (thousands.includes(decSep!)) return null;
  const units = Number(int.replace(/\D/g, ''));
  const cents = units * 100 + Number(g.dec!.slice(1));
  if (!Number.isSafeInteger(cents)) return null;
  const signs = [g.lead, g.lead2, g.trail].filter(Boolean).map((x) => (x === '+' ? '+' : '-'));
  if (signs.length > 1) return null;
  const marker = g.marker ? (g.marker.toUpperCase() === 'CR' || g.marker.toUpperCase() === 'CT' ? 'CR' : 'DR') : undefined;
  let sign: ParsedAmount['sign'] = 'none';
  if (g.open || signs[0] === '-') sign = 'minus';
  else if (signs[0] === '+') sign = 'plus';
  return marker ? { cents, sign, marker } : { cents, sign };
}

/** Signed cents of a parsed amount as printed: "-", "( )" and "DR" count negative. */
export function signedCents(a: ParsedAmount): number {
  const negative = a.sign === 'minus' || (a.sign === 'none' && a.marker === 'DR');
  return negative ? -a.cents : a.cents;
}
