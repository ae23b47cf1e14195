/**
 * Storage: one SQL dialect (PostgreSQL) on two engines. PGlite (Postgres compiled
 * to WASM, persisted in a directory) when DATABASE_URL is unset; a real PostgreSQL
 * server through `pg` when it is set. Everything above this file sees only `Db`.
 */
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { existsSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { PGlite as PGliteType } from '@electric-sql/pglite';
import { acquireDataDirLock, type DataDirLock } from './datadir-lock.ts';

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
  /**
   * Streams `rows` (COPY's text format: tab-separated, one row a line) into the table that `sql`
   * (`copy … from stdin`) names. Only a transaction on a PostgreSQL server has it: COPY moves
   * bulk rows several times faster than an INSERT of the same rows, and PGlite, in this process,
   * has no wire to save. Callers fall back to an INSERT when it is absent.
   */
  copyIn?(sql: string, rows: string): Promise<void>;
}

/** pg-boss's `db` option (github.com/timgit/pg-boss, docs: constructor options, `db`). */
export interface BossDbOptions {
  db: { executeSql(text: string, values?: unknown[]): Promise<{ rows: unknown[] }> };
}

export interface Db extends Queryable {
  readonly kind: 'pglite' | 'postgres';
  /** The embedded directory's lock this process holds (null on PostgreSQL and in memory). */
  readonly lock: DataDirLock | null;
  /** Runs fn in one transaction; it commits when fn resolves and rolls back when it throws. */
  tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T>;
  /** Runs parameterless, possibly multi-statement SQL (migrations). */
  exec(sql: string): Promise<void>;
  /**
   * Runs fn while holding a session advisory lock: one process of all those sharing the
   * database at a time, whatever connections fn itself uses (work done through a library
   * that takes no transaction of ours, such as pg-boss creating its queues).
   */
  exclusive<T>(lockKey: number, fn: () => Promise<T>): Promise<T>;
  /** Whether the database answers a trivial query within timeoutMs (/health). */
  ping(timeoutMs: number): Promise<boolean>;
  close(): Promise<void>;
  /** What pg-boss needs to run on this engine: its queries' way to the database. */
  bossOptions(): BossDbOptions;
}

/**
 * Holds a transaction-scoped advisory lock named by `key` until `q`'s transaction ends: for a
 * read-then-write that has no row to lock yet (find-or-create, a first write of settings), so
 * that transactions doing the same one, in any process, take turns.
 */
export async function lockName(q: Queryable, ...key: (string | null)[]): Promise<void> {
  await q.query('select pg_advisory_xact_lock(hashtextextended($1, 0))', [JSON.stringify(key)]);
}

const INT8 = 20;
const NUMERIC = 1700;
// int8 (bigint) columns hold cents and counts well inside 2^53: hand them out as numbers.
pg.types.setTypeParser(INT8, (v: string) => Number(v));
pg.types.setTypeParser(NUMERIC, (v: string) => Number(v));

/**
 * How long a query waits for a free connection. pg waits for ever by default, so an
 * exhausted pool (or a server that stopped accepting) would hang requests and jobs
 * silently; an error instead is answered, logged and, for a job, retried.
 */
const POOL_WAIT_MS = 30_000;
/** How long close() lets queries in flight finish before ending the pools. */
const CLOSE_SETTLE_MS = 10_000;

/** Seconds a client is told to wait (Retry-After) when the database is unavailable. */
export const DB_RETRY_AFTER_SECONDS = 5;

/**
 * The database cannot be reached: stopped, restarting, the network gone, or every connection
 * still busy after the pool wait bound. Not the request's fault and not a bug: every surface
 * answers it with 503 and Retry-After in its own error shape, and a job that meets it is retried.
 */
class DbUnavailableError extends Error {
  constructor(readonly cause: unknown) {
    super(`The database is unavailable: ${(cause as Error)?.message ?? String(cause)}`);
    this.name = 'DbUnavailableError';
  }
}

/** Whether err (or what it wraps) is the database being unavailable. */
export function isDbUnavailable(err: unknown): boolean {
  for (let e = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (e instanceof DbUnavailableError || connectionLost(e)) return true;
  }
  return false;
}

/** Socket errors of a connection that failed or broke. */
const SOCKET_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'EPIPE', 'EHOSTUNREACH', 'ENETUNREACH', 'ENOTFOUND', 'EAI_AGAIN']);
/**
 * SQLSTATEs of a server that is going or not there yet (postgresql.org/docs/current/errcodes-appendix.html):
 * 57P01 admin_shutdown, 57P02 crash_shutdown, 57P03 cannot_connect_now, 53300 too_many_connections;
 * class 08 is connection_exception.
 */
const UNAVAILABLE_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300']);
/** What pg itself says when a connection ends or cannot be had in time. */
const PG_CONNECTION_MESSAGES = /^(Connection terminated|timeout exceeded when trying to connect|Client has encountered a connection error|Client was closed and is not queryable)/;

function connectionLost(err: unknown): boolean {
  const e = err as { code?: unknown; message?: unknown; errors?: unknown };
  if (!e || typeof e !== 'object') return false;
  if (typeof e.code === 'string' && (SOCKET_CODES.has(e.code) || UNAVAILABLE_SQLSTATES.has(e.code) || /^08[0-9A-Z]{3}$/.test(e.code))) return true;
  // Node's happy-eyeballs connect fails with an AggregateError of one error per address.
  if (Array.isArray(e.errors) && e.errors.some(connectionLost)) return true;
  return typeof e.message === 'string' && PG_CONNECTION_MESSAGES.test(e.message);
}

/** err as a DbUnavailableError when the connection is the cause; otherwise unchanged. */
function classify(err: unknown): unknown {
  return !(err instanceof DbUnavailableError) && connectionLost(err) ? new DbUnavailableError(err) : err;
}

class PostgresDb implements Db {
  readonly kind = 'postgres' as const;
  readonly lock = null;
  private pool: pg.Pool;
  /** pg-boss's connections: its workers poll on these, apart from the requests' pool. */
  private bossPool: pg.Pool;
  constructor(url: string) {
    // keepAlive: a server that vanishes without closing its sockets is noticed, not waited on for ever.
    // idleTimeoutMillis 0: a connection once opened stays open (each pool is then at most `max`
    // connections held for the life of the process, as a fixed-size pool). pg closes an idle one
    // after 10 s by default, so a replica under a light or bursty load kept opening connections
    // on its requests' path: a new PostgreSQL connection is a process forked and started by the
    // server, ~5 ms on an idle one but 100-1,300 ms measured while a nightly refresh kept the
    // database busy, and that wait was the whole of the cached GetAccountsDetail's tail
    // (bench/scale.ts). An idle connection costs the server a few MB and no CPU.
    const options = { connectionString: url, connectionTimeoutMillis: POOL_WAIT_MS, keepAlive: true, idleTimeoutMillis: 0 };
    this.pool = new pg.Pool({ ...options, max: 10 });
    this.bossPool = new pg.Pool({ ...options, max: 5 });
    for (const pool of [this.pool, this.bossPool]) {
      // An idle client that loses its server must not crash the process...
      pool.on('error', () => {});
      // ...nor one checked out (a transaction between two statements): pg emits 'error' on the
      // client, and pg-pool listens only while it is idle. The statement in flight, if any,
      // fails with the error itself, and a client that lost its connection is discarded on release.
      pool.on('connect', (client) => client.on('error', () => {}));
    }
  }
  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    try {
      const r = await this.pool.query(sql, params);
      return r.rows as T[];
    } catch (err) {
      throw classify(err);
    }
  }
  async tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
    let client: pg.PoolClient;
    try {
      client = await this.pool.connect();
    } catch (err) {
      throw classify(err);
    }
    let failure: unknown;
    try {
      await client.query('BEGIN');
      const q: Queryable = {
        query: async <R>(sql: string, params: unknown[] = []) => {
          try {
            return (await client.query(sql, params)).rows as R[];
          } catch (err) {
            throw classify(err);
          }
        },
        copyIn: async (sql: string, rows: string) => {
          try {
            await pipeline(Readable.from([rows]), client.query(copyFrom(sql)));
          } catch (err) {
            throw classify(err);
          }
        },
      };
      const out = await fn(q);
      await client.query('COMMIT');
      return out;
    } catch (err) {
      failure = classify(err);
      await client.query('ROLLBACK').catch(() => {});
      throw failure;
    } finally {
      // A client whose connection broke goes, rather than back to the pool.
      client.release(failure instanceof DbUnavailableError ? failure : undefined);
    }
  }
  async ping(timeoutMs: number): Promise<boolean> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>((resolve) => (timer = setTimeout(() => resolve(false), timeoutMs)));
    try {
      return await Promise.race([this.pool.query('select 1').then(() => true, () => false), late]);
    } finally {
      clearTimeout(timer);
    }
  }
  async exec(sql: string): Promise<void> {
    await this.query(sql);
  }
  async exclusive<T>(lockKey: number, fn: () => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('select pg_advisory_lock($1)', [lockKey]);
      try {
        return await fn();
      } finally {
        await client.query('select pg_advisory_unlock($1)', [lockKey]);
      }
    } finally {
      client.release();
    }
  }
  /**
   * Ends both pools once what is still running on them has finished. pg's Pool.end()
   * never serves a query still waiting for a connection: a pg-boss worker whose last poll
   * was queued would wait for ever, and pg-boss's stop loop with it, keeping the process
   * alive after a shutdown. Stopped workers issue no new polls, so the wait is short.
   */
  async close(): Promise<void> {
    // pg-boss's pool first: a poll that returns a job starts a handler on the other one.
    await settle(this.bossPool);
    await settle(this.pool);
    await Promise.all([this.bossPool.end(), this.pool.end()]);
  }
  bossOptions(): BossDbOptions {
    // Our pool rather than pg-boss's own, so that close() above decides when it ends.
    const pool = this.bossPool;
    return {
      db: {
        executeSql: async (text: string, values?: unknown[]) => {
          try {
            return await pool.query(text, values);
          } catch (err) {
            throw classify(err);
          }
        },
      },
    };
  }
}

/** Waits until a pool has nothing in flight and nobody waiting, or `maxMs` passed. */
async function settle(pool: pg.Pool, maxMs = CLOSE_SETTLE_MS): Promise<void> {
  const until = Date.now() + maxMs;
  while ((pool.waitingCount > 0 || pool.totalCount > pool.idleCount) && Date.now() < until) {
    await new Promise((r) => setTimeout(r, 20));
  }
}

class PgliteDb implements Db {
  readonly kind = 'pglite' as const;
  constructor(private lite: PGliteType, readonly lock: DataDirLock | null) {}
  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const r = await this.lite.query<T>(sql, params);
    return r.rows;
  }
  async tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
    return this.lite.transaction(async (t) => {
      const q: Queryable = { query: async <R>(sql: string, params: unknown[] = []) => (await t.query<R>(sql, params)).rows };
      return fn(q);
    });
  }
  async exec(sql: string): Promise<void> {
    await this.lite.exec(sql);
  }
  async exclusive<T>(_lockKey: number, fn: () => Promise<T>): Promise<T> {
    return fn(); // one process per embedded database
  }
  async ping(): Promise<boolean> {
    return true; // in this process: there while the process is
  }
  async close(): Promise<void> {
    try {
      await this.lite.close();
    } finally {
      this.lock?.release();
    }
  }
  bossOptions(): BossDbOptions {
    // pg-boss sends parameterised queries and, for its own migrations,
    // parameterless multi-statement scripts: the latter need exec().
    const lite = this.lite;
    return {
      db: {
        async executeSql(text: string, values: unknown[] = []) {
          if (values && values.length > 0) return { rows: (await lite.query(text, values)).rows };
          const results = await lite.exec(text);
          return { rows: results.length ? results[results.length - 1]!.rows : [] };
        },
      },
    };
  }
}

/**
 * An in-memory database (DATA_DIR=memory://: tests, a throwaway server in CI) starts from a copy
 * of an empty cluster kept in the system's temporary folder, one per PGlite build and user. Running
 * initdb inside the WASM instance costs 3-6 s of CPU and writes the same files every time; loading
 * them takes under one. Only the empty cluster is kept, before any migration or data. Whichever
 * process needs it first writes it (to a file of its own, then renamed into place, so no process
 * reads half of it). A file another user owns is not read, and any failure to read or write the copy
 * falls back to initdb.
 */
async function openInMemory(PGlite: typeof PGliteType, options: NonNullable<Parameters<typeof PGliteType.create>[1]>): Promise<PGliteType> {
  let file: string | null = null;
  try {
    const wasm = fileURLToPath(import.meta.resolve('@electric-sql/pglite/pglite.wasm'));
    const pkg = JSON.parse(readFileSync(join(dirname(fileURLToPath(import.meta.resolve('@electric-sql/pglite'))), '..', 'package.json'), 'utf8')) as { version: string };
    const uid = process.getuid?.() ?? 0;
    file = join(tmpdir(), `maplelink-pglite-${pkg.version}-${statSync(wasm).size}-${uid}.tar`);
    if (existsSync(file) && statSync(file).uid === uid) {
      return await PGlite.create(undefined, { ...options, loadDataDir: new Blob([readFileSync(file)]) });
    }
  } catch {
    if (file) rmSync(file, { force: true });
    file = null;
  }
  const lite = await PGlite.create(undefined, options);
  if (file) {
    const part = `${file}.${process.pid}.${randomBytes(4).toString('hex')}`;
    try {
      writeFileSync(part, Buffer.from(await (await lite.dumpDataDir('none')).arrayBuffer()), { mode: 0o600 });
      renameSync(part, file);
    } catch {
      rmSync(part, { force: true });
    }
  }
  return lite;
}

/**
 * Opens storage. On an embedded directory the directory's lock is taken first (or the
 * one passed in, already taken, is used), so a process refused there has opened and
 * written nothing; closing the database releases it.
 */
export async function openDb(opts: { databaseUrl: string | null; dataDir: string; lock?: DataDirLock; command?: string }): Promise<Db> {
  if (opts.databaseUrl) {
    const db = new PostgresDb(opts.databaseUrl);
    await db.query('select 1');
    return db;
  }
  const dir = opts.dataDir === 'memory://' ? undefined : opts.dataDir;
  const lock = dir ? (opts.lock ?? (await acquireDataDirLock(dir, opts.command ?? 'serve'))) : null;
  try {
    const { PGlite } = await import('@electric-sql/pglite');
    const options = {
      parsers: { [INT8]: (v: string) => Number(v), [NUMERIC]: (v: string) => Number(v) },
      // A small buffer pool: the embedded database serves one developer's data, and RSS matters on a laptop.
      postgresqlconf: ['shared_buffers=16MB'],
    };
    if (dir && !existsSync(join(dir, 'PG_VERSION'))) {
      // The first start runs initdb inside the WASM instance, which leaves several hundred MB
      // resident; closing and reopening gives that memory back for the life of the process.
      const fresh = await PGlite.create(dir, options);
      await fresh.close();
    }
    const lite = dir ? await PGlite.create(dir, options) : await openInMemory(PGlite, options);
    return new PgliteDb(lite, lock);
  } catch (err) {
    lock?.release();
    throw err;
  }
}
