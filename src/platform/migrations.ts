/**
 * Versioned schema migrations. Each product contributes an ordered list; the
 * runner applies the ones not yet recorded, each in its own transaction, under
 * an advisory lock so that several processes starting together migrate once.
 */
import type { Db } from './db.ts';

export interface Migration {
  id: string;
  sql: string;
}

const LOCK_KEY = 7_311_042; // any constant; shared by every Maplelink process

export async function migrate(db: Db, migrations: Migration[]): Promise<string[]> {
  const ids = new Set<string>();
  for (const m of migrations) {
    if (ids.has(m.id)) throw new Error(`duplicate migration id ${m.id}`);
    ids.add(m.id);
  }
  // Under the lock too: `create table if not exists` is not safe against itself, and two
  // replicas starting together would otherwise both try (a duplicate key in pg_type).
  await db.tx(async (q) => {
    await q.query('select pg_advisory_xact_lock($1)', [LOCK_KEY]);
    await q.query('create table if not exists schema_migrations (id text primary key, applied_at timestamptz not null default now())');
  });
  const applied: string[] = [];
  for (const m of migrations) {
    const done = await db.tx(async (q) => {
      await q.query('select pg_advisory_xact_lock($1)', [LOCK_KEY]);
      const seen = await q.query('select 1 from schema_migrations where id = $1', [m.id]);
      if (seen.length > 0) return false;
      for (const statement of splitStatements(m.sql)) await q.query(statement);
      await q.query('insert into schema_migrations (id) values ($1)', [m.id]);
      return true;
    });
    if (done) applied.push(m.id);
  }
  return applied;
}

/** Our migrations hold plain DDL separated by semicolons at line ends (no functions, no quoted semicolons). */
function splitStatements(sql: string): string[] {
  return sql
    .split(/;\s*(?:\n|$)/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0);
}
