/**
 * Every attribute of every sandbox persona against an independent computation from the
 * generator's true labels: the reference below reads only the labels and the raw amounts,
 * dates and balances, with its own naive code (one scan per attribute), never the engine's
 * subjects or accumulators. Exact to the cent.
 */
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateLogin, PERSONAS, type GeneratedTransaction, type TrueLabel } from '../../../src/sandbox/generator/index.ts';
import { ATTRIBUTES, computeCard, engineInput, NONE_DETECTED, type AttributeDef } from '../../../src/enrich/engine/index.ts';
import type { Compute, Window } from '../../../src/enrich/engine/registry.ts';
import { truthOf } from '../../../scripts/categorizer/truth.ts';

const AS_OF = '2026-11-01';
const START = '2025-09-20';

interface Row { t: GeneratedTransaction; account: string; credit: boolean; amount: number }

const day = (d: string) => Math.round(Date.parse(d + 'T00:00:00Z') / 86_400_000);
const months = (d: string) => (Number(AS_OF.slice(0, 4)) - Number(d.slice(0, 4))) * 12 + Number(AS_OF.slice(5, 7)) - Number(d.slice(5, 7));
const OWN = new Set(['Internal Transfer', 'Credit Card Payment', 'Line of Credit Payment']);
const OTHER_GOV = new Set(['EI', 'SOCIAL_ASSISTANCE', 'WSIB', 'PENSION', 'CHILD_SUPPORT']);
const FEES = new Set(['Bank Fee', 'Interest Charges', 'Overdraft Interest', 'Late Fee']);

/** The reference's own reading of each subject, on true labels. */
function inSubject(id: string, l: TrueLabel, credit: boolean): boolean {
  const own = l.category === 'Transfers' && OWN.has(l.subCategory);
  const gov = (k: string) => credit && l.income === 'government' && l.government === k;
  const spend = (primary: string) => !credit && !own && !l.loan && !l.nsf && truthOf(l)[0] === primary;
  switch (id) {
    case 'total_credits': case 'total_deposits': return credit && !own;
    case 'total_debits': case 'debits': return !credit && !own;
    case 'total_income': return credit && l.income !== undefined;
    case 'employer_income': case 'payroll_deposits': return credit && l.income === 'payroll';
    case 'non_employer_income': return credit && (l.income === 'government' || l.income === 'other');
    case 'government_income': return credit && l.income === 'government';
    case 'employment_insurance_income': return gov('EI');
    case 'social_assistance_income': return gov('SOCIAL_ASSISTANCE');
    case 'wsib_income': return gov('WSIB');
    case 'pension_income': return gov('PENSION');
    case 'child_support_income_government': return gov('CHILD_SUPPORT');
    case 'child_benefit_income': return gov('CCB');
    case 'gst_credit_income': return gov('GST_HST');
    case 'cpp_income': return gov('CPP');
    case 'oas_income': return gov('OAS');
    case 'disability_income': case 'disability': return gov('DISABILITY');
    case 'other_income': return credit && l.income === 'government' && !OTHER_GOV.has(l.government ?? '');
    case 'other_non_government_income': return credit && l.income === 'other';
    case 'operating_income': return credit && l.income === 'other' && l.subCategory !== 'Interest';
    case 'loan_deposits': return credit && l.loan !== undefined;
    case 'micro_loan_deposits': return credit && l.loan === 'payday';
    case 'auto_loan_deposits': return credit && l.loan === 'auto';
    case 'gambling_winnings': return credit && l.category === 'Gambling';
    case 'transfers_in': return credit && l.subCategory === 'E-Transfer In';
    case 'reversed_payments_because_of_nsf': return credit && l.nsf === 'reversal';
    case 'merchant_service_provider_deposits': return credit && l.subCategory === 'Merchant Payout';
    case 'transfer_deposits': return credit && (l.subCategory === 'E-Transfer In' || l.subCategory === 'Customer Payment');
    case 'loan_payments': return !credit && l.loan !== undefined;
    case 'auto_loan_payments': return !credit && l.loan === 'auto';
    case 'mortgage_payments': return !credit && l.loan === 'mortgage';
    case 'micro_loan_payments': return !credit && l.loan === 'payday';
    case 'student_loan_payments': return !credit && l.loan === 'student';
    case 'other_loan_payments': return !credit && l.loan === 'other';
    case 'utility_payments': return !credit && l.category === 'Utilities';
    case 'telecom_payments': return !credit && l.category === 'Telecom';
    case 'nsf': return l.nsf === 'fee' || l.nsf === 'reversal';
    case 'nsf_fees': return !credit && l.nsf === 'fee';
    case 'stop_payment': return !credit && l.nsf === 'stop_payment';
    case 'bank_fees': return !credit && l.category === 'Fees' && FEES.has(l.subCategory);
    case 'gambling': return !credit && l.category === 'Gambling';
    case 'rent_payments': return !credit && l.category === 'Housing' && (l.subCategory === 'Rent' || l.subCategory === 'Commercial Rent');
    case 'insurance_payments': return !credit && l.category === 'Insurance';
    case 'atm_withdrawals': return !credit && l.subCategory === 'ATM Withdrawal';
    case 'transfers_out': return !credit && l.subCategory === 'E-Transfer Out';
    case 'food_and_dining_spending': return spend('Food & Dining');
    case 'shopping_spending': return spend('Shopping');
    case 'entertainment_spending': return spend('Entertainment');
    case 'transportation_spending': return spend('Transportation');
    case 'travel_spending': return spend('Travel');
    case 'health_spending': return spend('Health');
    case 'operating_expenses': return !credit && !own && l.loan === undefined && l.subCategory !== 'Owner Draw';
    case 'payroll_expenses': return !credit && l.subCategory === 'Payroll Expense';
    case 'owner_draws': return !credit && l.subCategory === 'Owner Draw';
    case 'taxes_paid': return !credit && l.subCategory === 'Taxes';
    default: throw new Error(`reference has no reading of subject ${id}`);
  }
}

/** Subjects whose membership is the engine's own detection (recurring series), with no label to check against. */
const DETECTED_ONLY = new Set(['recurring_deposits', 'recurring_payments', 'recurring_transfers_in', 'recurring_transfers_out']);

function inWindow(d: string, w: Window): boolean {
  if (w.kind === 'all') return true;
  if (w.kind === 'days') return day(AS_OF) - day(d) < w.days;
  return months(d) === w.ago;
}

function subjectOf(c: Compute): string | null {
  return 'subject' in c ? c.subject : c.kind === 'ratio' ? c.numerator : null;
}

/** Naive value of one attribute, or undefined when the reference does not compute its kind. */
function reference(def: AttributeDef, rows: Row[], firstDay: number): unknown {
  const c = def.compute;
  const money = (cents: number) => Math.round(cents) / 100;
  const of = (s: string, w: Window = { kind: 'all' }) => rows.filter((r) => inSubject(s, r.t.label, r.credit) && inWindow(r.t.date, w));
  const total = (list: Row[]) => list.reduce((s, r) => s + r.amount, 0);
  const complete = Array.from({ length: 12 }, (_, i) => i + 1).filter((m) => {
    const y = Number(AS_OF.slice(0, 4)); const mm = Number(AS_OF.slice(5, 7)) - m;
    const start = mm < 1 ? `${y - 1}-${String(mm + 12).padStart(2, '0')}-01` : `${y}-${String(mm).padStart(2, '0')}-01`;
    return day(start) >= firstDay;
  });
  const monthly = (s: string) => complete.reduce((sum, m) => sum + total(of(s, { kind: 'month', ago: m })), 0) / complete.length;
  const detected = (s: string) => of(s).length > 0;
  switch (c.kind) {
    case 'sum': return detected(c.subject) ? money(total(of(c.subject, c.window))) : NONE_DETECTED;
    case 'count': return detected(c.subject) ? of(c.subject, c.window).length : NONE_DETECTED;
    case 'average': return detected(c.subject) ? money(total(of(c.subject)) / of(c.subject).length) : NONE_DETECTED;
    case 'monthlyComplex': return detected(c.subject) ? money(monthly(c.subject)) : NONE_DETECTED;
    case 'annualNet': return detected(c.subject) ? money(monthly(c.subject) * 12) : NONE_DETECTED;
    case 'monthlySimple': return detected(c.subject) ? money(total(of(c.subject, { kind: 'days', days: 365 })) / 12) : NONE_DETECTED;
    case 'monthlyCount': return detected(c.subject) ? Math.round((complete.reduce((n, m) => n + of(c.subject, { kind: 'month', ago: m }).length, 0) / complete.length) * 100) / 100 : NONE_DETECTED;
    case 'has': return detected(c.subject) ? 'YES' : 'NO';
    case 'trend': {
      if (!detected(c.subject)) return NONE_DETECTED;
      const recent = [1, 2, 3].reduce((s, m) => s + total(of(c.subject, { kind: 'month', ago: m })), 0);
      const previous = [4, 5, 6].reduce((s, m) => s + total(of(c.subject, { kind: 'month', ago: m })), 0);
      if (c.numeric) return previous === 0 ? NONE_DETECTED : Math.round((recent / previous) * 100) / 100;
      if (previous === 0) return recent > 0 ? 'INCREASING' : 'CONSISTENT';
      return recent / previous > 1.1 ? 'INCREASING' : recent / previous < 0.9 ? 'DECREASING' : 'CONSISTENT';
    }
    case 'name': {
      const totals = new Map<string, number>();
      for (const r of of(c.subject)) { const n = r.t.label.employer ?? r.t.label.merchant; if (n) totals.set(n, (totals.get(n) ?? 0) + r.amount); }
      const best = [...totals].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
      return best ? best[0] : NONE_DETECTED;
    }
    case 'lastDate': {
      const dates = [...new Set(of(c.subject).map((r) => r.t.date))].sort();
      const d = dates[dates.length - c.nth];
      return d ? d.replaceAll('-', '/') : NONE_DETECTED;
    }
    case 'ratio': {
      const den = total(of(c.denominator, { kind: 'days', days: c.days }));
      return den === 0 ? NONE_DETECTED : Math.round((total(of(c.numerator, { kind: 'days', days: c.days })) / den) * 100) / 100;
    }
    case 'accountAge': return day(AS_OF) - firstDay;
    case 'activeDays': return new Set(rows.map((r) => r.t.date)).size;
    default: return undefined;
  }
}

describe('attributes against the true labels, every persona', () => {
  for (const persona of PERSONAS) {
    test(persona, () => {
      const login = generateLogin({ seed: `reference-${persona}`, persona, startDate: START, endDate: AS_OF });
      const ops = login.accounts.filter((a) => a.category === 'Operations');
      const rows: Row[] = ops.flatMap((a) => a.transactions.map((t) => ({ t, account: a.key, credit: (t.creditCents ?? 0) > 0, amount: t.creditCents ?? t.debitCents ?? 0 })));
      const input = engineInput(AS_OF, ops.map((a) => ({ id: a.key, kind: 'deposit' as const, currentCents: a.currentCents })), rows.map((r) => ({ id: r.t.key, accountId: r.account, date: r.t.date, description: r.t.description, debitCents: r.t.debitCents, creditCents: r.t.creditCents, balanceCents: r.t.balanceCents })), login.accountType === 'Business');
      const card = computeCard(input).values;
      const firstDay = Math.min(...rows.map((r) => day(r.t.date)));
      let compared = 0;
      const wrong: string[] = [];
      for (const def of ATTRIBUTES) {
        const s = subjectOf(def.compute);
        if (s && DETECTED_ONLY.has(s)) continue;
        const want = reference(def, rows, firstDay);
        if (want === undefined) continue;
        compared++;
        if (card[def.name] !== want) wrong.push(`${def.name}: engine ${JSON.stringify(card[def.name])}, labels ${JSON.stringify(want)}`);
      }
      assert.deepEqual(wrong, [], `${wrong.length} of ${compared} attributes differ`);
      assert.ok(compared > 1000, `${compared} compared`);
    });
  }
});
