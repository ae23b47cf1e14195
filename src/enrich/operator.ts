/**
 * Enrich's use cases for the operator console (operator-routes.ts): a login's charts, its
 * transactions with their categories (paged, filtered), and its attribute card with the reason
 * for each value and the transactions behind it. Everything is computed by Enrich's own
 * categorizer and attribute engine from Connect's rows, as the /v3 endpoints compute it; the
 * console needs no session (RequestId), only the customer and the login.
 */
import type { Platform } from '../platform/platform.ts';
import { OperatorFailure } from '../platform/operator/errors.ts';
import { decodeCursor, pageOf } from '../platform/operator/paging.ts';
import type { Connect } from '../connect/index.ts';
import { computeCard, supportOf, NONE_DETECTED, type AttributeDef, type Categorized, type Package } from './engine/index.ts';
import { monthStart } from './engine/card.ts';
import { SUBJECTS } from './engine/subjects.ts';
import { balanceSeries, chartsAsOf, monthlyCashFlow, spendingByCategory } from './charts.ts';
import { rawAccount, resolveNames, type EnrichService, type LoginData } from './service.ts';

const dollars = (cents: number) => Math.round(cents) / 100;
const money = (cents: number | null) => (cents === null ? null : cents / 100);

/** Supporting transaction ids answered per attribute (the newest); transactionCount says how many there are. */
export const SUPPORT_IDS = 10;

const SUBJECT_LABELS = new Map(SUBJECTS.map((s) => [s.id, s.label]));
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export interface TransactionFilter {
  accountId?: string;
  from?: string;
  to?: string;
  q?: string;
  category?: string;
  limit: number;
  cursor?: string;
}

export class OperatorEnrich {
  constructor(private readonly p: Platform, private readonly connect: () => Connect, private readonly enrich: EnrichService) {}

  private async data(customerId: string, loginId: string): Promise<LoginData> {
    const { tenant, login } = await this.connect().operator.find(customerId, loginId);
    return this.enrich.loginData(tenant.id, login, '');
  }

  private asOf(data: LoginData): string {
    return chartsAsOf(data.login.last_refresh_text, this.p.clock.now().toISOString().slice(0, 10));
  }

  /** Per account: the balance at the end of each day, the money in and out per month, the spending per category. */
  async charts(customerId: string, loginId: string) {
    const data = await this.data(customerId, loginId);
    const asOf = this.asOf(data);
    const categories = this.enrich.categorize(data);
    const byAccount = new Map<string, { t: LoginData['transactions'][number]; c: Categorized }[]>();
    data.transactions.forEach((t, i) => {
      let list = byAccount.get(t.account_id);
      if (!list) byAccount.set(t.account_id, (list = []));
      list.push({ t, c: categories[i]! });
    });
    return {
      loginId: data.login.id,
      asOf,
      accounts: data.accounts.map((a) => {
        const rows = byAccount.get(a.id) ?? [];
        const txns = rows.map(({ t }) => ({ date: t.date, seq: t.seq, debitCents: t.debit_cents, creditCents: t.credit_cents, balanceCents: t.balance_cents }));
        const balance = balanceSeries(txns, a.current_cents, rawAccount(a).kind !== 'deposit', asOf);
        return {
          accountId: a.id,
          title: a.title,
          currency: a.currency,
          balance: { source: balance.source, points: balance.points.map((x) => ({ date: x.date, balance: dollars(x.cents) })) },
          cashFlow: monthlyCashFlow(txns, asOf).map((m) => ({ month: m.month, moneyIn: dollars(m.inCents), moneyOut: dollars(m.outCents) })),
          spending: spendingByCategory(txns, rows.map(({ c }) => c)).map((s) => ({ category: s.category, amount: dollars(s.cents), transactions: s.count })),
        };
      }),
    };
  }

  /** The login's transactions, newest first, with their categories; filtered, then keyset-paged on (date, seq, id). */
  async transactions(customerId: string, loginId: string, f: TransactionFilter) {
    for (const [name, v] of [['from', f.from], ['to', f.to]] as const) {
      if (v !== undefined && v !== '' && (!DATE.test(v) || Number.isNaN(Date.parse(v)))) throw new OperatorFailure(400, 'invalid_request', `${name} must be a date, YYYY-MM-DD`);
    }
    const after = decodeCursor(f.cursor, ['string', 'number', 'string']) as [string, number, string] | null;
    const data = await this.data(customerId, loginId);
    const accountId = f.accountId?.trim().toLowerCase() || null;
    if (accountId !== null && !data.accounts.some((a) => a.id === accountId)) throw new OperatorFailure(404, 'not_found', `no account ${f.accountId} in this login`);
    const categories = this.enrich.categorize(data);
    const text = f.q?.trim().toLowerCase() || null;
    const category = f.category?.trim().toLowerCase() || null;
    const rows = data.transactions
      .map((t, i) => ({ t, c: categories[i]! }))
      .filter(({ t, c }) =>
        (accountId === null || t.account_id === accountId)
        && (!f.from || t.date >= f.from) && (!f.to || t.date <= f.to)
        && (text === null || t.description.toLowerCase().includes(text) || (c.merchantName?.toLowerCase().includes(text) ?? false))
        && (category === null || c.primary.toLowerCase() === category || c.sub.toLowerCase() === category))
      // Newest first: date, then the institution's order within the day, then the id (a total order for the cursor).
      .sort((a, b) => (a.t.date !== b.t.date ? (a.t.date < b.t.date ? 1 : -1) : a.t.seq !== b.t.seq ? b.t.seq - a.t.seq : a.t.id < b.t.id ? 1 : a.t.id > b.t.id ? -1 : 0))
      .filter(({ t }) => after === null || t.date < after[0] || (t.date === after[0] && (t.seq < after[1] || (t.seq === after[1] && t.id < after[2]))));
    const page = pageOf(rows.slice(0, f.limit + 1), f.limit, ({ t }) => [t.date, t.seq, t.id]);
    return {
      transactions: page.items.map(({ t, c }) => ({
        id: t.id,
        accountId: t.account_id,
        date: t.date,
        description: t.description,
        debit: money(t.debit_cents),
        credit: money(t.credit_cents),
        balance: money(t.balance_cents),
        category: c.primary,
        subCategory: c.sub,
        merchantName: c.merchantName,
      })),
      nextCursor: page.nextCursor,
    };
  }

  /**
   * The attribute card (a package, or every attribute of the login's kind) over its operating
   * accounts, as GetAllAttributes computes it, each value with what it is, why it came out so,
   * and the transactions behind it (the newest SUPPORT_IDS ids, and their count).
   */
  async attributes(customerId: string, loginId: string, pkg: Package | undefined) {
    const data = await this.data(customerId, loginId);
    const business = data.login.login_type === 'Business';
    const defs = resolveNames(pkg ?? (business ? 'all-business' : 'all-consumer'));
    const input = this.enrich.cardInput(data, {});
    const card = computeCard(input, defs, defs.map((d) => d.name));
    const referenced = new Map<number, true>();
    const attributes = defs.map((def) => {
      const value = card.values[def.name]!;
      const support = (card.details[def.name] ?? []).slice().sort((a, b) => (input.transactions[b]!.date < input.transactions[a]!.date ? -1 : 1));
      const shown = value === NONE_DETECTED ? [] : support.slice(0, SUPPORT_IDS);
      for (const i of shown) referenced.set(i, true);
      return {
        name: def.name,
        value,
        unit: def.unit,
        category: def.category,
        description: def.description,
        explanation: explanation(def, value, support.length, input.asOf),
        transactionCount: value === NONE_DETECTED ? 0 : support.length,
        transactionIds: shown.map((i) => input.transactions[i]!.id),
      };
    });
    const transactions = [...referenced.keys()].sort((a, b) => a - b).map((i) => {
      const t = input.transactions[i]!;
      return { id: t.id, accountId: t.accountId, date: t.date, description: t.description, debit: money(t.debitCents), credit: money(t.creditCents), category: input.categories[i]!.primary };
    });
    return { loginId: data.login.id, asOf: input.asOf, attributes, transactions };
  }
}

/** One sentence on how a value came out: the transactions it was read from (subject and window), or the balances. */
export function explanation(def: AttributeDef, value: string | number, supporting: number, asOf: string): string {
  const support = supportOf(def);
  if (!support) {
    const from = def.compute.kind === 'balance' || def.compute.kind === 'balanceTrend' ? 'the end-of-day balances of the operating accounts' : 'the activity of the operating accounts';
    return `Read from ${from} as of ${asOf}.`;
  }
  const label = SUBJECT_LABELS.get(support.subject) ?? support.subject.replaceAll('_', ' ');
  const w = support.window;
  const window = w.kind === 'all' ? 'in all the history on hand' : w.kind === 'days' ? `in the ${w.days} days to ${asOf}` : `in ${monthStart(asOf, w.ago).slice(0, 7)}`;
  if (value === NONE_DETECTED) return `None detected: no transaction of ${label} ${window}.`;
  return `From ${supporting} transaction${supporting === 1 ? '' : 's'} of ${label} ${window}.`;
}
