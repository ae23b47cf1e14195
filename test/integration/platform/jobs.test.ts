/**
 * Durable jobs: a job survives kill -9 of its worker and completes after a restart
 * (on PostgreSQL, and on a PGlite directory); two worker processes never run one
 * job twice (PostgreSQL: a PGlite directory belongs to one process).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, type Db } from '../../../src/platform/db.ts';
import { Jobs } from '../../../src/platform/jobs.ts';
import { createLogger } from '../../../src/platform/logger.ts';
import { freshPostgresDatabase, onPostgres } from '../../support/app.ts';
import { waitFor } from '../../support/wait.ts';

const WORKER = fileURLToPath(new URL('../../support/job-worker.ts', import.meta.url));

let dbInfo: { url: string; drop(): Promise<void> };
let db: Db;
let producer: Jobs;
const children: ChildProcess[] = [];

interface Worker {
  child: ChildProcess;
  out: () => string;
}

function startWorker(env: Record<string, string> = { DATABASE_URL: dbInfo.url }): Promise<Worker> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, ...env };
  if (!env.DATABASE_URL) delete childEnv.DATABASE_URL;
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], { env: childEnv, stdio: ['ignore', 'pipe', 'inherit'] });
  children.push(child);
  let out = '';
  return new Promise((resolve, reject) => {
    child.stdout!.on('data', (d) => {
      out += String(d);
      if (out.includes('ready')) resolve({ child, out: () => out });
    });
    child.on('exit', (code) => reject(new Error(`worker exited with ${code}`)));
  });
}


before(async () => {
  if (!onPostgres) return;
  dbInfo = await freshPostgresDatabase();
  db = await openDb({ databaseUrl: dbInfo.url, dataDir: 'memory://' });
  await db.exec('create table job_runs (job_id uuid not null, pid int not null, at timestamptz not null default now()); create table job_done (job_id uuid primary key, pid int not null)');
  producer = new Jobs(db, createLogger('silent'), { maintenanceSeconds: 1 });
  producer.define({ name: 'test.slow', expireInSeconds: 3, retryLimit: 5, retryDelaySeconds: 0, retryBackoff: false, handler: async () => {} });
  await producer.start(false);
});

after(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  if (!onPostgres) return;
  await producer.stop(1000);
  await db.close();
  await dbInfo.drop();
});

test('a job survives kill -9 of its worker and completes after restart (embedded PGlite directory)', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'maplelink-jobs-'));
  try {
    const first = await startWorker({ DATA_DIR: dir, ENQUEUE_SLEEP_MS: '1500' });
    const id = /enqueued (\S+)/.exec(first.out())![1]!;
    await waitFor('the first worker to start the job', () => first.out().includes(`started ${id}`));
    first.child.kill('SIGKILL');
    await new Promise((r) => first.child.once('exit', r));
    assert.ok(!first.out().includes(`done ${id}`), 'killed mid-job: not done');
    const second = await startWorker({ DATA_DIR: dir });
    await waitFor('the job to complete after restart', () => second.out().includes(`done ${id}`), 30_000);
    second.child.kill('SIGTERM');
    await new Promise((r) => second.child.once('exit', r));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// The PostgreSQL tests are registered in the PostgreSQL run (TEST_DATABASE_URL), which CI always makes.
if (onPostgres) test('a job survives kill -9 of its worker and completes after restart (PostgreSQL)', async () => {
  const { child: first } = await startWorker();
  const id = (await producer.send('test.slow', { sleepMs: 1500 }))!;
  await waitFor('the first worker to start the job', async () => (await db.query('select 1 from job_runs where job_id = $1', [id])).length > 0);
  first.kill('SIGKILL');
  await new Promise((r) => first.once('exit', r));
  assert.equal((await db.query('select 1 from job_done where job_id = $1', [id])).length, 0, 'killed mid-job: not done');
  const { child: second } = await startWorker();
  const done = await waitFor('the job to complete after restart', async () => (await db.query<{ pid: number }>('select pid from job_done where job_id = $1', [id]))[0]);
  assert.equal(done.pid, second.pid);
  const runs = await db.query<{ pid: number }>('select pid from job_runs where job_id = $1 order by at', [id]);
  assert.deepEqual(runs.map((r) => r.pid), [first.pid, second.pid]);
  second.kill('SIGTERM');
  await new Promise((r) => second.once('exit', r));
});

if (onPostgres) test('two worker processes never run one job twice', async () => {
  const workers = (await Promise.all([startWorker(), startWorker()])).map((w) => w.child);
  const ids: string[] = [];
  for (let i = 0; i < 40; i++) ids.push((await producer.send('test.slow', { sleepMs: 30 }))!);
  await waitFor('all jobs done', async () => (await db.query<{ n: number }>('select count(*)::int as n from job_done where job_id = any($1::uuid[])', [ids]))[0]!.n === ids.length);
  const runs = await db.query<{ job_id: string; n: number; pids: number }>('select job_id, count(*)::int as n from job_runs where job_id = any($1::uuid[]) group by job_id', [ids]);
  assert.equal(runs.length, ids.length);
  for (const r of runs) assert.equal(r.n, 1, `job ${r.job_id} ran ${r.n} times`);
  const pids = await db.query<{ pid: number }>('select distinct pid from job_runs where job_id = any($1::uuid[]) order by pid', [ids]);
  assert.deepEqual(pids.map((r) => r.pid), workers.map((w) => w.pid!).sort((a, b) => a - b), 'both workers took jobs');
});
