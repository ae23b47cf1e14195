/**
 * One process per embedded data directory (issue 13, point 2), with real processes:
 * a second `maplelink serve` on the same DATA_DIR exits non-zero within 5 s naming the
 * first, which keeps answering; a refused process writes nothing; a lock left by a
 * process killed with -9, by a PID since reused, or by a crash mid-write is taken over.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { acquireDataDirLock, DataDirInUseError, LOCK_FILE, readDataDirLock } from '../../../src/platform/datadir-lock.ts';
import { cliEnv, freePort, healthy, run, serve, start, stop, type Proc } from '../../support/processes.ts';
import { waitFor } from '../../support/wait.ts';

const HOLDER = fileURLToPath(new URL('../../support/lock-holder.ts', import.meta.url));
const dirs: string[] = [];
const procs: Proc[] = [];
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'maplelink-lock-'));
  dirs.push(d);
  return d;
}
after(async () => {
  for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

const lockOf = (dir: string) => JSON.parse(readFileSync(join(dir, LOCK_FILE), 'utf8'));

/** Every file under dir with its size, modification time and content digest. */
function snapshot(dir: string, skip: string[] = []): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const s = statSync(p);
      if (s.isDirectory()) walk(p);
      else if (!skip.includes(p)) out.set(p, `${s.size} ${s.mtimeMs} ${createHash('sha256').update(readFileSync(p)).digest('hex')}`);
    }
  };
  walk(dir);
  return out;
}

test('a second serve on the same DATA_DIR exits non-zero within 5 s naming the first, which keeps answering; after kill -9 the lock is taken over', async () => {
  const dir = tempDir();
  const port = await freePort();
  const first = await serve(port, cliEnv({ DATA_DIR: dir }));
  procs.push(first);
  const holder = lockOf(dir);
  assert.equal(holder.pid, first.child.pid);
  assert.equal(holder.url, `http://127.0.0.1:${port}`, 'the lock records where the server listens');

  const second = await run(['serve'], cliEnv({ DATA_DIR: dir, PORT: String(await freePort()) }), 30_000);
  assert.notEqual(second.code, 0);
  assert.ok(second.ms < 5_000, `refused after ${second.ms} ms`);
  assert.match(second.stderr, new RegExp(`in use by another Maplelink process: pid ${first.child.pid}\\b`));
  assert.match(second.stderr, new RegExp(`listening at http://127\\.0\\.0\\.1:${port}`));
  assert.ok(await healthy(port), 'the first server keeps answering');
  assert.equal(lockOf(dir).nonce, holder.nonce, 'the lock is still the first server’s');

  // migrate (and every command that opens the directory) is refused the same way.
  const migrate = await run(['migrate'], cliEnv({ DATA_DIR: dir }), 30_000);
  assert.equal(migrate.code, 1);
  assert.match(migrate.stderr, new RegExp(`pid ${first.child.pid}\\b`));

  // A process killed with -9 leaves its lock behind: the next one sees it is dead and takes over.
  first.child.kill('SIGKILL');
  await first.exited;
  assert.equal(readDataDirLock(dir)?.state, 'dead');
  const port3 = await freePort();
  const third = await serve(port3, cliEnv({ DATA_DIR: dir }));
  procs.push(third);
  assert.equal(lockOf(dir).pid, third.child.pid);
  assert.equal(await stop(third), 0);
  assert.equal(readDataDirLock(dir), null, 'a drained server removes its lock');
});

test('a refused process writes nothing: the directory is byte for byte as it was', async () => {
  const dir = tempDir();
  const migrated = await run(['migrate'], cliEnv({ DATA_DIR: dir }));
  assert.equal(migrated.code, 0, migrated.stderr);
  // A live holder that touches nothing but its lock's heartbeat.
  const holder = spawn(process.execPath, ['--import', 'tsx', HOLDER], { env: cliEnv({ DATA_DIR: dir }), stdio: ['ignore', 'pipe', 'inherit'] });
  let said = '';
  holder.stdout!.on('data', (d) => (said += String(d)));
  const holderExit = new Promise((r) => holder.once('exit', r));
  try {
    await waitFor('the holder to take the lock', () => said.includes('held'), 30_000);
    const lockPath = join(dir, LOCK_FILE);
    const lockText = readFileSync(lockPath, 'utf8');
    const before = snapshot(dir, [lockPath]);
    for (const args of [['serve'], ['migrate'], ['worker']]) {
      const r = await run(args, cliEnv({ DATA_DIR: dir, PORT: String(await freePort()) }), 30_000);
      assert.equal(r.code, 1, `${args[0]}: ${r.stderr}`);
      assert.ok(r.ms < 5_000, `${args[0]} refused after ${r.ms} ms`);
      assert.match(r.stderr, new RegExp(`pid ${holder.pid}\\b`));
    }
    assert.deepEqual(snapshot(dir, [lockPath]), before);
    assert.equal(readFileSync(lockPath, 'utf8'), lockText);
  } finally {
    holder.kill('SIGKILL');
    await holderExit;
  }
});

test('stale locks are taken over: a dead PID, a reused PID, a previous boot, a half-written file; a live one elsewhere is not', async () => {
  const dir = tempDir();
  const path = join(dir, LOCK_FILE);
  const write = (fields: Record<string, unknown>, ageMs = 0) => {
    const live = JSON.parse(readFileSync(path, 'utf8'));
    writeFileSync(path, JSON.stringify({ ...live, nonce: 'someone-else', ...fields }));
    const t = new Date(Date.now() - ageMs);
    utimesSync(path, t, t);
  };
  // A reference lock with this machine's identity, then variations on it.
  const mine = await acquireDataDirLock(dir, 'serve');
  const keep = readFileSync(path, 'utf8');
  mine.release();
  writeFileSync(path, keep);

  // A process that is alive (this test's sleeping child), recorded with its real start time: refused.
  const sleeper = spawn(process.execPath, ['-e', 'setInterval(() => {}, 60000)'], { stdio: 'ignore' });
  const sleeperExit = new Promise((r) => sleeper.once('exit', r));
  try {
    const stat = readFileSync(`/proc/${sleeper.pid}/stat`, 'utf8');
    const startTicks = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[19];
    write({ pid: sleeper.pid, startTicks });
    await assert.rejects(acquireDataDirLock(dir, 'serve'), (err: Error) => err instanceof DataDirInUseError && err.message.includes(`pid ${sleeper.pid}`));
    // The same PID recorded with another start time: the PID was reused by a later program.
    write({ pid: sleeper.pid, startTicks: '1' });
    (await acquireDataDirLock(dir, 'serve')).release();
  } finally {
    sleeper.kill('SIGKILL');
    await sleeperExit;
  }
  // Its PID once it has exited.
  writeFileSync(path, keep);
  write({ pid: sleeper.pid });
  (await acquireDataDirLock(dir, 'serve')).release();
  // A lock from before a reboot, whatever its PID (here one that exists: our parent's).
  writeFileSync(path, keep);
  write({ pid: process.ppid, bootId: '00000000-0000-0000-0000-000000000000' });
  (await acquireDataDirLock(dir, 'serve')).release();
  // Our own PID in a lock this process does not hold: a previous life of the PID (a container's PID 1).
  writeFileSync(path, keep);
  write({ pid: process.pid });
  (await acquireDataDirLock(dir, 'serve')).release();
  // Half a file, old: a crash mid-write.
  writeFileSync(path, '{"pid": 12');
  const old = new Date(Date.now() - 60_000);
  utimesSync(path, old, old);
  (await acquireDataDirLock(dir, 'serve')).release();
  // Another host: its PID cannot be checked; its heartbeat can.
  writeFileSync(path, keep);
  write({ hostname: `not-${hostname()}`, pid: 1 });
  await assert.rejects(acquireDataDirLock(dir, 'serve'), (err: Error) => err instanceof DataDirInUseError && err.message.includes(`on host not-${hostname()}`));
  write({ hostname: `not-${hostname()}`, pid: 1 }, 60_000);
  (await acquireDataDirLock(dir, 'serve')).release();
  // A second open inside one process is refused too.
  const held = await acquireDataDirLock(dir, 'serve');
  await assert.rejects(acquireDataDirLock(dir, 'serve'), DataDirInUseError);
  held.release();
  assert.equal(readDataDirLock(dir), null);
});

test('two processes starting together on a fresh directory: exactly one serves', async () => {
  const dir = tempDir();
  const ports = [await freePort(), await freePort()];
  const both = ports.map((port) => start(['serve'], cliEnv({ DATA_DIR: dir, PORT: String(port) })));
  procs.push(...both);
  const refused = await Promise.race(both.map((p, i) => p.exited.then((code) => ({ i, code }))));
  assert.equal(refused.code, 1, both[refused.i]!.err());
  const winner = both[1 - refused.i]!;
  await waitFor('the other to serve', () => healthy(ports[1 - refused.i]!), 120_000, 200);
  assert.equal(lockOf(dir).pid, winner.child.pid);
  assert.equal(await stop(winner), 0);
});
