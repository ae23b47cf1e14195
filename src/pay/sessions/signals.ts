/**
 * What a list of bank transactions says about a payor, for the guarantee: how
 * many NSF items in the last 90 days, and whether income arrives regularly and
 * how much per month. Pure functions over plain rows; payor-data.ts feeds them.
 *
 * NSF: a debit whose description names an NSF fee or a returned item, in
 * English or French (the wording Canadian banks print). Income: credits of at
 * least MIN_INCOME_CENTS grouped by payer (the description without digits);
 * a payer paying at least twice at a steady weekly, biweekly, semi-monthly or
 * monthly interval with steady amounts is regular income. Transfers between the
 * holder's own accounts and refunds are not income.
 */
import type { IncomeRegularity } from './guarantee.ts';

export interface TxRow {
  /** YYYY-MM-DD */
  date: string;
  description: string;
  debitCents: number | null;
  creditCents: number | null;
}

export const WINDOW_DAYS = 90;
export const MIN_INCOME_CENTS = 100_00;

const NSF = /\bNSF\b|NON[- ]?SUFFICIENT|INSUFFICIENT FUNDS|RETURNED (?:ITEM|PAYMENT|DEBIT)|EFFET RETOURN|PROVISION INSUFFISANTE|FONDS INSUFFISANTS/i;
const NOT_INCOME = /TRANSFER|VIREMENT|REFUND|REMBOURSEMENT|REVERSAL|RETURNED|RETOURN|CASH DEPOSIT|INTEREST|INTERET|INTÉRÊT/i;

const DAY_MS = 86_400_000;
const dayNumber = (date: string) => Math.floor(Date.parse(`${date}T00:00:00Z`) / DAY_MS);

function inWindow(rows: TxRow[], today: string): TxRow[] {
  const end = dayNumber(today);
  return rows.filter((r) => {
    const d = dayNumber(r.date);
    return Number.isFinite(d) && d <= end && d > end - WINDOW_DAYS;
  });
}

export function isNsfItem(r: TxRow): boolean {
  return (r.debitCents ?? 0) > 0 && NSF.test(r.description);
}

export function nsfCount(rows: TxRow[], today: string): number {
  return inWindow(rows, today).filter(isNsfItem).length;
}

/** The payer of a credit: its description without digits, references and extra blanks. */
export function payerKey(description: string): string {
  return description.toUpperCase().replace(/[0-9#*/:.-]+/g, ' ').replace(/\s+/g, ' ').trim();
}

const median = (xs: number[]) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

/** Weekly, biweekly, semi-monthly or monthly, within a couple of days (weekends and holidays move pay days). */
function steadyInterval(days: number[]): boolean {
  if (days.length < 2) return false;
  const gaps = days.slice(1).map((d, i) => d - days[i]!);
  const m = median(gaps);
  const near = (target: number, slack: number) => Math.abs(m - target) <= slack;
  if (!(near(7, 1) || near(14, 2) || near(15, 2.5) || near(30.5, 4))) return false;
  return gaps.every((g) => Math.abs(g - m) <= Math.max(3, m * 0.25));
}

function steadyAmounts(amounts: number[]): boolean {
  const mean = amounts.reduce((a, b) => a + b, 0) / amounts.length;
  if (mean <= 0) return false;
  const sd = Math.sqrt(amounts.reduce((a, b) => a + (b - mean) ** 2, 0) / amounts.length);
  return sd / mean <= 0.35;
}

export interface IncomeSummary {
  regularity: IncomeRegularity;
  monthlyIncomeCents: number;
}

export function incomeSummary(rows: TxRow[], today: string): IncomeSummary {
  const credits = inWindow(rows, today).filter((r) => (r.creditCents ?? 0) >= MIN_INCOME_CENTS && !NOT_INCOME.test(r.description));
  if (credits.length === 0) return { regularity: 'None', monthlyIncomeCents: 0 };
  const byPayer = new Map<string, TxRow[]>();
  for (const c of credits) {
    const k = payerKey(c.description);
    byPayer.set(k, [...(byPayer.get(k) ?? []), c]);
  }
  let regular = 0;
  for (const group of byPayer.values()) {
    const sorted = [...group].sort((a, b) => dayNumber(a.date) - dayNumber(b.date));
    if (steadyInterval(sorted.map((r) => dayNumber(r.date))) && steadyAmounts(sorted.map((r) => r.creditCents!))) {
      regular += sorted.reduce((a, r) => a + r.creditCents!, 0);
    }
  }
  const perMonth = (cents: number) => Math.round((cents * 30) / WINDOW_DAYS);
  if (regular > 0) return { regularity: 'Regular', monthlyIncomeCents: perMonth(regular) };
  return { regularity: 'Irregular', monthlyIncomeCents: perMonth(credits.reduce((a, r) => a + r.creditCents!, 0)) };
}
