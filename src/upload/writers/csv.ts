/**
 * Writes statements as one CSV file: a row per transaction, with the account on every row when
 * there are several statements (the CSV parser splits them again by that column).
 */
import iconv from 'iconv-lite';
import type { Statement } from '../parsers/model.ts';
import { centsText } from './format.ts';

export type CsvWriteColumn = 'account' | 'currency' | 'date' | 'description' | 'amount' | 'debit' | 'credit' | 'balance' | 'id';

export interface CsvWriteOptions {
  delimiter?: ',' | ';' | '\t' | '|';
  decimal?: '.' | ',';
  /** Thousands separator in amounts (none by default). */
  grouping?: string;
  /** YMD writes 2024-01-15, MDY 01/15/2024, DMY 15/01/2024. */
  dateOrder?: 'YMD' | 'MDY' | 'DMY';
  /** Default: account (when several statements), currency (when several currencies), date, description, amount, balance (when every transaction has one), id. */
  columns?: CsvWriteColumn[];
  header?: boolean;
  /** Header names in English (default) or French. */
  language?: 'en' | 'fr';
  charset?: 'utf-8' | 'windows-1252';
  bom?: boolean;
  lineEnding?: '\n' | '\r\n';
}

const NAMES: Record<'en' | 'fr', Record<CsvWriteColumn, string>> = {
  en: { account: 'Account Number', currency: 'Currency', date: 'Date', description: 'Description', amount: 'Amount', debit: 'Debit', credit: 'Credit', balance: 'Balance', id: 'Transaction ID' },
  fr: { account: 'Numéro de compte', currency: 'Devise', date: 'Date', description: 'Description', amount: 'Montant', debit: 'Débit', credit: 'Crédit', balance: 'Solde', id: 'Numéro de référence' },
};

export function defaultCsvColumns(statements: Statement[]): CsvWriteColumn[] {
  const cols: CsvWriteColumn[] = [];
  if (statements.length > 1) cols.push('account');
  if (new Set(statements.map((s) => s.account.currency)).size > 1) cols.push('currency');
  cols.push('date', 'description', 'amount');
  if (statements.every((s) => s.transactions.every((t) => t.balanceCents !== undefined))) cols.push('balance');
  cols.push('id');
  return cols;
}

export function writeCsv(statements: Statement[], options: CsvWriteOptions = {}): Uint8Array {
  const d = options.delimiter ?? ',';
  const mark = options.decimal ?? '.';
  const eol = options.lineEnding ?? '\r\n';
  const columns = options.columns ?? defaultCsvColumns(statements);
  const names = NAMES[options.language ?? 'en'];
  const quote = (v: string) => (v.includes(d) || v.includes('"') || v.includes('\n') || v.includes('\r') || v !== v.trim() ? `"${v.replace(/"/g, '""')}"` : v);
  const date = (iso: string) => {
    const [y, m, day] = iso.split('-');
    if (options.dateOrder === 'MDY') return `${m}/${day}/${y}`;
    if (options.dateOrder === 'DMY') return `${day}/${m}/${y}`;
    return iso;
  };
  const money = (cents: number) => centsText(cents, mark, options.grouping);
  const lines: string[] = [];
  if (options.header !== false) lines.push(columns.map((c) => quote(names[c])).join(d));
  for (const s of statements) {
    for (const t of s.transactions) {
      lines.push(
        columns
          .map((c) => {
            switch (c) {
              case 'account': return quote(s.account.number);
              case 'currency': return s.account.currency;
              case 'date': return date(t.date);
              case 'description': return quote(t.description);
              case 'amount': return quote(money(t.amountCents));
              case 'debit': return t.amountCents < 0 ? quote(money(-t.amountCents)) : '';
              case 'credit': return t.amountCents >= 0 ? quote(money(t.amountCents)) : '';
              case 'balance': return t.balanceCents === undefined ? '' : quote(money(t.balanceCents));
              case 'id': return quote(t.id);
            }
          })
          .join(d),
      );
    }
  }
  const text = (options.bom ? '\uFEFF' : '') + lines.join(eol) + eol;
  return options.charset === 'windows-1252' ? new Uint8Array(iconv.encode(text, 'windows-1252')) : new Uint8Array(Buffer.from(text, 'utf8'));
}
