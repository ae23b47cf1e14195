/**
 * Subjects: the sets of transactions attributes aggregate ("employer income", "micro-loan
 * payments"...). Each is a predicate on a categorized transaction and its direction. The
 * attribute registry combines subjects with aggregates and windows; the engine evaluates
 * every subject in one pass.
 */
import type { Categorized } from './categorize.ts';
import type { Direction } from './signals.ts';

export interface SubjectDef {
  id: string;
  /** What the subject counts, for the attribute descriptions. */
  label: string;
  direction: Direction | 'both';
  test: (c: Categorized, direction: Direction) => boolean;
}

const OTHER_GOVERNMENT = new Set(['EI', 'SOCIAL_ASSISTANCE', 'WSIB', 'PENSION', 'CHILD_SUPPORT']);
const notOwn = (c: Categorized) => !c.signals.ownTransfer;
const gov = (kind: string) => (c: Categorized) => c.signals.income === 'government' && c.signals.government === kind;
const loan = (kind?: string) => (c: Categorized) => c.signals.loan !== undefined && (kind === undefined || c.signals.loan === kind);
const spending = (primary: string) => (c: Categorized) => c.primary === primary && notOwn(c) && !c.signals.loan && !c.signals.nsf;

const S = (id: string, label: string, direction: SubjectDef['direction'], test: SubjectDef['test']): SubjectDef => ({ id, label, direction, test });

export const SUBJECTS: readonly SubjectDef[] = [
  // money in
  S('total_credits', 'all money received, transfers between the holder\'s own accounts excluded', 'credit', notOwn),
  S('total_income', 'income of every kind (employer, government, other)', 'credit', (c) => c.signals.income !== undefined),
  S('employer_income', 'employer payroll deposits', 'credit', (c) => c.signals.income === 'employer'),
  S('non_employer_income', 'income that is not from an employer (government and other)', 'credit', (c) => c.signals.income === 'government' || c.signals.income === 'other'),
  S('government_income', 'government deposits (benefits, pensions, tax refunds)', 'credit', (c) => c.signals.income === 'government'),
  S('employment_insurance_income', 'Employment Insurance benefits', 'credit', gov('EI')),
  S('social_assistance_income', 'provincial social assistance', 'credit', gov('SOCIAL_ASSISTANCE')),
  S('wsib_income', 'workers\' compensation (WSIB, CNESST, WCB)', 'credit', gov('WSIB')),
  S('pension_income', 'pension payments', 'credit', gov('PENSION')),
  S('child_support_income_government', 'child support paid through a government enforcement program', 'credit', gov('CHILD_SUPPORT')),
  S('child_benefit_income', 'Canada Child Benefit', 'credit', gov('CCB')),
  S('gst_credit_income', 'GST/HST credit', 'credit', gov('GST_HST')),
  S('cpp_income', 'Canada or Quebec Pension Plan', 'credit', gov('CPP')),
  S('oas_income', 'Old Age Security', 'credit', gov('OAS')),
  S('disability_income', 'disability benefits', 'credit', gov('DISABILITY')),
  S('other_income', 'other government income (not EI, social assistance, workers\' compensation, pension or child support)', 'credit', (c) => c.signals.income === 'government' && !OTHER_GOVERNMENT.has(c.signals.government ?? '')),
  S('other_non_government_income', 'income that is neither employer nor government (gig, freelance, sales, cash, interest)', 'credit', (c) => c.signals.income === 'other'),
  S('loan_deposits', 'loan proceeds received', 'credit', loan()),
  S('micro_loan_deposits', 'payday and micro-loan proceeds', 'credit', loan('micro')),
  S('auto_loan_deposits', 'car loan proceeds', 'credit', loan('auto')),
  S('gambling_winnings', 'money received from gambling operators', 'credit', (c) => c.signals.gambling === true),
  S('transfers_in', 'Interac e-Transfers received from people', 'credit', (c) => c.sub === 'E-Transfer In'),
  S('recurring_deposits', 'deposits that recur at a steady rhythm', 'credit', (c) => notOwn(c) && c.recurring !== undefined),
  S('recurring_transfers_in', 'transfers received at a steady rhythm', 'credit', (c) => c.primary === 'Transfers' && c.recurring !== undefined),
  S('reversed_payments_because_of_nsf', 'payments returned unpaid for insufficient funds', 'credit', (c) => c.signals.nsf === 'reversal'),
  // money out
  S('total_debits', 'all money spent or paid out, transfers between the holder\'s own accounts excluded', 'debit', notOwn),
  S('loan_payments', 'loan payments of every kind', 'debit', loan()),
  S('auto_loan_payments', 'car loan and lease payments', 'debit', loan('auto')),
  S('mortgage_payments', 'mortgage payments', 'debit', loan('mortgage')),
  S('micro_loan_payments', 'payday and micro-loan payments', 'debit', loan('micro')),
  S('student_loan_payments', 'student loan payments', 'debit', loan('student')),
  S('other_loan_payments', 'instalment, personal and business loan payments', 'debit', loan('other')),
  S('utility_payments', 'electricity, gas and water bills', 'debit', (c) => c.signals.bill === 'utility'),
  S('telecom_payments', 'phone, internet and cable bills', 'debit', (c) => c.signals.bill === 'telecom'),
  S('nsf', 'NSF events: insufficient-funds fees and payments returned for insufficient funds', 'both', (c) => c.signals.nsf === 'fee' || c.signals.nsf === 'reversal'),
  S('nsf_fees', 'insufficient-funds fees', 'debit', (c) => c.signals.nsf === 'fee'),
  S('stop_payment', 'stop-payment fees', 'debit', (c) => c.signals.nsf === 'stop_payment'),
  S('bank_fees', 'bank service fees, interest charges and late fees', 'debit', (c) => c.primary === 'Financial' && ['Bank Fees', 'Interest Charges', 'Overdraft Interest', 'Late Fees'].includes(c.sub)),
  S('gambling', 'money spent with gambling operators', 'debit', (c) => c.signals.gambling === true),
  S('rent_payments', 'rent', 'debit', (c) => c.primary === 'Home' && (c.sub === 'Rent' || c.sub === 'Commercial Rent')),
  S('insurance_payments', 'insurance premiums', 'debit', (c) => c.primary === 'Insurance'),
  S('atm_withdrawals', 'cash withdrawals', 'debit', (c) => c.sub === 'ATM Withdrawals'),
  S('transfers_out', 'Interac e-Transfers sent to people', 'debit', (c) => c.sub === 'E-Transfer Out'),
  S('recurring_payments', 'payments that recur at a steady rhythm', 'debit', (c) => notOwn(c) && c.recurring !== undefined),
  S('recurring_transfers_out', 'transfers sent at a steady rhythm', 'debit', (c) => c.primary === 'Transfers' && c.recurring !== undefined),
  S('food_and_dining_spending', 'groceries, restaurants and delivery', 'debit', spending('Food & Dining')),
  S('shopping_spending', 'retail and online shopping', 'debit', spending('Shopping')),
  S('entertainment_spending', 'streaming, gaming and events (gambling included)', 'debit', spending('Entertainment')),
  S('transportation_spending', 'fuel, parking, maintenance and rides', 'debit', spending('Transportation')),
  S('travel_spending', 'travel and public transit', 'debit', spending('Travel')),
  S('health_spending', 'pharmacy, medical and fitness', 'debit', spending('Health')),
  // business
  S('operating_income', 'business operating income: sales paid by customers, card processors and cash', 'credit', (c) => c.signals.income === 'other' && c.sub !== 'Interest Income'),
  S('merchant_service_provider_deposits', 'payouts from card processors and marketplaces', 'credit', (c) => c.sub === 'Merchant Payouts'),
  S('transfer_deposits', 'deposits by transfer from others (e-Transfers and customer payments)', 'credit', (c) => c.sub === 'E-Transfer In' || c.sub === 'Customer Payments'),
  S('operating_expenses', 'business expenses: everything paid out except own transfers, loans and owner draws', 'debit', (c) => notOwn(c) && !c.signals.loan && c.sub !== 'Owner Draw'),
  S('payroll_expenses', 'staff payroll paid through a payroll service', 'debit', (c) => c.sub === 'Payroll Expense'),
  S('owner_draws', 'money taken out by the owner', 'debit', (c) => c.sub === 'Owner Draw'),
  S('taxes_paid', 'payments to the tax authority', 'debit', (c) => c.sub === 'Taxes'),
];

/**
 * Names the documented attributes use for a subject computed under another name
 * (`total_deposits_trend_simple`, `sum_debits_30_days`, `sum_disability_60_days`,
 * `sum_payroll_deposits_365_days_biz`): one subject, counted once.
 */
const ALIASES: Record<string, string> = {
  total_deposits: 'total_credits',
  debits: 'total_debits',
  disability: 'disability_income',
  payroll_deposits: 'employer_income',
};

export const SUBJECT_INDEX = new Map<string, number>(SUBJECTS.map((s, i) => [s.id, i]));
for (const [alias, id] of Object.entries(ALIASES)) SUBJECT_INDEX.set(alias, SUBJECT_INDEX.get(id)!);

