import type { Migration } from '../../platform/migrations.ts';

/**
 * Tables of Pay sessions (GEFT, EFT V2, e-Transfer V1/V2). Every row carries
 * customer_id and every query filters on it. Bank account numbers (the payor's
 * chosen account, a per-session payee account, the settlement account) are
 * stored encrypted with the platform keyring; only masked forms are in clear.
 */
export const sessionMigrations: Migration[] = [
  {
    id: '0750_pay_sessions',
    sql: `
create table pay_sessions (
  id uuid primary key,
  customer_id uuid not null references customers(id) on delete cascade,
  version smallint not null,
  kind text not null check (kind in ('GEFT', 'EFT', 'e-Transfer')),
  reference_id text,
  amount_cents bigint,
  amount_locked boolean not null,
  minimum_cents bigint not null,
  maximum_cents bigint not null,
  language text,
  send_interac_link boolean not null default false,
  show_consent boolean not null default false,
  redirect jsonb not null,
  payor jsonb not null,
  payee_account_enc text,
  status text not null,
  status_details text not null,
  step text not null,
  login_id uuid,
  request_id uuid,
  account_id uuid,
  payor_account_enc text,
  payor_account jsonb,
  guarantee jsonb,
  user_details jsonb,
  pad_id uuid,
  pad_signed_by text,
  pad_signed_at timestamptz,
  payment_request_id uuid,
  login_failures integer not null default 0,
  client_uris jsonb,
  notification jsonb,
  scenario text,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  last_activity_at timestamptz not null,
  ended_at timestamptz
);
create index pay_sessions_customer on pay_sessions (customer_id, created_at);
create index pay_sessions_open on pay_sessions (last_activity_at) where status in ('Initiated', 'InProgress');
create table pay_sessions_settings (
  customer_id uuid primary key references customers(id) on delete cascade,
  settings jsonb not null,
  settlement_account_enc text,
  updated_at timestamptz not null
);
create table pay_sessions_interac (
  payment_request_id uuid primary key,
  customer_id uuid not null references customers(id) on delete cascade,
  session_id uuid not null,
  status text not null,
  sent_at timestamptz not null,
  expires_at timestamptz not null,
  action text,
  action_at timestamptz,
  holder_name text,
  processed_at timestamptz,
  updated_at timestamptz not null
);
create index pay_sessions_interac_open on pay_sessions_interac (customer_id, session_id);
create index pay_sessions_interac_due on pay_sessions_interac (status) where status in ('Sent', 'Accepted', 'Processed')
`,
  },
];
