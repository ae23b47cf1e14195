/**
 * The occurrences of an EFT schedule: OneTime, Weekly, Biweekly or Monthly from
 * a start date, for a number of transactions or up to an end date. Pure.
 */
import { addDays, addMonths } from './dates.ts';

export const FREQUENCIES = ['OneTime', 'Weekly', 'Biweekly', 'Monthly'] as const;
export type Frequency = (typeof FREQUENCIES)[number];

/** The most payments one schedule may hold (transactionsCount ≤ 300, and the same bound for an end date). */
export const MAX_TRANSACTIONS = 300;

/** The n-th (0-based) due date of a schedule. */
export function occurrence(frequency: Frequency, startDate: string, n: number): string {
  switch (frequency) {
    case 'OneTime':
      return startDate;
    case 'Weekly':
      return addDays(startDate, 7 * n);
    case 'Biweekly':
      return addDays(startDate, 14 * n);
    case 'Monthly':
      // Always from the start date, so Jan 31 gives Feb 28 then Mar 31 (not Mar 28).
      return addMonths(startDate, n);
  }
}

/**
 * The due dates of a schedule. With an end date: every occurrence on or before
 * it, stopping after `limit + 1` so a caller can tell "too many" without
 * generating them all.
 */
export function occurrences(s: { frequency: Frequency; startDate: string; endDate?: string | null; transactionsCount?: number | null }, limit = MAX_TRANSACTIONS): string[] {
  if (s.frequency === 'OneTime') return [s.startDate];
  const out: string[] = [];
  if (s.endDate) {
    for (let n = 0; n <= limit; n++) {
      const d = occurrence(s.frequency, s.startDate, n);
      if (d > s.endDate) break;
      out.push(d);
    }
    return out;
  }
  const count = Math.min(s.transactionsCount ?? 1, limit + 1);
  for (let n = 0; n < count; n++) out.push(occurrence(s.frequency, s.startDate, n));
  return out;
}
