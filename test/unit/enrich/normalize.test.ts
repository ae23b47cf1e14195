import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { normalize } from '../../../src/enrich/engine/normalize.ts';
import { categorizeOne } from '../../../src/enrich/engine/categorize.ts';

/**
 * Framings written by hand from how Canadian and US statements print card, debit and bill
 * lines (the issue's list: Interac, POS, Achat direct, Paiement facture, Prélèvement, Dépôt
 * direct, TD's _F/_V, BMO's [DN], processors' prefixes, phone numbers, store numbers, cities and
 * province or state codes). The merchant each should leave is what a person would name.
 */
const CASES: [string, string][] = [
  ['Interac purchase - 1234 TIM HORTONS #2231 TORONTO ON', 'TIM HORTONS'],
  ['Contactless Interac purchase - 4821 STARBUCKS 04412', 'STARBUCKS'],
  ['POS PURCHASE - LOBLAWS #1234 TORONTO', 'LOBLAWS'],
  ['Achat direct METRO 8916 MONTREAL QC', 'METRO'],
  ['Paiement facture - HYDRO-QUEBEC', 'HYDRO-QUEBEC'],
  ['Prélèvement - DESJARDINS ASSURANCES', 'DESJARDINS ASSURANCES'],
  ['Dépôt direct - ACME CORP', 'ACME CORP'],
  ['SHOPPERS DRUG MART 1220 _F', 'SHOPPERS DRUG MART'],
  ['WINNERS 221 _V', 'WINNERS'],
  ['[DN]CANADIAN TIRE #0312', 'CANADIAN TIRE'],
  ['SQ *BLUE BOTTLE COFFEE San Francisco CA', 'BLUE BOTTLE COFFEE'],
  ['TST* THE KEG STEAKHOUSE 123 Calgary AB', 'THE KEG STEAKHOUSE'],
  ['PAYPAL *NETFLIX 402-935-7733 CA', 'NETFLIX'],
  ['AMZN Mktp CA*2K3J45T amazon.ca/bill ON', 'AMAZON MARKETPLACE'],
  ['DOORDASH*MCDONALDS 855-973-1040 CA', 'DOORDASH'],
  ['UBER CANADA/UBEREATS TORONTO ON', 'UBER EATS'],
  ['UBER *TRIP HELP.UBER.COM', 'UBER TRIP'],
  ['PETRO-CANADA 9912 (416) 555-0199 NORTH YORK ON', 'PETRO-CANADA'],
  ['CHECKCARD 0105 HOME DEPOT #6521 ATLANTA GA', 'HOME DEPOT'],
  ['DEBIT CARD PURCHASE WALGREENS #1234 CHICAGO IL', 'WALGREENS'],
  ['COSTCO WHOLESALE W524 OTTAWA ON', 'COSTCO WHOLESALE'],
];

describe('normalizer', () => {
  for (const [description, merchant] of CASES) {
    test(`${description} -> ${merchant}`, () => {
      assert.equal(normalize(description).merchant.join(' '), merchant);
    });
  }

  test('the province or state printed after the merchant is read, and never matched as a name', () => {
    const on = normalize('Interac purchase - 1234 TIM HORTONS #2231 TORONTO ON');
    assert.deepEqual([on.region, on.country], ['ON', 'CA']);
    assert.ok(!on.tokens.includes('ON'));
    const il = normalize('DEBIT CARD PURCHASE WALGREENS #1234 CHICAGO IL');
    assert.deepEqual([il.region, il.country], ['IL', 'US']);
  });

  test('a framing alone is kept (nothing else to name)', () => {
    assert.equal(normalize('PURCHASE').merchant.join(' '), 'PURCHASE');
  });

  test('any text: no exception, the merchant carries no store number, the description is untouched', () => {
    fc.assert(fc.property(fc.string({ maxLength: 80 }), (description) => {
      const copy = description.slice();
      const n = normalize(description);
      assert.equal(description, copy);
      for (const w of n.merchant) assert.ok(!/^\d+$/.test(w), w);
      const c = categorizeOne({ description, direction: 'debit', account: 'deposit' });
      if (c.merchantName !== null) assert.ok(c.merchantName.length > 0);
      if (c.primary === 'Other') assert.ok(c.explanation.by === 'none' && (c.explanation.reason ?? '').length > 0);
    }));
  });
});
