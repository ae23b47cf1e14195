// The table of Flinks Capital test users. Every user's password is `Everyday`
// (case-insensitive); usernames are matched case-, accent- and whitespace-insensitively.

import type { Aggregation, Country, FailCode, Persona, TestUser } from './types.ts';
import type { QuestionId } from './challenges.ts';
import { CANADIAN_QUESTIONS, US_QUESTIONS, normalizeText } from './challenges.ts';

export const SANDBOX_PASSWORD = 'Everyday';

export interface SandboxUser {
  readonly username: string;
  readonly behaviour: string;
  readonly country: Country;
  readonly persona: Persona | null;
  readonly aggregation: Aggregation;
  readonly noTransactions?: boolean;
  /** Login refused with this code after the credentials (or before them, see `failBeforePassword`). */
  readonly fail?: { readonly code: FailCode; readonly message: string };
  /** The failure is reported whatever the password (e.g. the bank rejects the username itself). */
  readonly failBeforePassword?: boolean;
  /** MFA rounds of a first login; each round is answered in one /Authorize call. */
  readonly loginRounds: readonly (readonly QuestionId[])[];
  /** MFA rounds of a live refresh of a saved login (answered from stored answers). */
  readonly refreshRounds: readonly (readonly QuestionId[])[];
  /** Security questions the bank has on file (Enhanced MFA / GetMFAQuestions). */
  readonly onFile: readonly QuestionId[];
}

/** 32-bit FNV-1a — a stable "random-looking" pick that depends only on the username. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

function pick(username: string, from: readonly QuestionId[]): QuestionId {
  return from[fnv1a(normalizeText(username)) % from.length]!;
}

const base = { country: 'CA', persona: null, aggregation: 'normal' } as const;
const NO_MFA = { loginRounds: [], refreshRounds: [], onFile: [] } as const;

/** Greatday-style MFA: one of the three Canadian questions, chosen from the username. */
function canadianMfa(username: string) {
  const q = pick(username, CANADIAN_QUESTIONS);
  return { loginRounds: [[q]], refreshRounds: [[q]], onFile: CANADIAN_QUESTIONS };
}

function failing(username: string, code: FailCode, message: string, behaviour: string): SandboxUser {
  return { username, behaviour, ...base, ...NO_MFA, fail: { code, message } };
}

export const MESSAGES = {
  INVALID_LOGIN: 'Invalid username or password',
  INVALID_USERNAME: 'The username provided is invalid',
  INVALID_PASSWORD: 'The password provided is invalid',
  DISABLED_LOGIN: 'This account has been disabled by the financial institution',
  RETRY_LATER: 'The financial institution is temporarily unavailable, please retry later',
  NEW_ACCOUNT:
    'The user must log in to the financial institution website to complete a required action (e.g. accept new terms) before connecting',
  UNAUTHORIZED: 'The financial institution refused access to this account',
  CONCURRENT_SESSION: 'Another session is already open for this account, please retry later',
  AGGREGATION_ERROR: 'An unexpected error occurred while retrieving the data from the financial institution',
  DISABLED_INSTITUTION: 'The institution FlinksCapital is currently disabled',
} as const;

const USERS: readonly SandboxUser[] = [
  {
    username: 'Greatday',
    behaviour:
      'Canadian MFA: one QuestionAndAnswer per login, chosen among the three documented questions from the username (city → Montreal, country → Canada, shape → Triangle); a live refresh asks the same question',
    ...base,
    ...canadianMfa('Greatday'),
  },
  {
    username: 'greatday_nomfa',
    behaviour: 'no MFA: connected (LoginId issued) right after the credentials',
    ...base,
    ...NO_MFA,
  },
  {
    username: 'greatday_multi',
    behaviour:
      'one 203 with the three Canadian QuestionAndAnswer prompts at once (city, country, shape); all must be answered in one call; refresh asks the three again',
    ...base,
    loginRounds: [['city', 'country', 'shape']],
    refreshRounds: [['city', 'country', 'shape']],
    onFile: CANADIAN_QUESTIONS,
  },
  {
    username: 'greatday_rounds',
    behaviour:
      'three MFA rounds, one QuestionAndAnswer each (city, then country, then shape); a live refresh asks only the city question',
    ...base,
    loginRounds: [['city'], ['country'], ['shape']],
    refreshRounds: [['city']],
    onFile: CANADIAN_QUESTIONS,
  },
  {
    username: 'greatday_choice',
    behaviour: 'MultipleChoice "What is your favourite colour?" from Red/Blue/Green → Blue',
    ...base,
    loginRounds: [['colour']],
    refreshRounds: [['colour']],
    onFile: ['colour'],
  },
  {
    username: 'greatday_multianswer',
    behaviour:
      'MultipleChoiceMultipleAnswers "Select all the fruits" from Apple/Carrot/Banana/Potato → exactly Apple and Banana, any order',
    ...base,
    loginRounds: [['fruits']],
    refreshRounds: [['fruits']],
    onFile: ['fruits'],
  },
  {
    username: 'greatday_image',
    behaviour:
      'ImageSelection "Select the image of the blue square": Iterables are three 16×16 PNGs (red, blue, green) in Base64; answer with the blue image\'s Base64 string',
    ...base,
    loginRounds: [['image']],
    refreshRounds: [['image']],
    onFile: [],
  },
  {
    username: 'greatday_textorcall',
    behaviour:
      'TextOrCall "How would you like to receive your security code?" (Text or Call), then a second round "Enter the security code sent to your phone" → 123456',
    ...base,
    loginRounds: [['delivery'], ['code']],
    refreshRounds: [['delivery'], ['code']],
    onFile: [],
  },
  {
    username: 'greatday_us',
    behaviour:
      'United States account: one arithmetic QuestionAndAnswer chosen from the username ("How much is 2 + 2?" → 4, "3 + 5" → 8, "10 - 3" → 7)',
    ...base,
    country: 'US',
    ...(() => {
      const q = pick('greatday_us', US_QUESTIONS);
      return { loginRounds: [[q]], refreshRounds: [[q]], onFile: US_QUESTIONS };
    })(),
  },
  {
    username: 'greatday_enhanced',
    behaviour:
      'login asks the city question; a live refresh asks the country question, so a refresh fails with QUESTION_NOT_FOUND unless that answer was stored (Enhanced MFA: GetMFAQuestions/AnswerMFAQuestions)',
    ...base,
    loginRounds: [['city']],
    refreshRounds: [['country']],
    onFile: CANADIAN_QUESTIONS,
  },
  ...(['salaried', 'gig', 'benefits', 'nsf', 'business'] as const).map(
    (persona): SandboxUser => ({
      username: `persona_${persona}`,
      behaviour: `no MFA; connected with the "${persona}" data persona`,
      ...base,
      persona,
      ...NO_MFA,
    }),
  ),
  failing('test_disabled_account', 'DISABLED_LOGIN', MESSAGES.DISABLED_LOGIN, '401 DISABLED_LOGIN after the credentials'),
  failing('test_service_unavailable', 'RETRY_LATER', MESSAGES.RETRY_LATER, '401 RETRY_LATER after the credentials'),
  {
    username: 'test_dispatched',
    behaviour:
      'Greatday-style MFA (one Canadian question), then connected; the first data call answers 202 OPERATION_DISPATCHED (poll the Async endpoint)',
    ...base,
    aggregation: 'dispatched',
    ...canadianMfa('test_dispatched'),
  },
  {
    username: 'test_pending',
    behaviour:
      'Greatday-style MFA (one Canadian question), then connected; the first data call answers 202 OPERATION_PENDING (poll the Async endpoint)',
    ...base,
    aggregation: 'pending',
    ...canadianMfa('test_pending'),
  },
  failing('test_new_account', 'NEW_ACCOUNT', MESSAGES.NEW_ACCOUNT, '401 NEW_ACCOUNT after the credentials'),
  failing('test_unauthorized', 'UNAUTHORIZED', MESSAGES.UNAUTHORIZED, '401 UNAUTHORIZED after the credentials'),
  failing(
    'test_concurrent_session',
    'CONCURRENT_SESSION',
    MESSAGES.CONCURRENT_SESSION,
    'CONCURRENT_SESSION after the credentials',
  ),
  failing(
    'test_aggregation_error',
    'AGGREGATION_ERROR',
    MESSAGES.AGGREGATION_ERROR,
    '500 AGGREGATION_ERROR after the credentials',
  ),
  {
    username: 'test_no_transaction',
    behaviour: 'no MFA; connected, but the accounts have no transactions (NO_TRANSACTION where a feature needs them)',
    ...base,
    noTransactions: true,
    ...NO_MFA,
  },
  {
    ...failing('test_invalid_username', 'INVALID_USERNAME', MESSAGES.INVALID_USERNAME, '401 INVALID_USERNAME whatever the password'),
    failBeforePassword: true,
  },
  failing(
    'test_invalid_password',
    'INVALID_PASSWORD',
    MESSAGES.INVALID_PASSWORD,
    '401 INVALID_PASSWORD even with the right password',
  ),
  {
    ...failing('test_invalid_login', 'INVALID_LOGIN', MESSAGES.INVALID_LOGIN, '401 INVALID_LOGIN whatever the password'),
    failBeforePassword: true,
  },
  failing(
    'test_disabled_institution',
    'DISABLED_INSTITUTION',
    MESSAGES.DISABLED_INSTITUTION,
    '405 DISABLED_INSTITUTION after the credentials',
  ),
];

const BY_KEY: ReadonlyMap<string, SandboxUser> = new Map(USERS.map((u) => [normalizeText(u.username), u]));

/** Canonical lookup key of a username (NFD, marks stripped, lower case, trimmed). */
export function usernameKey(username: string): string {
  return normalizeText(username);
}

export function findUser(username: string): SandboxUser | undefined {
  return BY_KEY.get(usernameKey(username));
}

export const TEST_USERS: readonly TestUser[] = Object.freeze(
  USERS.map((u) => Object.freeze({ username: u.username, password: SANDBOX_PASSWORD, behaviour: u.behaviour })),
);
