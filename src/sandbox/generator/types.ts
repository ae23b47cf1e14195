// Public types of the sandbox data generator.
// The generator is pure: no I/O, no clock, no Math.random(). Everything is derived from
// (seed, persona, startDate, endDate).

export type PersonaId = 'salaried' | 'gig' | 'benefits' | 'nsf' | 'business';

/** The 16 primary categories used by the ground-truth labels. */
export type Category =
  | 'Income'
  | 'Transfers'
  | 'Loans'
  | 'Fees'
  | 'Housing'
  | 'Utilities'
  | 'Telecom'
  | 'Groceries'
  | 'Restaurants'
  | 'Transportation'
  | 'Shopping'
  | 'Entertainment'
  | 'Health'
  | 'Insurance'
  | 'Gambling'
  | 'Other';

export type GovernmentKind =
  | 'EI'
  | 'CCB'
  | 'GST_HST'
  | 'CPP'
  | 'OAS'
  | 'SOCIAL_ASSISTANCE'
  | 'WSIB'
  | 'PENSION'
  | 'CHILD_SUPPORT';

export type LoanKind = 'auto' | 'mortgage' | 'student' | 'payday' | 'other';
export type NsfKind = 'fee' | 'stop_payment' | 'reversal';
export type Recurrence = 'weekly' | 'biweekly' | 'semimonthly' | 'monthly';

export interface Holder {
  name: string;
  civicAddress: string;
  city: string;
  province: string;
  postalCode: string;
  country: string;
  email: string;
  phoneNumber: string;
}

/** Ground truth for a later categorizer. Never exposed by the API. */
export interface TrueLabel {
  category: string;
  subCategory: string;
  income?: 'payroll' | 'government' | 'other';
  government?: GovernmentKind;
  loan?: LoanKind;
  nsf?: NsfKind;
  /** Key of the other leg of an internal transfer (savings sweep, card payment, LOC advance...). */
  transferCounterpartKey?: string;
  recurring?: Recurrence;
  employer?: string;
  merchant?: string;
}

export interface GeneratedTransaction {
  /** Stable and unique per login: "<accountKey>:<yyyy-mm-dd>:<nn>" (nn = 2-digit order within the day). */
  key: string;
  /** YYYY-MM-DD */
  date: string;
  description: string;
  debitCents: number | null;
  creditCents: number | null;
  /** Running balance after this transaction (see ledger.ts for the sign convention). */
  balanceCents: number;
  label: TrueLabel;
}

export type AccountType = 'Chequing' | 'Savings' | 'CreditCard' | 'LineOfCredit';

export interface GeneratedAccount {
  /** 'chequing' | 'savings' | 'creditcard' | 'lineofcredit' */
  key: string;
  title: string;
  type: AccountType;
  category: 'Operations' | 'Credits' | 'Products';
  currency: 'CAD';
  transitNumber: string;
  institutionNumber: string;
  accountNumber: string;
  overdraftLimitCents: number;
  limitCents: number | null;
  openingBalanceCents: number;
  /** Ascending by date, then by key. */
  transactions: GeneratedTransaction[];
  currentCents: number;
  availableCents: number;
}

export interface GeneratedLogin {
  persona: PersonaId;
  accountType: 'Personal' | 'Business';
  holder: Holder;
  accounts: GeneratedAccount[];
}

export interface GenerateLoginOptions {
  /** Any string; the same seed always yields the same holder, accounts and history. */
  seed: string;
  persona: PersonaId;
  /** First day of history (YYYY-MM-DD), inclusive. Opening balances are as of this day. */
  startDate: string;
  /** Last day of history (YYYY-MM-DD), inclusive. Any range length is accepted. */
  endDate: string;
}
