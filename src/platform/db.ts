/**
 * Storage: one SQL dialect (PostgreSQL) on two engines. PGlite (Postgres compiled
 * to WASM, persisted in a directory) when DATABASE_URL is unset; a real PostgreSQL
 * server through `pg` when it is set. Everything above this file sees only `Db`.
 */
import pg from 'pg';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { PGlite as PGliteType } from '@electric-sql/pglite';
import { acquireDataDirLock, type DataDirLock } from './datadir-lock.ts';

export interface Queryable {
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>;
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
  close(): Promise<void>;
  /** What pg-boss needs to run on this engine. */
  bossOptions(): Record<string, unknown>;
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

class PostgresDb implements Db {
  readonly kind = 'postgres' as const;
  readonly lock = null;
  private pool: pg.Pool;
  /** pg-boss's connections: its workers poll on these, apart from the requests' pool. */
  private bossPool: pg.Pool;
  constructor(url: string) {
    this.pool = new pg.Pool({ connectionString: url, max: 10, connectionTimeoutMillis: POOL_WAIT_MS });
    this.bossPool = new pg.Pool({ connectionString: url, max: 5, connectionTimeoutMillis: POOL_WAIT_MS });
    // An idle client that loses its server must not crash the process.
    this.pool.on('error', () => {});
    this.bossPool.on('error', () => {});
  }
  async query<T>(sql: string, params: unknown[] = []): Promise<T[]> {
    const r = await this.pool.query(sql, params as unknown[]);
    return r.rows as T[];
  }
  async tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const q: Queryable = {
        query: async <R>(sql: string, params: unknown[] = []) => (await client.query(sql, params as unknown[])).rows as R[],
      };
      const out = await fn(q);
      await client.query('COMMIT');
      return out;
    } catch (err) {
      await client.query('ROLLBACK').catch(() => {});
      throw err;
    } finally {
      client.release();
    }
  }
  async exec(sql: string): Promise<void> {
    await this.pool.query(sql);
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
  bossOptions(): Record<string, unknown> {
    // Our pool rather than pg-boss's own, so that close() above decides when it ends.
    const pool = this.bossPool;
    return { db: { executeSql: async (text: string, values?: unknown[]) => pool.query(text, values as unknown[] | undefined) } };
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
    const r = await this.lite.query<T>(sql, params as unknown[]);
    return r.rows;
  }
  async tx<T>(fn: (q: Queryable) => Promise<T>): Promise<T> {
    return this.lite.transaction(async (t) => {
      const q: Queryable = { query: async <R>(sql: string, params: unknown[] = []) => (await t.query<R>(sql, params as unknown[])).rows };
      return fn(q);
    });
  }
  async exec(sql: string): Promise<void> {
    await this.lite.exec(sql);
  }
  async exclusive<T>(_lockKey: number, fn: () => Promise<T>): Promise<T> {
    return fn(); // one process per embedded database
  }
  async close(): Promise<void> {
    try {
      await this.lite.close();
    } finally {
      this.lock?.release();
    }
  }
  bossOptions(): Record<string, unknown> {
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
    const lite = await PGlite.create(dir, options);
    return new PgliteDb(lite, lock);
  } catch (err) {
    lock?.release();
    throw err;
  }
}
