// The Flinks Capital engine: credentials → MFA rounds → connected / failed.
// Pure and deterministic: every outcome depends only on the arguments (no I/O, clock or randomness).

import type { FailCode, Language, ScriptState, Step, UserProfile } from './types.ts';
import type { QuestionId } from './challenges.ts';
import type { SandboxUser } from './users.ts';
import {
  QUESTIONS,
  challengeFor,
  checkAnswer,
  cleanAnswers,
  isQuestionId,
  promptOf,
  questionIdForPrompt,
} from './challenges.ts';
import { MESSAGES, SANDBOX_PASSWORD, findUser } from './users.ts';

/** Wrong MFA answers allowed in one login; the third wrong answer ends it. */
export const MAX_WRONG_ANSWERS = 3;

type Mode = ScriptState['mode'];
type Replay = ReadonlyMap<QuestionId, readonly string[]>;

interface Credentials {
  username: string;
  password: string;
  language: Language;
}

function fail(code: FailCode, message: string, state?: ScriptState): Step {
  return state
    ? { kind: 'failed', code, message, retryable: true, state }
    : { kind: 'failed', code, message, retryable: false };
}

function lang(l: unknown): Language {
  return l === 'fr' ? 'fr' : 'en';
}

function profileOf(user: SandboxUser, typed: string): UserProfile {
  const p: UserProfile = {
    username: typed,
    sandboxUser: user.username,
    persona: user.persona,
    aggregation: user.aggregation,
    country: user.country,
  };
  if (user.noTransactions) p.noTransactions = true;
  return p;
}

/** Checks the credentials; returns the user or the failed step. */
function authenticate(input: Credentials): { user: SandboxUser; typed: string } | Step {
  const typed = typeof input.username === 'string' ? input.username.trim() : '';
  const user = typed === '' ? undefined : findUser(typed);
  // Flinks Capital does not tell "unknown username" from "bad password" for unknown users
  // (INVALID_USERNAME is reproduced by the documented user test_invalid_username).
  if (!user) return fail('INVALID_LOGIN', MESSAGES.INVALID_LOGIN);
  if (user.fail && user.failBeforePassword) return fail(user.fail.code, user.fail.message);
  const password = typeof input.password === 'string' ? input.password : '';
  if (password.toLowerCase() !== SANDBOX_PASSWORD.toLowerCase()) {
    return fail('INVALID_PASSWORD', MESSAGES.INVALID_PASSWORD);
  }
  if (user.fail) return fail(user.fail.code, user.fail.message);
  return { user, typed };
}

function roundsOf(user: SandboxUser, mode: Mode): readonly (readonly QuestionId[])[] {
  return mode === 'login' ? user.loginRounds : user.refreshRounds;
}

interface Session {
  user: SandboxUser;
  typed: string;
  lang: Language;
  mode: Mode;
  wrong: number;
  answered: Record<string, string[]>;
}

/**
 * Runs the user's script from round `from`: rounds whose every question has a replayable
 * stored answer are answered automatically; the first other round is either asked
 * (`onMissing: 'ask'`) or fails with QUESTION_NOT_FOUND (`'fail'`).
 */
function proceed(s: Session, from: number, replay: Replay | undefined, onMissing: 'ask' | 'fail'): Step {
  const rounds = roundsOf(s.user, s.mode);
  const answered = { ...s.answered };
  for (let r = from; r < rounds.length; r++) {
    const ids = rounds[r]!;
    if (replay) {
      const missing = ids.filter((id) => !replay.has(id));
      if (missing.length === 0) {
        for (const id of ids) {
          const answers = replay.get(id)!;
          if (!checkAnswer(id, answers)) {
            return fail(
              'INVALID_SECURITY_RESPONSE',
              `The stored answer to the security question "${promptOf(id, s.lang)}" was refused by the financial institution`,
            );
          }
          answered[promptOf(id, s.lang)] = [...answers];
        }
        continue;
      }
      if (onMissing === 'fail') {
        return fail(
          'QUESTION_NOT_FOUND',
          `No stored answer for the security question "${promptOf(missing[0]!, s.lang)}"`,
        );
      }
    }
    return ask(s, r, ids, answered, replay);
  }
  return { kind: 'connected', profile: profileOf(s.user, s.typed), answered };
}

function ask(
  s: Session,
  round: number,
  ids: readonly QuestionId[],
  answered: Record<string, string[]>,
  replay: Replay | undefined,
): Step {
  const later = new Set(roundsOf(s.user, s.mode).slice(round + 1).flat());
  const keep: Record<string, string[]> = {};
  if (replay) for (const [id, a] of replay) if (later.has(id)) keep[id] = [...a];
  const state: ScriptState = {
    v: 1,
    user: s.user.username,
    typed: s.typed,
    lang: s.lang,
    mode: s.mode,
    round,
    asked: [...ids],
    wrong: s.wrong,
    answered,
    ...(Object.keys(keep).length > 0 ? { replay: keep } : {}),
  };
  return { kind: 'challenges', challenges: ids.map((id) => challengeFor(id, s.lang)), state };
}

/** First step of a live login with credentials (Authorize with Username/Password). */
export function startLogin(input: Credentials): Step {
  const auth = authenticate(input);
  if ('kind' in auth) return auth;
  const s: Session = { user: auth.user, typed: auth.typed, lang: lang(input.language), mode: 'login', wrong: 0, answered: {} };
  return proceed(s, 0, undefined, 'ask');
}

// ---- state validation ---------------------------------------------------------------------

function isPlainObject(x: unknown): x is Record<string, unknown> {
  return typeof x === 'object' && x !== null && !Array.isArray(x);
}

function isAnswerMap(x: unknown): x is Record<string, string[]> {
  return isPlainObject(x) && Object.values(x).every((v) => Array.isArray(v) && v.every((s) => typeof s === 'string'));
}

function restore(state: unknown): { s: Session; round: number; asked: QuestionId[]; replay?: Replay } | undefined {
  if (!isPlainObject(state) || state.v !== 1) return undefined;
  const { user: name, typed, lang: l, mode, round, asked, wrong, answered, replay } = state;
  if (typeof name !== 'string' || typeof typed !== 'string') return undefined;
  if (l !== 'en' && l !== 'fr') return undefined;
  if (mode !== 'login' && mode !== 'refresh') return undefined;
  if (!Number.isInteger(round) || !Number.isInteger(wrong) || (wrong as number) < 0) return undefined;
  if (!Array.isArray(asked) || asked.length === 0 || !asked.every(isQuestionId)) return undefined;
  if (!isAnswerMap(answered)) return undefined;
  if (replay !== undefined && !(isAnswerMap(replay) && Object.keys(replay).every(isQuestionId))) return undefined;
  const user = findUser(name);
  if (!user) return undefined;
  const rounds = roundsOf(user, mode);
  if ((round as number) < 0 || (round as number) >= rounds.length) return undefined;
  return {
    s: { user, typed, lang: l, mode, wrong: wrong as number, answered: { ...answered } },
    round: round as number,
    asked,
    ...(replay ? { replay: new Map(Object.entries(replay) as [QuestionId, string[]][]) } : {}),
  };
}

/**
 * Answer to a 203 (Authorize with RequestId + SecurityResponses). `responses` is keyed by the
 * exact Prompt of the challenges of the current round; each value is an array of answers.
 */
export function answerChallenges(state: ScriptState, responses: Record<string, string[]>): Step {
  const r = restore(state);
  if (!r) return fail('AGGREGATION_ERROR', 'The session state is invalid or has expired; please log in again');
  const { s, round, asked } = r;
  if (s.wrong >= MAX_WRONG_ANSWERS) {
    return fail('INVALID_SECURITY_RESPONSE', 'Too many incorrect answers to the security questions; please log in again');
  }
  const prompts = asked.map((id) => promptOf(id, s.lang));
  const keys = isPlainObject(responses) ? Object.keys(responses) : [];

  // Per spec (C-cs tests): an empty SecurityResponses yields the same 203 again.
  if (keys.length === 0) {
    return { kind: 'challenges', challenges: asked.map((id) => challengeFor(id, s.lang)), state };
  }
  const unknown = keys.find((k) => !prompts.includes(k));
  if (unknown !== undefined) {
    return fail(
      'UNKNOWN_CHALLENGE_KEY',
      `The security response key "${unknown}" does not match any security challenge prompt`,
      state,
    );
  }
  const given = prompts.map((p) => cleanAnswers(Object.prototype.hasOwnProperty.call(responses, p) ? responses[p] : undefined));
  const missing = prompts.filter((_, i) => given[i]!.length === 0);
  if (missing.length > 0) {
    return fail(
      'SECURITYRESPONSES_INCOMPLETE',
      `All security challenges must be answered; missing: ${missing.map((p) => `"${p}"`).join(', ')}`,
      state,
    );
  }
  if (asked.some((id, i) => !checkAnswer(id, given[i]!))) {
    const wrong = s.wrong + 1;
    const left = MAX_WRONG_ANSWERS - wrong;
    if (left <= 0) {
      return fail(
        'INVALID_SECURITY_RESPONSE',
        'The answer to the security question is incorrect; the maximum number of attempts has been reached',
      );
    }
    return fail(
      'INVALID_SECURITY_RESPONSE',
      `The answer to the security question is incorrect (${left} attempt${left === 1 ? '' : 's'} remaining)`,
      { ...state, wrong },
    );
  }
  const answered = { ...s.answered };
  prompts.forEach((p, i) => {
    answered[p] = given[i]!;
  });
  return proceed({ ...s, answered }, round + 1, r.replay, 'ask');
}

// ---- live refresh of a saved login ---------------------------------------------------------

interface RefreshInput extends Credentials {
  storedAnswers: Record<string, string[]>;
}

/** Stored answers keyed by prompt in any language → question id → answers (exact current-language prompt wins). */
function resolveStored(stored: unknown, language: Language): Map<QuestionId, string[]> {
  const out = new Map<QuestionId, string[]>();
  const exact = new Set<QuestionId>();
  if (!isPlainObject(stored)) return out;
  for (const [prompt, value] of Object.entries(stored)) {
    const id = questionIdForPrompt(prompt);
    const answers = cleanAnswers(value);
    if (!id || answers.length === 0) continue;
    const isExact = prompt === promptOf(id, language);
    if (exact.has(id) || (out.has(id) && !isExact)) continue;
    out.set(id, answers);
    if (isExact) exact.add(id);
  }
  return out;
}

function refresh(input: RefreshInput, onMissing: 'ask' | 'fail'): Step {
  const auth = authenticate(input);
  if ('kind' in auth) return auth;
  const language = lang(input.language);
  const s: Session = { user: auth.user, typed: auth.typed, lang: language, mode: 'refresh', wrong: 0, answered: {} };
  return proceed(s, 0, resolveStored(input.storedAnswers, language), onMissing);
}

/**
 * Live refresh of a saved login without a person: replays stored answers (keyed by prompt,
 * any language). No stored answer → QUESTION_NOT_FOUND; stored answer now wrong → INVALID_SECURITY_RESPONSE.
 */
export function refreshLogin(input: RefreshInput): Step {
  return refresh(input, 'fail');
}

/** Like refreshLogin, but a round without stored answers is returned as challenges (203) for a person. */
export function refreshLoginInteractive(input: RefreshInput): Step {
  return refresh(input, 'ask');
}

// ---- Enhanced MFA ---------------------------------------------------------------------------

function knownQuestions(user: SandboxUser): Set<QuestionId> {
  return new Set([...user.onFile, ...user.loginRounds.flat(), ...user.refreshRounds.flat()]);
}

/** Every security question the bank has on file for the user (GetMFAQuestions); [] if none/unknown user. */
export function allSecurityQuestions(username: string, language: Language): string[] {
  const user = typeof username === 'string' ? findUser(username) : undefined;
  if (!user) return [];
  return user.onFile.map((id) => promptOf(id, lang(language)));
}

/**
 * True if `answer` is the right answer to `question` (either language) for that user
 * (AnswerMFAQuestions validation). For MultipleChoiceMultipleAnswers, separate choices with "," or ";".
 */
export function checkStoredAnswer(username: string, question: string, answer: string): boolean {
  if (typeof username !== 'string' || typeof question !== 'string' || typeof answer !== 'string') return false;
  const user = findUser(username);
  const id = questionIdForPrompt(question);
  if (!user || !id || !knownQuestions(user).has(id)) return false;
  const answers = QUESTIONS[id].type === 'MultipleChoiceMultipleAnswers' ? answer.split(/[,;]/) : [answer];
  return checkAnswer(id, answers);
}

