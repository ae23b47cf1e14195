/**
 * The request log: every call of the Flinks surfaces (/v3: Connect, Enrich, Upload and the
 * platform's own /v3 routes) recorded for the operator console's request feed.
 *
 * Written off the request path: a route's onSend hook reads what it needs (microseconds: ids from
 * the path, body and query, the answer's head and tail) and appends a row to a bounded buffer in
 * memory; a flusher writes the buffer in one multi-row insert every FLUSH_MS or BATCH_ROWS rows.
 * A request never waits for the database: when the database is slow or away, the buffer fills,
 * and past its capacity the oldest rows are dropped and counted (request_log_dropped_total in
 * /metrics) rather than slowing requests. Closing the server flushes what is buffered, within a
 * bound. Rows older than REQUEST_LOG_RETENTION_DAYS are pruned by a pg-boss job in short batches.
 */
import type { FastifyReply, FastifyRequest, RouteOptions } from 'fastify';
import type { Db } from '../db.ts';
import { isDbUnavailable } from '../db.ts';
import { isGuid } from '../ids.ts';
import type { Jobs } from '../jobs.ts';
import type { Logger } from '../logger.ts';
import { answerText, idsOfAnswer, idsOfRequest, routeTemplate, type RecordedRequest } from './record.ts';
import { FEED_COLUMNS, encodeCursor, feedQuery, type FeedFilter } from './query.ts';

export interface RequestLogOptions {
  /** REQUEST_LOG: when false nothing is recorded (no hook is installed). */
  enabled: boolean;
  /** REQUEST_LOG_RETENTION_DAYS: rows older than this are pruned; 0 keeps them for ever. */
  retentionDays: number;
  /** Rows held in memory at most; past it the oldest are dropped. */
  capacity?: number;
  /** A flush starts at once when this many rows wait, and writes at most this many per insert. */
  batchRows?: number;
  /** How long a row may wait for a flush. */
  flushMs?: number;
}

/** A recorded request as the operator API answers it: its row id, and its time as ISO text. */
export type RequestView = Omit<RecordedRequest, 'at'> & { id: string; at: string };

interface Row {
  id: string;
  at: Date;
  at_text: string;
  customer_id: string | null;
  product: string;
  method: string;
  endpoint: string;
  request_id: string | null;
  login_id: string | null;
  status: number;
  flinks_code: string | null;
  duration_ms: number;
}

export const PRUNE_QUEUE = 'request-log-prune';
/** Rows deleted per statement: each batch is its own short transaction, so pruning never holds locks for long. */
const PRUNE_BATCH = 5_000;
/** One prune run stops after this long; the next run (PRUNE_CRON) goes on where it stopped. */
const PRUNE_BUDGET_MS = 60_000;
const PRUNE_CRON = '*/10 * * * *';
/** Waits between failed flushes, growing to the cap while the database is away. */
const RETRY_MS = { first: 500, max: 10_000 };
const WARN_INTERVAL_MS = 10_000;
/** How long closing waits for the buffer to reach the database. */
const CLOSE_TIMEOUT_MS = 5_000;

const INSERT = `insert into request_log (at, customer_id, product, method, endpoint, request_id, login_id, status, flinks_code, duration_ms)
select * from unnest($1::timestamptz[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::integer[], $9::text[], $10::real[])`;

export class RequestLog {
  readonly enabled: boolean;
  private readonly capacity: number;
  private readonly batchRows: number;
  private readonly flushMs: number;
  private rows: RecordedRequest[] = [];
  private timer: NodeJS.Timeout | null = null;
  private flushing: Promise<void> | null = null;
  private retryMs = 0;
  private lastWarn = 0;
  private closed = false;
  private counts = { recorded: 0, written: 0, dropped: 0, failedFlushes: 0 };
  /** The recorded endpoints (route templates) and their product, for the console's filter. */
  private readonly routes = new Map<string, { product: string; endpoint: string; methods: Set<string> }>();

  constructor(private readonly db: Db, private readonly log: Logger, private readonly opts: RequestLogOptions) {
    this.enabled = opts.enabled;
    this.capacity = Math.max(1, opts.capacity ?? 20_000);
    this.batchRows = Math.max(1, opts.batchRows ?? 1_000);
    this.flushMs = opts.flushMs ?? 250;
  }

  /** Declares the prune job (its cron runs on the processes that run workers). */
  define(jobs: Jobs): void {
    jobs.define({ name: PRUNE_QUEUE, handler: async () => void (await this.prune()), cron: PRUNE_CRON, retryLimit: 2, expireInSeconds: 300, concurrency: 1 });
  }

  /**
   * Records every request to `route` (called from an onRoute hook of the surfaces recorded).
   * The hook is fastify's onSend: it sees the status and the answer's bytes, and it is the last
   * step before they are written, so the duration is the handler's whole work.
   */
  instrument(route: RouteOptions, product: string): void {
    const endpoint = routeTemplate(route.url);
    const methods = Array.isArray(route.method) ? route.method : [route.method];
    const known = this.routes.get(endpoint);
    if (known) for (const m of methods) known.methods.add(m);
    else this.routes.set(endpoint, { product, endpoint, methods: new Set(methods) });
    if (!this.enabled) return;
    const hook = (req: FastifyRequest, reply: FastifyReply, payload: unknown, done: (err: null, payload: unknown) => void) => {
      try {
        this.capture(req, reply, payload, product, endpoint);
      } catch (err) {
        // Recording must never fail a request: an unexpected shape is logged and the answer goes out.
        this.log.warn({ err, endpoint }, 'a request could not be recorded');
      }
      done(null, payload);
    };
    const existing = route.onSend;
    route.onSend = existing ? [...(Array.isArray(existing) ? existing : [existing]), hook] : [hook];
  }

  private capture(req: FastifyRequest, reply: FastifyReply, payload: unknown, product: string, endpoint: string): void {
    const status = reply.statusCode;
    const ids = idsOfRequest(req.params, req.body, req.query);
    let { requestId, loginId } = ids;
    let flinksCode: string | null = null;
    if (requestId === null || loginId === null || status !== 200) {
      const text = answerText(payload);
      if (text !== null) {
        const answer = idsOfAnswer(text, status);
        requestId ??= answer.requestId;
        loginId ??= answer.loginId;
        flinksCode = answer.flinksCode;
      }
    }
    const tenant = (req as { tenant?: { id: string } | null }).tenant;
    const pathCustomer = (req.params as Record<string, unknown> | undefined)?.customerId;
    const elapsed = reply.elapsedTime;
    this.record({
      at: Date.now() - elapsed,
      customerId: tenant?.id ?? (isGuid(pathCustomer) ? pathCustomer.toLowerCase() : null),
      product,
      method: req.method,
      endpoint,
      requestId,
      loginId,
      status,
      flinksCode,
      durationMs: Math.round(elapsed * 1000) / 1000,
    });
  }

  /** Appends a row to the buffer; never waits. A full buffer drops its oldest row. */
  record(r: RecordedRequest): void {
    if (this.closed) {
      this.counts.dropped++;
      return;
    }
    if (this.rows.length >= this.capacity) {
      this.rows.shift();
      this.counts.dropped++;
    }
    this.rows.push(r);
    this.counts.recorded++;
    if (this.flushing) return; // the flush in flight schedules the next one
    if (this.rows.length >= this.batchRows) this.schedule(0);
    else if (!this.timer) this.schedule(this.flushMs);
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, ms);
    // A pending flush does not keep a process alive: closing flushes what is left.
    this.timer.unref();
  }

  /** Writes what is buffered now (several inserts when more than a batch waits); one flush at a time. */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    if (this.rows.length === 0) return Promise.resolve();
    this.flushing = this.writeAll().finally(() => {
      this.flushing = null;
      if (this.closed || this.rows.length === 0) return;
      this.schedule(this.retryMs > 0 ? this.retryMs : this.rows.length >= this.batchRows ? 0 : this.flushMs);
    });
    return this.flushing;
  }

  private async writeAll(): Promise<void> {
    while (this.rows.length > 0) {
      const batch = this.rows.splice(0, this.batchRows);
      try {
        await this.insert(batch);
        this.counts.written += batch.length;
        this.retryMs = 0;
      } catch (err) {
        // Back in front of what came since, within the capacity (the oldest go first), and retried later.
        const kept = [...batch, ...this.rows];
        const over = Math.max(0, kept.length - this.capacity);
        this.counts.dropped += over;
        this.rows = over > 0 ? kept.slice(over) : kept;
        this.counts.failedFlushes++;
        this.retryMs = Math.min(this.retryMs > 0 ? this.retryMs * 2 : RETRY_MS.first, RETRY_MS.max);
        this.warn(err);
        return;
      }
    }
  }

  private async insert(batch: RecordedRequest[]): Promise<void> {
    const cols: unknown[][] = [[], [], [], [], [], [], [], [], [], []];
    for (const r of batch) {
      cols[0]!.push(new Date(r.at).toISOString());
      cols[1]!.push(r.customerId);
      cols[2]!.push(r.product);
      cols[3]!.push(r.method);
      cols[4]!.push(r.endpoint);
      cols[5]!.push(r.requestId);
      cols[6]!.push(r.loginId);
      cols[7]!.push(r.status);
      cols[8]!.push(r.flinksCode);
      cols[9]!.push(r.durationMs);
    }
    await this.db.query(INSERT, cols);
  }

  private warn(err: unknown): void {
    const now = Date.now();
    if (now - this.lastWarn < WARN_INTERVAL_MS) return;
    this.lastWarn = now;
    this.log.warn({ err: isDbUnavailable(err) ? String((err as Error).message) : err, buffered: this.rows.length, dropped: this.counts.dropped }, 'the request log could not be written; retrying');
  }

  /** Stops recording and writes what is buffered, giving up after `timeoutMs` (the rows left are counted as dropped). */
  async close(timeoutMs = CLOSE_TIMEOUT_MS): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const until = Date.now() + timeoutMs;
    while ((this.rows.length > 0 || this.flushing) && Date.now() < until) {
      const round = this.flushing ?? this.flush();
      let timer: NodeJS.Timeout | undefined;
      await Promise.race([round, new Promise((r) => (timer = setTimeout(r, Math.max(0, until - Date.now()))))]);
      clearTimeout(timer);
      // A failed round keeps its rows: wait a little before the next, within the bound.
      if (this.rows.length > 0 && !this.flushing) await new Promise((r) => setTimeout(r, Math.min(100, Math.max(0, until - Date.now()))));
    }
    if (this.rows.length > 0) {
      this.counts.dropped += this.rows.length;
      this.log.warn({ rows: this.rows.length }, 'the request log was closed with rows it could not write');
      this.rows = [];
    }
  }

  stats(): { recorded: number; written: number; dropped: number; failedFlushes: number; buffered: number } {
    return { ...this.counts, buffered: this.rows.length };
  }

  /** The endpoints recorded by this server, by product then path. */
  endpoints(): { product: string; endpoint: string; methods: string[] }[] {
    return [...this.routes.values()]
      .map((r) => ({ product: r.product, endpoint: r.endpoint, methods: [...r.methods].filter((m) => m !== 'HEAD').sort() }))
      .sort((a, b) => a.product.localeCompare(b.product) || a.endpoint.localeCompare(b.endpoint));
  }

  /** One page of the feed, newest first, and the cursor of the next page (null on the last). */
  async list(filter: FeedFilter): Promise<{ requests: RequestView[]; nextCursor: string | null }> {
    const { sql, params } = feedQuery(filter);
    const rows = await this.db.query<Row>(sql, params);
    const page = rows.slice(0, filter.limit);
    const last = page[page.length - 1];
    return { requests: page.map(view), nextCursor: rows.length > filter.limit && last ? encodeCursor({ at: last.at_text, id: last.id }) : null };
  }

  async get(id: string): Promise<RequestView | null> {
    const rows = await this.db.query<Row>(`select ${FEED_COLUMNS} from request_log where id = $1::bigint`, [id]);
    return rows[0] ? view(rows[0]) : null;
  }

  /** Deletes the rows older than the retention, PRUNE_BATCH at a time; answers how many went. */
  async prune(now = Date.now()): Promise<number> {
    if (this.opts.retentionDays <= 0) return 0;
    const cutoff = new Date(now - this.opts.retentionDays * 86_400_000).toISOString();
    const until = Date.now() + PRUNE_BUDGET_MS;
    let total = 0;
    for (;;) {
      // The oldest first, through the (at, id) index: each statement reads only what it deletes.
      const [r] = await this.db.query<{ n: number }>(
        `with gone as (delete from request_log where id in (select id from request_log where at < $1::timestamptz order by at, id limit $2) returning 1)
         select count(*)::int as n from gone`,
        [cutoff, PRUNE_BATCH],
      );
      total += r!.n;
      if (r!.n < PRUNE_BATCH || Date.now() > until) return total;
    }
  }
}

function view(r: Row): RequestView {
  return {
    id: r.id,
    at: r.at.toISOString(),
    customerId: r.customer_id,
    product: r.product,
    method: r.method,
    endpoint: r.endpoint,
    requestId: r.request_id,
    loginId: r.login_id,
    status: r.status,
    flinksCode: r.flinks_code,
    durationMs: r.duration_ms,
  };
}
