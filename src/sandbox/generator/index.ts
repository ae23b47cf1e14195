// Public API of the sandbox data generator.
//
// generateLogin({ seed, persona, startDate, endDate }) returns a holder and four accounts
// (chequing, savings, credit card, line of credit) with their full transaction history between
// the two dates (inclusive). It is pure and deterministic:
// - the same options always give a deep-equal result;
// - prefix stability: with a later endDate, every transaction up to the earlier endDate is
//   identical (keys, amounts, balances) and only new ones are appended, so a sandbox clock that
//   moves forward adds transactions on refresh without duplicating any;
// - any range length up to MAX_HISTORY_DAYS is accepted (callers usually pass
//   DEFAULT_HISTORY_DAYS, a bit over 13 months).
// Balances: deposit accounts hold money (balance = previous + credit - debit); credit cards and
// lines of credit carry the amount owed as a positive number (balance = previous + debit - credit).
// Every transaction has a ground-truth label (TrueLabel) for testing categorizers; the API never
// exposes it.
export { generateLogin, DEFAULT_HISTORY_DAYS, MAX_HISTORY_DAYS } from './generate.ts';
export { PERSONAS, personaForSeed } from './personas.ts';
export { CATEGORIES } from './categories.ts';
export { INSTITUTION_NUMBER } from './accounts.ts';
export { addDays } from './calendar.ts';
export type {
  AccountType,
  Category,
  GeneratedAccount,
  GeneratedLogin,
  GeneratedTransaction,
  GenerateLoginOptions,
  GovernmentKind,
  Holder,
  LoanKind,
  NsfKind,
  PersonaId,
  Recurrence,
  TrueLabel,
} from './types.ts';
