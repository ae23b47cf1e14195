/**
 * Reading the values statement formats share: decimal amounts into integer cents, calendar dates,
 * and description text. Pure and allocation-light: these run once per transaction.
 */

/**
 * A plain decimal number ("-1234.56", "+.5", "12", "1234,5" with a comma separator) in cents.
 * `separator` is the decimal mark's char code (46 '.' or 44 ','); `grouping` a thousands mark to skip
 * (0 for none). Digits beyond the cents round half away from zero. NaN when the text is not such a
 * number or is too large to hold exactly.
 */
export function decimalToCents(s: string, separator = 46, grouping = 0, from = 0, to = s.length): number {
  let i = from;
  let n = to;
  while (i < n && s.charCodeAt(i) <= 32) i++;
  while (n > i && s.charCodeAt(n - 1) <= 32) n--;
  let negative = false;
  const first = s.charCodeAt(i);
  if (first === 45) {
    negative = true;
    i++;
  } else if (first === 43) i++;
  let whole = 0;
  let digits = 0;
  for (; i < n; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) {
      whole = whole * 10 + (c - 48);
      digits++;
    } else if (c === grouping && digits > 0) continue;
    else break;
  }
  let cents = 0;
  let fraction = 0;
  if (i < n && s.charCodeAt(i) === separator) {
    i++;
    for (; i < n; i++) {
      const c = s.charCodeAt(i);
      if (c < 48 || c > 57) break;
      if (fraction === 0) cents += (c - 48) * 10;
      else if (fraction === 1) cents += c - 48;
      else if (fraction === 2 && c >= 53) cents += 1;
      fraction++;
    }
  }
  if (i !== n || digits + fraction === 0 || digits > 15) return NaN;
  const total = whole * 100 + cents;
  if (!Number.isSafeInteger(total)) return NaN;
  return negative && total !== 0 ? -total : total;
}

const DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

export function daysInMonth(year: number, month: number): number {
  if (month === 2 && ((year % 4 === 0 && year % 100 !== 0) || year % 400 === 0)) return 29;
  return DAYS[month - 1] ?? 0;
}

const DATES = new Map<number, string>();

/**
 * "YYYY-MM-DD", or null when it is not a real calendar date (years 1900 to 2199). The same date is
 * the same string: statements repeat dates on every line, so they are made once (and held once).
 */
export function formatDate(year: number, month: number, day: number): string | null {
  if (!(year >= 1900 && year <= 2199 && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month))) return null;
  const key = year * 10000 + month * 100 + day;
  let text = DATES.get(key);
  if (text === undefined) {
    text = `${year}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
    DATES.set(key, text);
  }
  return text;
}

/** Reads `count` ASCII digits of `s` from `at`; -1 when one is not a digit. */
export function digitsAt(s: string, at: number, count: number): number {
  let v = 0;
  for (let i = at; i < at + count; i++) {
    const c = s.charCodeAt(i);
    if (!(c >= 48 && c <= 57)) return -1;
    v = v * 10 + (c - 48);
  }
  return v;
}

/**
 * "YYYYMMDD..." (OFX dates, compact dates) as "YYYY-MM-DD"; the time and zone that may follow are
 * ignored; "YYYY-MM-DD" is read too. Reads s[from, to) (trimmed).
 */
export function compactDate(s: string, from = 0, to = s.length): string | null {
  let a = from;
  let b = to;
  while (a < b && s.charCodeAt(a) <= 32) a++;
  while (b > a && s.charCodeAt(b - 1) <= 32) b--;
  if (b - a < 8) return null;
  const dashed = b - a >= 10 && s.charCodeAt(a + 4) === 45 && s.charCodeAt(a + 7) === 45;
  const y = digitsAt(s, a, 4);
  const m = digitsAt(s, a + (dashed ? 5 : 4), 2);
  const d = digitsAt(s, a + (dashed ? 8 : 6), 2);
  if (y < 0 || m < 0 || d < 0) return null;
  const rest = a + (dashed ? 10 : 8);
  if (rest < b) {
    const c = s.charCodeAt(rest);
    // A time, a fraction, a zone in brackets or a space may follow, nothing else.
    if (!((c >= 48 && c <= 57) || c === 46 || c === 91 || c === 32 || c === 84 || c === 43 || c === 45)) return null;
  }
  return formatDate(y, m, d);
}

const SPACES = /[\s\u00a0\u2007\u202f]+/g;
/**
 * What cleanText would change: a control character, a white space other than the plain space (the
 * characters of \s), two spaces in a row, a space at either end. A regular expression and not a
 * loop over charCodeAt: values are mostly slices of the document, whose characters a loop reads
 * several times slower.
 */
// eslint-disable-next-line no-control-regex -- matching the C0 control characters is this pattern's purpose
const NOT_CLEAN = /[\x00-\x1f\u00a0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000\ufeff]| {2}|^ | $/;

/** Description text: runs of white space (tabs, line breaks, no-break spaces) become one space; trimmed. */
export function cleanText(s: string): string {
  // Most descriptions are clean: look before rewriting.
  return s.length === 0 || !NOT_CLEAN.test(s) ? s : s.replace(SPACES, ' ').trim();
}

const ENTITY = /&(#x[0-9a-fA-F]{1,6}|#[0-9]{1,7}|[a-zA-Z]{2,8});/g;
const NAMED: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", nbsp: '\u00a0' };

/** SGML/XML character references in OFX values; unknown names are left as they are. */
export function decodeEntities(s: string): string {
  if (s.indexOf('&') < 0) return s;
  return s.replace(ENTITY, (whole, ref: string) => {
    if (ref.charCodeAt(0) === 35) {
      const code = ref.charCodeAt(1) === 120 || ref.charCodeAt(1) === 88 ? parseInt(ref.slice(2), 16) : parseInt(ref.slice(1), 10);
      return code > 0 && code <= 0x10ffff && !(code >= 0xd800 && code <= 0xdfff) ? String.fromCodePoint(code) : whole;
    }
    return NAMED[ref.toLowerCase()] ?? whole;
  });
}
