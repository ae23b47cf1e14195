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
];
