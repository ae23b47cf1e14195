/**
 * Outbound's SQL for recipients, registrations, consents and consent-page
 * interactions. Queries a partner makes are scoped by its customer_id: a
 * client_id of another partner is answered exactly like an unknown one.
 */
import type { Db, Queryable } from '../platform/db.ts';
import { isGuid } from '../platform/ids.ts';

export interface RecipientRow {
  client_id: string;
  customer_id: string;
  name: string;
  secret_hash: string | null;
  auth_method: 'client_secret_post' | 'none';
  redirect_uris: string[];
  scope: string;
  logo_uri: string | null;
  description: string | null;
  terms_uri: string | null;
  client_uri: string | null;
  country: 'CA' | 'US';
  contacts: { email: string }[];
  created_at: Date;
}

export type RegistrationStatus = 'PENDING_APPROVAL' | 'PENDING_ACTIVATION' | 'ACTIVE';

export interface RegistrationRow {
  client_id: string;
  customer_id: string;
  provider_id: number;
  status: RegistrationStatus;
  requested_on: Date;
  client_name: string;
  country: 'CA' | 'US';
}

export interface ConsentRow {
  id: string;
  customer_id: string;
  client_id: string;
  provider_id: number;
  subject: string;
  login_id: string;
  scopes: string;
  account_ids: string[];
  grant_id: string | null;
  status: 'active' | 'revoked';
  created_at: Date;
}

export interface InteractionRow {
  uid: string;
  customer_id: string;
  client_id: string;
  request_id: string | null;
  login_id: string | null;
}

export class OutboundStore {
  constructor(readonly db: Db) {}

  // ---- recipients ---------------------------------------------------------------
  async insertRecipient(q: Queryable, r: Omit<RecipientRow, 'created_at'> & { created_at: Date }): Promise<void> {
    await q.query(
      `insert into outbound_recipients (client_id, customer_id, name, secret_hash, auth_method, redirect_uris, scope, logo_uri, description, terms_uri, client_uri, country, contacts, created_at)
       values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)`,
      [r.client_id, r.customer_id, r.name, r.secret_hash, r.auth_method, JSON.stringify(r.redirect_uris), r.scope, r.logo_uri, r.description, r.terms_uri, r.client_uri, r.country, JSON.stringify(r.contacts), r.created_at],
    );
  }

  async recipient(q: Queryable, customerId: string, clientId: string): Promise<RecipientRow | null> {
    const rows = await q.query<RecipientRow>('select * from outbound_recipients where client_id = $1 and customer_id = $2', [clientId, customerId]);
    return rows[0] ?? null;
  }

  /** The recipient whatever its partner: what the authorization server needs to know a client. */
  async recipientByClientId(clientId: string): Promise<RecipientRow | null> {
    const rows = await this.db.query<RecipientRow>('select * from outbound_recipients where client_id = $1', [clientId]);
    return rows[0] ?? null;
  }

  async recipients(customerId: string): Promise<RecipientRow[]> {
    return this.db.query<RecipientRow>('select * from outbound_recipients where customer_id = $1 order by created_at, client_id', [customerId]);
  }

  async setRedirectUris(customerId: string, clientId: string, uris: string[]): Promise<boolean> {
    const rows = await this.db.query('update outbound_recipients set redirect_uris = $3 where client_id = $1 and customer_id = $2 returning 1', [clientId, customerId, JSON.stringify(uris)]);
    return rows.length > 0;
  }

  async setSecretHash(customerId: string, clientId: string, hash: string): Promise<boolean> {
    const rows = await this.db.query(`update outbound_recipients set secret_hash = $3 where client_id = $1 and customer_id = $2 and auth_method <> 'none' returning 1`, [clientId, customerId, hash]);
    return rows.length > 0;
  }

  // ---- registrations ------------------------------------------------------------
  async requestRegistration(q: Queryable, customerId: string, clientId: string, providerId: number, now: Date): Promise<boolean> {
    const rows = await q.query(
      `insert into outbound_registrations (client_id, customer_id, provider_id, status, requested_on, updated_at)
       values ($1, $2, $3, 'PENDING_APPROVAL', $4, $4) on conflict (client_id, provider_id) do nothing returning 1`,
      [clientId, customerId, providerId, now],
    );
    return rows.length > 0;
  }

  async registrations(customerId: string, clientId: string | null): Promise<RegistrationRow[]> {
    return this.db.query<RegistrationRow>(
      `select g.client_id, g.customer_id, g.provider_id, g.status, g.requested_on, r.name as client_name, r.country
       from outbound_registrations g join outbound_recipients r on r.client_id = g.client_id
       where g.customer_id = $1 and ($2::text is null or g.client_id = $2) order by g.requested_on, g.client_id, g.provider_id`,
      [customerId, clientId],
    );
  }

  async registrationStatus(clientId: string, providerId: number): Promise<RegistrationStatus | null> {
    const rows = await this.db.query<{ status: RegistrationStatus }>('select status from outbound_registrations where client_id = $1 and provider_id = $2', [clientId, providerId]);
    return rows[0]?.status ?? null;
  }

  /** Moves a registration one step (PENDING_APPROVAL → PENDING_ACTIVATION → ACTIVE); answers the new status. */
  async advanceRegistration(customerId: string, clientId: string, providerId: number, now: Date): Promise<RegistrationStatus | null> {
    const rows = await this.db.query<{ status: RegistrationStatus }>(
      `update outbound_registrations set status = case status when 'PENDING_APPROVAL' then 'PENDING_ACTIVATION' else 'ACTIVE' end, updated_at = $4
       where client_id = $1 and customer_id = $2 and provider_id = $3 and status <> 'ACTIVE' returning status`,
      [clientId, customerId, providerId, now],
    );
    return rows[0]?.status ?? null;
  }

  // ---- consents -----------------------------------------------------------------
  async insertConsent(q: Queryable, c: Omit<ConsentRow, 'status'>): Promise<void> {
    await q.query(
      `insert into outbound_consents (id, customer_id, client_id, provider_id, subject, login_id, scopes, account_ids, grant_id, created_at)
       values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
      [c.id, c.customer_id, c.client_id, c.provider_id, c.subject, c.login_id, c.scopes, JSON.stringify(c.account_ids), c.grant_id, c.created_at],
    );
  }

  async consentByGrant(grantId: string): Promise<ConsentRow | null> {
    const rows = await this.db.query<ConsentRow>('select * from outbound_consents where grant_id = $1', [grantId]);
    return rows[0] ?? null;
  }

  /** The consent a token names, or null (unknown, or its login was deleted). */
  async consent(id: string): Promise<ConsentRow | null> {
    if (!isGuid(id)) return null;
    const rows = await this.db.query<ConsentRow>('select * from outbound_consents where id = $1', [id]);
    return rows[0] ?? null;
  }

  /** One consent of a customer, or null (another customer's id is answered as unknown). */
  async consentOf(customerId: string, id: string): Promise<(ConsentRow & { revoked_at: Date | null }) | null> {
    if (!isGuid(id)) return null;
    const rows = await this.db.query<ConsentRow & { revoked_at: Date | null }>('select * from outbound_consents where customer_id = $1 and id = $2', [customerId, id.toLowerCase()]);
    return rows[0] ?? null;
  }

  /**
   * A customer's consents with their recipient's name, newest first, `limit` rows after the sort
   * key `before` (created_at as UTC text at microsecond precision, id) of the previous page.
   */
  async consentsPage(customerId: string, f: { status: 'active' | 'revoked' | null; clientId: string | null; before: [string, string] | null; limit: number }): Promise<(ConsentRow & { revoked_at: Date | null; client_name: string; created_key: string })[]> {
    return this.db.query(
      `select c.*, r.name as client_name, to_char(c.created_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as created_key
         from outbound_consents c join outbound_recipients r on r.client_id = c.client_id
        where c.customer_id = $1 and ($2::text is null or c.status = $2::text) and ($3::text is null or c.client_id = $3::text)
          and ($4::text is null or (c.created_at, c.id) < ($4::timestamp at time zone 'UTC', $5::uuid))
        order by c.created_at desc, c.id desc limit $6::int`,
      [customerId, f.status, f.clientId, f.before?.[0] ?? null, f.before?.[1] ?? null, f.limit],
    );
  }

  async revokeConsentsOfGrant(q: Queryable, grantId: string, now: Date): Promise<void> {
    await q.query(`update outbound_consents set status = 'revoked', revoked_at = $2 where grant_id = $1 and status = 'active'`, [grantId, now]);
  }

  // ---- consent-page interactions ----------------------------------------------------
  async interaction(uid: string): Promise<InteractionRow | null> {
    const rows = await this.db.query<InteractionRow>('select uid, customer_id, client_id, request_id, login_id from outbound_interactions where uid = $1 and expires_at > now()', [uid]);
    return rows[0] ?? null;
  }

  async saveInteraction(i: InteractionRow, expiresAt: Date): Promise<void> {
    await this.db.query(
      `insert into outbound_interactions (uid, customer_id, client_id, request_id, login_id, expires_at) values ($1,$2,$3,$4,$5,$6)
       on conflict (uid) do update set request_id = excluded.request_id, login_id = excluded.login_id`,
      [i.uid, i.customer_id, i.client_id, i.request_id, i.login_id, expiresAt],
    );
  }

  // ---- oidc-provider's rows ----------------------------------------------------------

  /** Drops a grant's refresh tokens and unused codes (the grant itself goes through the adapter). */
  async deleteGrantArtifacts(grantId: string): Promise<void> {
    await this.db.query('delete from outbound_oauth where grant_id = $1', [grantId]);
  }

  /**
   * Deletes a customer's OAuth rows (codes, tokens, grants, sessions): they name their client,
   * not the customer, so they are found through the customer's recipients, its own partner
   * client and its consents. Answers how many went.
   */
  static async deleteOAuthRowsOfCustomer(q: Queryable, customerId: string): Promise<number> {
    const rows = await q.query<{ n: number }>(
      `with gone as (
         delete from outbound_oauth
          where payload->>'clientId' = $1::text
             or payload->>'clientId' in (select client_id from outbound_recipients where customer_id = $1::uuid)
             or grant_id in (select grant_id from outbound_consents where customer_id = $1::uuid and grant_id is not null)
         returning 1)
       select count(*)::int as n from gone`,
      [customerId],
    );
    return rows[0]?.n ?? 0;
  }

  /** Drops what has expired: OAuth artifacts and finished consent pages. */
  async sweep(now: Date): Promise<number> {
    const a = await this.db.query('delete from outbound_oauth where expires_at is not null and expires_at < $1 returning 1', [now]);
    const b = await this.db.query('delete from outbound_interactions where expires_at < now() returning 1');
    return a.length + b.length;
  }
}
