/**
 * The categorizer's statistical model: multinomial naive Bayes over the words of the
 * description (plus the direction of the money), trained at build time by
 * `npm run train:categorizer` from labelled data the repository contains (the sandbox
 * generator's true labels) and stored as counts in model.json. It decides what no rule
 * knows; its explanation is the words that weighed most for the class it chose.
 */
import { readFileSync } from 'node:fs';

export interface ModelCounts {
  version: number;
  alpha: number;
  classes: string[];
  /** Documents per class. */
  documents: number[];
  /** Token occurrences per class. */
  tokenTotals: number[];
  /** token -> [classIndex, count, classIndex, count, ...] */
  tokens: Record<string, number[]>;
  /** Below this posterior the categorizer does not take the model's answer (chosen on held-apart data by the training script). */
  threshold?: number;
}

export interface Prediction {
  /** "Primary/Sub" */
  label: string;
  /** Posterior probability of the chosen class among all classes. */
  confidence: number;
  /** The words that pushed most towards the chosen class, with their log-likelihood ratio. */
  features: [string, number][];
}

export class NaiveBayes {
  private readonly logPrior: Float64Array;
  private readonly logUnseen: Float64Array;
  private readonly logLikelihood = new Map<string, Float64Array>();

  constructor(readonly counts: ModelCounts) {
    const k = counts.classes.length;
    const vocabulary = Object.keys(counts.tokens).length;
    const docs = counts.documents.reduce((a, b) => a + b, 0);
    this.logPrior = new Float64Array(k);
    this.logUnseen = new Float64Array(k);
    for (let c = 0; c < k; c++) {
      this.logPrior[c] = Math.log((counts.documents[c]! + 1) / (docs + k));
      this.logUnseen[c] = Math.log(counts.alpha / (counts.tokenTotals[c]! + counts.alpha * vocabulary));
    }
    for (const [token, pairs] of Object.entries(counts.tokens)) {
      const row = this.logUnseen.slice();
      for (let i = 0; i < pairs.length; i += 2) {
        const c = pairs[i]!;
        row[c] = Math.log((pairs[i + 1]! + counts.alpha) / (counts.tokenTotals[c]! + counts.alpha * vocabulary));
      }
      this.logLikelihood.set(token, row);
    }
  }

  predict(features: string[]): Prediction {
    const k = this.logPrior.length;
    // A copy of the priors (slice copies the memory; from() would walk an iterator).
    const score = this.logPrior.slice();
    const rows: [string, Float64Array][] = [];
    for (const f of features) {
      const row = this.logLikelihood.get(f);
      if (!row) continue; // a word never seen in training says nothing
      rows.push([f, row]);
      for (let c = 0; c < k; c++) score[c]! += row[c]!;
    }
    let best = 0;
    for (let c = 1; c < k; c++) if (score[c]! > score[best]!) best = c;
    let total = 0;
    for (let c = 0; c < k; c++) total += Math.exp(score[c]! - score[best]!);
    const features_: [string, number][] = rows
      .map(([f, row]): [string, number] => {
        let others = -Infinity;
        for (let c = 0; c < k; c++) if (c !== best && row[c]! > others) others = row[c]!;
        return [f, Math.round((row[best]! - others) * 100) / 100];
      })
      .sort((a, b) => b[1] - a[1])
      .slice(0, 3);
    return { label: this.counts.classes[best]!, confidence: 1 / total, features: features_ };
  }
}

let cached: NaiveBayes | null = null;

/** The trained model shipped with Maplelink (model.json beside this file). */
export function shippedModel(): NaiveBayes {
  if (!cached) cached = new NaiveBayes(JSON.parse(readFileSync(new URL('./model.json', import.meta.url), 'utf8')) as ModelCounts);
  return cached;
}

/** Counts a model from labelled examples (the training script and its reproducibility test use it). */
export function train(examples: Iterable<{ features: string[]; label: string }>, alpha = 0.1): ModelCounts {
  const classIndex = new Map<string, number>();
  const documents: number[] = [];
  const tokenTotals: number[] = [];
  const tokens = new Map<string, Map<number, number>>();
  for (const { features, label } of examples) {
    let c = classIndex.get(label);
    if (c === undefined) {
      c = classIndex.size;
      classIndex.set(label, c);
      documents.push(0);
      tokenTotals.push(0);
    }
    documents[c]!++;
    for (const f of features) {
      tokenTotals[c]!++;
      let m = tokens.get(f);
      if (!m) tokens.set(f, (m = new Map<number, number>()));
      m.set(c, (m.get(c) ?? 0) + 1);
    }
  }
  // Sorted keys: the same examples always give byte-identical JSON.
  const out: Record<string, number[]> = {};
  for (const t of [...tokens.keys()].sort()) out[t] = [...tokens.get(t)!].sort((a, b) => a[0] - b[0]).flat();
  return { version: 1, alpha, classes: [...classIndex.keys()], documents, tokenTotals, tokens: out };
}
