// Public types of the Flinks Capital scripted bank (pure, deterministic, no I/O).
// The server keeps `ScriptState` (encrypted) between HTTP calls and maps every
// `Step` to an HTTP answer: challenges → 203, connected → 200, failed → 401/405/500.

import type { PersonaId } from '../generator/types.ts';
export type Language = 'en' | 'fr';

// The wire shape of SecurityChallenges is Connect's (docs.flinks.com/guides/connect/legacy-api-integrations); the scripted bank speaks it.
export type { Challenge, ChallengeType } from '../../connect/index.ts';
import type { Challenge } from '../../connect/index.ts';

export type FailCode =
  | 'INVALID_USERNAME'
  | 'INVALID_PASSWORD'
  | 'INVALID_LOGIN'
  | 'INVALID_SECURITY_RESPONSE'
  | 'UNKNOWN_CHALLENGE_KEY'
  | 'SECURITYRESPONSES_INCOMPLETE'
  | 'QUESTION_NOT_FOUND'
  | 'RETRY_LATER'
  | 'DISABLED_LOGIN'
  | 'NEW_ACCOUNT'
  | 'UNAUTHORIZED'
  | 'DISABLED_INSTITUTION'
  | 'CONCURRENT_SESSION'
  | 'AGGREGATION_ERROR'
  | 'NO_TRANSACTION';

/** The data persona a test user's login is generated from. */
export type Persona = PersonaId;
export type Aggregation = 'normal' | 'pending' | 'dispatched';
export type Country = 'CA' | 'US';

/**
 * Session state between two /Authorize calls. JSON-serialisable; the server must treat it
 * as opaque and hand it back unchanged. It holds no expected answer, only what was asked.
 */
export interface ScriptState {
  /** State format version. */
  readonly v: 1;
  /** Canonical table username of the sandbox user (e.g. "Greatday"). */
  readonly user: string;
  /** Username as typed (trimmed), echoed in the profile. */
  readonly typed: string;
  readonly lang: Language;
  /** 'login' = first connection, 'refresh' = live refresh of a saved login. */
  readonly mode: 'login' | 'refresh';
  /** Index of the current MFA round in the user's script. */
  readonly round: number;
  /** Question ids asked in the current round (in challenge order). */
  readonly asked: readonly string[];
  /** Wrong MFA answers given so far in this login (3 ends the login). */
  readonly wrong: number;
  /** Answers accepted in earlier rounds of this session: prompt → answers. */
  readonly answered: Readonly<Record<string, readonly string[]>>;
  /** Interactive refresh only: stored answers (question id → answers) for the rounds still to come. */
  readonly replay?: Readonly<Record<string, readonly string[]>>;
}

export interface UserProfile {
  /** Username as typed by the user (trimmed) — what Flinks echoes in `Login.Username`. */
  username: string;
  /** Canonical table username (e.g. "Greatday" for "GREATDAY"); stable key for the same bank user. */
  sandboxUser: string;
  /** Synthetic-data persona; null = the server picks one from its seed. */
  persona: Persona | null;
  /** How the first data call behaves: normal 200, 202 OPERATION_PENDING, 202 OPERATION_DISPATCHED. */
  aggregation: Aggregation;
  country: Country;
  /** true = the account has no transactions (server answers NO_TRANSACTION where relevant). */
  noTransactions?: boolean;
}

export type Step =
  | { kind: 'challenges'; challenges: Challenge[]; state: ScriptState }
  | { kind: 'connected'; profile: UserProfile; answered: Record<string, string[]> }
  | { kind: 'failed'; code: FailCode; message: string; retryable: boolean; state?: ScriptState };

export interface TestUser {
  username: string;
  password: string;
  /** One line for docs/sandbox.md. */
  behaviour: string;
}
