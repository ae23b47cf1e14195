/**
 * The attribute registry: every attribute Maplelink computes, declared once with its name,
 * description, library category, unit, the packages (use-case endpoints) that return it, and
 * what it computes. Names follow the pattern of the names Flinks publishes (docs.flinks.com/api/
 * enrich/endpoints/consumer-attributes, business-attributes; docs/attributes.md):
 * `<aggregate>_<subject>[_<qualifier>]_<window>[_biz]`. Every concrete name the docs list
 * is here as spelled; families the docs do not name (gambling, life events, next pay dates,
 * lending risk, spending) use the same grammar. docs/attributes.md is generated from this.
 */
import { SUBJECTS, SUBJECT_INDEX } from './subjects.ts';

export type Unit = 'currency' | 'count' | 'days' | 'label' | 'flag' | 'text' | 'date' | 'ratio';
export type Package = 'income' | 'creditRisk' | 'userAnalysis' | 'lending' | 'business';

export type Window = { kind: 'all' } | { kind: 'days'; days: number } | { kind: 'month'; ago: number };

export type Compute =
  | { kind: 'sum' | 'count'; subject: string; window: Window }
  | { kind: 'average'; subject: string }
  | { kind: 'monthlyComplex' | 'monthlySimple' | 'monthlyCount'; subject: string }
  | { kind: 'trend'; subject: string; numeric: boolean }
  | { kind: 'frequency' | 'name' | 'has' | 'distinct' | 'annualNet'; subject: string }
  | { kind: 'lastDate' | 'nextDate'; subject: string; nth: 1 | 2 }
  | { kind: 'closingBalance'; subject: string; dayAfter: boolean }
  | { kind: 'balance'; measure: 'min' | 'current' | 'daysAgo' | 'average' | 'negativeDays'; days: number }
  | { kind: 'balanceTrend' }
  | { kind: 'activityTrend'; which: 'overall' | 'debit' | 'credit' }
  | { kind: 'freeCashFlow' }
  | { kind: 'accountAge' | 'activeDays' }
  | { kind: 'ratio'; numerator: string; denominator: string; days: number }
  | { kind: 'event'; event: 'newEmployer' | 'employerIncomeStopped' | 'newLoan' | 'governmentIncomeStarted' | 'newMicroLender'; days: number };

export interface AttributeDef {
  name: string;
  description: string;
  category: string;
  unit: Unit;
  packages: Package[];
  business: boolean;
  compute: Compute;
}

export const DAY_WINDOWS = [30, 60, 90, 180, 365] as const;
export const MONTH_BUCKETS = ['current_month', 'previous_month', ...Array.from({ length: 11 }, (_, i) => `${i + 2}_months_ago`)];

const ALL: AttributeDef[] = [];
const byName = new Map<string, AttributeDef>();

function add(name: string, compute: Compute, unit: Unit, category: string, description: string, packages: Package[] = []): void {
  if (byName.has(name)) {
    // Declared twice: keep one, merge the packages (families overlap on purpose, e.g. 13-month sums).
    const prev = byName.get(name)!;
    for (const p of packages) if (!prev.packages.includes(p)) prev.packages.push(p);
    return;
  }
  const def: AttributeDef = { name, description, category, unit, packages: [...packages], business: name.endsWith('_biz'), compute };
  ALL.push(def);
  byName.set(name, def);
}

const label = (subject: string) => SUBJECTS[SUBJECT_INDEX.get(subject)!]!.label;
const windowText = (w: Window) => (w.kind === 'all' ? 'over the whole history' : w.kind === 'days' ? `in the last ${w.days} days` : w.ago === 0 ? 'in the current calendar month' : w.ago === 1 ? 'in the previous calendar month' : `in the calendar month ${w.ago} months ago`);
const windowSuffix = (w: Window) => (w.kind === 'all' ? '' : w.kind === 'days' ? `_${w.days}_days` : `_${MONTH_BUCKETS[w.ago]}`);

interface FamilyOptions {
  category: string;
  packages?: Package[];
  /** Which windowed sums/counts to declare. */
  sumDays?: readonly number[];
  countDays?: readonly number[];
  sumMonths?: boolean;
  countMonths?: boolean;
  /** Name prefix for the sum aggregate ('sum_' by default; some documented names have none). */
  biz?: boolean;
  extras?: ('average' | 'monthlyComplex' | 'trend' | 'frequency' | 'lastDates' | 'has' | 'monthlySimple')[];
}

/** A subject's family: sums and counts over windows and months, and its derived aggregates. */
function family(subject: string, o: FamilyOptions): void {
  const biz = o.biz ? '_biz' : '';
  const packages = o.packages ?? [];
  const what = label(subject);
  const windows: Window[] = [{ kind: 'all' }];
  const counts: Window[] = [{ kind: 'all' }];
  for (const d of o.sumDays ?? DAY_WINDOWS) windows.push({ kind: 'days', days: d });
  for (const d of o.countDays ?? DAY_WINDOWS) counts.push({ kind: 'days', days: d });
  if (o.sumMonths ?? true) for (let m = 0; m < 13; m++) windows.push({ kind: 'month', ago: m });
  if (o.countMonths ?? true) for (let m = 0; m < 13; m++) counts.push({ kind: 'month', ago: m });
  for (const w of windows) add(`sum_${subject}${windowSuffix(w)}${biz}`, { kind: 'sum', subject, window: w }, 'currency', o.category, `Total of ${what} ${windowText(w)}.`, packages);
  for (const w of counts) add(`count_${subject}${windowSuffix(w)}${biz}`, { kind: 'count', subject, window: w }, 'count', o.category, `Number of ${what} ${windowText(w)}.`, packages);
  for (const x of o.extras ?? ['average', 'monthlyComplex', 'trend', 'frequency']) {
    if (x === 'average') add(`average_${subject}${biz}`, { kind: 'average', subject }, 'currency', o.category, `Average amount of one of the ${what}.`, packages);
    if (x === 'monthlyComplex') add(`average_monthly_${subject}_complex${biz}`, { kind: 'monthlyComplex', subject }, 'currency', o.category, `Average monthly total of ${what} over the complete calendar months of the last 12 (months before the history began are left out).`, packages);
    if (x === 'monthlySimple') add(`average_monthly_${subject}${biz}`, { kind: 'monthlySimple', subject }, 'currency', o.category, `Total of ${what} in the last 365 days divided by 12.`, packages);
    if (x === 'trend') add(`${subject}_trend_simple${biz}`, { kind: 'trend', subject, numeric: false }, 'label', o.category, `Trend of ${what}: the last 3 complete months against the 3 before (INCREASING above +10%, DECREASING below -10%, else CONSISTENT).`, packages);
    if (x === 'frequency') add(`${subject}_frequency${biz}`, { kind: 'frequency', subject }, 'label', o.category, `Rhythm of the main recurring series of ${what} (Weekly, Biweekly, Semi-monthly, Monthly).`, packages);
    if (x === 'has') add(`has_${subject}${biz}`, { kind: 'has', subject }, 'flag', o.category, `YES when any ${what} was detected, else NO.`, packages);
    if (x === 'lastDates') {
      add(`last_${subject}_date${biz}`, { kind: 'lastDate', subject, nth: 1 }, 'date', o.category, `Date of the most recent of the ${what}.`, packages);
      add(`second_last_${subject}_date${biz}`, { kind: 'lastDate', subject, nth: 2 }, 'date', o.category, `Date of the second most recent of the ${what}.`, packages);
    }
  }
}

const I: Package = 'income', CR: Package = 'creditRisk', UA: Package = 'userAnalysis', L: Package = 'lending', B: Package = 'business';

// ---- Account ---------------------------------------------------------------------------------
add('account_age_days', { kind: 'accountAge' }, 'days', 'Account', 'Days from the oldest transaction of the accounts analysed to the date of the data.', [I, CR, UA, L]);
add('account_age', { kind: 'accountAge' }, 'days', 'Account', 'Older name of account_age_days.', []);
add('count_active_days', { kind: 'activeDays' }, 'days', 'Account', 'Number of distinct days with at least one transaction.', [UA, L]);

// ---- Employer income -------------------------------------------------------------------------
family('employer_income', { category: 'Employer Income', packages: [I, CR, UA, L], extras: ['average', 'monthlyComplex', 'monthlySimple', 'trend', 'frequency', 'has', 'lastDates'] });
add('employer_name', { kind: 'name', subject: 'employer_income' }, 'text', 'Employer Income', 'Employer paying the most, by total deposits.', [I, CR, UA, L]);
add('average_employer_income_deposit', { kind: 'average', subject: 'employer_income' }, 'currency', 'Employer Income', 'Average employer deposit.', [L]);
add('employer_income_estimated_annual_net', { kind: 'annualNet', subject: 'employer_income' }, 'currency', 'Employer Income', 'Estimated annual net employer income: the average monthly (complex) amount times 12.', [L]);
add('count_distinct_employers', { kind: 'distinct', subject: 'employer_income' }, 'count', 'Employer Income', 'Number of distinct employers.', [L]);
add('average_closing_balance_day_of_employer_income', { kind: 'closingBalance', subject: 'employer_income', dayAfter: false }, 'currency', 'Employer Income', 'Average closing balance on the days employer income was received.', [L]);
add('average_closing_balance_day_after_employer_income', { kind: 'closingBalance', subject: 'employer_income', dayAfter: true }, 'currency', 'Employer Income', 'Average closing balance on the day after employer income was received.', [L]);
add('average_closing_balance_day_of_income', { kind: 'closingBalance', subject: 'total_income', dayAfter: false }, 'currency', 'Total Income', 'Average closing balance on the days any income was received.', [L]);
add('average_closing_balance_day_after_income', { kind: 'closingBalance', subject: 'total_income', dayAfter: true }, 'currency', 'Total Income', 'Average closing balance on the day after any income was received.', [L]);

// ---- Next pay dates --------------------------------------------------------------------------
add('next_pay_date_1', { kind: 'nextDate', subject: 'employer_income', nth: 1 }, 'date', 'Next Pay Dates', 'Next date employer income is expected, from the main pay series.', [L]);
add('next_pay_date_2', { kind: 'nextDate', subject: 'employer_income', nth: 2 }, 'date', 'Next Pay Dates', 'The pay date after next_pay_date_1.', [L]);
add('next_government_income_date_1', { kind: 'nextDate', subject: 'government_income', nth: 1 }, 'date', 'Next Pay Dates', 'Next date government income is expected.', [L]);
add('next_government_income_date_2', { kind: 'nextDate', subject: 'government_income', nth: 2 }, 'date', 'Next Pay Dates', 'The government deposit date after next_government_income_date_1.', [L]);
add('next_income_date_1', { kind: 'nextDate', subject: 'total_income', nth: 1 }, 'date', 'Next Pay Dates', 'Next date any recurring income is expected.', [L]);

// ---- Non-employer and government income ----------------------------------------------------
family('non_employer_income', { category: 'Non-Employer Income', packages: [I, CR, UA, L], extras: ['average', 'monthlyComplex', 'trend'] });
family('government_income', { category: 'Government Income', packages: [I, UA, L], extras: ['average', 'monthlyComplex', 'trend', 'frequency', 'lastDates', 'has'] });
for (const s of ['employment_insurance_income', 'social_assistance_income', 'wsib_income', 'pension_income', 'child_support_income_government', 'other_income', 'disability_income', 'child_benefit_income', 'gst_credit_income', 'cpp_income', 'oas_income']) {
  family(s, { category: 'Government Income', packages: [I, UA, L], sumDays: [30, 60, 90, 180, 365], countDays: [90], sumMonths: true, countMonths: false, extras: ['monthlyComplex'] });
}
add('sum_disability_60_days', { kind: 'sum', subject: 'disability', window: { kind: 'days', days: 60 } }, 'currency', 'Government Income', 'Total of disability benefits in the last 60 days.', [L]);
family('other_non_government_income', { category: 'Non-Employer Income', packages: [L], countMonths: false, extras: ['average', 'monthlyComplex'] });

// ---- Total income, credits and debits -------------------------------------------------------
family('total_income', { category: 'Total Income', packages: [I, UA, L], extras: ['average', 'monthlyComplex', 'trend'] });
family('total_credits', { category: 'Credits and Debits', packages: [I, UA, L], extras: ['average', 'monthlyComplex', 'trend'] });
family('total_debits', { category: 'Credits and Debits', packages: [UA, L], extras: ['average', 'monthlyComplex', 'trend'] });
add('total_deposits_trend_simple', { kind: 'trend', subject: 'total_deposits', numeric: false }, 'label', 'Credits and Debits', 'Trend of all deposits (see the trend rule).', [CR, UA]);
add('total_credits_30_days', { kind: 'sum', subject: 'total_credits', window: { kind: 'days', days: 30 } }, 'currency', 'Credits and Debits', 'Older name of sum_total_credits_30_days.', []);
add('total_debits_30_days', { kind: 'sum', subject: 'total_debits', window: { kind: 'days', days: 30 } }, 'currency', 'Credits and Debits', 'Older name of sum_total_debits_30_days.', []);
for (const d of DAY_WINDOWS) add(`sum_debits_${d}_days`, { kind: 'sum', subject: 'debits', window: { kind: 'days', days: d } }, 'currency', 'Credits and Debits', `Total of all debits in the last ${d} days.`, [UA, L]);
add('average_monthly_debit', { kind: 'monthlyComplex', subject: 'total_debits' }, 'currency', 'Credits and Debits', 'Average monthly expenditure (monthly total of debits, complex method).', [CR, UA]);
for (let m = 0; m < 3; m++) add(`recurring_deposits_${MONTH_BUCKETS[m]}`, { kind: 'sum', subject: 'recurring_deposits', window: { kind: 'month', ago: m } }, 'currency', 'Credits and Debits', `Total of deposits that recur ${windowText({ kind: 'month', ago: m })}.`, [L]);

// ---- Balance and cash flow -------------------------------------------------------------------
add('balance_min', { kind: 'balance', measure: 'min', days: 90 }, 'currency', 'Balance and Cash Flow', 'Lowest end-of-day balance in the last 90 days (accounts analysed added together).', [CR, UA, L]);
for (const d of [30, 60, 90, 180, 365]) add(`balance_min_${d}_days`, { kind: 'balance', measure: 'min', days: d }, 'currency', 'Balance and Cash Flow', `Lowest end-of-day balance in the last ${d} days.`, [L]);
for (const d of [30, 90, 365]) add(`balance_average_${d}_days`, { kind: 'balance', measure: 'average', days: d }, 'currency', 'Balance and Cash Flow', `Average end-of-day balance over the last ${d} days.`, [L]);
add('balance_current', { kind: 'balance', measure: 'current', days: 0 }, 'currency', 'Balance and Cash Flow', 'Balance at the date of the data.', [L]);
add('balance_30_days_ago', { kind: 'balance', measure: 'daysAgo', days: 30 }, 'currency', 'Balance and Cash Flow', 'End-of-day balance 30 days before the date of the data.', [L]);
add('balance_90_days_ago', { kind: 'balance', measure: 'daysAgo', days: 90 }, 'currency', 'Balance and Cash Flow', 'End-of-day balance 90 days before the date of the data.', [L]);
add('balance_trend_simple', { kind: 'balanceTrend' }, 'label', 'Balance and Cash Flow', 'Trend of the average end-of-day balance: the last 90 days against the 90 before.', [CR, UA]);
for (const d of [30, 60, 90]) add(`count_days_negative_balance_${d}_days`, { kind: 'balance', measure: 'negativeDays', days: d }, 'days', 'Balance and Cash Flow', `Days ending with a negative balance in the last ${d} days.`, [CR, UA, L]);
add('average_monthly_free_cash_flow', { kind: 'freeCashFlow' }, 'currency', 'Balance and Cash Flow', 'Average monthly credits minus debits (complex method; may be negative).', [I, CR, UA, L]);
add('overall_activity_trend_simple', { kind: 'activityTrend', which: 'overall' }, 'label', 'Balance and Cash Flow', 'Trend of the number of transactions.', [UA]);
add('debit_activity_trend_simple', { kind: 'activityTrend', which: 'debit' }, 'label', 'Balance and Cash Flow', 'Trend of the number of debits.', [UA]);
add('credit_activity_trend_simple', { kind: 'activityTrend', which: 'credit' }, 'label', 'Balance and Cash Flow', 'Trend of the number of credits.', [UA]);
add('average_monthly_recurring_payments_complex', { kind: 'monthlyComplex', subject: 'recurring_payments' }, 'currency', 'Balance and Cash Flow', 'Average monthly total of recurring payments.', [UA, L]);
add('average_monthly_recurring_transfers_in_complex', { kind: 'monthlyComplex', subject: 'recurring_transfers_in' }, 'currency', 'Balance and Cash Flow', 'Average monthly total of recurring transfers received.', [L]);
add('average_monthly_recurring_transfers_out_complex', { kind: 'monthlyComplex', subject: 'recurring_transfers_out' }, 'currency', 'Balance and Cash Flow', 'Average monthly total of recurring transfers sent.', [L]);

// ---- Loans -----------------------------------------------------------------------------------
family('loan_payments', { category: 'Loans', packages: [CR, UA, L], extras: ['average', 'monthlyComplex', 'trend', 'has'] });
family('loan_deposits', { category: 'Loans', packages: [L], sumMonths: true, countMonths: false, extras: ['average', 'has', 'lastDates'] });
for (const s of ['auto_loan_payments', 'mortgage_payments', 'micro_loan_payments', 'student_loan_payments', 'other_loan_payments']) {
  family(s, { category: 'Loans', packages: [CR, UA, L], sumDays: [30, 60, 90, 365], countDays: [30, 90], sumMonths: true, countMonths: false, extras: ['monthlyComplex', 'frequency'] });
}
family('micro_loan_deposits', { category: 'Loans', packages: [L], sumDays: [30, 60, 90, 365], countDays: [30, 90], sumMonths: false, countMonths: false, extras: ['has', 'lastDates'] });
add('average_micro_loan_payment', { kind: 'average', subject: 'micro_loan_payments' }, 'currency', 'Loans', 'Average micro-loan payment.', [L]);
add('other_loan_payments_average', { kind: 'average', subject: 'other_loan_payments' }, 'currency', 'Loans', 'Average instalment or personal loan payment.', [L]);
add('micro_lender_name', { kind: 'name', subject: 'micro_loan_payments' }, 'text', 'Loans', 'Micro-lender paid the most (payments, or proceeds when no payment was seen).', [CR, UA, L]);
add('count_distinct_micro_lenders', { kind: 'distinct', subject: 'micro_loan_payments' }, 'count', 'Loans', 'Number of distinct micro-lenders paid or lent by.', [L]);

// ---- Bills -----------------------------------------------------------------------------------
for (const s of ['utility_payments', 'telecom_payments', 'insurance_payments', 'rent_payments']) {
  family(s, { category: 'Bills', packages: [CR, UA, L], sumDays: [30, 90, 365], countDays: [90], sumMonths: true, countMonths: false, extras: ['monthlyComplex', 'frequency'] });
}
add('utility_payments_average', { kind: 'average', subject: 'utility_payments' }, 'currency', 'Bills', 'Average utility bill payment.', [L]);
add('telecom_payments_average', { kind: 'average', subject: 'telecom_payments' }, 'currency', 'Bills', 'Average telecom bill payment.', [L]);

// ---- NSF and stop payments -------------------------------------------------------------------
family('nsf', { category: 'NSF and Stop Payments', packages: [CR, UA, L], sumDays: [], countDays: [30, 60, 90, 180, 365], sumMonths: false, countMonths: true, extras: [] });
for (const d of [30, 60, 90, 365]) add(`sum_nsf_${d}_days`, { kind: 'sum', subject: 'nsf_fees', window: { kind: 'days', days: d } }, 'currency', 'NSF and Stop Payments', `Total of insufficient-funds fees in the last ${d} days.`, [L]);
add('average_monthly_nsf_fees_count', { kind: 'monthlyCount', subject: 'nsf_fees' }, 'count', 'NSF and Stop Payments', 'Average number of insufficient-funds fees per complete month.', [L]);
family('stop_payment', { category: 'NSF and Stop Payments', packages: [CR, UA, L], sumDays: [], countDays: [30, 60, 90, 365], sumMonths: false, countMonths: false, extras: [] });
family('reversed_payments_because_of_nsf', { category: 'NSF and Stop Payments', packages: [CR, UA], sumDays: [90], countDays: [30, 60, 90, 365], sumMonths: false, countMonths: false, extras: [] });
family('bank_fees', { category: 'NSF and Stop Payments', packages: [L], sumDays: [30, 90, 365], countDays: [90], sumMonths: false, countMonths: false, extras: ['monthlyComplex'] });

// ---- Gambling --------------------------------------------------------------------------------
family('gambling', { category: 'Gambling', packages: [L], sumMonths: true, countMonths: false, extras: ['average', 'monthlyComplex', 'trend', 'has'] });
family('gambling_winnings', { category: 'Gambling', packages: [L], sumDays: [30, 90, 365], countDays: [90], sumMonths: false, countMonths: false, extras: ['has'] });
add('ratio_gambling_to_income_90_days', { kind: 'ratio', numerator: 'gambling', denominator: 'total_income', days: 90 }, 'ratio', 'Gambling', 'Money spent gambling in the last 90 days divided by income in the same days.', [L]);

// ---- Spending --------------------------------------------------------------------------------
for (const s of ['food_and_dining_spending', 'shopping_spending', 'entertainment_spending', 'transportation_spending', 'travel_spending', 'health_spending', 'atm_withdrawals', 'transfers_out']) {
  family(s, { category: 'Spending', packages: [L], sumDays: [30, 90, 365], countDays: [90], sumMonths: false, countMonths: false, extras: ['monthlyComplex'] });
}
family('transfers_in', { category: 'Credits and Debits', packages: [L], sumDays: [30, 90, 365], countDays: [90], sumMonths: false, countMonths: false, extras: ['monthlyComplex'] });

// ---- Life events ------------------------------------------------------------------------------
add('has_new_employer_90_days', { kind: 'event', event: 'newEmployer', days: 90 }, 'flag', 'Life Events', 'YES when an employer first paid in the last 90 days after older employer income from another employer.', [L]);
add('has_employer_income_stopped', { kind: 'event', event: 'employerIncomeStopped', days: 0 }, 'flag', 'Life Events', 'YES when the main pay series is more than one and a half pay periods late.', [L]);
add('has_new_loan_90_days', { kind: 'event', event: 'newLoan', days: 90 }, 'flag', 'Life Events', 'YES when loan proceeds arrived, or a new lender started being paid, in the last 90 days.', [L]);
add('has_new_micro_lender_90_days', { kind: 'event', event: 'newMicroLender', days: 90 }, 'flag', 'Life Events', 'YES when a micro-lender not seen before appeared in the last 90 days.', [L]);
add('has_government_income_started_90_days', { kind: 'event', event: 'governmentIncomeStarted', days: 90 }, 'flag', 'Life Events', 'YES when government income first appeared in the last 90 days.', [L]);

// ---- Lending risk ------------------------------------------------------------------------------
for (const d of [30, 90]) {
  add(`ratio_loan_payments_to_income_${d}_days`, { kind: 'ratio', numerator: 'loan_payments', denominator: 'total_income', days: d }, 'ratio', 'Lending Risk', `Loan payments divided by income, last ${d} days.`, [L]);
  add(`ratio_debits_to_credits_${d}_days`, { kind: 'ratio', numerator: 'total_debits', denominator: 'total_credits', days: d }, 'ratio', 'Lending Risk', `Debits divided by credits, last ${d} days.`, [L]);
  add(`ratio_micro_loan_payments_to_income_${d}_days`, { kind: 'ratio', numerator: 'micro_loan_payments', denominator: 'total_income', days: d }, 'ratio', 'Lending Risk', `Micro-loan payments divided by income, last ${d} days.`, [L]);
  add(`ratio_nsf_fees_to_debits_${d}_days`, { kind: 'ratio', numerator: 'nsf_fees', denominator: 'total_debits', days: d }, 'ratio', 'Lending Risk', `Insufficient-funds fees divided by all debits, last ${d} days.`, [L]);
}

// ---- Business (_biz) --------------------------------------------------------------------------
const BIZ = { biz: true, packages: [B] as Package[] };
family('operating_income', { ...BIZ, category: 'Business Income', sumDays: [30, 90, 365], countDays: [90], extras: ['average', 'monthlySimple', 'monthlyComplex', 'trend', 'frequency', 'lastDates'] });
family('merchant_service_provider_deposits', { ...BIZ, category: 'Business Income', sumDays: [30, 90, 365], countDays: [90], countMonths: false, extras: ['average', 'monthlyComplex', 'trend', 'frequency', 'lastDates'] });
family('transfer_deposits', { ...BIZ, category: 'Business Income', sumDays: [30, 90, 365], countDays: [90], countMonths: false, extras: ['average', 'monthlyComplex', 'trend', 'frequency', 'lastDates'] });
family('payroll_deposits', { ...BIZ, category: 'Business Income', sumDays: [90, 365], countDays: [90], sumMonths: false, countMonths: false, extras: ['monthlySimple', 'frequency'] });
family('loan_deposits', { ...BIZ, category: 'Business Loans', sumDays: [90, 365], countDays: [90], sumMonths: false, countMonths: false, extras: ['has', 'lastDates'] });
family('auto_loan_payments', { ...BIZ, category: 'Business Loans', sumDays: [90, 365], countDays: [90], sumMonths: false, countMonths: true, extras: ['monthlySimple', 'frequency'] });
family('auto_loan_deposits', { ...BIZ, category: 'Business Loans', sumDays: [365], countDays: [], sumMonths: false, countMonths: false, extras: ['frequency'] });
add('auto_loan_payments_trend_biz', { kind: 'trend', subject: 'auto_loan_payments', numeric: true }, 'ratio', 'Business Loans', 'Auto-loan payments of the last 3 complete months divided by the 3 before.', [B]);
add('auto_loan_deposits_trend_biz', { kind: 'trend', subject: 'auto_loan_deposits', numeric: true }, 'ratio', 'Business Loans', 'Auto-loan proceeds of the last 3 complete months divided by the 3 before.', [B]);
family('loan_payments', { ...BIZ, category: 'Business Loans', sumDays: [90, 365], countDays: [90], sumMonths: false, countMonths: false, extras: ['monthlySimple', 'frequency'] });
family('operating_expenses', { ...BIZ, category: 'Business Expenses', sumDays: [30, 90, 365], countDays: [90], countMonths: false, extras: ['monthlySimple', 'monthlyComplex', 'trend'] });
family('payroll_expenses', { ...BIZ, category: 'Business Expenses', sumDays: [90, 365], countDays: [90], sumMonths: false, countMonths: false, extras: ['monthlySimple', 'frequency'] });
family('bank_fees', { ...BIZ, category: 'Business Fees', sumDays: [90, 365], countDays: [90], sumMonths: false, countMonths: false, extras: ['monthlySimple'] });
family('nsf', { ...BIZ, category: 'Business Fees', sumDays: [], countDays: [30, 90, 365], sumMonths: false, countMonths: false, extras: [] });
family('owner_draws', { ...BIZ, category: 'Business Expenses', sumDays: [90, 365], countDays: [90], sumMonths: false, countMonths: false, extras: ['monthlySimple', 'frequency'] });
family('taxes_paid', { ...BIZ, category: 'Business Expenses', sumDays: [90, 365], countDays: [90], sumMonths: false, countMonths: false, extras: ['monthlySimple'] });
add('average_monthly_free_cash_flow_biz', { kind: 'freeCashFlow' }, 'currency', 'Business Income', 'Average monthly credits minus debits of the business.', [B]);
add('balance_min_90_days_biz', { kind: 'balance', measure: 'min', days: 90 }, 'currency', 'Business Income', 'Lowest end-of-day balance of the business in the last 90 days.', [B]);
add('count_days_negative_balance_90_days_biz', { kind: 'balance', measure: 'negativeDays', days: 90 }, 'days', 'Business Income', 'Days ending with a negative balance in the last 90 days.', [B]);

/** Every attribute, in declaration order. */
export const ATTRIBUTES: readonly AttributeDef[] = ALL;
export const CONSUMER_ATTRIBUTES: readonly AttributeDef[] = ALL.filter((a) => !a.business);
export const BUSINESS_ATTRIBUTES: readonly AttributeDef[] = ALL.filter((a) => a.business);

export function findAttribute(name: string): AttributeDef | undefined {
  return byName.get(name);
}

export function packageAttributes(p: Package): AttributeDef[] {
  return ALL.filter((a) => a.packages.includes(p));
}
