/**
 * The knowledge compiler (npm run build:categorizer runs it, build.ts). Compiles the written knowledge (knowledge/merchants/*.jsonl, knowledge/lexicon/*.jsonl; the
 * format is in knowledge/README.md) into src/enrich/engine/knowledge.json, then trains the
 * model (train.ts) on examples generated from it and from the sandbox generator, into
 * src/enrich/engine/model.json. Every line is validated against the taxonomy
 * (src/enrich/engine/taxonomy.ts); a bad line stops the build with its file and line number.
 * Output bytes depend only on the inputs (files and lines read in sorted order, keys sorted),
 * and a test checks that the shipped files are exactly what this script writes.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { fold } from '../../src/enrich/engine/text.ts';
import { isKnownCategory, categoryKey } from '../../src/enrich/engine/taxonomy.ts';
import type { KnowledgeFile } from '../../src/enrich/engine/knowledge.ts';

const ROOT = new URL('../../', import.meta.url);
const CODES = new Set(['AB', 'BC', 'MB', 'NB', 'NL', 'NS', 'NT', 'NU', 'ON', 'PE', 'QC', 'SK', 'YT',
  'AL', 'AK', 'AZ', 'AR', 'CA', 'CO', 'CT', 'DE', 'DC', 'FL', 'GA', 'HI', 'ID', 'IL', 'IN', 'IA', 'KS', 'KY', 'LA', 'ME', 'MD', 'MA', 'MI', 'MN', 'MS', 'MO',
  'MT', 'NE', 'NV', 'NH', 'NJ', 'NM', 'NY', 'NC', 'ND', 'OH', 'OK', 'OR', 'PA', 'RI', 'SC', 'SD', 'TN', 'TX', 'UT', 'VT', 'VA', 'WA', 'WV', 'WI', 'WY', 'PR']);

export class KnowledgeError extends Error {}

export interface MerchantLine {
  name: string;
  category: string;
  subcategory: string;
  aliases: string[];
  fr: string[];
  country: string;
  region?: string;
  trade: string;
  credit?: string;
}

export interface LexiconLine {
  category: string;
  subcategory: string;
  lang: 'en' | 'fr';
  direction?: 'debit' | 'credit';
  terms: string[];
}

export interface Source<T> {
  file: string;
  line: number;
  value: T;
}

/** The JSON lines of every .jsonl file in `dir` (relative to the repository), in name order. */
export function readLines(dir: string): Source<Record<string, unknown>>[] {
  const base = dir.startsWith('/') ? pathToFileURL(dir.endsWith('/') ? dir : dir + '/') : new URL(dir.endsWith('/') ? dir : dir + '/', ROOT);
  let files: string[];
  try {
    files = readdirSync(base).filter((f) => f.endsWith('.jsonl')).sort();
  } catch {
    return [];
  }
  const out: Source<Record<string, unknown>>[] = [];
  for (const f of files) {
    const text = readFileSync(new URL(f, base), 'utf8');
    const file = `${dir}/${f}`;
    text.split('\n').forEach((raw, i) => {
      if (raw.trim() === '') return;
      let value: unknown;
      try {
        value = JSON.parse(raw);
      } catch (e) {
        throw new KnowledgeError(`${file}:${i + 1}: not JSON (${(e as Error).message})`);
      }
      if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new KnowledgeError(`${file}:${i + 1}: not a JSON object`);
      out.push({ file, line: i + 1, value: value as Record<string, unknown> });
    });
  }
  return out;
}

const isStringArray = (v: unknown): v is string[] => Array.isArray(v) && v.every((x) => typeof x === 'string');

export function validateMerchant(s: Source<Record<string, unknown>>): MerchantLine {
  const v = s.value;
  const at = `${s.file}:${s.line}`;
  const fail = (why: string): never => { throw new KnowledgeError(`${at}: ${why}`); };
  for (const k of ['name', 'category', 'subcategory', 'country', 'trade']) if (typeof v[k] !== 'string' || (v[k] as string).trim() === '') fail(`"${k}" must be a non-empty string`);
  if (!isStringArray(v.aliases)) fail('"aliases" must be an array of strings');
  if (!isStringArray(v.fr)) fail('"fr" must be an array of strings');
  if (!isKnownCategory(v.category as string, v.subcategory as string)) fail(`"${v.category} / ${v.subcategory}" is not in the taxonomy`);
  if (!/^(CA|US|CA,US|US,CA)$/.test(v.country as string)) fail(`"country" must be CA, US or CA,US (got "${v.country}")`);
  if (v.region !== undefined) {
    if (typeof v.region !== 'string' || v.region.split(',').some((r) => !CODES.has(r.trim()))) fail(`"region" must be province or state codes separated by commas (got ${JSON.stringify(v.region)})`);
  }
  if (v.credit !== undefined) {
    const [p, sub] = typeof v.credit === 'string' ? v.credit.split('/') : [];
    if (!p || !sub || !isKnownCategory(p, sub)) fail(`"credit" must be "Primary/Sub" from the taxonomy (got ${JSON.stringify(v.credit)})`);
  }
  const known = new Set(['name', 'category', 'subcategory', 'aliases', 'fr', 'country', 'region', 'trade', 'credit']);
  for (const k of Object.keys(v)) if (!known.has(k)) fail(`unknown key "${k}"`);
  return v as unknown as MerchantLine;
}

export function validateLexicon(s: Source<Record<string, unknown>>): LexiconLine {
  const v = s.value;
  const fail = (why: string): never => { throw new KnowledgeError(`${s.file}:${s.line}: ${why}`); };
  if (typeof v.category !== 'string' || typeof v.subcategory !== 'string' || !isKnownCategory(v.category, v.subcategory)) fail(`"${v.category} / ${v.subcategory}" is not in the taxonomy`);
  if (v.lang !== 'en' && v.lang !== 'fr') fail('"lang" must be "en" or "fr"');
  if (v.direction !== undefined && v.direction !== 'debit' && v.direction !== 'credit') fail('"direction" must be "debit" or "credit" when present');
  if (!isStringArray(v.terms) || v.terms.length === 0) fail('"terms" must be a non-empty array of strings');
  for (const t of v.terms as string[]) {
    const f = fold(t.replace(/\*$/, ''));
    if (f === '') fail(`term ${JSON.stringify(t)} is empty once folded`);
    if (t.endsWith('*') && (f.includes(' ') || f.length < 4)) fail(`prefix term ${JSON.stringify(t)} must be one word of at least 4 letters`);
  }
  const known = new Set(['category', 'subcategory', 'lang', 'direction', 'terms', 'note']);
  for (const k of Object.keys(v)) if (!known.has(k)) fail(`unknown key "${k}"`);
  return v as unknown as LexiconLine;
}

/**
 * The ways a name can be printed: folded as is, hyphens as spaces, hyphens and spaces removed
 * ("WAL-MART", "WAL MART", "WALMART"), without a leading "THE".
 */
export function aliasForms(name: string): string[] {
  const f = fold(name);
  if (!f) return [];
  const forms = new Set([f, f.replaceAll('-', ' '), f.replaceAll('-', '')]);
  const words = f.replaceAll('-', ' ').split(' ');
  if (words.length > 1 && words.join('').length >= 6) forms.add(words.join(''));
  for (const x of [...forms]) if (x.startsWith('THE ') && x.length > 8) forms.add(x.slice(4));
  return [...forms].filter((x) => x.length >= 2);
}

export function compileKnowledge(merchantsDir = 'knowledge/merchants', lexiconDir = 'knowledge/lexicon'): { file: KnowledgeFile; warnings: string[] } {
  const warnings: string[] = [];
  const merchants = readLines(merchantsDir).map((s) => ({ ...s, value: validateMerchant(s) }));
  const lexicon = readLines(lexiconDir).map((s) => ({ ...s, value: validateLexicon(s) }));
  const labels = new Set<string>();
  for (const m of merchants) {
    labels.add(categoryKey(m.value.category, m.value.subcategory));
    if (m.value.credit) labels.add(m.value.credit);
  }
  for (const l of lexicon) labels.add(categoryKey(l.value.category, l.value.subcategory));
  const categories = [...labels].sort();
  const index = new Map(categories.map((c, i) => [c, i]));

  // Merchants in a stable order (name, then file and line), so indexes do not depend on file layout.
  merchants.sort((a, b) => (a.value.name < b.value.name ? -1 : a.value.name > b.value.name ? 1 : a.file < b.file ? -1 : a.file > b.file ? 1 : a.line - b.line));
  const rows: KnowledgeFile['merchants'] = [];
  const aliases = new Map<string, number[]>();
  merchants.forEach((m, i) => {
    const v = m.value;
    const country = v.country.split(',').sort().join(',');
    rows.push([v.name, index.get(categoryKey(v.category, v.subcategory))!, v.credit ? index.get(v.credit)! : -1, country, (v.region ?? '').split(',').map((r) => r.trim()).filter(Boolean).join(',')]);
    // A one-word name is matched only when the aliases list it too: "Maple" (a virtual clinic) must not name every "MAPLE ..." on a statement.
    const name = fold(v.name).includes(' ') ? [v.name] : [];
    const forms = new Set([...name, ...v.aliases, ...v.fr].flatMap(aliasForms));
    for (const form of forms) {
      const list = aliases.get(form) ?? [];
      if (list.length > 0) {
        const other = merchants[list[0]!]!;
        if (other.value.category !== v.category || other.value.subcategory !== v.subcategory) warnings.push(`${m.file}:${m.line}: "${form}" also names ${other.value.name} (${other.file}:${other.line}) with another category; the region or country decides`);
      }
      list.push(i);
      aliases.set(form, list);
    }
  });

  const keywords: KnowledgeFile['keywords'] = [];
  const keywordAt = new Map<string, [number, string, number]>();
  for (const l of lexicon) {
    const v = l.value;
    const direction = v.direction === 'debit' ? 1 : v.direction === 'credit' ? 2 : 0;
    for (const t of v.terms) {
      const key = t.endsWith('*') ? fold(t.slice(0, -1)) + '*' : fold(t);
      // The same term may mean one thing paid and another received; twice for the same money is a contradiction.
      // The same word in English and French for one category is listed once.
      const cat = index.get(categoryKey(v.category, v.subcategory))!;
      const prev = keywordAt.get(key);
      if (prev && prev[2] === cat && prev[0] === direction) continue;
      if (prev && (prev[0] === 0 || direction === 0 || prev[0] === direction)) throw new KnowledgeError(`${l.file}:${l.line}: term ${JSON.stringify(t)} already listed at ${prev[1]} for another category`);
      keywordAt.set(key, [direction, `${l.file}:${l.line}`, cat]);
      keywords.push([key, cat, direction, v.lang]);
    }
  }
  keywords.sort((x, y) => (x[0] < y[0] ? -1 : x[0] > y[0] ? 1 : x[2] - y[2]));
  const sortedAliases: Record<string, number[]> = {};
  for (const k of [...aliases.keys()].sort()) sortedAliases[k] = aliases.get(k)!;
  return { file: { version: 1, categories, merchants: rows, aliases: sortedAliases, keywords }, warnings };
}

export function knowledgeBytes(file: KnowledgeFile): string {
  return JSON.stringify(file) + '\n';
}

