import type { Migration } from '../platform/migrations.ts';

/**
 * Upload's tables. An upload is one request (RequestId) that creates one Connect login; its
 * documents are kept until they are processed (the bytes are then dropped: the login's
 * accounts and transactions, and each document's analysis, are what remains). Deleting the
 * login (DeleteCard) deletes its uploads.
 */
export const uploadMigrations: Migration[] = [
  {
    id: '0600_upload',
    sql: `
create table upload_requests (
  id uuid primary key,
  customer_id uuid not null references customers(id) on delete cascade,
  login_id uuid not null references connect_logins(id) on delete cascade,
  state text not null,
  tag text,
  language text not null default 'en',
  institution text,
  failure text,
  created_at timestamptz not null,
  completed_at timestamptz
);
create index upload_requests_login on upload_requests (customer_id, login_id);
create table upload_documents (
  id uuid primary key,
  upload_id uuid not null references upload_requests(id) on delete cascade,
  customer_id uuid not null,
  position int not null,
  file_name text not null,
  content_type text,
  size_bytes bigint not null,
  sha256 text not null,
  content bytea,
  status text not null default 'Pending',
  format text,
  error text,
  statements int,
  transactions int,
  pages int,
  analysis jsonb
);
create index upload_documents_upload on upload_documents (upload_id, position)
`,
  },
  {
    // What each document left blank or the reader skipped (docs/import.md), as the status shows it.
    id: '0601_upload_document_warnings',
    sql: `alter table upload_documents add column warnings jsonb`,
  },
];
