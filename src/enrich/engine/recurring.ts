/**
 * Recurring series: the same payee, account and direction at a steady rhythm. Gives the
 * frequency label attributes report (Weekly, Biweekly, Semi-monthly, Monthly) and the next
 * date the series is expected on.
 */
import type { Frequency } from './signals.ts';
import { addDays, dayNumber } from './dates.ts';

export interface Rhythm {
  frequency: Frequency;
  /** The next date after `last` the series is expected on (YYYY-MM-DD). */
  next: string;
}

/** At least three occurrences on distinct days with a steady interval, else null. `dates` ascending. */
export function rhythmOf(dates: readonly string[]): Rhythm | null {
  // One pass over the distinct days (first occurrence order), counting the gaps in each band:
  // this runs for every series of every login, so no array of days or gaps is built. Dates come
  // ascending (as the contract says and the categorizer sorts them), so a repeated day is the one
  // just before and no set is needed; a set is made only for dates out of order.
  let ascending = true;
  for (let i = 1; i < dates.length; i++) if (dates[i]! < dates[i - 1]!) { ascending = false; break; }
  const seen = ascending ? null : new Set<string>();
  let distinct = 0, lastSeen: string | null = null;
  let previous = 0, gaps = 0, weekly = 0, twoWeeks = 0, monthly = 0;
  for (const d of dates) {
    if (seen ? seen.has(d) : d === lastSeen) continue;
    seen?.add(d);
    lastSeen = d;
    distinct++;
    const day = dayNumber(d);
    if (distinct > 1) {
      const g = day - previous;
      gaps++;
      if (g >= 6 && g <= 8) weekly++;
      if (g >= 12 && g <= 17) twoWeeks++;
      if (g >= 26 && g <= 35) monthly++;
    }
    previous = day;
  }
  if (distinct < 3) return null;
  const last = dates[dates.length - 1]!;
  // Business-day shifts move a date by up to three days, which widens each band a little.
  if (weekly / gaps >= 0.75) return { frequency: 'Weekly', next: addDays(last, 7) };
  if (twoWeeks / gaps >= 0.75) {
    // Semi-monthly lands on two days of the month (the 15th, the end of the month), give or take
    // a weekend; biweekly drifts through the month 14 days at a time.
    return onTwoDaysOfMonth(dates) ? { frequency: 'Semi-monthly', next: nextSemiMonthly(dates) } : { frequency: 'Biweekly', next: addDays(last, 14) };
  }
  if (monthly / gaps >= 0.75) return { frequency: 'Monthly', next: nextMonthly(dates) };
  return null;
}

/**
 * The dates a series is expected on after `from` (exclusive), `count` of them: steps of 7 or
 * 14 days, the series' day of the month, or its two days of the month.
 */
export function expectedDates(dates: readonly string[], rhythm: Rhythm, from: string, count: number): string[] {
  const out: string[] = [];
  const doms = dates.map((d) => Number(d.slice(8, 10)));
  const early = typicalDay(doms.filter((d) => d <= 15));
  const late = typicalDay(doms.filter((d) => d > 15));
  const monthly = typicalDay(doms);
  let next = rhythm.next;
  const step = (d: string): string => {
    switch (rhythm.frequency) {
      case 'Weekly':
        return addDays(d, 7);
      case 'Biweekly':
        return addDays(d, 14);
      case 'Monthly':
        return sameDayNextMonth(d, monthly);
      case 'Semi-monthly':
        return Number(d.slice(8, 10)) <= 15 ? withDay(d, late, 0) : sameDayNextMonth(d, early);
    }
  };
  for (let guard = 0; out.length < count && guard < 10_000; guard++) {
    if (next > from) out.push(next);
    next = step(next);
  }
  return out;
}

function onTwoDaysOfMonth(dates: readonly string[]): boolean {
  const early: number[] = [];
  const late: number[] = [];
  for (const d of dates) {
    const dom = Number(d.slice(8, 10));
    if (dom <= 15) early.push(dom);
    else late.push(daysIn(Number(d.slice(0, 4)), Number(d.slice(5, 7))) - dom); // days before the month's end
  }
  const tight = (xs: number[]) => xs.length > 0 && Math.max(...xs) - Math.min(...xs) <= 4;
  return tight(early) && tight(late);
}

function nextMonthly(dates: readonly string[]): string {
  const last = dates[dates.length - 1]!;
  const dom = typicalDay(dates.map((d) => Number(d.slice(8, 10))));
  return sameDayNextMonth(last, dom);
}

function nextSemiMonthly(dates: readonly string[]): string {
  const doms = dates.map((d) => Number(d.slice(8, 10)));
  const early = typicalDay(doms.filter((d) => d <= 15));
  const late = typicalDay(doms.filter((d) => d > 15));
  const last = dates[dates.length - 1]!;
  const lastDom = Number(last.slice(8, 10));
  if (lastDom <= 15) return withDay(last, late, 0);
  return sameDayNextMonth(last, early);
}

/**
 * The most common day of the month (ties: the smallest); 1 when there is none. Days are 1 to 31 (the
 * dates come as YYYY-MM-DD), counted in place: this runs for every monthly and semi-monthly series.
 */
function typicalDay(doms: number[]): number {
  const byDay = new Int32Array(32);
  for (const d of doms) if (d >= 1 && d <= 31) byDay[d]!++;
  let best = 1;
  for (let d = 2; d <= 31; d++) if (byDay[d]! > byDay[best]!) best = d;
  return best;
}

function daysIn(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

function withDay(date: string, dom: number, monthOffset: number): string {
  let y = Number(date.slice(0, 4));
  let m = Number(date.slice(5, 7)) + monthOffset;
  while (m > 12) {
    m -= 12;
    y++;
  }
  const d = Math.min(dom, daysIn(y, m));
  return `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
}

function sameDayNextMonth(date: string, dom: number): string {
  return withDay(date, dom, 1);
}


