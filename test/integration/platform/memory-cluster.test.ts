/**
 * An in-memory database (DATA_DIR=memory://) starts from a copy of an empty cluster kept in the
 * system's temporary folder instead of running initdb each time: the first open writes the copy,
 * later opens read it and get a working, empty database; a damaged copy is set aside and the open
 * falls back to initdb.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb } from '../../../src/platform/db.ts';

let dir: string;
let savedTmp: string | undefined;

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'maplelink-memory-cluster-'));
  savedTmp = process.env.TMPDIR;
  process.env.TMPDIR = dir; // os.tmpdir() reads it on every call
});
after(() => {
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  rmSync(dir, { recursive: true, force: true });
});

const copies = () => readdirSync(dir).filter((f) => /^maplelink-pglite-.*\.tar$/.test(f));

/** Opens an in-memory database, checks it is empty and writable, closes it. */
async function useOnce(): Promise<void> {
  const db = await openDb({ databaseUrl: null, dataDir: 'memory://' });
  try {
    assert.deepEqual(await db.query(`select count(*)::int as n from pg_tables where schemaname = 'public'`), [{ n: 0 }], 'the copy holds no table');
    await db.exec('create table t (n int); insert into t values (41)');
    assert.deepEqual(await db.query('select n + 1 as n from t'), [{ n: 42 }]);
  } finally {
    await db.close();
  }
}

test('two opens racing on an empty folder both work and leave one whole copy', { timeout: 120_000 }, async () => {
  assert.deepEqual(copies(), []);
  await Promise.all([useOnce(), useOnce()]);
  assert.equal(copies().length, 1);
  assert.deepEqual(readdirSync(dir).filter((f) => !f.endsWith('.tar')), [], 'no partial file left');
  const [file] = copies();
  await useOnce(); // the next open reads a whole cluster, whichever writer's rename won
  assert.deepEqual(copies(), [file], 'read, not set aside as damaged');
  rmSync(join(dir, file!)); // the tests below start from an empty folder
});

test('the first in-memory open writes the empty cluster once; the next ones start from it', { timeout: 120_000 }, async () => {
  assert.deepEqual(copies(), []);
  await useOnce();
  const [file] = copies();
  assert.ok(file, 'the copy was written');
  assert.equal(statSync(join(dir, file)).mode & 0o777, 0o600, 'readable by its owner only');
  const written = readFileSync(join(dir, file));
  await useOnce();
  await useOnce();
  assert.deepEqual(copies(), [file]);
  assert.ok(readFileSync(join(dir, file)).equals(written), 'read, not written again (and the table made before is not in it)');
  assert.deepEqual(readdirSync(dir).filter((f) => !f.endsWith('.tar')), [], 'no partial file left');
});

test('a damaged copy is set aside and the open runs initdb instead', { timeout: 120_000 }, async () => {
  const [file] = copies();
  assert.ok(file);
  writeFileSync(join(dir, file), 'not a cluster');
  await useOnce();
  assert.deepEqual(copies(), [], 'the damaged copy is gone (the next open writes a good one)');
  await useOnce();
  assert.equal(copies().length, 1);
});
