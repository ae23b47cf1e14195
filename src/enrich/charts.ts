/**
 * What the operator console charts for an account, pure: the balance at the end of each day, the
 * money in and out of each month, and the spending by the categorizer's categories. Money is in
 * cents here; the routes answer dollars.
 */
import { dayNumber, dateOf } from './engine/dates.ts';
import type { Categorized } from './engine/index.ts';

export interface ChartTransaction {
  date: string;
  /** Order within the day as the institution listed it, oldest first (Connect's seq). */
  seq: number;
  debitCents: number | null;
  creditCents: number | null;
  balanceCents: number | null;
}

export interface BalanceSeries {
  /** 'stored': the institution's running balances; 'derived': worked back from the current balance. */
  source: 'stored' | 'derived';
  points: { date: string; cents: number }[];
}

/** Signed movement of the balance: money in raises a deposit account; a purchase raises what a credit product is owed. */
function movement(t: ChartTransaction, owed: boolean): number {
  const net = (t.creditCents ?? 0) - (t.debitCents ?? 0);
  return owed ? -net : net;
}

/**
 * The end-of-day balance from the first transaction's day to `asOf` (one point a day). Where every
 * transaction carries the running balance the institution printed, a day's point is the balance
 * after its last transaction, carried over days without any; otherwise the series is worked back
 * from the current balance, each day's movements undone from the day after.
 */
export function balanceSeries(txns: readonly ChartTransaction[], currentCents: number, owed: boolean, asOf: string): BalanceSeries {
  const sorted = [...txns].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : a.seq - b.seq));
  const last = sorted[sorted.length - 1];
  const end = last && last.date > asOf ? last.date : asOf;
  const first = sorted[0]?.date ?? end;
  const startDay = dayNumber(first);
  const days = dayNumber(end) - startDay + 1;
  const stored = sorted.length > 0 && sorted.every((t) => t.balanceCents !== null);
  const values = new Array<number>(days);
  if (stored) {
    const closing = new Map<number, number>();
    for (const t of sorted) closing.set(dayNumber(t.date) - startDay, t.balanceCents!);
    let balance = closing.get(0)!;
    for (let d = 0; d < days; d++) values[d] = balance = closing.get(d) ?? balance;
  } else {
    const net = new Array<number>(days).fill(0);
    for (const t of sorted) net[dayNumber(t.date) - startDay]! += movement(t, owed);
    let balance = currentCents;
    for (let d = days - 1; d >= 0; d--) {
      values[d] = balance;
      balance -= net[d]!;
    }
  }
  return { source: stored ? 'stored' : 'derived', points: values.map((cents, d) => ({ date: dateOf(startDay + d), cents })) };
}

/** Money in (credits) and out (debits) of each calendar month from the first transaction's to `asOf`'s, months without any included. */
export function monthlyCashFlow(txns: readonly ChartTransaction[], asOf: string): { month: string; inCents: number; outCents: number }[] {
  if (txns.length === 0) return [];
  let first = asOf;
  let last = asOf;
  for (const t of txns) {
    if (t.date < first) first = t.date;
    if (t.date > last) last = t.date;
  }
  const months: { month: string; inCents: number; outCents: number }[] = [];
  const index = new Map<string, number>();
  for (let m = first.slice(0, 7); m <= last.slice(0, 7); m = nextMonth(m)) {
    index.set(m, months.length);
    months.push({ month: m, inCents: 0, outCents: 0 });
  }
  for (const t of txns) {
    const row = months[index.get(t.date.slice(0, 7))!]!;
    row.inCents += t.creditCents ?? 0;
    row.outCents += t.debitCents ?? 0;
  }
  return months;
}

function nextMonth(m: string): string {
  const y = Number(m.slice(0, 4));
  const mo = Number(m.slice(5, 7));
  return mo === 12 ? `${y + 1}-01` : `${y}-${String(mo + 1).padStart(2, '0')}`;
}

/**
 * Money spent per primary category of the categorizer, largest first: debits, less the moves
 * that are not spending (transfers between accounts, card payments: 'Transfers'; reversed pay: 'Income').
 */
export function spendingByCategory(txns: readonly ChartTransaction[], categories: readonly Categorized[]): { category: string; cents: number; count: number }[] {
  const by = new Map<string, { category: string; cents: number; count: number }>();
  txns.forEach((t, i) => {
    const debit = t.debitCents ?? 0;
    if (debit <= 0 || (t.creditCents ?? 0) > 0) return;
    const category = categories[i]!.primary;
    if (category === 'Transfers' || category === 'Income') return;
    let row = by.get(category);
    if (!row) by.set(category, (row = { category, cents: 0, count: 0 }));
    row.cents += debit;
    row.count++;
  });
  return [...by.values()].sort((a, b) => b.cents - a.cents || a.category.localeCompare(b.category));
}

/** The day a login's data is as of: its last refresh, else today. */
export function chartsAsOf(lastRefreshText: string | null, today: string): string {
  return lastRefreshText ? lastRefreshText.slice(0, 10) : today;
}
