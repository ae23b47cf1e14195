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
  {
    // The request feed of the operator console (platform/requests/log.ts), written in batches off
    // the request path. A page is `order by at desc, id desc` after the filters' equalities: each
    // index below starts with the equalities of one filter the console offers and ends with
    // (at, id), so that every page is one index range scan walked newest first, stopping after a
    // page of rows however many millions the table holds (npm run bench -- console). Status
    // classes (4xx) are the expression (status / 100), which the feed's query writes the same way.
    // No foreign key: calls naming an unknown customer are recorded too, and deleting a customer
    // deletes its rows like those of any table with a customer_id (operator/customers.ts).
    id: '0004_request_log',
    sql: `
create table request_log (
  id bigint generated always as identity primary key,
  at timestamptz not null,
  customer_id uuid,
  product text not null,
  method text not null,
  endpoint text not null,
  request_id text,
  login_id text,
  status integer not null,
  flinks_code text,
  duration_ms real not null
);
create index request_log_at on request_log (at, id);
create index request_log_customer on request_log (customer_id, at, id);
create index request_log_customer_endpoint on request_log (customer_id, endpoint, at, id);
create index request_log_customer_class on request_log (customer_id, (status / 100), at, id);
create index request_log_customer_code on request_log (customer_id, flinks_code, at, id) where flinks_code is not null;
create index request_log_endpoint on request_log (endpoint, at, id);
create index request_log_class on request_log ((status / 100), at, id);
create index request_log_code on request_log (flinks_code, at, id) where flinks_code is not null;
create index request_log_request_id on request_log (request_id, at, id) where request_id is not null;
create index request_log_login_id on request_log (login_id, at, id) where login_id is not null;
`,
  },
  {
    // An exact status across customers (401): the class index walked every 4xx for it (about
    // 100 ms a page over 800,000 calls, EXPLAIN ANALYZE); with the customer, the customer's
    // class index stays dense enough.
    id: '0005_request_log_status',
    sql: `
create index request_log_status on request_log (status, at, id);
`,
  },
];
