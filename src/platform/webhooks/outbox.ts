/**
 * The webhooks outbox. A product writes an event in the same transaction as the
 * state change that caused it (`enqueue(q, ...)`), together with the pg-boss job
 * of its first delivery attempt: both commit or neither does. A worker then POSTs
 * the stored body, signed as Flinks signs it, and logs every attempt; a failed
 * attempt schedules the next one `webhookRetrySeconds` later as a new job, until
 * `webhookMaxAttempts` attempts have failed. `replay` starts a new series.
 *
 * Exactly once on success: each job names the attempt it performs (event, series,
 * attempt number) and first claims it with a conditional UPDATE; a duplicated or
 * late job finds the event delivered (or the attempt taken) and does nothing.
 * If a worker dies mid-attempt, its claim (a lease) expires and pg-boss's retry of
 * the same job takes the attempt over. The receiver may then see the POST twice,
 * which no sender can avoid when it never heard the answer.
 */
import { performance } from 'node:perf_hooks';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Db, Queryable } from '../db.ts';
import { isGuid, newId, stableId } from '../ids.ts';
import type { Jobs } from '../jobs.ts';
import type { Logger } from '../logger.ts';
import type { Tenant, Tenants } from '../tenants.ts';
import { signBody } from './signature.ts';
import {
  attemptInFlight,
  claimAttempt,
  eventBody,
  findEvent,
  finishAttempt,
  insertDelivery,
  insertEvent,
  listDeliveries,
  listEvents,
  listEventsForOperator,
  startSeries,
  type AttemptKey,
  type AttemptOutcome,
  type DeliveryRow,
  type DeliverySummaryRow,
  type EventRow,
  type EventStatus,
} from './store.ts';

export type { DeliverySummaryRow, EventStatus };

/** How a product's own event type is delivered. */
export interface EventTypePolicy {
  /** Headers that sign the body, instead of the Flinks Connect ones. */
  sign?: (secret: string, body: string) => Record<string, string>;
  /** Attempts per series, instead of `webhookMaxAttempts` (a replay starts a new series). */
  attempts?: number;
}

/** The pg-boss queue of delivery attempts. */
export const WEBHOOK_QUEUE = 'webhook-delivery';
export const WEBHOOK_USER_AGENT = 'Maplelink-Webhooks/1';
/** How long a receiver has to answer (Flinks does not document its own timeout). */
export const DEFAULT_TIMEOUT_MS = 10_000;

export interface WebhookDeliveryView {
  Attempt: number;
  /** 1 for the original delivery, +1 for each replay. */
  Series: number;
  StatusCode: number | null;
  Error: string | null;
  DurationMs: number;
  At: string;
}

export interface WebhookEventView {
  EventId: string;
  Type: string;
  CreatedAt: string;
  Status: 'Pending' | 'Delivered' | 'Failed';
  /** Attempts made in the current delivery series (a replay starts again at 0). */
  Attempts: number;
  /** Every attempt of every series, oldest first. */
  Deliveries: WebhookDeliveryView[];
}

export interface WebhooksDeps {
  db: Db;
  jobs: Jobs;
  tenants: Tenants;
  log: Logger;
  config: Config;
  clock: Clock;
}

export interface WebhooksOptions {
  /** Per-attempt timeout of the POST, connect to last byte of headers (default 10 s). */
  timeoutMs?: number;
  /** How long a claimed attempt stays owned by its worker (default 60 s; must exceed the timeout). */
  leaseSeconds?: number;
}

type DeliveryJob = AttemptKey;

const DEFAULT_LIST_LIMIT = 50;
const MAX_LIST_LIMIT = 500;

export class Webhooks {
  private readonly db: Db;
  private readonly jobs: Jobs;
  private readonly tenants: Tenants;
  private readonly log: Logger;
  private readonly config: Config;
  private readonly clock: Clock;
  private readonly timeoutMs: number;
  private readonly leaseSeconds: number;
  /** Event types a product delivers its own way (Pay's GEFT webhooks: their own signature, one attempt). */
  private readonly types = new Map<string, EventTypePolicy>();

  constructor(deps: WebhooksDeps, opts: WebhooksOptions = {}) {
    this.db = deps.db;
    this.jobs = deps.jobs;
    this.tenants = deps.tenants;
    this.log = deps.log.child({ component: 'webhooks' });
    this.config = deps.config;
    this.clock = deps.clock;
    this.timeoutMs = opts.timeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.leaseSeconds = Math.max(opts.leaseSeconds ?? 60, Math.ceil(this.timeoutMs / 1000) + 5);
  }

  /** Delivers events of `type` by this policy instead of the Flinks Connect one (call during setup). */
  registerType(type: string, policy: EventTypePolicy): void {
    this.types.set(type, policy);
  }

  /** Declares the delivery queue; call during setup, before jobs start. */
  define(): void {
    this.jobs.define<DeliveryJob>({
      name: WEBHOOK_QUEUE,
      handler: (data) => this.deliver(data),
      // pg-boss retries only a handler that threw (a database outage, or an attempt
      // still leased by another worker); the spacing of delivery attempts is ours.
      retryLimit: 20,
      retryDelaySeconds: 15,
      retryBackoff: false,
      expireInSeconds: this.leaseSeconds * 2,
      concurrency: 3,
    });
  }

  /**
   * Writes an event inside the caller's transaction and enqueues its first
   * delivery in the same transaction. Answers the event id, or null (nothing
   * written) when the customer has no webhook URL.
   */
  async enqueue(q: Queryable, tenant: Tenant, type: string, body: object): Promise<string | null> {
    if (!tenant.webhookUrl) return null;
    const raw = JSON.stringify(body);
    if (typeof raw !== 'string') throw new TypeError('a webhook body must be a JSON object');
    const id = newId();
    await insertEvent(q, { id, customerId: tenant.id, type, body: raw, at: this.clock.now() });
    await this.schedule(q, { eventId: id, customerId: tenant.id, series: 1, attempt: 1 }, 0);
    return id;
  }

  /** Re-delivers a stored event now, as a new series; false for an unknown event of this customer. */
  async replay(tenantId: string, eventId: string): Promise<boolean> {
    if (!isGuid(eventId) || !isGuid(tenantId)) return false;
    const customerId = tenantId.toLowerCase();
    const id = eventId.toLowerCase();
    const series = await this.db.tx(async (q) => {
      const s = await startSeries(q, customerId, id, this.clock.now());
      if (s?.started) await this.schedule(q, { eventId: id, customerId, series: s.series, attempt: 1 }, 0);
      return s?.series ?? null;
    });
    if (series === null) return false;
    this.jobs.nudge(WEBHOOK_QUEUE);
    this.log.info({ eventId: id, customerId, series }, 'webhook replay scheduled');
    return true;
  }

  /** The customer's events, newest first, each with its delivery log. */
  async list(tenantId: string, opts: { limit?: number } = {}): Promise<WebhookEventView[]> {
    if (!isGuid(tenantId)) return [];
    const customerId = tenantId.toLowerCase();
    const limit = Math.min(MAX_LIST_LIMIT, Math.max(1, Math.floor(opts.limit ?? DEFAULT_LIST_LIMIT)));
    const events = await listEvents(this.db, customerId, limit);
    const deliveries = await listDeliveries(this.db, customerId, events.map((e) => e.id));
    const byEvent = new Map<string, DeliveryRow[]>();
    for (const d of deliveries) {
      const list = byEvent.get(d.event_id) ?? [];
      list.push(d);
      byEvent.set(d.event_id, list);
    }
    return events.map((e) => toView(e, byEvent.get(e.id) ?? []));
  }

  async get(tenantId: string, eventId: string): Promise<WebhookEventView | null> {
    if (!isGuid(tenantId) || !isGuid(eventId)) return null;
    const customerId = tenantId.toLowerCase();
    const event = await findEvent(this.db, customerId, eventId.toLowerCase());
    if (!event) return null;
    return toView(event, await listDeliveries(this.db, customerId, [event.id]));
  }

  /**
   * Events across customers for the operator, newest first, `limit + 1` rows from after the
   * seq `before` (the caller pages them), filtered by customer, delivery status and type.
   */
  async listForOperator(f: { customerId?: string; status?: EventStatus; type?: string; before?: string; limit: number }): Promise<DeliverySummaryRow[]> {
    if (f.customerId !== undefined && !isGuid(f.customerId)) return [];
    return listEventsForOperator(this.db, {
      customerId: f.customerId?.toLowerCase() ?? null,
      status: f.status ?? null,
      type: f.type ?? null,
      before: f.before ?? null,
      limit: f.limit + 1,
    });
  }

  /** One event with its delivery log and the exact body it POSTs, or null. */
  async getWithBody(tenantId: string, eventId: string): Promise<(WebhookEventView & { Body: string }) | null> {
    const view = await this.get(tenantId, eventId);
    if (!view) return null;
    const body = await eventBody(this.db, tenantId.toLowerCase(), view.EventId);
    return body === null ? null : { ...view, Body: body };
  }

  /** Enqueues one attempt. Its job id is derived from the attempt, so sending it twice queues it once. */
  private async schedule(q: Queryable, k: AttemptKey, delaySeconds: number): Promise<void> {
    await this.jobs.send<DeliveryJob>(WEBHOOK_QUEUE, k, {
      q,
      startAfterSeconds: delaySeconds > 0 ? delaySeconds : undefined,
      id: stableId('webhook-delivery', k.eventId, String(k.series), String(k.attempt)),
    });
  }

  /** The job handler: one attempt of one series of one event. */
  private async deliver(k: DeliveryJob): Promise<void> {
    if (!isAttemptKey(k)) {
      this.log.warn('malformed webhook delivery job ignored');
      return;
    }
    const claimed = await claimAttempt(this.db, k, this.leaseSeconds, this.clock.now());
    if (!claimed) {
      // Another worker is on this very attempt: let pg-boss retry us after its lease.
      if (await attemptInFlight(this.db, k)) throw new Error('webhook attempt is in flight in another worker');
      this.log.debug({ eventId: k.eventId, series: k.series, attempt: k.attempt }, 'webhook attempt already done or superseded; skipped');
      return;
    }

    const tenant = await this.tenants.find(k.customerId);
    const outcome = await this.post(tenant, k, claimed);
    const ok = outcome.statusCode !== null && outcome.statusCode >= 200 && outcome.statusCode < 300;
    const last = k.attempt >= Math.max(1, this.types.get(claimed.type)?.attempts ?? this.config.webhookMaxAttempts);
    const retrySeconds = this.config.webhookRetrySeconds;

    const status = await this.db.tx(async (q) => {
      await insertDelivery(q, k, outcome);
      const s = await finishAttempt(q, k, ok ? 'delivered' : last ? 'failed' : 'pending', outcome.at);
      if (s === 'pending') await this.schedule(q, { ...k, attempt: k.attempt + 1 }, retrySeconds);
      return s;
    });
    if (status === 'pending' && retrySeconds <= 0) this.jobs.nudge(WEBHOOK_QUEUE);

    const fields = { eventId: k.eventId, customerId: k.customerId, type: claimed.type, series: k.series, attempt: k.attempt, statusCode: outcome.statusCode, error: outcome.error, durationMs: outcome.durationMs };
    if (status === null) this.log.info(fields, 'webhook attempt finished after the event was replayed');
    else if (status === 'delivered') this.log.info(fields, 'webhook delivered');
    else if (status === 'failed') this.log.warn(fields, 'webhook failed: no attempts left');
    else this.log.warn({ ...fields, retryInSeconds: retrySeconds }, 'webhook attempt failed; retry scheduled');
  }

  /** POSTs the stored body. Never throws; never reports the URL, secret or body. */
  private async post(tenant: Tenant | null, k: AttemptKey, event: { type: string; body: string }): Promise<AttemptOutcome> {
    const url = tenant?.webhookUrl;
    if (!url) return { statusCode: null, error: 'no webhook URL is configured', durationMs: 0, at: this.clock.now() };
    const headers: Record<string, string> = {
      'content-type': 'application/json',
      'user-agent': WEBHOOK_USER_AGENT,
      'x-maplelink-event-id': k.eventId,
      'x-maplelink-event-type': event.type,
      'x-maplelink-attempt': String(k.attempt),
    };
    const signer = this.types.get(event.type)?.sign;
    if (tenant.webhookSecret && signer) Object.assign(headers, signer(tenant.webhookSecret, event.body));
    else if (tenant.webhookSecret) {
      const signature = signBody(tenant.webhookSecret, event.body);
      headers['flinks-authenticity-key'] = signature;
      headers['X-Flinks-Signature'] = signature;
    }
    const started = performance.now();
    try {
      const res = await fetch(url, { method: 'POST', headers, body: event.body, redirect: 'manual', signal: AbortSignal.timeout(this.timeoutMs) });
      // The answer's body is of no interest: release the connection.
      await res.body?.cancel().catch(() => {});
      return { statusCode: res.status, error: null, durationMs: performance.now() - started, at: this.clock.now() };
    } catch (err) {
      return { statusCode: null, error: describeFailure(err, this.timeoutMs), durationMs: performance.now() - started, at: this.clock.now() };
    }
  }
}

/** A short, secret-free reason for a POST that got no HTTP answer. */
function describeFailure(err: unknown, timeoutMs: number): string {
  const e = err as { name?: string; message?: string; cause?: { code?: unknown; message?: unknown } } | null;
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError') return `timeout after ${timeoutMs} ms`;
  const code = e?.cause?.code;
  if (typeof code === 'string' && /^[A-Z0-9_]+$/.test(code)) return `network error: ${code}`;
  // fetch refuses the ports browsers block (6000, 6665-6669, ...) before connecting.
  if (e?.cause?.message === 'bad port') return 'network error: the port of the webhook URL is blocked by fetch';
  if (e?.name === 'TypeError' && /url/i.test(e.message ?? '')) return 'invalid webhook URL';
  return 'network error';
}

function isAttemptKey(k: unknown): k is AttemptKey {
  const x = k as Partial<AttemptKey> | null;
  return !!x && isGuid(x.eventId) && isGuid(x.customerId) && Number.isInteger(x.series) && Number.isInteger(x.attempt) && x.attempt! >= 1;
}

function iso(v: Date | string): string {
  return (v instanceof Date ? v : new Date(v)).toISOString();
}

function toView(e: EventRow, deliveries: DeliveryRow[]): WebhookEventView {
  return {
    EventId: e.id,
    Type: e.type,
    CreatedAt: iso(e.created_at),
    Status: e.status === 'delivered' ? 'Delivered' : e.status === 'failed' ? 'Failed' : 'Pending',
    Attempts: deliveries.filter((d) => d.series === e.series).length,
    Deliveries: deliveries.map((d) => ({
      Attempt: d.attempt,
      Series: d.series,
      StatusCode: d.status_code,
      Error: d.error,
      DurationMs: d.duration_ms,
      At: iso(d.at),
    })),
  };
}
