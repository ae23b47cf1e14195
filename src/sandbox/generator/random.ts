// Seeded randomness without a running stream.
//
// Every draw is a pure function of (seed, stream name, day number, slot), so the values used
// on a given day never depend on how many draws were made on earlier days. That is what keeps
// a history stable when the end date moves forward (prefix stability).

/** murmur3 finaliser: a good 32-bit avalanche. */
export function fmix32(x: number): number {
  let h = x >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** 32-bit hash of a string (FNV-1a over UTF-16 code units, then finalised). */
export function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix32(h);
}

/** Combines two 32-bit values into one hash (order matters). */
export function combine(a: number, b: number): number {
  return fmix32((a ^ Math.imul((b >>> 0) + 0x9e3779b9, 0x85ebca6b)) + 0x27d4eb2f);
}

const streamCache = new Map<string, number>();
function streamHash(name: string): number {
  let h = streamCache.get(name);
  if (h === undefined) {
    h = hashString(name);
    streamCache.set(name, h);
  }
  return h;
}

/**
 * A small deterministic source of numbers for one (seed, stream, day).
 * Successive calls use successive slots 0, 1, 2...
 */
export class Draws {
  private slot = 0;
  private readonly base: number;

  constructor(seedHash: number, stream: string, day: number) {
    this.base = combine(combine(seedHash, streamHash(stream)), day | 0);
  }

  /** Uniform in [0, 1). */
  next(): number {
    const h = fmix32(this.base + Math.imul(++this.slot, 0x9e3779b9));
    return h / 4294967296;
  }

  /** Integer in [lo, hi], inclusive. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('pick from an empty list');
    return items[Math.floor(this.next() * items.length)]!;
  }

  /** Picks by weight; weights need not sum to 1. */
  weighted<T>(items: readonly (readonly [T, number])[]): T {
    let total = 0;
    for (const [, w] of items) total += w;
    let r = this.next() * total;
    for (const [item, w] of items) {
      r -= w;
      if (r < 0) return item;
    }
    return items[items.length - 1]![0];
  }

  /** Uniform amount of cents in [lo, hi]. */
  cents(lo: number, hi: number): number {
    return this.int(Math.round(lo), Math.round(hi));
  }

  /** Log-uniform amount of cents in [lo, hi]: many small amounts, a few large ones. */
  logCents(lo: number, hi: number): number {
    const a = Math.log(lo);
    const b = Math.log(hi);
    return Math.max(1, Math.round(Math.exp(a + (b - a) * this.next())));
  }

  /** Roughly normal around 1 with the given relative spread (sum of three uniforms). */
  jitter(spread: number): number {
    const u = (this.next() + this.next() + this.next()) / 3 - 0.5; // [-0.5, 0.5], peaked
    return 1 + u * 2 * spread;
  }

  /** Poisson-distributed count (inverse transform; fine for small means). */
  poisson(mean: number): number {
    if (mean <= 0) return 0;
    const limit = Math.exp(-mean);
    let k = 0;
    let p = this.next();
    while (p > limit && k < 50) {
      k++;
      p *= this.next();
    }
    return k;
  }

  /** A string of digits of the given length; the first digit is never 0. */
  digits(length: number): string {
    let s = String(this.int(1, 9));
    for (let i = 1; i < length; i++) s += String(this.int(0, 9));
    return s;
  }

  /** Upper-case alphanumeric reference such as "2K1AB3CD0". */
  ref(length: number): string {
    const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZ0123456789';
    let s = '';
    for (let i = 0; i < length; i++) s += alphabet[Math.floor(this.next() * alphabet.length)];
    return s;
  }
}
