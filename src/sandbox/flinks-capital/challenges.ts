// Catalogue of the Flinks Capital security challenges: prompts in English and French,
// choice lists (Iterables) and answer checking. Answers are accepted in either language
// and compared case-, accent- and surrounding-whitespace-insensitively.

import type { Challenge, ChallengeType, Language } from './types.ts';
import { SQUARE_IMAGES } from './images.ts';

export type QuestionId =
  | 'city'
  | 'country'
  | 'shape'
  | 'colour'
  | 'fruits'
  | 'image'
  | 'delivery'
  | 'code'
  | 'us_2_plus_2'
  | 'us_3_plus_5'
  | 'us_10_minus_3';

export interface QuestionDef {
  readonly id: QuestionId;
  readonly type: ChallengeType;
  readonly prompt: Readonly<Record<Language, string>>;
  /** Iterables per language (same order in both languages). */
  readonly options?: Readonly<Record<Language, readonly string[]>>;
  /** True if `answers` (one SecurityResponses value) is a correct answer. */
  readonly check: (answers: readonly string[]) => boolean;
  /** A correct answer, for documentation and tests. */
  readonly sample: readonly string[];
}

/** Case-, accent- and whitespace-insensitive form used for prompts, answers and usernames. */
export function normalizeText(s: string): string {
  return s
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .replace(/[\u2018\u2019\u02bc]/g, "'")
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .replace(/ ([?!:;])/g, '$1')
    .trim();
}

/** Keeps the non-blank strings of a SecurityResponses value (a lone string counts as one answer). */
export function cleanAnswers(value: unknown): string[] {
  const arr = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return arr.filter((v): v is string => typeof v === 'string' && v.trim() !== '').map((v) => v.trim());
}

// ---- answer checkers -------------------------------------------------------------------------

function textAnswer(...accepted: string[]): (answers: readonly string[]) => boolean {
  const ok = new Set(accepted.map(normalizeText));
  return (answers) => answers.length === 1 && ok.has(normalizeText(answers[0]!));
}

function numberAnswer(expected: number): (answers: readonly string[]) => boolean {
  return (answers) => {
    if (answers.length !== 1) return false;
    const t = answers[0]!.replace(/\s+/g, '');
    return /^[+-]?\d+(\.0*)?$/.test(t) && Number(t) === expected;
  };
}

function codeAnswer(code: string): (answers: readonly string[]) => boolean {
  return (answers) => answers.length === 1 && answers[0]!.replace(/[\s-]+/g, '') === code;
}

/** Index of `answer` among the options, whichever language it is written in; -1 if none. */
function optionIndex(options: Readonly<Record<Language, readonly string[]>>, answer: string): number {
  const n = normalizeText(answer);
  for (const lang of ['en', 'fr'] as const) {
    const i = options[lang].findIndex((o) => normalizeText(o) === n);
    if (i >= 0) return i;
  }
  return -1;
}

function singleChoice(
  options: Readonly<Record<Language, readonly string[]>>,
  correct: readonly number[] | 'any',
): (answers: readonly string[]) => boolean {
  return (answers) => {
    if (answers.length !== 1) return false;
    const i = optionIndex(options, answers[0]!);
    return i >= 0 && (correct === 'any' || correct.includes(i));
  };
}

function multiChoice(
  options: Readonly<Record<Language, readonly string[]>>,
  correct: readonly number[],
): (answers: readonly string[]) => boolean {
  return (answers) => {
    const chosen = new Set<number>();
    for (const a of answers) {
      const i = optionIndex(options, a);
      if (i < 0) return false;
      chosen.add(i);
    }
    return chosen.size === correct.length && correct.every((i) => chosen.has(i));
  };
}

/** Base64 without whitespace and without an optional `data:image/...;base64,` prefix. */
function normalizeBase64(s: string): string {
  return s.replace(/^\s*data:image\/[a-z+.-]+;base64,/i, '').replace(/\s+/g, '');
}

function imageAnswer(expected: string): (answers: readonly string[]) => boolean {
  return (answers) => answers.length === 1 && normalizeBase64(answers[0]!) === expected;
}

// ---- catalogue --------------------------------------------------------------------------------

const COLOURS = { en: ['Red', 'Blue', 'Green'], fr: ['Rouge', 'Bleu', 'Vert'] } as const;
const FRUITS = {
  en: ['Apple', 'Carrot', 'Banana', 'Potato'],
  fr: ['Pomme', 'Carotte', 'Banane', 'Pomme de terre'],
} as const;
const DELIVERY = { en: ['Text', 'Call'], fr: ['Texto', 'Appel'] } as const;
const IMAGES = {
  en: [SQUARE_IMAGES.red, SQUARE_IMAGES.blue, SQUARE_IMAGES.green],
  fr: [SQUARE_IMAGES.red, SQUARE_IMAGES.blue, SQUARE_IMAGES.green],
} as const;

/** The one-time code "sent" by the TextOrCall challenge. */
export const SECURITY_CODE = '123456';

const DEFS: readonly QuestionDef[] = [
  {
    id: 'city',
    type: 'QuestionAndAnswer',
    prompt: { en: 'What city were you born in?', fr: 'Dans quelle ville êtes-vous né?' },
    check: textAnswer('Montreal'),
    sample: ['Montreal'],
  },
  {
    id: 'country',
    type: 'QuestionAndAnswer',
    prompt: { en: 'What is the best country on earth?', fr: 'Quel est le meilleur pays sur terre?' },
    check: textAnswer('Canada'),
    sample: ['Canada'],
  },
  {
    id: 'shape',
    type: 'QuestionAndAnswer',
    prompt: { en: 'What shape do people like most?', fr: 'Quelle forme les gens aiment-ils le plus?' },
    check: textAnswer('Triangle'),
    sample: ['Triangle'],
  },
  {
    id: 'colour',
    type: 'MultipleChoice',
    prompt: { en: 'What is your favourite colour?', fr: 'Quelle est votre couleur préférée?' },
    options: COLOURS,
    check: singleChoice(COLOURS, [1]),
    sample: ['Blue'],
  },
  {
    id: 'fruits',
    type: 'MultipleChoiceMultipleAnswers',
    prompt: { en: 'Select all the fruits', fr: 'Sélectionnez tous les fruits' },
    options: FRUITS,
    check: multiChoice(FRUITS, [0, 2]),
    sample: ['Apple', 'Banana'],
  },
  {
    id: 'image',
    type: 'ImageSelection',
    prompt: { en: 'Select the image of the blue square', fr: "Sélectionnez l'image du carré bleu" },
    options: IMAGES,
    check: imageAnswer(SQUARE_IMAGES.blue),
    sample: [SQUARE_IMAGES.blue],
  },
  {
    id: 'delivery',
    type: 'TextOrCall',
    prompt: {
      en: 'How would you like to receive your security code?',
      fr: 'Comment souhaitez-vous recevoir votre code de sécurité?',
    },
    options: DELIVERY,
    check: singleChoice(DELIVERY, 'any'),
    sample: ['Text'],
  },
  {
    id: 'code',
    type: 'QuestionAndAnswer',
    prompt: {
      en: 'Enter the security code sent to your phone',
      fr: 'Entrez le code de sécurité envoyé à votre téléphone',
    },
    check: codeAnswer(SECURITY_CODE),
    sample: [SECURITY_CODE],
  },
  {
    id: 'us_2_plus_2',
    type: 'QuestionAndAnswer',
    prompt: { en: 'How much is 2 + 2?', fr: 'Combien font 2 + 2?' },
    check: numberAnswer(4),
    sample: ['4'],
  },
  {
    id: 'us_3_plus_5',
    type: 'QuestionAndAnswer',
    prompt: { en: 'How much is 3 + 5?', fr: 'Combien font 3 + 5?' },
    check: numberAnswer(8),
    sample: ['8'],
  },
  {
    id: 'us_10_minus_3',
    type: 'QuestionAndAnswer',
    prompt: { en: 'How much is 10 - 3?', fr: 'Combien font 10 - 3?' },
    check: numberAnswer(7),
    sample: ['7'],
  },
];

export const QUESTIONS: Readonly<Record<QuestionId, QuestionDef>> = Object.freeze(
  Object.fromEntries(DEFS.map((d) => [d.id, d])) as Record<QuestionId, QuestionDef>,
);

/** The three Canadian knowledge questions of the documented sandbox. */
export const CANADIAN_QUESTIONS: readonly QuestionId[] = ['city', 'country', 'shape'];
/** The US arithmetic questions. */
export const US_QUESTIONS: readonly QuestionId[] = ['us_2_plus_2', 'us_3_plus_5', 'us_10_minus_3'];

const BY_PROMPT: ReadonlyMap<string, QuestionId> = new Map(
  DEFS.flatMap((d) => [
    [normalizeText(d.prompt.en), d.id] as const,
    [normalizeText(d.prompt.fr), d.id] as const,
  ]),
);

export function isQuestionId(id: unknown): id is QuestionId {
  return typeof id === 'string' && Object.prototype.hasOwnProperty.call(QUESTIONS, id);
}

/** Question id of a prompt written in either language (case/accent/space-insensitive). */
export function questionIdForPrompt(prompt: string): QuestionId | undefined {
  return BY_PROMPT.get(normalizeText(prompt));
}

export function promptOf(id: QuestionId, lang: Language): string {
  return QUESTIONS[id].prompt[lang];
}

/** Wire form of a question (one `SecurityChallenges` item). */
export function challengeFor(id: QuestionId, lang: Language): Challenge {
  const q = QUESTIONS[id];
  const c: Challenge = { Type: q.type, Prompt: q.prompt[lang] };
  if (q.options) c.Iterables = [...q.options[lang]];
  return c;
}

export function checkAnswer(id: QuestionId, answers: readonly string[]): boolean {
  return QUESTIONS[id].check(cleanAnswers(answers));
}
