// The five personas and the account set-up that goes with each.

import { hashString } from './random.ts';
import type { PersonaId } from './types.ts';

export const PERSONAS: readonly PersonaId[] = Object.freeze(['salaried', 'gig', 'benefits', 'nsf', 'business'] as const);

/** Deterministic persona for a seed (used when a sandbox username names no persona). */
export function personaForSeed(seed: string): PersonaId {
  return PERSONAS[hashString('persona:' + seed) % PERSONAS.length]!;
}

export function isPersona(x: string): x is PersonaId {
  return (PERSONAS as readonly string[]).includes(x);
}

type Range = readonly [number, number];

/** Opening positions and limits, in dollars (converted to cents by accounts.ts). */
export interface AccountSetup {
  business: boolean;
  chequingOpening: Range;
  /** Candidate overdraft limits; one is picked. */
  overdraft: readonly number[];
  savingsOpening: Range;
  cardLimit: Range;
  /** Share of the card limit owed at the start. */
  cardOwedShare: Range;
  locLimit: Range;
  locOwedShare: Range;
  /** Chance that the LOC is untouched (owes nothing) at the start. */
  locZeroChance: number;
  /** Interest rates in basis points per year. */
  savingsRate: Range;
  cardApr: Range;
  locRate: Range;
  overdraftRate: number;
  /** Monthly chequing fee candidates in dollars (0 = no fee). */
  monthlyFee: readonly number[];
  /** Part of each credit limit never used by spending, so interest stays within the limit. */
  creditHeadroomShare: number;
}

export const SETUP: Record<PersonaId, AccountSetup> = {
  salaried: {
    business: false,
    chequingOpening: [1500, 4500],
    overdraft: [0, 500, 1000],
    savingsOpening: [3000, 20000],
    cardLimit: [6000, 15000],
    cardOwedShare: [0.03, 0.12],
    locLimit: [5000, 25000],
    locOwedShare: [0.05, 0.3],
    locZeroChance: 0.5,
    savingsRate: [50, 250],
    cardApr: [1999, 2299],
    locRate: [850, 1250],
    overdraftRate: 2100,
    monthlyFee: [0, 4, 10.95, 16.95],
    creditHeadroomShare: 0.03,
  },
  gig: {
    business: false,
    chequingOpening: [600, 1800],
    overdraft: [0, 250],
    savingsOpening: [500, 3000],
    cardLimit: [2500, 6000],
    cardOwedShare: [0.25, 0.55],
    locLimit: [3000, 8000],
    locOwedShare: [0.1, 0.4],
    locZeroChance: 0.3,
    savingsRate: [50, 200],
    cardApr: [1999, 2499],
    locRate: [950, 1450],
    overdraftRate: 2100,
    monthlyFee: [0, 4, 10.95],
    creditHeadroomShare: 0.04,
  },
  benefits: {
    business: false,
    chequingOpening: [300, 1200],
    overdraft: [0],
    savingsOpening: [100, 1500],
    cardLimit: [500, 2000],
    cardOwedShare: [0.2, 0.5],
    locLimit: [1000, 3000],
    locOwedShare: [0.1, 0.5],
    locZeroChance: 0.5,
    savingsRate: [25, 150],
    cardApr: [1999, 2499],
    locRate: [1050, 1450],
    overdraftRate: 2100,
    monthlyFee: [0, 4],
    creditHeadroomShare: 0.05,
  },
  nsf: {
    business: false,
    chequingOpening: [80, 400],
    overdraft: [500, 750, 1000],
    savingsOpening: [0, 60],
    cardLimit: [1000, 3000],
    cardOwedShare: [0.7, 0.88],
    locLimit: [1500, 5000],
    locOwedShare: [0.75, 0.9],
    locZeroChance: 0,
    savingsRate: [25, 100],
    cardApr: [2199, 2999],
    locRate: [1250, 1750],
    overdraftRate: 2100,
    monthlyFee: [10.95, 16.95],
    creditHeadroomShare: 0.06,
  },
  business: {
    business: true,
    chequingOpening: [20000, 60000],
    overdraft: [0, 5000],
    savingsOpening: [25000, 100000],
    cardLimit: [15000, 40000],
    cardOwedShare: [0.08, 0.25],
    locLimit: [50000, 150000],
    locOwedShare: [0.05, 0.3],
    locZeroChance: 0.4,
    savingsRate: [75, 200],
    cardApr: [1999, 2199],
    locRate: [750, 1050],
    overdraftRate: 2100,
    monthlyFee: [30, 45, 75],
    creditHeadroomShare: 0.03,
  },
};
