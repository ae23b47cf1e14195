/**
 * The request feed's filters and cursor, turned into one SQL statement: pure, no I/O.
 *
 * Every page is `order by at desc, id desc limit n` with the cursor as a row comparison
 * `(at, id) < (…)`: each filter the console offers has an index that starts with its equality
 * columns and ends with (at, id) (see the migration in platform/schema.ts), so a page is one
 * index range scan walked newest first and stops after n rows, whatever the table's size.
 */

export interface FeedFilter {
  customerId?: string;
  /** An exact status (404) or a class (4 for `4xx`). */
  status?: { exact: number } | { class: number };
  flinksCode?: string;
  endpoint?: string;
  product?: string;
  /** Inclusive lower bound and exclusive upper bound of the request's time. */
  from?: Date;
  to?: Date;
  /** A RequestId or LoginId, exactly (lower-cased, as stored). */
  q?: string;
  cursor?: Cursor;
  limit: number;
}

/** Where the previous page ended: its last row's time (PostgreSQL's text, microseconds kept) and id. */
export interface Cursor {
  at: string;
  id: string;
}

/** `404` or `4xx` (any case); null when it is neither. */
export function parseStatus(s: string): FeedFilter['status'] | null {
  const t = s.trim().toLowerCase();
  if (/^[1-5][0-9]{2}$/.test(t)) return { exact: Number(t) };
  if (/^[1-5]xx$/.test(t)) return { class: Number(t[0]) };
  return null;
}

const CURSOR_AT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{6}Z$/;

export function encodeCursor(c: Cursor): string {
  return Buffer.from(`${c.at}|${c.id}`, 'utf8').toString('base64url');
}

/** The cursor a page answered, or null when the text is not one (tampered, truncated, made up). */
export function decodeCursor(s: string): Cursor | null {
  if (s.length > 80 || !/^[A-Za-z0-9_-]+$/.test(s)) return null;
  const [at, id, ...rest] = Buffer.from(s, 'base64url').toString('utf8').split('|');
  if (rest.length > 0 || at === undefined || id === undefined || !CURSOR_AT.test(at) || !/^[1-9][0-9]{0,17}$/.test(id)) return null;
  return Number.isNaN(Date.parse(at)) ? null : { at, id };
}

/** The columns a page answers; `at_text` is the cursor's exact form of the time. */
export const FEED_COLUMNS = `id::text as id, at, to_char(at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as at_text, customer_id::text as customer_id,
  product, method, endpoint, request_id, login_id, status, flinks_code, duration_ms`;

/** One page's statement: its conditions in the order of the indexes' columns, limit + 1 to know whether more follow. */
export function feedQuery(f: FeedFilter): { sql: string; params: unknown[] } {
  const params: unknown[] = [];
  const where: string[] = [];
  const p = (v: unknown) => {
    params.push(v);
    return `$${params.length}`;
  };
  if (f.customerId !== undefined) where.push(`customer_id = ${p(f.customerId)}::uuid`);
  if (f.status && 'exact' in f.status) where.push(`status = ${p(f.status.exact)}::integer`);
  // Written as the index's expression, so that the class indexes serve it.
  if (f.status && 'class' in f.status) where.push(`(status / 100) = ${p(f.status.class)}::integer`);
  if (f.flinksCode !== undefined) where.push(`flinks_code = ${p(f.flinksCode)}`);
  if (f.endpoint !== undefined) where.push(`endpoint = ${p(f.endpoint)}`);
  if (f.product !== undefined) where.push(`product = ${p(f.product)}`);
  if (f.q !== undefined) {
    const q = p(f.q);
    where.push(`(request_id = ${q} or login_id = ${q})`);
  }
  if (f.from !== undefined) where.push(`at >= ${p(f.from.toISOString())}::timestamptz`);
  if (f.to !== undefined) where.push(`at < ${p(f.to.toISOString())}::timestamptz`);
  if (f.cursor !== undefined) where.push(`(at, id) < (${p(f.cursor.at)}::timestamptz, ${p(f.cursor.id)}::bigint)`);
  // The table's id, not the answer's text column of the same name: "11" sorts before "5".
  const sql = `select ${FEED_COLUMNS} from request_log${where.length ? ` where ${where.join(' and ')}` : ''} order by request_log.at desc, request_log.id desc limit ${p(f.limit + 1)}::integer`;
  return { sql, params };
}
