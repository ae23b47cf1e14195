/**
 * Customers (tenants). A customer is a customerId (GUID) with a secret key and an
 * x-api-key, both stored as digests, and its settings: which credentials each
 * kind of endpoint requires, where its webhooks go, which origins may frame the widget.
 */
import { randomUUID } from 'node:crypto';
import type { Db, Queryable } from './db.ts';
import { hashSecret, secretMatches, type Keyring } from './crypto.ts';

export interface AuthPolicy {
  /** /Authorize needs an authorize token (from GenerateAuthorizeToken) in flinks-auth-key. */
  requireAuthorizeToken: boolean;
  /** Data endpoints (GetAccountsDetail, Institutions, ...) need the x-api-key. */
  requireApiKey: boolean;
  /** GetNightlyRefreshStatus needs `Authorization: Bearer {secret}`. */
  requireBearerSecret: boolean;
}

/** What published clients rely on against the public toolbox: they call data endpoints with no key. */
export const PERMISSIVE_POLICY: AuthPolicy = { requireAuthorizeToken: false, requireApiKey: false, requireBearerSecret: false };
/** What a new production customer gets. */
export const STRICT_POLICY: AuthPolicy = { requireAuthorizeToken: true, requireApiKey: true, requireBearerSecret: true };

export interface Tenant {
  id: string;
  name: string;
  policy: AuthPolicy;
  webhookUrl: string | null;
  webhookSecret: string | null;
  allowedOrigins: string[];
  secretHash: string;
  apiKeyHash: string;
}

/** The public toolbox values (docs.flinks.com/guides/getting-started/testing-environments): the sandbox tenant answers to them. */
export const SANDBOX_TENANT = {
  id: '43387ca6-0391-4c82-857d-70d95f087ecb',
  secretKey: 'c4569c54-e167-4d34-8de6-f4113bc82414',
  apiKey: '3d5266a8-b697-48d4-8de6-52e2e2662acc',
  name: 'Sandbox (toolbox)',
} as const;

interface Row {
  id: string;
  name: string;
  secret_hash: string;
  api_key_hash: string;
  policy: AuthPolicy;
  webhook_url: string | null;
  webhook_secret_enc: string | null;
  allowed_origins: string[];
}

export class Tenants {
  /** Short-lived cache: a key check per request must not cost a query, and settings changes show within seconds. */
  private cache = new Map<string, { tenant: Tenant | null; until: number }>();
  /** Customers being re-read ahead of their cached copy's end (find). */
  private renewing = new Set<string>();
  constructor(private readonly db: Db, private readonly keys: Keyring, private readonly ttlMs = 3000) {}

  /** The cached customer, without a query (undefined when not cached or stale). */
  cached(id: string): Tenant | null | undefined {
    const hit = this.cache.get(id);
    return hit && hit.until > Date.now() ? hit.tenant : undefined;
  }

  /** Drops the cached copy (after a change made outside create/update: a rotated key, a deletion). */
  forget(id: string): void {
    this.cache.delete(id);
  }

  /** Pass `q` inside a transaction: on PGlite a query outside it would wait for the transaction forever. */
  async find(id: string, q: Queryable = this.db): Promise<Tenant | null> {
    const hit = this.cache.get(id);
    const now = Date.now();
    if (hit && hit.until > now) {
      // On PostgreSQL, a copy in the last tenth of its life is re-read in the background, so a
      // customer calling steadily is not made to wait for the database every few seconds (a wait
      // that, under a nightly refresh, is one of its slowest answers). A copy is still never used
      // past its time: when the re-read has not come back, the next call reads as before.
      if (hit.until - now < this.ttlMs / 10 && this.db.kind === 'postgres') this.renewAhead(id, hit);
      return hit.tenant;
    }
    return this.read(id, q, now);
  }

  private async read(id: string, q: Queryable, now: number): Promise<Tenant | null> {
    const tenant = await this.fetch(id, q);
    if (this.ttlMs > 0) this.cache.set(id, { tenant, until: now + this.ttlMs });
    return tenant;
  }

  /** The customer as stored (both find's read and the read ahead go through here). */
  private async fetch(id: string, q: Queryable): Promise<Tenant | null> {
    const rows = await q.query<Row>('select * from customers where id = $1', [id]);
    return rows[0] ? this.fromRow(rows[0]) : null;
  }

  /** One background re-read per customer at a time; it replaces the copy only if nothing else did meanwhile (forget, a change). */
  private renewAhead(id: string, hit: { tenant: Tenant | null; until: number }): void {
    if (this.renewing.has(id)) return;
    this.renewing.add(id);
    const started = Date.now();
    this.fetch(id, this.db)
      .then((tenant) => {
        if (this.cache.get(id) === hit) this.cache.set(id, { tenant, until: started + this.ttlMs });
      })
      // A failed re-read changes nothing: the copy runs out and the next call reads (and reports) as before.
      .catch(() => {})
      .finally(() => this.renewing.delete(id));
  }

  async create(opts: { name: string; policy?: Partial<AuthPolicy>; id?: string; secretKey?: string; apiKey?: string; webhookUrl?: string | null; webhookSecret?: string | null; allowedOrigins?: string[] }): Promise<{ tenant: Tenant; secretKey: string; apiKey: string }> {
    const id = opts.id ?? randomUUID();
    const secretKey = opts.secretKey ?? randomUUID();
    const apiKey = opts.apiKey ?? randomUUID();
    const policy = { ...STRICT_POLICY, ...opts.policy };
    await this.db.query(
      `insert into customers (id, name, secret_hash, api_key_hash, policy, webhook_url, webhook_secret_enc, allowed_origins)
       values ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [id, opts.name, hashSecret(secretKey), hashSecret(apiKey), JSON.stringify(policy), opts.webhookUrl ?? null,
        opts.webhookSecret ? this.keys.encrypt(opts.webhookSecret) : null, JSON.stringify(opts.allowedOrigins ?? [])],
    );
    this.cache.delete(id);
    return { tenant: (await this.find(id))!, secretKey, apiKey };
  }

  /** Creates the sandbox tenant with the public toolbox keys, once. */
  async ensureSandbox(): Promise<void> {
    if (await this.find(SANDBOX_TENANT.id)) return;
    await this.create({ id: SANDBOX_TENANT.id, name: SANDBOX_TENANT.name, secretKey: SANDBOX_TENANT.secretKey, apiKey: SANDBOX_TENANT.apiKey, policy: PERMISSIVE_POLICY, allowedOrigins: ['*'] }).catch(async (err) => {
      // Two processes starting together: the other one created it (the miss above is cached, so look again).
      this.cache.delete(SANDBOX_TENANT.id);
      if (!(await this.find(SANDBOX_TENANT.id))) throw err;
    });
  }

  async update(id: string, patch: { policy?: Partial<AuthPolicy>; webhookUrl?: string | null; webhookSecret?: string | null; allowedOrigins?: string[] }): Promise<Tenant | null> {
    const current = await this.find(id);
    if (!current) return null;
    const policy = { ...current.policy, ...patch.policy };
    const webhookUrl = patch.webhookUrl !== undefined ? patch.webhookUrl : current.webhookUrl;
    const secret = patch.webhookSecret !== undefined ? patch.webhookSecret : current.webhookSecret;
    const origins = patch.allowedOrigins ?? current.allowedOrigins;
    await this.db.query(
      'update customers set policy = $2, webhook_url = $3, webhook_secret_enc = $4, allowed_origins = $5 where id = $1',
      [id, JSON.stringify(policy), webhookUrl, secret ? this.keys.encrypt(secret) : null, JSON.stringify(origins)],
    );
    this.cache.delete(id);
    return this.find(id);
  }

  secretMatches(tenant: Tenant, presented: string | undefined): boolean {
    return typeof presented === 'string' && presented.length > 0 && secretMatches(presented, tenant.secretHash);
  }

  apiKeyMatches(tenant: Tenant, presented: string | undefined): boolean {
    return typeof presented === 'string' && presented.length > 0 && secretMatches(presented, tenant.apiKeyHash);
  }

  private fromRow(r: Row): Tenant {
    return {
      id: r.id,
      name: r.name,
      policy: { ...STRICT_POLICY, ...r.policy },
      webhookUrl: r.webhook_url,
      webhookSecret: r.webhook_secret_enc ? this.keys.decrypt(r.webhook_secret_enc) : null,
      allowedOrigins: r.allowed_origins ?? [],
      secretHash: r.secret_hash,
      apiKeyHash: r.api_key_hash,
    };
  }
}
