import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { ATTRIBUTES, findAttribute, packageAttributes } from '../../../src/enrich/engine/registry.ts';

/** Every concrete name the Enrich docs list (docs.flinks.com/api/enrich/endpoints, changelogs), as spelled there. */
const MONTHS = ['current_month', 'previous_month', ...Array.from({ length: 11 }, (_, i) => `${i + 2}_months_ago`)];
const SPEC_NAMES = [
  'account_age_days', 'account_age', 'count_active_days',
  'employer_name', 'has_employer_income', 'average_monthly_employer_income_complex', 'average_monthly_employer_income', 'employer_income_trend_simple', 'employer_income_frequency',
  ...MONTHS.map((m) => `sum_employer_income_${m}`), ...MONTHS.map((m) => `count_employer_income_${m}`),
  'sum_employer_income', 'sum_employer_income_30_days', 'average_employer_income_deposit',
  'average_closing_balance_day_of_employer_income', 'average_closing_balance_day_after_employer_income', 'average_closing_balance_day_of_income', 'average_closing_balance_day_after_income',
  'average_monthly_non_employer_income_complex', 'sum_non_employer_income_current_month', 'sum_non_employer_income_previous_month', 'sum_non_employer_income_2_months_ago', 'sum_non_employer_income', 'sum_non_employer_income_30_days',
  'average_monthly_government_income_complex', ...MONTHS.map((m) => `sum_government_income_${m}`), ...MONTHS.map((m) => `count_government_income_${m}`),
  'sum_government_income_90_days', 'sum_employment_insurance_income_90_days', 'sum_employment_insurance_income_current_month', 'sum_employment_insurance_income_previous_month', 'sum_employment_insurance_income_2_months_ago',
  'sum_social_assistance_income_90_days', 'sum_wsib_income_90_days', 'sum_pension_income_90_days', 'sum_child_support_income_government_90_days', 'sum_other_income_90_days',
  'sum_disability_income_current_month', 'sum_disability_income_previous_month', 'sum_disability_income_2_months_ago', 'sum_disability_60_days',
  ...MONTHS.map((m) => `sum_total_income_${m}`), ...MONTHS.map((m) => `sum_total_credits_${m}`), 'total_deposits_trend_simple',
  'recurring_deposits_current_month', 'recurring_deposits_previous_month', 'recurring_deposits_2_months_ago', 'total_credits_30_days', 'total_debits_30_days', 'sum_debits_30_days', 'average_monthly_debit',
  'balance_min', 'balance_current', 'balance_90_days_ago', 'balance_trend_simple', 'count_days_negative_balance_90_days', 'average_monthly_free_cash_flow',
  'overall_activity_trend_simple', 'debit_activity_trend_simple', 'credit_activity_trend_simple', 'average_monthly_recurring_payments_complex', 'average_monthly_recurring_transfers_in_complex', 'average_monthly_recurring_transfers_out_complex',
  'average_monthly_loan_payments_complex', 'average_monthly_auto_loan_payments_complex', 'average_monthly_mortgage_payments_complex', 'average_monthly_micro_loan_payments_complex', 'average_monthly_student_loan_payments_complex', 'average_monthly_other_loan_payments_complex',
  'sum_loan_payments', 'sum_loan_payments_current_month', 'sum_loan_payments_previous_month', 'sum_loan_payments_2_months_ago', 'sum_loan_payments_30_days', 'sum_loan_payments_60_days', 'sum_loan_payments_90_days',
  'count_loan_payments_current_month', 'count_loan_payments_previous_month', 'sum_loan_deposits_30_days', 'sum_loan_deposits_60_days', 'sum_loan_deposits_90_days',
  'sum_micro_loan_payments_current_month', 'sum_micro_loan_payments_previous_month', 'sum_micro_loan_payments_2_months_ago', 'sum_micro_loan_payments_60_days',
  'average_micro_loan_payment', 'other_loan_payments_average', 'micro_lender_name', 'count_distinct_micro_lenders',
  'average_monthly_utility_payments_complex', 'average_monthly_telecom_payments_complex', 'utility_payments_average', 'telecom_payments_average',
  'count_nsf_30_days', 'count_nsf_60_days', 'count_nsf_90_days', 'sum_nsf_60_days', 'average_monthly_nsf_fees_count', 'count_stop_payment_90_days', 'count_reversed_payments_because_of_nsf',
  'average_monthly_operating_income_biz', 'sum_operating_income_365_days_biz', 'average_monthly_payroll_deposits_biz', 'sum_payroll_deposits_365_days_biz',
  'average_monthly_auto_loan_payments_biz', 'sum_auto_loan_payments_365_days_biz', 'count_auto_loan_payments_10_months_ago_biz', 'auto_loan_payments_frequency_biz', 'auto_loan_payments_trend_biz', 'auto_loan_deposits_frequency_biz', 'auto_loan_deposits_trend_biz',
];

describe('attribute registry', () => {
  test('every name the docs list exists, spelled the same', () => {
    const missing = SPEC_NAMES.filter((n) => !findAttribute(n));
    assert.deepEqual(missing, []);
  });

  test('at least 300 attributes, unique names in the grammar, each with description, category and unit', () => {
    assert.ok(ATTRIBUTES.length >= 300, `${ATTRIBUTES.length}`);
    assert.equal(new Set(ATTRIBUTES.map((a) => a.name)).size, ATTRIBUTES.length);
    for (const a of ATTRIBUTES) {
      assert.match(a.name, /^[a-z0-9]+(_[a-z0-9]+)*$/, a.name);
      assert.ok(a.description.length > 10 && a.category.length > 0 && a.unit.length > 0, a.name);
      assert.equal(a.business, a.name.endsWith('_biz'));
    }
  });

  test('windows 30/60/90/180/365 days and the 13 calendar months; every family the documented packages name', () => {
    for (const d of [30, 60, 90, 180, 365]) assert.ok(findAttribute(`sum_total_income_${d}_days`), `${d}`);
    for (const family of ['gambling', 'has_new_employer_90_days', 'next_pay_date_1', 'ratio_loan_payments_to_income_90_days', 'employer_income_estimated_annual_net']) assert.ok(ATTRIBUTES.some((a) => a.name.includes(family)), family);
    for (const p of ['income', 'creditRisk', 'userAnalysis', 'lending', 'business'] as const) assert.ok(packageAttributes(p).length > 50, p);
  });
});

describe('docs/attributes.md', () => {
  test('is the dictionary generated from the registry (npm run docs:attributes)', async () => {
    const { readFileSync } = await import('node:fs');
    const { attributesDoc } = await import('../../../scripts/attributes-doc.ts');
    assert.equal(readFileSync(new URL('../../../docs/attributes.md', import.meta.url), 'utf8'), attributesDoc());
  });
});
