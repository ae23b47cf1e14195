/**
 * npm run train:categorizer (also run by npm run build:categorizer)
 *
 * Trains the categorizer's model, multinomial naive Bayes, from labelled transactions the
 * repository itself produces, and chooses the confidence below which it abstains:
 *  - the sandbox generator's personas, on training seeds that no test uses, with their true
 *    labels read through truth.ts;
 *  - descriptions generated from the merchant knowledge base (knowledge/merchants) and the
 *    keyword lexicon (knowledge/lexicon), printed in many banks' and card networks' formats.
 * One merchant in ten (by a hash of its name) and one lexicon term in ten are held apart: the
 * model is trained without them, and the threshold is the lowest confidence at which the
 * model's answers on the held-apart descriptions are right at least `TARGET_PRECISION` of the
 * time. The evaluation set (eval/categorizer) is never read here.
 * Writes src/enrich/engine/model.json (counts and threshold, sorted keys: the same inputs always
 * give the same bytes; a test checks the shipped file is reproducible). Nothing is downloaded.
 */
import { writeFileSync } from 'node:fs';
import { generateLogin, PERSONAS } from '../../src/sandbox/generator/index.ts';
import { modelFeatures } from '../../src/enrich/engine/categorize.ts';
import { NaiveBayes, train, type ModelCounts } from '../../src/enrich/engine/model.ts';
import { normalize } from '../../src/enrich/engine/normalize.ts';
import { hashString } from '../../src/sandbox/generator/random.ts';
import { compileKnowledge } from './compile.ts';
import { truthOf } from './truth.ts';

export const TRAINING_SEEDS = Array.from({ length: 16 }, (_, i) => `train-${i + 1}`);
const MIN_TOKEN_COUNT = 2;

/** Lines whose category only the login's context can tell (rent paid by e-Transfer, a business's customers...). */
const CONTEXT_ONLY = /^(E-TRANSFER|INTERAC E-TRANSFER|VIREMENT INTERAC|CHEQUE|MOBILE|DEPOT MOBILE)/;

/** Categories only the login decides (a business's insurance and customers): the model never predicts them. */
const CONTEXT_LABELS = new Set(['Business Insurance', 'Customer Payments', 'Owner Draw']);
/** A business's rent reads like rent: the model learns it as rent, the login's context makes it commercial. */
const AS_TRAINED: Record<string, string> = { 'Home/Commercial Rent': 'Home/Rent' };

export function* generatorExamples(): Generator<{ features: string[]; label: string }> {
  for (const persona of PERSONAS) {
    // Businesses differ by industry (suppliers, processors): more of them so that every industry is seen.
    const seeds = persona === 'business' ? [...TRAINING_SEEDS, ...TRAINING_SEEDS.map((s) => `${s}-b`), ...TRAINING_SEEDS.map((s) => `${s}-c`)] : TRAINING_SEEDS;
    for (const seed of seeds) {
      const login = generateLogin({ seed, persona, startDate: '2024-01-01', endDate: '2025-01-31' });
      for (const account of login.accounts) {
        for (const t of account.transactions) {
          if (CONTEXT_ONLY.test(t.description.toUpperCase())) continue;
          const [primary, sub] = truthOf(t.label);
          if (CONTEXT_LABELS.has(sub)) continue;
          yield { features: modelFeatures(normalize(t.description), (t.creditCents ?? 0) > 0 ? 'credit' : 'debit'), label: AS_TRAINED[`${primary}/${sub}`] ?? `${primary}/${sub}` };
        }
      }
    }
  }
}

/** Bank and card-network framings the knowledge's names are printed in (facts of how statements read). */
const FORMATS: ((m: string, n: number) => string)[] = [
  (m) => m,
  (m, n) => `POS PURCHASE ${m} #${n % 9000 + 100}`,
  (m, n) => `INTERAC PURCHASE - ${n % 9000 + 1000} ${m}`,
  (m, n) => `Contactless Interac purchase - ${n % 9000 + 1000} ${m}`,
  (m, n) => `${m} #${n % 900 + 10} TORONTO ON`,
  (m, n) => `ACHAT INTERAC ${m} ${n % 9000 + 1000}`,
  (m) => `Achat direct ${m}`,
  (m) => `PAIEMENT DIRECT ${m}`,
  (m) => `Paiement facture - ${m}`,
  (m) => `Prélèvement - ${m}`,
  (m, n) => `DEBIT CARD PURCHASE ${m} ${n % 90 + 10}/${n % 28 + 1} NEW YORK NY`,
  (m) => `PRE-AUTHORIZED DEBIT ${m}`,
  (m) => `${m} _F`,
  (m) => `${m} _V`,
  (m, n) => `[DN]${m} ${n % 9000}`,
  (m) => `ACH DEBIT ${m}`,
  (m) => `ONLINE BILL PMT ${m}`,
  (m, n) => `${m} ${n % 900 + 100}-${n % 9000 + 1000} MONTREAL QC`,
  (m, n) => `SQ *${m} ${n % 9000}`,
  (m) => `TST* ${m}`,
];
const CREDIT_FORMATS: ((m: string) => string)[] = [(m) => `DIRECT DEPOSIT ${m}`, (m) => `Dépôt direct - ${m}`, (m) => `EFT CREDIT ${m}`, (m) => `ACH CREDIT ${m}`, (m) => `${m} DEP`];

/** Held apart from training, to choose the threshold: one in ten by a hash of the name. */
const heldApart = (name: string) => hashString(`held:${name}`) % 10 === 0;

interface Labelled {
  description: string;
  direction: 'debit' | 'credit';
  label: string;
}

/** Descriptions of the knowledge base's merchants and the lexicon's terms, in many banks' formats. */
export function knowledgeDescriptions(): { train: Labelled[]; held: Labelled[] } {
  const { file } = compileKnowledge();
  const trainSet: Labelled[] = [];
  const held: Labelled[] = [];
  const names = new Map<number, string[]>();
  for (const [alias, ids] of Object.entries(file.aliases)) {
    for (const id of ids) {
      const list = names.get(id) ?? [];
      list.push(alias);
      names.set(id, list);
    }
  }
  file.merchants.forEach(([name, cat, credit], id) => {
    const out = heldApart(name) ? held : trainSet;
    const forms = (names.get(id) ?? []).sort();
    forms.forEach((form, k) => {
      const h = hashString(`${name}|${form}`);
      if (k < 3) out.push({ description: FORMATS[h % FORMATS.length]!(form, h), direction: 'debit', label: file.categories[cat]! });
      if (credit >= 0 && k < 2) out.push({ description: CREDIT_FORMATS[h % CREDIT_FORMATS.length]!(form), direction: 'credit', label: file.categories[credit]! });
    });
  });
  for (const [term, cat, direction] of file.keywords) {
    const word = term.replace(/\*$/, '');
    const out = heldApart(term) ? held : trainSet;
    const h = hashString(`kw|${term}`);
    const d = direction === 2 ? 'credit' : 'debit';
    const text = d === 'credit' ? CREDIT_FORMATS[h % CREDIT_FORMATS.length]!(`NORTHERN ${word}`) : FORMATS[h % FORMATS.length]!(`${word} ${['MAPLE', 'SUMMIT', 'RIVERSIDE', 'CENTRAL', 'GRAND'][h % 5]}`, h);
    out.push({ description: text, direction: d, label: file.categories[cat]! });
  }
  return { train: trainSet, held };
}

export function* trainingExamples(): Generator<{ features: string[]; label: string }> {
  yield* generatorExamples();
  for (const l of knowledgeDescriptions().train) yield { features: modelFeatures(normalize(l.description), l.direction), label: l.label };
}

/** The share of the model's answers that must be right, on held-apart data, for it to answer rather than abstain. */
export const TARGET_PRECISION = 0.9;

/** Precision and coverage of the model alone on the held-apart descriptions, per threshold; and the threshold chosen. */
export function thresholdReport(counts: ModelCounts): { threshold: number; rows: { threshold: number; precision: number; coverage: number }[] } {
  const model = new NaiveBayes(counts);
  const predictions = knowledgeDescriptions().held.map((l) => {
    const p = model.predict(modelFeatures(normalize(l.description), l.direction));
    return { confidence: p.features.length === 0 ? 0 : p.confidence, right: p.label === l.label };
  });
  const rows: { threshold: number; precision: number; coverage: number }[] = [];
  let threshold = 0.99;
  for (let t = 0.5; t <= 0.99 + 1e-9; t += 0.01) {
    const th = Math.round(t * 100) / 100;
    const accepted = predictions.filter((p) => p.confidence >= th);
    const precision = accepted.length === 0 ? 1 : accepted.filter((p) => p.right).length / accepted.length;
    rows.push({ threshold: th, precision: Math.round(precision * 1000) / 1000, coverage: Math.round((accepted.length / predictions.length) * 1000) / 1000 });
  }
  const first = rows.find((r) => r.precision >= TARGET_PRECISION);
  if (first) threshold = first.threshold;
  return { threshold, rows };
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
  counts.threshold = thresholdReport(counts).threshold;
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
