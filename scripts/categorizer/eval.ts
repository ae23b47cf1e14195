/**
 * npm run eval:categorizer
 *
 * Runs the categorizer over the evaluation set (eval/categorizer/*.jsonl, written apart from
 * everything used to build or train it: see eval/categorizer/README.md) and prints accuracy per
 * primary category and per sub-category, the abstention rate and a confusion table; writes the
 * report into docs/categorization.md. A test (test/unit/enrich/categorizer-eval.test.ts) fails
 * when accuracy falls below the figures recorded there.
 *
 * Each line is categorized alone, as a login of one transaction on the account it names (a
 * credit card, or a deposit account; `business` accounts are a business login's).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { categorizeLogin } from '../../src/enrich/engine/categorize.ts';

const ROOT = new URL('../../', import.meta.url);

export interface EvalLine {
  description: string;
  amount: number;
  institution: string;
  account: 'chequing' | 'savings' | 'credit' | 'business';
  language: 'en' | 'fr';
  category: string;
  subcategory: string;
}

export interface EvalResult {
  n: number;
  primary: number;
  sub: number;
  abstentions: number;
  byPrimary: Map<string, { n: number; right: number }>;
  bySub: Map<string, { n: number; right: number }>;
  byInstitution: Map<string, { n: number; primary: number; sub: number }>;
  /** true primary -> predicted primary -> count */
  confusion: Map<string, Map<string, number>>;
  /** "true sub -> predicted sub" -> count, misses only */
  subMisses: Map<string, number>;
}

export function readEvalSet(dir = 'eval/categorizer'): EvalLine[] {
  const base = new URL(dir + '/', ROOT);
  let files: string[];
  try {
    files = readdirSync(base).filter((f) => f.endsWith('.jsonl')).sort();
  } catch {
    return [];
  }
  const out: EvalLine[] = [];
  for (const f of files) {
    readFileSync(new URL(f, base), 'utf8').split('\n').forEach((line, i) => {
      if (line.trim() === '') return;
      try {
        out.push(JSON.parse(line) as EvalLine);
      } catch (e) {
        throw new Error(`${dir}/${f}:${i + 1}: not JSON (${(e as Error).message})`);
      }
    });
  }
  return out;
}

const bump = <K>(m: Map<K, number>, k: K, by = 1) => m.set(k, (m.get(k) ?? 0) + by);

export function evaluate(lines: readonly EvalLine[]): EvalResult {
  const r: EvalResult = { n: 0, primary: 0, sub: 0, abstentions: 0, byPrimary: new Map(), bySub: new Map(), byInstitution: new Map(), confusion: new Map(), subMisses: new Map() };
  for (const l of lines) {
    const cents = Math.round(Math.abs(l.amount) * 100);
    const t = { accountId: 'a', date: '2026-01-15', description: l.description, debitCents: l.amount < 0 ? cents : null, creditCents: l.amount < 0 ? null : cents };
    const [c] = categorizeLogin([t], () => (l.account === 'credit' ? 'creditCard' : 'deposit'), { business: l.account === 'business' });
    const okPrimary = c!.primary === l.category;
    const okSub = okPrimary && c!.sub === l.subcategory;
    r.n++;
    if (okPrimary) r.primary++;
    if (okSub) r.sub++;
    if (c!.primary === 'Other' && c!.sub === 'Uncategorized') r.abstentions++;
    const p = r.byPrimary.get(l.category) ?? { n: 0, right: 0 };
    p.n++;
    if (okPrimary) p.right++;
    r.byPrimary.set(l.category, p);
    const subKey = `${l.category} / ${l.subcategory}`;
    const s = r.bySub.get(subKey) ?? { n: 0, right: 0 };
    s.n++;
    if (okSub) s.right++;
    r.bySub.set(subKey, s);
    const inst = r.byInstitution.get(l.institution) ?? { n: 0, primary: 0, sub: 0 };
    inst.n++;
    if (okPrimary) inst.primary++;
    if (okSub) inst.sub++;
    r.byInstitution.set(l.institution, inst);
    const row = r.confusion.get(l.category) ?? new Map<string, number>();
    bump(row, c!.primary);
    r.confusion.set(l.category, row);
    if (!okSub) bump(r.subMisses, `${subKey} → ${c!.primary} / ${c!.sub}`);
  }
  return r;
}

const pct = (a: number, n: number) => (n === 0 ? '—' : `${((a / n) * 100).toFixed(1)}%`);

/** The figures a test holds the categorizer to, as recorded in the report. */
export interface Recorded {
  n: number;
  primary: number;
  sub: number;
  abstentions: number;
}

export function figures(r: EvalResult): Recorded {
  const round = (x: number) => Math.floor(x * 1000) / 10;
  return { n: r.n, primary: round(r.primary / r.n), sub: round(r.sub / r.n), abstentions: Math.ceil((r.abstentions / r.n) * 1000) / 10 };
}

const RECORDED = /^Recorded: (\d+) lines, primary ([\d.]+)%, sub-category ([\d.]+)%, abstentions ([\d.]+)%\.$/m;

export function recordedFigures(markdown: string): Recorded | null {
  const m = RECORDED.exec(markdown);
  return m ? { n: Number(m[1]), primary: Number(m[2]), sub: Number(m[3]), abstentions: Number(m[4]) } : null;
}

export function report(r: EvalResult): string {
  const f = figures(r);
  const out: string[] = [];
  out.push('# Categorization accuracy', '');
  out.push('Written by `npm run eval:categorizer` (scripts/categorizer/eval.ts); do not edit by hand.', '');
  out.push('The evaluation set (`eval/categorizer/`, described in its README) is written apart from everything the categorizer is built or trained from: descriptions in the formats of Canadian and US banks and card issuers, labelled by [the labelling conventions](categorization-conventions.md) under the taxonomy of [attributes.md](attributes.md#transaction-categories). Each line is categorized alone. A test fails when a figure falls below the one recorded here.', '');
  out.push(`Recorded: ${f.n} lines, primary ${f.primary}%, sub-category ${f.sub}%, abstentions ${f.abstentions}%.`, '');
  out.push('Targets (issue 14): primary ≥ 95%, sub-category ≥ 85%, abstentions (`Other / Uncategorized`) ≤ 3%.', '');
  out.push('## By institution', '', '| Institution | Lines | Primary | Sub-category |', '|---|---:|---:|---:|');
  for (const [k, v] of [...r.byInstitution].sort((a, b) => (a[0] < b[0] ? -1 : 1))) out.push(`| ${k} | ${v.n} | ${pct(v.primary, v.n)} | ${pct(v.sub, v.n)} |`);
  out.push('', '## By primary category', '', '| Category | Lines | Accuracy |', '|---|---:|---:|');
  for (const [k, v] of [...r.byPrimary].sort((a, b) => (a[0] < b[0] ? -1 : 1))) out.push(`| ${k} | ${v.n} | ${pct(v.right, v.n)} |`);
  out.push('', '## By sub-category', '', '| Category / sub-category | Lines | Accuracy |', '|---|---:|---:|');
  for (const [k, v] of [...r.bySub].sort((a, b) => (a[0] < b[0] ? -1 : 1))) out.push(`| ${k} | ${v.n} | ${pct(v.right, v.n)} |`);
  const cols = [...new Set([...r.confusion.values()].flatMap((m) => [...m.keys()]).concat([...r.confusion.keys()]))].sort();
  out.push('', '## Confusion table (primary categories)', '', 'Rows: the label; columns: the categorizer\'s answer.', '');
  out.push(`| | ${cols.join(' | ')} |`, `|---|${cols.map(() => '---:').join('|')}|`);
  for (const row of [...r.confusion.keys()].sort()) out.push(`| **${row}** | ${cols.map((c) => r.confusion.get(row)!.get(c) ?? '').join(' | ')} |`);
  out.push('', '## Most frequent sub-category misses', '', '| Label → answer | Lines |', '|---|---:|');
  for (const [k, v] of [...r.subMisses].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).slice(0, 40)) out.push(`| ${k} | ${v} |`);
  out.push('');
  return out.join('\n');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const lines = readEvalSet();
  if (lines.length === 0) {
    process.stderr.write('eval:categorizer: no lines in eval/categorizer/*.jsonl\n');
    process.exit(1);
  }
  const r = evaluate(lines);
  const text = report(r);
  writeFileSync(new URL('docs/categorization.md', ROOT), text);
  process.stdout.write(text);
}
