import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { inflateSync } from 'node:zlib';

import {
  MAX_WRONG_ANSWERS,
  QUESTIONS,
  SQUARE_IMAGES,
  TEST_USERS,
  allSecurityQuestions,
  answerChallenges,
  checkStoredAnswer,
  questionIdForPrompt,
  refreshLogin,
  refreshLoginInteractive,
  startLogin,
} from '../../../src/sandbox/flinks-capital/index.ts';
import type { Challenge, FailCode, ScriptState, Step, UserProfile } from '../../../src/sandbox/flinks-capital/index.ts';
import { crc32 } from '../../../src/sandbox/flinks-capital/images.ts';

const PW = 'Everyday';
const CITY = 'What city were you born in?';
const COUNTRY = 'What is the best country on earth?';
const SHAPE = 'What shape do people like most?';

const rt = <T>(x: T): T => JSON.parse(JSON.stringify(x)) as T;

function expectChallenges(step: Step): { challenges: Challenge[]; state: ScriptState } {
  assert.equal(step.kind, 'challenges', `expected challenges, got ${JSON.stringify(step).slice(0, 300)}`);
  if (step.kind !== 'challenges') throw new Error('unreachable');
  return step;
}
function expectConnected(step: Step): { profile: UserProfile; answered: Record<string, string[]> } {
  assert.equal(step.kind, 'connected', `expected connected, got ${JSON.stringify(step).slice(0, 300)}`);
  if (step.kind !== 'connected') throw new Error('unreachable');
  return step;
}
function expectFailed(step: Step, code: FailCode) {
  assert.equal(step.kind, 'failed', `expected failed ${code}, got ${JSON.stringify(step).slice(0, 300)}`);
  if (step.kind !== 'failed') throw new Error('unreachable');
  assert.equal(step.code, code);
  assert.equal(typeof step.message, 'string');
  assert.ok(step.message.length > 5);
  return step;
}

/** Correct answers for a round, from the catalogue samples. */
function correctResponses(challenges: Challenge[]): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const c of challenges) {
    const id = questionIdForPrompt(c.Prompt);
    assert.ok(id, `prompt not in catalogue: ${c.Prompt}`);
    out[c.Prompt] = [...QUESTIONS[id].sample];
  }
  return out;
}

/** Answers every round correctly (state JSON round-tripped each time); returns the final step and round count. */
function solve(step: Step): { step: Step; rounds: number } {
  let rounds = 0;
  while (step.kind === 'challenges') {
    rounds++;
    assert.ok(rounds < 10, 'too many rounds');
    step = answerChallenges(rt(step.state), correctResponses(step.challenges));
  }
  return { step, rounds };
}

const login = (username: string, language: 'en' | 'fr' = 'en', password = PW) =>
  startLogin({ username, password, language });

// ---- every documented user ----------------------------------------------------------------

type Expect =
  | { connected: true; rounds: number; persona?: UserProfile['persona']; aggregation?: UserProfile['aggregation']; country?: 'CA' | 'US'; noTransactions?: boolean }
  | { fail: FailCode };

const EXPECTED: Record<string, Expect> = {
  Greatday: { connected: true, rounds: 1 },
  greatday_nomfa: { connected: true, rounds: 0 },
  greatday_multi: { connected: true, rounds: 1 },
  greatday_rounds: { connected: true, rounds: 3 },
  greatday_choice: { connected: true, rounds: 1 },
  greatday_multianswer: { connected: true, rounds: 1 },
  greatday_image: { connected: true, rounds: 1 },
  greatday_textorcall: { connected: true, rounds: 2 },
  greatday_us: { connected: true, rounds: 1, country: 'US' },
  greatday_enhanced: { connected: true, rounds: 1 },
  persona_salaried: { connected: true, rounds: 0, persona: 'salaried' },
  persona_gig: { connected: true, rounds: 0, persona: 'gig' },
  persona_benefits: { connected: true, rounds: 0, persona: 'benefits' },
  persona_nsf: { connected: true, rounds: 0, persona: 'nsf' },
  persona_business: { connected: true, rounds: 0, persona: 'business' },
  test_disabled_account: { fail: 'DISABLED_LOGIN' },
  test_service_unavailable: { fail: 'RETRY_LATER' },
  test_dispatched: { connected: true, rounds: 1, aggregation: 'dispatched' },
  test_pending: { connected: true, rounds: 1, aggregation: 'pending' },
  test_new_account: { fail: 'NEW_ACCOUNT' },
  test_unauthorized: { fail: 'UNAUTHORIZED' },
  test_concurrent_session: { fail: 'CONCURRENT_SESSION' },
  test_aggregation_error: { fail: 'AGGREGATION_ERROR' },
  test_no_transaction: { connected: true, rounds: 0, noTransactions: true },
  test_invalid_username: { fail: 'INVALID_USERNAME' },
  test_invalid_password: { fail: 'INVALID_PASSWORD' },
  test_invalid_login: { fail: 'INVALID_LOGIN' },
  test_disabled_institution: { fail: 'DISABLED_INSTITUTION' },
};

describe('Flinks Capital: TEST_USERS', () => {
  it('the expectation table lists exactly the documented users', () => {
    assert.deepEqual(TEST_USERS.map((u) => u.username).sort(), Object.keys(EXPECTED).sort());
  });

  it('every user has password Everyday and a one-line behaviour', () => {
    for (const u of TEST_USERS) {
      assert.equal(u.password, 'Everyday');
      assert.ok(u.behaviour.length > 10 && !u.behaviour.includes('\n'), u.username);
    }
  });

  it('usernames are unique case-insensitively', () => {
    const keys = TEST_USERS.map((u) => u.username.toLowerCase());
    assert.equal(new Set(keys).size, keys.length);
  });

  it('every FlinksCode a login can fail with has a documented username', () => {
    const codes = new Set(Object.values(EXPECTED).flatMap((e) => ('fail' in e ? [e.fail] : [])));
    for (const c of [
      'INVALID_USERNAME', 'INVALID_PASSWORD', 'INVALID_LOGIN', 'RETRY_LATER', 'DISABLED_LOGIN', 'NEW_ACCOUNT',
      'UNAUTHORIZED', 'DISABLED_INSTITUTION', 'CONCURRENT_SESSION', 'AGGREGATION_ERROR',
    ] as const) assert.ok(codes.has(c), c);
  });

  for (const u of TEST_USERS) {
    const exp = EXPECTED[u.username]!;
    for (const language of ['en', 'fr'] as const) {
      it(`${u.username} (${language}) → ${'fail' in exp ? exp.fail : `connected after ${exp.rounds} round(s)`}`, () => {
        const first = login(u.username, language);
        if ('fail' in exp) {
          const f = expectFailed(first, exp.fail);
          assert.equal(f.retryable, false);
          assert.equal(f.state, undefined);
          return;
        }
        const { step, rounds } = solve(first);
        assert.equal(rounds, exp.rounds);
        const { profile, answered } = expectConnected(step);
        assert.equal(profile.username, u.username);
        assert.equal(profile.sandboxUser, u.username);
        assert.equal(profile.persona, exp.persona ?? null);
        assert.equal(profile.aggregation, exp.aggregation ?? 'normal');
        assert.equal(profile.country, exp.country ?? 'CA');
        assert.equal(profile.noTransactions ?? false, exp.noTransactions ?? false);
        assert.equal(Object.keys(answered).length > 0, exp.rounds > 0);
      });
    }
  }
});

// ---- credentials --------------------------------------------------------------------------

describe('Flinks Capital: credentials', () => {
  it('username is case-, accent- and whitespace-insensitive; profile keeps it as typed (trimmed)', () => {
    for (const typed of ['GreatDay', 'GREATDAY', '  greatday  ', 'Gréatdày', 'GRÉATDAY']) {
      const first = login(typed);
      assert.deepEqual(expectChallenges(first).challenges, expectChallenges(login('Greatday')).challenges, typed);
      const { profile } = expectConnected(solve(first).step);
      assert.equal(profile.username, typed.trim());
      assert.equal(profile.sandboxUser, 'Greatday');
    }
    assert.equal(expectConnected(login('GREATDAY_NOMFA')).profile.sandboxUser, 'greatday_nomfa');
  });

  it('password is case-insensitive', () => {
    for (const pw of ['Everyday', 'everyday', 'EveryDay', 'EVERYDAY']) expectChallenges(login('Greatday', 'en', pw));
  });

  it('wrong password on a known user → INVALID_PASSWORD, not retryable', () => {
    for (const pw of ['Everyday1', '', 'Greatday', ' Everyday']) {
      const f = expectFailed(login('Greatday', 'en', pw), 'INVALID_PASSWORD');
      assert.equal(f.retryable, false);
    }
    expectFailed(login('test_disabled_account', 'en', 'nope'), 'INVALID_PASSWORD');
  });

  it('unknown or empty username → INVALID_LOGIN ("Invalid username or password")', () => {
    for (const u of ['nobody', '', '   ', 'greatday2']) {
      const f = expectFailed(login(u), 'INVALID_LOGIN');
      assert.match(f.message, /invalid username or password/i);
      assert.equal(f.retryable, false);
    }
  });

  it('test_invalid_username / test_invalid_login fail whatever the password', () => {
    expectFailed(login('test_invalid_username', 'en', 'x'), 'INVALID_USERNAME');
    expectFailed(login('test_invalid_login', 'en', 'x'), 'INVALID_LOGIN');
  });

  it('is deterministic: same input, same output', () => {
    for (const u of TEST_USERS) {
      assert.deepEqual(login(u.username), login(u.username));
      assert.deepEqual(login(u.username, 'fr'), login(u.username, 'fr'));
    }
  });
});

// ---- challenge types and languages --------------------------------------------------------

describe('Flinks Capital: challenges', () => {
  it('Greatday asks one of the three documented questions, the 203 example shape', () => {
    const { challenges } = expectChallenges(login('Greatday'));
    assert.equal(challenges.length, 1);
    assert.equal(challenges[0]!.Type, 'QuestionAndAnswer');
    assert.ok([CITY, COUNTRY, SHAPE].includes(challenges[0]!.Prompt));
    assert.equal('Iterables' in challenges[0]!, false);
  });

  it('the three documented answers are accepted with any case/accents/spaces, in either language', () => {
    const { challenges, state } = expectChallenges(login('greatday_multi'));
    assert.deepEqual(challenges.map((c) => c.Prompt), [CITY, COUNTRY, SHAPE]);
    const step = answerChallenges(state, { [CITY]: ['  MONTRÉAL '], [COUNTRY]: ['canada'], [SHAPE]: ['TrIaNgLe'] });
    const { answered } = expectConnected(step);
    assert.deepEqual(answered, { [CITY]: ['MONTRÉAL'], [COUNTRY]: ['canada'], [SHAPE]: ['TrIaNgLe'] });
  });

  it('French prompts with language fr; answers accepted in either language', () => {
    const { challenges, state } = expectChallenges(login('greatday_multi', 'fr'));
    assert.deepEqual(challenges.map((c) => c.Prompt), [
      'Dans quelle ville êtes-vous né?',
      'Quel est le meilleur pays sur terre?',
      'Quelle forme les gens aiment-ils le plus?',
    ]);
    const r = answerChallenges(state, {
      'Dans quelle ville êtes-vous né?': ['Montréal'],
      'Quel est le meilleur pays sur terre?': ['Canada'],
      'Quelle forme les gens aiment-ils le plus?': ['triangle'],
    });
    expectConnected(r);
  });

  it('French prompts for every challenge type', () => {
    const fr: Record<string, string> = {
      greatday_choice: 'Quelle est votre couleur préférée?',
      greatday_multianswer: 'Sélectionnez tous les fruits',
      greatday_image: "Sélectionnez l'image du carré bleu",
      greatday_textorcall: 'Comment souhaitez-vous recevoir votre code de sécurité?',
    };
    for (const [user, prompt] of Object.entries(fr)) {
      assert.equal(expectChallenges(login(user, 'fr')).challenges[0]!.Prompt, prompt);
    }
    assert.match(expectChallenges(login('greatday_us', 'fr')).challenges[0]!.Prompt, /^Combien font \d+ [+-] \d+\?$/);
    assert.deepEqual(expectChallenges(login('greatday_choice', 'fr')).challenges[0]!.Iterables, ['Rouge', 'Bleu', 'Vert']);
  });

  it('a prompt keyed in the other language is an UNKNOWN_CHALLENGE_KEY (keys are exact prompts)', () => {
    const { state } = expectChallenges(login('greatday_rounds', 'fr'));
    const f = expectFailed(answerChallenges(state, { [CITY]: ['Montreal'] }), 'UNKNOWN_CHALLENGE_KEY');
    assert.equal(f.retryable, true);
  });

  it('MultipleChoice: one option, Blue (or Bleu), nothing else', () => {
    const { challenges, state } = expectChallenges(login('greatday_choice'));
    assert.deepEqual(challenges, [
      { Type: 'MultipleChoice', Prompt: 'What is your favourite colour?', Iterables: ['Red', 'Blue', 'Green'] },
    ]);
    const p = challenges[0]!.Prompt;
    for (const bad of [['Red'], ['Purple'], ['Blue', 'Red']]) {
      expectFailed(answerChallenges(state, { [p]: bad }), 'INVALID_SECURITY_RESPONSE');
    }
    expectConnected(answerChallenges(state, { [p]: ['blue'] }));
    expectConnected(answerChallenges(state, { [p]: ['Bleu'] }));
  });

  it('MultipleChoiceMultipleAnswers: exact set, order-insensitive', () => {
    const { challenges, state } = expectChallenges(login('greatday_multianswer'));
    assert.deepEqual(challenges, [
      {
        Type: 'MultipleChoiceMultipleAnswers',
        Prompt: 'Select all the fruits',
        Iterables: ['Apple', 'Carrot', 'Banana', 'Potato'],
      },
    ]);
    const p = 'Select all the fruits';
    for (const bad of [['Apple'], ['Apple', 'Banana', 'Carrot'], ['Apple', 'Potato'], ['Apple', 'Banana', 'Kiwi']]) {
      const f = expectFailed(answerChallenges(state, { [p]: bad }), 'INVALID_SECURITY_RESPONSE');
      assert.equal(f.retryable, true);
    }
    expectConnected(answerChallenges(state, { [p]: ['Banana', 'Apple'] }));
    expectConnected(answerChallenges(state, { [p]: ['apple', 'BANANE'] }));
    expectConnected(answerChallenges(state, { [p]: ['Apple', 'Banana', 'apple'] }));
  });

  it('ImageSelection: three distinct valid PNGs; the answer is the blue one’s Base64', () => {
    const { challenges, state } = expectChallenges(login('greatday_image'));
    const c = challenges[0]!;
    assert.equal(c.Type, 'ImageSelection');
    assert.equal(c.Prompt, 'Select the image of the blue square');
    const imgs = c.Iterables!;
    assert.equal(imgs.length, 3);
    assert.equal(new Set(imgs).size, 3);
    assert.deepEqual(imgs, [SQUARE_IMAGES.red, SQUARE_IMAGES.blue, SQUARE_IMAGES.green]);
    const colours = imgs.map(decodeSolidPng);
    assert.deepEqual(colours[1], [37, 99, 235]);
    assert.ok(colours[0]![0] > 200 && colours[2]![1] > 150);
    for (const bad of [imgs[0]!, imgs[2]!, 'Blue', imgs[1]!.slice(0, -4)]) {
      expectFailed(answerChallenges(state, { [c.Prompt]: [bad] }), 'INVALID_SECURITY_RESPONSE');
    }
    expectConnected(answerChallenges(state, { [c.Prompt]: [imgs[1]!] }));
    expectConnected(answerChallenges(state, { [c.Prompt]: [`data:image/png;base64,${imgs[1]}`] }));
    // same images in French
    assert.deepEqual(expectChallenges(login('greatday_image', 'fr')).challenges[0]!.Iterables, imgs);
  });

  it('TextOrCall then the security code round', () => {
    const first = expectChallenges(login('greatday_textorcall'));
    assert.deepEqual(first.challenges, [
      { Type: 'TextOrCall', Prompt: 'How would you like to receive your security code?', Iterables: ['Text', 'Call'] },
    ]);
    const p1 = first.challenges[0]!.Prompt;
    expectFailed(answerChallenges(first.state, { [p1]: ['Pigeon'] }), 'INVALID_SECURITY_RESPONSE');
    for (const choice of ['Text', 'call', 'Appel']) {
      const second = expectChallenges(answerChallenges(rt(first.state), { [p1]: [choice] }));
      assert.deepEqual(second.challenges, [{ Type: 'QuestionAndAnswer', Prompt: 'Enter the security code sent to your phone' }]);
      const p2 = second.challenges[0]!.Prompt;
      expectFailed(answerChallenges(second.state, { [p2]: ['654321'] }), 'INVALID_SECURITY_RESPONSE');
      const done = expectConnected(answerChallenges(rt(second.state), { [p2]: [' 123 456 '] }));
      assert.deepEqual(Object.keys(done.answered), [p1, p2]);
      assert.deepEqual(done.answered[p1], [choice]);
    }
  });

  it('US: arithmetic prompt, numeric answer', () => {
    const { challenges, state } = expectChallenges(login('greatday_us'));
    const p = challenges[0]!.Prompt;
    const m = /^How much is (\d+) ([+-]) (\d+)\?$/.exec(p);
    assert.ok(m, p);
    const expected = m[2] === '+' ? Number(m[1]) + Number(m[3]) : Number(m[1]) - Number(m[3]);
    expectFailed(answerChallenges(state, { [p]: [String(expected + 1)] }), 'INVALID_SECURITY_RESPONSE');
    expectFailed(answerChallenges(state, { [p]: ['four'] }), 'INVALID_SECURITY_RESPONSE');
    expectConnected(answerChallenges(state, { [p]: [` ${expected} `] }));
    expectConnected(answerChallenges(state, { [p]: [`${expected}.0`] }));
  });

  it('"How much is 2 + 2?" → 4 via checkStoredAnswer', () => {
    assert.equal(checkStoredAnswer('greatday_us', 'How much is 2 + 2?', '4'), true);
    assert.equal(checkStoredAnswer('greatday_us', 'How much is 2 + 2?', '5'), false);
  });
});

// ---- answering rules -------------------------------------------------------------------------

describe('Flinks Capital: answering', () => {
  it('empty SecurityResponses → the same challenges again, state unchanged', () => {
    const first = expectChallenges(login('greatday_multi'));
    const again = expectChallenges(answerChallenges(first.state, {}));
    assert.deepEqual(again.challenges, first.challenges);
    assert.deepEqual(again.state, first.state);
  });

  it('a key matching no prompt → UNKNOWN_CHALLENGE_KEY, retryable with state', () => {
    const first = expectChallenges(login('greatday_multi'));
    const f = expectFailed(
      answerChallenges(first.state, { [CITY]: ['Montreal'], [COUNTRY]: ['Canada'], [SHAPE]: ['Triangle'], 'What is your dog?': ['Wouf'] }),
      'UNKNOWN_CHALLENGE_KEY',
    );
    assert.equal(f.retryable, true);
    assert.deepEqual(f.state, first.state);
    assert.match(f.message, /What is your dog\?/);
    // near-miss keys are not accepted either (exact prompt)
    expectFailed(answerChallenges(first.state, { 'what city were you born in?': ['Montreal'] }), 'UNKNOWN_CHALLENGE_KEY');
    // and the session goes on
    expectConnected(answerChallenges(rt(f.state!), correctResponses(first.challenges)));
  });

  it('missing prompts → SECURITYRESPONSES_INCOMPLETE, retryable with state; blank answers count as missing', () => {
    const first = expectChallenges(login('greatday_multi'));
    const f = expectFailed(answerChallenges(first.state, { [CITY]: ['Montreal'] }), 'SECURITYRESPONSES_INCOMPLETE');
    assert.equal(f.retryable, true);
    assert.deepEqual(f.state, first.state);
    const f2 = expectFailed(
      answerChallenges(first.state, { [CITY]: ['Montreal'], [COUNTRY]: [], [SHAPE]: ['  '] }),
      'SECURITYRESPONSES_INCOMPLETE',
    );
    assert.match(f2.message, /best country/);
    expectConnected(answerChallenges(rt(f2.state!), correctResponses(first.challenges)));
  });

  it('incomplete does not consume a wrong attempt', () => {
    const first = expectChallenges(login('greatday_multi'));
    let state = first.state;
    for (let i = 0; i < 5; i++) state = expectFailed(answerChallenges(state, { [CITY]: ['x'] }), 'SECURITYRESPONSES_INCOMPLETE').state!;
    expectConnected(answerChallenges(state, correctResponses(first.challenges)));
  });

  it('one wrong answer among several fails the round', () => {
    const first = expectChallenges(login('greatday_multi'));
    expectFailed(
      answerChallenges(first.state, { [CITY]: ['Montreal'], [COUNTRY]: ['France'], [SHAPE]: ['Triangle'] }),
      'INVALID_SECURITY_RESPONSE',
    );
  });

  it('wrong answer → retryable twice, the third wrong answer ends the login', () => {
    assert.equal(MAX_WRONG_ANSWERS, 3);
    const first = expectChallenges(login('Greatday'));
    const p = first.challenges[0]!.Prompt;
    const w1 = expectFailed(answerChallenges(rt(first.state), { [p]: ['Nope'] }), 'INVALID_SECURITY_RESPONSE');
    assert.equal(w1.retryable, true);
    assert.match(w1.message, /2 attempts remaining/);
    const w2 = expectFailed(answerChallenges(rt(w1.state!), { [p]: ['Nope'] }), 'INVALID_SECURITY_RESPONSE');
    assert.equal(w2.retryable, true);
    assert.match(w2.message, /1 attempt remaining/);
    const w3 = expectFailed(answerChallenges(rt(w2.state!), { [p]: ['Nope'] }), 'INVALID_SECURITY_RESPONSE');
    assert.equal(w3.retryable, false);
    assert.equal(w3.state, undefined);
  });

  it('wrong then right → connected', () => {
    const first = expectChallenges(login('Greatday'));
    const p = first.challenges[0]!.Prompt;
    const w1 = expectFailed(answerChallenges(first.state, { [p]: ['Nope'] }), 'INVALID_SECURITY_RESPONSE');
    const w2 = expectFailed(answerChallenges(w1.state!, { [p]: ['Nope'] }), 'INVALID_SECURITY_RESPONSE');
    expectConnected(answerChallenges(w2.state!, correctResponses(first.challenges)));
  });

  it('wrong attempts count across rounds of one login', () => {
    let step = login('greatday_rounds');
    let ch = expectChallenges(step);
    const wrong1 = expectFailed(answerChallenges(ch.state, { [CITY]: ['Paris'] }), 'INVALID_SECURITY_RESPONSE');
    ch = expectChallenges(answerChallenges(wrong1.state!, { [CITY]: ['Montreal'] }));
    assert.equal(ch.challenges[0]!.Prompt, COUNTRY);
    const wrong2 = expectFailed(answerChallenges(ch.state, { [COUNTRY]: ['France'] }), 'INVALID_SECURITY_RESPONSE');
    ch = expectChallenges(answerChallenges(wrong2.state!, { [COUNTRY]: ['Canada'] }));
    assert.equal(ch.challenges[0]!.Prompt, SHAPE);
    step = answerChallenges(ch.state, { [SHAPE]: ['Circle'] });
    assert.equal(expectFailed(step, 'INVALID_SECURITY_RESPONSE').retryable, false);
  });

  it('several rounds: one question each, answered collects every round', () => {
    const r1 = expectChallenges(login('greatday_rounds'));
    assert.deepEqual(r1.challenges.map((c) => c.Prompt), [CITY]);
    const r2 = expectChallenges(answerChallenges(rt(r1.state), { [CITY]: ['Montréal'] }));
    assert.deepEqual(r2.challenges.map((c) => c.Prompt), [COUNTRY]);
    assert.notDeepEqual(r2.state, r1.state);
    const r3 = expectChallenges(answerChallenges(rt(r2.state), { [COUNTRY]: ['Canada'] }));
    assert.deepEqual(r3.challenges.map((c) => c.Prompt), [SHAPE]);
    const done = expectConnected(answerChallenges(rt(r3.state), { [SHAPE]: ['Triangle'] }));
    assert.deepEqual(done.answered, { [CITY]: ['Montréal'], [COUNTRY]: ['Canada'], [SHAPE]: ['Triangle'] });
  });

  it('a lone string instead of an array is accepted as one answer', () => {
    const first = expectChallenges(login('greatday_rounds'));
    const loose = { [CITY]: 'Montreal' } as unknown as Record<string, string[]>;
    expectChallenges(answerChallenges(first.state, loose));
  });

  it('state is plain JSON, holds no expected answer, and behaves the same after a round-trip', () => {
    const first = expectChallenges(login('greatday_multi', 'fr'));
    const json = JSON.stringify(first.state);
    assert.deepEqual(JSON.parse(json), first.state);
    for (const secret of ['Montreal', 'Canada', 'Triangle']) assert.ok(!json.includes(secret), secret);
    const responses = correctResponses(first.challenges);
    assert.deepEqual(answerChallenges(JSON.parse(json), responses), answerChallenges(first.state, responses));
    const img = expectChallenges(login('greatday_image'));
    assert.ok(!JSON.stringify(img.state).includes(SQUARE_IMAGES.blue));
  });

  it('a corrupt or foreign state → AGGREGATION_ERROR, not a throw', () => {
    const first = expectChallenges(login('Greatday'));
    const bad: unknown[] = [
      null,
      {},
      { ...first.state, v: 2 },
      { ...first.state, user: 'nobody' },
      { ...first.state, asked: ['nope'] },
      { ...first.state, round: 7 },
      { ...first.state, lang: 'de' },
    ];
    for (const s of bad) {
      const f = expectFailed(answerChallenges(s as ScriptState, { x: ['y'] }), 'AGGREGATION_ERROR');
      assert.equal(f.retryable, false);
    }
  });
});

// ---- refresh ---------------------------------------------------------------------------------

function storedFromLogin(username: string, language: 'en' | 'fr' = 'en'): Record<string, string[]> {
  return expectConnected(solve(login(username, language)).step).answered;
}

describe('Flinks Capital: refreshLogin', () => {
  it('replays stored answers → connected, answered keyed by the prompts asked', () => {
    const stored = storedFromLogin('Greatday');
    const r = expectConnected(refreshLogin({ username: 'Greatday', password: PW, language: 'en', storedAnswers: stored }));
    assert.deepEqual(r.answered, stored);
    assert.equal(r.profile.sandboxUser, 'Greatday');
  });

  it('answers stored in French work for an English refresh and vice versa', () => {
    const fr = storedFromLogin('Greatday', 'fr');
    assert.ok(Object.keys(fr)[0]!.match(/[éèêà]|Quel|Dans/));
    expectConnected(refreshLogin({ username: 'greatday', password: PW, language: 'en', storedAnswers: fr }));
    const en = storedFromLogin('greatday_multi', 'en');
    const r = expectConnected(refreshLogin({ username: 'greatday_multi', password: PW, language: 'fr', storedAnswers: en }));
    assert.ok(Object.keys(r.answered).includes('Quelle forme les gens aiment-ils le plus?'));
  });

  it('when a question is stored in both languages, the key in the session language wins', () => {
    const storedAnswers = { 'Quel est le meilleur pays sur terre?': ['France'], [COUNTRY]: ['Canada'] };
    expectConnected(refreshLogin({ username: 'greatday_enhanced', password: PW, language: 'en', storedAnswers }));
    expectFailed(
      refreshLogin({ username: 'greatday_enhanced', password: PW, language: 'fr', storedAnswers }),
      'INVALID_SECURITY_RESPONSE',
    );
  });

  it('stored prompt keys are matched case/accent/space-insensitively', () => {
    const r = refreshLogin({
      username: 'greatday_enhanced',
      password: PW,
      language: 'en',
      storedAnswers: { '  what is the BEST country on earth ? ': ['Canada'] },
    });
    expectConnected(r);
  });

  it('no stored answer → QUESTION_NOT_FOUND naming the question', () => {
    const cases: Record<string, string[]>[] = [{}, { [COUNTRY]: [] }, { [COUNTRY]: ['  '] }, { 'Unrelated?': ['x'] }];
    for (const storedAnswers of cases) {
      const f = expectFailed(
        refreshLogin({ username: 'greatday_enhanced', password: PW, language: 'en', storedAnswers }),
        'QUESTION_NOT_FOUND',
      );
      assert.equal(f.retryable, false);
      assert.match(f.message, /best country/);
    }
  });

  it('greatday_enhanced: login answers are not enough for a refresh; Enhanced MFA answers are', () => {
    const stored = storedFromLogin('greatday_enhanced');
    assert.deepEqual(Object.keys(stored), [CITY]);
    expectFailed(refreshLogin({ username: 'greatday_enhanced', password: PW, language: 'en', storedAnswers: stored }), 'QUESTION_NOT_FOUND');
    const questions = allSecurityQuestions('greatday_enhanced', 'en');
    const all: Record<string, string[]> = { ...stored };
    for (const q of questions) all[q] = [...QUESTIONS[questionIdForPrompt(q)!].sample];
    expectConnected(refreshLogin({ username: 'greatday_enhanced', password: PW, language: 'en', storedAnswers: all }));
  });

  it('stored answer now wrong → INVALID_SECURITY_RESPONSE, not retryable', () => {
    const stored = storedFromLogin('Greatday');
    const wrong = Object.fromEntries(Object.keys(stored).map((k) => [k, ['Wrong']]));
    const f = expectFailed(refreshLogin({ username: 'Greatday', password: PW, language: 'en', storedAnswers: wrong }), 'INVALID_SECURITY_RESPONSE');
    assert.equal(f.retryable, false);
  });

  it('users without MFA refresh without stored answers', () => {
    for (const u of ['greatday_nomfa', 'persona_gig', 'test_no_transaction']) {
      const r = expectConnected(refreshLogin({ username: u, password: PW, language: 'en', storedAnswers: {} }));
      assert.deepEqual(r.answered, {});
    }
  });

  it('credential failures apply to refreshes too', () => {
    expectFailed(refreshLogin({ username: 'Greatday', password: 'changed', language: 'en', storedAnswers: {} }), 'INVALID_PASSWORD');
    expectFailed(refreshLogin({ username: 'test_service_unavailable', password: PW, language: 'en', storedAnswers: {} }), 'RETRY_LATER');
    expectFailed(refreshLogin({ username: 'ghost', password: PW, language: 'en', storedAnswers: {} }), 'INVALID_LOGIN');
  });

  it('every MFA user can refresh with the answers of its own login', () => {
    for (const u of TEST_USERS) {
      const exp = EXPECTED[u.username]!;
      if ('fail' in exp || u.username === 'greatday_enhanced') continue;
      const stored = storedFromLogin(u.username, 'fr');
      const r = refreshLogin({ username: u.username, password: PW, language: 'en', storedAnswers: stored });
      expectConnected(r);
    }
  });

  it('greatday_rounds refresh asks a single question', () => {
    const r = expectConnected(
      refreshLogin({ username: 'greatday_rounds', password: PW, language: 'en', storedAnswers: storedFromLogin('greatday_rounds') }),
    );
    assert.deepEqual(Object.keys(r.answered), [CITY]);
    expectConnected(refreshLogin({ username: 'greatday_rounds', password: PW, language: 'en', storedAnswers: { [CITY]: ['Montreal'] } }));
  });
});

describe('Flinks Capital: refreshLoginInteractive', () => {
  it('with stored answers behaves like refreshLogin', () => {
    const stored = storedFromLogin('Greatday');
    assert.deepEqual(
      refreshLoginInteractive({ username: 'Greatday', password: PW, language: 'en', storedAnswers: stored }),
      refreshLogin({ username: 'Greatday', password: PW, language: 'en', storedAnswers: stored }),
    );
  });

  it('missing answer → challenges for a person, then connected', () => {
    const ch = expectChallenges(refreshLoginInteractive({ username: 'greatday_enhanced', password: PW, language: 'fr', storedAnswers: {} }));
    assert.deepEqual(ch.challenges, [{ Type: 'QuestionAndAnswer', Prompt: 'Quel est le meilleur pays sur terre?' }]);
    assert.equal(ch.state.mode, 'refresh');
    const w = expectFailed(answerChallenges(rt(ch.state), { 'Quel est le meilleur pays sur terre?': ['France'] }), 'INVALID_SECURITY_RESPONSE');
    const done = expectConnected(answerChallenges(rt(w.state!), { 'Quel est le meilleur pays sur terre?': ['Canada'] }));
    assert.deepEqual(done.answered, { 'Quel est le meilleur pays sur terre?': ['Canada'] });
  });

  it('multi-round refresh: stored rounds replay, missing round asked, later stored rounds replay after it', () => {
    const choice = 'How would you like to receive your security code?';
    const code = 'Enter the security code sent to your phone';
    // only the second round is stored → first round asked, then second replayed automatically
    const ch = expectChallenges(
      refreshLoginInteractive({ username: 'greatday_textorcall', password: PW, language: 'en', storedAnswers: { [code]: ['123456'] } }),
    );
    assert.deepEqual(ch.challenges.map((c) => c.Prompt), [choice]);
    const done = expectConnected(answerChallenges(rt(ch.state), { [choice]: ['Call'] }));
    assert.deepEqual(done.answered, { [choice]: ['Call'], [code]: ['123456'] });
    // only the first round stored → replayed, second round asked
    const ch2 = expectChallenges(
      refreshLoginInteractive({ username: 'greatday_textorcall', password: PW, language: 'en', storedAnswers: { [choice]: ['Text'] } }),
    );
    assert.deepEqual(ch2.challenges.map((c) => c.Prompt), [code]);
    assert.deepEqual(expectConnected(answerChallenges(ch2.state, { [code]: ['123456'] })).answered, {
      [choice]: ['Text'],
      [code]: ['123456'],
    });
  });

  it('a partly stored round is asked in full', () => {
    const ch = expectChallenges(
      refreshLoginInteractive({ username: 'greatday_multi', password: PW, language: 'en', storedAnswers: { [CITY]: ['Montreal'] } }),
    );
    assert.equal(ch.challenges.length, 3);
  });

  it('a wrong stored answer still fails', () => {
    expectFailed(
      refreshLoginInteractive({ username: 'greatday_rounds', password: PW, language: 'en', storedAnswers: { [CITY]: ['Quebec'] } }),
      'INVALID_SECURITY_RESPONSE',
    );
  });
});

// ---- Enhanced MFA helpers -------------------------------------------------------------------

describe('Flinks Capital: allSecurityQuestions / checkStoredAnswer', () => {
  it('Greatday has the three Canadian questions on file, in both languages', () => {
    assert.deepEqual(allSecurityQuestions('Greatday', 'en'), [CITY, COUNTRY, SHAPE]);
    assert.deepEqual(allSecurityQuestions('GREATDAY', 'fr'), [
      'Dans quelle ville êtes-vous né?',
      'Quel est le meilleur pays sur terre?',
      'Quelle forme les gens aiment-ils le plus?',
    ]);
  });

  it('unknown users and users without MFA have none', () => {
    assert.deepEqual(allSecurityQuestions('nobody', 'en'), []);
    assert.deepEqual(allSecurityQuestions('greatday_nomfa', 'en'), []);
    assert.deepEqual(allSecurityQuestions('persona_salaried', 'en'), []);
  });

  it('every on-file question of every user accepts its sample answer and rejects a wrong one', () => {
    for (const u of TEST_USERS) {
      for (const language of ['en', 'fr'] as const) {
        for (const q of allSecurityQuestions(u.username, language)) {
          const def = QUESTIONS[questionIdForPrompt(q)!];
          assert.equal(checkStoredAnswer(u.username, q, def.sample.join(', ')), true, `${u.username}: ${q}`);
          assert.equal(checkStoredAnswer(u.username, q, 'definitely wrong'), false, `${u.username}: ${q}`);
        }
      }
    }
  });

  it('accepts either language, accents and case', () => {
    assert.equal(checkStoredAnswer('greatday', 'Dans quelle ville êtes-vous né?', 'montréal'), true);
    assert.equal(checkStoredAnswer('Greatday', CITY, ' MONTREAL '), true);
    assert.equal(checkStoredAnswer('greatday_choice', 'What is your favourite colour?', 'Bleu'), true);
    assert.equal(checkStoredAnswer('greatday_multianswer', 'Select all the fruits', 'Banana; Apple'), true);
    assert.equal(checkStoredAnswer('greatday_multianswer', 'Select all the fruits', 'Banana'), false);
  });

  it('rejects questions the user does not have and unknown users', () => {
    assert.equal(checkStoredAnswer('greatday_choice', CITY, 'Montreal'), false);
    assert.equal(checkStoredAnswer('nobody', CITY, 'Montreal'), false);
    assert.equal(checkStoredAnswer('Greatday', 'What is your dog?', 'Wouf'), false);
  });
});

// ---- PNG decoding helper ---------------------------------------------------------------------

/** Decodes a Base64 PNG produced by the sandbox; verifies structure/CRCs and returns its single colour. */
function decodeSolidPng(b64: string): [number, number, number] {
  const buf = Buffer.from(b64, 'base64');
  assert.deepEqual([...buf.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  let off = 8;
  let width = 0;
  let height = 0;
  const idat: Buffer[] = [];
  const types: string[] = [];
  while (off < buf.length) {
    const len = buf.readUInt32BE(off);
    const type = buf.toString('latin1', off + 4, off + 8);
    const data = buf.subarray(off + 8, off + 8 + len);
    assert.equal(buf.readUInt32BE(off + 8 + len), crc32(buf.subarray(off + 4, off + 8 + len)), `CRC of ${type}`);
    types.push(type);
    if (type === 'IHDR') {
      width = data.readUInt32BE(0);
      height = data.readUInt32BE(4);
      assert.equal(data[8], 8);
      assert.equal(data[9], 2);
    } else if (type === 'IDAT') idat.push(data);
    off += 12 + len;
  }
  assert.deepEqual(types, ['IHDR', 'IDAT', 'IEND']);
  assert.ok(width > 0 && width <= 64 && height > 0 && height <= 64);
  const raw = inflateSync(Buffer.concat(idat));
  const row = 1 + width * 3;
  assert.equal(raw.length, row * height);
  const first: [number, number, number] = [raw[1]!, raw[2]!, raw[3]!];
  for (let y = 0; y < height; y++) {
    assert.equal(raw[y * row], 0);
    for (let x = 0; x < width; x++) {
      const p = y * row + 1 + x * 3;
      assert.deepEqual([raw[p], raw[p + 1], raw[p + 2]], first);
    }
  }
  return first;
}
