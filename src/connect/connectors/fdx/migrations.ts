/** The FDX providers' tables: a customer's registered providers, the tokens of each login, the pending consents. */
import type { Migration } from '../../../platform/migrations.ts';

export const fdxMigrations: Migration[] = [
  {
    id: '0210_connect_fdx',
    sql: `
create table connect_fdx_institutions (
  customer_id uuid not null references customers(id) on delete cascade,
  institution_id int not null,
  code text not null,
  name text not null,
  country text not null,
  issuer text not null,
  fdx_base_url text not null,
  client_id text not null,
  client_secret_enc text,
  provider_id int,
  scope text not null,
  redirect_uri text not null,
  created_at timestamptz not null default now(),
  primary key (customer_id, institution_id)
);
create unique index connect_fdx_institutions_code on connect_fdx_institutions (customer_id, lower(code));
create table connect_fdx_tokens (
  ref text primary key,
  customer_id uuid not null references customers(id) on delete cascade,
  login_id uuid references connect_logins(id) on delete cascade,
  institution_id int not null,
  tokens_enc text not null,
  updated_at timestamptz not null default now()
);
create table connect_fdx_states (
  state text primary key,
  customer_id uuid not null references customers(id) on delete cascade,
  institution_id int not null,
  secrets_enc text not null,
  return_to text not null,
  options jsonb not null,
  expires_at timestamptz not null
)
`,
  },
];
