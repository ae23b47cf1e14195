/**
 * `maplelink tenant ...` beside a running server (issue 13, point 3), with real processes:
 * `maplelink serve` on a fresh directory and a free port, then the CLI as an operator
 * types it. A customer the CLI creates is accepted by the running server at once; the
 * commands go through the operator API (found through the directory's lock, keyed by the
 * generated key file) and, once the server is stopped, straight to the database, where
 * what was created through the server is still there. On PostgreSQL too.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { call, freshPostgresDatabase, onPostgres } from '../../support/app.ts';
import { cliEnv, freePort, run, serve, stop, type Proc } from '../../support/processes.ts';

const dirs: string[] = [];
const procs: Proc[] = [];
after(async () => {
  for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL');
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
function tempDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'maplelink-tenant-'));
  dirs.push(d);
  return d;
}

/** What `tenant create` and `rotate-secret` print: JSON, then a comment line. */
const json = (stdout: string) => JSON.parse(stdout.split('\n# ')[0]!);

async function tenant(args: string[], env: NodeJS.ProcessEnv) {
  const r = await run(['tenant', ...args], env);
  return { ...r, through: /# through the server at/.test(r.stderr) };
}

const authorizeToken = (port: number, customerId: string, secret: string) =>
  call(`http://127.0.0.1:${port}/v3/${customerId}/BankingServices/GenerateAuthorizeToken`, { method: 'POST', headers: { 'flinks-auth-key': secret } });

test('embedded: with serve running, tenant create prints a customer the server accepts at once; list, show, rotate-secret, delete; after the server stops, the database directly', async () => {
  const dir = tempDir();
  const port = await freePort();
  const env = cliEnv({ DATA_DIR: dir });
  const server = await serve(port, env);
  procs.push(server);

  // The key generated at first start: printed once, saved owner-only, and what the CLI uses.
  const printed = /Operator key \(shown once[^\n]*\n\s+(mlop_\S+)/.exec(server.out());
  assert.ok(printed, server.out());
  const keyFile = join(dir, 'operator.key');
  assert.equal(readFileSync(keyFile, 'utf8').trim(), printed[1]);
  assert.equal(statSync(keyFile).mode & 0o777, 0o600);

  const created = await tenant(['create', '--name', 'X'], env);
  assert.equal(created.code, 0, created.stderr);
  assert.ok(created.through, 'went through the running server');
  const c = json(created.stdout);
  assert.equal(c.name, 'X');
  const accepted = await authorizeToken(port, c.customerId, c.secretKey);
  assert.equal(accepted.status, 200, accepted.text);
  assert.match(accepted.body.Token, /^[0-9a-f-]{36}$/);

  const listed = await tenant(['list'], env);
  assert.equal(listed.code, 0, listed.stderr);
  assert.ok(JSON.parse(listed.stdout).some((x: any) => x.customerId === c.customerId && x.name === 'X'));
  const shown = await tenant(['show', c.customerId], env);
  assert.equal(JSON.parse(shown.stdout).name, 'X');

  const rotated = await tenant(['rotate-secret', c.customerId], env);
  assert.equal(rotated.code, 0, rotated.stderr);
  const fresh = json(rotated.stdout).secretKey;
  assert.equal((await authorizeToken(port, c.customerId, c.secretKey)).status, 401, 'the old secret stops working at once');
  assert.equal((await authorizeToken(port, c.customerId, fresh)).status, 200);

  // A wrong key is refused by the server; the CLI says so and changes nothing.
  const wrong = await tenant(['list'], { ...env, MAPLELINK_OPERATOR_KEY: 'not-the-key' });
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /operator key/);

  const unconfirmed = await tenant(['delete', c.customerId], env);
  assert.equal(unconfirmed.code, 2);
  assert.match(unconfirmed.stderr, /--yes/);
  assert.equal((await authorizeToken(port, c.customerId, fresh)).status, 200, 'still there');
  const deleted = await tenant(['delete', c.customerId, '--yes'], env);
  assert.equal(deleted.code, 0, deleted.stderr);
  assert.equal(json(deleted.stdout).deleted.customers, 1);
  assert.equal((await authorizeToken(port, c.customerId, fresh)).status, 401);
  const absent = await tenant(['show', c.customerId], env);
  assert.equal(absent.code, 1);
  assert.match(absent.stderr, /no customer/);

  // Created through the server, then read from the database once the server has stopped.
  const kept = json((await tenant(['create', '--name', 'Kept'], env)).stdout);
  assert.equal(await stop(server), 0);
  const offline = await tenant(['list'], env);
  assert.equal(offline.code, 0, offline.stderr);
  assert.ok(!offline.through, 'no server: the database directly');
  assert.ok(JSON.parse(offline.stdout).some((x: any) => x.customerId === kept.customerId));

  // A second start prints no key (it exists), and the saved one still works.
  const again = await serve(port, env);
  procs.push(again);
  assert.doesNotMatch(again.out(), /Operator key/);
  const shownAgain = await tenant(['show', kept.customerId], env);
  assert.ok(shownAgain.through);
  assert.equal(JSON.parse(shownAgain.stdout).name, 'Kept');
  assert.equal((await authorizeToken(port, kept.customerId, kept.secretKey)).status, 200);
  assert.equal(await stop(again), 0);
});

if (onPostgres) test('PostgreSQL: through the server named by MAPLELINK_URL, and directly without it; both accepted at once', async () => {
  const db = await freshPostgresDatabase();
  try {
    const dir = tempDir();
    const port = await freePort();
    const env = cliEnv({ DATA_DIR: dir, DATABASE_URL: db.url });
    const server = await serve(port, env);
    procs.push(server);

    const viaApi = await tenant(['create', '--name', 'Via API'], { ...env, MAPLELINK_URL: `http://127.0.0.1:${port}` });
    assert.equal(viaApi.code, 0, viaApi.stderr);
    assert.ok(viaApi.through);
    const a = json(viaApi.stdout);
    assert.equal((await authorizeToken(port, a.customerId, a.secretKey)).status, 200);

    const direct = await tenant(['create', '--name', 'Direct'], env);
    assert.equal(direct.code, 0, direct.stderr);
    assert.ok(!direct.through);
    const d = json(direct.stdout);
    assert.equal((await authorizeToken(port, d.customerId, d.secretKey)).status, 200);

    const deleted = await tenant(['delete', a.customerId, '--yes', '--url', `http://127.0.0.1:${port}`], env);
    assert.equal(deleted.code, 0, deleted.stderr);
    assert.equal((await authorizeToken(port, a.customerId, a.secretKey)).status, 401);

    // A named server that does not answer is an error, not a silent write elsewhere.
    const down = await tenant(['list', '--url', `http://127.0.0.1:${await freePort()}`], env);
    assert.equal(down.code, 1);
    assert.match(down.stderr, /does not answer/);
    assert.equal(await stop(server), 0);
  } finally {
    await db.drop();
  }
});
