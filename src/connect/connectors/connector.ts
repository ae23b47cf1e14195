/**
 * How Connect reaches an institution. A connector logs in with credentials and
 * answers either security challenges or a connected profile; it answers
 * challenges; it refreshes a saved login with stored answers; and it fetches the
 * accounts, holder and transactions. Institution quirks stay inside connectors:
 * the request-session machine and the wire format never see them.
 */
import type { Queryable } from '../../platform/db.ts';

export type ChallengeType = 'QuestionAndAnswer' | 'MultipleChoice' | 'MultipleChoiceMultipleAnswers' | 'ImageSelection' | 'TextOrCall';

/** The wire shape of one SecurityChallenges item. */
export interface Challenge {
  Type: ChallengeType;
  Prompt: string;
  Iterables?: string[];
}

export interface ConnectedProfile {
  /** Stable identity of the user at the institution (decides the LoginId). */
  userKey: string;
  /** Username as the person typed it (shown as Login.Username). */
  username: string;
  /** normal: data is aggregated at once; pending/dispatched: aggregation takes a while. */
  aggregation: 'normal' | 'pending' | 'dispatched';
  country: 'CA' | 'US';
  /** Connector-specific facts needed to fetch the data later (persona, custom-user name...). */
  data: Record<string, unknown>;
}

export type LoginStep =
  | { kind: 'challenges'; challenges: Challenge[]; state: unknown }
  | { kind: 'connected'; profile: ConnectedProfile; answered: Record<string, string[]> }
  | { kind: 'failed'; code: string; message: string; retryable: boolean; state?: unknown };

export interface Credentials {
  username: string;
  password: string;
  language: 'en' | 'fr';
}

export interface HolderData {
  Name: string;
  Address: { CivicAddress: string; City: string; Province: string; PostalCode: string; POBox: string | null; Country: string };
  Email: string;
  PhoneNumber: string;
}

export interface TransactionData {
  /** Stable within the account: the same transaction always has the same ref. */
  ref: string;
  date: string;
  description: string;
  debitCents: number | null;
  creditCents: number | null;
  balanceCents: number | null;
  /** The generator's true label (sandbox only; never on the wire). */
  label?: unknown;
}

export interface AccountData {
  ref: string;
  title: string;
  type: string;
  category: string;
  currency: 'CAD' | 'USD';
  accountType: 'Personal' | 'Business' | null;
  transitNumber: string | null;
  institutionNumber: string | null;
  accountNumber: string;
  overdraftLimitCents: number;
  limitCents: number | null;
  currentCents: number;
  availableCents: number | null;
  transactions: TransactionData[];
}

export interface LoginData {
  loginType: 'Personal' | 'Business';
  holder: HolderData;
  accounts: AccountData[];
  /** The whole truth (a custom user's document): stored accounts and transactions absent from it are removed. */
  replace?: boolean;
}

export interface Connector {
  readonly name: string;
  startLogin(c: Credentials): Promise<LoginStep>;
  answer(state: unknown, responses: Record<string, string[]>): Promise<LoginStep>;
  /**
   * A saved login refreshed with its stored answers. interactive: a person is present to answer what is not stored.
   * q: the session's transaction (a connector that keeps state in the database must use it: on PGlite a query outside it waits for it).
   */
  refresh(c: Credentials & { storedAnswers: Record<string, string[]>; interactive: boolean; q?: Queryable }): Promise<LoginStep>;
  /** Every question the institution has on file (Enhanced MFA). */
  securityQuestions(c: { username: string; language: 'en' | 'fr' }): string[];
  /** Whether a stored answer is right (checked at the next live call, as Flinks does). */
  checkStoredAnswer(c: { username: string; question: string; answer: string }): boolean;
  /** The data as of `asOf`, for history starting at `dataStart` (YYYY-MM-DD). Same inputs, same data. */
  fetch(profile: ConnectedProfile, login: { id: string; dataStart: string; asOf: string }): Promise<LoginData>;
}
