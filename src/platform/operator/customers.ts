/**
 * Administering customers: create, list, show, rotate the secret key, delete with
 * everything they own. The operator API calls this on a running server; the CLI calls
 * it directly when no server holds the database. One implementation for both.
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { allowedOriginsSchema, webhookSecretSchema, webhookUrlSchema } from '../http/settings.ts';
import type { Db, Queryable } from '../db.ts';
import type { CustomerDataHooks } from '../platform.ts';
import { hashSecret } from '../crypto.ts';
import { isGuid } from '../ids.ts';
import { PERMISSIVE_POLICY, STRICT_POLICY, type Tenant, type Tenants } from '../tenants.ts';


export const CreateCustomer = z.object({
  name: z.string().trim().min(1).max(200),
  /** The sandbox's relaxed policy: no authorize token, no x-api-key, no Bearer secret. */
  permissive: z.boolean().optional(),
  webhookUrl: webhookUrlSchema.nullable().optional(),
  webhookSecret: webhookSecretSchema.nullable().optional(),
  allowedOrigins: allowedOriginsSchema.optional(),
});
export type CreateCustomer = z.infer<typeof CreateCustomer>;

export const RotateSecret = z.object({
  /** Rotates the x-api-key too. */
  apiKey: z.boolean().optional(),
});

export const CustomerView = z.object({
  customerId: z.string().uuid(),
  name: z.string(),
  policy: z.object({ requireAuthorizeToken: z.boolean(), requireApiKey: z.boolean(), requireBearerSecret: z.boolean() }),
  webhookUrl: z.string().nullable(),
  hasWebhookSecret: z.boolean(),
  allowedOrigins: z.array(z.string()),
  createdAt: z.string(),
});
export type CustomerView = z.infer<typeof CustomerView>;

export const CreatedCustomer = CustomerView.extend({ secretKey: z.string(), apiKey: z.string() });
export const RotatedKeys = z.object({ customerId: z.string().uuid(), secretKey: z.string(), apiKey: z.string().optional() });
export const DeletedCustomer = z.object({ customerId: z.string().uuid(), deleted: z.record(z.string(), z.number().int()) });
export type DeletedCustomer = z.infer<typeof DeletedCustomer>;

interface Row {
  id: string;
  name: string;
  policy: Tenant['policy'];
  webhook_url: string | null;
  has_secret: boolean;
  allowed_origins: string[];
  created_at: Date;
}

const COLUMNS = 'id, name, policy, webhook_url, webhook_secret_enc is not null as has_secret, allowed_origins, created_at';

export class CustomerAdmin {
  constructor(
    private readonly db: Db,
    private readonly tenants: Tenants,
    private readonly hooks: CustomerDataHooks[],
  ) {}

  async create(input: CreateCustomer): Promise<z.infer<typeof CreatedCustomer>> {
    const { tenant, secretKey, apiKey } = await this.tenants.create({
      name: input.name,
      policy: input.permissive ? PERMISSIVE_POLICY : undefined,
      webhookUrl: input.webhookUrl ?? null,
      webhookSecret: input.webhookSecret ?? null,
      allowedOrigins: input.allowedOrigins ?? [],
    });
    return { ...(await this.show(tenant.id))!, secretKey, apiKey };
  }

  async list(): Promise<CustomerView[]> {
    const rows = await this.db.query<Row>(`select ${COLUMNS} from customers order by created_at, id`);
    return rows.map(view);
  }

  async show(id: string): Promise<CustomerView | null> {
    if (!isGuid(id)) return null;
    const rows = await this.db.query<Row>(`select ${COLUMNS} from customers where id = $1`, [id]);
    return rows[0] ? view(rows[0]) : null;
  }

  /**
   * A new secret key (and x-api-key when asked): the old one stops working at once on this
   * process (within TENANT_CACHE_SECONDS on the others), and what was obtained with it
   * (unused authorize tokens, Pay access tokens) is revoked in the same transaction.
   */
  async rotateSecret(id: string, opts: { apiKey?: boolean } = {}): Promise<z.infer<typeof RotatedKeys> | null> {
    if (!isGuid(id)) return null;
    const secretKey = randomUUID();
    const apiKey = opts.apiKey ? randomUUID() : undefined;
    const found = await this.db.tx(async (q) => {
      const rows = await q.query(
        'update customers set secret_hash = $2, api_key_hash = coalesce($3, api_key_hash) where id = $1 returning id',
        [id, hashSecret(secretKey), apiKey ? hashSecret(apiKey) : null],
      );
      if (rows.length === 0) return false;
      for (const h of this.hooks) await h.revokeOnRotate?.(q, id);
      return true;
    });
    this.tenants.forget(id);
    return found ? { customerId: id, secretKey, ...(apiKey ? { apiKey } : {}) } : null;
  }

  /**
   * Deletes the customer and every row it owns, in one transaction: the tables with a
   * customer_id column (found in the catalogue, so a table added later is not forgotten),
   * children before parents; what products keep under other keys; its queued jobs.
   */
  async delete(id: string): Promise<DeletedCustomer | null> {
    if (!isGuid(id)) return null;
    const deleted = await this.db.tx(async (q) => {
      // Locks the customer: a second delete waits, then finds nothing.
      const exists = await q.query('select 1 from customers where id = $1 for update', [id]);
      if (exists.length === 0) return null;
      const counts: Record<string, number> = {};
      const note = (table: string, n: number) => {
        if (n > 0) counts[table] = (counts[table] ?? 0) + n;
      };
      for (const h of this.hooks) if (h.deleteUnkeyed) note('(product rows without customer_id)', await h.deleteUnkeyed(q, id));
      for (const table of await customerTables(q)) note(table, await deleteCount(q, `delete from ${quoteIdent(table)} where customer_id = $1`, [id]));
      note('pgboss jobs', await deleteQueuedJobs(q, id));
      note('customers', await deleteCount(q, 'delete from customers where id = $1', [id]));
      return counts;
    });
    this.tenants.forget(id);
    if (!deleted) return null;
    const late = await this.sweepRunningJobs(id);
    if (late > 0) deleted['pgboss jobs'] = (deleted['pgboss jobs'] ?? 0) + late;
    return { customerId: id, deleted };
  }

  /**
   * A job of the customer that was running during the delete ends afterwards (completed, or
   * failed on the rows it no longer finds) and would stay in pg-boss's table with the
   * customer's id in its payload. Waits for them, bounded, and removes what they leave.
   */
  private async sweepRunningJobs(id: string): Promise<number> {
    let n = 0;
    const until = Date.now() + RUNNING_JOB_WAIT_MS;
    for (;;) {
      const running = await hasRunningJobs(this.db, id);
      n += await deleteQueuedJobs(this.db, id);
      if (!running || Date.now() >= until) return n;
      await new Promise((r) => setTimeout(r, 100));
    }
  }
}

/** How long a delete waits for the customer's running jobs to end (they are short). */
const RUNNING_JOB_WAIT_MS = 10_000;

async function hasRunningJobs(q: Queryable, id: string): Promise<boolean> {
  const [present] = await q.query<{ job: string | null }>(`select to_regclass('pgboss.job')::text as job`);
  if (!present?.job) return false;
  return (await q.query(`select 1 from pgboss.job where data->>'customerId' = $1 and state = 'active' limit 1`, [id])).length > 0;
}

function view(r: Row): CustomerView {
  return {
    customerId: r.id,
    name: r.name,
    policy: { ...STRICT_POLICY, ...r.policy },
    webhookUrl: r.webhook_url,
    hasWebhookSecret: r.has_secret,
    allowedOrigins: r.allowed_origins ?? [],
    createdAt: new Date(r.created_at).toISOString(),
  };
}

function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

async function deleteCount(q: Queryable, sql: string, params: unknown[]): Promise<number> {
  const rows = await q.query<{ n: number }>(`with gone as (${sql} returning 1) select count(*)::int as n from gone`, params);
  return rows[0]?.n ?? 0;
}

/**
 * Every table of the schema with a customer_id column, ordered so that a table is
 * deleted from before any table it references (some references do not cascade).
 */
async function customerTables(q: Queryable): Promise<string[]> {
  const tables = (await q.query<{ name: string }>(
    `select c.table_name as name
       from information_schema.columns c
       join information_schema.tables t on t.table_schema = c.table_schema and t.table_name = c.table_name
      where c.table_schema = current_schema() and c.column_name = 'customer_id' and t.table_type = 'BASE TABLE'
      order by 1`,
  )).map((r) => r.name);
  const refs = await q.query<{ child: string; parent: string }>(
    `select cl.relname as child, pl.relname as parent
       from pg_constraint k
       join pg_class cl on cl.oid = k.conrelid
       join pg_class pl on pl.oid = k.confrelid
      where k.contype = 'f' and k.connamespace = current_schema()::regnamespace and k.conrelid <> k.confrelid`,
  );
  const remaining = new Set(tables);
  const ordered: string[] = [];
  while (remaining.size > 0) {
    // A table goes once no remaining table references it.
    const ready = [...remaining].filter((t) => !refs.some((r) => r.parent === t && remaining.has(r.child)));
    const next = ready.length > 0 ? ready : [...remaining]; // a cycle: cascades settle it
    for (const t of next) {
      remaining.delete(t);
      ordered.push(t);
    }
  }
  return ordered;
}

/** The customer's jobs not yet running (pg-boss keeps them in its own schema, by payload). */
async function deleteQueuedJobs(q: Queryable, id: string): Promise<number> {
  const [present] = await q.query<{ job: string | null; archive: string | null }>(`select to_regclass('pgboss.job')::text as job, to_regclass('pgboss.archive')::text as archive`);
  let n = 0;
  if (present?.job) n += await deleteCount(q, `delete from pgboss.job where data->>'customerId' = $1 and state <> 'active'`, [id]);
  if (present?.archive) n += await deleteCount(q, `delete from pgboss.archive where data->>'customerId' = $1`, [id]);
  return n;
}
