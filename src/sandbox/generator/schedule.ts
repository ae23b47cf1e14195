// Recurring schedules (weekly, biweekly, semi-monthly, monthly, quarterly...) evaluated on a
// single day, with the usual business-day adjustment of Canadian payments. Anchors are absolute
// epoch days, never the start of the requested range, so the same payday falls on the same date
// whatever window is generated.

import { dayInfo, isBusinessDay, onOrAfterBusinessDay, onOrBeforeBusinessDay } from './calendar.ts';
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

function nominal(s: Schedule, day: number): boolean {
  switch (s.every) {
    case 'weekly':
      return dayInfo(day).dow === s.dow;
    case 'biweekly':
      return (((day - s.anchor) % 14) + 14) % 14 === 0;
    case 'semimonthly': {
      const info = dayInfo(day);
      return s.days.some((d) => Math.min(d, info.daysInMonth) === info.dom);
    }
    case 'monthly': {
      const info = dayInfo(day);
      return Math.min(s.dom, info.daysInMonth) === info.dom;
    }
    case 'quarterly': {
      const info = dayInfo(day);
      return s.months.includes(info.month) && Math.min(s.dom, info.daysInMonth) === info.dom;
    }
    case 'nthLastBusinessDay': {
      if (!isBusinessDay(day)) return false;
      const info = dayInfo(day);
      let count = 0;
      for (let d = day; dayInfo(d).month === info.month; d++) if (isBusinessDay(d)) count++;
      return count === s.n;
    }
  }
}

/** Number of occurrences of the schedule that land on `day` after the shift (usually 0 or 1). */
export function occurrences(s: Schedule, shift: Shift, day: number): number {
  if (shift === 'none' || s.every === 'nthLastBusinessDay') return nominal(s, day) ? 1 : 0;
  if (!isBusinessDay(day)) return 0;
  let n = 0;
  // A nominal date maps here if it is this day, or a closed day whose adjustment lands here.
  for (let k = 0; k < 7; k++) {
    const d = shift === 'prev' ? day + k : day - k;
    if (k > 0 && isBusinessDay(d)) break;
    if (nominal(s, d)) {
      const adjusted = shift === 'prev' ? onOrBeforeBusinessDay(d) : onOrAfterBusinessDay(d);
      if (adjusted === day) n++;
    }
  }
  return n;
}

export function occursOn(s: Schedule, shift: Shift, day: number): boolean {
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
