/**
 * The CSV exports of the large Canadian banks, as they are publicly known to look.
 *
 * None of these banks documents its export format; each preset is written from what their online
 * banking is widely reported to download, and `inferred` says which parts are least certain.
 * docs/import.md lists them. A preset is chosen explicitly (`preset: 'td'`) or recognised from the
 * file: by its header row when the export has one, by the shape of its rows for the few headerless
 * exports distinctive enough (Scotiabank, CIBC credit card, Desjardins).
 *
 * Column numbers are 0-based.
 */
import type { AccountKind } from './model.ts';

export type DateOrder = 'YMD' | 'MDY' | 'DMY';
export type SignConvention = 'inflowPositive' | 'outflowPositive';

/** A column by 0-based index, or by its header text (case, accents and punctuation ignored). */
export type ColumnRef = number | string;

export interface CsvColumns {
  date?: ColumnRef;
  /** One column, or several joined with a space (e.g. RBC's Description 1 and Description 2). */
  description?: ColumnRef | ColumnRef[];
  /** A signed amount; several columns when the export has one per currency (the first non-empty wins). */
  amount?: ColumnRef | ColumnRef[];
  /** Money out and money in, in two columns. */
  debit?: ColumnRef;
  credit?: ColumnRef;
  balance?: ColumnRef;
  /** The document's transaction id or cheque number. */
  reference?: ColumnRef;
  /** An account or card number: rows are grouped into one statement per value. */
  account?: ColumnRef | ColumnRef[];
  /** Account type text (e.g. "Chequing", "Visa"), read with the preset's kinds. */
  accountType?: ColumnRef;
  currency?: ColumnRef;
  /** A debit/credit indicator (DEBIT/CREDIT, DR/CR, D/C) for unsigned amounts. */
  type?: ColumnRef;
}

export type CsvPresetId =
  | 'rbc'
  | 'td'
  | 'bmo'
  | 'bmo-credit-card'
  | 'scotiabank'
  | 'scotiabank-credit-card'
  | 'cibc'
  | 'cibc-credit-card'
  | 'desjardins'
  | 'national-bank'
  | 'tangerine'
  | 'tangerine-credit-card';

export interface CsvPreset {
  id: CsvPresetId;
  institution: string;
  /** The header row as normalised text (see normalizeHeader), or null for a headerless export. */
  header: string[][] | null;
  /**
   * For headerless exports distinctive enough to recognise: does a data row have this shape?
   * Generic layouts (date, description, amounts) have none: the content detection reads them as well.
   */
  shape?: (cells: string[]) => boolean;
  columns: CsvColumns;
  /** Currency of each `amount` column, when there are several. */
  amountCurrencies?: string[];
  dateOrder: DateOrder;
  /** How a single amount column is signed; absent means detected. */
  sign?: SignConvention;
  kind?: AccountKind;
  /** Account kinds by the normalised text of the `accountType` column. */
  kinds?: Record<string, AccountKind>;
  currency?: string;
  /** What the preset takes for granted without a public specification. */
  inferred: string;
}

/** Header text compared without case, accents, punctuation or repeated spaces. */
export function normalizeHeader(text: string): string {
  return text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9$]+/g, ' ')
    .trim();
}

const MDY = /^\d{1,2}\/\d{1,2}\/\d{4}$/;
const YMD_DASH = /^\d{4}-\d{2}-\d{2}$/;
const YMD_SLASH = /^\d{4}\/\d{2}\/\d{2}$/;
const MONEY = /^-?\d*\.?\d*$/;

export const CSV_PRESETS: readonly CsvPreset[] = [
  {
    id: 'rbc',
    institution: 'RBC Royal Bank',
    header: [['account type', 'account number', 'transaction date', 'cheque number', 'description 1', 'description 2', 'cad$', 'usd$']],
    columns: { accountType: 0, account: 1, date: 2, reference: 3, description: [4, 5], amount: [6, 7] },
    amountCurrencies: ['CAD', 'USD'],
    dateOrder: 'MDY',
    sign: 'inflowPositive',
    kinds: { chequing: 'chequing', 'us chequing': 'chequing', savings: 'savings', 'us savings': 'savings', visa: 'creditCard', mastercard: 'creditCard', 'line of credit': 'lineOfCredit', loan: 'loan' },
    inferred: 'account-type names other than Chequing, Savings and Visa; several accounts in one file are split by account number',
  },
  {
    id: 'td',
    institution: 'TD Canada Trust',
    header: null,
    columns: { date: 0, description: 1, debit: 2, credit: 3, balance: 4 },
    dateOrder: 'MDY',
    inferred: 'no header; credit-card exports use the same columns with the balance owed as a positive number (detected from the balance chain)',
  },
  {
    id: 'bmo',
    institution: 'BMO Bank of Montreal',
    header: [['first bank card', 'transaction type', 'date posted', 'transaction amount', 'description']],
    columns: { account: 0, type: 1, date: 2, amount: 3, description: 4 },
    dateOrder: 'YMD',
    sign: 'inflowPositive',
    kind: 'chequing',
    inferred: 'the lines before the header ("Following data is valid as of ...") are skipped; the card number is written with a leading quote',
  },
  {
    id: 'bmo-credit-card',
    institution: 'BMO Bank of Montreal',
    header: [['item', 'card', 'transaction date', 'posting date', 'transaction amount', 'description']],
    columns: { account: 1, date: 2, amount: 4, description: 5 },
    dateOrder: 'YMD',
    sign: 'outflowPositive',
    kind: 'creditCard',
    inferred: 'purchases are positive and payments negative (card convention)',
  },
  {
    id: 'scotiabank',
    institution: 'Scotiabank',
    header: null,
    shape: (c) => c.length === 5 && MDY.test(c[0]!.trim()) && /^-?\d+(\.\d+)?$/.test(c[1]!.trim()) && c[2]!.trim() === '-',
    columns: { date: 0, amount: 1, description: [3, 4] },
    dateOrder: 'MDY',
    sign: 'inflowPositive',
    kind: 'chequing',
    inferred: 'no header; the third column holds "-"; the fourth (transaction type) and fifth (description) are joined',
  },
  {
    id: 'scotiabank-credit-card',
    institution: 'Scotiabank',
    header: null,
    columns: { date: 0, description: 1, amount: 2 },
    dateOrder: 'MDY',
    kind: 'creditCard',
    inferred: 'no header; how purchases are signed is detected from the file (payments, balance)',
  },
  {
    id: 'cibc',
    institution: 'CIBC',
    header: null,
    columns: { date: 0, description: 1, debit: 2, credit: 3 },
    dateOrder: 'YMD',
    kind: 'chequing',
    inferred: 'no header; debit then credit column',
  },
  {
    id: 'cibc-credit-card',
    institution: 'CIBC',
    header: null,
    shape: (c) => c.length === 5 && YMD_DASH.test(c[0]!.trim()) && MONEY.test(c[2]!.trim()) && MONEY.test(c[3]!.trim()) && /^\d{4}[*xX]+\d{4}$/.test(c[4]!.trim()),
    columns: { date: 0, description: 1, debit: 2, credit: 3, account: 4 },
    dateOrder: 'YMD',
    kind: 'creditCard',
    inferred: 'no header; the fifth column is the masked card number',
  },
  {
    id: 'desjardins',
    institution: 'Desjardins',
    header: null,
    shape: (c) => c.length >= 14 && /^\d{3,5}$/.test(c[0]!.trim()) && YMD_SLASH.test(c[3]!.trim()),
    columns: { account: [0, 1, 2], accountType: 2, date: 3, description: 5, debit: 7, credit: 8, balance: 13 },
    dateOrder: 'YMD',
    kinds: { eop: 'chequing', es: 'savings', et: 'savings', mc: 'creditCard', vi: 'creditCard', visa: 'creditCard', pr: 'loan', mar: 'lineOfCredit', mc1: 'creditCard' },
    inferred: 'no header, windows-1252; columns: transit, account, account type (EOP = chequing), date, line number, description, cheque, withdrawal, deposit, ..., balance (14th); account-type codes other than EOP',
  },
  {
    id: 'national-bank',
    institution: 'National Bank of Canada',
    header: [
      ['date', 'description', 'category', 'debit', 'credit', 'balance'],
      ['date', 'description', 'categorie', 'debit', 'credit', 'solde'],
    ],
    columns: { date: 0, description: 1, debit: 3, credit: 4, balance: 5 },
    dateOrder: 'YMD',
    kind: 'chequing',
    inferred: 'the whole layout (header in English or French, ISO dates, debit and credit columns)',
  },
  {
    id: 'tangerine',
    institution: 'Tangerine',
    header: [['date', 'transaction', 'name', 'memo', 'amount']],
    columns: { date: 0, type: 1, description: [2, 3], amount: 4 },
    dateOrder: 'MDY',
    sign: 'inflowPositive',
    kind: 'chequing',
    inferred: 'savings and chequing exports are alike: the kind defaults to chequing',
  },
  {
    id: 'tangerine-credit-card',
    institution: 'Tangerine',
    header: [['transaction date', 'transaction', 'name', 'memo', 'amount']],
    columns: { date: 0, type: 1, description: [2, 3], amount: 4 },
    dateOrder: 'MDY',
    sign: 'inflowPositive',
    kind: 'creditCard',
    inferred: 'purchases negative as in the chequing export',
  },
];

export function presetById(id: string): CsvPreset | undefined {
  return CSV_PRESETS.find((p) => p.id === id);
}

/** The preset whose header row is `cells`, if any. */
export function presetForHeader(cells: string[]): CsvPreset | undefined {
  const norm = cells.map(normalizeHeader);
  while (norm.length && norm[norm.length - 1] === '') norm.pop();
  return CSV_PRESETS.find((p) => p.header?.some((h) => h.length === norm.length && h.every((x, i) => x === norm[i])));
}

/** The headerless preset whose shape the first data rows have (all of them must agree). */
export function presetForShape(rows: string[][]): CsvPreset | undefined {
  const sample = rows.slice(0, 20);
  if (!sample.length) return undefined;
  return CSV_PRESETS.find((p) => p.shape && sample.every((r) => p.shape!(r)));
}
