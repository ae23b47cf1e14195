/**
 * Tables of the webhooks outbox. An event row holds the exact body that is POSTed
 * (serialised once, at enqueue time, so the signature is over the bytes sent) and
 * the state of its current delivery series; every attempt is logged in
 * webhook_deliveries. Both carry customer_id: every query is scoped by it.
 */
import type { Migration } from '../migrations.ts';

export const webhookMigrations: Migration[] = [
  {
    id: '0100_webhooks',
    sql: `
create table webhook_events (
  id uuid primary key,
  customer_id uuid not null references customers(id) on delete cascade,
  seq bigint generated always as identity,
  type text not null,
  body text not null,
  status text not null default 'pending' check (status in ('pending', 'delivering', 'delivered', 'failed')),
  series integer not null default 1,
  attempts integer not null default 0,
  lease_until timestamptz,
  created_at timestamptz not null,
  updated_at timestamptz not null,
  delivered_at timestamptz
);
create index webhook_events_customer_seq on webhook_events (customer_id, seq desc);
create table webhook_deliveries (
  event_id uuid not null references webhook_events(id) on delete cascade,
  customer_id uuid not null,
  series integer not null,
  attempt integer not null,
  status_code integer,
  error text,
  duration_ms integer not null,
  at timestamptz not null,
  primary key (event_id, series, attempt)
);
create index webhook_deliveries_customer on webhook_deliveries (customer_id, event_id);
`,
  },
  // The operator's list of deliveries across customers pages on seq alone (operator/webhooks.ts).
  {
    id: '0101_webhook_events_seq',
    sql: 'create index webhook_events_seq on webhook_events (seq desc)',
  },
];
