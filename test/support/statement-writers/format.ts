/** What the test statement writers share besides money (src/upload/writers/format.ts): dates, periods, balances. */
import type { Statement } from '../../../src/upload/parsers/model.ts';

/** "2024-01-15" → "20240115" */
export function compact(date: string): string {
  return date.slice(0, 4) + date.slice(5, 7) + date.slice(8, 10);
}

/** The statement's period as stated, else its first and last transaction dates. */
export function periodOf(s: Statement): { start: string; end: string } | null {
  if (s.period) return s.period;
  const t = s.transactions;
  if (!t.length) return null;
  let start = t[0]!.date;
  let end = start;
  for (const x of t) {
    if (x.date < start) start = x.date;
    if (x.date > end) end = x.date;
  }
  return { start, end };
}

/** Opening and closing balances: as stated, or one derived from the other and the transactions. */
export function balancesOf(s: Statement): { opening?: { amountCents: number; date: string }; closing?: { amountCents: number; date: string } } {
  const sum = s.transactions.reduce((n, t) => n + t.amountCents, 0);
  const period = periodOf(s);
  let { opening, closing } = s.balances;
  if (!opening && closing) opening = { amountCents: closing.amountCents - sum, date: period?.start ?? closing.date };
  if (!closing && opening) closing = { amountCents: opening.amountCents + sum, date: period?.end ?? opening.date };
  return { opening, closing };
}
