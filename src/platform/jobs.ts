/**
 * Durable background work through pg-boss, on PostgreSQL or on PGlite. Products
 * declare their queues (name, retry and expiry policy, handler, optional cron);
 * `serve` runs them in-process, `serve --no-workers` plus `worker` split them.
 * A job whose process dies stays `active` until it expires, then pg-boss hands
 * it to another worker: handlers are written to be idempotent for that reason.
 */
import PgBoss from 'pg-boss';
import type { Db, Queryable } from './db.ts';
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

export class Jobs {
  private boss: PgBoss | null = null;
  private readonly queues = new Map<string, QueueDefinition<any>>();
  private readonly workerIds = new Map<string, string[]>();
  private readonly running = new Set<Promise<unknown>>();
  private counts = { completed: 0, failed: 0 };

  constructor(
    private readonly db: Db,
    private readonly log: Logger,
    private readonly opts: { maintenanceSeconds: number; pollingSeconds?: number },
  ) {}

  define<T extends object>(def: QueueDefinition<T>): void {
    if (this.queues.has(def.name)) throw new Error(`queue ${def.name} is defined twice`);
    this.queues.set(def.name, def);
  }

  /** Starts pg-boss, creates the queues and, when `work` is true, runs their handlers here. */
  async start(work: boolean): Promise<void> {
    const boss = new PgBoss({
      ...this.db.bossOptions(),
      schema: 'pgboss',
      supervise: true,
      schedule: work,
      maintenanceIntervalSeconds: Math.max(1, this.opts.maintenanceSeconds),
      monitorStateIntervalSeconds: Math.max(1, this.opts.maintenanceSeconds),
    } as PgBoss.ConstructorOptions);
    boss.on('error', (err) => this.log.error({ err }, 'job system error'));
    await boss.start();
    this.boss = boss;
    // One process at a time: pg-boss creates a queue's partition with DDL on its shared job
    // table, and replicas starting together deadlock on it (see supabase/storage#703).
    await this.db.exclusive(QUEUES_LOCK_KEY, async () => {
      for (const def of this.queues.values()) {
        await boss.createQueue(def.name, {
          name: def.name,
          retryLimit: def.retryLimit ?? 5,
          retryDelay: def.retryDelaySeconds ?? 5,
          retryBackoff: def.retryBackoff ?? true,
          expireInSeconds: def.expireInSeconds ?? 300,
        });
        if (work && def.cron) await boss.schedule(def.name, def.cron, (def.cronData ?? {}) as object, { tz: 'UTC' });
      }
    });
    if (work) for (const def of this.queues.values()) await this.work(def);
  }

  private async work(def: QueueDefinition<any>): Promise<void> {
    const boss = this.boss!;
    const ids: string[] = [];
    const n = def.concurrency ?? 2;
    for (let i = 0; i < n; i++) {
      const id = await boss.work(def.name, { pollingIntervalSeconds: this.opts.pollingSeconds ?? 0.5, batchSize: 1, includeMetadata: true }, async (jobs) => {
        for (const job of jobs) {
          const p = def.handler(job.data, { id: job.id, retryCount: job.retryCount });
          this.running.add(p);
          try {
            await p;
            this.counts.completed++;
          } catch (err) {
            this.counts.failed++;
            this.log.warn({ err, queue: def.name, jobId: job.id }, 'job failed; pg-boss will retry it');
            throw err;
          } finally {
            this.running.delete(p);
          }
        }
      });
      ids.push(id);
    }
    this.workerIds.set(def.name, ids);
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
    const until = Date.now() + timeoutMs;
    await boss.stop({ graceful: true, wait: true, timeout: timeoutMs, close: true });
    // A worker whose last poll was in flight when stop began can still hand out a job: let
    // such a handler finish too before the caller closes the database under it.
    while (this.running.size > 0 && Date.now() < until) await new Promise((r) => setTimeout(r, 20));
  }

  get started(): boolean {
    return this.boss !== null;
  }

  private requireBoss(): PgBoss {
    if (!this.boss) throw new Error('the job system is not started');
    return this.boss;
  }
}
