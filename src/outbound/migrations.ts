import type { Migration } from '../platform/migrations.ts';

/**
 * Outbound's tables.
 *
 * - outbound_oauth: what oidc-provider stores through its adapter (codes, refresh
 *   tokens, grants, interactions, sessions), keyed by model and id. These rows are
 *   found by unguessable ids issued to one client; the tenant is the client's.
 * - outbound_recipients / outbound_registrations: data recipients (OAuth clients)
 *   of a partner (a customer) and their registration with each provider.
 * - outbound_consents: what a person shared with a recipient (scopes, accounts of
 *   one Connect login), tied to the OAuth grant; revoked with it.
 * - outbound_interactions: the Connect session behind a consent page in progress.
 * - outbound_secrets: the signing key and cookie keys, encrypted with the keyring.
 */
export const outboundMigrations: Migration[] = [
  {
    id: '0800_outbound',
    sql: `
create table outbound_oauth (
  model text not null,
  id text not null,
  payload jsonb not null,
  grant_id text,
  uid text,
  expires_at timestamptz,
  consumed_at timestamptz,
  primary key (model, id)
);
create index outbound_oauth_grant on outbound_oauth (grant_id) where grant_id is not null;
create index outbound_oauth_uid on outbound_oauth (uid) where uid is not null;
create index outbound_oauth_expiry on outbound_oauth (expires_at);
create table outbound_secrets (
  name text primary key,
  value_enc text not null,
  created_at timestamptz not null default now()
);
create table outbound_recipients (
  client_id text primary key,
  customer_id uuid not null references customers(id) on delete cascade,
  name text not null,
  secret_hash text,
  auth_method text not null default 'client_secret_post',
  redirect_uris jsonb not null,
  scope text not null,
  logo_uri text,
  description text,
  terms_uri text,
  client_uri text,
  country text not null default 'CA',
  contacts jsonb not null default '[]'::jsonb,
  created_at timestamptz not null default now()
);
create index outbound_recipients_customer on outbound_recipients (customer_id, created_at);
create table outbound_registrations (
  client_id text not null references outbound_recipients(client_id) on delete cascade,
  customer_id uuid not null,
  provider_id int not null,
  status text not null,
  requested_on timestamptz not null,
  updated_at timestamptz not null,
  primary key (client_id, provider_id)
);
create index outbound_registrations_customer on outbound_registrations (customer_id);
create table outbound_consents (
  id uuid primary key,
  customer_id uuid not null references customers(id) on delete cascade,
  client_id text not null references outbound_recipients(client_id) on delete cascade,
  provider_id int not null,
  subject text not null,
  login_id uuid not null references connect_logins(id) on delete cascade,
  scopes text not null,
  account_ids jsonb not null,
  grant_id text,
  status text not null default 'active',
  created_at timestamptz not null,
  revoked_at timestamptz
);
create index outbound_consents_grant on outbound_consents (grant_id);
create table outbound_interactions (
  uid text primary key,
  customer_id uuid not null references customers(id) on delete cascade,
  client_id text not null,
  request_id uuid,
  login_id uuid,
  expires_at timestamptz not null
)
`,
  },
];
