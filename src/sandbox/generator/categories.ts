import type { Category } from './types.ts';

/** The 16 primary categories, in a fixed order. Labels use only these. */
export const CATEGORIES: readonly Category[] = Object.freeze([
  'Income',
  'Transfers',
  'Loans',
  'Fees',
  'Housing',
  'Utilities',
  'Telecom',
  'Groceries',
  'Restaurants',
  'Transportation',
  'Shopping',
  'Entertainment',
  'Health',
  'Insurance',
  'Gambling',
  'Other',
]);
