/**
 * Which CSV column is what: by explicit mapping, by header names (English and French), or by content.
 */
import { StatementParseError, type Position } from './model.ts';
import { normalizeHeader, type ColumnRef, type CsvColumns } from './csv-presets.ts';
import { dateOrders, looksLikeMoney } from './csv-values.ts';

type Role = keyof CsvColumns;

const SYNONYMS: Record<string, Role> = {};
function synonyms(role: Role, names: string[]): void {
  for (const n of names) SYNONYMS[n] = role;
}
synonyms('date', [
  'date', 'transaction date', 'trans date', 'date posted', 'posted date', 'posting date', 'post date', 'booking date',
  'date de transaction', 'date de l operation', 'date d operation', 'date operation', 'date transaction', 'date de la transaction', 'value date',
]);
synonyms('description', [
  'description', 'description 1', 'description 2', 'transaction description', 'details', 'transaction details', 'name', 'memo', 'payee', 'merchant',
  'merchant name', 'narrative', 'libelle', 'description de la transaction', 'detail', 'details de la transaction', 'sub description', 'beneficiaire',
]);
synonyms('amount', ['amount', 'transaction amount', 'montant', 'montant de la transaction', 'cad$', 'cad', 'amount cad', 'amount $', 'value', 'net amount']);
synonyms('debit', [
  'debit', 'debits', 'withdrawal', 'withdrawals', 'withdrawal amount', 'money out', 'paid out', 'retrait', 'retraits', 'debit amount',
  'cheques debits', 'withdrawals debits', 'debit cad', 'montant du debit', 'sortie',
]);
synonyms('credit', [
  'credit', 'credits', 'deposit', 'deposits', 'deposit amount', 'money in', 'paid in', 'depot', 'depots', 'credit amount',
  'deposits credits', 'credit cad', 'montant du credit', 'entree',
]);
synonyms('balance', ['balance', 'running balance', 'solde', 'balance cad', 'ending balance', 'solde courant', 'available balance']);
synonyms('reference', [
  'reference', 'ref', 'reference number', 'transaction id', 'id', 'fitid', 'cheque number', 'check number', 'cheque', 'cheque no', 'cheque #',
  'numero de cheque', 'no de cheque', 'confirmation number', 'numero de reference',
]);
synonyms('account', ['account', 'account number', 'account no', 'numero de compte', 'compte', 'card number', 'card', 'card no', 'first bank card', 'folio']);
synonyms('accountType', ['account type', 'type de compte']);
synonyms('currency', ['currency', 'devise', 'ccy', 'currency code']);
synonyms('type', ['transaction type', 'type', 'debit credit', 'dr cr', 'cr dr', 'sens', 'type de transaction', 'type of transaction', 'transaction']);

const DATE_PRIORITY = ['transaction date', 'date', 'trans date', 'date de transaction', 'date de l operation', 'date d operation', 'date operation', 'date transaction', 'date de la transaction', 'booking date', 'date posted', 'posted date', 'posting date', 'post date', 'value date'];

export interface Mapping {
  date: number;
  description: number[];
  amount: number[];
  debit: number;
  credit: number;
  balance: number;
  reference: number;
  account: number[];
  accountType: number;
  currency: number;
  type: number;
}

export function emptyMapping(): Mapping {
  return { date: -1, description: [], amount: [], debit: -1, credit: -1, balance: -1, reference: -1, account: [], accountType: -1, currency: -1, type: -1 };
}

function headerIndex(header: string[] | null, ref: ColumnRef, what: string, at: Position): number {
  if (typeof ref === 'number') {
    if (!Number.isInteger(ref) || ref < 0) throw new StatementParseError(`column ${what}: ${ref} is not a column number (0-based)`, at);
    return ref;
  }
  if (/^\d+$/.test(ref)) return Number(ref);
  const want = normalizeHeader(ref);
  const i = header ? header.findIndex((h) => normalizeHeader(h) === want) : -1;
  if (i < 0) throw new StatementParseError(`column ${what}: no column named "${ref}"${header ? ` (columns: ${header.join(', ')})` : ' (the file has no header row)'}`, at);
  return i;
}

export function mappingFrom(columns: CsvColumns, header: string[] | null, at: Position): Mapping {
  const m = emptyMapping();
  const one = (ref: ColumnRef | undefined, what: string) => (ref === undefined ? -1 : headerIndex(header, ref, what, at));
  const many = (ref: ColumnRef | ColumnRef[] | undefined, what: string) => (ref === undefined ? [] : (Array.isArray(ref) ? ref : [ref]).map((r) => headerIndex(header, r, what, at)));
  m.date = one(columns.date, 'date');
  m.description = many(columns.description, 'description');
  m.amount = many(columns.amount, 'amount');
  m.debit = one(columns.debit, 'debit');
  m.credit = one(columns.credit, 'credit');
  m.balance = one(columns.balance, 'balance');
  m.reference = one(columns.reference, 'reference');
  m.account = many(columns.account, 'account');
  m.accountType = one(columns.accountType, 'accountType');
  m.currency = one(columns.currency, 'currency');
  m.type = one(columns.type, 'type');
  return m;
}

export function mappingFromHeader(header: string[]): Mapping {
  const m = emptyMapping();
  const names = header.map(normalizeHeader);
  let datePriority = Infinity;
  names.forEach((n, i) => {
    const role = SYNONYMS[n];
    if (!role) return;
    switch (role) {
      case 'date': {
        const p = DATE_PRIORITY.indexOf(n);
        if (p >= 0 && p < datePriority) {
          datePriority = p;
          m.date = i;
        }
        break;
      }
      case 'description':
        m.description.push(i);
        break;
      case 'amount':
        m.amount.push(i);
        break;
      case 'account':
        m.account.push(i);
        break;
      default:
        if (m[role] === -1) (m as unknown as Record<string, number>)[role] = i;
    }
  });
  // "Transaction" is the type in some exports (Tangerine) and the description in others.
  const tx = names.indexOf('transaction');
  if (m.type === tx && tx >= 0 && !m.description.length) {
    m.description.push(tx);
    m.type = -1;
  }
  return m;
}

export function isHeaderRow(cells: string[]): boolean {
  let known = 0;
  for (const c of cells) {
    if (SYNONYMS[normalizeHeader(c)]) known++;
    else if (dateOrders(c) !== 0 || (looksLikeMoney(c) && /\d/.test(c))) return false;
  }
  return known >= 2 || (known >= 1 && cells.length <= 2);
}

interface ColumnStats {
  filled: number;
  dates: number;
  money: number;
  cents: number;
  longDigits: number;
  masked: number;
  length: number;
}

function columnStats(rows: string[][], width: number): ColumnStats[] {
  const stats: ColumnStats[] = Array.from({ length: width }, () => ({ filled: 0, dates: 0, money: 0, cents: 0, longDigits: 0, masked: 0, length: 0 }));
  for (const r of rows) {
    for (let j = 0; j < width; j++) {
      const v = (r[j] ?? '').trim();
      if (!v) continue;
      const s = stats[j]!;
      s.filled++;
      s.length += v.length;
      if (dateOrders(v)) s.dates++;
      if (looksLikeMoney(v)) {
        s.money++;
        if (/[.,]\d{1,2}\)?\s*(CR|DR)?$/i.test(v)) s.cents++;
        if (/^\d{7,}$/.test(v) || /^0\d+$/.test(v)) s.longDigits++;
      }
      if (/^\d{4,6}[*xX•]+\d{3,4}$/.test(v)) s.masked++;
    }
  }
  return stats;
}

/** Columns from the content alone (no header, no preset). */
export function mappingFromContent(allRows: string[][], width: number): Mapping {
  const m = emptyMapping();
  // The first rows tell the columns apart as well as all of them would.
  const rows = allRows.length > 2000 ? allRows.slice(0, 2000) : allRows;
  const n = rows.length;
  const stats = columnStats(rows, width);
  const full = (s: ColumnStats) => s.filled >= 0.9 * n;
  m.date = stats.findIndex((s) => full(s) && s.dates >= 0.9 * s.filled);
  const moneyCols: number[] = [];
  stats.forEach((s, j) => {
    if (j === m.date || !s.filled) return;
    if (s.money >= 0.9 * s.filled && s.longDigits < 0.5 * s.filled && (s.cents > 0 || s.length / s.filled <= 7)) moneyCols.push(j);
  });
  // A debit/credit pair: on every row exactly one of the two is filled.
  for (let x = 0; x < moneyCols.length && m.debit < 0; x++) {
    for (let y = x + 1; y < moneyCols.length; y++) {
      const a = moneyCols[x]!;
      const b = moneyCols[y]!;
      let one = 0;
      let any = 0;
      for (const r of rows) {
        const fa = !!(r[a] ?? '').trim();
        const fb = !!(r[b] ?? '').trim();
        if (fa || fb) any++;
        if (fa !== fb) one++;
      }
      if (any >= 0.9 * n && one >= 0.95 * any && stats[a]!.filled && stats[b]!.filled) {
        m.debit = a;
        m.credit = b;
        break;
      }
    }
  }
  const rest = moneyCols.filter((j) => j !== m.debit && j !== m.credit && full(stats[j]!));
  if (m.debit >= 0) {
    if (rest.length) m.balance = rest[rest.length - 1]!;
  } else if (rest.length) {
    m.amount = [rest[0]!];
    if (rest.length > 1) m.balance = rest[rest.length - 1]!;
  }
  const used = new Set([m.date, m.debit, m.credit, m.balance, ...m.amount]);
  let best = -1;
  let bestLength = 0;
  stats.forEach((s, j) => {
    if (used.has(j) || !s.filled || s.money >= 0.9 * s.filled || s.dates >= 0.9 * s.filled) return;
    if (s.masked >= 0.9 * s.filled) {
      m.account = [j];
      return;
    }
    const avg = s.length / Math.max(1, s.filled);
    if (avg > bestLength) {
      bestLength = avg;
      best = j;
    }
  });
  if (best >= 0) m.description = [best];
  return m;
}
