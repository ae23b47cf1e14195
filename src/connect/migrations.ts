import type { Migration } from '../platform/migrations.ts';

/**
 * Connect's tables. Every row carries customer_id and every query filters on it:
 * an id of another customer is answered exactly like an unknown one.
 */
export const connectMigrations: Migration[] = [
  {
    id: '0200_connect',
    sql: `
create table connect_authorize_tokens (
  token_hash text primary key,
  customer_id uuid not null references customers(id) on delete cascade,
  expires_at timestamptz not null,
  request_id uuid,
  created_at timestamptz not null default now()
);
create table connect_logins (
  id uuid primary key,
  customer_id uuid not null references customers(id) on delete cascade,
  institution_id int not null,
  institution_code text not null,
  connector text not null,
  sandbox_user text not null,
  username text not null,
  language text not null default 'en',
  login_type text not null default 'Personal',
  tag text,
  saved boolean not null default false,
  credentials_enc text,
  answers_enc text,
  pending_questions jsonb not null default '[]'::jsonb,
  is_scheduled_refresh boolean not null default false,
  data_start date not null,
  profile jsonb not null,
  aggregation_state text not null default 'none',
  aggregation_started_at timestamptz,
  last_refresh timestamptz,
  last_refresh_state text,
  last_refresh_error text,
  last_cached_call timestamptz,
  created_at timestamptz not null default now()
);
create unique index connect_logins_identity on connect_logins (customer_id, institution_id, sandbox_user, language);
create table connect_holders (
  login_id uuid primary key references connect_logins(id) on delete cascade,
  customer_id uuid not null,
  holder jsonb not null
);
create table connect_accounts (
  id uuid primary key,
  login_id uuid not null references connect_logins(id) on delete cascade,
  customer_id uuid not null,
  ref text not null,
  position int not null,
  title text not null,
  type text not null,
  category text not null,
  currency text not null,
  account_type text,
  transit_number text,
  institution_number text,
  account_number text not null,
  overdraft_limit_cents bigint not null default 0,
  limit_cents bigint,
  current_cents bigint not null,
  available_cents bigint,
  eft_eligible_ratio numeric not null default 1,
  etransfer_eligible_ratio numeric not null default 1
);
create index connect_accounts_login on connect_accounts (login_id, position);
create table connect_transactions (
  id uuid primary key,
  account_id uuid not null references connect_accounts(id) on delete cascade,
  customer_id uuid not null,
  date date not null,
  seq int not null,
  description text not null,
  debit_cents bigint,
  credit_cents bigint,
  balance_cents bigint,
  label jsonb
);
create index connect_transactions_account on connect_transactions (account_id, date, seq);
create table connect_requests (
  id uuid primary key,
  customer_id uuid not null references customers(id) on delete cascade,
  login_id uuid references connect_logins(id) on delete cascade,
  state text not null,
  mode text not null,
  institution_code text,
  language text not null default 'en',
  tag text,
  options jsonb not null default '{}'::jsonb,
  script_state_enc text,
  challenges jsonb,
  failure_code text,
  failure_message text,
  detail_options jsonb,
  last_activity timestamptz not null,
  created_at timestamptz not null default now()
);
create index connect_requests_login on connect_requests (login_id);
create table sandbox_custom_users (
  customer_id uuid not null references customers(id) on delete cascade,
  username text not null,
  document jsonb not null,
  created_at timestamptz not null default now(),
  primary key (customer_id, username)
)
`,
  },
  {
    // The operator console's login search (store.searchLogins): a username prefix and the keyset
    // order, both in byte order ("C"), so one btree serves LIKE 'abc%' and ORDER BY.
    id: '0220_connect_operator_search',
    sql: `create index connect_logins_username on connect_logins ((lower(username) collate "C"), id)`,
  },
];
