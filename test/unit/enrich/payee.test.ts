import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CHANNEL_PREFIXES, displayName, displayWords, fold, payee, wordsOf } from '../../../src/enrich/engine/text.ts';

/**
 * The payee as the module comment defines it, restated the plain way (string prefixes, slices and
 * filters): the categorizer's own version works on the words it shares with normalize and returns a
 * stretch of the folded text, and must say the same thing on any folded text.
 */
function plainPayee(folded: string): string {
  let s = folded;
  for (const p of CHANNEL_PREFIXES) {
    if (folded.startsWith(p) && (folded.length === p.length || folded[p.length] === ' ')) {
      s = folded.slice(p.length);
      break;
    }
  }
  let words = s.split(' ').filter((w) => w !== '');
  const cut = words.findIndex((w, i) => i > 0 && /\d/.test(w));
  if (cut > 0) words = words.slice(0, cut);
  const provinces = ['AB', 'BC', 'MB', 'NB', 'NL', 'NS', 'NT', 'NU', 'ON', 'PE', 'QC', 'SK', 'YT', 'CA', 'US', 'SE', 'WA', 'NY', 'QUE', 'PQ'];
  if (words.length > 1 && provinces.includes(words.at(-1)!)) words = words.slice(0, words.length > 2 ? -2 : -1);
  const noise = ['PAY', 'PAYROLL', 'PAIE', 'DEP', 'DEPOSIT', 'PMT', 'PAYMENT', 'PYMT', 'APY'];
  while (words.length > 1 && noise.includes(words.at(-1)!)) words.pop();
  return words.filter((w) => !/\d/.test(w)).join(' ');
}

describe('payee', () => {
  test('the examples of its comment and the usual framings', () => {
    assert.equal(payee('ACHAT INTERAC METRO 8916'), 'METRO');
    assert.equal(payee('CINEPLEX 8829 EDMONTON AB'), 'CINEPLEX');
    assert.equal(payee('PAYROLL DEPOSIT ACME LOGISTICS'), 'ACME LOGISTICS');
    assert.equal(payee('E-TRANSFER SENT'), '');
    assert.equal(payee(''), '');
    assert.equal(payee('TIM HORTONS 4525 F'), 'TIM HORTONS');
    assert.equal(payee('ACME A1 PAYROLL'), 'ACME');
  });

  test('agrees with the plain restatement on any folded text', () => {
    // Words a bank prints: channel words, merchants, numbers, glued references, provinces and payroll noise.
    const word = fc.constantFrom('INTERAC', 'PURCHASE', 'ACHAT', 'POS', 'PAD', 'DEPOT', 'DIRECT', 'E-TRANSFER', 'SENT', 'PAYROLL', 'DEP', 'DEPOSIT', 'PAY', 'PMT',
      'METRO', 'TIM', 'HORTONS', 'A&W', '7-ELEVEN', 'ST-LAURENT', '4525', 'A1B2', 'F', 'ON', 'QC', 'AB', 'QUE', 'MONTREAL', 'BILL', 'PAYMENT', 'DN', 'DD', 'CW', 'X');
    fc.assert(fc.property(fc.array(word, { maxLength: 9 }), (words) => {
      const folded = fold(words.join(' '));
      assert.equal(payee(folded), plainPayee(folded), folded);
    }), { numRuns: 2000 });
  });
});

describe('wordsOf', () => {
  test('gives the words split(\' \') gives, and none for an empty text', () => {
    assert.deepEqual(wordsOf(''), []);
    assert.deepEqual(wordsOf('METRO'), ['METRO']);
    assert.deepEqual(wordsOf('TIM HORTONS 4525'), ['TIM', 'HORTONS', '4525']);
    // Any text, folded or not (fold leaves single spaces; the words of other texts are split's all the same).
    fc.assert(fc.property(fc.string({ unit: fc.constantFrom(' ', 'A', 'B', '1', '-', 'É') }), (text) => {
      assert.deepEqual(wordsOf(text), text === '' ? [] : text.split(' '), JSON.stringify(text));
      const folded = fold(text);
      assert.deepEqual(wordsOf(folded), folded === '' ? [] : folded.split(' '));
    }), { numRuns: 2000 });
  });
});

describe('displayName', () => {
  /** Title case by words, then by hyphenated parts: the plain way, with the same word rules (acronyms, abbreviations). */
  const plain = (text: string) => text.split(' ').filter(Boolean).map((w) => w.split('-').map((part) => displayName(part)).join('-')).join(' ');

  test('titles words and hyphenated parts, keeps acronyms, spells out abbreviations', () => {
    assert.equal(displayName('NORTHWIND FOODS'), 'Northwind Foods');
    assert.equal(displayName('GRANITE HEALTH SVCS'), 'Granite Health Services');
    assert.equal(displayName('GROUPE ST-LAURENT'), 'Groupe St-Laurent');
    assert.equal(displayName('RBC  ROYAL-BANK '), 'RBC Royal-Bank');
    assert.equal(displayWords(['WSIB-CSPAAT', 'CDA']), 'WSIB-Cspaat Canada');
    assert.equal(displayName(''), '');
  });

  test('a text and its words give the same name as the plain way, whatever the spaces and hyphens', () => {
    const part = fc.constantFrom('ST', 'LAURENT', 'RBC', 'SVCS', 'A', '', 'TIM', 'é');
    fc.assert(fc.property(fc.array(fc.array(part, { maxLength: 3 }).map((ps) => ps.join('-')), { maxLength: 6 }), (words) => {
      const text = words.join(' ');
      assert.equal(displayName(text), plain(text), JSON.stringify(text));
      assert.equal(displayWords(words), plain(text), JSON.stringify(words));
    }), { numRuns: 2000 });
  });
});
