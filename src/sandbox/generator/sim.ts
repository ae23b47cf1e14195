// The day-by-day simulation shared by all personas: funding guards, purchases, pre-authorized
// debits (with NSF handling), card and line-of-credit cycles, interest and fees.
//
// Prefix stability: every random draw is keyed by (seed, stream, day, slot) via `rng()`, and
// all state (balances, pending payments, loans) evolves forward from the start date only.
// Nothing looks at the end date, so extending the range never changes past days.

import type { DayInfo } from './calendar.ts';
import { Draws } from './random.ts';
import { transfer, type Account } from './ledger.ts';
import type { Identity } from './holder.ts';
import { merchantsFor, type Merchant, type SpendGroup, type Subscription } from './merchants.ts';
import { occursOn, recurrenceOf, type Schedule, type Shift } from './schedule.ts';
import { terminalCity, type BankStyle } from './text.ts';
import type { Biller } from './billers.ts';
import type { GeneratedTransaction, Recurrence, TrueLabel } from './types.ts';

export interface LoginAccounts {
  chq: Account;
  sav: Account;
  cc: Account;
  loc: Account;
}

export type CardPolicy = 'full' | 'partial' | 'minimum';

export interface SimOptions {
  /** The holder lives in the overdraft: bills may bounce (NSF), spending may go below zero. */
  overdraftUser: boolean;
  cardBrand: string;
  /** Kept free on credit accounts so interest never pushes them over the limit. */
  creditHeadroomShare: number;
  /** Merchants (normalised names) this holder never uses. */
  avoid?: readonly string[];
  /** Yearly rates in basis points. */
  rates: { savings: number; card: number; loc: number; overdraft: number };
  /** Flat monthly chequing fee in cents (0 = none). */
  monthlyFeeCents: number;
}

export type PadResult = 'paid' | 'returned' | 'skipped';

export class Sim {
  today!: DayInfo;
  readonly seedHash: number;
  readonly id: Identity;
  readonly style: BankStyle;
  readonly acc: LoginAccounts;
  readonly opts: SimOptions;
  private readonly favourites = new Map<string, Merchant[]>();
  private readonly stores = new Map<string, string[]>();
  readonly city: string;
  /** Diagnostics: bills that could not be paid at all (not part of the output). */
  skipped = 0;

  constructor(seedHash: number, id: Identity, style: BankStyle, acc: LoginAccounts, opts: SimOptions) {
    this.seedHash = seedHash;
    this.id = id;
    this.style = style;
    this.acc = acc;
    this.opts = opts;
    this.city = terminalCity(id.city.name);
  }

  /** Draws for today, in a named stream. */
  rng(stream: string): Draws {
    return new Draws(this.seedHash, stream, this.today.day);
  }

  /** Draws that do not depend on the day (profile choices). */
  fixed(stream: string): Draws {
    return new Draws(this.seedHash, 'profile:' + stream, 0);
  }

  /** Draws keyed by an arbitrary period number (a month index, a week number...). */
  period(stream: string, n: number): Draws {
    return new Draws(this.seedHash, stream, n);
  }

  on(s: Schedule, shift: Shift): boolean {
    return occursOn(s, shift, this.today);
  }

  // ---------------------------------------------------------------- headroom and funding

  creditHeadroom(a: Account): number {
    return Math.round(a.limit * this.opts.creditHeadroomShare);
  }

  /**
   * Makes sure chequing can take a debit of `amount` without going below zero, topping it up from
   * savings and then the line of credit. Returns false (and moves nothing) when it cannot.
   * Overdraft users are not topped up: they just need to stay above their soft floor.
   */
  ensureFunds(amount: number, allowLoc = true): boolean {
    const { chq, sav, loc } = this.acc;
    if (this.opts.overdraftUser) return chq.balance - amount >= chq.floor;
    if (chq.balance - amount >= 0) return true;
    const bare = amount - chq.balance;
    const wanted = Math.ceil((bare + 10000) / 5000) * 5000; // round up, with a $100 cushion
    const fromSav = Math.min(wanted, sav.balance);
    const fromLoc = allowLoc ? Math.min(wanted - fromSav, loc.room(this.creditHeadroom(loc))) : 0;
    if (fromSav + fromLoc < bare) return false;
    const label: TrueLabel = { category: 'Transfers', subCategory: 'Internal Transfer' };
    if (fromSav > 0) transfer(this.today, sav, chq, fromSav, this.style.transferTo(chq), this.style.transferFrom(sav), label);
    if (fromLoc > 0) transfer(this.today, loc, chq, fromLoc, this.style.transferTo(chq), this.style.transferFrom(loc), label);
    return true;
  }

  /** Internal transfer with linked legs, if `from` can afford it. */
  move(from: Account, to: Account, amount: number, subCategory = 'Internal Transfer', recurring?: Recurrence): boolean {
    if (amount <= 0) return false;
    if (from.credit ? from.room(this.creditHeadroom(from)) < amount : from.balance - amount < Math.max(0, from.floor)) return false;
    const label: TrueLabel = { category: 'Transfers', subCategory, ...(recurring ? { recurring } : {}) };
    transfer(this.today, from, to, amount, this.style.transferTo(to), this.style.transferFrom(from), label);
    return true;
  }

  // ---------------------------------------------------------------- merchants and purchases

  /** The few merchants of a group this holder frequents (fixed per login). */
  favouritesOf(group: SpendGroup, channel: 'debit' | 'card'): Merchant[] {
    const key = group + ':' + channel;
    let list = this.favourites.get(key);
    if (!list) {
      let all = merchantsFor(group, this.id.city.province).filter((x) => !this.opts.avoid?.includes(x.name));
      if (channel === 'debit') {
        const offline = all.filter((x) => !x.online);
        if (offline.length > 0) all = offline;
      }
      const r = this.fixed('fav:' + group);
      const n = Math.min(all.length, group === 'grocery' || group === 'fastfood' || group === 'restaurant' ? 4 : 3);
      const pool = [...all];
      list = [];
      for (let i = 0; i < n; i++) list.push(pool.splice(r.int(0, pool.length - 1), 1)[0]!);
      this.favourites.set(key, list);
    }
    return list;
  }

  private storeNumbers(m: Merchant): string[] {
    const key = m.print + '|' + m.pattern;
    let s = this.stores.get(key);
    if (!s) {
      const r = this.fixed('store:' + key);
      s = [String(r.int(100, 9999)), String(r.int(100, 9999)), String(r.int(10000, 99999))];
      this.stores.set(key, s);
    }
    return s;
  }

  /** Text as the card processor prints it. */
  cardText(m: Merchant, r: Draws): string {
    const stores = this.storeNumbers(m);
    const store = r.chance(0.75) ? stores[0]! : stores[1]!;
    const pattern = m.pattern ?? (m.store ? '{print} #{store} {city} {prov}' : '{print} {city} {prov}');
    return pattern
      .replace('{print}', m.print)
      .replace('{store}', store)
      .replace('{city}', this.city)
      .replace('{prov}', this.id.city.province)
      .replace('{ref}', r.ref(9));
  }

  /** Text of a debit-card purchase on the chequing statement. */
  debitText(m: Merchant, r: Draws): string {
    const usesStore = m.store || (m.pattern?.includes('{store}') ?? false);
    const store = usesStore ? ' ' + (r.chance(0.75) ? this.storeNumbers(m)[0] : this.storeNumbers(m)[1]) : '';
    return this.style.pos(`${m.print}${store}`);
  }

  purchaseLabel(m: Merchant): TrueLabel {
    return { category: m.category, subCategory: m.subCategory, merchant: m.name };
  }

  /**
   * Buys from a merchant of the group on the given account if it can be afforded.
   * `scale` stretches the merchant's amount range (lower for tight budgets).
   */
  buy(account: Account, group: SpendGroup, r: Draws, scale = 1, channel: 'debit' | 'card' = account.credit ? 'card' : 'debit'): GeneratedTransaction | null {
    const list = this.favouritesOf(group, channel);
    if (list.length === 0) return null;
    const m = r.pick(list);
    const amount = Math.max(100, Math.round(r.logCents(m.min, m.max) * scale));
    if (account.credit) {
      if (account.room(this.creditHeadroom(account)) < amount) return null;
    } else if (account.balance - amount < account.floor + (this.opts.overdraftUser ? 0 : 2000)) {
      return null;
    }
    const text = channel === 'card' ? this.cardText(m, r) : this.debitText(m, r);
    return account.debit(this.today, amount, text, this.purchaseLabel(m));
  }

  /** A day of discretionary purchases on one account: a Poisson number of buys from a mix. */
  spendDay(account: Account, stream: string, meanPerDay: number, mix: readonly (readonly [SpendGroup, number])[], scale = 1): void {
    const weekend = this.today.dow === 0 || this.today.dow === 6 || this.today.dow === 5;
    const r = this.rng(stream);
    const n = r.poisson(meanPerDay * (weekend ? 1.3 : 0.85));
    for (let i = 0; i < n; i++) this.buy(account, r.weighted(mix), r, scale);
  }

  /** Monthly subscription billed to the card on a fixed day. */
  subscription(sub: Subscription, dom: number, price: number): void {
    if (!this.on({ every: 'monthly', dom }, 'none')) return;
    const cc = this.acc.cc;
    if (cc.room(this.creditHeadroom(cc)) < price) return;
    const r = this.rng('sub:' + sub.name);
    const text = sub.print.replace('{ref}', r.ref(10)).replace('{city}', this.city).replace('{prov}', this.id.city.province);
    cc.debit(this.today, price, text, { category: sub.category, subCategory: sub.subCategory, merchant: sub.name, recurring: 'monthly' });
  }

  // ---------------------------------------------------------------- bills and NSF

  /**
   * A pre-authorized debit (or bill payment) out of chequing.
   * - Ordinary holders: topped up from savings / LOC if needed, skipped if impossible.
   * - Overdraft users: the bank honours the debit while the balance stays above 80% of the
   *   overdraft limit; otherwise the item is returned: the debit and its reversal are posted (when
   *   they fit within the overdraft limit) followed by an NSF fee.
   */
  preauthorized(amount: number, description: string, label: TrueLabel, payee: string): PadResult {
    const chq = this.acc.chq;
    if (!this.opts.overdraftUser) {
      if (!this.ensureFunds(amount)) {
        this.skipped++;
        return 'skipped';
      }
      chq.debit(this.today, amount, description, label);
      return 'paid';
    }
    const billFloor = -Math.round(chq.out.overdraftLimitCents * 0.8);
    if (chq.balance - amount >= billFloor) {
      chq.debit(this.today, amount, description, label);
      return 'paid';
    }
    const fee = this.nsfFeeAmount();
    if (chq.hardRoom() >= amount + fee) {
      chq.debit(this.today, amount, description, label);
      chq.creditTo(this.today, amount, this.style.returnedItem(payee), { category: 'Other', subCategory: 'Returned Item', nsf: 'reversal' });
    }
    this.nsfFee();
    return 'returned';
  }

  nsfFeeAmount(): number {
    return this.fixed('nsf-fee').pick([4500, 4800, 4500, 4250]);
  }

  nsfFee(): void {
    const chq = this.acc.chq;
    const fee = this.nsfFeeAmount();
    if (chq.hardRoom() >= fee) chq.debit(this.today, fee, this.style.nsfFee, { category: 'Fees', subCategory: 'NSF Fee', nsf: 'fee' });
  }

  stopPaymentFee(): boolean {
    const chq = this.acc.chq;
    const fee = this.fixed('stop-fee').pick([1250, 1500, 2000, 1000]);
    if (chq.hardRoom() < fee) return false;
    chq.debit(this.today, fee, this.style.stopPaymentFee, { category: 'Fees', subCategory: 'Stop Payment Fee', nsf: 'stop_payment' });
    return true;
  }

  /**
   * A recurring bill paid from chequing by pre-authorized debit or online bill payment.
   * Returns the result when the schedule falls today, null otherwise.
   */
  bill(s: Schedule, shift: Shift, payee: Biller, amount: (r: Draws) => number, label: TrueLabel, how: 'pad' | 'bill' = 'pad'): PadResult | null {
    if (!this.on(s, shift)) return null;
    const r = this.rng('bill:' + payee.print + ':' + label.subCategory);
    const cents = Math.max(100, Math.round(amount(r)));
    const text = how === 'pad' ? this.style.pad(payee.print) : this.style.billPayment(payee.print);
    const recurring = recurrenceOf(s);
    return this.preauthorized(cents, text, { ...label, merchant: payee.name, ...(recurring ? { recurring } : {}) }, payee.print);
  }

  /** A recurring bill charged to the credit card. */
  cardBill(s: Schedule, payee: Biller, amount: (r: Draws) => number, label: TrueLabel): void {
    if (!this.on(s, 'none')) return;
    const cc = this.acc.cc;
    const r = this.rng('cardbill:' + payee.print);
    const cents = Math.max(100, Math.round(amount(r)));
    if (cc.room(this.creditHeadroom(cc)) < cents) return;
    const recurring = recurrenceOf(s);
    cc.debit(this.today, cents, `${payee.print} ${this.city} ${this.id.city.province}`, { ...label, merchant: payee.name, ...(recurring ? { recurring } : {}) });
  }

  /** Plain credit into chequing (pay, benefits, deposits). */
  deposit(amount: number, description: string, label: TrueLabel): GeneratedTransaction {
    return this.acc.chq.creditTo(this.today, Math.max(1, Math.round(amount)), description, label);
  }

  /** ATM cash withdrawal in multiples of $20. */
  atm(amount: number): void {
    const chq = this.acc.chq;
    const cents = Math.max(2000, Math.round(amount / 2000) * 2000);
    if (chq.balance - cents < chq.floor + (this.opts.overdraftUser ? 0 : 5000)) return;
    chq.debit(this.today, cents, this.style.atm(this.city), { category: 'Other', subCategory: 'ATM Withdrawal' });
  }

  eTransferOut(amount: number, name: string, label: TrueLabel): boolean {
    const chq = this.acc.chq;
    if (this.opts.overdraftUser ? chq.balance - amount < chq.floor : !this.ensureFunds(amount)) return false;
    chq.debit(this.today, amount, this.style.eTransferOut(name), label);
    return true;
  }

  // ---------------------------------------------------------------- monthly cycles

  private card = { statementDom: 0, dueDelay: 21, pendingDay: -1, statementOwed: 0, paidSince: 0, carried: false };
  private loc = { interestDom: 0, paymentDom: 0 };
  private negativeAccum = 0;

  /** Credit card: statement, interest on carried balances, payment from chequing by policy. */
  cardCycle(policy: CardPolicy): void {
    const aprBps = this.opts.rates.card;
    const { cc, chq } = this.acc;
    const c = this.card;
    if (c.statementDom === 0) {
      const r = this.fixed('card-cycle');
      c.statementDom = r.int(3, 26);
      c.dueDelay = r.int(18, 24);
    }
    const t = this.today;
    if (this.on({ every: 'monthly', dom: c.statementDom }, 'none')) {
      if (c.carried && cc.balance > 0) {
        const interest = Math.min(Math.round((cc.balance * aprBps) / 10000 / 12), cc.hardRoom());
        if (interest > 0) cc.debit(t, interest, this.style.purchaseInterest, { category: 'Fees', subCategory: 'Interest Charges' });
      }
      c.statementOwed = cc.balance;
      c.carried = cc.balance > 0; // until the statement is paid in full
      c.paidSince = 0;
      c.pendingDay = c.statementOwed > 0 ? t.day + c.dueDelay - this.rng('card-pay-early').int(0, policy === 'full' ? 6 : 2) : -1;
    }
    if (t.day !== c.pendingDay) return;
    c.pendingDay = -1;
    const r = this.rng('card-pay');
    const minimum = Math.min(cc.balance, Math.max(1000, Math.round(c.statementOwed * 0.03)));
    const full = Math.min(cc.balance, c.statementOwed);
    if (full <= 0) return;
    let amount = full;
    if (policy === 'partial') amount = r.chance(0.35) ? full : r.cents(minimum, full);
    else if (policy === 'minimum') amount = r.chance(0.15) ? Math.min(full, minimum * 3) : minimum;
    const pay = (cents: number): boolean => {
      if (cents <= 0 || !this.ensureFunds(cents, false)) return false;
      transfer(t, chq, cc, cents, this.style.cardPaymentFromChequing(this.opts.cardBrand), this.style.cardPaymentOnCard, {
        category: 'Transfers',
        subCategory: 'Credit Card Payment',
        recurring: 'monthly',
      });
      c.paidSince += cents;
      if (c.paidSince >= c.statementOwed) c.carried = false;
      return true;
    };
    if (pay(amount) || (amount > minimum && pay(minimum))) return;
    const late = this.fixed('late-fee').pick([2900, 2500, 3500]);
    if (cc.hardRoom() >= late) cc.debit(t, late, this.style.lateFee, { category: 'Fees', subCategory: 'Late Fee' });
  }

  /** Line of credit: monthly interest, and a monthly payment from chequing. */
  locCycle(payment: (owed: number, r: Draws) => number): void {
    const rateBps = this.opts.rates.loc;
    const { loc, chq } = this.acc;
    if (this.loc.interestDom === 0) {
      const r = this.fixed('loc-cycle');
      this.loc.interestDom = r.int(20, 28);
      this.loc.paymentDom = r.int(1, 12);
    }
    const t = this.today;
    if (this.on({ every: 'monthly', dom: this.loc.interestDom }, 'none') && loc.balance > 0) {
      const interest = Math.min(Math.round((loc.balance * rateBps) / 10000 / 12), loc.hardRoom());
      if (interest > 0) loc.debit(t, interest, this.style.locInterest, { category: 'Fees', subCategory: 'Interest Charges' });
    }
    if (this.on({ every: 'monthly', dom: this.loc.paymentDom }, 'next') && loc.balance > 0) {
      const amount = Math.min(loc.balance, Math.round(payment(loc.balance, this.rng('loc-pay'))));
      if (amount > 0 && this.ensureFunds(amount, false)) {
        transfer(t, chq, loc, amount, this.style.transferTo(loc), this.style.locPaymentOnLoc, {
          category: 'Transfers',
          subCategory: 'Line of Credit Payment',
          recurring: 'monthly',
        });
      }
    }
  }

  /** Savings interest credited on the last day of the month. */
  savingsInterest(): void {
    const rateBps = this.opts.rates.savings;
    const { sav } = this.acc;
    if (this.today.dom !== this.today.daysInMonth || sav.balance <= 0) return;
    const interest = Math.round((sav.balance * rateBps) / 10000 / 12);
    if (interest > 0) sav.creditTo(this.today, interest, this.style.savingsInterest, { category: 'Income', subCategory: 'Interest', income: 'other' });
  }

  /** Flat monthly account fee on chequing. */
  monthlyFee(): void {
    const cents = this.opts.monthlyFeeCents;
    if (cents <= 0 || this.today.dom !== this.today.daysInMonth) return;
    const chq = this.acc.chq;
    const label: TrueLabel = { category: 'Fees', subCategory: 'Bank Fee', recurring: 'monthly' };
    if (this.opts.overdraftUser) {
      if (chq.hardRoom() >= cents) chq.debit(this.today, cents, this.style.monthlyFee, label);
    } else if (this.ensureFunds(cents)) {
      chq.debit(this.today, cents, this.style.monthlyFee, label);
    }
  }

  /** End of day: overdraft interest accrues daily and is charged at month end. */
  endOfDay(): void {
    const overdraftRateBps = this.opts.rates.overdraft;
    const chq = this.acc.chq;
    if (chq.balance < 0) this.negativeAccum += -chq.balance;
    if (this.today.dom === this.today.daysInMonth && this.negativeAccum > 0) {
      const interest = Math.round((this.negativeAccum * overdraftRateBps) / 10000 / 365);
      this.negativeAccum = 0;
      if (interest > 0 && chq.hardRoom() >= interest) {
        chq.debit(this.today, interest, this.style.overdraftInterest, { category: 'Fees', subCategory: 'Overdraft Interest' });
      }
    }
  }
}
