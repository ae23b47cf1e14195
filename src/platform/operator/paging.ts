/**
 * Keyset paging for the operator API's lists (the console's contract: `?limit=` default 50,
 * at most 200, `?cursor=` opaque; answers `{ <items>: [...], nextCursor }`). A cursor is the
 * sort key of the last item answered, as base64url JSON: the next page starts strictly after
 * it, so a walk never repeats or skips an item while rows are added, and no query uses OFFSET.
 */
import { z } from 'zod';
import { OperatorFailure } from './errors.ts';

export const DEFAULT_LIMIT = 50;
export const MAX_LIMIT = 200;

/** `limit` and `cursor` of a list's query string (extend it with the list's own filters). */
export const PageQuery = z.object({
  limit: z.coerce.number().int().min(1).max(MAX_LIMIT).optional().describe(`items per page (default ${DEFAULT_LIMIT}, at most ${MAX_LIMIT})`),
  cursor: z.string().max(1000).optional().describe('nextCursor of the previous page'),
});

/** The cursor of an item's sort key (strings and numbers, in sort order). */
export function encodeCursor(key: readonly (string | number)[]): string {
  return Buffer.from(JSON.stringify(key)).toString('base64url');
}

/**
 * The sort key of a cursor this API gave, checked against the shape the list expects
 * (`kinds`, one per member); anything else is a 400, never a query on garbage.
 */
export function decodeCursor(raw: string | undefined, kinds: readonly ('string' | 'number')[]): (string | number)[] | null {
  if (raw === undefined || raw === '') return null;
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
  } catch {
    key = null;
  }
  if (!Array.isArray(key) || key.length !== kinds.length || key.some((v, i) => typeof v !== kinds[i] || (typeof v === 'number' && !Number.isFinite(v)))) {
    throw new OperatorFailure(400, 'invalid_request', 'cursor is not one this API gave: pass nextCursor of the previous page');
  }
  return key as (string | number)[];
}

/**
 * One page from rows fetched with `limit + 1` (the extra row only says whether a next page
 * exists): the first `limit` rows and the cursor after the last of them.
 */
export function pageOf<T>(rows: T[], limit: number, keyOf: (row: T) => readonly (string | number)[]): { items: T[]; nextCursor: string | null } {
  if (rows.length <= limit) return { items: rows, nextCursor: null };
  const items = rows.slice(0, limit);
  return { items, nextCursor: encodeCursor(keyOf(items[items.length - 1]!)) };
}

export const NextCursor = z.string().nullable().describe('Pass as ?cursor= for the next page; null on the last page');

export function limitOf(q: { limit?: number }): number {
  return q.limit ?? DEFAULT_LIMIT;
}
