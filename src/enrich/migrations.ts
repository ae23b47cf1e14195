import type { Migration } from '../platform/migrations.ts';

/**
 * Enrich's table: the customers' categorization rules (engine/customer-rules.ts). A rule is the
 * customer's, for every login (`scope` '') or one (`scope` the login id, also in `login_id` so
 * that deleting the login deletes its rules). One rule per customer, scope, kind and folded
 * value: two replicas creating the same rule at once leave one row, the later category.
 */
export const enrichMigrations: Migration[] = [
  {
    id: '0900_enrich_categorization_rules',
    sql: `
create table enrich_categorization_rules (
  id uuid primary key,
  customer_id uuid not null references customers(id) on delete cascade,
  login_id uuid references connect_logins(id) on delete cascade,
  scope text not null,
  kind text not null check (kind in ('merchant', 'pattern')),
  value text not null,
  match_key text not null,
  category text not null,
  sub_category text not null,
  created_at timestamptz not null
);
create unique index enrich_categorization_rules_unique on enrich_categorization_rules (customer_id, scope, kind, match_key)`,
  },
];
