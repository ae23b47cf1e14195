/**
 * The customers' short-lived cache (a key check per request costs no query). On PostgreSQL a
 * copy in the last tenth of its life is re-read in the background: the caller never waits for
 * that read, a copy is never used past its time, and a copy forgotten meanwhile (a rotated key,
 * a deletion) is not brought back. On the embedded database nothing is read ahead.
 *
 * The database is a stand-in that counts and holds its reads; the clock (Date) is mocked, so the
 * copy's age is set exactly, not slept for.
 */
import { afterEach, beforeEach, mock, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { Keyring } from '../../../src/platform/crypto.ts';
import { Tenants } from '../../../src/platform/tenants.ts';
import type { Db } from '../../../src/platform/db.ts';

const TTL = 3_000;
const ID = '7d0cf3b4-3a55-4f1e-9d8e-0a3c2e9b6c11';

/** A database that answers one customer row, each read held until released (or failed). */
function heldDb(kind: Db['kind']) {
  const gates: { open: () => void; fail: (e: Error) => void }[] = [];
  let name = 'First name';
  const db = {
    kind,
    reads: 0,
    async query(sql: string, params: unknown[]) {
      assert.match(sql, /from customers where id = \$1/);
      assert.deepEqual(params, [ID]);
      db.reads++;
      await new Promise<void>((open, fail) => gates.push({ open, fail }));
      return [{ id: ID, name, policy: {}, webhook_url: null, webhook_secret_enc: null, allowed_origins: [], secret_hash: 'h', api_key_hash: 'h' }];
    },
    get held() {
      return gates.length;
    },
    release: () => gates.splice(0).forEach((g) => g.open()),
    fail: () => gates.splice(0).forEach((g) => g.fail(new Error('connection terminated'))),
    rename: (n: string) => (name = n),
  };
  return db;
}

/** find() when its read, if any, is held: 'answered' if it settled without one, else released and 'waited'. */
async function find(tenants: Tenants, db: ReturnType<typeof heldDb>): Promise<{ how: 'answered' | 'waited'; name: string | undefined; reads: number }> {
  const before = db.reads;
  const found = tenants.find(ID);
  const first = await Promise.race([found.then(() => 'answered' as const), new Promise<'waiting'>((r) => setTimeout(() => r('waiting'), 200))]);
  if (first === 'waiting') db.release();
  const tenant = await found;
  return { how: first === 'answered' ? 'answered' : 'waited', name: tenant?.name, reads: db.reads - before };
}

/** Lets a released or failed background read finish (its continuation runs on the next turns). */
const turns = () => new Promise((r) => setTimeout(r, 20));

beforeEach(() => mock.timers.enable({ apis: ['Date'], now: 1_000_000 }));
afterEach(() => mock.timers.reset());

test('PostgreSQL: a copy near its end is re-read in the background; none is used past its time', async () => {
  const db = heldDb('postgres');
  const tenants = new Tenants(db as unknown as Db, new Keyring([randomBytes(32)]), TTL);
  assert.deepEqual(await find(tenants, db), { how: 'waited', name: 'First name', reads: 1 });
  mock.timers.tick(TTL - 400);
  assert.deepEqual(await find(tenants, db), { how: 'answered', name: 'First name', reads: 0 }, 'not yet in its last tenth');

  // In its last tenth: answered from the copy, one read started, and only one.
  mock.timers.tick(200);
  db.rename('Renamed');
  assert.deepEqual(await find(tenants, db), { how: 'answered', name: 'First name', reads: 1 });
  assert.deepEqual(await find(tenants, db), { how: 'answered', name: 'First name', reads: 0 });
  assert.equal(db.held, 1);

  // The re-read comes back: the copy is renewed (its time counted from the read's start), and read ahead again near its end.
  db.release();
  await turns();
  mock.timers.tick(TTL - 500);
  assert.deepEqual(await find(tenants, db), { how: 'answered', name: 'Renamed', reads: 0 }, 'past the first copy\'s end, the renewed one answers');
  mock.timers.tick(300);
  assert.deepEqual(await find(tenants, db), { how: 'answered', name: 'Renamed', reads: 1 });

  // This re-read is still out when the copy's time is up: the next caller reads, as without it.
  mock.timers.tick(300);
  assert.deepEqual(await find(tenants, db), { how: 'waited', name: 'Renamed', reads: 1 });
});

test('PostgreSQL: a failed re-read changes nothing, and a copy forgotten meanwhile stays forgotten', async () => {
  const db = heldDb('postgres');
  const tenants = new Tenants(db as unknown as Db, new Keyring([randomBytes(32)]), TTL);
  assert.equal((await find(tenants, db)).reads, 1);
  mock.timers.tick(TTL - 100);
  assert.deepEqual(await find(tenants, db), { how: 'answered', name: 'First name', reads: 1 });
  db.fail();
  await turns();
  // The failure left the copy as it was, and the next read ahead may start.
  assert.deepEqual(await find(tenants, db), { how: 'answered', name: 'First name', reads: 1 });
  tenants.forget(ID);
  db.rename('After the key rotation');
  db.release();
  await turns();
  assert.deepEqual(await find(tenants, db), { how: 'waited', name: 'After the key rotation', reads: 1 }, 'read afresh, not the copy the re-read would have brought back');
});

test('embedded database: nothing is read ahead (no other process writes there)', async () => {
  const db = heldDb('pglite');
  const tenants = new Tenants(db as unknown as Db, new Keyring([randomBytes(32)]), TTL);
  assert.equal((await find(tenants, db)).reads, 1);
  mock.timers.tick(TTL - 100);
  assert.deepEqual(await find(tenants, db), { how: 'answered', name: 'First name', reads: 0 });
  mock.timers.tick(200);
  assert.deepEqual(await find(tenants, db), { how: 'waited', name: 'First name', reads: 1 });
});
