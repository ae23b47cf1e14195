// Accounts and postings.
//
// SIGN CONVENTION (Flinks style):
// - Deposit accounts (Chequing, Savings): the balance is money held.
//       balance = previous + credit - debit
//   A chequing balance may be negative only down to -overdraftLimit.
// - Credit accounts (CreditCard, LineOfCredit): the balance is the amount OWED, positive.
//       balance = previous + debit - credit
//   A purchase or advance is a debit (owed goes up); a payment is a credit (owed goes down).
//   The owed amount stays within [0, limit].
// Every amount is an integer number of cents, > 0.

import type { DayInfo } from './calendar.ts';
import type { AccountType, GeneratedAccount, GeneratedTransaction, TrueLabel } from './types.ts';

export function isCreditType(type: AccountType): boolean {
  return type === 'CreditCard' || type === 'LineOfCredit';
}

export class Account {
  readonly out: GeneratedAccount;
  readonly credit: boolean;
  balance: number;
  /**
   * Lowest balance the simulation lets ordinary spending reach (deposit accounts): 0, or a
   * negative number for a persona who lives in the overdraft. Hard limit: -overdraftLimitCents.
   */
  floor = 0;
  private keyDay = -1;
  private n = 0;

  constructor(out: GeneratedAccount) {
    this.out = out;
    this.credit = isCreditType(out.type);
    this.balance = out.openingBalanceCents;
  }

  get key(): string {
    return this.out.key;
  }

  /** Last five digits of the account number, as printed in transfer descriptions. */
  get short(): string {
    return this.out.accountNumber.slice(-5);
  }

  get limit(): number {
    return this.out.limitCents ?? 0;
  }

  /** Largest debit that keeps the account within its limits (hard limits, not the soft floor). */
  hardRoom(): number {
    if (this.credit) return Math.max(0, this.limit - this.balance);
    return Math.max(0, this.balance + this.out.overdraftLimitCents);
  }

  /** Largest debit ordinary spending may take (respects the soft floor / a headroom on credit). */
  room(headroom = 0): number {
    if (this.credit) return Math.max(0, this.limit - headroom - this.balance);
    return Math.max(0, this.balance - this.floor);
  }

  /** Posts one transaction and returns it. Exactly one of debit / credit is given. */
  post(today: DayInfo, description: string, debitCents: number | null, creditCents: number | null, label: TrueLabel): GeneratedTransaction {
    const amount = debitCents ?? creditCents;
    if ((debitCents === null) === (creditCents === null) || amount === null || !Number.isInteger(amount) || amount <= 0) {
      throw new Error(`invalid posting on ${this.key} ${today.date}: ${debitCents}/${creditCents}`);
    }
    if (today.day !== this.keyDay) {
      this.keyDay = today.day;
      this.n = 0;
    }
    const signed = debitCents !== null ? -debitCents : creditCents!;
    this.balance += this.credit ? -signed : signed;
    if (this.credit) {
      if (this.balance < 0 || this.balance > this.limit) throw new Error(`${this.key} out of limits on ${today.date}: ${this.balance}`);
    } else if (this.balance < -this.out.overdraftLimitCents) {
      throw new Error(`${this.key} below overdraft on ${today.date}: ${this.balance}`);
    }
    const txn: GeneratedTransaction = {
      key: `${this.key}:${today.date}:${String(this.n++).padStart(2, '0')}`,
      date: today.date,
      description,
      debitCents,
      creditCents,
      balanceCents: this.balance,
      label,
    };
    this.out.transactions.push(txn);
    return txn;
  }

  /** Money leaving the account: a debit (for a credit account this increases what is owed). */
  debit(today: DayInfo, amount: number, description: string, label: TrueLabel): GeneratedTransaction {
    return this.post(today, description, amount, null, label);
  }

  /** Money arriving: a credit (for a credit account this is a payment). */
  creditTo(today: DayInfo, amount: number, description: string, label: TrueLabel): GeneratedTransaction {
    return this.post(today, description, null, amount, label);
  }

  /** Sets current/available from the final balance. */
  finish(): void {
    const o = this.out;
    o.currentCents = this.balance;
    if (o.type === 'Chequing') o.availableCents = this.balance + o.overdraftLimitCents;
    else if (o.type === 'Savings') o.availableCents = this.balance;
    else o.availableCents = (o.limitCents ?? 0) - this.balance;
  }
}

/**
 * Moves money between two accounts of the login and links both legs through
 * label.transferCounterpartKey. The leg on `from` is always a debit and the leg on `to` a credit,
 * whatever the account kinds (a LOC advance is a debit on the LOC; a card payment a credit on it).
 */
export function transfer(
  today: DayInfo,
  from: Account,
  to: Account,
  amount: number,
  fromDescription: string,
  toDescription: string,
  fromLabel: TrueLabel,
  toLabel: TrueLabel = fromLabel,
): [GeneratedTransaction, GeneratedTransaction] {
  const a = from.debit(today, amount, fromDescription, { ...fromLabel });
  const b = to.creditTo(today, amount, toDescription, { ...toLabel, transferCounterpartKey: a.key });
  a.label.transferCounterpartKey = b.key;
  return [a, b];
}
