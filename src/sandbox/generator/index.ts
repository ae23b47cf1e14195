// Public API of the sandbox data generator (pure and deterministic).
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
