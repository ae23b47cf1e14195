/**
 * A cheap, exact "cannot match" test for a set of regular expressions, made from their
 * sources: every match of an expression contains one of its required literals (strings of
 * three characters or more read off the pattern), so a text that holds none of them, nor
 * even three chosen adjacent characters of each, is matched by none of the expressions. A text the test lets
 * through is given to the expressions themselves: the test only skips work, never decides.
 *
 * The three characters are looked up as a code in a table (one read per position of the
 * text), not as strings: letters keep their own code, other characters share
 * a few (two texts that differ only there may both pass, which is safe). An expression from
 * which no such literal can be read (an optional part only, a character class) makes the test
 * let every text through.
 *
 * Understood syntax: literals and escaped literals, `.`, classes, `\b \B \d \s \w` and the
 * like, `^ $`, groups (capturing, `(?:`, named), lookarounds, alternation, and the quantifiers
 * `? * + {n,m}` (lazy or not). Flags and back-references are refused (the caller checks).
 */

/** A parsed pattern: a sequence of items, or an alternation of sequences. */
type Item =
  | { kind: 'char'; ch: string }
  | { kind: 'any' } // a character we cannot name: a class, `.`, \d, \s...
  | { kind: 'assert' } // zero-width: ^ $ \b \B, negative lookarounds
  | { kind: 'look'; body: Alt } // a positive lookahead: its body is matched somewhere in the text
  | { kind: 'group'; body: Alt }
  | { kind: 'repeat'; item: Item; min: number };

interface Alt {
  branches: Item[][];
}

class Parser {
  private i = 0;

  constructor(private readonly s: string) {}

  parse(): Alt {
    const alt = this.alternation();
    if (this.i !== this.s.length) throw new Error(`prefilter: unexpected ${this.s[this.i]} at ${this.i} in /${this.s}/`);
    return alt;
  }

  private alternation(): Alt {
    const branches: Item[][] = [this.sequence()];
    while (this.s[this.i] === '|') {
      this.i++;
      branches.push(this.sequence());
    }
    return { branches };
  }

  private sequence(): Item[] {
    const items: Item[] = [];
    while (this.i < this.s.length && this.s[this.i] !== '|' && this.s[this.i] !== ')') {
      let item = this.atom();
      item = this.quantified(item);
      items.push(item);
    }
    return items;
  }

  private quantified(item: Item): Item {
    const c = this.s[this.i];
    let min: number | null = null;
    if (c === '?' || c === '*') min = 0;
    else if (c === '+') min = 1;
    else if (c === '{') {
      const m = /^\{(\d+)(,\d*)?\}/.exec(this.s.slice(this.i));
      if (m) {
        min = Number(m[1]);
        this.i += m[0].length - 1;
      }
    }
    if (min === null) return item;
    this.i++;
    if (this.s[this.i] === '?') this.i++; // lazy
    return this.quantified({ kind: 'repeat', item, min });
  }

  private atom(): Item {
    const c = this.s[this.i++]!;
    switch (c) {
      case '^':
      case '$':
        return { kind: 'assert' };
      case '.':
        return { kind: 'any' };
      case '[':
        this.skipClass();
        return { kind: 'any' };
      case '(':
        return this.group();
      case '\\':
        return this.escape();
      case '*':
      case '+':
      case '?':
      case '{':
      case '}':
      case ']':
        if (c === '{' || c === '}' || c === ']') return { kind: 'char', ch: c }; // a literal brace or bracket (no u flag)
        throw new Error(`prefilter: nothing to repeat at ${this.i - 1} in /${this.s}/`);
      default:
        return { kind: 'char', ch: c };
    }
  }

  private skipClass(): void {
    while (this.i < this.s.length && this.s[this.i] !== ']') this.i += this.s[this.i] === '\\' ? 2 : 1;
    if (this.i >= this.s.length) throw new Error(`prefilter: unterminated class in /${this.s}/`);
    this.i++;
  }

  private group(): Item {
    let kind: 'group' | 'look' | 'assert' = 'group';
    if (this.s.startsWith('?:', this.i)) this.i += 2;
    else if (this.s.startsWith('?=', this.i)) { kind = 'look'; this.i += 2; }
    else if (this.s.startsWith('?!', this.i) || this.s.startsWith('?<=', this.i) || this.s.startsWith('?<!', this.i)) {
      kind = 'assert';
      this.i += this.s[this.i + 1] === '<' ? 3 : 2;
    } else if (this.s.startsWith('?<', this.i)) {
      const end = this.s.indexOf('>', this.i);
      if (end < 0) throw new Error(`prefilter: unterminated group name in /${this.s}/`);
      this.i = end + 1;
    } else if (this.s[this.i] === '?') throw new Error(`prefilter: unknown group at ${this.i} in /${this.s}/`);
    const body = this.alternation();
    if (this.s[this.i] !== ')') throw new Error(`prefilter: unterminated group in /${this.s}/`);
    this.i++;
    // A lookbehind or negative lookaround consumes nothing and promises nothing.
    return kind === 'assert' ? { kind: 'assert' } : { kind, body };
  }

  private escape(): Item {
    const c = this.s[this.i++];
    if (c === undefined) throw new Error(`prefilter: trailing backslash in /${this.s}/`);
    if (c === 'b' || c === 'B') return { kind: 'assert' };
    if (/[1-9]/.test(c)) throw new Error(`prefilter: back-reference in /${this.s}/`);
    // Classes (\d \w \s...), control and code escapes (\n \t \x41 \u0041 \cX): a character not named here.
    if (/[dDwWsSnrtfv0]/.test(c)) return { kind: 'any' };
    if (c === 'x' || c === 'u' || c === 'c' || c === 'p' || c === 'P' || c === 'k') throw new Error(`prefilter: escape \\${c} not supported in /${this.s}/`);
    return { kind: 'char', ch: c };
  }
}

/** The shortest literal the prefilter can use. */
const MIN = 3;

/**
 * Literals one of which every match of the node contains, each at least MIN characters long;
 * null when no such set can be read off it.
 */
function required(alt: Alt): string[] | null {
  const out: string[] = [];
  for (const branch of alt.branches) {
    const r = requiredOfSequence(branch);
    if (r === null) return null;
    out.push(...r);
  }
  return out;
}

function requiredOfSequence(items: readonly Item[]): string[] | null {
  // Candidates: each run of adjacent literal characters (zero-width items do not break a run),
  // each group or lookahead that is itself required, each repeated item seen at least once.
  const candidates: string[][] = [];
  let run = '';
  const endRun = () => {
    if (run.length >= MIN) candidates.push([run]);
    run = '';
  };
  for (const item of items) {
    switch (item.kind) {
      case 'char':
        run += item.ch;
        break;
      case 'assert':
        break;
      case 'any':
        endRun();
        break;
      case 'look': {
        // Zero-width: the run goes on past it; what it looks for must be in the text.
        const r = required(item.body);
        if (r) candidates.push(r);
        break;
      }
      case 'group': {
        endRun();
        const r = required(item.body);
        if (r) candidates.push(r);
        break;
      }
      case 'repeat': {
        endRun();
        if (item.min >= 1) {
          const r = item.item.kind === 'group' || item.item.kind === 'look' ? required(item.item.body) : null;
          if (r) candidates.push(r);
        }
        break;
      }
    }
  }
  endRun();
  if (candidates.length === 0) return null;
  // The set a text is least likely to hold (see `rarity`): the fewest texts let through.
  let best = candidates[0]!;
  let bestCost = cost(best);
  for (let c = 1; c < candidates.length; c++) {
    const k = cost(candidates[c]!);
    if (k < bestCost) {
      best = candidates[c]!;
      bestCost = k;
    }
  }
  return best;
}

/**
 * How common a character is in bank descriptions, roughly (letter frequencies of English and
 * French text; spaces and digits are common). Used only to choose which of the literals and
 * which three of their characters the prefilter looks for: any choice is exact, a good one
 * lets fewer texts through.
 */
const FREQUENCY: Record<string, number> = {
  E: 12, T: 9, A: 8, O: 7.5, I: 7, N: 7, S: 6.3, R: 6, H: 6, L: 4, D: 4.2, C: 2.8, U: 2.8, M: 2.4, W: 2.4, F: 2.2, G: 2, Y: 2, P: 1.9,
  B: 1.5, V: 1, K: 0.8, J: 0.15, X: 0.15, Q: 0.1, Z: 0.07, ' ': 15,
};
// Digits share one code in the table and store numbers are everywhere: three characters with a digit are a last resort.
const frequency = (ch: string): number => FREQUENCY[ch] ?? (ch >= '0' && ch <= '9' ? 50 : 1);

/**
 * How often each three adjacent characters occur in text the expressions' inputs commonly hold
 * (the channel words banks print, the merchants' names): those are avoided. Set by `lookedFor`.
 */
let common = new Map<string, number>();

/** The last counts made, for the array they were made from: prefilter() asks once per group with the same text. */
let lastUsual: readonly string[] | null = null;
let lastCounts = new Map<string, number>();

function trigramCounts(usual: readonly string[]): Map<string, number> {
  if (usual === lastUsual) return lastCounts;
  const counts = new Map<string, number>();
  lastUsual = usual;
  lastCounts = counts;
  for (const u of usual) for (let i = 0; i + MIN <= u.length; i++) counts.set(u.slice(i, i + MIN), (counts.get(u.slice(i, i + MIN)) ?? 0) + 1);
  return counts;
}

/** The three adjacent characters of a literal a text is least likely to hold, and how likely it is (a product of frequencies). */
export function rarest(literal: string): { at: number; likelihood: number } {
  let at = 0;
  let likelihood = Infinity;
  for (let i = 0; i + MIN <= literal.length; i++) {
    let p = 1 + 1e3 * (common.get(literal.slice(i, i + MIN)) ?? 0);
    for (let j = i; j < i + MIN; j++) p *= frequency(literal[j]!);
    if (p < likelihood) {
      likelihood = p;
      at = i;
    }
  }
  return { at, likelihood };
}

const cost = (literals: readonly string[]): number => literals.reduce((sum, l) => sum + rarest(l).likelihood, 0);

/** The literals one of which every match of `re` contains, or null (see `required`). Exported for tests. */
export function requiredLiterals(re: RegExp): string[] | null {
  if (re.flags.replace('g', '') !== '') return null; // a flag (i, m, s, u...) changes what the literals mean
  return required(new Parser(re.source).parse());
}

/** Codes of characters: letters A-Z 1-26, digits 27, space 28, & 29, - 30, anything else 31. */
const CODE = new Uint8Array(128).fill(31);
for (let c = 65; c <= 90; c++) CODE[c] = c - 64;
for (let c = 48; c <= 57; c++) CODE[c] = 27;
CODE[32] = 28;
CODE[38] = 29;
CODE[45] = 30;
const codeOf = (c: number): number => (c < 128 ? CODE[c]! : 31);

/**
 * The prefilter of up to 31 groups of expressions (see the module comment): `candidates(text)`
 * has bit g set unless no expression of group g can match the text. A group with an
 * expression the prefilter cannot read is always a candidate. `usual` is text the inputs often
 * hold: the literals and characters looked for are chosen outside it where they can be.
 */
export function prefilter(groups: readonly (readonly RegExp[])[], usual: readonly string[] = []): Prefilter {
  if (groups.length > 31) throw new Error('prefilter: at most 31 groups');
  const table = new Int32Array(1 << 15);
  let always = 0;
  groups.forEach((expressions, g) => {
    const looked = lookedFor(expressions, usual);
    if (looked === null) always |= 1 << g;
    else for (const t of looked) table[(codeOf(t.charCodeAt(0)) << 10) | (codeOf(t.charCodeAt(1)) << 5) | codeOf(t.charCodeAt(2))]! |= 1 << g;
  });
  return new Prefilter(table, always);
}

export class Prefilter {
  constructor(private readonly table: Int32Array, private readonly always: number) {}

  /** The groups some expression of which may match `text` (a bit per group); 0 when none can. */
  candidates(text: string): number {
    const n = text.length;
    let mask = this.always;
    if (n < MIN) return mask;
    const table = this.table;
    let code = (codeOf(text.charCodeAt(0)) << 5) | codeOf(text.charCodeAt(1));
    for (let i = 2; i < n; i++) {
      code = ((code << 5) & 0x7fff) | codeOf(text.charCodeAt(i));
      mask |= table[code]!;
    }
    return mask;
  }
}

/** The three characters the prefilter looks for, one per required literal; null when some expression has none. */
export function lookedFor(expressions: readonly RegExp[], usual: readonly string[] = []): string[] | null {
  common = trigramCounts(usual);
  try {
    const out: string[] = [];
    for (const re of expressions) {
      const literals = requiredLiterals(re);
      if (literals === null) return null;
      for (const l of literals) {
        const { at } = rarest(l);
        out.push(l.slice(at, at + MIN));
      }
    }
    return out;
  } finally {
    common = new Map();
  }
}
