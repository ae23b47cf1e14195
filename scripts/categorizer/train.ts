/**
 * npm run train:categorizer
 *
 * Trains the categorizer's model from labelled transactions the repository itself produces:
 * the sandbox generator's personas, on training seeds that no test uses, with their true
 * labels read through truth.ts. Writes src/enrich/engine/model.json (counts, sorted keys:
 * the same inputs always give the same bytes; a test checks the shipped file is reproducible).
 * Nothing is downloaded.
 */
import { writeFileSync } from 'node:fs';
import { generateLogin, PERSONAS } from '../../src/sandbox/generator/index.ts';
import { modelFeatures } from '../../src/enrich/engine/categorize.ts';
import { train, type ModelCounts } from '../../src/enrich/engine/model.ts';
import { fold } from '../../src/enrich/engine/text.ts';
import { truthOf } from './truth.ts';

export const TRAINING_SEEDS = Array.from({ length: 16 }, (_, i) => `train-${i + 1}`);
const MIN_TOKEN_COUNT = 2;

/** Lines whose category only the login's context can tell (rent paid by e-Transfer, a business's customers...). */
const CONTEXT_ONLY = /^(E-TRANSFER|INTERAC E-TRANSFER|VIREMENT INTERAC|CHEQUE|MOBILE|DEPOT MOBILE)/;

/** Categories only the login decides (a business's insurance and customers): the model never predicts them. */
const CONTEXT_LABELS = new Set(['Business Insurance', 'Customer Payments', 'Owner Draw']);
/** A business's rent reads like rent: the model learns it as rent, the login's context makes it commercial. */
const AS_TRAINED: Record<string, string> = { 'Home/Commercial Rent': 'Home/Rent' };

export function* trainingExamples(): Generator<{ features: string[]; label: string }> {
  for (const persona of PERSONAS) {
    // Businesses differ by industry (suppliers, processors): more of them so that every industry is seen.
    const seeds = persona === 'business' ? [...TRAINING_SEEDS, ...TRAINING_SEEDS.map((s) => `${s}-b`), ...TRAINING_SEEDS.map((s) => `${s}-c`)] : TRAINING_SEEDS;
    for (const seed of seeds) {
      const login = generateLogin({ seed, persona, startDate: '2024-01-01', endDate: '2025-01-31' });
      for (const account of login.accounts) {
        for (const t of account.transactions) {
          const folded = fold(t.description);
          if (CONTEXT_ONLY.test(folded)) continue;
          const [primary, sub] = truthOf(t.label);
          if (CONTEXT_LABELS.has(sub)) continue;
          yield { features: modelFeatures(folded, (t.creditCents ?? 0) > 0 ? 'credit' : 'debit'), label: AS_TRAINED[`${primary}/${sub}`] ?? `${primary}/${sub}` };
        }
      }
    }
  }
}

export function trainShippedModel(): ModelCounts {
  const counts = train(trainingExamples());
  // Words seen once are mostly reference codes and names: they only make the file larger.
  const totals = new Map<string, number>();
  for (const [token, pairs] of Object.entries(counts.tokens)) {
    let n = 0;
    for (let i = 1; i < pairs.length; i += 2) n += pairs[i]!;
    totals.set(token, n);
  }
  for (const [token, n] of totals) {
    if (n >= MIN_TOKEN_COUNT) continue;
    const pairs = counts.tokens[token]!;
    for (let i = 0; i < pairs.length; i += 2) counts.tokenTotals[pairs[i]!]! -= pairs[i + 1]!;
    delete counts.tokens[token];
  }
  return counts;
}

export function modelBytes(counts: ModelCounts): string {
  return JSON.stringify(counts) + '\n';
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const counts = trainShippedModel();
  const path = new URL('../../src/enrich/engine/model.json', import.meta.url);
  writeFileSync(path, modelBytes(counts));
  process.stderr.write(`model: ${counts.classes.length} classes, ${Object.keys(counts.tokens).length} words, ${counts.documents.reduce((a, b) => a + b, 0)} examples -> ${path.pathname}\n`);
}
