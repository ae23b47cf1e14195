/**
 * The FDX data a recipient reads with a person's consent (docs.flinks.com/api/outbound/endpoints/fdx):
 * who the token speaks for and what it may read, then each resource as FDX v5
 * writes it. Each read checks its scope; a token whose consent was revoked is
 * refused with code 602. The routes only read the request and send the answer.
 */
import { stableId, isGuid } from '../../platform/ids.ts';
import { addDays } from '../../platform/clock.ts';
import type { Platform } from '../../platform/platform.ts';
import { renderStatement, statementPeriods, type AccountRow } from '../../connect/index.ts';
import { fdxErrors } from '../errors.ts';
import type { AuthServer } from '../oauth/server.ts';
import { FDX_PATH } from '../oauth/server.ts';
import type { ConsentRow, OutboundStore } from '../store.ts';
import type { DataScope } from '../scopes.ts';
import { FdxStore, type LoginFacts } from './store.ts';
import * as map from './mapper.ts';
import { dateRange, pageInfo, pageOf, parseLimit, parseOffset, type Parsed, type Query } from './paging.ts';

/** Who a token speaks for: its consent, its scopes and the login behind it. */
export interface Access {
  consent: ConsentRow;
  scopes: Set<string>;
  login: LoginFacts;
  /** Absolute base of this API as the client called it (for links). */
  base: string;
}

function must<T>(p: Parsed<T>): T {
  if (!p.ok) throw fdxErrors.invalidInput(p.reason);
  return p.value;
}

/** The paging and period of a list endpoint (startTime, endTime, offset, limit), or the FDX error. */
function listQuery(q: Query): { range: { from: string | null; to: string | null }; limit: number; offset: string | null } {
  const range = dateRange(q);
  if (!range.ok) throw range.reason === 'range' ? fdxErrors.invalidDateRange('startTime is after endTime') : fdxErrors.invalidDate(range.reason);
  return { range: range.value, limit: must(parseLimit(q.limit)), offset: must(parseOffset(q.offset)) };
}

export class FdxService {
  private readonly fdx: FdxStore;

  constructor(p: Platform, private readonly store: OutboundStore, private readonly server: AuthServer) {
    this.fdx = new FdxStore(p.db);
  }

  /** The token, its consent and the login behind it; `need`: the scope the endpoint requires. */
  async access(token: string | undefined, need: DataScope): Promise<Access> {
    const verified = await this.server.verify(token, 'fdx');
    if (!verified) throw fdxErrors.unauthorized(token ? 'The access token is invalid or has expired' : 'Send the access token as Authorization: Bearer {token}');
    const consent = verified.consentId ? await this.store.consent(verified.consentId) : null;
    if (!consent || consent.status !== 'active' || consent.client_id !== verified.clientId) throw fdxErrors.customerNotAuthorized('The consent behind this token was revoked or has expired: the user must authorize again');
    if (!verified.scopes.has(need)) throw fdxErrors.customerNotAuthorized(`The scope ${need} was not granted`);
    const login = await this.fdx.login(consent.customer_id, consent.login_id);
    if (!login) throw fdxErrors.customerNotAuthorized('The data behind this consent was deleted: the user must authorize again');
    return { consent, scopes: verified.scopes, login, base: verified.issuer + FDX_PATH };
  }

  /** GET /accounts: the consented accounts (resultType lightweight | details; accountIds; offset; limit). */
  async accounts(a: Access, q: Query) {
    const resultType = (q.resultType ?? 'lightweight').toLowerCase();
    if (resultType !== 'lightweight' && resultType !== 'details') throw fdxErrors.invalidInput(`resultType must be lightweight or details, got "${q.resultType}"`);
    if (resultType === 'details' && !a.scopes.has('ACCOUNT_DETAILED')) throw fdxErrors.customerNotAuthorized('The scope ACCOUNT_DETAILED was not granted (resultType=details)');
    const limit = must(parseLimit(q.limit));
    const offset = must(parseOffset(q.offset));
    let rows = await this.sharedAccounts(a);
    if (q.accountIds) {
      const wanted = new Set(q.accountIds.split(',').map((s) => s.trim().toLowerCase()).filter(Boolean));
      rows = rows.filter((r) => wanted.has(r.id));
    }
    const page = must(pageOf(rows, (r) => r.id, offset, limit));
    return {
      ...pageInfo(`${a.base}/accounts`, q, limit, page.nextOffset, rows.length),
      accounts: page.items.map((r) => this.accountJson(a, r, resultType === 'details')),
    };
  }

  /** GET /accounts/{id}: with balances and numbers when ACCOUNT_DETAILED was granted. */
  async account(a: Access, rawId: string) {
    const row = await this.sharedAccount(a, rawId);
    return this.accountJson(a, row, a.scopes.has('ACCOUNT_DETAILED'));
  }

  /** GET /accounts/{id}/transactions: newest first, paged by cursor. */
  async transactions(a: Access, rawId: string, q: Query) {
    const row = await this.sharedAccount(a, rawId);
    const { range, limit, offset } = listQuery(q);
    const cid = a.consent.customer_id;
    const after = offset ? await this.fdx.cursor(cid, row.id, offset) : null;
    if (offset && !after) throw fdxErrors.invalidInput(`offset "${offset}" is not a cursor of this account`);
    const [rows, total] = await Promise.all([this.fdx.transactions(cid, row.id, range, after, limit), this.fdx.countTransactions(cid, row.id, range)]);
    const next = rows.length > limit ? rows[limit]!.id : null;
    const category = map.classify(row).category;
    return {
      ...pageInfo(`${a.base}/accounts/${row.id}/transactions`, q, limit, next, total),
      transactions: rows.slice(0, limit).map((t) => map.transaction(t, row.id, category)),
    };
  }

  /** GET /accounts/{id}/payment-networks. */
  async paymentNetworks(a: Access, rawId: string, q: Query) {
    const row = await this.sharedAccount(a, rawId);
    const limit = must(parseLimit(q.limit));
    const offset = must(parseOffset(q.offset));
    const networks = map.paymentNetworks(row, a.login.country).map((n, i) => ({ id: stableId(row.id, 'payment-network', String(i)), n }));
    const page = must(pageOf(networks, (x) => x.id, offset, limit));
    return { ...pageInfo(`${a.base}/accounts/${row.id}/payment-networks`, q, limit, page.nextOffset, networks.length), paymentNetworks: page.items.map((x) => x.n) };
  }

  /** GET /accounts/{id}/contact: the holder of the login. */
  async contact(a: Access, rawId: string) {
    await this.sharedAccount(a, rawId);
    const holder = await this.fdx.holder(a.consent.customer_id, a.consent.login_id);
    if (!holder) throw fdxErrors.dataNotFound('The provider sent no holder for this login');
    return map.contact(holder, a.login.login_type === 'Business');
  }

  /** GET /customers/current: the person who gave the consent. */
  async customer(a: Access) {
    const holder = await this.fdx.holder(a.consent.customer_id, a.consent.login_id);
    if (!holder) throw fdxErrors.customerNotFound('The provided customer was not found');
    const accounts = await this.sharedAccounts(a);
    return map.customer({
      subject: a.consent.subject, holder, business: a.login.login_type === 'Business', contact: a.scopes.has('CUSTOMER_CONTACT'),
      accountIds: accounts.map((r) => r.id), accountHref: (id) => `${a.base}/accounts/${id}`,
    });
  }

  /** GET /accounts/{id}/statements: the monthly statements within the period asked. */
  async statements(a: Access, rawId: string, q: Query) {
    const row = await this.sharedAccount(a, rawId);
    const { range, limit, offset } = listQuery(q);
    const all = (await this.statementsOf(a, row)).filter((s) => (!range.from || s.period.end >= range.from) && (!range.to || s.period.end <= range.to));
    const page = must(pageOf(all, (s) => s.statementId, offset, limit));
    return {
      ...pageInfo(`${a.base}/accounts/${row.id}/statements`, q, limit, page.nextOffset, all.length),
      statements: page.items.map((s) => ({
        accountId: row.id,
        statementId: s.statementId,
        statementDate: s.period.end,
        description: `Statement ${s.period.start.slice(0, 7)}`,
        links: [{ href: `${a.base}/accounts/${row.id}/statements/${s.statementId}`, action: 'GET', types: ['application/pdf'] }],
        status: 'AVAILABLE',
      })),
    };
  }

  /** GET /accounts/{id}/statements/{statementId}: the statement as a PDF (`accept`: the request's Accept header). */
  async statement(a: Access, rawId: string, statementId: string, accept: string | undefined): Promise<{ pdf: Buffer; month: string }> {
    const row = await this.sharedAccount(a, rawId);
    if (accept && !/application\/pdf|application\/\*|\*\/\*/i.test(accept)) throw fdxErrors.contentTypeNotSupported(`Statements are application/pdf; Accept was "${accept}"`);
    const wanted = statementId.trim().toLowerCase();
    const s = (await this.statementsOf(a, row)).find((x) => x.statementId === wanted);
    if (!s) throw fdxErrors.statementNotFound(`Statement ${statementId} is not a statement of account ${row.id}`);
    return { pdf: await this.statementPdf(a, row, s.period), month: s.period.start.slice(0, 7) };
  }

  // ---- helpers --------------------------------------------------------------------------

  /** The consented accounts, in the login's order; investment accounts only with INVESTMENTS. */
  private async sharedAccounts(a: Access): Promise<AccountRow[]> {
    const rows = await this.fdx.accounts(a.consent.customer_id, a.consent.login_id, a.consent.account_ids);
    return rows.filter((r) => map.classify(r).category !== 'INVESTMENT_ACCOUNT' || a.scopes.has('INVESTMENTS'));
  }

  private async sharedAccount(a: Access, rawId: string): Promise<AccountRow> {
    const id = rawId.trim().toLowerCase();
    const found = isGuid(id) ? (await this.sharedAccounts(a)).find((r) => r.id === id) : undefined;
    if (!found) throw fdxErrors.accountNotFound(`Account ${rawId} is not one of the accounts shared with this recipient`);
    return found;
  }

  private accountJson(a: Access, row: AccountRow, details: boolean) {
    return map.wrapAccount(row, details ? map.details(row, a.login.last_refresh) : map.descriptor(row));
  }

  /** The twelve monthly statements before the login's last refresh (Canada; none for US logins), newest first. */
  private async statementsOf(a: Access, row: AccountRow) {
    const asOf = a.login.last_refresh?.slice(0, 10);
    if (!asOf || a.login.country !== 'CA') return [];
    // The months Connect's GetStatements offers (Months12).
    return (await statementPeriods(asOf, 12)).map((period) => ({ statementId: stableId(row.id, 'statement', period.start), period }));
  }

  private async statementPdf(a: Access, row: AccountRow, period: { start: string; end: string }): Promise<Buffer> {
    const [holder, before, within] = await Promise.all([
      this.fdx.holder(a.consent.customer_id, a.consent.login_id),
      this.fdx.transactionsBetween(a.consent.customer_id, row.id, addDays(period.start, -400), addDays(period.start, -1)),
      this.fdx.transactionsBetween(a.consent.customer_id, row.id, period.start, period.end),
    ]);
    // FDX counts every account that is not a deposit account as owed (loans, lines of credit, investments).
    const owed = map.classify(row).category !== 'DEPOSIT_ACCOUNT';
    return renderStatement({ login: a.login, holder, account: row, period, before, within, owed });
  }
}
