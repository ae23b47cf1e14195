/**
 * Fraud and consistency signals of uploaded documents, and the verdict they add up to.
 *
 * Signal types are the names Flinks documents (docs.flinks.com/guides/upload/fraud-signals) plus
 * "Duplicate statement", which Flinks does not list (our extension, docs/compatibility.md).
 * Each signal carries the evidence found: what kind (SpecificType), the value and where.
 */

export type SignalType =
  | 'Editing software detected'
  | 'Unusual document source'
  | 'Account information edits'
  | 'Dollar amount edits'
  | 'Date edits'
  | 'Description edits'
  | 'Misaligned text'
  | 'Unreconciled balances'
  | 'Missing transaction data'
  | 'Empty transaction data'
  | 'Duplicate statement';

export type DataType = 'Metadata' | 'Date' | 'Amount' | 'Text' | 'Font' | 'Position' | 'File';

export interface Evidence {
  specificType: string;
  value: string;
  dataType: DataType;
  /** Page of this piece of evidence (1-based), when it is on a page. */
  page?: number;
}

export interface FraudSignal {
  type: SignalType;
  evidence: Evidence[];
}

export type Verdict = 'Trust' | 'Normal' | 'Warning' | 'High Risk';

const RANK: Record<Verdict, number> = { Trust: 0, Normal: 1, Warning: 2, 'High Risk': 3 };

/**
 * How much each piece of evidence weighs. Edits and a balance chain that does not add up are
 * what a forger leaves; an unknown producer or a misaligned cell is also what a print-to-PDF
 * leaves (Flinks warns of those false positives), so they only warn.
 */
export function severity(type: SignalType, specificType: string): Verdict {
  switch (type) {
    case 'Editing software detected':
    case 'Account information edits':
    case 'Dollar amount edits':
    case 'Date edits':
    case 'Description edits':
    case 'Unreconciled balances':
      return 'High Risk';
    case 'Duplicate statement':
      return specificType === 'ConflictingContent' ? 'High Risk' : 'Normal';
    case 'Empty transaction data':
      return 'Normal';
    case 'Unusual document source':
    case 'Misaligned text':
    case 'Missing transaction data':
      return 'Warning';
  }
}

export function worst(verdicts: Verdict[]): Verdict {
  return verdicts.reduce<Verdict>((a, b) => (RANK[b] > RANK[a] ? b : a), 'Trust');
}

export function verdictOf(signals: FraudSignal[]): Verdict {
  return worst(signals.flatMap((s) => s.evidence.map((e) => severity(s.type, e.specificType))));
}

/** Groups evidence into one signal per type, in the order types were first seen. */
export function collect(evidence: { type: SignalType; evidence: Evidence }[]): FraudSignal[] {
  const byType = new Map<SignalType, Evidence[]>();
  for (const e of evidence) {
    const list = byType.get(e.type) ?? [];
    list.push(e.evidence);
    byType.set(e.type, list);
  }
  return [...byType].map(([type, ev]) => ({ type, evidence: ev }));
}
