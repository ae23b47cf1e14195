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
import { shippedKnowledge, type Knowledge, type Merchant } from './knowledge.ts';
import { shippedModel, type NaiveBayes } from './model.ts';
import { normalize, type Normalized } from './normalize.ts';
import { rhythmOf } from './recurring.ts';
import { classifyByRules, type AccountKind } from './rules.ts';
import { NO_RULES, type CustomerRules } from './customer-rules.ts';
import type { Direction, Frequency, LoanKind, Signals } from './signals.ts';
import { displayName, displayWords, fold, payeeOf, wordsOf } from './text.ts';
import type { PrimaryCategory } from './taxonomy.ts';

export type { AccountKind } from './rules.ts';

/**
 * What decided, in the order the categorizer asks: a customer's rule, a bank-pattern rule
 * (fees, transfers, payroll...), the merchant knowledge base, the keyword lexicon, the model,
 * the login's context (second pass). `none` always carries the reason.
 */
export interface Explanation {
  by: 'customer-rule' | 'rule' | 'merchant' | 'keyword' | 'model' | 'context' | 'none';
  /** Rule id (by rule or context), or the customer rule's id. */
  rule?: string;
  /** The knowledge base's merchant (by merchant). */
  merchant?: string;
  /** The lexicon's keyword as matched (by keyword). */
  keyword?: string;
  /** Words that weighed most, with their log-likelihood ratio (by model, and by none when the model was unsure). */
  features?: [string, number][];
  confidence?: number;
  /** Why nothing decided (by none). */
  reason?: string;
}

export interface Category {
  primary: PrimaryCategory;
  sub: string;
  signals: Signals;
  explanation: Explanation;
  /** The merchant, without the bank's framing (a documented extension, served as MerchantName); null when the line names none. */
  merchantName: string | null;
  /** What a recurring series is keyed on: the printed payee without numbers, or the cheque marker (second pass). */
  seriesKey: string;
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

/**
 * Below the model's threshold (model.json's `threshold`) its answer is not given: the
 * transaction is Other / Uncategorized, with the model's guess and confidence in the
 * explanation. The training script chooses it on held-apart generated data
 * (scripts/categorizer/train.ts, `thresholdReport`), never on the evaluation set.
 */
const DEFAULT_THRESHOLD = 0.9;

const MAX_CACHE = 50_000;
/**
 * Memoised answers by description, each with a slot per direction and account kind (slotOf): one
 * lookup on the description per transaction, no key string built. At most MAX_CACHE answers.
 */
const cache = new Map<string, (Category | undefined)[]>();
/** The memo's slot of a direction and account kind (debit 0-2, credit 3-5), negative for a value outside the types: compared, not looked up by key. */
const slotOf = (direction: Direction, account: AccountKind): number =>
  (account === 'deposit' ? 0 : account === 'creditCard' ? 1 : account === 'lineOfCredit' ? 2 : -7) + (direction === 'credit' ? 3 : direction === 'debit' ? 0 : -7);
let cached = 0;

/** Forgets memoised answers (the benchmark measures fresh descriptions). */
export function clearCategorizeCache(): void {
  cache.clear();
  cached = 0;
}

export interface Engines {
  model: NaiveBayes;
  knowledge: Knowledge;
}

/** The shipped engines, made once (not an object per description). */
let shippedEngines: Engines | null = null;
const shipped = (): Engines => (shippedEngines ??= { model: shippedModel(), knowledge: shippedKnowledge() });

/** One transaction alone (first pass). Pure; memoised on its inputs when the shipped engines are used. */
export function categorizeOne(input: CategorizeInput, engines?: Engines): Category {
  if (engines) return decide(input.description, input.direction, input.account, engines);
  return memoised(input.description, input.direction, input.account);
}

/** categorizeOne with the shipped engines, its inputs as arguments (the login's loop makes no input object per transaction). */
function memoised(description: string, direction: Direction, account: AccountKind): Category {
  const slot = slotOf(direction, account);
  // A direction or account kind outside the types (never from the service) is answered, not memoised.
  if (slot < 0) return decide(description, direction, account, shipped());
  let slots = cache.get(description);
  const hit = slots?.[slot];
  if (hit) return hit;
  const out = decide(description, direction, account, shipped());
  if (cached >= MAX_CACHE) clearCategorizeCache();
  else {
    if (!slots) cache.set(description, (slots = []));
    slots[slot] = out;
    cached++;
  }
  return out;
}

function decide(description: string, direction: Direction, account: AccountKind, engines: Engines): Category {
  const folded = fold(description);
  // Split once: the payee and normalize read the same words (fold leaves no empty one).
  const words = wordsOf(folded);
  const printed = payeeOf(words, folded);
  // The answer is built once, with its series key (no second object per description).
  return decideFolded(description, direction, account, folded, words, printed, folded.startsWith('CHEQUE') && (folded.length === 6 || !isWordCode(folded.charCodeAt(6))) ? 'CHEQUE' : printed || folded, engines);
}

/** A character \w matches (what ends a \b after a word character). */
const isWordCode = (c: number) => (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || (c >= 48 && c <= 57) || c === 95;

function decideFolded(description: string, direction: Direction, account: AccountKind, folded: string, words: readonly string[], printed: string, seriesKey: string, { model, knowledge }: Engines): Category {
  const n = normalize(description, folded, words);
  const known = knowledge.merchant(n.tokens, n.region, n.country);
  const byRule = classifyByRules(folded, direction, account);
  if (byRule) {
    const merchantName = known?.merchant.name ?? byRule.signals.employer ?? byRule.signals.merchant ?? (byRule.signals.ownTransfer || byRule.primary === 'Financial' && !byRule.signals.loan || byRule.primary === 'Transfers' || namesNoMerchant(byRule.primary, byRule.sub) ? null : ownName(n));
    return { primary: byRule.primary, sub: byRule.sub, signals: byRule.signals, explanation: { by: 'rule', rule: byRule.rule }, merchantName, seriesKey };
  }
  if (known) {
    const m = known.merchant;
    const a = merchantAnswer(m, direction);
    // What the line says it paid for can refine the merchant's main trade, where the conventions say so:
    // an insurer's home policy, a municipality's water bill, a warehouse club's gas bar or membership.
    if (direction === 'debit' && a.refinable) {
      const word = knowledge.keyword(n.tokens, 'debit');
      if (word && REFINES.has(`${a.primary}/${a.sub}>${word.primary}/${word.sub}`)) {
        return { primary: word.primary as PrimaryCategory, sub: word.sub, signals: signalsOf(word.primary, word.sub, m.name, direction, m), explanation: a.explanation, merchantName: m.name, seriesKey };
      }
    }
    return { primary: a.primary, sub: a.sub, signals: a.signals, explanation: a.explanation, merchantName: m.name, seriesKey };
  }
  const word = knowledge.keyword(n.tokens, direction);
  if (word) {
    const merchantName = namesNoMerchant(word.primary, word.sub) ? null : ownName(n);
    return { primary: word.primary as PrimaryCategory, sub: word.sub, signals: signalsOf(word.primary, word.sub, merchantName, direction, null), explanation: { by: 'keyword', keyword: word.term }, merchantName, seriesKey };
  }
  const features = modelFeatures(n, direction);
  const p = features.length > 1 ? model.predict(features) : null;
  const threshold = model.counts.threshold ?? DEFAULT_THRESHOLD;
  const fallbackName = ownName(n);
  if (!p || p.features.length === 0) {
    return { primary: 'Other', sub: 'Uncategorized', signals: {}, explanation: { by: 'none', reason: 'no merchant, keyword or bank pattern recognised, and no word the model knows' }, merchantName: fallbackName, seriesKey };
  }
  const confidence = Math.round(p.confidence * 1000) / 1000;
  if (p.confidence < threshold) {
    return { primary: 'Other', sub: 'Uncategorized', signals: {}, explanation: { by: 'none', reason: `no merchant, keyword or bank pattern recognised; the model's best guess (${p.label.replace('/', ' / ')}) has confidence ${confidence}, below ${threshold}`, features: p.features, confidence }, merchantName: fallbackName, seriesKey };
  }
  const [primary, sub] = labelParts(p.label);
  const name = displayName(printed) || fallbackName;
  return { primary, sub, signals: signalsOf(primary, sub, name, direction, null), explanation: { by: 'model', features: p.features, confidence }, merchantName: namesNoMerchant(primary, sub) ? null : fallbackName, seriesKey };
}

/** A model label's primary category and sub-category, split once per label (the model has a few hundred). */
const LABEL_PARTS = new Map<string, [PrimaryCategory, string]>();
function labelParts(label: string): [PrimaryCategory, string] {
  let parts = LABEL_PARTS.get(label);
  if (!parts) LABEL_PARTS.set(label, (parts = label.split('/') as [PrimaryCategory, string]));
  return parts;
}

/** What a merchant decides, the same for every line that names it: its category one way, its signals, the explanation. */
interface MerchantAnswer {
  primary: PrimaryCategory;
  sub: string;
  signals: Signals;
  explanation: Explanation;
  /** Whether some keyword can refine this category (REFINED): asked of every line naming the merchant, answered once. */
  refinable: boolean;
}

/**
 * Made once per merchant and direction (debit [0], credit [1]), not per description: most fresh lines name a known
 * merchant, and answers are read, never written, so the lines naming one share its signals and explanation.
 */
const merchantAnswers = new WeakMap<Merchant, [MerchantAnswer | null, MerchantAnswer | null]>();

function merchantAnswer(m: Merchant, direction: Direction): MerchantAnswer {
  let both = merchantAnswers.get(m);
  if (!both) merchantAnswers.set(m, (both = [null, null]));
  const d = direction === 'credit' ? 1 : 0;
  const known = both[d];
  if (known) return known;
  const [primary, sub] = direction === 'credit' ? m.credit ?? ['Income', 'Refunds'] : [m.primary, m.sub];
  return (both[d] = { primary: primary as PrimaryCategory, sub, signals: signalsOf(primary, sub, m.name, direction, m), explanation: { by: 'merchant', merchant: m.name }, refinable: REFINED.has(`${primary}/${sub}`) });
}

/**
 * The display name from the merchant's own words, made only on the paths that show it (most
 * lines name a known merchant). A function of the module, not a closure made per description.
 */
function ownName(n: Normalized): string | null {
  return n.merchant.length > 0 ? displayWords(n.merchant) : null;
}

/**
 * The model's input: the merchant's words once the bank's framing, numbers and location are
 * gone (normalize.ts), the merchant as a whole (the strongest feature when it was seen in
 * training) and the direction of the money. The same text printed by two banks gives the same
 * features. Words the model never saw weigh nothing.
 */
export function modelFeatures(n: Normalized, direction: Direction): string[] {
  const out: string[] = [];
  for (const t of n.merchant) if (t.length >= 2) out.push(t);
  if (n.merchant.length > 1) out.push('=' + n.merchant.join(' '));
  out.push(direction === 'credit' ? '+IN' : '+OUT');
  return out;
}

/** Merchant category > keyword category pairs where the keyword decides (docs/categorization-conventions.md). */
const REFINES = new Set([
  'Insurance/Auto Insurance>Insurance/Home Insurance', 'Insurance/Auto Insurance>Insurance/Life Insurance', 'Insurance/Home Insurance>Insurance/Life Insurance',
  'Insurance/Life Insurance>Insurance/Home Insurance',
  'Home/Property Tax>Utilities/Water', 'Food & Dining/Warehouse Clubs>Transportation/Gas', 'Food & Dining/Warehouse Clubs>Shopping/Memberships',
  'Financial/Personal Loan>Financial/Business Loan', 'Financial/Loan Deposits>Financial/Business Loan',
]);

/** The merchant categories some keyword can refine: for the others, the lexicon is not asked. */
const REFINED = new Set([...REFINES].map((pair) => pair.split('>')[0]!));

/** Lines that are the bank's own (fees, interest, cash, transfers): their text names no merchant. */
const BANK_OWN = new Set(['Bank Fees', 'Interest Charges', 'Overdraft Interest', 'NSF Fees', 'Stop Payment Fees', 'Late Fees', 'Returned Items', 'ATM Withdrawals', 'Interest Income', 'Cash Deposits', 'Internal Transfer', 'Credit Card Payment', 'Line of Credit Payment', 'E-Transfer In', 'E-Transfer Out', 'Owner Draw']);
const namesNoMerchant = (primary: string, sub: string) => BANK_OWN.has(sub) && (primary === 'Financial' || primary === 'Income' || primary === 'Transfers');

const LOAN_OF: Record<string, LoanKind> = { 'Financial/Auto Loan': 'auto', 'Home/Mortgage': 'mortgage', 'Education/Student Loan': 'student', 'Financial/Payday Loan': 'micro', 'Financial/Personal Loan': 'other', 'Financial/Business Loan': 'other' };
/** LOAN_OF by primary, then sub: looked up on the strings the answer already has, no key built per description. */
const LOAN_BY = new Map<string, Map<string, LoanKind>>();
for (const [label, kind] of Object.entries(LOAN_OF)) {
  const [primary, sub] = label.split('/') as [string, string];
  let bySub = LOAN_BY.get(primary);
  if (!bySub) LOAN_BY.set(primary, (bySub = new Map<string, LoanKind>()));
  bySub.set(sub, kind);
}
const GAMBLING = new Set(['Casino', 'Lottery', 'Online Betting', 'Sports Betting', 'Gambling Winnings']);

/**
 * Signals that follow from a category the knowledge base, the lexicon or the model chose (the
 * bank-pattern rules set their own): what the attribute engine counts as income, loans, bills
 * and gambling. `merchant` is the knowledge base's entry, which says what a lender's deposit is.
 */
function signalsOf(primary: string, sub: string, name: string | null, direction: Direction, merchant: { primary: string; sub: string } | null): Signals {
  const out: Signals = {};
  if (name) out.merchant = name;
  const loan = LOAN_BY.get(primary)?.get(sub);
  if (primary === 'Utilities') out.bill = sub === 'Electricity' || sub === 'Natural Gas' || sub === 'Water' ? 'utility' : 'telecom';
  else if (loan) out.loan = loan;
  else if (primary === 'Financial' && sub === 'Loan Deposits') out.loan = (merchant && LOAN_BY.get(merchant.primary)?.get(merchant.sub)) || 'other';
  else if (GAMBLING.has(sub)) out.gambling = true;
  else if (primary === 'Income' && sub === 'Payroll') {
    out.income = 'employer';
    if (name) out.employer = name;
  } else if (primary === 'Income' && sub === 'Government Benefits') {
    out.income = 'government';
    out.government = 'OTHER';
  } else if (primary === 'Income' && sub === 'Tax Refund') {
    out.income = 'government';
    out.government = 'TAX_REFUND';
  } else if (primary === 'Income' && sub !== 'Refunds') out.income = 'other';
  else if (primary === 'Transfers' && (sub === 'Internal Transfer' || sub === 'Credit Card Payment' || sub === 'Line of Credit Payment')) out.ownTransfer = true;
  void direction;
  return out;
}

export interface LoginTransaction {
  accountId: string;
  date: string;
  description: string;
  debitCents: number | null;
  creditCents: number | null;
}

/** A payee's transactions in one direction, by account (parallel arrays; a login has a few accounts). */
interface Payee {
  accounts: string[];
  members: number[][];
}

/** Every transaction of a login (both passes). `accountKind` maps account ids. Output is parallel to input. */
export function categorizeLogin(transactions: readonly LoginTransaction[], accountKind: (accountId: string) => AccountKind, options: { business: boolean; rules?: CustomerRules }): Categorized[] {
  const rules = options.rules ?? NO_RULES;
  // The first pass's answers are shared through its memo: the second pass replaces them, never writes on them.
  // Directions, 0 debit and 1 credit, read again by the series below.
  const credits = new Uint8Array(transactions.length);
  // A login's transactions come account by account or by date among a few accounts: the last account's kind is kept.
  let lastAccount: string | null = null;
  let lastKind: AccountKind = 'deposit';
  const withRules = rules.size > 0;
  const out: Categorized[] = [];
  for (let i = 0; i < transactions.length; i++) {
    const t = transactions[i]!;
    const direction = directionOf(t);
    if (direction === 'credit') credits[i] = 1;
    if (t.accountId !== lastAccount) {
      lastAccount = t.accountId;
      lastKind = accountKind(t.accountId);
    }
    const c = memoised(t.description, direction, lastKind);
    // The customer's own rules come before everything, the login's context included.
    const rule = withRules ? rules.match(t.description, c.merchantName) : null;
    out.push(rule
      ? { primary: rule.primary, sub: rule.sub, signals: signalsOf(rule.primary, rule.sub, c.merchantName, direction, null), explanation: { by: 'customer-rule', rule: rule.id }, merchantName: c.merchantName, seriesKey: c.seriesKey }
      : c);
  }
  const ruled = (i: number) => out[i]!.explanation.by === 'customer-rule';

  // Series: same account, direction and payee. Grouped by direction and payee (one string the first
  // pass already made), found through the answer object first: transactions sharing a description
  // share it (the memo), so the payee's string is looked up once per answer, not per transaction.
  // Then by account, among the payee's few accounts. No key string is built per transaction, and
  // series are independent of one another, so the order they are examined in changes nothing.
  const byAnswer = [new Map<Categorized, Payee>(), new Map<Categorized, Payee>()] as const;
  const byPayee = [new Map<string, Payee>(), new Map<string, Payee>()] as const;
  for (let i = 0; i < transactions.length; i++) {
    const d = credits[i]! as 0 | 1;
    const c = out[i]!;
    let p = byAnswer[d].get(c);
    if (!p) {
      p = byPayee[d].get(c.seriesKey);
      if (!p) byPayee[d].set(c.seriesKey, (p = { accounts: [], members: [] }));
      byAnswer[d].set(c, p);
    }
    const accountId = transactions[i]!.accountId;
    const a = p.accounts.indexOf(accountId);
    if (a >= 0) p.members[a]!.push(i);
    else {
      p.accounts.push(accountId);
      p.members.push([i]);
    }
  }
  for (let d = 0; d < 2; d++) {
    for (const [seriesKey, p] of byPayee[d]!) {
      for (let a = 0; a < p.accounts.length; a++) {
        const members = p.members[a]!;
        if (members.length >= 3) recur(members, `${p.accounts[a]!}|${d === 0 ? 'debit' : 'credit'}|${seriesKey}`);
      }
    }
  }

  function recur(members: number[], key: string): void {
    // Members are in input order; a login's transactions usually come by date, so sort only when they do not.
    let sorted = true;
    for (let m = 1; m < members.length && sorted; m++) if (transactions[members[m]!]!.date < transactions[members[m - 1]!]!.date) sorted = false;
    if (!sorted) members.sort((a, b) => (transactions[a]!.date < transactions[b]!.date ? -1 : transactions[a]!.date > transactions[b]!.date ? 1 : a - b));
    const rhythm = rhythmOf(members.map((i) => transactions[i]!.date));
    if (!rhythm) return;
    const amounts = new Set(members.map((i) => transactions[i]!.debitCents ?? transactions[i]!.creditCents));
    const recurring = { frequency: rhythm.frequency, next: rhythm.next, series: key };
    // Members with the same first-pass answer (the memo's shared object) share one answer here too.
    const shared = new Map<Categorized, Categorized>();
    for (const i of members) {
      const c = out[i]!;
      let r = shared.get(c);
      if (!r) shared.set(c, (r = revise(c, c.primary, c.sub, c.signals, c.explanation, recurring)));
      out[i] = r;
    }
    const first = out[members[0]!]!;
    // A monthly payment of one amount to a person, by e-Transfer or cheque: rent, or on a business the owner's draw.
    if (rhythm.frequency === 'Monthly' && amounts.size === 1 && (first.sub === 'E-Transfer Out' || first.sub === 'Uncategorized' && first.seriesKey === 'CHEQUE')) {
      const [primary, sub] = options.business && first.sub === 'E-Transfer Out' ? (['Transfers', 'Owner Draw'] as const) : (['Home', 'Rent'] as const);
      const rent = new Map<Categorized, Categorized>();
      for (const i of members) {
        if (ruled(i)) continue;
        const c = out[i]!;
        let r = rent.get(c);
        if (!r) rent.set(c, (r = revise(c, primary, sub, {}, { by: 'context', rule: 'series.monthly-same-amount' })));
        out[i] = r;
      }
    }
  }
  if (options.business) {
    // An answer object stands for one description, direction and account kind (the memo's slot; the
    // series and rent answers are copies per answer), which is all the context below reads besides the
    // answer: each answer is looked at once, and the transactions sharing it share the result.
    const business = new Map<Categorized, Categorized>();
    for (let i = 0; i < transactions.length; i++) {
      if (ruled(i)) continue;
      const c = out[i]!;
      let r = business.get(c);
      if (r === undefined) business.set(c, (r = businessContext(c, transactions[i]!)));
      out[i] = r;
    }
  }
  return out;

  /** A business login's reading of one answer (the answer itself when nothing applies). */
  function businessContext(answer: Categorized, t: LoginTransaction): Categorized {
    // Each test reads the answer as the first pass left it; a later change replaces an earlier one (as it always has).
    const c = answer;
    let r = answer;
    {
      // A business insures and rents business premises.
      if (c.primary === 'Insurance' && c.sub !== 'Life Insurance' && (c.explanation.by === 'model' || c.explanation.by === 'merchant' || c.explanation.by === 'keyword')) r = revise(c, c.primary, 'Business Insurance', c.signals, { by: 'context', rule: 'business.insurance' });
      if (c.primary === 'Home' && c.sub === 'Rent') r = revise(c, c.primary, 'Commercial Rent', c.signals, { by: 'context', rule: 'business.rent' });
      // A business pays its suppliers by bill payment or pre-authorized debit: a roaster or a bakery paid that way sells to the business.
      if (c.explanation.by === 'keyword' && c.primary === 'Food & Dining' && directionOf(t) === 'debit' && BILL_CHANNEL.test(t.description.toUpperCase())) r = revise(c, 'Business', 'Suppliers', {}, { by: 'context', rule: 'business.supplier' });
      // A telecom bill paid from a business account is the business's phone and internet (docs/categorization-conventions.md).
      if (c.primary === 'Utilities' && (c.sub === 'Internet' || c.sub === 'Mobile Phone') && directionOf(t) === 'debit') r = revise(c, c.primary, 'Internet & Phone', c.signals, { by: 'context', rule: 'business.telecom' });
      if (directionOf(t) !== 'credit' || accountKind(t.accountId) !== 'deposit') return r;
      // A business is paid by its customers: e-Transfers, cheques and transfers from payers the model
      // cannot place are sales, not wages, gifts or freelance work.
      const fromPayer = c.sub === 'E-Transfer In' || c.sub === 'Freelance Income' || c.sub === 'Payroll' || ((c.explanation.by === 'model' || c.explanation.by === 'keyword') && c.primary === 'Income' && c.sub !== 'Merchant Payouts' && c.sub !== 'Refunds');
      if (fromPayer || /^MOBILE (CHEQUE )?DEPOSIT$|^DEPOT MOBILE$/.test(fold(t.description))) {
        r = revise(c, 'Income', 'Customer Payments', { income: 'other' }, { by: 'context', rule: 'business.customer-payment' });
      }
    }
    return r;
  }
}

/**
 * A copy of an answer with its category and explanation replaced (and its series, when given),
 * written out field by field in the answer's own key order, so its JSON reads as a spread's would.
 * Not a spread: the login's answers come in many shapes, and a spread of them runs in the runtime.
 */
function revise(c: Categorized, primary: PrimaryCategory, sub: string, signals: Signals, explanation: Explanation, recurring = c.recurring): Categorized {
  return recurring
    ? { primary, sub, signals, explanation, merchantName: c.merchantName, seriesKey: c.seriesKey, recurring }
    : { primary, sub, signals, explanation, merchantName: c.merchantName, seriesKey: c.seriesKey };
}

/** Channels a business pays a supplier's invoice through (bill payment, pre-authorized debit, ACH), in English and French. */
const BILL_CHANNEL = /^(ONLINE BILL PMT|BILL PAYMENT|BILL PMT|PAD|PRE-AUTHORIZED DEBIT|PREAUTHORIZED DEBIT|PAIEMENT DE FACTURE|PAIEMENT FACTURE|DPA|DEBIT PREAUTORISE|PRELEVEMENT|ACH DEBIT|ONLINE PAYMENT|INTERNET BILL PAY|MISC PAYMENT)\b/;

/**
 * The explanation as one sentence, served as `Explanation` beside the category (our extension):
 * what decided, and for an uncategorized transaction, why nothing did.
 */
export function explain(c: Category): string {
  const e = c.explanation;
  switch (e.by) {
    case 'customer-rule': return `Your categorization rule ${e.rule}`;
    case 'rule': return `Bank pattern ${e.rule}`;
    case 'merchant': return `Merchant ${e.merchant} (knowledge base)`;
    case 'keyword': return `Keyword ${e.keyword}`;
    case 'model': return `Model, confidence ${e.confidence}: ${(e.features ?? []).map(([w]) => w).join(', ')}`;
    case 'context': return `Login context ${e.rule}`;
    case 'none': return `Uncategorized: ${e.reason}`;
  }
}

export function directionOf(t: { debitCents: number | null; creditCents: number | null }): Direction {
  return (t.creditCents ?? 0) > 0 && !((t.debitCents ?? 0) > 0) ? 'credit' : 'debit';
}

