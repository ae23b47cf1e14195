/**
 * Durable background work through pg-boss, on PostgreSQL or on PGlite. Products
 * declare their queues (name, retry and expiry policy, handler, optional cron);
 * `serve` runs them in-process, `serve --no-workers` plus `worker` split them.
 * A job whose process dies stays `active` until it expires, then pg-boss hands
 * it to another worker: handlers are written to be idempotent for that reason.
 */
import PgBoss from 'pg-boss';
import { isDbUnavailable, type Db, type Queryable } from './db.ts';
import type { Logger } from './logger.ts';

export interface QueueDefinition<T extends object = object> {
  name: string;
  handler: (data: T, meta: { id: string; retryCount: number }) => Promise<void>;
  retryLimit?: number;
  retryDelaySeconds?: number;
  retryBackoff?: boolean;
  /** A job still active after this long is considered lost and retried. */
  expireInSeconds?: number;
  /** How many jobs one worker runs at once. */
  concurrency?: number;
  /** Cron (UTC) that enqueues the job with `cronData`. */
  cron?: string;
  cronData?: T;
}

/** Advisory lock key serialising queue creation among processes (any constant of our own). */
const QUEUES_LOCK_KEY = 7_311_043;
/** Tries of one queue's creation when PostgreSQL ends it as a deadlock (see start). */
const QUEUE_CREATE_ATTEMPTS = 5;
/** How often a worker retries recording a job's outcome while the database is away (ms, growing to the cap). */
const RECORD_RETRY_MS = { first: 250, max: 5_000 };
/** At most one log line per this interval about the database being away (every worker notices it each poll). */
const OUTAGE_LOG_INTERVAL_MS = 10_000;

let rejectionGuardInstalled = false;
/**
 * pg-boss 10 records a job's outcome after its handler without awaiting it (manager.js `work`:
 * `this.complete(...)`, `this.fail(...)`), so a database that goes away at that moment rejects a
 * promise nobody holds, and Node ends the process for it. A rejection that is the database being
 * unavailable is logged instead (the job is recorded by us, see `record`, or retried when it
 * expires); any other stays fatal, as Node's default makes it.
 */
function guardUnheldDbRejections(log: Logger): void {
  if (rejectionGuardInstalled) return;
  rejectionGuardInstalled = true;
  process.on('unhandledRejection', (reason) => {
    if (isDbUnavailable(reason)) {
      log.warn({ err: reason }, 'the job system could not reach the database');
      return;
    }
    throw reason;
  });
}

export class Jobs {
  private boss: PgBoss | null = null;
  private readonly queues = new Map<string, QueueDefinition>();
  private readonly workerIds = new Map<string, string[]>();
  private readonly running = new Set<Promise<unknown>>();
  private counts = { completed: 0, failed: 0 };
  private stopping = false;
  /** pg-boss's queries in flight (see start). */
  private bossQueries = 0;
  private lastOutageLog = 0;

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly opts: { maintenanceSeconds: number; pollingSeconds?: number },
  ) {}

  define<T extends object>(def: QueueDefinition<T>): void {
    if (this.queues.has(def.name)) throw new Error(`queue ${def.name} is defined twice`);
    // A job's data is the JSON it was sent with: the queue's name ties it to its handler's payload type.
    this.queues.set(def.name, def as unknown as QueueDefinition);
  }

  /** Starts pg-boss, creates the queues and, when `work` is true, runs their handlers here. */
  async start(work: boolean): Promise<void> {
    const { db } = this.db.bossOptions();
    const boss = new PgBoss({
      // Counted, so that stop() also waits for a poll that was in flight when it began (it can
      // still hand out a job) and for pg-boss's own trailing record of a job's outcome, which it
      // sends without awaiting it: the database must not be closed under either.
      db: {
        executeSql: async (text: string, values?: unknown[]) => {
          this.bossQueries++;
          try {
            return await db.executeSql(text, values);
          } finally {
            this.bossQueries--;
          }
        },
      },
      schema: 'pgboss',
      supervise: true,
      schedule: work,
      maintenanceIntervalSeconds: Math.max(1, this.opts.maintenanceSeconds),
      monitorStateIntervalSeconds: Math.max(1, this.opts.maintenanceSeconds),
    });
    boss.on('error', (err) => this.logError(err));
    if (work) guardUnheldDbRejections(this.log);
    // One process at a time: pg-boss creates a queue's partition with DDL on its shared job
    // table, and replicas starting together deadlock on it (see supabase/storage#703). pg-boss's
    // start is inside the lock too: with `schedule`, its timekeeper creates a queue of its own
    // there (__pgboss__send-it), which deadlocked with another replica creating ours (40P01 on
    // pgboss.queue, both sides adding a partition's foreign key).
    await this.db.exclusive(QUEUES_LOCK_KEY, async () => {
      await boss.start();
      this.boss = boss;
      for (const def of this.queues.values()) {
        const options = {
          name: def.name,
          retryLimit: def.retryLimit ?? 5,
          retryDelay: def.retryDelaySeconds ?? 5,
          retryBackoff: def.retryBackoff ?? true,
          expireInSeconds: def.expireInSeconds ?? 300,
        };
        // Should PostgreSQL still end one side as a deadlock (40P01; another replica's upkeep and
        // workers touch the tables the partition's DDL locks), that side's transaction rolled back
        // whole, and create_queue does nothing for a queue that exists: it is tried again.
        for (let attempt = 1; ; attempt++) {
          try {
            await boss.createQueue(def.name, options);
            break;
          } catch (err) {
            if ((err as { code?: string }).code !== '40P01' || attempt >= QUEUE_CREATE_ATTEMPTS) throw err;
            this.log.warn({ queue: def.name, attempt }, 'creating a job queue met a deadlock with another process; trying again');
            await new Promise((r) => setTimeout(r, 50 * attempt + Math.random() * 100));
          }
        }
        if (work && def.cron) await boss.schedule(def.name, def.cron, def.cronData ?? {}, { tz: 'UTC' });
      }
    });
    if (work) for (const def of this.queues.values()) await this.work(def);
  }

  private async work(def: QueueDefinition): Promise<void> {
    const boss = this.boss!;
    const ids: string[] = [];
    const n = def.concurrency ?? 2;
    for (let i = 0; i < n; i++) {
      let self: string | undefined;
      const id = await boss.work(def.name, { pollingIntervalSeconds: this.opts.pollingSeconds ?? 0.5, batchSize: 1, includeMetadata: true }, async (jobs) => {
        // A worker that found work asks for more as soon as it is done: pg-boss otherwise waits out
        // the polling interval after every job, which caps a worker at one job per interval (the
        // nightly refresh of a thousand logins would take a thousand seconds). An empty queue
        // returns it to polling.
        if (self) boss.notifyWorker(self);
        for (const job of jobs) {
          // The data is the JSON object the job was sent with (Jobs.send takes objects only).
          const p = def.handler(job.data as object, { id: job.id, retryCount: job.retryCount });
          this.running.add(p);
          let failure: unknown = null;
          try {
            await p;
            this.counts.completed++;
          } catch (err) {
            failure = err;
            this.counts.failed++;
            this.log.warn({ err, queue: def.name, jobId: job.id }, 'job failed; pg-boss will retry it');
          }
          try {
            // Recorded here, once the database answers: pg-boss's own recording after this callback
            // then finds the job no longer active and changes nothing.
            if (await this.record(boss, def.name, job.id, failure)) continue;
          } finally {
            this.running.delete(p);
          }
          // Not recorded (stopping while the database is away): pg-boss tries once more, else the job expires and is retried.
          if (failure) throw failure instanceof Error ? failure : new Error('the job failed', { cause: failure });
        }
      });
      self = id;
      ids.push(id);
    }
    this.workerIds.set(def.name, ids);
  }

  /**
   * Marks a job completed, or failed (pg-boss then retries it per its queue's policy). While the
   * database is away this waits for it, so a job that was running during an outage, and failed for
   * it, is retried as soon as the database is back rather than when its expiry notices it. Answers
   * false when it gave up (the process is stopping, or an error other than the outage).
   */
  private async record(boss: PgBoss, name: string, id: string, failure: unknown): Promise<boolean> {
    for (let wait = RECORD_RETRY_MS.first; ; wait = Math.min(wait * 2, RECORD_RETRY_MS.max)) {
      try {
        if (failure) await boss.fail(name, id, failure);
        else await boss.complete(name, id);
        return true;
      } catch (err) {
        if (!isDbUnavailable(err) || this.stopping) {
          this.log.warn({ err, queue: name, jobId: id }, 'the outcome of a job could not be recorded; it runs again when it expires');
          return false;
        }
        this.logError(err);
        await new Promise((r) => setTimeout(r, wait));
      }
    }
  }

  /** pg-boss's errors: an outage is one line per interval, not one per worker per poll. */
  private logError(err: unknown): void {
    if (!isDbUnavailable(err)) {
      this.log.error({ err }, 'job system error');
      return;
    }
    const now = Date.now();
    if (now - this.lastOutageLog < OUTAGE_LOG_INTERVAL_MS) return;
    this.lastOutageLog = now;
    this.log.warn({ err }, 'the job system cannot reach the database; workers retry until it is back');
  }

  /**
   * Enqueues a job. Pass `q` (a transaction) to make the job part of the same
   * commit as the state change that caused it: rolled back together, never half.
   */
  async send<T extends object>(name: string, data: T, opts: { q?: Queryable; startAfterSeconds?: number; singletonKey?: string; id?: string } = {}): Promise<string | null> {
    const boss = this.requireBoss();
    const options: PgBoss.SendOptions = {};
    if (opts.startAfterSeconds) options.startAfter = opts.startAfterSeconds;
    if (opts.singletonKey) options.singletonKey = opts.singletonKey;
    if (opts.id) options.id = opts.id;
    if (opts.q) {
      const q = opts.q;
      options.db = { executeSql: async (text, values) => ({ rows: await q.query(text, values) }) };
    }
    const id = await boss.send(name, data, options);
    // Wake this process's idle worker at once rather than at its next poll.
    if (!opts.q && !opts.startAfterSeconds) this.nudge(name);
    return id;
  }

  /** Wakes this process's workers of a queue (after a transaction that enqueued work commits). */
  nudge(name: string): void {
    for (const wid of this.workerIds.get(name) ?? []) this.boss?.notifyWorker(wid);
  }

  stats(): { completed: number; failed: number; active: number } {
    return { ...this.counts, active: this.running.size };
  }

  async queueSize(name: string): Promise<number> {
    return this.requireBoss().getQueueSize(name);
  }

  /** Stops fetching new jobs, lets the running ones finish (or hands them back after `timeoutMs`). */
  async stop(timeoutMs = 20_000): Promise<void> {
    if (!this.boss) return;
    const boss = this.boss;
    this.boss = null;
    this.stopping = true;
    const until = Date.now() + timeoutMs;
    await boss.stop({ graceful: true, wait: true, timeout: timeoutMs, close: true });
    // A worker whose last poll was in flight when stop began can still hand out a job: let
    // such a handler finish too, and pg-boss's unawaited record after it, before the caller
    // closes the database under them.
    while ((this.running.size > 0 || this.bossQueries > 0) && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  }

  get started(): boolean {
    return this.boss !== null;
  }

  private requireBoss(): PgBoss {
    if (!this.boss) throw new Error('the job system is not started');
    return this.boss;
  }
}
