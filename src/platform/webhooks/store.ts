/**
 * SQL of the webhooks outbox. Every statement is scoped by customer_id; functions
 * that must run inside a caller's transaction take a `Queryable`.
 *
 * Delivery state of an event (column `status`):
 *   pending    -> waiting for attempt `attempts + 1` of series `series`
 *   delivering -> attempt `attempts` is in flight until `lease_until` (database time)
 *   delivered  -> a receiver answered 2xx; never POSTed again unless replayed
 *   failed     -> the last allowed attempt failed
 * A replay starts series `series + 1` with `attempts = 0`.
 */
import type { Queryable } from '../db.ts';

export type EventStatus = 'pending' | 'delivering' | 'delivered' | 'failed';

export interface EventRow {
  id: string;
  customer_id: string;
  type: string;
  status: EventStatus;
  series: number;
  attempts: number;
  created_at: Date | string;
  delivered_at: Date | string | null;
}

export interface DeliveryRow {
  event_id: string;
  series: number;
  attempt: number;
  status_code: number | null;
  error: string | null;
  duration_ms: number;
  at: Date | string;
}

/** Which attempt of which series a delivery job performs. */
export interface AttemptKey {
  eventId: string;
  customerId: string;
  series: number;
  attempt: number;
}

export interface AttemptOutcome {
  statusCode: number | null;
  error: string | null;
  durationMs: number;
  at: Date;
}

const EVENT_COLUMNS = 'id, customer_id, type, status, series, attempts, created_at, delivered_at';

export async function insertEvent(q: Queryable, e: { id: string; customerId: string; type: string; body: string; at: Date }): Promise<void> {
  await q.query(
    `insert into webhook_events (id, customer_id, type, body, status, series, attempts, created_at, updated_at)
     values ($1, $2, $3, $4, 'pending', 1, 0, $5::timestamptz, $5::timestamptz)`,
    [e.id, e.customerId, e.type, e.body, e.at.toISOString()],
  );
}

/**
 * Takes attempt `k.attempt` of series `k.series` for this worker, atomically: the
 * event must be pending with exactly the previous attempt done, or (a worker died
 * mid-attempt) delivering this same attempt with an expired lease. A delivered,
 * failed or replayed event, or an attempt already taken, matches nothing.
 */
export async function claimAttempt(q: Queryable, k: AttemptKey, leaseSeconds: number, at: Date): Promise<{ type: string; body: string } | null> {
  const rows = await q.query<{ type: string; body: string }>(
    `update webhook_events
        set status = 'delivering', attempts = $4::int, lease_until = now() + make_interval(secs => $5::int), updated_at = $6::timestamptz
      where id = $1 and customer_id = $2 and series = $3::int
        and ((status = 'pending' and attempts = $4::int - 1)
          or (status = 'delivering' and attempts = $4::int and lease_until < now()))
      returning type, body`,
    [k.eventId, k.customerId, k.series, k.attempt, leaseSeconds, at.toISOString()],
  );
  return rows[0] ?? null;
}

/** True when another worker holds a live lease on exactly this attempt (it may still succeed). */
export async function attemptInFlight(q: Queryable, k: AttemptKey): Promise<boolean> {
  const rows = await q.query(
    `select 1 from webhook_events
      where id = $1 and customer_id = $2 and series = $3::int and attempts = $4::int
        and status = 'delivering' and lease_until >= now()`,
    [k.eventId, k.customerId, k.series, k.attempt],
  );
  return rows.length > 0;
}

/** Logs one finished attempt (once: a repeated write of the same attempt is ignored). */
export async function insertDelivery(q: Queryable, k: AttemptKey, o: AttemptOutcome): Promise<void> {
  await q.query(
    `insert into webhook_deliveries (event_id, customer_id, series, attempt, status_code, error, duration_ms, at)
     values ($1, $2, $3::int, $4::int, $5::int, $6, $7::int, $8::timestamptz)
     on conflict do nothing`,
    [k.eventId, k.customerId, k.series, k.attempt, o.statusCode, o.error, Math.max(0, Math.round(o.durationMs)), o.at.toISOString()],
  );
}

/**
 * Closes the attempt this worker claimed: `delivered`, or after a failure `failed`
 * when it was the last allowed attempt and `pending` otherwise. Answers the new
 * status, or null when the claim no longer holds (the event was replayed meanwhile).
 */
export async function finishAttempt(q: Queryable, k: AttemptKey, outcome: 'delivered' | 'failed' | 'pending', at: Date): Promise<EventStatus | null> {
  const rows = await q.query<{ status: EventStatus }>(
    `update webhook_events
        set status = $5::text, lease_until = null, updated_at = $6::timestamptz,
            delivered_at = case when $5::text = 'delivered' then $6::timestamptz else delivered_at end
      where id = $1 and customer_id = $2 and series = $3::int and attempts = $4::int and status = 'delivering'
      returning status`,
    [k.eventId, k.customerId, k.series, k.attempt, outcome, at.toISOString()],
  );
  return rows[0]?.status ?? null;
}

/**
 * Starts a new delivery series; answers its number and whether this call started it, or
 * null for an unknown event of this customer. A replay that arrives while the previous
 * replay's first attempt is still waiting or under way joins it instead: replays sent
 * together (a double click, a retried request, two replicas) deliver the event once, not
 * once each. The row lock of the update orders them; the later ones see that series and
 * start nothing.
 */
export async function startSeries(q: Queryable, customerId: string, eventId: string, at: Date): Promise<{ series: number; started: boolean } | null> {
  const rows = await q.query<{ series: number }>(
    `update webhook_events
        set series = series + 1, attempts = 0, status = 'pending', lease_until = null, delivered_at = null, updated_at = $3::timestamptz
      where id = $1 and customer_id = $2
        and not (series > 1 and ((status = 'pending' and attempts = 0) or (status = 'delivering' and attempts = 1)))
      returning series`,
    [eventId, customerId, at.toISOString()],
  );
  if (rows[0]) return { series: rows[0].series, started: true };
  const waiting = await q.query<{ series: number }>('select series from webhook_events where id = $1 and customer_id = $2', [eventId, customerId]);
  return waiting[0] ? { series: waiting[0].series, started: false } : null;
}

export async function listEvents(q: Queryable, customerId: string, limit: number): Promise<EventRow[]> {
  return q.query<EventRow>(
    `select ${EVENT_COLUMNS} from webhook_events where customer_id = $1 order by seq desc limit $2::int`,
    [customerId, limit],
  );
}

export async function findEvent(q: Queryable, customerId: string, eventId: string): Promise<EventRow | null> {
  const rows = await q.query<EventRow>(`select ${EVENT_COLUMNS} from webhook_events where id = $1 and customer_id = $2`, [eventId, customerId]);
  return rows[0] ?? null;
}

export async function listDeliveries(q: Queryable, customerId: string, eventIds: string[]): Promise<DeliveryRow[]> {
  if (eventIds.length === 0) return [];
  return q.query<DeliveryRow>(
    `select event_id, series, attempt, status_code, error, duration_ms, at
       from webhook_deliveries
      where customer_id = $1 and event_id = any($2::uuid[])
      order by event_id, series, attempt`,
    [customerId, eventIds],
  );
}

/** An event as the operator's list of deliveries shows it: its state and its latest attempt. */
export interface DeliverySummaryRow {
  id: string;
  customer_id: string;
  customer_name: string;
  type: string;
  status: EventStatus;
  series: number;
  attempts: number;
  total_attempts: number;
  last_status_code: number | null;
  last_error: string | null;
  last_attempt_at: Date | string | null;
  created_at: Date | string;
  seq: string;
}

/**
 * Events across customers (or of one), newest first, keyset-paged on `seq` (`before`: the
 * last seq of the previous page): webhook_events_customer_seq serves a customer's list,
 * webhook_events_seq the list of all.
 */
export async function listEventsForOperator(
  q: Queryable,
  f: { customerId: string | null; status: EventStatus | null; type: string | null; before: string | null; limit: number },
): Promise<DeliverySummaryRow[]> {
  return q.query<DeliverySummaryRow>(
    `select e.id, e.customer_id, c.name as customer_name, e.type, e.status, e.series, e.attempts, e.created_at, e.seq::text as seq,
            coalesce(n.total, 0)::int as total_attempts, d.status_code as last_status_code, d.error as last_error, d.at as last_attempt_at
       from webhook_events e
       join customers c on c.id = e.customer_id
       left join lateral (select status_code, error, at from webhook_deliveries x where x.event_id = e.id order by x.series desc, x.attempt desc limit 1) d on true
       left join lateral (select count(*) as total from webhook_deliveries x where x.event_id = e.id) n on true
      where ($1::uuid is null or e.customer_id = $1::uuid) and ($2::text is null or e.status = $2::text)
        and ($3::text is null or e.type = $3::text) and ($4::bigint is null or e.seq < $4::bigint)
      order by e.seq desc
      limit $5::int`,
    [f.customerId, f.status, f.type, f.before, f.limit],
  );
}

/** The stored body of an event (the exact bytes POSTed), or null. */
export async function eventBody(q: Queryable, customerId: string, eventId: string): Promise<string | null> {
  const rows = await q.query<{ body: string }>('select body from webhook_events where id = $1 and customer_id = $2', [eventId, customerId]);
  return rows[0]?.body ?? null;
}
