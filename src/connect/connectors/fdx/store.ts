/**
 * The FDX providers' SQL: registered institutions, the tokens of each login and the consents
 * under way (tables of ./migrations.ts). Secrets are encrypted here, on their way to the rows.
 */
import type { Db, Queryable } from '../../../platform/db.ts';
import type { Keyring } from '../../../platform/crypto.ts';
import type { ConsentOptions, FdxInstitution, Tokens } from './model.ts';

interface InstitutionRow {
  customer_id: string;
  institution_id: number;
  code: string;
  name: string;
  country: 'CA' | 'US';
  issuer: string;
  fdx_base_url: string;
  client_id: string;
  client_secret_enc: string | null;
  provider_id: number | null;
  scope: string;
  redirect_uri: string;
}

export class FdxStore {
  constructor(readonly db: Db, private readonly keys: Keyring) {}

  private fromRow(r: InstitutionRow): FdxInstitution {
    return {
      customerId: r.customer_id, id: r.institution_id, code: r.code, name: r.name, country: r.country, issuer: r.issuer, fdxBaseUrl: r.fdx_base_url,
      clientId: r.client_id, clientSecret: r.client_secret_enc ? this.keys.decrypt(r.client_secret_enc) : null, providerId: r.provider_id, scope: r.scope, redirectUri: r.redirect_uri,
    };
  }

  // ---- institutions ------------------------------------------------------------------------

  async institutions(customerId: string, q: Queryable = this.db): Promise<FdxInstitution[]> {
    const rows = await q.query<InstitutionRow>('select * from connect_fdx_institutions where customer_id = $1 order by institution_id', [customerId]);
    return rows.map((r) => this.fromRow(r));
  }

  async institution(customerId: string, idOrCode: string | number, q: Queryable = this.db): Promise<FdxInstitution | null> {
    const s = String(idOrCode).trim();
    const rows = await q.query<InstitutionRow>(
      'select * from connect_fdx_institutions where customer_id = $1 and (institution_id::text = $2 or lower(code) = lower($2))',
      [customerId, s],
    );
    return rows[0] ? this.fromRow(rows[0]) : null;
  }

  /** The id the customer's next FDX institution takes (from `first` up). */
  async nextInstitutionId(q: Queryable, customerId: string, first: number): Promise<number> {
    const next = await q.query<{ id: number }>('select coalesce(max(institution_id) + 1, $2) as id from connect_fdx_institutions where customer_id = $1', [customerId, first]);
    return next[0]!.id;
  }

  async insertInstitution(q: Queryable, i: Omit<FdxInstitution, 'clientSecret'> & { clientSecret: string | null }): Promise<void> {
    await q.query(
      `insert into connect_fdx_institutions (customer_id, institution_id, code, name, country, issuer, fdx_base_url, client_id, client_secret_enc, provider_id, scope, redirect_uri)
       values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12)`,
      [i.customerId, i.id, i.code, i.name, i.country, i.issuer, i.fdxBaseUrl, i.clientId, i.clientSecret ? this.keys.encrypt(i.clientSecret) : null,
        i.providerId, i.scope, i.redirectUri],
    );
  }

  // ---- tokens ------------------------------------------------------------------------------

  async saveTokens(q: Queryable, ref: string, tokens: Tokens): Promise<void> {
    await q.query('update connect_fdx_tokens set tokens_enc = $2, updated_at = now() where ref = $1', [ref, this.keys.encryptJson(tokens)]);
  }

  async loadTokens(ref: string, q: Queryable): Promise<{ tokens: Tokens; customerId: string; institutionId: number } | null> {
    const rows = await q.query<{ tokens_enc: string; customer_id: string; institution_id: number }>('select tokens_enc, customer_id, institution_id from connect_fdx_tokens where ref = $1', [ref]);
    return rows[0] ? { tokens: this.keys.decryptJson<Tokens>(rows[0].tokens_enc), customerId: rows[0].customer_id, institutionId: rows[0].institution_id } : null;
  }

  /** The tokens of a login, replacing those of an earlier consent of the same login. */
  async replaceLoginTokens(q: Queryable, t: { ref: string; customerId: string; loginId: string; institutionId: number; tokens: Tokens; replacing: boolean }): Promise<void> {
    if (t.replacing) await q.query('delete from connect_fdx_tokens where login_id = $1 and customer_id = $2', [t.loginId, t.customerId]);
    await q.query('insert into connect_fdx_tokens (ref, customer_id, login_id, institution_id, tokens_enc) values ($1,$2,$3,$4,$5)', [t.ref, t.customerId, t.loginId, t.institutionId, this.keys.encryptJson(t.tokens)]);
  }

  // ---- consents under way ------------------------------------------------------------------

  /** Starts that never came back: forgotten when the next one starts rather than by a job. */
  async forgetExpiredConsents(): Promise<void> {
    await this.db.query('delete from connect_fdx_states where expires_at < now()');
  }

  async saveConsent(c: { state: string; customerId: string; institutionId: number; secrets: { verifier: string; authKey: string | null }; returnTo: string; options: ConsentOptions; expiresAt: Date }): Promise<void> {
    await this.db.query(
      `insert into connect_fdx_states (state, customer_id, institution_id, secrets_enc, return_to, options, expires_at) values ($1,$2,$3,$4,$5,$6,$7)`,
      [c.state, c.customerId, c.institutionId, this.keys.encryptJson(c.secrets), c.returnTo, JSON.stringify(c.options), c.expiresAt],
    );
  }

  /** The consent of `state`, removed as it is read (a state is used once); null when unknown or expired. */
  async takeConsent(state: string, customerId: string): Promise<{ institutionId: number; secrets: { verifier: string; authKey: string | null }; returnTo: string; options: ConsentOptions } | null> {
    const rows = await this.db.query<{ institution_id: number; secrets_enc: string; return_to: string; options: ConsentOptions }>(
      'delete from connect_fdx_states where state = $1 and customer_id = $2 and expires_at > now() returning institution_id, secrets_enc, return_to, options',
      [state, customerId],
    );
    const r = rows[0];
    return r ? { institutionId: r.institution_id, secrets: this.keys.decryptJson(r.secrets_enc), returnTo: r.return_to, options: r.options } : null;
  }
}
