/**
 * The categorizer: every transaction gets a primary category, a sub-category, the signals
 * attributes count, and an explanation of what decided.
 *
 * Two passes. The first looks at one transaction alone: rules (rules.ts), then the model
 * (model.ts). The second looks at the login: recurring series give a frequency and next date,
 * and decide what a single line cannot (a monthly e-Transfer or cheque of the same amount to
 * the same person is rent; on a business login it is the owner's draw, and money received by
 * e-Transfer or cheque is a customer's payment).
 */
import { shippedModel, type NaiveBayes } from './model.ts';
import { rhythmOf } from './recurring.ts';
import { classifyByRules, type AccountKind } from './rules.ts';
import type { Direction, Frequency, Signals } from './signals.ts';
import { displayName, fold, payee, tokens } from './text.ts';
import type { PrimaryCategory } from './taxonomy.ts';

export type { AccountKind } from './rules.ts';

export interface Explanation {
  by: 'rule' | 'model' | 'context' | 'none';
  /** Rule id (by rule or context). */
  rule?: string;
  /** Words that weighed most, with their log-likelihood ratio (by model). */
  features?: [string, number][];
  confidence?: number;
}

export interface Category {
  primary: PrimaryCategory;
  sub: string;
  signals: Signals;
  explanation: Explanation;
}

export interface Categorized extends Category {
  /** Set when the transaction belongs to a recurring series. */
  recurring?: { frequency: Frequency; next: string; series: string };
}

export interface CategorizeInput {
  description: string;
  direction: Direction;
  account: AccountKind;
}

const MAX_CACHE = 50_000;
const cache = new Map<string, Category>();

/** One transaction alone (first pass). Pure; memoised on its inputs. */
export function categorizeOne(input: CategorizeInput, model: NaiveBayes = shippedModel()): Category {
  const key = `${input.direction}|${input.account}|${input.description}`;
  const hit = cache.get(key);
  if (hit) return hit;
  const folded = fold(input.description);
  const byRule = classifyByRules(folded, input.direction, input.account);
  let out: Category;
  if (byRule) {
    out = { primary: byRule.primary, sub: byRule.sub, signals: byRule.signals, explanation: { by: 'rule', rule: byRule.rule } };
  } else {
    const features = modelFeatures(folded, input.direction);
    const p = features.length > 1 ? model.predict(features) : null;
    if (!p || p.features.length === 0) {
      out = { primary: 'Other', sub: 'Uncategorized', signals: {}, explanation: { by: 'none' } };
    } else {
      const [primary, sub] = p.label.split('/') as [PrimaryCategory, string];
      out = { primary, sub, signals: signalsOf(primary, sub, folded), explanation: { by: 'model', features: p.features, confidence: Math.round(p.confidence * 1000) / 1000 } };
    }
  }
  if (cache.size >= MAX_CACHE) cache.clear();
  cache.set(key, out);
  return out;
}

/**
 * The model's input: the words of the description, the payee as a whole (the strongest
 * feature when it was seen in training), the channel the bank printed before it (PAD,
 * POS...) and the direction of the money. Words the model never saw weigh nothing, so a
 * bank's unfamiliar prefix does not drown the merchant's name.
 */
export function modelFeatures(folded: string, direction: Direction): string[] {
  const who = payee(folded);
  const at = who ? folded.indexOf(who) : -1;
  const channel = at > 0 ? folded.slice(0, at).trim() : '';
  // The channel counts once, as itself: its words would otherwise outvote the payee's.
  const out = tokens(channel ? folded.slice(at) : folded);
  if (who) out.push('=' + who);
  if (channel) out.push('^' + channel);
  out.push(direction === 'credit' ? '+IN' : '+OUT');
  return out;
}

/** Signals that follow from a category the model chose. */
function signalsOf(primary: string, sub: string, folded: string): Signals {
  const merchant = displayName(payee(folded));
  if (primary === 'Utilities') return { bill: sub === 'Electricity' || sub === 'Natural Gas' || sub === 'Water' ? 'utility' : 'telecom', merchant };
  if (sub === 'Gig Income' || sub === 'Merchant Payouts' || sub === 'Customer Payments' || sub === 'Freelance Income') return { income: 'other', merchant };
  return merchant ? { merchant } : {};
}

export interface LoginTransaction {
  accountId: string;
  date: string;
  description: string;
  debitCents: number | null;
  creditCents: number | null;
}

/** Every transaction of a login (both passes). `accountKind` maps account ids. Output is parallel to input. */
export function categorizeLogin(transactions: readonly LoginTransaction[], accountKind: (accountId: string) => AccountKind, options: { business: boolean }): Categorized[] {
  // Copies: the first pass's answers are shared through its memo, the second pass writes on these.
  const out: Categorized[] = transactions.map((t) => ({ ...categorizeOne({ description: t.description, direction: directionOf(t), account: accountKind(t.accountId) }) }));

  // Series: same account, direction and payee.
  const series = new Map<string, number[]>();
  transactions.forEach((t, i) => {
    const key = `${t.accountId}|${directionOf(t)}|${seriesPayee(t.description)}`;
    let list = series.get(key);
    if (!list) series.set(key, (list = []));
    list.push(i);
  });
  for (const [key, members] of series) {
    if (members.length < 3) continue;
    members.sort((a, b) => (transactions[a]!.date < transactions[b]!.date ? -1 : transactions[a]!.date > transactions[b]!.date ? 1 : a - b));
    const rhythm = rhythmOf(members.map((i) => transactions[i]!.date));
    if (!rhythm) continue;
    const amounts = new Set(members.map((i) => transactions[i]!.debitCents ?? transactions[i]!.creditCents));
    for (const i of members) out[i]!.recurring = { frequency: rhythm.frequency, next: rhythm.next, series: key };
    const first = out[members[0]!]!;
    // A monthly payment of one amount to a person, by e-Transfer or cheque: rent, or on a business the owner's draw.
    if (rhythm.frequency === 'Monthly' && amounts.size === 1 && (first.sub === 'E-Transfer Out' || first.sub === 'Uncategorized' && /^CHEQUE/.test(fold(transactions[members[0]!]!.description)))) {
      const [primary, sub] = options.business && first.sub === 'E-Transfer Out' ? (['Transfers', 'Owner Draw'] as const) : (['Home', 'Rent'] as const);
      for (const i of members) out[i] = { ...out[i]!, primary, sub, signals: {}, explanation: { by: 'context', rule: 'series.monthly-same-amount' } };
    }
  }
  if (options.business) {
    transactions.forEach((t, i) => {
      const c = out[i]!;
      // A business insures and rents business premises.
      if (c.primary === 'Insurance' && c.sub !== 'Life Insurance' && c.explanation.by === 'model') out[i] = { ...c, sub: 'Business Insurance', explanation: { by: 'context', rule: 'business.insurance' } };
      if (c.primary === 'Home' && c.sub === 'Rent') out[i] = { ...c, sub: 'Commercial Rent', explanation: { by: 'context', rule: 'business.rent' } };
      if (directionOf(t) !== 'credit' || accountKind(t.accountId) !== 'deposit') return;
      // A business is paid by its customers: e-Transfers, cheques and transfers from payers the model
      // cannot place are sales, not wages, gifts or freelance work.
      const fromPayer = c.sub === 'E-Transfer In' || c.sub === 'Freelance Income' || c.sub === 'Payroll' || (c.explanation.by === 'model' && c.primary === 'Income' && c.sub !== 'Merchant Payouts' && c.sub !== 'Refunds');
      if (fromPayer || /^MOBILE (CHEQUE )?DEPOSIT$|^DEPOT MOBILE$/.test(fold(t.description))) {
        out[i] = { ...c, primary: 'Income', sub: 'Customer Payments', signals: { income: 'other' }, explanation: { by: 'context', rule: 'business.customer-payment' } };
      }
    });
  }
  return out;
}

export function directionOf(t: { debitCents: number | null; creditCents: number | null }): Direction {
  return (t.creditCents ?? 0) > 0 && !((t.debitCents ?? 0) > 0) ? 'credit' : 'debit';
}

/** The payee a series is keyed on: the printed payee without numbers, or the cheque marker. */
function seriesPayee(description: string): string {
  const f = fold(description);
  if (/^CHEQUE\b/.test(f)) return 'CHEQUE';
  return payee(f) || f;
}
