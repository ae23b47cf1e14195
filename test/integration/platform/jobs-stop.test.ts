/**
 * Stopping the job system leaves nothing running on the database: a poll that was in flight when
 * stop() began can still hand out a job, and pg-boss records that job's outcome without awaiting
 * it. stop() must wait for both, or the caller closes the database under them (a CI run on
 * PostgreSQL failed with "Cannot use a pool after calling end on the pool" from pg-boss's complete).
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDb, type BossDbOptions, type Db } from '../../../src/platform/db.ts';
import { Jobs } from '../../../src/platform/jobs.ts';
import { createLogger } from '../../../src/platform/logger.ts';
import { waitFor } from '../../support/wait.ts';

/** The database as pg-boss sees it, with its job fetches held back until `release()`. */
function withSlowFetch(db: Db) {
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  const state = { fetchesWaiting: 0, stopped: false, queriesAfterStop: [] as string[], release };
  const bossOptions = (): BossDbOptions => {
    const inner = db.bossOptions().db;
    return {
      db: {
        async executeSql(text, values) {
          if (state.stopped) state.queriesAfterStop.push(text.trim().split('\n')[0]!);
          if (/FOR UPDATE SKIP LOCKED/.test(text)) {
            state.fetchesWaiting++;
            await released;
          }
          return inner.executeSql(text, values);
        },
      },
    };
  };
  const wrapped = new Proxy(db, { get: (t, k) => (k === 'bossOptions' ? bossOptions : Reflect.get(t, k)) });
  return { db: wrapped, state };
}

test('stop() waits for a job handed out by a poll in flight, and for its recorded outcome', async () => {
  const real = await openDb({ databaseUrl: null, dataDir: 'memory://' });
  try {
    const { db, state } = withSlowFetch(real);
    const handled: string[] = [];
    const jobs = new Jobs(db, createLogger('silent'), { maintenanceSeconds: 60, pollingSeconds: 0.5 });
    jobs.define({
      name: 'test.stop',
      concurrency: 1,
      handler: async (data: { n: number }) => {
        await new Promise((r) => setTimeout(r, 150));
        handled.push(String(data.n));
      },
    });
    await jobs.start(true);
    await jobs.send('test.stop', { n: 1 });
    await waitFor('a fetch to be in flight', () => state.fetchesWaiting > 0, 10_000, 10);
    const stopping = jobs.stop(10_000);
    // The poll answers only after stop began: it hands out the job.
    setTimeout(() => state.release(), 100);
    await stopping;
    state.stopped = true;
    assert.deepEqual(handled, ['1'], 'the job handed out during stop ran before stop() resolved');
    assert.equal(jobs.stats().completed, 1);
    await new Promise((r) => setTimeout(r, 300));
    assert.deepEqual(state.queriesAfterStop, [], 'no query reached the database after stop() resolved');
    const [row] = await real.query<{ state: string }>("select state from pgboss.job where name = 'test.stop'");
    assert.equal(row?.state, 'completed');
  } finally {
    await real.close();
  }
});
