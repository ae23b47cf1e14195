/**
 * Enrich's pure engines: the categorizer and the attribute engine. No I/O; the service
 * (src/enrich/service.ts) loads a login's data and calls these.
 */
export { categorizeLogin, categorizeOne, directionOf, explain, type Categorized, type AccountKind, type LoginTransaction } from './categorize.ts';
export { computeCard, Analysis, evaluate, supportOf, NONE_DETECTED, type Card, type EngineInput, type EngineAccount, type Value } from './card.ts';
export { ATTRIBUTES, CONSUMER_ATTRIBUTES, BUSINESS_ATTRIBUTES, findAttribute, packageAttributes, type AttributeDef, type Package } from './registry.ts';
export { TAXONOMY, taxonomyFor, PRIMARY_CATEGORIES } from './taxonomy.ts';
export { rhythmOf } from './recurring.ts';
export { CustomerRules, NO_RULES, ruleKey, type CustomerRule, type RuleKind } from './customer-rules.ts';

import { categorizeLogin, type AccountKind, type Categorized } from './categorize.ts';
import type { CustomerRules } from './customer-rules.ts';
import { computeCard, membership, type EngineInput, type RawTransaction, type Value } from './card.ts';
import { BUSINESS_ATTRIBUTES, CONSUMER_ATTRIBUTES } from './registry.ts';

export type { RawTransaction };

export interface RawAccount {
  id: string;
  kind: AccountKind;
  currentCents: number;
}

/** Categorizes a login's transactions (and the subjects each belongs to) and shapes them for the attribute engine. */
export function engineInput(asOf: string, accounts: RawAccount[], transactions: RawTransaction[], business: boolean, rules?: CustomerRules): EngineInput {
  const kinds = new Map(accounts.map((a) => [a.id, a.kind]));
  const categories = categorizeLogin(transactions, (id) => kinds.get(id) ?? 'deposit', { business, rules });
  // Identical descriptions share one category object (the categorizer's memo): their subjects are computed once.
  const subjectMemo = [new Map<Categorized, readonly number[]>(), new Map<Categorized, readonly number[]>()];
  const subjectsOf = (c: Categorized, credit: boolean) => {
    const memo = subjectMemo[credit ? 1 : 0]!;
    let s = memo.get(c);
    if (!s) memo.set(c, (s = membership(c, credit)));
    return s;
  };
  const subjects = new Array<readonly number[]>(transactions.length);
  for (let i = 0; i < transactions.length; i++) {
    const t = transactions[i]!;
    subjects[i] = subjectsOf(categories[i]!, (t.creditCents ?? 0) > 0 && !((t.debitCents ?? 0) > 0));
  }
  return {
    asOf,
    accounts: accounts.map((a) => ({ id: a.id, owed: a.kind !== 'deposit', currentCents: a.currentCents })),
    // The caller's transactions as they are, the categories and subjects beside them (no object per transaction).
    transactions,
    categories,
    subjects,
  };
}

/**
 * The consumer attributes (or, with `business`, the business attributes) of some accounts and
 * their transactions as of `asOf`, categorized without customer rules: what `maplelink import
 * --attributes` prints for statement files read offline.
 */
export function attributesOf(asOf: string, accounts: RawAccount[], transactions: RawTransaction[], business: boolean): Record<string, Value> {
  const names = (business ? BUSINESS_ATTRIBUTES : CONSUMER_ATTRIBUTES).map((a) => a.name);
  return computeCard(engineInput(asOf, accounts, transactions, business), names).values;
}
