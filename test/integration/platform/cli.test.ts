/**
 * The `maplelink` command as a user runs it: serve on a fresh data directory
 * answers /health within 60 s and drains on SIGTERM; migrate; tenant create; a worker's priority.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { waitFor } from '../../support/wait.ts';

const CLI = fileURLToPath(new URL('../../../bin/maplelink.js', import.meta.url));
const run = promisify(execFile);

function env(dir: string): NodeJS.ProcessEnv {
  const e: NodeJS.ProcessEnv = { ...process.env, DATA_DIR: dir, LOG_LEVEL: 'warn' };
  delete e.DATABASE_URL;
  return e;
}

test('serve: /health is 200 within 60 s on a fresh data directory, and SIGTERM drains and exits 0', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'maplelink-cli-'));
  const port = String(30000 + Math.floor(Math.random() * 20000));
  const started = Date.now();
  const child = spawn(process.execPath, [CLI, 'serve'], { env: { ...env(dir), PORT: port }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', (d) => (out += d));
  try {
    await waitFor('health 200', async () => {
      try {
        return (await fetch(`http://127.0.0.1:${port}/health`)).status === 200;
      } catch {
        return false;
      }
    }, 60_000, 200);
    assert.ok(Date.now() - started < 60_000);
    assert.match(out, new RegExp(`http://localhost:${port}`), 'prints its URL');
    const exit = new Promise<number | null>((r) => child.once('exit', (code) => r(code)));
    child.kill('SIGTERM');
    assert.equal(await exit, 0);
  } finally {
    if (child.exitCode === null) child.kill('SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  }
});

test('migrate is idempotent and tenant create prints the keys once', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'maplelink-cli-'));
  try {
    const first = await run(process.execPath, [CLI, 'migrate'], { env: env(dir) });
    assert.match(first.stdout, /applied: 0001_platform/);
    const second = await run(process.execPath, [CLI, 'migrate'], { env: env(dir) });
    assert.equal(second.stdout.trim(), 'schema is up to date');
    const created = await run(process.execPath, [CLI, 'tenant', 'create', '--name', 'Acme'], { env: env(dir) });
    const keys = JSON.parse(created.stdout.split('\n# ')[0]!);
    assert.match(keys.customerId, /^[0-9a-f-]{36}$/);
    assert.match(keys.secretKey, /^[0-9a-f-]{36}$/);
    assert.match(keys.apiKey, /^[0-9a-f-]{36}$/);
    assert.deepEqual(keys.policy, { requireAuthorizeToken: true, requireApiKey: true, requireBearerSecret: true });
    const bad = await run(process.execPath, [CLI, 'nonsense'], { env: env(dir) }).then(() => 0, (err: { code: number }) => err.code);
    assert.equal(bad, 2);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// Linux keeps a nice value per thread (setpriority(2), NOTES), and Node runs part of its work (V8's
// garbage collector and compiler helpers) on threads started before any code of ours: WORKER_NICE
// must reach them too, or a busy worker still competes with the API processes at full priority.
// With autogroup scheduling (sched(7)) sessions share the CPU before nice values count: a worker
// leading its own session (as a systemd service does) lowers its autogroup too; one sharing its
// starter's session (here, the test's) leaves that session's autogroup alone.
test('worker: WORKER_NICE lowers every thread of the process, and the autogroup of a session it leads', async () => {
  // One embedded directory each: a directory admits one process.
  const dirs = [mkdtempSync(join(tmpdir(), 'maplelink-cli-')), mkdtempSync(join(tmpdir(), 'maplelink-cli-'))];
  const autogroupNice = (pid: number | 'self') => {
    try {
      return Number(/nice (-?\d+)/.exec(readFileSync(`/proc/${pid}/autogroup`, 'utf8'))![1]);
    } catch {
      return null; // a kernel without autogroup scheduling
    }
  };
  const ours = autogroupNice('self');
  const threadsNice = (pid: number) => readdirSync(`/proc/${pid}/task`).map((tid) => {
    // /proc/<pid>/task/<tid>/stat: field 19 is the nice value; the command name (field 2) may hold spaces.
    const fields = readFileSync(`/proc/${pid}/task/${tid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return Number(fields[16]);
  });
  // The priority is set first thing, before the worker opens its database: the test waits for it, not for the start.
  const workers = [false, true].map((detached) => spawn(process.execPath, [CLI, 'worker'], { env: { ...env(dirs[Number(detached)]!), WORKER_NICE: '7' }, stdio: 'ignore', detached }));
  try {
    for (const child of workers) {
      const nice = await waitFor('the worker to lower its priority', () => {
        const n = threadsNice(child.pid!);
        return n.length > 1 && n.every((v) => v === 7) ? n : null;
      }, 60_000, 50);
      assert.deepEqual(nice, nice.map(() => 7));
    }
    assert.equal(autogroupNice('self'), ours, "the test's own session keeps its autogroup's nice");
    if (ours !== null) await waitFor('the session leader to lower its autogroup', () => autogroupNice(workers[1]!.pid!) === 7, 10_000, 50);
  } finally {
    await Promise.all(workers.map((child) => {
      const exit = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      return exit;
    }));
    for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
  }
});
