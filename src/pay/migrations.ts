/**
 * Pay's tables (EFT V1, files, returns, tokens, payment requests), in the order
 * they were first applied: ids and SQL must never change, since a database that
 * ran them is not migrated again. Every row carries customer_id and every query
 * filters on it. The sessions product keeps its own tables in
 * sessions/migrations.ts, applied after these (ids 0750 and up).
 */
import type { Migration } from '../platform/migrations.ts';

export const payMigrations: Migration[] = [
  // Access tokens of POST /pay/api/v1/authorize: only a digest of each token is stored (auth.ts).
  {
    id: '0700_pay_auth',
    sql: `
create table pay_access_tokens (
  token_hash text primary key,
  customer_id uuid not null references customers(id) on delete cascade,
  expires_at timestamptz not null,
  created_at timestamptz not null
);
create index pay_access_tokens_customer on pay_access_tokens (customer_id, expires_at)
`,
  },
  // The payment request, shared by EFT and e-Transfer (payment-requests.ts).
  {
    id: '0701_pay_payment_requests',
    sql: `
create table pay_payment_requests (
  id uuid primary key,
  customer_id uuid not null references customers(id) on delete cascade,
  kind text not null check (kind in ('eft', 'etransfer')),
  session_id uuid,
  schedule_id uuid,
  seq integer,
  amount_cents bigint not null check (amount_cents >= 0),
  reference_id text,
  payment_reference_number text not null,
  status text not null,
  status_details text,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index pay_payment_requests_customer on pay_payment_requests (customer_id, created_at);
create index pay_payment_requests_session on pay_payment_requests (customer_id, session_id) where session_id is not null;
create index pay_payment_requests_schedule on pay_payment_requests (schedule_id, seq) where schedule_id is not null
`,
  },
  // EFT V1 tables. A schedule owns its payments; each payment is a payment request
  // (pay_payment_requests, shared with e-Transfer) plus its EFT row here, which
  // records the account it moves money from or to and, once filed, the file and
  // the place in it. `xref` is the 19-character cross reference written into the
  // CPA-005 segment: returns are matched back to the payment through it.
  {
    id: '0710_pay_eft',
    sql: `
create table pay_idempotency_keys (
  customer_id uuid not null references customers(id) on delete cascade,
  key text not null,
  request_hash text not null,
  response_status integer not null,
  response_body text not null,
  created_at timestamptz not null,
  primary key (customer_id, key)
);
create table pay_contacts (
  id uuid primary key,
  customer_id uuid not null references customers(id) on delete cascade,
  first_name text,
  last_name text,
  legal_name text,
  email text,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index pay_contacts_customer on pay_contacts (customer_id, created_at);
create table pay_contact_accounts (
  id uuid primary key,
  customer_id uuid not null,
  contact_id uuid not null references pay_contacts(id) on delete cascade,
  institution_code text not null,
  transit_number text not null,
  account_number text not null,
  created_at timestamptz not null
);
create unique index pay_contact_accounts_numbers on pay_contact_accounts (customer_id, contact_id, institution_code, transit_number, account_number);
create table pay_schedules (
  id uuid primary key,
  customer_id uuid not null references customers(id) on delete cascade,
  direction text not null check (direction in ('DEBIT', 'CREDIT')),
  transaction_code integer not null,
  purpose_category text,
  amount_cents bigint not null,
  currency text not null default 'CAD',
  description text,
  cross_reference_number text,
  frequency text not null,
  start_date date not null,
  end_date date,
  transactions_count integer not null,
  status text not null,
  status_details text,
  contact_id uuid not null references pay_contacts(id),
  account_id uuid not null references pay_contact_accounts(id),
  party_name text not null,
  party_email text,
  pad_id uuid,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create index pay_schedules_customer on pay_schedules (customer_id, created_at);
create table pay_pads (
  id uuid primary key,
  customer_id uuid not null references customers(id) on delete cascade,
  schedule_id uuid not null references pay_schedules(id) on delete cascade,
  status text not null,
  token_enc text not null,
  payor_name text not null,
  payor_email text,
  institution_code text not null,
  transit_number text not null,
  account_number text not null,
  signed_name text,
  signed_at timestamptz,
  signed_ip text,
  signed_user_agent text,
  dispute_code integer,
  created_at timestamptz not null,
  updated_at timestamptz not null
);
create table pay_eft_payments (
  id uuid primary key references pay_payment_requests(id) on delete cascade,
  customer_id uuid not null,
  schedule_id uuid not null references pay_schedules(id) on delete cascade,
  seq integer not null,
  direction text not null check (direction in ('DEBIT', 'CREDIT')),
  due_date date not null,
  xref bigint generated always as identity unique,
  file_id uuid,
  file_record integer,
  file_segment integer,
  return_code integer,
  returned_at timestamptz,
  settled_at timestamptz
);
create index pay_eft_payments_unfiled on pay_eft_payments (customer_id, due_date) where file_id is null;
create index pay_eft_payments_schedule on pay_eft_payments (schedule_id, seq);
create index pay_eft_payments_file on pay_eft_payments (file_id) where file_id is not null;
create table pay_file_sequences (
  originator_id text primary key,
  last_number integer not null
);
create table pay_cutoffs (
  customer_id uuid not null references customers(id) on delete cascade,
  value_date date not null,
  file_id uuid,
  ran_at timestamptz not null,
  primary key (customer_id, value_date)
);
create table pay_files (
  id uuid primary key,
  customer_id uuid not null references customers(id) on delete cascade,
  originator_id text not null,
  file_creation_number integer not null,
  value_date date not null,
  creation_date date not null,
  records integer not null,
  debit_count integer not null,
  debit_cents bigint not null,
  credit_count integer not null,
  credit_cents bigint not null,
  content text not null,
  created_at timestamptz not null
);
create index pay_files_customer on pay_files (customer_id, value_date);
create table pay_return_files (
  id uuid primary key,
  customer_id uuid not null references customers(id) on delete cascade,
  content_hash text not null,
  summary text not null,
  received_at timestamptz not null
);
create unique index pay_return_files_hash on pay_return_files (customer_id, content_hash)
`,
  },
  // What the operator console shows as each payment request's, schedule's and PAD's status history:
  // a trigger writes a row whenever a row is created or its status changes, so every path that
  // moves a status (one by one, in bulk, by SQL of a cut-off) is recorded without each remembering to.
  // The function body stays on one line: migrations split statements at a semicolon ending a line.
  {
    id: '0720_pay_status_history',
    sql: `
create table pay_status_history (
  seq bigint generated always as identity primary key,
  customer_id uuid not null references customers(id) on delete cascade,
  subject text not null check (subject in ('payment_request', 'schedule', 'pad')),
  subject_id uuid not null,
  status text not null,
  details text,
  at timestamptz not null
);
create index pay_status_history_subject on pay_status_history (subject_id, seq);
create function pay_record_status() returns trigger language plpgsql as $$ begin if tg_op = 'INSERT' or new.status is distinct from old.status then insert into pay_status_history (customer_id, subject, subject_id, status, details, at) values (new.customer_id, tg_argv[0], new.id, new.status, to_jsonb(new)->>'status_details', new.updated_at); end if; return null; end $$;
create trigger pay_payment_requests_history after insert or update of status on pay_payment_requests for each row execute function pay_record_status('payment_request');
create trigger pay_schedules_history after insert or update of status on pay_schedules for each row execute function pay_record_status('schedule');
create trigger pay_pads_history after insert or update of status on pay_pads for each row execute function pay_record_status('pad')
`,
  },
];
