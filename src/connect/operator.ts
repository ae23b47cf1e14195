/**
 * Connect's use cases for the operator console (operator-routes.ts): find logins across
 * customers, show one with its accounts, refresh it live as the nightly job does, delete it as
 * DeleteCard does. Every read names the customer; a login of another customer is not found.
 */
import type { Platform } from '../platform/platform.ts';
import type { Tenant } from '../platform/tenants.ts';
import { isGuid } from '../platform/ids.ts';
import { ApiError } from '../platform/errors.ts';
import { OperatorFailure } from '../platform/operator/errors.ts';
import { decodeCursor, pageOf } from '../platform/operator/paging.ts';
import { nightlyEligible, type ConnectService } from './service.ts';
import type { AccountRow, LoginRow } from './store.ts';
import { money } from './wire.ts';
import { maskAccountNumber } from './statements/format.ts';

/** What the console calls a login's state, from its aggregation state. */
const STATES = { none: 'new', running: 'aggregating', done: 'ready', failed: 'failed' } as const;

export function loginSummary(l: LoginRow, hasWebhook: boolean, now: Date) {
  return {
    customerId: l.customer_id,
    loginId: l.id,
    username: l.username,
    institution: l.institution_code,
    state: STATES[l.aggregation_state],
    lastRefresh: l.last_refresh ? l.last_refresh.toISOString() : null,
    nightly: {
      scheduled: l.is_scheduled_refresh,
      eligible: l.is_scheduled_refresh && nightlyEligible(l, hasWebhook, now),
      lastRun: l.last_refresh ? l.last_refresh.toISOString() : null,
      lastOutcome: l.last_refresh_state,
      lastError: l.last_refresh_error,
    },
  };
}

export function accountSummary(a: AccountRow) {
  return {
    id: a.id,
    title: a.title,
    category: a.category,
    type: a.type,
    accountType: a.account_type,
    currency: a.currency,
    maskedNumber: maskAccountNumber(a.account_number),
    balances: { current: money(a.current_cents)!, available: money(a.available_cents), limit: money(a.limit_cents) },
  };
}

export const loginNotFound = (loginId: string) => new OperatorFailure(404, 'not_found', `no login ${loginId} for this customer`);

export class OperatorLogins {
  constructor(private readonly p: Platform, private readonly service: ConnectService) {}

  private get store() {
    return this.service.store;
  }

  /** The customer, or 404: an id that is not a GUID is unknown (never a query error). */
  async tenant(customerId: string): Promise<Tenant> {
    const tenant = isGuid(customerId) ? await this.p.tenants.find(customerId.toLowerCase()) : null;
    if (!tenant) throw new OperatorFailure(404, 'customer_not_found', `no customer ${customerId}`);
    return tenant;
  }

  /** `q`: a LoginId (exact) or the start of a username (any case); nothing lists every login. */
  async search(o: { q?: string; customerId?: string; limit: number; cursor?: string }) {
    const q = o.q?.trim() ?? '';
    const after = decodeCursor(o.cursor, ['string', 'string']) as [string, string] | null;
    if (after && !isGuid(after[1])) throw new OperatorFailure(400, 'invalid_request', 'cursor is not one this API gave: pass nextCursor of the previous page');
    let customerId: string | null = null;
    if (o.customerId !== undefined && o.customerId !== '') {
      if (!isGuid(o.customerId)) throw new OperatorFailure(400, 'invalid_request', 'customerId must be a customer id (a GUID)');
      customerId = o.customerId.toLowerCase();
    }
    const rows = await this.store.searchLogins(this.p.db, {
      customerId,
      loginId: isGuid(q) ? q.toLowerCase() : null,
      usernamePrefix: q === '' ? null : q.toLowerCase(),
      after,
      limit: o.limit + 1,
    });
    const now = this.p.clock.now();
    const page = pageOf(rows, o.limit, (r) => [r.username_key, r.id]);
    return { logins: page.items.map((r) => loginSummary(r, r.has_webhook, now)), nextCursor: page.nextCursor };
  }

  /** The customer and its login, or 404 (a login of another customer is not found). */
  async find(customerId: string, loginId: string): Promise<{ tenant: Tenant; login: LoginRow }> {
    const tenant = await this.tenant(customerId);
    const login = await this.store.findLogin(this.p.db, tenant.id, loginId.toLowerCase());
    if (!login) throw loginNotFound(loginId);
    return { tenant, login };
  }

  /** The login and its accounts. */
  async show(customerId: string, loginId: string) {
    const { tenant, login } = await this.find(customerId, loginId);
    const accounts = await this.store.accounts(this.p.db, tenant.id, login.id);
    return {
      ...loginSummary(login, tenant.webhookUrl !== null, this.p.clock.now()),
      type: login.login_type,
      language: login.language,
      tag: login.tag,
      saved: login.saved,
      accounts: accounts.map(accountSummary),
    };
  }

  /**
   * A live refresh without a person, as the nightly job starts it (AuthorizeMultiple with
   * MostRecentCached false): the RequestId to follow, or 409 with the reason it cannot start.
   */
  async refresh(customerId: string, loginId: string): Promise<{ loginId: string; requestId: string }> {
    const { tenant, login } = await this.find(customerId, loginId);
    if (!login.credentials_enc) throw new OperatorFailure(409, 'conflict', 'this login keeps no credentials (not saved, or reset): only its owner can refresh it, through Authorize');
    const answer = (await this.service.authorizeMultiple(tenant, [loginId], false)).body as {
      ValidLoginIds: { RequestId: string }[];
      InvalidLoginIds: { FlinksCode: string; Message: string }[];
    };
    const started = answer.ValidLoginIds[0];
    if (!started) {
      const why = answer.InvalidLoginIds[0]!;
      // Deleted meanwhile: as unknown as if it had never been.
      if (why.FlinksCode === 'INVALID_LOGIN' && !(await this.store.findLogin(this.p.db, tenant.id, loginId.toLowerCase()))) throw loginNotFound(loginId);
      throw new OperatorFailure(409, 'conflict', `${why.FlinksCode}: ${why.Message}`);
    }
    this.service.aggregation.flush();
    return { loginId: loginId.toLowerCase(), requestId: started.RequestId };
  }

  /** What DeleteCard does: the login and everything hanging on it, unless a refresh or an MFA session is using it (409). */
  async delete(customerId: string, loginId: string): Promise<{ loginId: string; deleted: true }> {
    const tenant = await this.tenant(customerId);
    try {
      await this.service.deleteCard(tenant, loginId);
    } catch (err) {
      if (!(err instanceof ApiError)) throw err;
      if (err.code === 'INVALID_LOGIN') throw loginNotFound(loginId);
      throw new OperatorFailure(409, 'conflict', `${err.code}: ${err.message}`);
    }
    return { loginId: loginId.toLowerCase(), deleted: true };
  }
}
