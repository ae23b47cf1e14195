/**
 * Aggregation: fetching a login's accounts, holder and transactions from its
 * connector into storage, as a pg-boss job. A login is marked `running` in the
 * same transaction that enqueues the job; the job writes idempotently (stable
 * ids, no duplicate transactions), so a job re-run after a crash is harmless.
 */
import type { Queryable } from '../platform/db.ts';
import type { Platform } from '../platform/platform.ts';
import { isoDate } from '../platform/clock.ts';
import type { ConnectStore } from './store.ts';
import type { Connector } from './connectors/connector.ts';

export const AGGREGATE_QUEUE = 'connect.aggregate';

export interface AggregateJob {
  customerId: string;
  loginId: string;
}

/** What happens once a login's data is stored (webhooks), inside the same transaction. */
export type OnAggregated = (q: Queryable, customerId: string, loginId: string) => Promise<void>;

export class Aggregation {
  private nudgePending = false;
  private onAggregated: OnAggregated | null = null;
  private connectorForLogin: ((q: Queryable, customerId: string, loginId: string) => Promise<{ connector: Connector; login: import('./store.ts').LoginRow } | null>) | null = null;

  constructor(private readonly p: Platform, private readonly store: ConnectStore) {}

  wire(opts: { onAggregated: OnAggregated; connectorForLogin: Aggregation['connectorForLogin'] }): void {
    this.onAggregated = opts.onAggregated;
    this.connectorForLogin = opts.connectorForLogin;
  }

  define(): void {
    this.p.jobs.define<AggregateJob>({
      name: AGGREGATE_QUEUE,
      handler: (data, meta) => this.run(data, meta.retryCount),
      retryLimit: 3,
      retryDelaySeconds: 2,
      expireInSeconds: 120,
      concurrency: 2,
    });
  }

  /**
   * Marks the login running and enqueues its job inside transaction `q`.
   * pending/dispatched logins (sandbox users test_pending, test_dispatched) start a few seconds later, so clients see 202s.
   */
  async enqueue(q: Queryable, customerId: string, loginId: string, kind: 'normal' | 'pending' | 'dispatched'): Promise<boolean> {
    const started = await this.store.startAggregation(q, customerId, loginId, this.p.clock.now());
    if (!started) return false;
    await this.p.jobs.send<AggregateJob>(AGGREGATE_QUEUE, { customerId, loginId }, { q, startAfterSeconds: kind === 'normal' ? 0 : 3 });
    this.nudgePending = true;
    return true;
  }

  /** After the enqueuing transaction committed: wake the local worker instead of waiting for its next poll. */
  flush(): void {
    if (!this.nudgePending) return;
    this.nudgePending = false;
    this.p.jobs.nudge(AGGREGATE_QUEUE);
  }

  async run(job: AggregateJob, retryCount: number): Promise<void> {
    await this.p.refreshClock();
    const found = await this.connectorForLogin!(this.p.db, job.customerId, job.loginId);
    if (!found || found.login.aggregation_state !== 'running') return; // deleted, or a duplicate of a finished job
    const { connector, login } = found;
    try {
      const data = await connector.fetch(login.profile, { id: login.id, dataStart: login.data_start, asOf: isoDate(this.p.clock.now()) });
      await this.p.db.tx(async (q) => {
        // Locked and looked at again: the login may have been deleted while its data was fetched.
        const current = await this.store.findLogin(q, job.customerId, login.id, 'update');
        if (!current || current.aggregation_state !== 'running') return;
        await this.store.saveLoginData(q, job.customerId, login.id, data);
        await this.store.finishAggregation(q, job.customerId, login.id, true, this.p.clock.now(), null);
        await this.onAggregated?.(q, job.customerId, login.id);
      });
    } catch (err) {
      if (retryCount >= 3) await this.store.finishAggregation(this.p.db, job.customerId, login.id, false, this.p.clock.now(), 'AGGREGATION_ERROR');
      throw err;
    }
  }
}
