/**
 * FDX paging (docs.flinks.com/api/outbound/endpoints/fdx), pure: `limit` and an opaque `offset` cursor in,
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
export function parseLimit(raw: string | undefined): Parsed<number> {
  if (raw === undefined || raw === '') return { ok: true, value: DEFAULT_LIMIT };
  const s = raw.trim();
  if (!/^\d+$/.test(s)) return { ok: false, reason: `limit must be a positive integer, got "${s}"` };
  const n = Number(s);
  if (n < 1) return { ok: false, reason: 'limit must be at least 1' };
  return { ok: true, value: Math.min(n, MAX_LIMIT) };
}

/** The cursor: absent or empty → from the start; else one of our ids. */
export function parseOffset(raw: string | undefined): Parsed<string | null> {
  if (raw === undefined || raw === '') return { ok: true, value: null };
  const s = raw.trim().toLowerCase();
  if (!isGuid(s)) return { ok: false, reason: `offset "${raw}" is not a cursor this API gave` };
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

/** The query of a list endpoint, one value per parameter (the first of a repeated one). */
export type Query = Record<string, string | undefined>;

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function validDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

/** startTime / endTime as YYYY-MM-DD (a full timestamp is cut to its date); reason 'range' when start is after end. */
export function dateRange(q: Query): Parsed<{ from: string | null; to: string | null }> {
  const read = (name: 'startTime' | 'endTime'): Parsed<string | null> => {
    const raw = q[name]?.trim();
    if (!raw) return { ok: true, value: null };
    const date = raw.length > 10 && /^\d{4}-\d{2}-\d{2}T/.test(raw) ? raw.slice(0, 10) : raw;
    return validDate(date) ? { ok: true, value: date } : { ok: false, reason: `${name} "${raw}" is not a date (YYYY-MM-DD)` };
  };
  const from = read('startTime');
  if (!from.ok) return from;
  const to = read('endTime');
  if (!to.ok) return to;
  if (from.value && to.value && from.value > to.value) return { ok: false, reason: 'range' };
  return { ok: true, value: { from: from.value, to: to.value } };
}
