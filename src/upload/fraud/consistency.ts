/**
 * Whether the numbers of a statement agree with each other (pure): the running balance
 * recomputed from the transactions, opening + transactions = closing, rows that lack data,
 * a transaction table with nothing in it; and across the documents of one upload, the same
 * statement twice (a copy, or two versions that disagree).
 */
import type { Statement } from '../parsers/model.ts';
import type { PdfStatementReading } from '../parsers/pdf-table.ts';
import { chain } from '../parsers/pdf-table.ts';
import type { Evidence, SignalType } from './signals.ts';

const money = (cents: number) => `${cents < 0 ? '-' : ''}${Math.floor(Math.abs(cents) / 100)}.${String(Math.abs(cents) % 100).padStart(2, '0')}`;

export function pdfConsistencyEvidence(reading: PdfStatementReading): { type: SignalType; evidence: Evidence }[] {
  const out: { type: SignalType; evidence: Evidence }[] = [];
  for (const b of reading.breaks) {
    out.push({ type: 'Unreconciled balances', evidence: { specificType: 'RunningBalance', value: `${b.date}: balance printed ${money(b.printedCents)}, the transactions give ${money(b.expectedCents)}`, dataType: 'Amount', page: b.page } });
  }
  if (reading.closingMismatchCents !== null) {
    out.push({ type: 'Unreconciled balances', evidence: { specificType: 'ClosingBalance', value: `closing balance differs from opening balance plus transactions by ${money(reading.closingMismatchCents)}`, dataType: 'Amount', page: reading.pages[reading.pages.length - 1] } });
  }
  for (const row of reading.incompleteRows) {
    out.push({ type: 'Missing transaction data', evidence: { specificType: 'IncompleteRow', value: row.text || '(a row without description)', dataType: 'Text', page: row.page } });
  }
  if (reading.statement.transactions.length === 0 && !reading.statedNoTransactions) {
    out.push({ type: 'Empty transaction data', evidence: { specificType: 'NoTransactions', value: 'the transaction table has no transactions', dataType: 'Text', page: reading.pages[0] } });
  }
  if (reading.statement.account.number === 'unknown') {
    out.push({ type: 'Missing transaction data', evidence: { specificType: 'NoAccountNumber', value: 'the statement shows no account number', dataType: 'Text', page: reading.pages[0] } });
  }
  return out;
}

/** The same checks for statements of other formats (OFX, CSV...), from the running balances they carry. */
export function statementConsistencyEvidence(s: Statement): { type: SignalType; evidence: Evidence }[] {
  const out: { type: SignalType; evidence: Evidence }[] = [];
  const amounts = s.transactions.map((t) => t.amountCents);
  const balances = s.transactions.map((t) => t.balanceCents ?? null);
  if (balances.some((b) => b !== null)) {
    const asset = chain(s.balances.opening?.amountCents, amounts, balances, 1);
    const liability = chain(s.balances.opening?.amountCents, amounts, balances, -1);
    const best = asset.breaks.length <= liability.breaks.length ? asset : liability;
    for (const b of best.breaks) {
      const t = s.transactions[b.index]!;
      out.push({ type: 'Unreconciled balances', evidence: { specificType: 'RunningBalance', value: `${t.date}: balance ${money(b.printed)}, the transactions give ${money(b.expected)}`, dataType: 'Amount' } });
    }
  }
  if (s.transactions.length === 0) out.push({ type: 'Empty transaction data', evidence: { specificType: 'NoTransactions', value: 'the statement has no transactions', dataType: 'Text' } });
  return out;
}

export interface DocumentFingerprint {
  index: number;
  fileName: string;
  sha256: string;
  statements: Statement[];
}

/** Evidence for each document (by index) that repeats or contradicts an earlier one of the same upload. */
export function duplicateEvidence(documents: DocumentFingerprint[]): Map<number, { type: SignalType; evidence: Evidence }[]> {
  const out = new Map<number, { type: SignalType; evidence: Evidence }[]>();
  const add = (i: number, specificType: string, value: string) => {
    const list = out.get(i) ?? [];
    list.push({ type: 'Duplicate statement', evidence: { specificType, value, dataType: 'File' } });
    out.set(i, list);
  };
  for (let j = 0; j < documents.length; j++) {
    const later = documents[j]!;
    for (let i = 0; i < j; i++) {
      const earlier = documents[i]!;
      // A copy of an even earlier document was compared through that one already.
      if (earlier.sha256 !== later.sha256 && documents.slice(0, i).some((d) => d.sha256 === earlier.sha256)) continue;
      if (earlier.sha256 === later.sha256) {
        add(later.index, 'IdenticalFile', `the same file as "${earlier.fileName}"`);
        break;
      }
      for (const b of later.statements) {
        for (const a of earlier.statements) {
          if (!sameAccount(a, b) || !overlap(a, b)) continue;
          if (samePeriod(a, b) && contentKey(a) === contentKey(b)) add(later.index, 'IdenticalStatement', `the statement of ${b.account.number} for ${periodText(b)} is also in "${earlier.fileName}"`);
          else if (samePeriod(a, b)) add(later.index, 'ConflictingContent', `"${earlier.fileName}" has a different statement of ${b.account.number} for ${periodText(b)}`);
          else if (conflictingOverlap(a, b)) add(later.index, 'ConflictingContent', `"${earlier.fileName}" shows different transactions for ${b.account.number} on the days both statements cover`);
        }
      }
    }
  }
  return out;
}

function sameAccount(a: Statement, b: Statement): boolean {
  const last4 = (n: string) => n.replace(/\D/g, '').slice(-4);
  return a.account.kind === b.account.kind && a.account.currency === b.account.currency && last4(a.account.number) !== '' && last4(a.account.number) === last4(b.account.number);
}

function span(s: Statement): { start: string; end: string } | null {
  if (s.period) return s.period;
  const dates = s.transactions.map((t) => t.date).sort();
  return dates.length > 0 ? { start: dates[0]!, end: dates[dates.length - 1]! } : null;
}

function overlap(a: Statement, b: Statement): boolean {
  const x = span(a);
  const y = span(b);
  return x !== null && y !== null && x.start <= y.end && y.start <= x.end;
}

function samePeriod(a: Statement, b: Statement): boolean {
  const x = span(a);
  const y = span(b);
  return x !== null && y !== null && x.start === y.start && x.end === y.end;
}

function periodText(s: Statement): string {
  const p = span(s);
  return p ? `${p.start} to ${p.end}` : 'an unknown period';
}

function contentKey(s: Statement): string {
  return JSON.stringify([s.balances.opening?.amountCents ?? null, s.balances.closing?.amountCents ?? null, s.transactions.map((t) => [t.date, t.amountCents, t.balanceCents ?? null])]);
}

/** Overlapping statements must agree on the days both cover. */
function conflictingOverlap(a: Statement, b: Statement): boolean {
  const x = span(a)!;
  const y = span(b)!;
  const from = x.start > y.start ? x.start : y.start;
  const to = x.end < y.end ? x.end : y.end;
  const within = (s: Statement) => s.transactions.filter((t) => t.date >= from && t.date <= to).map((t) => `${t.date}|${t.amountCents}`).sort().join(',');
  return within(a) !== within(b);
}
