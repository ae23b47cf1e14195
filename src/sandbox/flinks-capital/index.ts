// Flinks Capital — the scripted sandbox bank (pure, deterministic, no I/O).
export type {
  Aggregation,
  Challenge,
  ChallengeType,
  Country,
  FailCode,
  Language,
  Persona,
  ScriptState,
  Step,
  TestUser,
  UserProfile,
} from './types.ts';
export {
  MAX_WRONG_ANSWERS,
  allSecurityQuestions,
  answerChallenges,
  checkStoredAnswer,
  refreshLogin,
  refreshLoginInteractive,
  startLogin,
} from './script.ts';
export { SANDBOX_PASSWORD, TEST_USERS, findUser, usernameKey } from './users.ts';
export type { SandboxUser } from './users.ts';
export { QUESTIONS, SECURITY_CODE, questionIdForPrompt, normalizeText } from './challenges.ts';
export type { QuestionId, QuestionDef } from './challenges.ts';
export { SQUARE_IMAGES } from './images.ts';
