// Calendar arithmetic on "epoch days" (days since 1970-01-01, proleptic Gregorian, no time zone),
// plus Canadian bank holidays. Pure integer math: no Date objects, no clock.

export interface DayInfo {
  /** Epoch day. */
  day: number;
  /** YYYY-MM-DD */
  date: string;
  year: number;
  /** 1..12 */
  month: number;
  /** 1..31 */
  dom: number;
  /** 0 = Sunday .. 6 = Saturday */
  dow: number;
  daysInMonth: number;
  /** Months since year 0: year * 12 + month - 1. Handy for month-keyed draws. */
  monthIndex: number;
  business: boolean;
}

export function daysFromCivil(year: number, month: number, dom: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + dom - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

export function civilFromDays(day: number): { year: number; month: number; dom: number } {
  const z = day + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const dom = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, dom };
}

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** 0 = Sunday .. 6 = Saturday. 1970-01-01 was a Thursday. */
export function weekday(day: number): number {
  return (((day + 4) % 7) + 7) % 7;
}

const pad2 = (n: number): string => (n < 10 ? '0' + n : String(n));

export function formatDate(day: number): string {
  const { year, month, dom } = civilFromDays(day);
  return `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(dom)}`;
}

/** Parses YYYY-MM-DD strictly; throws on anything else (including impossible dates). */
export function parseDate(s: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(s);
  if (!m) throw new RangeError(`invalid date "${s}" (expected YYYY-MM-DD)`);
  const year = Number(m[1]);
  const month = Number(m[2]);
  const dom = Number(m[3]);
  if (month < 1 || month > 12 || dom < 1 || dom > daysInMonth(year, month)) {
    throw new RangeError(`invalid date "${s}"`);
  }
  return daysFromCivil(year, month, dom);
}

/** Adds days to a YYYY-MM-DD date. */
export function addDays(date: string, days: number): string {
  return formatDate(parseDate(date) + days);
}

/** The n-th (1-based) given weekday of a month. */
function nthWeekday(year: number, month: number, dow: number, n: number): number {
  const first = daysFromCivil(year, month, 1);
  const offset = (dow - weekday(first) + 7) % 7;
  return first + offset + (n - 1) * 7;
}

/** Western Easter Sunday (anonymous Gregorian algorithm). */
function easter(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const dom = ((h + l - 7 * m + 114) % 31) + 1;
  return daysFromCivil(year, month, dom);
}

/** A weekend holiday is observed on the following weekday not already taken. */
function observe(day: number, taken: Set<number>): number {
  let d = day;
  while (weekday(d) === 0 || weekday(d) === 6 || taken.has(d)) d++;
  return d;
}

const holidayCache = new Map<number, Set<number>>();

/**
 * Days the Canadian clearing system (Payments Canada) is closed in a year: New Year's Day,
 * Good Friday, Victoria Day, Canada Day, Civic Holiday, Labour Day, National Day for Truth and
 * Reconciliation (from 2021), Thanksgiving, Remembrance Day, Christmas and Boxing Day.
 */
export function bankHolidays(year: number): Set<number> {
  let set = holidayCache.get(year);
  if (set) return set;
  set = new Set<number>();
  const add = (d: number): void => {
    set.add(observe(d, set));
  };
  add(daysFromCivil(year, 1, 1));
  set.add(easter(year) - 2);
  // Victoria Day: the Monday before May 25.
  const may25 = daysFromCivil(year, 5, 25);
  set.add(may25 - ((weekday(may25) + 6) % 7 || 7));
  add(daysFromCivil(year, 7, 1));
  set.add(nthWeekday(year, 8, 1, 1));
  set.add(nthWeekday(year, 9, 1, 1));
  if (year >= 2021) add(daysFromCivil(year, 9, 30));
  set.add(nthWeekday(year, 10, 1, 2));
  add(daysFromCivil(year, 11, 11));
  add(daysFromCivil(year, 12, 25));
  add(daysFromCivil(year, 12, 26));
  holidayCache.set(year, set);
  return set;
}

export function isBusinessDay(day: number): boolean {
  return dayInfo(day).business;
}

function computeBusinessDay(day: number, year: number): boolean {
  const dow = weekday(day);
  if (dow === 0 || dow === 6) return false;
  return !bankHolidays(year).has(day);
}

/** The day itself if it is a business day, else the closest later one. */
export function onOrAfterBusinessDay(day: number): number {
  let d = day;
  while (!isBusinessDay(d)) d++;
  return d;
}

const infoCache = new Map<number, DayInfo>();

export function dayInfo(day: number): DayInfo {
  let info = infoCache.get(day);
  if (info) return info;
  const { year, month, dom } = civilFromDays(day);
  info = Object.freeze({
    day,
    date: `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(dom)}`,
    year,
    month,
    dom,
    dow: weekday(day),
    daysInMonth: daysInMonth(year, month),
    monthIndex: year * 12 + month - 1,
    business: computeBusinessDay(day, year),
  });
  if (infoCache.size > 50000) infoCache.clear();
  infoCache.set(day, info);
  return info;
}
