/**
 * Request limits per customer (/v3) and per access token (FDX), counted where
 * every process sees the same number. On PostgreSQL the counters live in a small
 * unlogged table that all replicas update with one upsert per request, so N
 * replicas allow RATE_LIMIT_PER_MINUTE, not N times it. The embedded database
 * has one process by construction: there the counters stay in its memory
 * (@fastify/rate-limit's own store), which costs no query.
 *
 * Headers follow the IETF RateLimit header fields draft
 * (https://datatracker.ietf.org/doc/draft-ietf-httpapi-ratelimit-headers/):
 * RateLimit-Limit, RateLimit-Remaining, RateLimit-Reset on every answer, and
 * Retry-After on the refusal.
 */
import type { RateLimitPluginOptions } from '@fastify/rate-limit';
import type { Db } from '../db.ts';

const WINDOW_MS = 60_000;
/** Every this many counts, a process deletes the windows that ended (tokens come and go; customers stay). */
const PRUNE_EVERY = 1000;

type Incr = (key: string, cb: (err: Error | null, res?: { current: number; ttl: number }) => void, timeWindow: number, max: number) => void;

/**
 * A @fastify/rate-limit store on the rate_limits table: a fixed window per key that starts with
 * its first request (as the plugin's in-memory store counts), timed by the database's clock so
 * that replicas whose clocks differ still agree on when a window ends. The time left is capped at
 * the window: now() is when a statement started, and a statement that waited for the row's lock
 * can find a window opened by one that started after it.
 */
export function postgresRateLimitStore(db: Db, namespace: string) {
  let counted = 0;
  const prune = () => {
    db.query('delete from rate_limits where window_ends < now()').catch(() => {});
  };
  return class PostgresRateLimitStore {
    incr: Incr = (key, cb, timeWindow) => {
      if (++counted % PRUNE_EVERY === 0) prune();
      db.query<{ hits: number; ttl: number }>(
        `insert into rate_limits as r (key, hits, window_ends) values ($1, 1, now() + $2 * interval '1 millisecond')
         on conflict (key) do update set
           hits = case when r.window_ends <= now() then 1 else r.hits + 1 end,
           window_ends = case when r.window_ends <= now() then excluded.window_ends else r.window_ends end
         returning hits, least($2, greatest(0, ceil(extract(epoch from (window_ends - now())) * 1000)))::integer as ttl`,
        [`${namespace}:${key}`, timeWindow],
      ).then((rows) => cb(null, { current: rows[0]!.hits, ttl: rows[0]!.ttl }), (err: Error) => cb(err));
    };
    child(): PostgresRateLimitStore {
      return this;
    }
  };
}

/**
 * The plugin options both surfaces share. `namespace` keeps their keys apart in the shared table;
 * the caller adds its key generator and its own error body.
 */
export type SharedRateLimit = Pick<RateLimitPluginOptions, 'max' | 'timeWindow' | 'enableDraftSpec' | 'skipOnError' | 'store'>;

export function sharedRateLimit(db: Db, namespace: string, perMinute: number): SharedRateLimit | null {
  if (perMinute <= 0) return null;
  return {
    max: perMinute,
    timeWindow: WINDOW_MS,
    enableDraftSpec: true,
    // When the database cannot count, the request goes on (and answers 503 if it needs the
    // database itself): a limiter that fails closed would turn a blip into a refusal of everything.
    skipOnError: true,
    ...(db.kind === 'postgres' ? { store: postgresRateLimitStore(db, namespace) as unknown as RateLimitPluginOptions['store'] } : {}),
  };
}

/** Seconds until a refused caller may retry, from the plugin's context (never 0: a client would spin). */
export function retrySeconds(ctx: { ttl: number }): number {
  return Math.max(1, Math.ceil(ctx.ttl / 1000));
}
