/**
 * `Idempotency-Key` on every create: the first request with a key runs and its
 * answer is stored with a digest of the request; the same key with the same
 * request answers the stored result again (nothing runs twice), the same key
 * with another request answers 409. The key is claimed in the same transaction
 * as the work it guards: on PostgreSQL a concurrent duplicate waits on the
 * key's row until the first commits, then replays its answer; if the first
 * rolls back (bad input, a crash) the key is free again.
 */
import { createHash } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import { canonicalJson } from '../platform/canonical-json.ts';
import type { Queryable } from '../platform/db.ts';
import type { Platform } from '../platform/platform.ts';
import { invalidField, payErrors } from './errors.ts';

export interface StoredAnswer {
  status: number;
  body: unknown;
  /** True when the answer is the stored one of an earlier request. */
  replayed: boolean;
}

/** The request's digest: its body as canonical JSON, so the same request hashes alike whatever its key order. */
export function requestHash(method: string, path: string, body: unknown): string {
  return createHash('sha256').update(`${method.toUpperCase()} ${path.toLowerCase()}\n${canonicalJson(body)}`).digest('hex');
}

/** The Idempotency-Key header of a request (undefined when absent); refuses an unusable one. */
export function idempotencyKeyOf(req: FastifyRequest): string | undefined {
  const raw = req.headers['idempotency-key'];
  const key = (Array.isArray(raw) ? raw[0] : raw)?.trim();
  if (key === undefined || key === '') return undefined;
  if (key.length > 255) throw invalidField('Idempotency-Key', 'must be at most 255 characters');
  return key;
}

/**
 * Runs `work` once per key inside the caller's transaction `q`. Without a key it
 * simply runs. `hash` identifies the request (requestHash).
 */
export async function idempotent(
  q: Queryable,
  p: Platform,
  customerId: string,
  key: string | undefined,
  hash: string,
  work: (q: Queryable) => Promise<{ status: number; body: unknown }>,
): Promise<StoredAnswer> {
  if (key === undefined) return { ...(await work(q)), replayed: false };
  const claimed = await q.query(
    `insert into pay_idempotency_keys (customer_id, key, request_hash, response_status, response_body, created_at)
     values ($1, $2, $3, 0, '', $4) on conflict (customer_id, key) do nothing returning key`,
    [customerId, key, hash, p.clock.now()],
  );
  if (claimed.length === 0) {
    const rows = await q.query<{ request_hash: string; response_status: number; response_body: string }>(
      'select request_hash, response_status, response_body from pay_idempotency_keys where customer_id = $1 and key = $2',
      [customerId, key],
    );
    const row = rows[0];
    if (!row) throw payErrors.idempotencyInFlight();
    if (row.request_hash !== hash) throw payErrors.idempotencyConflict();
    if (row.response_status === 0) throw payErrors.idempotencyInFlight();
    return { status: row.response_status, body: JSON.parse(row.response_body), replayed: true };
  }
  const answer = await work(q);
  await q.query('update pay_idempotency_keys set response_status = $3, response_body = $4 where customer_id = $1 and key = $2', [customerId, key, answer.status, JSON.stringify(answer.body)]);
  return { ...answer, replayed: false };
}

/**
 * A create route's body, run once per Idempotency-Key in its own transaction:
 * answers what to send (the stored answer on a replay, with `Idempotent-Replayed: true`).
 */
export async function withIdempotency(
  p: Platform,
  req: FastifyRequest,
  customerId: string,
  work: (q: Queryable) => Promise<{ status: number; body: unknown }>,
): Promise<StoredAnswer> {
  const key = idempotencyKeyOf(req);
  const hash = requestHash(req.method, req.url.split('?')[0]!, req.body ?? null);
  return p.db.tx((q) => idempotent(q, p, customerId, key, hash, work));
}

/** Drops keys older than `days` (a retry window; called by the daily settlement run). */
export async function purgeIdempotencyKeys(p: Platform, days: number): Promise<void> {
  await p.db.query('delete from pay_idempotency_keys where created_at < $1', [new Date(p.clock.now().getTime() - days * 86_400_000)]);
}
