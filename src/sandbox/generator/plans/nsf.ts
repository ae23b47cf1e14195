// Struggling borrower living in the overdraft: semi-monthly pay, a small WSIB benefit, payday
// loans from micro-lenders repaid by pre-authorized debit on payday, NSF fees and returned
// items when debits bounce, stop-payment fees, gambling, a sub-prime auto loan.

import { HOURLY_EMPLOYERS, INSTALMENT_LENDERS, PAYDAY_LENDERS, SUBPRIME_AUTO_LENDERS, governmentDeposit, type Biller } from '../billers.ts';
import type { SpendGroup } from '../merchants.ts';
import { EPOCH_FRIDAY, occursOn, type Schedule } from '../schedule.ts';
import type { Sim } from '../sim.ts';
import { chequingMood, payHousing, payUtilities, pickHousing, pickUtilities, type DayFn } from './household.ts';

const DEBIT_MIX: readonly (readonly [SpendGroup, number])[] = [
  ['fastfood', 20], ['convenience', 18], ['grocery', 18], ['coffee', 14], ['gas', 10], ['liquor', 6], ['general', 6],
  ['pharmacy', 3], ['gambling', 5],
];
const CARD_MIX: readonly (readonly [SpendGroup, number])[] = [
  ['gambling', 20], ['delivery', 15], ['online', 20], ['fastfood', 15], ['entertainment', 10], ['gas', 10], ['general', 10],
];

interface PaydayLoan {
  lender: Biller;
  owed: number;
  dueDay: number;
  attempts: number;
}

const PAYROLL: Schedule = { every: 'semimonthly', days: [15, 31] };

export function nsf(sim: Sim): DayFn {
  const p = sim.fixed('nsf');
  const { province } = sim.id.city;
  const employer = p.pick(HOURLY_EMPLOYERS);
  const netPay = p.int(1150, 1550) * 100 + p.int(0, 99);
  const wsib = governmentDeposit('WSIB', province, sim.style.lang);
  const wsibAmount = p.int(160, 420) * 100 + p.int(0, 99);
  const wsibAnchor = EPOCH_FRIDAY - 1 + 7 * p.int(0, 1); // a Thursday
  const housing = pickHousing(sim, 'rent', p.int(95, 140) * 1000, []);
  housing.via = 'pad';
  const utilities = pickUtilities(sim, 0.9, { internet: 0.6, insurance: 1, gas: 0.2, autoInsurance: true });
  const auto = { lender: p.pick(SUBPRIME_AUTO_LENDERS), amount: p.int(320, 520) * 100 + p.int(0, 99), dom: p.int(1, 28) };
  const instalment = { lender: p.pick(INSTALMENT_LENDERS), amount: p.int(120, 260) * 100 + p.int(0, 99), dom: p.int(1, 28) };
  const lenders = [...PAYDAY_LENDERS];
  const myLenders: Biller[] = [];
  for (let i = 0; i < 3; i++) myLenders.push(lenders.splice(p.int(0, lenders.length - 1), 1)[0]!);
  const loans: PaydayLoan[] = [];
  const comfort = 50000;

  const nextPayday = (from: number): number => {
    let d = from;
    while (!occursOn(PAYROLL, 'prev', d)) d++;
    return d;
  };

  return () => {
    const t = sim.today;
    const { chq, cc } = sim.acc;
    const r = sim.rng('nsf-misc');

    if (sim.on(PAYROLL, 'prev')) {
      const amount = Math.round(netPay * (r.chance(0.6) ? 1 : 0.85 + r.next() * 0.25));
      sim.deposit(amount, sim.style.payroll(employer.print), {
        category: 'Income',
        subCategory: 'Payroll',
        income: 'payroll',
        employer: employer.name,
        recurring: 'semimonthly',
      });
    }
    if (sim.on({ every: 'biweekly', anchor: wsibAnchor }, 'prev')) {
      sim.deposit(wsibAmount, wsib.print, {
        category: 'Income',
        subCategory: 'Government Benefits',
        income: 'government',
        government: 'WSIB',
        merchant: wsib.name,
        recurring: 'biweekly',
      });
    }
    if (r.chance(0.012)) {
      const op = sim.favouritesOf('gambling', 'card')[0];
      if (op) sim.deposit(r.int(40, 600) * 100, sim.style.eTransferIn(op.print), { category: 'Gambling', subCategory: 'Winnings', merchant: op.name });
    }

    // Payday loans: repay on the due payday, or bounce, or stop the payment.
    for (let i = loans.length - 1; i >= 0; i--) {
      const loan = loans[i]!;
      if (loan.dueDay !== t.day) continue;
      const label = { category: 'Loans', subCategory: 'Payday Loan Payment', loan: 'payday' as const, merchant: loan.lender.name };
      if (chq.balance - loan.owed < chq.floor && loan.attempts < 3 && r.chance(0.5) && sim.stopPaymentFee()) {
        loan.owed += 2500;
        loan.attempts++;
        loan.dueDay = nextPayday(t.day + 1);
        continue;
      }
      const result = sim.preauthorized(loan.owed, sim.style.pad(loan.lender.print), label, loan.lender.print);
      if (result === 'paid' || loan.attempts >= 4) {
        loans.splice(i, 1); // repaid, or sold to a collection agency
      } else {
        loan.owed += 2500; // the lender's own returned-payment fee
        loan.attempts++;
        loan.dueDay = nextPayday(t.day + 1);
      }
    }
    // ...and take a new one when the account runs dry.
    if (t.business && chq.balance < 0 && loans.length < 2 && r.chance(0.2)) {
      const lender = r.pick(myLenders.filter((l) => !loans.some((x) => x.lender === l)));
      const principal = r.int(6, 20) * 5000;
      const text = r.pick([`CASH ADVANCE ${lender.print}`, sim.style.eTransferIn(lender.print), sim.style.deposit(lender.print)]);
      sim.deposit(principal, text, { category: 'Loans', subCategory: 'Loan Deposit', loan: 'payday', merchant: lender.name });
      loans.push({ lender, owed: Math.round(principal * 1.15), dueDay: nextPayday(t.day + 7), attempts: 0 });
    }

    payHousing(sim, housing);
    payUtilities(sim, utilities);
    sim.bill({ every: 'monthly', dom: auto.dom }, 'next', auto.lender, () => auto.amount, { category: 'Loans', subCategory: 'Auto Loan', loan: 'auto' });
    sim.bill({ every: 'monthly', dom: instalment.dom }, 'next', instalment.lender, () => instalment.amount, { category: 'Loans', subCategory: 'Personal Loan', loan: 'other' });

    const m = chequingMood(sim, comfort, 0.35);
    sim.spendDay(chq, 'debit', 1.5 * m, DEBIT_MIX, 0.8);
    sim.spendDay(cc, 'card', 0.35, CARD_MIX, 0.8);
    if (r.chance(0.12) && m > 0.4) sim.buy(chq, 'gambling', r, 1, 'card');
    if (r.chance(0.07)) sim.atm(r.int(1, 6) * 2000);

    sim.cardCycle('minimum');
    sim.locCycle((owed, rr) => Math.min(owed, rr.int(40, 90) * 100));
    sim.savingsInterest();
    sim.monthlyFee();
  };
}
