/**
 * A customer's own categorization rules: "this merchant is this category", "descriptions
 * containing this pattern are this category", for all the customer's logins or for one. They
 * are decided before anything else (bank patterns, the knowledge base, the lexicon, the model,
 * the login's context), and the explanation names the rule.
 *
 * A merchant rule matches a transaction whose MerchantName is the rule's merchant (compared
 * folded: case, accents and punctuation do not matter). A pattern rule matches a description
 * that contains the pattern, folded, where `*` stands for any text ("AMZN*PRIME", "LOYER"); it
 * is a plain substring search, never a regular expression, so no pattern can be slow.
 * When several rules match, a rule for the login wins over a rule for every login, a merchant
 * rule over a pattern rule, a longer pattern over a shorter one, then the newest.
 */
import { fold } from './text.ts';
import type { PrimaryCategory } from './taxonomy.ts';

export type RuleKind = 'merchant' | 'pattern';

export interface CustomerRule {
  id: string;
  kind: RuleKind;
  /** As the customer wrote it. */
  value: string;
  primary: PrimaryCategory;
  sub: string;
  /** Null: every login of the customer. */
  loginId: string | null;
  createdAt: string;
}

/** The folded form a rule is matched and deduplicated on; `*` is kept in patterns, runs of it collapse. */
export function ruleKey(kind: RuleKind, value: string): string {
  if (kind === 'merchant') return fold(value);
  return value
    .split('*')
    .map((part) => fold(part))
    .join('*')
    .replace(/\*+/g, '*')
    .replace(/^\*|\*$/g, '');
}

interface Compiled {
  rule: CustomerRule;
  key: string;
  parts: string[];
}

/** Whether `text` contains the parts in order (the pattern's pieces between `*`). */
function containsInOrder(text: string, parts: readonly string[]): boolean {
  let from = 0;
  for (const p of parts) {
    if (p === '') continue;
    const at = text.indexOf(p, from);
    if (at < 0) return false;
    from = at + p.length;
  }
  return true;
}

export class CustomerRules {
  private readonly ordered: Compiled[];

  constructor(rules: readonly CustomerRule[]) {
    this.ordered = rules
      .map((rule) => {
        const key = ruleKey(rule.kind, rule.value);
        return { rule, key, parts: rule.kind === 'pattern' ? key.split('*') : [] };
      })
      .filter((c) => c.key !== '')
      .sort((a, b) =>
        (a.rule.loginId === null ? 1 : 0) - (b.rule.loginId === null ? 1 : 0)
        || (a.rule.kind === 'merchant' ? 0 : 1) - (b.rule.kind === 'merchant' ? 0 : 1)
        || b.key.length - a.key.length
        || (a.rule.createdAt < b.rule.createdAt ? 1 : a.rule.createdAt > b.rule.createdAt ? -1 : a.rule.id < b.rule.id ? -1 : 1));
  }

  get size(): number {
    return this.ordered.length;
  }

  /** The rule that decides this transaction, if any. `merchantName` is the categorizer's MerchantName for it. */
  match(description: string, merchantName: string | null): CustomerRule | null {
    if (this.ordered.length === 0) return null;
    const merchant = merchantName === null ? '' : fold(merchantName);
    let folded: string | null = null;
    for (const c of this.ordered) {
      if (c.rule.kind === 'merchant') {
        if (merchant !== '' && merchant === c.key) return c.rule;
      } else {
        folded ??= fold(description);
        if (containsInOrder(folded, c.parts)) return c.rule;
      }
    }
    return null;
  }
}

export const NO_RULES = new CustomerRules([]);
