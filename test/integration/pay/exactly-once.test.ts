/**
 * A payment lands in exactly one CPA-005 file, even with two worker processes
 * running the cut-off at once and one of them killed (-9) in the middle of it.
 * PostgreSQL only: several processes share one database (a PGlite directory
 * belongs to one process). CI always runs the PostgreSQL suite.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { onPostgres, startTestApp, type TestApp } from '../../support/app.ts';
import { PayClient, debit, payToday, plusDays } from '../../support/pay.ts';
import { readCpa005 } from '../../support/cpa005-reader.ts';
import { waitFor } from '../../support/wait.ts';
import { CUTOFF_CUSTOMER_QUEUE, CUTOFF_QUEUE } from '../../../src/pay/index.ts';

const WORKER = fileURLToPath(new URL('../../support/pay-worker.ts', import.meta.url));
const children: ChildProcess[] = [];
/** Every process of the test shares one master key (PAD links are stored encrypted). */
const MASTER_KEY = 'a1'.repeat(32);
let t: TestApp | undefined;

after(async () => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  await t?.stop();
});

interface Worker {
  child: ChildProcess;
  out: () => string;
}

function startWorker(databaseUrl: string): Promise<Worker> {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    DATA_DIR: 'memory://',
    MAPLELINK_MASTER_KEY: MASTER_KEY,
    JOBS_MAINTENANCE_SECONDS: '1',
    JOBS_POLL_SECONDS: '0.5',
    PAY_CUTOFF_EXPIRE_SECONDS: '4',
    PAY_TEST_PAUSE_MS: '1500',
    LOG_LEVEL: 'silent',
  };
  const child = spawn(process.execPath, ['--import', 'tsx', WORKER], { env, stdio: ['ignore', 'pipe', 'inherit'] });
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

if (onPostgres) test('two workers, kill -9 mid cut-off: every payment in exactly one file', { timeout: 180_000 }, async () => {
  // The queue is created by the first process to start: its expiry must be the short one too.
  process.env.PAY_CUTOFF_EXPIRE_SECONDS = '4';
  t = await startTestApp({ MAPLELINK_MASTER_KEY: MASTER_KEY }, { workers: false });
  const p = t.app.platform;
  const today = payToday(p.clock.now());
  const valueDate = plusDays(today, 800);

  // Three customers, each with four weekly schedules of 100 payments (1,200 payments).
  const customers: PayClient[] = [];
  for (let c = 0; c < 3; c++) {
    const made = await p.tenants.create({ name: `Originator ${c}` });
    const client = new PayClient(t.url, { customerId: made.tenant.id, secretKey: made.secretKey, apiKey: made.apiKey });
    customers.push(client);
    for (let s = 0; s < 4; s++) {
      const sched = await client.create(debit(today, { amount: 1 + c + s / 100, scheduleInfo: { paymentFrequency: 'Weekly', startDate: plusDays(today, 1 + s), transactionsCount: 100 } }));
      await client.signPad(sched.padId);
    }
  }
  const total = (await p.db.query<{ n: number }>('select count(*)::int as n from pay_eft_payments'))[0]!.n;
  assert.equal(total, 1200);

  const [a, b] = await Promise.all([startWorker(t.databaseUrl!), startWorker(t.databaseUrl!)]);
  // The daily job, plus a duplicate cut-off job per customer (a second run racing the first).
  await p.jobs.send(CUTOFF_QUEUE, { valueDate });
  for (const c of customers) await p.jobs.send(CUTOFF_CUSTOMER_QUEUE, { customerId: c.creds.customerId, valueDate });

  const victim = await waitFor('a worker to lock a cut-off', () => (a.out().includes('locked') ? a : b.out().includes('locked') ? b : null), 60_000, 10);
  victim.child.kill('SIGKILL');
  await new Promise((r) => victim.child.once('exit', r));
  const survivor = victim === a ? b : a;

  await waitFor('every customer filed', async () => {
    const rows = await p.db.query<{ n: number }>('select count(*)::int as n from pay_cutoffs where value_date = $1 and file_id is not null', [valueDate]);
    return rows[0]!.n === 3;
  }, 120_000, 200);
  await waitFor('the cut-off queues drained', async () => (await p.jobs.queueSize(CUTOFF_CUSTOMER_QUEUE)) === 0, 60_000, 200);
  // Let any job still running (a late duplicate) finish before checking.
  await waitFor('no cut-off job active', async () => {
    const rows = await p.db.query<{ n: number }>("select count(*)::int as n from pgboss.job where name = $1 and state = 'active'", [CUTOFF_CUSTOMER_QUEUE]);
    return rows[0]!.n === 0;
  }, 60_000, 200);

  assert.ok(survivor.out().includes('locked'), 'the surviving worker did cut-offs');
  const files = await p.db.query<{ id: string; customer_id: string; file_creation_number: number; originator_id: string }>('select id, customer_id, file_creation_number, originator_id from pay_files where value_date = $1', [valueDate]);
  assert.equal(files.length, 3, 'one file per customer');
  assert.equal(new Set(files.map((f) => f.customer_id)).size, 3);
  assert.equal(new Set(files.map((f) => `${f.originator_id}/${f.file_creation_number}`)).size, 3, 'file creation numbers never repeat for an originator');

  const unfiled = await p.db.query<{ n: number }>('select count(*)::int as n from pay_eft_payments where file_id is null');
  assert.equal(unfiled[0]!.n, 0);
  const statuses = await p.db.query<{ status: string; n: number }>("select status, count(*)::int as n from pay_payment_requests where kind = 'eft' group by status");
  assert.deepEqual(statuses, [{ status: 'Processed', n: 1200 }]);

  // Read every file back: each payment's cross reference appears once over all files.
  const seen = new Map<string, number>();
  for (const f of files) {
    const client = customers.find((c) => c.creds.customerId === f.customer_id)!;
    const parsed = readCpa005(await client.fileText(f.id));
    const segs = parsed.details.flatMap((d) => d.segments);
    assert.equal(segs.length, 400);
    assert.equal(Number(parsed.trailer.debitCount), 400);
    for (const s of segs) seen.set(s.crossReference!, (seen.get(s.crossReference!) ?? 0) + 1);
  }
  assert.equal(seen.size, 1200);
  assert.ok([...seen.values()].every((n) => n === 1), 'no payment in two files');
  const xrefs = await p.db.query<{ xref: string }>('select lpad(xref::text, 19, \'0\') as xref from pay_eft_payments');
  assert.deepEqual(new Set(xrefs.map((x) => x.xref)), new Set(seen.keys()));
});
