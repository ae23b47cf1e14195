/**
 * The last step every parser shares: transactions in date order and stable ids.
 *
 * Order: ascending by date. A document listed newest first is reversed before the (stable) sort,
 * so transactions of the same day keep the document's chronological order.
 *
 * Ids: the document's own id (FITID, bank reference, AcctSvcrRef...) when it is unique within the
 * statement; otherwise a digest of account, date, amount, description and the occurrence index
 * among identical transactions, so the same file parsed twice gives the same ids.
 */
import { createHash } from 'node:crypto';
import type { StatementTransaction } from './model.ts';

/**
 * A transaction before ordering and ids: `id` holds the document's own id, or '' when it has none.
 * finishTransactions completes these objects in place (no copies: they can be millions).
 */
export type DraftTransaction = StatementTransaction;

export function orderByDate<T extends { date: string }>(list: T[]): T[] {
  if (list.length < 2) return list;
  if (list[0]!.date > list[list.length - 1]!.date) list.reverse();
  for (let i = 1; i < list.length; i++) {
    if (list[i - 1]!.date > list[i]!.date) {
      list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
      break;
    }
  }
  return list;
}

export function digestId(account: string, t: { date: string; amountCents: number; description: string }, occurrence: number): string {
  return 'h' + createHash('sha1').update(`${account}\u0000${t.date}\u0000${t.amountCents}\u0000${t.description}\u0000${occurrence}`).digest('hex').slice(0, 16);
}

/** The document ids that occur more than once. */
export function repeatedIds(drafts: readonly { id: string }[]): Set<string> {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const d of drafts) {
    if (!d.id) continue;
    if (seen.has(d.id)) repeated.add(d.id);
    else seen.add(d.id);
  }
  return repeated;
}

export function finishTransactions(account: string, drafts: DraftTransaction[]): StatementTransaction[] {
  orderByDate(drafts);
  const repeated = repeatedIds(drafts);
  if (!repeated.size && drafts.every((d) => d.id)) return drafts;
  // Own ids that stay are taken first, so a digest can never take an id the document gave another transaction.
  const used = new Set<string>();
  for (const d of drafts) if (d.id && !repeated.has(d.id)) used.add(d.id);
  const occurrences = new Map<string, number>();
  for (const d of drafts) {
    if (d.id && !repeated.has(d.id)) continue;
    if (d.id && d.reference === undefined) d.reference = d.id; // a repeated document id is kept, but cannot be the id
    const key = `${d.date}\u0000${d.amountCents}\u0000${d.description}`;
    const k = occurrences.get(key) ?? 0;
    occurrences.set(key, k + 1);
    let id = digestId(account, d, k);
    for (let n = 2; used.has(id); n++) id = `${digestId(account, d, k)}-${n}`;
    used.add(id);
    d.id = id;
  }
  return drafts;
}
