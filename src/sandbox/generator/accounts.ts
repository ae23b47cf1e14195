// Builds the four accounts of a login (numbers, titles, limits, opening positions).

import { Account } from './ledger.ts';
import { Draws } from './random.ts';
import type { AccountSetup } from './personas.ts';
import type { AccountType, GeneratedAccount } from './types.ts';

export const INSTITUTION_NUMBER = '777';

const dollars = (d: number): number => Math.round(d * 100);

function between(r: Draws, [lo, hi]: readonly [number, number], stepDollars: number): number {
  const steps = Math.floor((hi - lo) / stepDollars);
  return dollars(lo + r.int(0, steps) * stepDollars);
}

export interface BuiltAccounts {
  chq: Account;
  sav: Account;
  cc: Account;
  loc: Account;
  cardBrand: string;
  rates: { savings: number; card: number; loc: number; overdraft: number };
  monthlyFee: number;
}

export function buildAccounts(seedHash: number, setup: AccountSetup): BuiltAccounts {
  const r = new Draws(seedHash, 'profile:accounts', 0);
  const transit = r.digits(5);
  const numbers = new Set<string>();
  const accountNumber = (): string => {
    let n = r.digits(7);
    while (numbers.has(n)) n = r.digits(7);
    numbers.add(n);
    return n;
  };
  const cardBrand = r.chance(0.6) ? 'VISA' : 'MASTERCARD';
  const biz = setup.business;
  const shell = (key: string, title: string, type: AccountType, opening: number, overdraft: number, limit: number | null): GeneratedAccount => ({
    key,
    title,
    type,
    category: type === 'Chequing' || type === 'Savings' ? 'Operations' : 'Credits',
    currency: 'CAD',
    transitNumber: transit,
    institutionNumber: INSTITUTION_NUMBER,
    accountNumber: accountNumber(),
    overdraftLimitCents: overdraft,
    limitCents: limit,
    openingBalanceCents: opening,
    transactions: [],
    currentCents: opening,
    availableCents: 0,
  });

  const overdraft = dollars(r.pick(setup.overdraft));
  const chequingOpening = between(r, setup.chequingOpening, 1) + r.int(0, 99);
  const savingsOpening = setup.savingsOpening[1] <= 0 ? 0 : between(r, setup.savingsOpening, 1) + r.int(0, 99);
  const cardLimit = between(r, setup.cardLimit, 500);
  const cardOwed = Math.round(cardLimit * (setup.cardOwedShare[0] + r.next() * (setup.cardOwedShare[1] - setup.cardOwedShare[0])));
  const locLimit = between(r, setup.locLimit, 500);
  const locOwed = r.chance(setup.locZeroChance)
    ? 0
    : Math.round(locLimit * (setup.locOwedShare[0] + r.next() * (setup.locOwedShare[1] - setup.locOwedShare[0])));

  const chq = new Account(shell('chequing', biz ? 'Business Chequing CAD' : 'Chequing CAD', 'Chequing', chequingOpening, overdraft, null));
  const sav = new Account(shell('savings', biz ? 'Business Savings CAD' : r.pick(['Savings CAD', 'High Interest Savings CAD']), 'Savings', savingsOpening, 0, null));
  const cc = new Account(
    shell('creditcard', biz ? `Business ${cardBrand === 'VISA' ? 'Visa' : 'Mastercard'}` : cardBrand === 'VISA' ? r.pick(['Visa Infinite', 'Visa Classic']) : r.pick(['World Elite Mastercard', 'Mastercard']), 'CreditCard', cardOwed, 0, cardLimit),
  );
  const loc = new Account(shell('lineofcredit', biz ? 'Business Line of Credit' : 'Personal Line of Credit', 'LineOfCredit', locOwed, 0, locLimit));
  const rate = (range: readonly [number, number]): number => r.int(range[0], range[1]);
  return {
    chq,
    sav,
    cc,
    loc,
    cardBrand,
    rates: { savings: rate(setup.savingsRate), card: rate(setup.cardApr), loc: rate(setup.locRate), overdraft: setup.overdraftRate },
    monthlyFee: dollars(r.pick(setup.monthlyFee)),
  };
}
