/**
 * Text helpers for generated bank statements (pure, no I/O).
 *
 * Amounts are always written "1,234.56" (comma thousands, point decimals, leading "-"
 * when negative), in both languages, so that a PDF statement parser can read the
 * table back without knowing the language of the document.
 */

export type StatementLanguage = 'en' | 'fr';

/** Integer cents -> "1,234.56" / "-0.05". */
export function formatAmount(cents: number): string {
  if (!Number.isSafeInteger(cents)) throw new TypeError(`amount must be an integer number of cents, got ${cents}`);
  const negative = cents < 0;
  const abs = Math.abs(cents);
  const units = Math.floor(abs / 100).toString();
  const fraction = (abs % 100).toString().padStart(2, '0');
  const grouped = units.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}${grouped}.${fraction}`;
}

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Parses a strict YYYY-MM-DD calendar date; throws on anything else (including 2024-02-30). */
export function parseIsoDate(date: string): { year: number; month: number; day: number } {
  const m = DATE_RE.exec(date);
  if (!m) throw new RangeError(`invalid date (expected YYYY-MM-DD): ${JSON.stringify(date)}`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) {
    throw new RangeError(`invalid date: ${date}`);
  }
  return { year, month, day };
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

export function isoDate(year: number, month: number, day: number): string {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
}

const MONTHS: Record<StatementLanguage, string[]> = {
  en: ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'],
  fr: ['janvier', 'février', 'mars', 'avril', 'mai', 'juin', 'juillet', 'août', 'septembre', 'octobre', 'novembre', 'décembre'],
};

/** "January 5, 2024" / "5 janvier 2024" (French ordinal "1er" for the first). */
export function formatLongDate(date: string, language: StatementLanguage): string {
  const { year, month, day } = parseIsoDate(date);
  const name = MONTHS[language][month - 1]!;
  if (language === 'fr') return `${day === 1 ? '1er' : day} ${name} ${year}`;
  return `${name} ${day}, ${year}`;
}

/** Shows only the last four characters of an account number: "****1000". */
export function maskAccountNumber(accountNumber: string): string {
  const compact = accountNumber.replace(/\s+/g, '');
  if (compact.length <= 4) return compact;
  return `****${compact.slice(-4)}`;
}

// Unicode code points outside Latin-1 that the WinAnsi encoding of the PDF standard fonts has.
const WIN_ANSI_EXTRA = new Set([
  0x0152, 0x0153, 0x0160, 0x0161, 0x0178, 0x017d, 0x017e, 0x0192, 0x02c6, 0x02dc, 0x2013, 0x2014, 0x2018,
  0x2019, 0x201a, 0x201c, 0x201d, 0x201e, 0x2020, 0x2021, 0x2022, 0x2026, 0x2030, 0x2039, 0x203a, 0x20ac,
  0x2122,
]);

// Letters that have no canonical decomposition, so stripping accents does not help.
const TRANSLITERATE: Record<string, string> = {
  Ł: 'L', ł: 'l', Đ: 'D', đ: 'd', Ħ: 'H', ħ: 'h', ı: 'i', Ŀ: 'L', ŀ: 'l', Ŧ: 'T', ŧ: 't', ŉ: "'n",
  '\u2212': '-', '\u2010': '-', '\u2011': '-', '\u2012': '-', '\u2032': "'", '\u2033': '"',
  '\u2009': ' ', '\u200a': ' ', '\u2002': ' ', '\u2003': ' ', '\u202f': ' ', '\u2007': ' ', '\u200b': '', '\ufeff': '',
};

function isWinAnsi(cp: number): boolean {
  return (cp >= 0x20 && cp <= 0x7e) || (cp >= 0xa0 && cp <= 0xff) || WIN_ANSI_EXTRA.has(cp);
}

/**
 * Makes text printable with the built-in PDF fonts (WinAnsi): control characters become
 * spaces, letters outside the encoding are transliterated ("ő" -> "o", "Ł" -> "L"),
 * anything else (CJK, emoji...) becomes "?".
 */
export function toWinAnsi(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    if (isWinAnsi(cp)) {
      out += ch;
      continue;
    }
    const mapped = TRANSLITERATE[ch];
    if (mapped !== undefined) {
      out += mapped;
      continue;
    }
    if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0) || ch === '\u2028' || ch === '\u2029') {
      out += ' ';
      continue;
    }
    const stripped = ch.normalize('NFD').replace(/\p{M}/gu, '');
    out += [...stripped].every((c) => isWinAnsi(c.codePointAt(0)!)) && stripped !== '' ? stripped : '?';
  }
  return out;
}

export interface StatementLabels {
  title: string;
  period: (start: string, end: string) => string;
  accountHolder: string;
  account: string;
  accountNumber: string;
  transitNumber: string;
  currency: string;
  summary: string;
  openingBalance: string;
  totalDeposits: string;
  totalWithdrawals: string;
  closingBalance: string;
  transactions: string;
  date: string;
  description: string;
  withdrawals: string;
  deposits: string;
  balance: string;
  continued: string;
  noTransactions: string;
  page: (n: number, m: number) => string;
  notice: string;
}

export const LABELS: Record<StatementLanguage, StatementLabels> = {
  en: {
    title: 'Account Statement',
    period: (start, end) => `${start} to ${end}`,
    accountHolder: 'Account holder',
    account: 'Account',
    accountNumber: 'Account number',
    transitNumber: 'Transit number',
    currency: 'Currency',
    summary: 'Account summary',
    openingBalance: 'Opening balance',
    totalDeposits: 'Total deposits',
    totalWithdrawals: 'Total withdrawals',
    closingBalance: 'Closing balance',
    transactions: 'Account activity',
    date: 'Date',
    description: 'Description',
    withdrawals: 'Withdrawals',
    deposits: 'Deposits',
    balance: 'Balance',
    continued: 'continued',
    noTransactions: 'No transactions this period',
    page: (n, m) => `Page ${n} of ${m}`,
    notice:
      'Please review this statement promptly. Report any error or omission within 30 days of the statement date; ' +
      'after that time the entries and balances shown are considered correct.',
  },
  fr: {
    title: 'Relevé de compte',
    period: (start, end) => `du ${start} au ${end}`,
    accountHolder: 'Titulaire du compte',
    account: 'Compte',
    accountNumber: 'Numéro de compte',
    transitNumber: 'Numéro de transit',
    currency: 'Devise',
    summary: 'Sommaire du compte',
    openingBalance: "Solde d'ouverture",
    totalDeposits: 'Total des dépôts',
    totalWithdrawals: 'Total des retraits',
    closingBalance: 'Solde de clôture',
    transactions: 'Opérations du compte',
    date: 'Date',
    description: 'Description',
    withdrawals: 'Retraits',
    deposits: 'Dépôts',
    balance: 'Solde',
    continued: 'suite',
    noTransactions: 'Aucune opération au cours de la période',
    page: (n, m) => `Page ${n} de ${m}`,
    notice:
      'Veuillez vérifier ce relevé dès sa réception. Signalez toute erreur ou omission dans les 30 jours suivant la date du relevé; ' +
      'passé ce délai, les écritures et les soldes indiqués sont réputés exacts.',
  },
};
