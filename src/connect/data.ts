/**
 * The data endpoints: GetAccountsSummary, GetAccountsDetail, GetStatements and
 * their Async forms. The session machine decides 200/202/4xx; this module builds
 * the 200 bodies. Serialised bodies are kept in a small LRU keyed by request,
 * options and the login's LastRefresh, because clients poll the same RequestId.
 */
import type { Platform } from '../platform/platform.ts';
import type { Tenant } from '../platform/tenants.ts';
import type { Queryable } from '../platform/db.ts';
import { addDays } from '../platform/clock.ts';
import { canonicalJson } from '../platform/canonical-json.ts';
import { flinksErrors } from '../platform/http/flinks-errors.ts';
import { connectErrors } from './errors.ts';
import { findInstitution } from './institutions/catalog.ts';
import { statementInput } from './statements/input.ts';
import { dataAnswer, type Limits } from './sessions/machine.ts';
import { facts } from './service.ts';
import type { AccountRow, ConnectStore, LoginRow, RequestRow, TransactionRow } from './store.ts';
import { accountDetailJson, accountSummaryJson, link, pendingJson, sessionTail } from './wire.ts';

export type DataEndpoint = 'GetAccountsSummary' | 'GetAccountsDetail' | 'GetStatements';

export interface DetailOptions {
  WithAccountIdentity?: boolean;
  WithKYC?: boolean;
  WithTransactions?: boolean;
  WithBalance?: boolean;
  DaysOfTransactions?: string;
  DateFrom?: string;
  DateTo?: string;
  AccountsFilter?: string[];
  RefreshDelta?: { AccountId?: string; TransactionId?: string }[];
  NumberOfStatements?: string;
}

export interface RawAnswer {
  status: number;
  json: Buffer;
}

/** A Ready request as last read from storage: enough to answer from the body cache without a query. */
interface ReadyFacts {
  customerId: string;
  loginId: string;
  lastRefresh: string | null;
  lastActivity: number;
  detailOptions: DetailOptions | null;
  until: number;
}

/**
 * How long a Ready request is answered without re-reading it. A card deleted or
 * refreshed through another process is seen within this time; this process
 * forgets its own changes at once (see forget()).
 */
const READY_MEMO_MS = 1000;
/**
 * On PostgreSQL, a memo hit this close to the memo's end re-reads the request in the background
 * (one re-read at a time per request), so a request polled steadily is re-read before its memo
 * runs out instead of by a caller that waits for the database (which, under a nightly refresh,
 * is the slow one in a hundred). An answer still never rests on a read older than READY_MEMO_MS:
 * when the re-read has not come back by then, the next caller reads as before.
 */
const RENEW_AHEAD_MS = 300;

const DAYS: Record<string, number> = { days90: 90, days365: 365, days360: 360 };
const STATEMENT_MONTHS: Record<string, number> = { mostrecent: 1, months3: 3, months12: 12 };

class BodyCache {
  private map = new Map<string, Buffer>();
  private bytes = 0;
  constructor(private readonly maxBytes: number) {}
  get(key: string): Buffer | undefined {
    const v = this.map.get(key);
    if (v !== undefined) {
      this.map.delete(key);
      this.map.set(key, v);
    }
    return v;
  }
  set(key: string, value: Buffer): void {
    if (value.length > this.maxBytes / 4) return;
    this.map.set(key, value);
    this.bytes += value.length;
    for (const [k, v] of this.map) {
      if (this.bytes <= this.maxBytes) break;
      this.map.delete(k);
      this.bytes -= v.length;
    }
  }
}

export class ConnectData {
  private cache = new BodyCache(64 * 1024 * 1024);
  private ready = new Map<string, ReadyFacts>();
  /** Requests being re-read ahead of their memo's end (renewAhead). */
  private renewing = new Set<string>();

  /** `timing` changes the memo's timings (tests stretch them, so what they check does not hang on a busy machine's timers). */
  constructor(private readonly p: Platform, private readonly store: ConnectStore, private readonly limits: Limits, private readonly timing: { readyMs: number; renewAheadMs: number } = { readyMs: READY_MEMO_MS, renewAheadMs: RENEW_AHEAD_MS }) {}

  /**
   * `options` is null on the Async endpoints: they repeat the options of the
   * synchronous call that started the request (or the defaults).
   */
  async answer(tenant: Tenant, endpoint: DataEndpoint, requestId: string | undefined, options: DetailOptions | null, sync: boolean): Promise<RawAnswer> {
    if (!requestId || requestId.trim() === '') throw flinksErrors.invalidRequest({ detail: 'RequestId is required' });
    const id = requestId.trim().toLowerCase();
    const now = this.p.clock.now();
    const memo = this.ready.get(id);
    if (memo && memo.customerId === tenant.id && memo.until > Date.now() && now.getTime() - memo.lastActivity < this.limits.processingIdleMs - 60_000) {
      const opts = options ?? memo.detailOptions ?? {};
      const hit = this.cache.get(bodyKey(tenant.id, id, endpoint, memo.lastRefresh, opts));
      if (hit !== undefined && (options === null || sameOptions(options, memo.detailOptions))) {
        if (memo.until - Date.now() < this.timing.renewAheadMs && this.p.db.kind === 'postgres') this.renewAhead(tenant, id, memo);
        return { status: 200, json: hit };
      }
    }

    const q = this.p.db;
    const { req, login, decision } = await this.read(tenant, id, requestId.trim(), now, sync);
    if (decision.kind === 'error') {
      this.ready.delete(id);
      throw decision.error;
    }

    const opts = options ?? req!.detail_options ?? {};
    let lastActivity: number;
    const changedOptions = options !== null && !sameOptions(options, req!.detail_options);
    if (changedOptions) {
      await this.store.updateRequest(q, tenant.id, req!.id, { now, detailOptions: options });
      lastActivity = now.getTime();
    } else lastActivity = await this.keepAlive(tenant, req!, now);
    if (decision.kind === 'pending') return { status: 202, json: Buffer.from(JSON.stringify(pendingJson(endpoint, req!.id, decision.code))) };

    this.ready.set(id, { customerId: tenant.id, loginId: login!.id, lastRefresh: login!.last_refresh_text, lastActivity, detailOptions: options ?? req!.detail_options, until: Date.now() + this.timing.readyMs });
    if (this.ready.size > 10_000) this.ready.delete(this.ready.keys().next().value!);
    const key = bodyKey(tenant.id, req!.id, endpoint, login!.last_refresh_text, opts);
    const hit = this.cache.get(key);
    if (hit !== undefined) return { status: 200, json: hit };
    const json = Buffer.from(JSON.stringify(await this.build(q, tenant, endpoint, req!, login!, opts)));
    this.cache.set(key, json);
    return { status: 200, json };
  }

  /** The request and its login as stored, and what a data call may answer for them (both paths of answer() read this way). */
  private async read(tenant: Tenant, id: string, requestId: string, now: Date, sync: boolean) {
    const { req, login } = await this.store.findRequestAndLogin(this.p.db, tenant.id, id);
    const loginFacts = login && { aggregationState: login.aggregation_state, aggregationKind: login.profile.aggregation, lastRefreshError: login.last_refresh_error };
    return { req, login, decision: dataAnswer(facts(req), requestId, loginFacts, now, this.limits, sync) };
  }

  /** Keeps the session alive: written at most every 10 s, so polling does not turn every read into a write. Answers the session's last activity. */
  private async keepAlive(tenant: Tenant, req: RequestRow, now: Date): Promise<number> {
    if (now.getTime() - req.last_activity.getTime() <= 10_000) return req.last_activity.getTime();
    await this.store.touchRequest(tenant.id, req.id, now);
    return now.getTime();
  }

  /**
   * Re-reads a memoised Ready request in the background and renews its memo when it is still
   * Ready, as the full path would (keeping the session alive every 10 s included). Anything else
   * (expired, deleted, refreshing, an error of the database) drops the memo: the next caller takes
   * the full path and gets the answer or error it reads. A memo replaced or forgotten meanwhile
   * (DeleteCard, a refresh in this process) is left as it is: this read may predate the change.
   */
  private renewAhead(tenant: Tenant, id: string, memo: ReadyFacts): void {
    if (this.renewing.has(id)) return;
    this.renewing.add(id);
    const renew = async () => {
      const now = this.p.clock.now();
      const { req, login, decision } = await this.read(tenant, id, id, now, false);
      if (decision.kind !== 'ready' || !sameOptions(memo.detailOptions, req!.detail_options)) return false;
      const lastActivity = await this.keepAlive(tenant, req!, now);
      if (this.ready.get(id) === memo) this.ready.set(id, { ...memo, loginId: login!.id, lastRefresh: login!.last_refresh_text, lastActivity, until: Date.now() + this.timing.readyMs });
      return true;
    };
    renew()
      .catch((err: unknown) => {
        this.p.log.debug({ err, requestId: id }, 'a request re-read ahead of its memo failed; the next call reads it');
        return false;
      })
      .then((renewed) => {
        if (!renewed && this.ready.get(id) === memo) this.ready.delete(id);
      })
      .finally(() => this.renewing.delete(id))
      .catch(() => {});
  }

  /** Drops what this process remembers of a login's requests (after DeleteCard or a refresh). */
  forgetLogin(loginId: string): void {
    for (const [id, f] of this.ready) if (f.loginId === loginId) this.ready.delete(id);
  }

  async build(q: Queryable, tenant: Tenant, endpoint: DataEndpoint, req: RequestRow, login: LoginRow, opts: DetailOptions): Promise<Record<string, unknown>> {
    const institutionName = findInstitution(login.institution_id)?.code ?? login.institution_code;
    const tail = sessionTail(login, req.id, institutionName, req.tag ?? login.tag);
    const accounts = filterAccounts(await this.store.accounts(q, tenant.id, login.id), opts.AccountsFilter);
    const holder = await this.store.holder(q, tenant.id, login.id);
    if (endpoint === 'GetAccountsSummary') {
      return { HttpStatusCode: 200, Accounts: accounts.map((a) => accountSummaryJson(a, holder)), Links: [link('AccountsDetail', '/GetAccountsDetail'), link('Statements', '/GetStatements')], ...tail };
    }
    if (endpoint === 'GetStatements') return this.statements(q, tenant, login, accounts, holder?.holder ?? null, opts, tail);

    const asOf = (login.last_refresh_text ?? '').slice(0, 10) || null;
    const days = DAYS[(opts.DaysOfTransactions ?? 'Days90').toLowerCase()] ?? 90;
    const from = opts.DateFrom ?? (asOf ? addDays(asOf, -days) : null);
    const to = opts.DateTo ?? null;
    const withTransactions = opts.WithTransactions ?? true;
    const txns = withTransactions ? await this.store.transactions(q, tenant.id, accounts.map((a) => a.id), from, to) : [];
    const byAccount = groupBy(txns);
    const delta = new Map((opts.RefreshDelta ?? []).filter((d) => d.AccountId && d.TransactionId).map((d) => [d.AccountId!.toLowerCase(), d.TransactionId!.toLowerCase()]));
    // Clients written before WithKYC existed (python-flinks on PyPI, for one) ask only for
    // WithAccountIdentity and read Holder; so an absent WithKYC follows WithAccountIdentity, and an explicit one wins.
    const withIdentity = opts.WithAccountIdentity ?? false;
    const shape = { withIdentity, withKyc: opts.WithKYC ?? withIdentity, withTransactions, withBalance: opts.WithBalance ?? true };
    return {
      HttpStatusCode: 200,
      Accounts: accounts.map((a) => accountDetailJson(a, newerThan(byAccount.get(a.id) ?? [], delta.get(a.id)), holder, shape)),
      ...tail,
    };
  }

  private async statements(q: Queryable, tenant: Tenant, login: LoginRow, accounts: AccountRow[], holder: { Name: string; Address: { CivicAddress: string; City: string; Province: string; PostalCode: string } } | null, opts: DetailOptions, tail: Record<string, unknown>): Promise<Record<string, unknown>> {
    // pdfkit (and its font metrics) load on the first statement, not at start.
    const { renderStatementPdf, statementPeriods, statementUniqueId } = await import('./statements/pdf.ts');
    if (login.profile.country !== 'CA') throw connectErrors.methodNotAvailable({ method: 'GetStatements', scope: 'institution (Canada only)' });
    const which = (opts.NumberOfStatements ?? 'MostRecent').toLowerCase();
    const months = STATEMENT_MONTHS[which];
    if (!months) throw flinksErrors.invalidRequest({ detail: 'NumberOfStatements must be MostRecent, Months3 or Months12' });
    if (months === 12 && (opts.AccountsFilter?.length ?? 0) !== 1) throw flinksErrors.invalidRequest({ detail: 'Months12 requires exactly one account in AccountsFilter' });
    const asOf = (login.last_refresh_text ?? '').slice(0, 10);
    const periods = statementPeriods(asOf, months);
    const oldest = periods[periods.length - 1]!.start;
    const all = await this.store.transactions(q, tenant.id, accounts.map((a) => a.id), addDays(oldest, -40), periods[0]!.end);
    if (all.length === 0) throw connectErrors.noTransaction();
    const byAccount = groupBy(all);
    const out = [];
    for (const a of accounts) {
      const txns = (byAccount.get(a.id) ?? []).slice().reverse(); // ascending
      const statements = [];
      for (const period of periods) {
        const inPeriod = txns.filter((t) => t.date >= period.start && t.date <= period.end);
        const before = txns.filter((t) => t.date < period.start);
        const pdf = await renderStatementPdf(statementInput({ login, holder, account: a, period, before, within: inPeriod }));
        statements.push({ UniqueId: statementUniqueId([login.id, a.id, period.start]), FileType: 'PDF', Base64Bytes: pdf.toString('base64') });
      }
      out.push({ AccountNumber: a.account_number, Statements: statements });
    }
    const { Login, Institution, RequestId } = tail as { Login: unknown; Institution: string; RequestId: string };
    return { HttpStatusCode: 200, StatementsByAccount: out, Login, Institution, RequestId };
  }
}

function filterAccounts(accounts: AccountRow[], filter: string[] | undefined): AccountRow[] {
  if (!filter || filter.length === 0) return accounts;
  const wanted = new Set(filter.map((x) => String(x).toLowerCase()));
  return accounts.filter((a) => wanted.has(a.id));
}

function groupBy(txns: TransactionRow[]): Map<string, TransactionRow[]> {
  const m = new Map<string, TransactionRow[]>();
  for (const t of txns) {
    let list = m.get(t.account_id);
    if (!list) m.set(t.account_id, (list = []));
    list.push(t);
  }
  return m;
}

/** RefreshDelta: only the transactions after the one the client already has (lists are newest first). */
function newerThan(txns: TransactionRow[], lastKnownId: string | undefined): TransactionRow[] {
  if (!lastKnownId) return txns;
  const i = txns.findIndex((t) => t.id === lastKnownId);
  return i === -1 ? txns : txns.slice(0, i);
}

function bodyKey(customerId: string, requestId: string, endpoint: string, lastRefresh: string | null, opts: DetailOptions): string {
  return `${customerId}|${requestId}|${endpoint}|${lastRefresh}|${canonicalJson(opts)}`;
}

/**
 * Whatever order their keys come in: the stored options are read back from jsonb, which orders
 * an object's keys its own way, and a client's options compared as plain JSON text looked changed
 * on every call, so a cached data call wrote them again (a synchronous commit) each time it
 * re-read its request, once a second under polling.
 */
function sameOptions(a: DetailOptions | null, b: DetailOptions | null): boolean {
  return canonicalJson(a ?? {}) === canonicalJson(b ?? {});
}
