/**
 * Connect's SQL. Every statement names customer_id: tenant isolation is in the
 * queries, not left to callers.
 */
import type { Db, Queryable } from '../platform/db.ts';
import type { AccountData, ConnectedProfile, HolderData, LoginData } from './connectors/connector.ts';
import { isGuid, stableId } from '../platform/ids.ts';
import type { AggregationState, StoredState } from './sessions/machine.ts';

export interface LoginRow {
  id: string;
  customer_id: string;
  institution_id: number;
  institution_code: string;
  connector: string;
  sandbox_user: string;
  username: string;
  language: 'en' | 'fr';
  login_type: 'Personal' | 'Business';
  tag: string | null;
  saved: boolean;
  credentials_enc: string | null;
  answers_enc: string | null;
  pending_questions: string[];
  is_scheduled_refresh: boolean;
  data_start: string;
  profile: ConnectedProfile;
  aggregation_state: AggregationState;
  aggregation_started_at: Date | null;
  last_refresh_text: string | null;
  last_refresh: Date | null;
  last_refresh_state: string | null;
  last_refresh_error: string | null;
  last_cached_call: Date | null;
}

/** A login as the console lists it: with its username's sort key and whether its customer has a webhook URL (nightly eligibility). */
export interface OperatorLoginRow extends LoginRow {
  username_key: string;
  has_webhook: boolean;
}

export interface RequestRow {
  id: string;
  customer_id: string;
  login_id: string | null;
  state: StoredState;
  mode: string;
  institution_code: string | null;
  language: 'en' | 'fr';
  tag: string | null;
  options: Record<string, unknown>;
  script_state_enc: string | null;
  challenges: unknown[] | null;
  failure_code: string | null;
  failure_message: string | null;
  detail_options: Record<string, unknown> | null;
  last_activity: Date;
}

export interface AccountRow {
  id: string;
  login_id: string;
  ref: string;
  position: number;
  title: string;
  type: string;
  category: string;
  currency: string;
  account_type: string | null;
  transit_number: string | null;
  institution_number: string | null;
  account_number: string;
  overdraft_limit_cents: number;
  limit_cents: number | null;
  current_cents: number;
  available_cents: number | null;
  eft_eligible_ratio: number;
  etransfer_eligible_ratio: number;
}

export interface TransactionRow {
  id: string;
  account_id: string;
  date: string;
  seq: number;
  description: string;
  debit_cents: number | null;
  credit_cents: number | null;
  balance_cents: number | null;
}

export interface HolderRow {
  holder: HolderData;
}

export type LoginLock = 'update' | 'key share';

function lockClause(lock: LoginLock | undefined): string {
  return lock ? ` for ${lock} of l` : '';
}

/** connect_requests' columns, in table order (findRequest's `select *`). */
/** The prefix findRequestAndLogin gives the request's columns beside the login's (no column of either table begins with it). */
const REQUEST_PREFIX = 'request__';
const REQUEST_COLUMNS = ['id', 'customer_id', 'login_id', 'state', 'mode', 'institution_code', 'language', 'tag', 'options', 'script_state_enc', 'challenges', 'failure_code', 'failure_message', 'detail_options', 'last_activity', 'created_at'] as const;
const LOGIN_COLUMNS = `l.*, to_char(l.last_refresh at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US') as last_refresh_text, to_char(l.data_start, 'YYYY-MM-DD') as data_start`;

export class ConnectStore {
  constructor(private readonly db: Db) {}

  get q(): Db {
    return this.db;
  }

  // ---- authorize tokens ---------------------------------------------------
  async insertToken(q: Queryable, customerId: string, tokenHash: string, expiresAt: Date): Promise<void> {
    await q.query('insert into connect_authorize_tokens (token_hash, customer_id, expires_at) values ($1, $2, $3)', [tokenHash, customerId, expiresAt]);
  }

  async findToken(q: Queryable, customerId: string, tokenHash: string, lock = true): Promise<{ expires_at: Date; request_id: string | null } | null> {
    const rows = await q.query<{ expires_at: Date; request_id: string | null }>(
      `select expires_at, request_id from connect_authorize_tokens where token_hash = $1 and customer_id = $2${lock ? ' for update' : ''}`,
      [tokenHash, customerId],
    );
    return rows[0] ?? null;
  }

  async bindToken(q: Queryable, customerId: string, tokenHash: string, requestId: string): Promise<void> {
    await q.query('update connect_authorize_tokens set request_id = $3 where token_hash = $1 and customer_id = $2', [tokenHash, customerId, requestId]);
  }

  // ---- logins -------------------------------------------------------------
  // Ids come from clients: anything that is not a GUID is simply not found (the column type would refuse it).
  /**
   * `lock` holds the row until the transaction ends (and finds nothing once a concurrent
   * delete committed): 'update' for what changes the login's state (a live refresh, a
   * delete: they run one at a time), 'key share' for what only hangs rows on it (a cached
   * session: many at once, but the login cannot be deleted under them).
   */
  async findLogin(q: Queryable, customerId: string, loginId: string, lock?: LoginLock): Promise<LoginRow | null> {
    if (!isGuid(loginId)) return null;
    const rows = await q.query<LoginRow>(`select ${LOGIN_COLUMNS} from connect_logins l where l.id = $1 and l.customer_id = $2${lockClause(lock)}`, [loginId, customerId]);
    return rows[0] ?? null;
  }

  async findLoginByIdentity(q: Queryable, customerId: string, institutionId: number, userKey: string, language: string, lock?: LoginLock): Promise<LoginRow | null> {
    const rows = await q.query<LoginRow>(
      `select ${LOGIN_COLUMNS} from connect_logins l where l.customer_id = $1 and l.institution_id = $2 and l.sandbox_user = $3 and l.language = $4${lockClause(lock)}`,
      [customerId, institutionId, userKey, language],
    );
    return rows[0] ?? null;
  }

  /**
   * Inserts a login unless one of the same identity (customer, institution, user,
   * language) exists or is being inserted: answers false then, once that other
   * transaction has committed, so the caller can lock and update the winner's row.
   */
  async insertLogin(q: Queryable, l: { id: string; customerId: string; institutionId: number; institutionCode: string; connector: string; profile: ConnectedProfile; language: string; tag: string | null; saved: boolean; credentialsEnc: string | null; answersEnc: string | null; scheduled: boolean; dataStart: string; pendingQuestions: string[] }): Promise<boolean> {
    const rows = await q.query(
      `insert into connect_logins (id, customer_id, institution_id, institution_code, connector, sandbox_user, username, language, tag, saved, credentials_enc, answers_enc, is_scheduled_refresh, data_start, profile, pending_questions)
       values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16)
       on conflict (customer_id, institution_id, sandbox_user, language) do nothing returning id`,
      [l.id, l.customerId, l.institutionId, l.institutionCode, l.connector, l.profile.userKey, l.profile.username, l.language, l.tag, l.saved, l.credentialsEnc, l.answersEnc, l.scheduled, l.dataStart, JSON.stringify(l.profile), JSON.stringify(l.pendingQuestions)],
    );
    return rows.length > 0;
  }

  async updateLoginAfterLogin(q: Queryable, customerId: string, loginId: string, patch: { profile: ConnectedProfile; tag: string | null; saved: boolean; credentialsEnc: string | null; answersEnc: string | null; scheduled: boolean | null; pendingQuestions: string[] | null }): Promise<void> {
    await q.query(
      `update connect_logins set profile = $3, username = $4, tag = coalesce($5, tag), saved = saved or $6,
         credentials_enc = coalesce($7, credentials_enc), answers_enc = coalesce($8, answers_enc),
         is_scheduled_refresh = coalesce($9, is_scheduled_refresh), pending_questions = coalesce($10, pending_questions)
       where id = $1 and customer_id = $2`,
      [loginId, customerId, JSON.stringify(patch.profile), patch.profile.username, patch.tag, patch.saved, patch.credentialsEnc, patch.answersEnc, patch.scheduled, patch.pendingQuestions ? JSON.stringify(patch.pendingQuestions) : null],
    );
  }

  async setLoginFields(q: Queryable, customerId: string, loginId: string, fields: Partial<Record<'is_scheduled_refresh' | 'answers_enc' | 'credentials_enc' | 'pending_questions' | 'last_cached_call' | 'last_refresh_state' | 'last_refresh_error' | 'saved', unknown>>): Promise<boolean> {
    if (!isGuid(loginId)) return false;
    const keys = Object.keys(fields);
    const sets = keys.map((k, i) => `${k} = $${i + 3}`).join(', ');
    const values = keys.map((k) => {
      const v = (fields as Record<string, unknown>)[k];
      return k === 'pending_questions' ? JSON.stringify(v) : v;
    });
    const rows = await q.query(`update connect_logins set ${sets} where id = $1 and customer_id = $2 returning id`, [loginId, customerId, ...values]);
    return rows.length > 0;
  }

  /** Marks an aggregation as started unless one is already running (true when this call started it). */
  async startAggregation(q: Queryable, customerId: string, loginId: string, now: Date): Promise<boolean> {
    const rows = await q.query(
      `update connect_logins set aggregation_state = 'running', aggregation_started_at = $3
       where id = $1 and customer_id = $2 and aggregation_state <> 'running' returning id`,
      [loginId, customerId, now],
    );
    return rows.length > 0;
  }

  async finishAggregation(q: Queryable, customerId: string, loginId: string, ok: boolean, now: Date, error: string | null): Promise<void> {
    await q.query(
      `update connect_logins set aggregation_state = $3, last_refresh = case when $3 = 'done' then $4::timestamptz else last_refresh end,
         last_refresh_state = $5, last_refresh_error = $6 where id = $1 and customer_id = $2`,
      [loginId, customerId, ok ? 'done' : 'failed', now, ok ? 'Completed' : 'Failed', error],
    );
  }

  /** Upload names the bank once its documents are read (Flinks assigns the institution after processing). */
  async setLoginInstitution(q: Queryable, customerId: string, loginId: string, institutionId: number, institutionCode: string): Promise<void> {
    await q.query('update connect_logins set institution_id = $3, institution_code = $4 where id = $1 and customer_id = $2', [loginId, customerId, institutionId, institutionCode]);
  }

  async deleteLogin(q: Queryable, customerId: string, loginId: string): Promise<boolean> {
    if (!isGuid(loginId)) return false;
    const rows = await q.query('delete from connect_logins where id = $1 and customer_id = $2 returning id', [loginId, customerId]);
    return rows.length > 0;
  }

  async scheduledLogins(): Promise<{ id: string; customer_id: string }[]> {
    return this.db.query('select id, customer_id from connect_logins where is_scheduled_refresh and saved order by created_at');
  }

  async loginsOfCustomer(customerId: string, where: string): Promise<LoginRow[]> {
    return this.db.query<LoginRow>(`select ${LOGIN_COLUMNS} from connect_logins l where l.customer_id = $1 and (${where}) order by l.created_at`, [customerId]);
  }

  // ---- the operator console (operator-routes.ts) ------------------------------------
  /**
   * Logins across customers (or of one), for the console's search: `loginId` matches one login
   * exactly, `usernamePrefix` (lower case) the start of a username whatever its case. Keyset
   * order (lower(username), id) in the "C" collation, the index connect_logins_username's: byte
   * order serves both the prefix LIKE and the ORDER BY from one btree, whatever the database's locale.
   */
  async searchLogins(q: Queryable, f: { customerId: string | null; loginId: string | null; usernamePrefix: string | null; after: [string, string] | null; limit: number }): Promise<OperatorLoginRow[]> {
    const like = f.usernamePrefix === null ? null : `${f.usernamePrefix.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    return q.query<OperatorLoginRow>(
      `select ${LOGIN_COLUMNS}, lower(l.username) as username_key, c.webhook_url is not null as has_webhook
       from connect_logins l join customers c on c.id = l.customer_id
       where ($1::uuid is null or l.customer_id = $1::uuid)
         and (($2::uuid is null and $3::text is null) or l.id = $2::uuid or lower(l.username) collate "C" like $3::text)
         and ($4::text is null or (lower(l.username) collate "C", l.id) > ($4::text collate "C", $5::uuid))
       order by lower(l.username) collate "C", l.id
       limit $6`,
      [f.customerId, f.loginId, like, f.after?.[0] ?? null, f.after?.[1] ?? null, f.limit],
    );
  }

  // ---- data -----------------------------------------------------------------
  /**
   * Stores what the connector returned. Accounts are upserted; transactions are
   * inserted by stable id and never duplicated, so a refresh adds only what is new.
   */
  async saveLoginData(q: Queryable, customerId: string, loginId: string, data: LoginData): Promise<{ newTransactions: number }> {
    await q.query(
      `insert into connect_holders (login_id, customer_id, holder) values ($1, $2, $3)
       on conflict (login_id) do update set holder = excluded.holder`,
      [loginId, customerId, JSON.stringify(data.holder)],
    );
    await q.query('update connect_logins set login_type = $3 where id = $1 and customer_id = $2', [loginId, customerId, data.loginType]);
    // Account ids derive from refs, so the accounts written again below keep their ids; transactions go with their account.
    if (data.replace) await q.query('delete from connect_accounts where login_id = $1 and customer_id = $2', [loginId, customerId]);
    const accounts = data.accounts.map((a, position) => ({ a, position, id: stableId(loginId, 'account', a.ref) }));
    for (const { a, position, id } of accounts) await upsertAccount(q, customerId, loginId, id, position, a);
    const added = q.copyIn ? await copyTransactions(q, q.copyIn.bind(q), customerId, loginId, accounts) : await insertTransactions(q, customerId, loginId, accounts);
    return { newTransactions: added };
  }

  async accounts(q: Queryable, customerId: string, loginId: string): Promise<AccountRow[]> {
    return q.query<AccountRow>('select * from connect_accounts where login_id = $1 and customer_id = $2 order by position', [loginId, customerId]);
  }

  async holder(q: Queryable, customerId: string, loginId: string): Promise<HolderRow | null> {
    const rows = await q.query<HolderRow>('select holder from connect_holders where login_id = $1 and customer_id = $2', [loginId, customerId]);
    return rows[0] ?? null;
  }

  async transactions(q: Queryable, customerId: string, accountIds: string[], from: string | null, to: string | null): Promise<TransactionRow[]> {
    if (accountIds.length === 0) return [];
    return q.query<TransactionRow>(
      `select id, account_id, to_char(date, 'YYYY-MM-DD') as date, seq, description, debit_cents, credit_cents, balance_cents
       from connect_transactions where customer_id = $1 and account_id = any($2::uuid[])
         and ($3::date is null or date >= $3::date) and ($4::date is null or date <= $4::date)
       order by account_id, date desc, seq desc`,
      [customerId, accountIds, from, to],
    );
  }

  // ---- requests ---------------------------------------------------------------
  async insertRequest(q: Queryable, r: { id: string; customerId: string; loginId: string | null; state: StoredState; mode: string; institutionCode: string | null; language: string; tag: string | null; options: Record<string, unknown>; scriptStateEnc: string | null; challenges: unknown[] | null; failureCode: string | null; failureMessage: string | null; now: Date }): Promise<void> {
    await q.query(
      `insert into connect_requests (id, customer_id, login_id, state, mode, institution_code, language, tag, options, script_state_enc, challenges, failure_code, failure_message, last_activity)
       values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14)`,
      [r.id, r.customerId, r.loginId, r.state, r.mode, r.institutionCode, r.language, r.tag, JSON.stringify(r.options), r.scriptStateEnc, r.challenges ? JSON.stringify(r.challenges) : null, r.failureCode, r.failureMessage, r.now],
    );
  }

  async findRequest(q: Queryable, customerId: string, requestId: string, lock = false): Promise<RequestRow | null> {
    if (!isGuid(requestId)) return null;
    const rows = await q.query<RequestRow>(`select * from connect_requests where id = $1 and customer_id = $2${lock ? ' for update' : ''}`, [requestId, customerId]);
    return rows[0] ?? null;
  }

  /**
   * A request and its login in one round trip (a data call's every read of a session that is not
   * in this process's memo): the login is null when the request has none, both are null when the
   * request is not the customer's. Each row is what findRequest and findLogin give.
   */
  async findRequestAndLogin(q: Queryable, customerId: string, requestId: string): Promise<{ req: RequestRow | null; login: LoginRow | null }> {
    if (!isGuid(requestId)) return { req: null, login: null };
    const rows = await q.query<Record<string, unknown>>(
      `select ${LOGIN_COLUMNS}, ${REQUEST_COLUMNS.map((c) => `r.${c} as ${REQUEST_PREFIX}${c}`).join(', ')}
       from connect_requests r left join connect_logins l on l.id = r.login_id and l.customer_id = r.customer_id
       where r.id = $1 and r.customer_id = $2`,
      [requestId, customerId],
    );
    const row = rows[0];
    if (!row) return { req: null, login: null };
    // Split by the prefix into two objects built key by key (no delete, which would leave the login a slow dictionary object).
    const req: Record<string, unknown> = {};
    const login: Record<string, unknown> = {};
    for (const key in row) {
      if (key.startsWith(REQUEST_PREFIX)) req[key.slice(REQUEST_PREFIX.length)] = row[key];
      else login[key] = row[key];
    }
    return { req: req as unknown as RequestRow, login: login.id === null ? null : (login as unknown as LoginRow) };
  }

  async updateRequest(q: Queryable, customerId: string, requestId: string, patch: { state?: StoredState; loginId?: string; scriptStateEnc?: string | null; challenges?: unknown[] | null; failureCode?: string | null; failureMessage?: string | null; detailOptions?: object; now: Date }): Promise<void> {
    const sets: string[] = ['last_activity = $3'];
    const values: unknown[] = [requestId, customerId, patch.now];
    const add = (col: string, v: unknown) => {
      values.push(v);
      sets.push(`${col} = $${values.length}`);
    };
    if (patch.state !== undefined) add('state', patch.state);
    if (patch.loginId !== undefined) add('login_id', patch.loginId);
    if (patch.scriptStateEnc !== undefined) add('script_state_enc', patch.scriptStateEnc);
    if (patch.challenges !== undefined) add('challenges', patch.challenges ? JSON.stringify(patch.challenges) : null);
    if (patch.failureCode !== undefined) add('failure_code', patch.failureCode);
    if (patch.failureMessage !== undefined) add('failure_message', patch.failureMessage);
    if (patch.detailOptions !== undefined) add('detail_options', JSON.stringify(patch.detailOptions));
    await q.query(`update connect_requests set ${sets.join(', ')} where id = $1 and customer_id = $2`, values);
  }

  /**
   * Keeps a session alive (its last activity, read by the idle timeout) without waiting for the
   * write to reach disk: with `synchronous_commit = off` the commit returns before its WAL is
   * flushed, and a crash loses at most the last moments of such stamps, never consistency
   * (postgresql.org/docs/current/wal-async-commit.html). A polled data call writes this every
   * ten seconds; waiting on the flush made it queue behind everything a refresh was writing.
   */
  async touchRequest(customerId: string, requestId: string, now: Date): Promise<void> {
    // One round trip, not four (begin, set local, update, commit): set_config(..., true) holds until the end of
    // the statement's own transaction, so that transaction's commit does not wait for the WAL flush either.
    await this.db.query(
      `update connect_requests set last_activity = $3 from (select set_config('synchronous_commit', 'off', true)) as async_commit where id = $1 and customer_id = $2`,
      [requestId, customerId, now],
    );
  }

  /** MFA-pending sessions of a login still inside their idle window (older ones have expired). */
  async openMfaRequestsForLogin(q: Queryable, customerId: string, loginId: string, activeSince: Date): Promise<number> {
    const rows = await q.query<{ n: number }>(
      `select count(*)::int as n from connect_requests where customer_id = $1 and login_id = $2 and state = 'MfaPending' and last_activity > $3`,
      [customerId, loginId, activeSince],
    );
    return rows[0]!.n;
  }

  // ---- custom sandbox users -----------------------------------------------------
  async findCustomUser(q: Queryable, customerId: string, username: string): Promise<unknown> {
    const rows = await q.query<{ document: unknown }>('select document from sandbox_custom_users where customer_id = $1 and username = $2', [customerId, username.trim().toLowerCase()]);
    return rows[0]?.document ?? null;
  }

  async saveCustomUser(q: Queryable, customerId: string, username: string, document: unknown): Promise<void> {
    await q.query(
      `insert into sandbox_custom_users (customer_id, username, document) values ($1, $2, $3)
       on conflict (customer_id, username) do update set document = excluded.document`,
      [customerId, username.trim().toLowerCase(), JSON.stringify(document)],
    );
  }
}

type StoredAccount = { a: AccountData; id: string };

const TRANSACTION_COLUMNS = 'id, account_id, customer_id, date, seq, description, debit_cents, credit_cents, balance_cents, label';

/**
 * The login's new transactions, by COPY straight into the table. The caller holds the login's row
 * lock (aggregation and Upload read it `for update` first), and a transaction's id derives from its
 * login, account and ref, so no one else writes these ids meanwhile: the ids already stored for the
 * login's accounts, read first, tell exactly which rows are new. COPY then writes only those, with
 * the same per-row cost as a bare COPY of them (no staging table to fill, empty and re-read, no
 * speculative insertion per row); a refresh that finds nothing new writes nothing. A ref the
 * connector returns twice in one account is stored once (the first), as before.
 */
async function copyTransactions(q: Queryable, copyIn: NonNullable<Queryable['copyIn']>, customerId: string, loginId: string, accounts: StoredAccount[]): Promise<number> {
  const withRows = accounts.filter(({ a }) => a.transactions.length > 0);
  if (withRows.length === 0) return 0;
  const stored = await q.query<{ id: string }>('select id from connect_transactions where account_id = any($1::uuid[])', [withRows.map(({ id }) => id)]);
  const seen = new Set(stored.map((r) => r.id));
  let rows = '';
  let added = 0;
  for (const { a, id: accountId } of withRows) {
    const prefix = `\t${accountId}\t${customerId}\t`;
    a.transactions.forEach((t, i) => {
      const id = stableId(loginId, 'transaction', a.ref, t.ref);
      if (seen.has(id)) return;
      seen.add(id);
      added++;
      rows += `${id}${prefix}${t.date}\t${i}\t${copyText(t.description)}\t${copyNumber(t.debitCents)}\t${copyNumber(t.creditCents)}\t${copyNumber(t.balanceCents)}\t${t.label === undefined ? '\\N' : copyText(JSON.stringify(t.label))}\n`;
    });
  }
  if (added > 0) await copyIn(`copy connect_transactions (${TRANSACTION_COLUMNS}) from stdin`, rows);
  return added;
}

/** COPY's text format (postgresql.org/docs/current/sql-copy.html, "Text Format"): backslash, tab, newline and carriage return escaped. */
function copyText(v: string): string {
  return /[\\\t\n\r]/.test(v) ? v.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r')) : v;
}

function copyNumber(v: number | null): string {
  return v === null ? '\\N' : String(v);
}

/** The same, where there is no COPY (PGlite): one INSERT per account from parameter arrays. */
async function insertTransactions(q: Queryable, customerId: string, loginId: string, accounts: StoredAccount[]): Promise<number> {
  let added = 0;
  for (const { a, id: accountId } of accounts) {
    if (a.transactions.length === 0) continue;
    const ids: string[] = [], dates: string[] = [], seqs: number[] = [], descs: string[] = [];
    const debits: (number | null)[] = [], credits: (number | null)[] = [], balances: (number | null)[] = [], labels: (string | null)[] = [];
    a.transactions.forEach((t, i) => {
      ids.push(stableId(loginId, 'transaction', a.ref, t.ref));
      dates.push(t.date);
      seqs.push(i);
      descs.push(t.description);
      debits.push(t.debitCents);
      credits.push(t.creditCents);
      balances.push(t.balanceCents);
      labels.push(t.label === undefined ? null : JSON.stringify(t.label));
    });
    // One statement per account; only the count comes back (a row per transaction would cross the wire for nothing).
    const rows = await q.query<{ n: number }>(
      `with added as (
         insert into connect_transactions (${TRANSACTION_COLUMNS})
         select t.id, $1, $2, t.date, t.seq, t.description, t.debit, t.credit, t.balance, t.label::jsonb
         from unnest($3::uuid[], $4::date[], $5::int[], $6::text[], $7::bigint[], $8::bigint[], $9::bigint[], $10::text[])
           as t(id, date, seq, description, debit, credit, balance, label)
         on conflict (id) do nothing returning 1)
       select count(*)::int as n from added`,
      [accountId, customerId, ids, dates, seqs, descs, debits, credits, balances, labels],
    );
    added += rows[0]!.n;
  }
  return added;
}

async function upsertAccount(q: Queryable, customerId: string, loginId: string, id: string, position: number, a: AccountData): Promise<void> {
  await q.query(
    `insert into connect_accounts (id, login_id, customer_id, ref, position, title, type, category, currency, account_type, transit_number, institution_number, account_number, overdraft_limit_cents, limit_cents, current_cents, available_cents)
     values ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10,$11,$12,$13,$14,$15,$16,$17)
     on conflict (id) do update set title = excluded.title, type = excluded.type, category = excluded.category, currency = excluded.currency,
       account_type = excluded.account_type, overdraft_limit_cents = excluded.overdraft_limit_cents, limit_cents = excluded.limit_cents,
       current_cents = excluded.current_cents, available_cents = excluded.available_cents, position = excluded.position`,
    [id, loginId, customerId, a.ref, position, a.title, a.type, a.category, a.currency, a.accountType, a.transitNumber, a.institutionNumber, a.accountNumber, a.overdraftLimitCents, a.limitCents, a.currentCents, a.availableCents],
  );
}
