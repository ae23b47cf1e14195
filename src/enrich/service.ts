/**
 * Enrich's use cases: read a login's data through its Connect session, categorize it, compute
 * attribute cards. The session rules are Connect's (sessions/machine.ts): an Authorize is
 * needed, a live aggregation still running answers 202 OPERATION_PENDING, an idle session has
 * expired.
 */
import { randomUUID } from 'node:crypto';
import type { Platform } from '../platform/platform.ts';
import type { Tenant } from '../platform/tenants.ts';
import { isGuid } from '../platform/ids.ts';
import { addDays } from '../platform/clock.ts';
import { pickKey } from '../platform/http/normalize.ts';
import { flinksErrors } from '../platform/http/flinks-errors.ts';
import { connectErrors, effectiveState, facts, loginJson, type AccountRow, type Connect, type LoginRow, type TransactionRow } from '../connect/index.ts';
import { ATTRIBUTES, categorizeLogin, computeCard, CustomerRules, engineInput, explain, findAttribute, packageAttributes, ruleKey, TAXONOMY, taxonomyFor, type AttributeDef, type Categorized, type CustomerRule, type EngineInput, type Package, type RawAccount, type RawTransaction, type RuleKind } from './engine/index.ts';
import type { PrimaryCategory } from './engine/taxonomy.ts';
import { parseOwnTransactions } from './own-transactions.ts';
import { RulesStore } from './store.ts';
import { enrichErrors } from './errors.ts';

export interface CardOptions {
  names: string[] | 'all-consumer' | 'all-business' | Package;
  details: string[];
  accountCategories?: string[];
  accountIds?: string[];
  limitDays?: number;
}

export interface LoginData {
  login: LoginRow;
  requestId: string;
  accounts: AccountRow[];
  transactions: TransactionRow[];
  /** The customer's categorization rules that apply to this login. */
  rules: CustomerRules;
}

/** The 202 of a session whose aggregation is still running. */
export interface Pending {
  HttpStatusCode: 202;
  Message: string;
  FlinksCode: 'OPERATION_PENDING';
  RequestId: string;
}

const money = (c: number | null) => (c === null ? null : c / 100);
const slashDate = (d: string) => d.replaceAll('-', '/');

export class EnrichService {
  private readonly rulesStore = new RulesStore();

  constructor(private readonly p: Platform, private readonly connect: () => Connect) {}

  /** The login and its data behind an authorized RequestId, or the Flinks answer for why not. */
  async session(tenant: Tenant, loginId: string, requestId: string): Promise<LoginData | { pending: Pending }> {
    const store = this.connect().service.store;
    const q = this.p.db;
    const rid = requestId.trim().toLowerCase();
    const req = isGuid(rid) ? await store.findRequest(q, tenant.id, rid) : null;
    if (!req || !req.login_id || req.login_id !== loginId.trim().toLowerCase()) throw flinksErrors.sessionNonexistent({ requestId });
    const login = await store.findLogin(q, tenant.id, req.login_id);
    if (!login) throw flinksErrors.sessionNonexistent({ requestId });
    const state = effectiveState(facts(req)!, { aggregationState: login.aggregation_state, aggregationKind: login.profile.aggregation, lastRefreshError: login.last_refresh_error }, this.p.clock.now(), this.connect().service.limits);
    switch (state) {
      case 'Expired':
        throw enrichErrors.sessionExpired({ requestId });
      case 'MfaPending':
        throw connectErrors.notAuthorized({ requestId });
      case 'Failed':
        throw connectErrors.institution(req.failure_code ?? login.last_refresh_error ?? 'AGGREGATION_ERROR', req.failure_message ?? 'The aggregation of this login failed', { RequestId: req.id });
      case 'Aggregating':
        return { pending: { HttpStatusCode: 202 as const, Message: 'GetAccountsDetail is still processing; retry this call in a few seconds', FlinksCode: 'OPERATION_PENDING' as const, RequestId: req.id } };
      case 'Ready':
        break;
    }
    return this.loginData(tenant.id, login, req.id);
  }

  /** A login's accounts, transactions and the customer's rules for it (the operator console reads them without a session). */
  async loginData(customerId: string, login: LoginRow, requestId: string): Promise<LoginData> {
    const store = this.connect().service.store;
    const q = this.p.db;
    const accounts = await store.accounts(q, customerId, login.id);
    const transactions = await store.transactions(q, customerId, accounts.map((a) => a.id), null, null);
    const rules = new CustomerRules(await this.rulesStore.list(q, customerId, login.id));
    return { login, requestId, accounts, transactions, rules };
  }

  /** A card for a login: the attributes asked for over the accounts in scope. */
  card(data: LoginData, o: CardOptions) {
    const names = resolveNames(o.names);
    const input = this.cardInput(data, o);
    const card = cardJson(input, names, o.details, data.login.id);
    return { HttpStatusCode: 200 as const, Card: card, Login: loginJson(data.login), RequestId: data.requestId };
  }

  /** What a card is computed over: the accounts in scope (Operations unless named) and their transactions in the window, categorized. */
  cardInput(data: LoginData, o: Pick<CardOptions, 'accountCategories' | 'accountIds' | 'limitDays'>): EngineInput {
    const asOf = (data.login.last_refresh_text ?? '').slice(0, 10) || this.p.clock.now().toISOString().slice(0, 10);
    let accounts = data.accounts;
    if (o.accountCategories && o.accountCategories.length > 0) {
      if (o.accountCategories.some((c) => c.toLowerCase() !== 'operations')) throw enrichErrors.invalidFilters();
    }
    if (o.accountIds && o.accountIds.length > 0) {
      const wanted = new Set(o.accountIds.map((x) => x.toLowerCase()));
      accounts = accounts.filter((a) => wanted.has(a.id));
    } else {
      accounts = accounts.filter((a) => a.category === 'Operations');
    }
    const from = o.limitDays ? addDays(asOf, -o.limitDays + 1) : null;
    const ids = new Set(accounts.map((a) => a.id));
    // The store gives each account's transactions newest first (date, then posting order, descending). The
    // card reads a day's transactions of an account in the order given, the day's last one holding its
    // end-of-day balance: they go in oldest first, so a day with several transactions ends on its last.
    const txns = data.transactions.filter((t) => ids.has(t.account_id) && (from === null || t.date >= from)).reverse();
    return engineInput(asOf, accounts.map(rawAccount), txns.map(rawTransaction), data.login.login_type === 'Business', data.rules);
  }

  /** The category of each of the login's transactions (in data.transactions' order), with the customer's rules. */
  categorize(data: LoginData): Categorized[] {
    const kinds = new Map(data.accounts.map((a) => [a.id, rawAccount(a).kind]));
    return categorizeLogin(data.transactions.map(rawTransaction), (id) => kinds.get(id) ?? 'deposit', { business: data.login.login_type === 'Business', rules: data.rules });
  }

  /** Every transaction of the login with its category (GetCategorization). */
  categorization(data: LoginData) {
    const cats = this.categorize(data);
    return {
      HttpStatusCode: 200 as const,
      LoginId: data.login.id,
      RequestId: data.requestId,
      Transactions: data.transactions.map((t, i) => ({
        TransactionId: t.id,
        AccountId: t.account_id,
        Date: slashDate(t.date),
        Description: t.description,
        Debit: money(t.debit_cents),
        Credit: money(t.credit_cents),
        ...categoryFields(cats[i]!),
      })),
    };
  }

  // ---- categorization rules (our extension: docs/attributes.md) ----------------------------

  /** Creates a rule (or recategorizes the customer's identical one): POST /BankingServices/CategorizationRules. */
  async createRule(tenant: Tenant, body: unknown) {
    if (!body || typeof body !== 'object' || Array.isArray(body)) throw flinksErrors.invalidRequest({ detail: 'The request body must be a JSON object' });
    const text = (name: string): string | null => {
      const v = pickKey(body, name);
      if (v === undefined || v === null || v === '') return null;
      if (typeof v !== 'string') throw flinksErrors.invalidRequest({ detail: `${name} must be a string.` });
      return v.trim() === '' ? null : v.trim();
    };
    const merchant = text('MerchantName');
    const pattern = text('DescriptionPattern');
    if ((merchant === null) === (pattern === null)) throw flinksErrors.invalidRequest({ detail: 'Exactly one of MerchantName and DescriptionPattern must be provided.' });
    const kind: RuleKind = merchant !== null ? 'merchant' : 'pattern';
    const value = (merchant ?? pattern)!;
    if (value.length > 200) throw flinksErrors.invalidRequest({ detail: `${kind === 'merchant' ? 'MerchantName' : 'DescriptionPattern'} must be at most 200 characters.` });
    const key = ruleKey(kind, value);
    if (key === '') throw flinksErrors.invalidRequest({ detail: `${kind === 'merchant' ? 'MerchantName' : 'DescriptionPattern'} must contain a letter or a digit.` });
    const category = resolveCategory(text('Category'), text('SubCategory'));
    const loginRaw = text('LoginId');
    let loginId: string | null = null;
    if (loginRaw !== null) {
      const login = isGuid(loginRaw.toLowerCase()) ? await this.connect().service.store.findLogin(this.p.db, tenant.id, loginRaw.toLowerCase()) : null;
      if (!login) throw flinksErrors.invalidRequest({ detail: 'The LoginId provided is either invalid or does not belong to the CustomerId' });
      loginId = login.id;
    }
    const rule = await this.rulesStore.upsert(this.p.db, tenant.id, { id: randomUUID(), loginId, kind, value, key, primary: category[0], sub: category[1], now: this.p.clock.now() });
    return { HttpStatusCode: 200 as const, Rule: ruleJson(rule) };
  }

  /** GET /BankingServices/CategorizationRules[?LoginId=]: every rule, or those that apply to one login. */
  async listRules(tenant: Tenant, loginId: unknown) {
    let scope: string | undefined;
    if (loginId !== undefined && loginId !== null && loginId !== '') {
      // A query value is text; a repeated LoginId (an array) is no one login.
      scope = typeof loginId === 'string' ? loginId.trim().toLowerCase() : '';
      if (!isGuid(scope)) throw flinksErrors.invalidRequest({ detail: 'The LoginId provided is either invalid or does not belong to the CustomerId' });
    }
    const rules = await this.rulesStore.list(this.p.db, tenant.id, scope);
    return { HttpStatusCode: 200 as const, Rules: rules.map(ruleJson) };
  }

  /** DELETE /BankingServices/CategorizationRules/{RuleId}. */
  async deleteRule(tenant: Tenant, ruleId: string) {
    const id = ruleId.trim().toLowerCase();
    if (!isGuid(id) || !(await this.rulesStore.delete(this.p.db, tenant.id, id))) throw enrichErrors.ruleNotFound({ ruleId });
    return { HttpStatusCode: 200 as const, RuleId: id, Deleted: true as const };
  }

  /** The customer-wide rules (uploaded transactions belong to no login). */
  async customerRules(tenant: Tenant): Promise<CustomerRules> {
    return new CustomerRules(await this.rulesStore.customerWide(this.p.db, tenant.id));
  }

  // ---- the customer's own transactions (the Upload API: own-transactions.ts) ----------------

  /** attributes/upload[/{UseCase}]: a card over the body's transactions; `names` null reads Attributes.Card. */
  async ownCard(tenant: Tenant, body: unknown, names: CardOptions['names'] | null) {
    const business = names === 'business' || names === 'all-business';
    const parsed = parseOwnTransactions(body, business, true, await this.customerRules(tenant));
    let defs: AttributeDef[];
    if (names === null) {
      const list = parsed.attributes;
      if (list === undefined || list === null || (Array.isArray(list) && list.length === 0)) throw enrichErrors.noAttribute();
      if (!Array.isArray(list)) throw enrichErrors.invalidAttribute();
      defs = resolveNames(list as string[]);
    } else defs = resolveNames(names);
    const details = checkDetails(parsed.details, names === null ? defs : null);
    const allDefs = names === null ? defs : [...defs, ...details.filter((d) => !defs.some((x) => x.name === d)).map((d) => ATTRIBUTES.find((a) => a.name === d)!)];
    const card = cardJson(parsed.input, allDefs, details, parsed.userIdentifier ?? this.newRequestId());
    return { HttpStatusCode: 200 as const, Card: card, RequestId: this.newRequestId() };
  }

  /** Categorization/Upload: every transaction of the body with its category (no balances needed). */
  async ownCategorization(tenant: Tenant, body: unknown) {
    const rules = await this.customerRules(tenant);
    const parsed = parseOwnTransactions(body, false, false, rules);
    const cats = categorizeLogin(parsed.transactions, () => 'deposit', { business: false, rules });
    return {
      HttpStatusCode: 200 as const,
      RequestId: this.newRequestId(),
      Transactions: parsed.transactions.map((t, i) => ({
        TransactionId: t.id.startsWith('txn-') ? null : t.id,
        AccountId: t.accountId === 'account' ? null : t.accountId,
        Date: slashDate(t.date),
        Description: t.description,
        Debit: money(t.debitCents),
        Credit: money(t.creditCents),
        ...categoryFields(cats[i]!),
      })),
    };
  }

  /** GET /BankingServices/Categories/{CountryCode}: the taxonomy, CA or US. */
  categories(countryCode: string) {
    const country = countryCode.toUpperCase();
    if (country !== 'CA' && country !== 'US') throw enrichErrors.invalidCountry();
    return taxonomyFor(country).map((c) => ({ PrimaryCategoryName: c.name, Description: c.description, SubCategories: c.subCategories.map((s) => ({ SubCategoryName: s.name, Description: s.description })) }));
  }

  newRequestId(): string {
    return randomUUID();
  }
}

function ruleJson(r: CustomerRule) {
  return {
    RuleId: r.id,
    MerchantName: r.kind === 'merchant' ? r.value : null,
    DescriptionPattern: r.kind === 'pattern' ? r.value : null,
    Category: r.primary,
    SubCategory: r.sub,
    LoginId: r.loginId,
    CreatedAt: r.createdAt,
  };
}

/** Category and SubCategory as the taxonomy spells them (compared case-insensitively). */
function resolveCategory(category: string | null, sub: string | null): [PrimaryCategory, string] {
  if (category === null || sub === null) throw flinksErrors.invalidRequest({ detail: 'Category and SubCategory must be provided.' });
  const c = TAXONOMY.find((x) => x.name.toLowerCase() === category.toLowerCase());
  const s = c?.subCategories.find((x) => x.name.toLowerCase() === sub.toLowerCase());
  if (!c || !s) throw flinksErrors.invalidRequest({ detail: `${category} / ${sub} is not a category of GET /BankingServices/Categories/{CountryCode}.` });
  return [c.name, s.name];
}

/** The attribute library (GET attributes/library[/business]): the attributes by category. */
export function attributeLibrary(business: boolean): { Category: string; Attributes: { Name: string; Description: string }[] }[] {
  const byCategory = new Map<string, { Name: string; Description: string }[]>();
  for (const d of ATTRIBUTES) {
    if (Boolean(d.business) !== business) continue;
    let list = byCategory.get(d.category);
    if (!list) byCategory.set(d.category, (list = []));
    list.push({ Name: d.name, Description: d.description });
  }
  return [...byCategory].map(([Category, Attributes]) => ({ Category, Attributes }));
}

/** What a custom card asks for (Attributes.Card, AttributesDetail, Filters, AccountFilter), checked in the documented words. */
export function customCardOptions(body: unknown): Omit<CardOptions, 'limitDays'> {
  const cardNames = pickKey(pickKey(body, 'Attributes'), 'Card');
  if (cardNames === undefined || cardNames === null || (Array.isArray(cardNames) && cardNames.length === 0)) throw enrichErrors.noAttribute();
  if (!Array.isArray(cardNames)) throw enrichErrors.invalidAttribute();
  const defs = resolveNames(cardNames as string[]);
  const detailList = pickKey(body, 'AttributesDetail');
  const details = checkDetails(Array.isArray(detailList) ? detailList : pickKey(detailList, 'Card'), defs);
  const filters = pickKey(body, 'Filters');
  if (filters !== undefined && filters !== null && (typeof filters !== 'object' || Array.isArray(filters) || Object.keys(filters).some((k) => k.toLowerCase() !== 'accountcategory'))) throw enrichErrors.invalidFilters();
  const accountCategories = stringList(pickKey(filters, 'AccountCategory'), () => enrichErrors.invalidFilters());
  const accountIds = stringList(pickKey(pickKey(body, 'AccountFilter'), 'AccountID'), () => enrichErrors.invalidFilters());
  return { names: defs.map((d) => d.name), details, accountCategories, accountIds };
}

function stringList(v: unknown, what: () => Error): string[] | undefined {
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v) || v.some((x) => typeof x !== 'string')) throw what();
  return v as string[];
}

export function resolveNames(names: CardOptions['names']): AttributeDef[] {
  if (names === 'all-consumer') return ATTRIBUTES.filter((a) => !a.business);
  if (names === 'all-business') return ATTRIBUTES.filter((a) => a.business);
  if (typeof names === 'string') return packageAttributes(names);
  if (names.length === 0) throw enrichErrors.noAttribute();
  return names.map((n) => {
    const def = typeof n === 'string' ? findAttribute(n.trim()) : undefined;
    if (!def) throw enrichErrors.invalidAttribute();
    return def;
  });
}

/** Validates an AttributesDetail list: known names that are also asked for at Card level. */
export function checkDetails(details: unknown, names: AttributeDef[] | null): string[] {
  if (details === undefined || details === null) return [];
  if (!Array.isArray(details)) throw flinksErrors.invalidRequest({ detail: 'AttributesDetail must list attribute names' });
  const asked = names ? new Set(names.map((d) => d.name)) : null;
  return details.map((n) => {
    if (typeof n !== 'string' || !findAttribute(n.trim())) throw enrichErrors.invalidAttribute();
    if (asked && !asked.has(n.trim())) throw flinksErrors.invalidRequest({ detail: `The attribute ${n.trim()} of AttributesDetail must also be requested in Attributes.Card.` });
    return n.trim();
  });
}

/** `Card` of an answer: Id, the values, and AttributesDetail when asked. */
export function cardJson(input: EngineInput, defs: AttributeDef[], details: string[], id: string): { Id: string } & Record<string, unknown> {
  const card = computeCard(input, defs, details);
  const out: { Id: string } & Record<string, unknown> = { Id: id, ...card.values };
  if (details.length > 0) {
    out.AttributesDetail = details.map((name) => ({
      Attribute: name,
      Transactions: (card.details[name] ?? []).map((i) => {
        const t = input.transactions[i]!;
        return { TransactionId: t.id, AccountId: t.accountId, Date: slashDate(t.date), Description: t.description, Debit: money(t.debitCents), Credit: money(t.creditCents), Balance: money(t.balanceCents) };
      }),
    }));
  }
  return out;
}

export function rawAccount(a: AccountRow): RawAccount {
  const kind = a.type === 'CreditCard' ? 'creditCard' : a.type === 'LineOfCredit' || a.category === 'Credits' ? 'lineOfCredit' : 'deposit';
  return { id: a.id, kind, currentCents: a.current_cents };
}

function rawTransaction(t: TransactionRow): RawTransaction {
  return { id: t.id, accountId: t.account_id, date: t.date, description: t.description, debitCents: t.debit_cents, creditCents: t.credit_cents, balanceCents: t.balance_cents };
}

/** The fields a categorized transaction carries on both surfaces, in their wire order. */
function categoryFields(c: Parameters<typeof explain>[0]) {
  return {
    Category: c.primary,
    SubCategory: c.sub,
    // Extension (docs/compatibility.md): the merchant without the bank's framing; Description stays as the bank printed it.
    MerchantName: c.merchantName,
    Explanation: explain(c),
  };
}
