/**
 * The attribute engine: one pass over a login's categorized transactions fills a table of
 * sums and counts per subject and window; every attribute is then read from that table (or
 * from the subject's transaction list and the daily balance series). Pure: the caller gives
 * the date the data is as of, the accounts and the categorized transactions.
 */
import type { Categorized } from './categorize.ts';
import { dayNumber, monthIndex, monthsAgo } from './dates.ts';
import { expectedDates, rhythmOf } from './recurring.ts';
import { ATTRIBUTES, DAY_WINDOWS, type AttributeDef, type Compute, type Window } from './registry.ts';
import type { Direction } from './signals.ts';
import { SUBJECTS, SUBJECT_INDEX } from './subjects.ts';

export const NONE_DETECTED = 'NONE_DETECTED';
export type Value = number | string;

export interface EngineAccount {
  id: string;
  /** Deposit accounts carry money; credit products carry the amount owed (their balance sign is reversed). */
  owed: boolean;
  currentCents: number;
}

/** A transaction as a login or an upload gives it. */
export interface RawTransaction {
  id: string;
  accountId: string;
  date: string;
  description: string;
  debitCents: number | null;
  creditCents: number | null;
  balanceCents: number | null;
}

/**
 * A login's transactions and what the categorizer made of them, as parallel arrays: the
 * transactions are the caller's own objects, not copied into a new object each with its category
 * (a copy per transaction cost a third of the time of a card from raw transactions).
 */
export interface EngineInput {
  /** The date the data is as of (YYYY-MM-DD): windows end on it, month buckets count from its month. */
  asOf: string;
  accounts: EngineAccount[];
  /**
   * Transactions of the accounts analysed, in any order of dates; an account's transactions of one day in
   * the order they were posted (the day's last gives the end-of-day balance).
   */
  transactions: readonly RawTransaction[];
  /** The category of each transaction (parallel to transactions). */
  categories: readonly Categorized[];
  /** The subjects (indexes into SUBJECTS) each transaction belongs to, when categorization already worked them out (parallel to transactions). */
  subjects?: readonly (readonly number[])[];
}

/**
 * The subjects a categorized transaction belongs to. Subject tests read only a few fields, so
 * transactions with the same fields share one answer: computed once per distinct key, not 64
 * predicate calls per transaction. The key is the primary, the sub-category and a number
 * packing the signals the tests read (codeOf), looked up level by level: no key string is made
 * per call. A signal outside its type's values (never from the categorizer) takes a string key.
 */
const membershipCache = new Map<string, Map<string, Map<number, readonly number[]>>>();
const membershipByText = new Map<string, readonly number[]>();
let membershipEntries = 0;

const codeOfIncome = (v: string | undefined) => (v === undefined || v === '' ? 0 : v === 'employer' ? 1 : v === 'government' ? 2 : v === 'other' ? 3 : -1);
const codeOfLoan = (v: string | undefined) => (v === undefined || v === '' ? 0 : v === 'auto' ? 1 : v === 'mortgage' ? 2 : v === 'student' ? 3 : v === 'micro' ? 4 : v === 'other' ? 5 : -1);
const codeOfNsf = (v: string | undefined) => (v === undefined || v === '' ? 0 : v === 'fee' ? 1 : v === 'stop_payment' ? 2 : v === 'reversal' ? 3 : -1);
const codeOfBill = (v: string | undefined) => (v === undefined || v === '' ? 0 : v === 'utility' ? 1 : v === 'telecom' ? 2 : -1);
const GOVERNMENT_CODES = new Map<string, number>(['', 'EI', 'CCB', 'GST_HST', 'CPP', 'OAS', 'SOCIAL_ASSISTANCE', 'WSIB', 'PENSION', 'CHILD_SUPPORT', 'DISABILITY', 'TAX_REFUND', 'OTHER'].map((g, i) => [g, i]));

/** The signals and flags the subject tests read, as one number; -1 when one has a value outside its type. */
function codeOf(c: Categorized, credit: boolean): number {
  const s = c.signals;
  const income = codeOfIncome(s.income);
  const loan = codeOfLoan(s.loan);
  const nsf = codeOfNsf(s.nsf);
  const bill = codeOfBill(s.bill);
  const government = s.government === undefined ? 0 : GOVERNMENT_CODES.get(s.government) ?? -1;
  if (income < 0 || loan < 0 || nsf < 0 || bill < 0 || government < 0) return -1;
  return (credit ? 1 : 0) | (s.ownTransfer ? 2 : 0) | (s.gambling ? 4 : 0) | (c.recurring ? 8 : 0) | (income << 4) | (loan << 6) | (nsf << 9) | (bill << 11) | (government << 13);
}

export function membership(c: Categorized, credit: boolean): readonly number[] {
  const code = codeOf(c, credit);
  if (code < 0) {
    const s = c.signals;
    const key = `${credit ? 1 : 0}|${c.primary}|${c.sub}|${s.income ?? ''}|${s.government ?? ''}|${s.loan ?? ''}|${s.nsf ?? ''}|${s.ownTransfer ? 1 : 0}|${s.bill ?? ''}|${s.gambling ? 1 : 0}|${c.recurring ? 1 : 0}`;
    let list = membershipByText.get(key);
    if (list === undefined) {
      if (membershipByText.size > 10_000) membershipByText.clear();
      membershipByText.set(key, (list = subjectsFor(c, credit)));
    }
    return list;
  }
  let bySub = membershipCache.get(c.primary);
  if (bySub === undefined) membershipCache.set(c.primary, (bySub = new Map<string, Map<number, readonly number[]>>()));
  let byCode = bySub.get(c.sub);
  if (byCode === undefined) bySub.set(c.sub, (byCode = new Map<number, readonly number[]>()));
  let list = byCode.get(code);
  if (list === undefined) {
    if (membershipEntries > 10_000) {
      membershipCache.clear();
      membershipEntries = 0;
      return membership(c, credit);
    }
    byCode.set(code, (list = subjectsFor(c, credit)));
    membershipEntries++;
  }
  return list;
}

function subjectsFor(c: Categorized, credit: boolean): readonly number[] {
  const direction: Direction = credit ? 'credit' : 'debit';
  const out: number[] = [];
  SUBJECTS.forEach((subject, i) => {
    if ((subject.direction === 'both' || subject.direction === direction) && subject.test(c, direction)) out.push(i);
  });
  return out;
}

// Columns of the table: the whole history, the day windows, then the 13 calendar months.
const COL_ALL = 0;
const COL_DAYS = new Map<number, number>(DAY_WINDOWS.map((d, i) => [d, 1 + i]));
const COL_MONTH0 = 1 + DAY_WINDOWS.length;
const COLUMNS = COL_MONTH0 + 13;
const BALANCE_DAYS = 366;

/** What one pass over the transactions leaves behind; attributes read only this. */
export class Analysis {
  readonly sums: Float64Array;
  readonly counts: Float64Array;
  /** Transaction indexes per subject, ascending by date. */
  readonly members: number[][];
  readonly asOfDay: number;
  /** Earliest transaction date (day number), or asOfDay when there is none. */
  readonly firstDay: number;
  /** Complete calendar months (1..12 months ago) that lie inside the history. */
  readonly completeMonths: number[];
  /** End-of-day balance of the accounts added together, index 0 = asOf, i = i days before. Null without balances. */
  readonly balances: Float64Array | null;
  readonly activeDays: number;
  /** Counts of all / debit / credit transactions per month bucket (for activity trends). */
  readonly activity: { all: Float64Array; debit: Float64Array; credit: Float64Array };

  /** Day number of each transaction (parallel to input.transactions). */
  readonly days: Int32Array;
  private readonly memo = new Map<string, unknown>();

  constructor(readonly input: EngineInput) {
    const txns = input.transactions;
    const categories = input.categories;
    const given = input.subjects;
    const n = txns.length;
    const k = SUBJECTS.length;
    this.sums = new Float64Array(k * COLUMNS);
    this.counts = new Float64Array(k * COLUMNS);
    this.members = Array.from({ length: k }, () => []);
    this.asOfDay = dayNumber(input.asOf);
    const asOfMonth = monthIndex(input.asOf);
    this.activity = { all: new Float64Array(13), debit: new Float64Array(13), credit: new Float64Array(13) };
    // One sequential pass reads each transaction object once into columns; the date-ordered pass
    // below then touches only these arrays (the objects sit scattered in memory).
    this.days = new Int32Array(n);
    const months = new Int32Array(n);
    const amounts = new Float64Array(n);
    const credits = new Uint8Array(n);
    const balanceOf = new Float64Array(n);
    const accountOf = new Int32Array(n);
    const subjectsOf = new Array<readonly number[]>(n);
    // A login has a few accounts and its transactions come account by account or day by day among them:
    // the last account found is asked first, then the others in turn (no hash of the id per transaction).
    const accountIds = input.accounts.map((a) => a.id);
    let lastId: string | null = null;
    let lastIndex = -1;
    let minDay = Infinity;
    let maxDay = -Infinity;
    for (let i = 0; i < n; i++) {
      const t = txns[i]!;
      const day = dayNumber(t.date);
      this.days[i] = day;
      months[i] = asOfMonth - monthIndex(t.date);
      const creditCents = t.creditCents ?? 0;
      const debitCents = t.debitCents ?? 0;
      const credit = creditCents > 0 && !(debitCents > 0);
      credits[i] = credit ? 1 : 0;
      amounts[i] = credit ? creditCents : debitCents;
      balanceOf[i] = t.balanceCents ?? NaN;
      if (t.accountId !== lastId) {
        lastId = t.accountId;
        lastIndex = accountIds.lastIndexOf(lastId);
      }
      accountOf[i] = lastIndex;
      subjectsOf[i] = given?.[i] ?? membership(categories[i]!, credit);
      if (day < minDay) minDay = day;
      if (day > maxDay) maxDay = day;
    }
    // Oldest first (members lists come out in date order), ties in input order: a counting sort
    // by day, since a history spans a few thousand days at most.
    const order = new Int32Array(n);
    if (n > 0) {
      const starts = new Int32Array(maxDay - minDay + 2);
      for (let i = 0; i < n; i++) starts[this.days[i]! - minDay + 1]!++;
      for (let d = 1; d < starts.length; d++) starts[d]! += starts[d - 1]!;
      for (let i = 0; i < n; i++) order[starts[this.days[i]! - minDay]!++] = i;
    }
    let firstDay = this.asOfDay;
    const oldest = n > 0 ? this.days[order[0]!]! : this.asOfDay;
    const seen = new Uint8Array(Math.max(0, this.asOfDay - oldest) + 1);
    let activeDays = 0;
    const sums = this.sums;
    const counts = this.counts;
    const members = this.members;
    const asOfDay = this.asOfDay;
    const days = this.days;
    const windowDays = Int32Array.from(DAY_WINDOWS as readonly number[]);
    const windows = windowDays.length;
    const activityAll = this.activity.all;
    const activityCredit = this.activity.credit;
    const activityDebit = this.activity.debit;
    for (let o = 0; o < n; o++) {
      const i = order[o]!;
      const day = days[i]!;
      if (day > asOfDay) continue; // after the data's date: not part of this card
      if (day < firstDay) firstDay = day;
      const age = asOfDay - day;
      if (seen[age] === 0) {
        activeDays++;
        seen[age] = 1;
      }
      const amount = amounts[i]!;
      const month = months[i]!;
      if (month < 13) {
        activityAll[month]!++;
        if (credits[i] === 1) activityCredit[month]!++;
        else activityDebit[month]!++;
      }
      const subjects = subjectsOf[i]!;
      for (let m = 0; m < subjects.length; m++) {
        const s = subjects[m]!;
        members[s]!.push(i);
        const base = s * COLUMNS;
        sums[base + COL_ALL]! += amount;
        counts[base + COL_ALL]!++;
        for (let w = 0; w < windows; w++) {
          if (age < windowDays[w]!) {
            sums[base + 1 + w]! += amount;
            counts[base + 1 + w]!++;
          }
        }
        if (month < 13) {
          sums[base + COL_MONTH0 + month]! += amount;
          counts[base + COL_MONTH0 + month]!++;
        }
      }
    }
    this.firstDay = firstDay;
    this.activeDays = activeDays;
    this.completeMonths = [];
    for (let m = 1; m <= 12; m++) if (dayNumber(monthStart(input.asOf, m)) >= firstDay) this.completeMonths.push(m);
    this.balances = dailyBalances(input.accounts, asOfDay, { order, days, amounts, credits, balanceOf, accountOf });
  }

  /** A value computed once per card (main series of a subject, names...). */
  once<T>(key: string, make: () => T): T {
    if (this.memo.has(key)) return this.memo.get(key) as T;
    const v = make();
    this.memo.set(key, v);
    return v;
  }

  sum(subject: string, w: Window): number {
    return this.sums[SUBJECT_INDEX.get(subject)! * COLUMNS + column(w)]!;
  }

  count(subject: string, w: Window): number {
    return this.counts[SUBJECT_INDEX.get(subject)! * COLUMNS + column(w)]!;
  }

  detected(subject: string): boolean {
    return this.counts[SUBJECT_INDEX.get(subject)! * COLUMNS + COL_ALL]! > 0;
  }

  /** Indexes of the subject's transactions inside a window. */
  inWindow(subject: string, w: Window): number[] {
    const list = this.members[SUBJECT_INDEX.get(subject)!]!;
    if (w.kind === 'all') return list;
    return list.filter((i) => dayInWindow(this.days[i]!, this.input.transactions[i]!.date, w, this.input.asOf, this.asOfDay));
  }
}

function column(w: Window): number {
  if (w.kind === 'all') return COL_ALL;
  if (w.kind === 'days') return COL_DAYS.get(w.days)!;
  return COL_MONTH0 + w.ago;
}

export function inWindow(date: string, w: Window, asOf: string, asOfDay = dayNumber(asOf)): boolean {
  return dayInWindow(dayNumber(date), date, w, asOf, asOfDay);
}

/** inWindow for a date whose day number is known (the analysis has every transaction's). */
function dayInWindow(day: number, date: string, w: Window, asOf: string, asOfDay: number): boolean {
  if (day > asOfDay) return false;
  if (w.kind === 'all') return true;
  if (w.kind === 'days') return asOfDay - day < w.days;
  return monthsAgo(date, asOf) === w.ago;
}

/** First day of the calendar month `ago` months before asOf's month. */
export function monthStart(asOf: string, ago: number): string {
  let y = Number(asOf.slice(0, 4));
  let m = Number(asOf.slice(5, 7)) - ago;
  while (m < 1) {
    m += 12;
    y--;
  }
  return `${y}-${String(m).padStart(2, '0')}-01`;
}

/** The analysis's per-transaction columns that the balance series reads (parallel to input.transactions; order is by date). */
interface Columns {
  order: Int32Array;
  days: Int32Array;
  amounts: Float64Array;
  credits: Uint8Array;
  balanceOf: Float64Array;
  accountOf: Int32Array;
}

/**
 * End-of-day balance of the accounts together, for the last 366 days. Each account's balance
 * on a day is the running balance after its last transaction that day or before; before its
 * first transaction, the balance that transaction started from. Credit products count negative.
 */
function dailyBalances(accounts: readonly EngineAccount[], asOfDay: number, c: Columns): Float64Array | null {
  if (accounts.length === 0) return null;
  const out = new Float64Array(BALANCE_DAYS);
  const firstDay = asOfDay - BALANCE_DAYS + 1;
  // One pass over the transactions in date order for all the accounts: each account's balance on each of
  // the 366 days (NaN where it has no transaction), the balance before the first of those days, and the
  // balance its first transaction started from.
  const k = accounts.length;
  const atDay = new Float64Array(k * BALANCE_DAYS).fill(NaN);
  const last = new Float64Array(k).fill(NaN);
  const opening = new Float64Array(k);
  const opened = new Uint8Array(k);
  for (let o = 0; o < c.order.length; o++) {
    const i = c.order[o]!;
    const a = c.accountOf[i]!;
    if (a < 0 || Number.isNaN(c.balanceOf[i]!)) continue;
    if (opened[a] === 0) {
      opened[a] = 1;
      const delta = c.credits[i] === 1 ? c.amounts[i]! : -c.amounts[i]!;
      opening[a] = c.balanceOf[i]! - (accounts[a]!.owed ? -delta : delta);
    }
    const d = c.days[i]!;
    if (d < firstDay) last[a] = c.balanceOf[i]!;
    else if (d <= asOfDay) atDay[a * BALANCE_DAYS + d - firstDay] = c.balanceOf[i]!;
  }
  // Then account by account, in the accounts' order, each filled forward and added in.
  for (let a = 0; a < k; a++) {
    const account = accounts[a]!;
    const sign = account.owed ? -1 : 1;
    if (opened[a] === 0) {
      for (let d = 0; d < BALANCE_DAYS; d++) out[d]! += sign * account.currentCents;
      continue;
    }
    let balance = Number.isNaN(last[a]!) ? opening[a]! : last[a]!;
    const base = a * BALANCE_DAYS;
    for (let d = 0; d < BALANCE_DAYS; d++) {
      const v = atDay[base + d]!;
      if (!Number.isNaN(v)) balance = v;
      out[BALANCE_DAYS - 1 - d]! += sign * balance;
    }
  }
  return out;
}

// ---- attribute values ------------------------------------------------------------------------

const money = (cents: number): number => Math.round(cents) / 100;
const ratio = (x: number): number => Math.round(x * 100) / 100;

function trendLabel(recent: number, previous: number): string {
  if (previous === 0) return recent > 0 ? 'INCREASING' : 'CONSISTENT';
  const r = recent / previous;
  return r > 1.1 ? 'INCREASING' : r < 0.9 ? 'DECREASING' : 'CONSISTENT';
}

function monthsSum(a: Analysis, subject: string, from: number, to: number, what: 'sum' | 'count' = 'sum'): number {
  let total = 0;
  for (let m = from; m <= to; m++) total += what === 'sum' ? a.sum(subject, { kind: 'month', ago: m }) : a.count(subject, { kind: 'month', ago: m });
  return total;
}

/** Average monthly total over the complete months inside the history; 30-day rate when there is none. */
function monthlyComplex(a: Analysis, subject: string, what: 'sum' | 'count' = 'sum'): number {
  if (a.completeMonths.length === 0) {
    const days = a.asOfDay - a.firstDay + 1;
    return ((what === 'sum' ? a.sum(subject, { kind: 'all' }) : a.count(subject, { kind: 'all' })) * 30) / days;
  }
  let total = 0;
  for (const m of a.completeMonths) total += what === 'sum' ? a.sum(subject, { kind: 'month', ago: m }) : a.count(subject, { kind: 'month', ago: m });
  return total / a.completeMonths.length;
}

/** The subject's main recurring series: the series with the most members. */
function mainSeries(a: Analysis, subject: string): { dates: string[] } | null {
  return a.once(`series:${subject}`, () => findMainSeries(a, subject));
}

function findMainSeries(a: Analysis, subject: string): { dates: string[] } | null {
  const bySeries = new Map<string, string[]>();
  for (const i of a.members[SUBJECT_INDEX.get(subject)!]!) {
    const key = a.input.categories[i]!.recurring?.series;
    if (!key) continue;
    let list = bySeries.get(key);
    if (!list) bySeries.set(key, (list = []));
    list.push(a.input.transactions[i]!.date);
  }
  let best: string[] | null = null;
  for (const list of bySeries.values()) if (!best || list.length > best.length) best = list;
  return best ? { dates: best } : null;
}

function nameOf(a: Analysis, subject: string): string | null {
  return a.once(`name:${subject}`, () => findName(a, subject));
}

function findName(a: Analysis, subject: string): string | null {
  const totals = new Map<string, number>();
  const sources = a.members[SUBJECT_INDEX.get(subject)!]!.length > 0 ? [subject] : subject === 'micro_loan_payments' ? ['micro_loan_deposits'] : [subject];
  for (const s of sources) {
    for (const i of a.members[SUBJECT_INDEX.get(s)!]!) {
      const t = a.input.transactions[i]!;
      const signals = a.input.categories[i]!.signals;
      const name = signals.employer ?? signals.merchant;
      if (!name) continue;
      totals.set(name, (totals.get(name) ?? 0) + (t.creditCents ?? t.debitCents ?? 0));
    }
  }
  let best: string | null = null;
  for (const [n, v] of totals) if (best === null || v > totals.get(best)! || (v === totals.get(best)! && n < best)) best = n;
  return best;
}

function distinctNames(a: Analysis, subjects: string[], before?: number): Set<string> {
  const out = new Set<string>();
  for (const s of subjects) {
    for (const i of a.members[SUBJECT_INDEX.get(s)!]!) {
      if (before !== undefined && a.days[i]! >= before) continue;
      const signals = a.input.categories[i]!.signals;
      const name = signals.employer ?? signals.merchant;
      if (name) out.add(name);
    }
  }
  return out;
}

export function evaluate(a: Analysis, def: AttributeDef): Value {
  const c: Compute = def.compute;
  switch (c.kind) {
    case 'sum':
      return a.detected(c.subject) ? money(a.sum(c.subject, c.window)) : NONE_DETECTED;
    case 'count':
      return a.detected(c.subject) ? a.count(c.subject, c.window) : NONE_DETECTED;
    case 'average':
      return a.detected(c.subject) ? money(a.sum(c.subject, { kind: 'all' }) / a.count(c.subject, { kind: 'all' })) : NONE_DETECTED;
    case 'monthlyComplex':
      return a.detected(c.subject) ? money(monthlyComplex(a, c.subject)) : NONE_DETECTED;
    case 'monthlyCount':
      return a.detected(c.subject) ? ratio(monthlyComplex(a, c.subject, 'count')) : NONE_DETECTED;
    case 'monthlySimple':
      return a.detected(c.subject) ? money(a.sum(c.subject, { kind: 'days', days: 365 }) / 12) : NONE_DETECTED;
    case 'annualNet':
      return a.detected(c.subject) ? money(monthlyComplex(a, c.subject) * 12) : NONE_DETECTED;
    case 'trend': {
      if (!a.detected(c.subject)) return NONE_DETECTED;
      const recent = monthsSum(a, c.subject, 1, 3);
      const previous = monthsSum(a, c.subject, 4, 6);
      if (c.numeric) return previous === 0 ? NONE_DETECTED : ratio(recent / previous);
      return trendLabel(recent, previous);
    }
    case 'frequency': {
      const s = mainSeries(a, c.subject);
      return s ? rhythmOf(s.dates)?.frequency ?? NONE_DETECTED : NONE_DETECTED;
    }
    case 'name':
      return nameOf(a, c.subject) ?? NONE_DETECTED;
    case 'has':
      return a.detected(c.subject) ? 'YES' : 'NO';
    case 'distinct': {
      const n = distinctNames(a, c.subject === 'micro_loan_payments' ? ['micro_loan_payments', 'micro_loan_deposits'] : [c.subject]).size;
      return n;
    }
    case 'lastDate': {
      const dates = a.once(`dates:${c.subject}`, () => [...new Set(a.members[SUBJECT_INDEX.get(c.subject)!]!.map((i) => a.input.transactions[i]!.date))]);
      const d = dates[dates.length - c.nth];
      return d ? d.replaceAll('-', '/') : NONE_DETECTED;
    }
    case 'nextDate': {
      const s = mainSeries(a, c.subject);
      const r = s ? rhythmOf(s.dates) : null;
      if (!s || !r) return NONE_DETECTED;
      // A series whose next date already passed (the data is older than it) is carried on past asOf.
      const next = expectedDates(s.dates, r, a.input.asOf, c.nth)[c.nth - 1]!;
      return next.replaceAll('-', '/');
    }
    case 'closingBalance': {
      if (!a.balances || !a.detected(c.subject)) return NONE_DETECTED;
      // The distinct days the subject's transactions fall on (members come by date, so a repeated day is
      // the one just before), as days before asOf, those the balance series covers; summed in that order.
      const balances = a.balances;
      const shift = c.dayAfter ? 1 : 0;
      let previous = NaN, total = 0, count = 0;
      for (const i of a.members[SUBJECT_INDEX.get(c.subject)!]!) {
        const d = a.asOfDay - a.days[i]! - shift;
        if (d === previous) continue;
        previous = d;
        if (d < 0 || d >= balances.length) continue;
        total += balances[d]!;
        count++;
      }
      if (count === 0) return NONE_DETECTED;
      return money(total / count);
    }
    case 'balance': {
      if (!a.balances) return NONE_DETECTED;
      const b = a.balances;
      if (c.measure === 'current') return money(b[0]!);
      if (c.measure === 'daysAgo') return money(b[c.days]!);
      let min = Infinity, total = 0, negative = 0;
      for (let d = 0; d < c.days; d++) {
        min = Math.min(min, b[d]!);
        total += b[d]!;
        if (b[d]! < 0) negative++;
      }
      if (c.measure === 'min') return money(min);
      if (c.measure === 'average') return money(total / c.days);
      return negative;
    }
    case 'balanceTrend': {
      if (!a.balances) return NONE_DETECTED;
      let recent = 0, previous = 0;
      for (let d = 0; d < 90; d++) recent += a.balances[d]!;
      for (let d = 90; d < 180; d++) previous += a.balances[d]!;
      if (previous <= 0) return recent > previous ? 'INCREASING' : recent < previous ? 'DECREASING' : 'CONSISTENT';
      return trendLabel(recent, previous);
    }
    case 'activityTrend': {
      const counts = a.activity[c.which === 'overall' ? 'all' : c.which];
      const recent = counts[1]! + counts[2]! + counts[3]!;
      const previous = counts[4]! + counts[5]! + counts[6]!;
      return recent + previous === 0 ? NONE_DETECTED : trendLabel(recent, previous);
    }
    case 'freeCashFlow':
      if (!a.detected('total_credits') && !a.detected('total_debits')) return NONE_DETECTED;
      return money(monthlyComplex(a, 'total_credits') - monthlyComplex(a, 'total_debits'));
    case 'accountAge':
      return a.input.transactions.length === 0 ? NONE_DETECTED : a.asOfDay - a.firstDay;
    case 'activeDays':
      return a.activeDays;
    case 'ratio': {
      const w: Window = { kind: 'days', days: c.days };
      const den = a.sum(c.denominator, w);
      if (den === 0) return NONE_DETECTED;
      return ratio(a.sum(c.numerator, w) / den);
    }
    case 'event':
      return lifeEvent(a, c.event, c.days) ? 'YES' : 'NO';
  }
}

function lifeEvent(a: Analysis, event: Extract<Compute, { kind: 'event' }>['event'], days: number): boolean {
  const since = a.asOfDay - days + 1;
  const first = (subject: string) => {
    const list = a.members[SUBJECT_INDEX.get(subject)!]!;
    return list.length ? a.days[list[0]!]! : null;
  };
  switch (event) {
    case 'newEmployer': {
      const before = distinctNames(a, ['employer_income'], since);
      const recent = distinctNames(a, ['employer_income']);
      return before.size > 0 && [...recent].some((n) => !before.has(n));
    }
    case 'employerIncomeStopped': {
      const s = mainSeries(a, 'employer_income');
      const r = s ? rhythmOf(s.dates) : null;
      if (!s || !r) return false;
      const period = { Weekly: 7, Biweekly: 14, 'Semi-monthly': 15, Monthly: 31 }[r.frequency];
      return a.asOfDay - dayNumber(s.dates[s.dates.length - 1]!) > period * 1.5;
    }
    case 'newLoan': {
      if (a.inWindow('loan_deposits', { kind: 'days', days }).length > 0) return true;
      const before = distinctNames(a, ['loan_payments'], since);
      return [...distinctNames(a, ['loan_payments'])].some((n) => !before.has(n)) && before.size + 1 > 0 && first('loan_payments')! < since;
    }
    case 'newMicroLender': {
      const before = distinctNames(a, ['micro_loan_payments', 'micro_loan_deposits'], since);
      return [...distinctNames(a, ['micro_loan_payments', 'micro_loan_deposits'])].some((n) => !before.has(n));
    }
    case 'governmentIncomeStarted': {
      const f = first('government_income');
      return f !== null && f >= since && a.firstDay < since;
    }
  }
}

/** The subject and window whose transactions support an attribute (AttributesDetail). */
export function supportOf(def: AttributeDef): { subject: string; window: Window } | null {
  const c = def.compute;
  switch (c.kind) {
    case 'sum':
    case 'count':
      return { subject: c.subject, window: c.window };
    case 'average':
    case 'monthlyComplex':
    case 'monthlySimple':
    case 'monthlyCount':
    case 'annualNet':
    case 'trend':
    case 'frequency':
    case 'name':
    case 'has':
    case 'distinct':
    case 'lastDate':
    case 'nextDate':
    case 'closingBalance':
      return { subject: c.subject, window: { kind: 'all' } };
    case 'ratio':
      return { subject: c.numerator, window: { kind: 'days', days: c.days } };
    case 'freeCashFlow':
      return { subject: 'total_credits', window: { kind: 'all' } };
    case 'event':
      return { subject: c.event === 'governmentIncomeStarted' ? 'government_income' : c.event.includes('Employer') || c.event === 'employerIncomeStopped' ? 'employer_income' : c.event === 'newMicroLender' ? 'micro_loan_payments' : 'loan_payments', window: { kind: 'all' } };
    default:
      return null;
  }
}

export interface Card {
  values: Record<string, Value>;
  /** Supporting transaction indexes (into input.transactions) per attribute asked for. */
  details: Record<string, number[]>;
}

type Evaluator = (a: Analysis) => Value;

/**
 * Sums and counts (most of the registry) read one cell of the table: their subject row and
 * window column are resolved once, here, not per card. Everything else goes through evaluate().
 */
function compile(def: AttributeDef): Evaluator {
  const c = def.compute;
  if (c.kind === 'sum' || c.kind === 'count') {
    const row = SUBJECT_INDEX.get(c.subject)! * COLUMNS;
    const cell = row + column(c.window);
    return c.kind === 'sum'
      ? (a) => (a.counts[row + COL_ALL]! > 0 ? money(a.sums[cell]!) : NONE_DETECTED)
      : (a) => (a.counts[row + COL_ALL]! > 0 ? a.counts[cell]! : NONE_DETECTED);
  }
  return (a) => evaluate(a, def);
}

const COMPILED = new Map<AttributeDef, Evaluator>();
function evaluatorOf(def: AttributeDef): Evaluator {
  let f = COMPILED.get(def);
  if (!f) COMPILED.set(def, (f = compile(def)));
  return f;
}

/** Computes the attributes asked for, by name or definition (all of them when omitted). */
export function computeCard(input: EngineInput, attributes?: readonly (string | AttributeDef)[], detailsFor: readonly string[] = []): Card {
  const a = new Analysis(input);
  const values: Record<string, Value> = {};
  const plan = planOf(attributes ?? ATTRIBUTES);
  for (let k = 0; k < plan.names.length; k++) values[plan.names[k]!] = plan.evaluators[k]!(a);
  const details: Record<string, number[]> = {};
  for (const name of detailsFor) {
    const def = ATTRIBUTES_BY_NAME.get(name);
    if (!def) continue;
    const support = supportOf(def);
    if (!support) {
      details[name] = a.input.transactions.map((_, i) => i).filter((i) => inWindow(a.input.transactions[i]!.date, { kind: 'days', days: 90 }, input.asOf));
      continue;
    }
    details[name] = a.inWindow(support.subject, support.window);
  }
  return { values, details };
}

const ATTRIBUTES_BY_NAME = new Map(ATTRIBUTES.map((d) => [d.name, d]));

/** A list of attributes resolved once: the names known, in the list's order, and their evaluators. */
interface Plan {
  names: string[];
  evaluators: Evaluator[];
}

/**
 * Plans by list: a batch computes the same list (the whole consumer card) for login after login, and resolving
 * a thousand names and their evaluators is then done once, not per card. Lists are read, never written.
 */
const PLANS = new WeakMap<readonly (string | AttributeDef)[], Plan>();

function planOf(attributes: readonly (string | AttributeDef)[]): Plan {
  let plan = PLANS.get(attributes);
  if (plan) return plan;
  plan = { names: [], evaluators: [] };
  for (const x of attributes) {
    const def = typeof x === 'string' ? ATTRIBUTES_BY_NAME.get(x) : x;
    if (!def) continue;
    plan.names.push(def.name);
    plan.evaluators.push(evaluatorOf(def));
  }
  PLANS.set(attributes, plan);
  return plan;
}
