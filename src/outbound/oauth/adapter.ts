/**
 * oidc-provider's storage, in our database (never its in-memory adapter): one
 * table keyed by model and id. Expiry is read from the platform clock, so the
 * sandbox clock expires codes, refresh tokens and grants like everything else.
 * Clients are not stored here: they are the recipients and partners of
 * outbound_recipients and customers, looked up by `clients`.
 */
import type { Adapter, AdapterPayload, AdapterConstructor } from 'oidc-provider';
import type { Db } from '../../platform/db.ts';
import type { Clock } from '../../platform/clock.ts';

export interface AdapterDeps {
  db: Db;
  clock: Clock;
  /** Client metadata for a client_id, or undefined. */
  clients: (clientId: string) => Promise<Record<string, unknown> | undefined>;
  /** A grant was destroyed (revocation, replayed code): the consent behind it ends with it. */
  onGrantDestroyed: (grantId: string) => Promise<void>;
  /** The error a second use of a single-use artifact answers (oidc-provider's InvalidGrant). */
  alreadyConsumed: () => Error;
}

interface Row {
  payload: AdapterPayload;
  consumed_at: Date | null;
}

export function adapterFor(deps: AdapterDeps): AdapterConstructor & { touch(model: string, id: string, ttlSeconds: number): Promise<void> } {
  const { db, clock } = deps;
  const expiry = (expiresIn: number | undefined) => (typeof expiresIn === 'number' ? new Date(clock.now().getTime() + expiresIn * 1000) : null);
  const withConsumed = (r: Row | undefined): AdapterPayload | undefined =>
    r ? (r.consumed_at ? { ...r.payload, consumed: Math.floor(r.consumed_at.getTime() / 1000) } : r.payload) : undefined;

  class DbAdapter implements Adapter {
    constructor(private readonly model: string) {}

    /** Extends a stored artifact's life (the refresh token's idle timeout). */
    static async touch(model: string, id: string, ttlSeconds: number): Promise<void> {
      const exp = Math.floor(Date.now() / 1000) + ttlSeconds;
      await db.query(
        `update outbound_oauth set expires_at = $3, payload = jsonb_set(payload, '{exp}', to_jsonb($4::bigint)) where model = $1 and id = $2`,
        [model, id, expiry(ttlSeconds), exp],
      );
    }

    async upsert(id: string, payload: AdapterPayload, expiresIn: number | undefined): Promise<void> {
      await db.query(
        `insert into outbound_oauth (model, id, payload, grant_id, uid, expires_at) values ($1, $2, $3, $4, $5, $6)
         on conflict (model, id) do update set payload = excluded.payload, grant_id = excluded.grant_id, uid = excluded.uid, expires_at = excluded.expires_at`,
        [this.model, id, JSON.stringify(payload), payload.grantId ?? null, payload.uid ?? null, expiry(expiresIn)],
      );
    }

    async find(id: string): Promise<AdapterPayload | undefined> {
      if (this.model === 'Client') return deps.clients(id);
      const rows = await db.query<Row>(
        'select payload, consumed_at from outbound_oauth where model = $1 and id = $2 and (expires_at is null or expires_at > $3)',
        [this.model, id, clock.now()],
      );
      return withConsumed(rows[0]);
    }

    async findByUid(uid: string): Promise<AdapterPayload | undefined> {
      const rows = await db.query<Row>(
        'select payload, consumed_at from outbound_oauth where model = $1 and uid = $2 and (expires_at is null or expires_at > $3)',
        [this.model, uid, clock.now()],
      );
      return withConsumed(rows[0]);
    }

    async findByUserCode(): Promise<AdapterPayload | undefined> {
      return undefined; // the device flow is not enabled
    }

    /**
     * Marks a code used, atomically. oidc-provider checks `consumed` on the copy it read and
     * then calls this, so two exchanges of one code at once (two replicas, a client retrying)
     * would both pass its check: here only the first update matches. The later one is a second
     * use of the code, answered as oidc-provider answers a replay (RFC 6749 §4.1.2): the grant
     * and everything issued under it are revoked, and the request gets invalid_grant.
     */
    async consume(id: string): Promise<void> {
      const first = await db.query('update outbound_oauth set consumed_at = $3 where model = $1 and id = $2 and consumed_at is null returning 1', [this.model, id, clock.now()]);
      if (first.length > 0) return;
      const rows = await db.query<{ grant_id: string | null }>('select grant_id from outbound_oauth where model = $1 and id = $2', [this.model, id]);
      const grantId = rows[0]?.grant_id;
      if (grantId) {
        await db.query(`delete from outbound_oauth where grant_id = $1 or (model = 'Grant' and id = $1)`, [grantId]);
        await deps.onGrantDestroyed(grantId);
      }
      throw deps.alreadyConsumed();
    }

    async destroy(id: string): Promise<void> {
      await db.query('delete from outbound_oauth where model = $1 and id = $2', [this.model, id]);
      if (this.model === 'Grant') await deps.onGrantDestroyed(id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      await db.query('delete from outbound_oauth where model = $1 and grant_id = $2', [this.model, grantId]);
    }
  }
  return DbAdapter;
}
