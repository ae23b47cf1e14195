import type { Migration } from './migrations.ts';

/** Tables every product shares: customers (tenants) and platform settings. */
export const platformMigrations: Migration[] = [
  {
    id: '0001_platform',
    sql: `
create table customers (
  id uuid primary key,
  name text not null,
  secret_hash text not null,
  api_key_hash text not null,
  policy jsonb not null,
  webhook_url text,
  webhook_secret_enc text,
  allowed_origins jsonb not null default '[]'::jsonb,
  created_at timestamptz not null default now()
);
create table settings (
  key text primary key,
  value jsonb not null
);
`,
  },
  {
    // The request counters every replica shares (platform/http/rate-limit.ts). Unlogged: a count is
    // worth nothing after a crash, and skipping the WAL keeps the per-request upsert cheap.
    id: '0002_rate_limits',
    sql: `
create unlogged table rate_limits (
  key text primary key,
  hits integer not null,
  window_ends timestamptz not null
);
`,
  },
  {
    // Operator console sessions (operator/session.ts): the id's digest only, never the id itself.
    id: '0003_console_sessions',
    sql: `
create table console_sessions (
  id_hash text primary key,
  csrf_token text not null,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);
create index console_sessions_expires on console_sessions (expires_at);
`,
  },
];
