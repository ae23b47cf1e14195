/**
 * Enrich's storage: the customers' categorization rules. Every query names the customer
 * (tenant isolation); a login-scoped rule is read only with its login.
 */
import type { Queryable } from '../platform/db.ts';
import type { CustomerRule, RuleKind } from './engine/index.ts';
import type { PrimaryCategory } from './engine/taxonomy.ts';

interface RuleRow {
  id: string;
  login_id: string | null;
  kind: RuleKind;
  value: string;
  category: string;
  sub_category: string;
  created_at: Date | string;
}

const COLUMNS = 'id, login_id, kind, value, category, sub_category, created_at';

function rule(r: RuleRow): CustomerRule {
  return { id: r.id, kind: r.kind, value: r.value, primary: r.category as PrimaryCategory, sub: r.sub_category, loginId: r.login_id, createdAt: new Date(r.created_at).toISOString() };
}

export class RulesStore {
  /**
   * Creates the rule, or when the customer already has one for the same scope, kind and folded
   * value, gives it the new category (the unique key makes concurrent creations one row).
   */
  async upsert(q: Queryable, customerId: string, r: { id: string; loginId: string | null; kind: RuleKind; value: string; key: string; primary: string; sub: string; now: Date }): Promise<CustomerRule> {
    const rows = await q.query<RuleRow>(
      `insert into enrich_categorization_rules (id, customer_id, login_id, scope, kind, value, match_key, category, sub_category, created_at)
       values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)
       on conflict (customer_id, scope, kind, match_key) do update set value = excluded.value, category = excluded.category, sub_category = excluded.sub_category
       returning ${COLUMNS}`,
      [r.id, customerId, r.loginId, r.loginId ?? '', r.kind, r.value, r.key, r.primary, r.sub, r.now],
    );
    return rule(rows[0]!);
  }

  /** The customer's rules: all of them, or those that apply to one login (its own and the customer-wide ones). */
  async list(q: Queryable, customerId: string, loginId?: string): Promise<CustomerRule[]> {
    const rows = loginId === undefined
      ? await q.query<RuleRow>(`select ${COLUMNS} from enrich_categorization_rules where customer_id = $1 order by created_at, id`, [customerId])
      : await q.query<RuleRow>(`select ${COLUMNS} from enrich_categorization_rules where customer_id = $1 and scope in ('', $2) order by created_at, id`, [customerId, loginId]);
    return rows.map(rule);
  }

  /** The customer-wide rules alone (uploads have no login). */
  async customerWide(q: Queryable, customerId: string): Promise<CustomerRule[]> {
    const rows = await q.query<RuleRow>(`select ${COLUMNS} from enrich_categorization_rules where customer_id = $1 and scope = '' order by created_at, id`, [customerId]);
    return rows.map(rule);
  }

  async delete(q: Queryable, customerId: string, id: string): Promise<boolean> {
    const rows = await q.query<{ id: string }>('delete from enrich_categorization_rules where customer_id = $1 and id = $2 returning id', [customerId, id]);
    return rows.length > 0;
  }
}
