/** What the categorizer knows about a transaction beyond its category: the facts attributes count. */

export type GovernmentKind =
  | 'EI' | 'CCB' | 'GST_HST' | 'CPP' | 'OAS' | 'SOCIAL_ASSISTANCE' | 'WSIB' | 'PENSION' | 'CHILD_SUPPORT' | 'DISABILITY' | 'TAX_REFUND' | 'OTHER';
export type LoanKind = 'auto' | 'mortgage' | 'student' | 'micro' | 'other';
export type NsfKind = 'fee' | 'stop_payment' | 'reversal';
export type Frequency = 'Weekly' | 'Biweekly' | 'Semi-monthly' | 'Monthly';

export interface Signals {
  income?: 'employer' | 'government' | 'other';
  government?: GovernmentKind;
  /** A loan payment (debit) or loan proceeds (credit), by lender type. */
  loan?: LoanKind;
  nsf?: NsfKind;
  /** Money moved between the holder's own accounts (not income, not spending). */
  ownTransfer?: boolean;
  bill?: 'utility' | 'telecom';
  gambling?: boolean;
  /** Normalised employer (income 'employer') or merchant / lender name. */
  employer?: string;
  merchant?: string;
}

export type Direction = 'credit' | 'debit';
