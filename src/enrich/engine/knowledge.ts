/**
 * The compiled knowledge: merchants (knowledge/merchants/*.jsonl) and keywords
 * (knowledge/lexicon/*.jsonl), compiled by `npm run build:categorizer` into knowledge.json
 * beside this file, and matched here on a description's normalised tokens.
 *
 * Both are token tries: one hash lookup per token walked, so a lookup costs the same whatever
 * the number of merchants. Every start position is tried; the longest match wins (more tokens,
 * then more characters), the earliest on a tie. A name several merchants share (a regional
 * utility's "HYDRO", a chain present in both countries) is decided by the province, state or
 * country the description prints, then by Canada (Maplelink's first market).
 */
import { readFileSync } from 'node:fs';
import type { Direction } from './signals.ts';

export interface KnowledgeFile {
  version: number;
  /** "Primary/Sub" labels the merchants and keywords use. */
  categories: string[];
  /** [name, category index, credit category index or -1, countries ("CA", "US", "CA,US"), regions ("" or "ON,QC")] */
  merchants: [string, number, number, string, string][];
  /** Folded alias -> merchant indexes. */
  aliases: Record<string, number[]>;
  /** [folded keyword (a trailing "*" matches any word it begins), category index, direction: 0 both, 1 debit, 2 credit, term's language] */
  keywords: [string, number, number, string][];
}

export interface Merchant {
  name: string;
  primary: string;
  sub: string;
  /** "Primary/Sub" of money received from it, when not a refund. */
  credit: [string, string] | null;
  countries: string[];
  regions: string[];
}

export interface MerchantHit {
  merchant: Merchant;
  /** The alias as matched. */
  alias: string;
}

export interface KeywordHit {
  primary: string;
  sub: string;
  term: string;
  lang: string;
}

interface Node<T> {
  next: Map<string, Node<T>> | null;
  value: T | null;
}

const node = <T>(): Node<T> => ({ next: null, value: null });

function insert<T>(root: Node<T>, words: string[], value: T): void {
  let n = root;
  for (const w of words) {
    if (!n.next) n.next = new Map();
    let child = n.next.get(w);
    if (!child) n.next.set(w, (child = node<T>()));
    n = child;
  }
  n.value = value;
}

/**
 * The longest entry of the trie found anywhere in `tokens`: [value, start, length]. An entry
 * `preferred` says is preferred wins over any that is not.
 */
function longest<T>(root: Node<T>, tokens: readonly string[], preferred?: (value: T) => boolean): [T, number, number] | null {
  let best: [T, number, number] | null = null;
  let bestChars = 0;
  let bestPreferred = false;
  for (let i = 0; i < tokens.length; i++) {
    let n: Node<T> | undefined = root;
    let chars = 0;
    for (let j = i; j < tokens.length; j++) {
      n = n.next?.get(tokens[j]!);
      if (!n) break;
      chars += tokens[j]!.length;
      if (n.value !== null) {
        const len = j - i + 1;
        const pref = preferred ? preferred(n.value) : false;
        if (!best || (pref && !bestPreferred) || (pref === bestPreferred && (len > best[2] || (len === best[2] && chars > bestChars)))) {
          best = [n.value, i, len];
          bestChars = chars;
          bestPreferred = pref;
        }
      }
    }
  }
  return best;
}

/** A merchant trie's entry: the merchants an alias names, and whether the first is a fuel brand. */
interface MerchantEntry {
  ids: number[];
  fuel: boolean;
}

/**
 * A word's class for the first-word filter: its length and its first and last characters, 16 bits. Two words
 * of one class may both begin aliases or not; a class no alias begins with rules a word out.
 */
const wordClass = (w: string): number => ((w.length & 15) << 12) | ((w.charCodeAt(0) & 63) << 6) | (w.charCodeAt(w.length - 1) & 63);

/** A merchant found: the alias as matched is joined only when asked for (the categorizer never reads it). */
class Hit implements MerchantHit {
  constructor(readonly merchant: Merchant, private readonly tokens: readonly string[], private readonly start: number, private readonly len: number) {}

  get alias(): string {
    return this.tokens.slice(this.start, this.start + this.len).join(' ');
  }
}

export class Knowledge {
  private readonly merchants: Merchant[];
  private readonly merchantTrie = node<MerchantEntry>();
  /**
   * The classes (wordClass) of the aliases' first words, a bit each. Most words of a description begin no alias
   * (numbers, cities, the bank's words): the bit answers them without hashing the word or probing the root's map,
   * which holds thousands of words.
   */
  private readonly firstWords = new Uint32Array(65_536 / 32);
  /** Keywords for money going out [0] and coming in [1]. */
  private readonly keywordTries = [node<KeywordHit>(), node<KeywordHit>()] as const;
  /** Keywords that match any word they begin ("PHYSIO*"), by prefix, per direction, and the prefix lengths in use. */
  private readonly prefixes = [new Map<string, KeywordHit>(), new Map<string, KeywordHit>()] as const;
  private readonly prefixLengths: number[];

  constructor(readonly file: KnowledgeFile) {
    const label = (i: number) => file.categories[i]!.split('/') as [string, string];
    this.merchants = file.merchants.map(([name, cat, credit, countries, regions]) => {
      const [primary, sub] = label(cat);
      return { name, primary, sub, credit: credit >= 0 ? label(credit) : null, countries: countries.split(','), regions: regions ? regions.split(',') : [] };
    });
    // A fuel brand's entry is preferred (see merchant()): the flag is read from its first merchant, once, here.
    for (const [alias, ids] of Object.entries(file.aliases)) {
      const words = alias.split(' ');
      insert(this.merchantTrie, words, { ids, fuel: this.merchants[ids[0]!]!.sub === 'Gas' });
      const c = wordClass(words[0]!);
      this.firstWords[c >>> 5]! |= 1 << (c & 31);
    }
    const lengths = new Set<number>();
    for (const [term, cat, direction, lang] of file.keywords) {
      const [primary, sub] = label(cat);
      const hit: KeywordHit = { primary, sub, term, lang };
      for (const d of [0, 1] as const) {
        if (direction !== 0 && direction !== d + 1) continue;
        if (term.endsWith('*')) {
          this.prefixes[d].set(term.slice(0, -1), hit);
          lengths.add(term.length - 1);
        } else insert(this.keywordTries[d], term.split(' '), hit);
      }
    }
    this.prefixLengths = [...lengths].sort((a, b) => b - a);
  }

  get size(): number {
    return this.merchants.length;
  }

  /** The merchant named in the tokens, if any (see the module comment for ties). */
  merchant(tokens: readonly string[], region: string | null, country: 'CA' | 'US' | null): MerchantHit | null {
    // The longest alias anywhere in the tokens, as longest() finds it, written out for the merchant trie: a fuel
    // brand wins over the shop it runs ("ESSO CIRCLE K": docs/categorization-conventions.md files the purchase as
    // gas), then more tokens, then more characters, the earliest on a tie. Each entry knows whether it is a fuel
    // brand (made when the trie is built), and no tuple is made per entry found.
    let best: MerchantEntry | null = null;
    let bestStart = 0, bestLen = 0, bestChars = 0;
    let bestFuel = false;
    const root = this.merchantTrie;
    const firstWords = this.firstWords;
    for (let i = 0; i < tokens.length; i++) {
      const c = wordClass(tokens[i]!);
      if ((firstWords[c >>> 5]! & (1 << (c & 31))) === 0) continue;
      let n: Node<MerchantEntry> | undefined = root;
      let chars = 0;
      for (let j = i; j < tokens.length; j++) {
        const next: Map<string, Node<MerchantEntry>> | null = n.next;
        if (next === null) break;
        const w = tokens[j]!;
        n = next.get(w);
        if (n === undefined) break;
        chars += w.length;
        const v = n.value;
        if (v !== null) {
          const len = j - i + 1;
          const fuel = v.fuel;
          if (best === null || (fuel && !bestFuel) || (fuel === bestFuel && (len > bestLen || (len === bestLen && chars > bestChars)))) {
            best = v;
            bestStart = i;
            bestLen = len;
            bestChars = chars;
            bestFuel = fuel;
          }
        }
      }
    }
    if (best === null) return null;
    const ids = best.ids;
    let pick = this.merchants[ids[0]!]!;
    if (ids.length > 1) {
      let bestScore = -1;
      for (const id of ids) {
        const m = this.merchants[id]!;
        const score = (region && m.regions.includes(region) ? 4 : 0) + (country && m.countries.includes(country) ? 2 : 0) + (m.countries.includes('CA') ? 1 : 0);
        if (score > bestScore) {
          bestScore = score;
          pick = m;
        }
      }
    }
    return new Hit(pick, tokens, bestStart, bestLen);
  }

  /** The keyword in the tokens that applies to money moving in `direction`, longest first. */
  keyword(tokens: readonly string[], direction: Direction): KeywordHit | null {
    const d = direction === 'debit' ? 0 : 1;
    const hit = longest(this.keywordTries[d], tokens);
    if (hit) return hit[0];
    const prefixes = this.prefixes[d];
    for (const t of tokens) {
      for (const n of this.prefixLengths) {
        if (t.length < n) continue;
        const p = prefixes.get(t.slice(0, n));
        if (p) return p;
      }
    }
    return null;
  }
}

let shipped: Knowledge | null = null;

/** The knowledge compiled into knowledge.json beside this file. */
export function shippedKnowledge(): Knowledge {
  if (!shipped) shipped = new Knowledge(JSON.parse(readFileSync(new URL('./knowledge.json', import.meta.url), 'utf8')) as KnowledgeFile);
  return shipped;
}
