/** Calendar dates as day numbers (days since 1970-01-01, UTC): windows and buckets are integer arithmetic. */

const MS_PER_DAY = 86_400_000;

/**
 * "YYYY-MM-DD" or "YYYY/MM/DD" -> day number. Integer arithmetic on the characters (the civil
 * calendar formula): the engine converts every transaction's date, so no Date object here.
 */
export function dayNumber(date: string): number {
  let y = (date.charCodeAt(0) - 48) * 1000 + (date.charCodeAt(1) - 48) * 100 + (date.charCodeAt(2) - 48) * 10 + (date.charCodeAt(3) - 48);
  const m = (date.charCodeAt(5) - 48) * 10 + (date.charCodeAt(6) - 48);
  const d = (date.charCodeAt(8) - 48) * 10 + (date.charCodeAt(9) - 48);
  y -= m <= 2 ? 1 : 0;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function dateOf(day: number): string {
  return new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  return dateOf(dayNumber(date) + days);
}

/** Months between the calendar month of `date` and that of `asOf` (0 = same month). */
export function monthsAgo(date: string, asOf: string): number {
  return monthIndex(asOf) - monthIndex(date);
}

/** Months since year 0 of a date's calendar month. */
export function monthIndex(date: string): number {
  const y = (date.charCodeAt(0) - 48) * 1000 + (date.charCodeAt(1) - 48) * 100 + (date.charCodeAt(2) - 48) * 10 + (date.charCodeAt(3) - 48);
  return y * 12 + (date.charCodeAt(5) - 48) * 10 + (date.charCodeAt(6) - 48) - 1;
}
