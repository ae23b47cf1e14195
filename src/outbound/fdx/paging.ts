/**
 * FDX paging (spec §5.8), pure: `limit` and an opaque `offset` cursor in,
 * `page.nextOffset`, `page.totalElements` and `links.next.href` out. The cursor
 * is the id (a GUID, as Flinks's look) of the first item of the next page, so a
 * walk sees every item once even while new ones are added. The last page
 * answers `nextOffset: ""` and a next link with an empty offset, as Flinks does.
 */
import { isGuid } from '../../platform/ids.ts';

export const DEFAULT_LIMIT = 1000;
export const MAX_LIMIT = 1000;

export type Parsed<T> = { ok: true; value: T } | { ok: false; reason: string };

/** A limit from the query: absent → the default; above the maximum → the maximum; anything else not a positive integer is refused. */
export function parseLimit(raw: unknown): Parsed<number> {
  if (raw === undefined || raw === '') return { ok: true, value: DEFAULT_LIMIT };
  const s = String(raw).trim();
  if (!/^\d+$/.test(s)) return { ok: false, reason: `limit must be a positive integer, got "${s}"` };
  const n = Number(s);
  if (n < 1) return { ok: false, reason: 'limit must be at least 1' };
  return { ok: true, value: Math.min(n, MAX_LIMIT) };
}

/** The cursor: absent or empty → from the start; else one of our ids. */
export function parseOffset(raw: unknown): Parsed<string | null> {
  if (raw === undefined || raw === '') return { ok: true, value: null };
  const s = String(raw).trim().toLowerCase();
  if (!isGuid(s)) return { ok: false, reason: `offset "${String(raw)}" is not a cursor this API gave` };
  return { ok: true, value: s };
}

export interface PageInfo {
  page: { nextOffset: string; totalElements: number };
  links: { next: { href: string } };
}

/** `base`: the absolute URL of the endpoint; `query`: the other parameters of the request, repeated in the next link. */
export function pageInfo(base: string, query: Record<string, string | undefined>, limit: number, nextOffset: string | null, total: number): PageInfo {
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined && v !== '' && k !== 'offset' && k !== 'limit') params.set(k, v);
  params.set('limit', String(limit));
  params.set('offset', nextOffset ?? '');
  return { page: { nextOffset: nextOffset ?? '', totalElements: total }, links: { next: { href: `${base}?${params.toString()}` } } };
}

/** Pages an in-memory list whose items have ids (accounts, payment networks, statements). */
export function pageOf<T>(items: T[], idOf: (t: T) => string, offset: string | null, limit: number): Parsed<{ items: T[]; nextOffset: string | null }> {
  let start = 0;
  if (offset !== null) {
    start = items.findIndex((t) => idOf(t).toLowerCase() === offset);
    if (start < 0) return { ok: false, reason: `offset "${offset}" does not name an item of this list` };
  }
  const slice = items.slice(start, start + limit);
  const next = items[start + limit];
  return { ok: true, value: { items: slice, nextOffset: next ? idOf(next) : null } };
}
