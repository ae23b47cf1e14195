/**
 * Outbound (docs.flinks.com/api/outbound): the OAuth token endpoint, the partner's management of data
 * recipients (a partner token: client_credentials, scope client:admin), and the FDX v5 data a
 * person shared, read with the recipient's access token. FDX lists are paged by an opaque cursor:
 * `pages` walks them (page.nextOffset empty on the last page, docs.flinks.com/api/outbound/endpoints/fdx).
 */
import { route, type Context } from './context.js';
import type { Answer, CallOptions, Path, Query, RequestBody } from './types.js';

const TOKEN = '/outbound/api/v1/token';
const REVOKE = '/outbound/api/v1/revoke';
const RECIPIENTS = '/outbound/api/v1/recipients';
const RECIPIENT = '/outbound/api/v1/recipients/{client_id}';
const RECIPIENT_SECRET = '/outbound/api/v1/recipients/{client_id}/secret';
const RECIPIENT_REQUESTS = '/outbound/api/v1/recipients/{client_id}/providers/requests';
const REGISTER = '/outbound/api/v1/recipients/providers/requests/{recipientIds}/{providerIds}';
const PROVIDERS = '/outbound/api/v1/providers';
const ACCOUNTS = '/outbound/api/fdx/5/accounts';
const ACCOUNT = '/outbound/api/fdx/5/accounts/{accountId}';
const TRANSACTIONS = '/outbound/api/fdx/5/accounts/{accountId}/transactions';
const PAYMENT_NETWORKS = '/outbound/api/fdx/5/accounts/{accountId}/payment-networks';
const CONTACT = '/outbound/api/fdx/5/accounts/{accountId}/contact';
const STATEMENTS = '/outbound/api/fdx/5/accounts/{accountId}/statements';
const STATEMENT = '/outbound/api/fdx/5/accounts/{accountId}/statements/{statementId}';
const CUSTOMER = '/outbound/api/fdx/5/customers/current';

export interface TokenAnswer {
  access_token: string;
  token_type: string;
  expires_in: number;
  refresh_token?: string;
  scope?: string;
  [member: string]: unknown;
}

/** The token request: authorization_code, refresh_token or client_credentials (RFC 6749 §4). */
export type TokenRequest = { grant_type: 'authorization_code' | 'refresh_token' | 'client_credentials'; client_id: string; client_secret?: string; [member: string]: unknown };

export type RecipientBody = RequestBody<typeof RECIPIENTS, 'post'>;
export type RecipientAnswer = Answer<typeof RECIPIENTS, 'post', 200, Record<string, unknown>>;

/** What every FDX list answers besides its items. */
export interface FdxPage {
  page?: { nextOffset?: string; totalElements?: number };
  links?: { next?: { href?: string } };
  [member: string]: unknown;
}

export type FdxAccounts = Answer<typeof ACCOUNTS, 'get', 200, FdxPage>;
export type FdxTransactions = Answer<typeof TRANSACTIONS, 'get', 200, FdxPage>;

export class Outbound {
  private partner: { value: string; until: number } | null = null;

  constructor(private readonly ctx: Context) {}

  /** POST /api/v1/token. */
  async token(request: TokenRequest, opts: CallOptions = {}): Promise<TokenAnswer> {
    const r = await this.ctx.transport.send({ surface: 'outbound', method: 'POST', ...route(this.ctx, TOKEN), json: request, signal: opts.signal });
    return r.body as TokenAnswer;
  }

  /** The partner token: client_credentials with the customerId and secret key, scope client:admin. */
  async partnerToken(opts: CallOptions = {}): Promise<string> {
    if (this.partner && Date.now() < this.partner.until) return this.partner.value;
    if (!this.ctx.secretKey) throw new TypeError('the partner token needs the client\'s secretKey');
    const t = await this.token({ grant_type: 'client_credentials', client_id: this.ctx.customerId, client_secret: this.ctx.secretKey, scope: 'client:admin' }, opts);
    this.partner = { value: t.access_token, until: Date.now() + Math.max(0, (t.expires_in ?? 60) - 30) * 1000 };
    return t.access_token;
  }

  /** Ends the consent an access token carries (204). */
  async revoke(accessToken: string, opts: CallOptions = {}): Promise<void> {
    await this.ctx.transport.send({ surface: 'outbound', method: 'DELETE', ...route(this.ctx, REVOKE), headers: { authorization: `Bearer ${accessToken}` }, signal: opts.signal });
  }

  /** A new data recipient; keep its client_secret, it is shown once. */
  createRecipient(body: RecipientBody, opts: CallOptions = {}): Promise<RecipientAnswer> {
    return this.managed('POST', RECIPIENTS, {}, body, opts) as Promise<RecipientAnswer>;
  }

  listRecipients(opts: CallOptions = {}): Promise<Answer<typeof RECIPIENTS, 'get', 200, unknown>> {
    return this.managed('GET', RECIPIENTS, {}, undefined, opts) as Promise<Answer<typeof RECIPIENTS, 'get', 200, unknown>>;
  }

  getRecipient(clientId: string, opts: CallOptions = {}): Promise<Answer<typeof RECIPIENT, 'get', 200, Record<string, unknown>>> {
    return this.managed('GET', RECIPIENT, { client_id: clientId }, undefined, opts) as Promise<Answer<typeof RECIPIENT, 'get', 200, Record<string, unknown>>>;
  }

  /** Replaces a recipient's redirect URIs. */
  updateRecipient(clientId: string, body: RequestBody<typeof RECIPIENT, 'put'>, opts: CallOptions = {}): Promise<Answer<typeof RECIPIENT, 'put', 200, Record<string, unknown>>> {
    return this.managed('PUT', RECIPIENT, { client_id: clientId }, body, opts) as Promise<Answer<typeof RECIPIENT, 'put', 200, Record<string, unknown>>>;
  }

  /** A new client secret (the old one stops working at once). */
  rotateRecipientSecret(clientId: string, opts: CallOptions = {}): Promise<Answer<typeof RECIPIENT_SECRET, 'post', 200, Record<string, unknown>>> {
    return this.managed('POST', RECIPIENT_SECRET, { client_id: clientId }, undefined, opts) as Promise<Answer<typeof RECIPIENT_SECRET, 'post', 200, Record<string, unknown>>>;
  }

  /** Registers recipients with providers (ids joined by commas on the wire). */
  registerRecipients(recipientIds: string[], providerIds: (string | number)[], opts: CallOptions = {}): Promise<Answer<typeof REGISTER, 'post', 200, unknown>> {
    return this.managed('POST', REGISTER, { recipientIds: recipientIds.join(','), providerIds: providerIds.join(',') }, undefined, opts) as Promise<Answer<typeof REGISTER, 'post', 200, unknown>>;
  }

  /** A recipient's registrations and their state (PENDING_APPROVAL → PENDING_ACTIVATION → ACTIVE). */
  recipientRegistrations(clientId: string, opts: CallOptions = {}): Promise<Answer<typeof RECIPIENT_REQUESTS, 'get', 200, unknown>> {
    return this.managed('GET', RECIPIENT_REQUESTS, { client_id: clientId }, undefined, opts) as Promise<Answer<typeof RECIPIENT_REQUESTS, 'get', 200, unknown>>;
  }

  providers(opts: CallOptions = {}): Promise<Answer<typeof PROVIDERS, 'get', 200, unknown>> {
    return this.managed('GET', PROVIDERS, {}, undefined, opts) as Promise<Answer<typeof PROVIDERS, 'get', 200, unknown>>;
  }

  /** FDX data read with a recipient's access token. */
  fdx(accessToken: string): Fdx {
    return new Fdx(this.ctx, accessToken);
  }

  private async managed(method: 'GET' | 'POST' | 'PUT', template: Path, params: Record<string, string>, json: unknown, opts: CallOptions): Promise<unknown> {
    const token = await this.partnerToken(opts);
    const r = await this.ctx.transport.send({ surface: 'outbound', method, ...route(this.ctx, template, params), json, headers: { authorization: `Bearer ${token}` }, signal: opts.signal });
    return r.body;
  }
}

export class Fdx {
  constructor(private readonly ctx: Context, private readonly accessToken: string) {}

  /** One page of the accounts shared. */
  accounts(query: Partial<Query<typeof ACCOUNTS, 'get'>> = {}, opts: CallOptions = {}): Promise<FdxAccounts> {
    return this.get(ACCOUNTS, {}, query, opts) as Promise<FdxAccounts>;
  }

  account(accountId: string, opts: CallOptions = {}): Promise<Answer<typeof ACCOUNT, 'get', 200, Record<string, unknown>>> {
    return this.get(ACCOUNT, { accountId }, {}, opts) as Promise<Answer<typeof ACCOUNT, 'get', 200, Record<string, unknown>>>;
  }

  /** One page of an account's transactions, newest first (startTime, endTime YYYY-MM-DD; limit; offset). */
  transactions(accountId: string, query: Partial<Query<typeof TRANSACTIONS, 'get'>> = {}, opts: CallOptions = {}): Promise<FdxTransactions> {
    return this.get(TRANSACTIONS, { accountId }, query, opts) as Promise<FdxTransactions>;
  }

  paymentNetworks(accountId: string, opts: CallOptions = {}): Promise<Answer<typeof PAYMENT_NETWORKS, 'get', 200, FdxPage>> {
    return this.get(PAYMENT_NETWORKS, { accountId }, {}, opts) as Promise<Answer<typeof PAYMENT_NETWORKS, 'get', 200, FdxPage>>;
  }

  contact(accountId: string, opts: CallOptions = {}): Promise<Answer<typeof CONTACT, 'get', 200, Record<string, unknown>>> {
    return this.get(CONTACT, { accountId }, {}, opts) as Promise<Answer<typeof CONTACT, 'get', 200, Record<string, unknown>>>;
  }

  statements(accountId: string, opts: CallOptions = {}): Promise<Answer<typeof STATEMENTS, 'get', 200, FdxPage>> {
    return this.get(STATEMENTS, { accountId }, {}, opts) as Promise<Answer<typeof STATEMENTS, 'get', 200, FdxPage>>;
  }

  /** A statement's PDF bytes. */
  async statement(accountId: string, statementId: string, opts: CallOptions = {}): Promise<Uint8Array> {
    const r = await this.ctx.transport.send({ surface: 'fdx', method: 'GET', ...route(this.ctx, STATEMENT, { accountId, statementId }), headers: { authorization: `Bearer ${this.accessToken}`, accept: 'application/pdf' }, signal: opts.signal });
    return r.body as Uint8Array;
  }

  customer(opts: CallOptions = {}): Promise<Answer<typeof CUSTOMER, 'get', 200, Record<string, unknown>>> {
    return this.get(CUSTOMER, {}, {}, opts) as Promise<Answer<typeof CUSTOMER, 'get', 200, Record<string, unknown>>>;
  }

  /**
   * Every page of a list, asking for the next with the cursor of the last (its other parameters kept),
   * until page.nextOffset is empty: `for await (const page of fdx.pages('transactions', accountId)) …`.
   */
  async *pages(list: 'accounts' | 'transactions' | 'payment-networks' | 'statements', accountId?: string, query: Record<string, string | number | undefined> = {}, opts: CallOptions = {}): AsyncGenerator<FdxPage, void, undefined> {
    const template: Path = list === 'accounts' ? ACCOUNTS : list === 'transactions' ? TRANSACTIONS : list === 'payment-networks' ? PAYMENT_NETWORKS : STATEMENTS;
    if (list !== 'accounts' && accountId === undefined) throw new TypeError(`${list} needs an accountId`);
    let offset: string | undefined = query.offset === undefined ? undefined : String(query.offset);
    for (;;) {
      const page = (await this.get(template, accountId === undefined ? {} : { accountId }, { ...query, offset }, opts)) as FdxPage;
      yield page;
      const next = page.page?.nextOffset;
      if (typeof next !== 'string' || next === '' || next === offset) return;
      offset = next;
    }
  }

  private async get(template: Path, params: Record<string, string>, query: Record<string, unknown>, opts: CallOptions): Promise<unknown> {
    const r = await this.ctx.transport.send({
      surface: 'fdx', method: 'GET', ...route(this.ctx, template, params), query: query as Record<string, string | undefined>,
      headers: { authorization: `Bearer ${this.accessToken}` }, signal: opts.signal,
    });
    return r.body;
  }
}
