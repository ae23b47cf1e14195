// Recurring schedules (weekly, biweekly, semi-monthly, monthly, quarterly...) evaluated on a
// single day, with the usual business-day adjustment of Canadian payments. Anchors are absolute
// epoch days, never the start of the requested range, so the same payday falls on the same date
// whatever window is generated.

import { dayInfo, type DayInfo } from './calendar.ts';
import type { Recurrence } from './types.ts';

export type Schedule =
  | { every: 'weekly'; dow: number }
  /** anchor: any epoch day on which the schedule falls. */
  | { every: 'biweekly'; anchor: number }
  /** Two days of the month; 31 means "last day of the month". */
  | { every: 'semimonthly'; days: readonly [number, number] }
  /** Day of month, clamped to the month's length. */
  | { every: 'monthly'; dom: number }
  /** Day of month in the listed months. */
  | { every: 'quarterly'; dom: number; months: readonly number[] }
  /** The n-th last business day of the month (1 = last). */
  | { every: 'nthLastBusinessDay'; n: number };

/**
 * prev: a date falling on a weekend/holiday moves to the previous business day (pay, benefits).
 * next: it moves to the next business day (pre-authorized debits).
 * none: it stays (card-billed subscriptions, e-transfers).
 */
export type Shift = 'prev' | 'next' | 'none';

/** First Friday on or after 1970-01-01 is epoch day 1 (1970-01-02). */
export const EPOCH_FRIDAY = 1;

function nominal(s: Schedule, info: DayInfo): boolean {
  switch (s.every) {
    case 'weekly':
      return info.dow === s.dow;
    case 'biweekly':
      return (((info.day - s.anchor) % 14) + 14) % 14 === 0;
    case 'semimonthly':
      return Math.min(s.days[0], info.daysInMonth) === info.dom || Math.min(s.days[1], info.daysInMonth) === info.dom;
    case 'monthly':
      return Math.min(s.dom, info.daysInMonth) === info.dom;
    case 'quarterly':
      return s.months.includes(info.month) && Math.min(s.dom, info.daysInMonth) === info.dom;
    case 'nthLastBusinessDay': {
      if (!info.business) return false;
      let count = 1;
      for (let d = info.day + 1, left = info.daysInMonth - info.dom; left > 0; d++, left--) if (dayInfo(d).business) count++;
      return count === s.n;
    }
  }
}

/** Number of occurrences of the schedule that land on `day` after the shift (usually 0 or 1). */
export function occurrences(s: Schedule, shift: Shift, day: number | DayInfo): number {
  const today = typeof day === 'number' ? dayInfo(day) : day;
  if (shift === 'none' || s.every === 'nthLastBusinessDay') return nominal(s, today) ? 1 : 0;
  if (!today.business) return 0;
  let n = nominal(s, today) ? 1 : 0;
  // Closed days right after today ('prev') or right before it ('next') move onto today.
  const step = shift === 'prev' ? 1 : -1;
  for (let k = 1; k < 8; k++) {
    const info = dayInfo(today.day + step * k);
    if (info.business) break;
    if (nominal(s, info)) n++;
  }
  return n;
}

export function occursOn(s: Schedule, shift: Shift, day: number | DayInfo): boolean {
  return occurrences(s, shift, day) > 0;
}

export function recurrenceOf(s: Schedule): Recurrence | undefined {
  switch (s.every) {
    case 'weekly':
      return 'weekly';
    case 'biweekly':
      return 'biweekly';
    case 'semimonthly':
      return 'semimonthly';
    case 'monthly':
    case 'nthLastBusinessDay':
      return 'monthly';
    case 'quarterly':
      return undefined;
  }
}
