/**
 * The codes of Canadian EFT: Payments Canada Standard 007 transaction codes
 * (what a payment is for; the `transactionCode` of a transaction), grouped in
 * the purpose categories GET /api/v1/purposecategories/{direction} lists, and the
 * Standard 005 return reason codes with the Flinks decision matrix
 * (docs.flinks.com/api/pay/endpoints/eft/transaction-codes, guides/pay/eft/failure-scenarios;
 * Payments Canada Standards 005 and 007).
 */

export type Direction = 'DEBIT' | 'CREDIT';

export interface PurposeCategory {
  id: number;
  name: string;
  codes: [number, string][];
}

const c = (id: number, name: string, codes: [number, string][]): PurposeCategory => ({ id, name, codes });

/** Debits: what an originator collects for. */
export const DEBIT_CATEGORIES: PurposeCategory[] = [
  c(1, 'Insurance', [[330, 'Insurance'], [331, 'Life Insurance'], [332, 'Auto Insurance'], [333, 'Property Insurance'], [334, 'Casualty Insurance'], [335, 'Mortgage Insurance'], [336, 'Health/Dental Claim Insurance']]),
  c(2, 'Loans', [[350, 'Loans'], [351, 'Personal Loans'], [352, 'Dealer Plan Loans'], [353, 'Farm Improvement Loans'], [354, 'Home Improvement Loans'], [355, 'Term Loans'], [356, 'Insurance Loans']]),
  c(3, 'Mortgage', [[370, 'Mortgage'], [371, 'Residential Mortgage'], [372, 'Commercial Mortgage'], [373, 'Farm Mortgage']]),
  c(4, 'Taxes', [[380, 'Taxes'], [381, 'Income Taxes'], [382, 'Sales Taxes'], [383, 'Corporate Taxes'], [384, 'School Taxes'], [385, 'Property Taxes'], [386, 'Water Taxes']]),
  c(5, 'Rent/Leases', [[400, 'Rent/Leases'], [401, 'Residential Rent/Leases'], [402, 'Commercial Rent/Leases'], [403, 'Equipment Rent/Leases'], [404, 'Automobile Rent/Leases'], [405, 'Appliance Rent/Leases']]),
  c(6, 'Cash Management', [[420, 'Cash Management']]),
  c(7, 'Bill Payment', [[430, 'Bill Payment'], [431, 'Telephone Bill Payment'], [432, 'Gasoline Bill Payment'], [433, 'Hydro Bill Payment'], [434, 'Cable Bill Payment'], [435, 'Fuel Bill Payment'], [436, 'Utility Bill Payment'], [437, 'Internet Access Payment'], [438, 'Water Bill Payment'], [439, 'Auto Payment']]),
  c(8, 'Miscellaneous', [[450, 'Misc. Payments'], [451, 'Customer Cheques'], [452, 'Expense Payment'], [453, 'Bill Payment Error Correction']]),
  c(9, 'Accounts Payable', [[460, 'Accounts Payable']]),
  c(10, 'Fees/Dues', [[470, 'Fees/Dues']]),
  c(11, 'Donations', [[480, 'Donations']]),
  c(12, 'Investment', [[260, 'Investment'], [261, 'Mutual Funds'], [265, 'Spousal RSP Contribution'], [266, 'RESP Contribution'], [271, 'RSP Contribution'], [273, 'Tax Free Savings Account'], [274, 'RDSP Contribution']]),
];

/** Credits: what an originator pays out for. */
export const CREDIT_CATEGORIES: PurposeCategory[] = [
  c(101, 'Payroll', [[200, 'Payroll Deposit'], [201, 'Special Payroll'], [202, 'Vacation Payroll'], [203, 'Overtime Payroll'], [204, 'Advance Payroll'], [205, 'Commission Payroll'], [206, 'Bonus Payroll'], [207, 'Adjustment Payroll']]),
  c(102, 'Pension', [[230, 'Pension'], [231, 'Federal Pension'], [232, 'Provincial Pension'], [233, 'Private Pension']]),
  c(103, 'Annuity', [[240, 'Annuity']]),
  c(104, 'Dividends', [[250, 'Dividend'], [251, 'Common Dividend'], [252, 'Preferred Dividend']]),
  c(105, 'Investment', [[260, 'Investment'], [261, 'Mutual Funds'], [272, 'Retirement Income Fund']]),
  c(106, 'Interest', [[280, 'Interest']]),
  c(107, 'Lottery', [[281, 'Lottery Prize Payment']]),
  c(108, 'Cash Management', [[420, 'Cash Management']]),
  c(109, 'Miscellaneous', [[450, 'Misc. Payments'], [452, 'Expense Payment']]),
  c(110, 'Accounts Payable', [[460, 'Accounts Payable']]),
];

export function categoriesOf(direction: Direction): PurposeCategory[] {
  return direction === 'DEBIT' ? DEBIT_CATEGORIES : CREDIT_CATEGORIES;
}

const NAMES = new Map<number, string>();
for (const cat of [...DEBIT_CATEGORIES, ...CREDIT_CATEGORIES]) for (const [code, name] of cat.codes) NAMES.set(code, name);

/** The Standard 007 name of a code, or undefined when we do not know it. */
export function transactionCodeName(code: number): string | undefined {
  return NAMES.get(code);
}

/** Whether a code may be used in that direction (it is listed in one of the direction's categories). */
export function codeAllowed(code: number, direction: Direction): boolean {
  return categoriesOf(direction).some((cat) => cat.codes.some(([x]) => x === code));
}

/** Return reason codes (Standard 005), with their meanings. */
export const RETURN_REASONS: Record<number, string> = {
  900: 'Edit Reject',
  901: 'NSF (Debit Only)',
  902: 'Account Not Found',
  903: 'Payment Stopped/Recalled',
  904: 'Post/Stale Dated',
  905: 'Account Closed',
  907: 'No Debit Allowed',
  908: 'Funds Not Cleared (Debit Only)',
  909: 'Currency/Account Mismatch',
  910: 'Payor/Payee Deceased',
  911: 'Account Frozen',
  912: 'Invalid/Incorrect Account Number',
  914: 'Incorrect Payor/Payee Name',
  915: 'No Agreement Existed',
  916: 'Not According to Agreement - Personal',
  917: 'Agreement Revoked - Personal',
  918: 'No Confirmation/Pre-Notification - Personal',
  919: 'Not According to Agreement - Business',
  920: 'Agreement Revoked - Business',
  921: 'No Confirmation/Pre-Notification - Business',
  922: 'Customer Initiated Return',
  990: 'Institution in Default',
};

/**
 * What happens to the schedule of a returned payment (Flinks' failure-scenario matrix):
 *  - cancel:      the cause is permanent: the schedule and its unsent payments are cancelled;
 *  - retry:       temporary (NSF, funds not cleared): the schedule goes on; contact the payor
 *                 or create a new transaction for the missed amount;
 *  - review:      the schedule is put on hold (its unsent payments are not filed) until
 *                 the client cancels or resumes it;
 *  - investigate: a technical return: the schedule goes on, the operator looks into it.
 */
export const RETURN_DECISIONS = ['cancel', 'retry', 'review', 'investigate'] as const;
export type ReturnDecision = (typeof RETURN_DECISIONS)[number];

const CANCEL = [902, 905, 907, 909, 910, 911, 912, 915, 917, 920];
const RETRY = [901, 908];
const REVIEW = [903, 914, 916, 918, 919, 921];
const INVESTIGATE = [900, 904, 922, 990];
/** Codes that make the return a PAD dispute (Rule H1): the PAD agreement is marked Disputed. */
export const PAD_DISPUTE_CODES = new Set([902, 905, 907, 909, 911, 912, 915, 916, 917, 918, 919, 920, 921]);

export function returnDecision(code: number): ReturnDecision {
  if (CANCEL.includes(code)) return 'cancel';
  if (RETRY.includes(code)) return 'retry';
  if (REVIEW.includes(code)) return 'review';
  if (INVESTIGATE.includes(code)) return 'investigate';
  // An unknown code is a technical question before anything else.
  return 'investigate';
}

export function isReturnCode(code: number): boolean {
  return code in RETURN_REASONS;
}
