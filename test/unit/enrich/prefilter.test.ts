import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { lookedFor, prefilter, requiredLiterals } from '../../../src/enrich/engine/prefilter.ts';
import { RULES, classifyByRules } from '../../../src/enrich/engine/rules.ts';
import { CHANNEL_PREFIXES } from '../../../src/enrich/engine/text.ts';

/**
 * The rules' prefilter may only skip work: whenever an expression matches a text, the
 * prefilter must name its group. Texts are built from pieces of the patterns' own literals
 * (so that they do match often) and random characters, in the folded alphabet and outside it.
 */
const NEEDS = RULES.flatMap((r) => r.needs);
const PIECES = [...new Set(NEEDS.flatMap((re) => re.source.split(/[\\()[\]|?*+^$.{}]+/).filter((p) => p.length > 0)))];

const text = fc
  .array(fc.oneof(fc.constantFrom(...PIECES), fc.constantFrom(' ', '-', '&', '4', 'É', '/'), fc.stringMatching(/^[A-Z0-9 ]{0,6}$/), fc.string({ maxLength: 4 })), { maxLength: 8 })
  .map((parts) => parts.join(''));

describe('regular-expression prefilter', () => {
  test('reads the literals every match must contain', () => {
    assert.deepEqual(requiredLiterals(/\bNSF\b|INSUFFICIENT FUNDS/), ['NSF', 'INSUFFICIENT FUNDS']);
    assert.deepEqual(requiredLiterals(/STOP P(A?Y)?M(EN)?T/), ['STOP P']);
    // Either lookahead's literals will do: each must be in the text.
    assert.ok(['FEE', 'ATM,WIRE'].includes(String(requiredLiterals(/^(?=.*\bFEE\b)(?=.*\b(ATM|WIRE)\b)/))));
    assert.deepEqual(requiredLiterals(/FRAIS D ?EFFET RETOURNE/), ['EFFET RETOURNE']);
    assert.deepEqual(requiredLiterals(/(?:AB)+C(?:DEF){1,2}/), ['DEF']);
    // Nothing to read: an optional or unnamed part only, a short literal, a flag that changes what letters mean.
    assert.equal(requiredLiterals(/(ABC)?X/), null);
    assert.equal(requiredLiterals(/[A-Z]+\d/), null);
    assert.equal(requiredLiterals(/AB|CDE/), null);
    assert.equal(requiredLiterals(/ABC/i), null);
    assert.deepEqual(requiredLiterals(/ABC(?!DEF)/), ['ABC']);
    assert.throws(() => requiredLiterals(/(A)BC\1/), /back-reference/);
  });

  test('an expression it cannot read makes its group always a candidate', () => {
    const p = prefilter([[/[0-9]+/], [/INTEREST/]]);
    assert.equal(p.candidates('HELLO'), 1);
    assert.equal(p.candidates('INTEREST'), 3);
  });

  test('it looks for three characters of each literal, outside the usual text where it can', () => {
    const looked = lookedFor([/MONEY ?MART/], ['WALMART', 'SUPERMARKET'])!;
    assert.equal(looked.length, 1);
    assert.ok('MONEY'.includes(looked[0]!), looked[0]);
  });

  test('never rules out a group one of whose expressions matches (property)', () => {
    const groups = RULES.map((r) => r.needs);
    const usual = [...CHANNEL_PREFIXES];
    const p = prefilter(groups.slice(0, 31), usual);
    fc.assert(
      fc.property(text, (t) => {
        const candidates = p.candidates(t);
        groups.slice(0, 31).forEach((needs, g) => {
          if (needs.some((re) => re.test(t))) assert.ok(candidates & (1 << g), `${RULES[g]!.id} matches ${JSON.stringify(t)}`);
        });
      }),
      { numRuns: 1000 },
    );
  });

  test('the rules answer as they would without it (property)', () => {
    // The same first-match loop with every rule tried, as before the prefilter.
    const naive = (folded: string, direction: 'debit' | 'credit', account: 'deposit' | 'creditCard' | 'lineOfCredit') => {
      for (const rule of RULES) {
        if (rule.direction && rule.direction !== direction) continue;
        if (rule.accounts && !rule.accounts.includes(account)) continue;
        const hit = rule.match(folded, direction);
        if (hit) return { ...hit, rule: rule.id };
      }
      return null;
    };
    fc.assert(
      fc.property(text, fc.constantFrom('debit' as const, 'credit' as const), fc.constantFrom('deposit' as const, 'creditCard' as const, 'lineOfCredit' as const), (t, d, a) => {
        assert.deepEqual(classifyByRules(t, d, a), naive(t, d, a));
      }),
      { numRuns: 1000 },
    );
  });
});
