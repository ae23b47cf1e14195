// Salaried employee: biweekly payroll on Fridays from a named employer, rent or mortgage,
// utilities, telecom, an auto loan (and for some a student loan), groceries, restaurants,
// subscriptions, a savings transfer every payday, the card paid in full every month.

import { AUTO_LENDERS, EMPLOYERS, MORTGAGE_LENDERS, MORTGAGE_LENDERS_FR, studentLender } from '../billers.ts';
import type { SpendGroup } from '../merchants.ts';
import { EPOCH_FRIDAY } from '../schedule.ts';
import type { Sim } from '../sim.ts';
import { contacts, mood, payHousing, payUtilities, pickHousing, pickSubscriptions, pickUtilities, taxSeason, type DayFn } from './household.ts';

const DEBIT_MIX: readonly (readonly [SpendGroup, number])[] = [
  ['grocery', 20], ['coffee', 22], ['fastfood', 12], ['convenience', 9], ['gas', 9], ['pharmacy', 6], ['liquor', 4],
  ['general', 7], ['transit', 5], ['parking', 4], ['restaurant', 3], ['clothing', 2], ['homeimprovement', 2],
];
const CARD_MIX: readonly (readonly [SpendGroup, number])[] = [
  ['restaurant', 13], ['delivery', 8], ['online', 15], ['general', 7], ['gas', 8], ['grocery', 10], ['entertainment', 5],
  ['clothing', 5], ['electronics', 2], ['rideshare', 6], ['homeimprovement', 3], ['pharmacy', 3], ['coffee', 6],
  ['autoservice', 1.2], ['medical', 1.2], ['donation', 1],
];

export function salaried(sim: Sim): DayFn {
  const p = sim.fixed('salaried');
  const employer = p.pick(EMPLOYERS);
  const anchor = EPOCH_FRIDAY + 7 * p.int(0, 1);
  const netPay = p.int(2300, 3600) * 100 + p.int(0, 99);
  const owner = p.chance(0.45);
  const housing = pickHousing(
    sim,
    owner ? 'mortgage' : 'rent',
    owner ? Math.round(netPay * (0.45 + p.next() * 0.2)) : Math.round(netPay * (0.45 + p.next() * 0.2) / 100) * 100,
    sim.id.city.province === 'QC' ? MORTGAGE_LENDERS_FR : MORTGAGE_LENDERS,
  );
  const utilities = pickUtilities(sim, 1, { internet: 0.9, insurance: 1, gas: owner ? 0.8 : 0.3, autoInsurance: true });
  const auto = { lender: p.pick(AUTO_LENDERS), amount: p.int(330, 620) * 100 + p.int(0, 99), dom: p.int(3, 25) };
  const student = p.chance(0.4) ? { lender: studentLender(sim.id.city.province), amount: p.int(150, 340) * 100 + p.int(0, 99), dom: p.int(1, 28) } : null;
  const subs = pickSubscriptions(sim, 3, 5);
  const sweep = p.int(10, 40) * 1000;
  const friends = contacts(sim, 'friends', 5);
  const comfort = Math.max(netPay * 2, sim.acc.chq.balance + sim.acc.sav.balance);
  const scale = 0.75 * Math.min(1.1, netPay / 300000);

  return () => {
    const t = sim.today;
    const { chq, sav, cc } = sim.acc;
    let payday = false;

    // Income
    if (sim.on({ every: 'biweekly', anchor }, 'prev')) {
      const r = sim.rng('payroll');
      const raise = 1 + 0.025 * Math.max(-4, t.year - 2024);
      const amount = Math.round(netPay * raise * (r.chance(0.7) ? 1 : 1 + r.next() * 0.07));
      sim.deposit(amount, sim.style.payroll(employer.print), {
        category: 'Income',
        subCategory: 'Payroll',
        income: 'payroll',
        employer: employer.name,
        recurring: 'biweekly',
      });
      payday = true;
    }
    taxSeason(sim, 0.7, [30000, 260000]);

    // Fixed obligations
    payHousing(sim, housing);
    payUtilities(sim, utilities);
    sim.bill({ every: 'monthly', dom: auto.dom }, 'next', auto.lender, () => auto.amount, { category: 'Loans', subCategory: 'Auto Loan', loan: 'auto' });
    if (student) {
      sim.bill({ every: 'monthly', dom: student.dom }, 'next', student.lender, () => student.amount, { category: 'Loans', subCategory: 'Student Loan', loan: 'student' });
    }
    for (const s of subs) sim.subscription(s.sub, s.dom, s.price);

    // Pay yourself first
    if (payday && chq.balance > sweep + netPay * 0.5) sim.move(chq, sav, sweep, 'Internal Transfer', 'biweekly');
    if (t.dom === t.daysInMonth && chq.balance > netPay * 2) sim.move(chq, sav, Math.round((chq.balance - netPay * 1.2) / 10000) * 10000);

    // Everyday spending
    const m = mood(sim, comfort, 0.25, 1.1);
    sim.spendDay(chq, 'debit', 2.4 * Math.min(1, m + 0.4), DEBIT_MIX, scale * (0.55 + 0.4 * m));
    sim.spendDay(cc, 'card', 1.0 * Math.min(1.1, m + 0.2), CARD_MIX, scale * (0.55 + 0.4 * m));
    const r = sim.rng('salaried-misc');
    if ((t.dow === 5 || t.dow === 6) && r.chance(0.35 * m)) sim.atm(r.int(2, 10) * 2000);
    if (r.chance(0.09)) sim.eTransferOut(r.int(15, 150) * 100, r.pick(friends), { category: 'Transfers', subCategory: 'E-Transfer Out' });
    if (r.chance(0.05)) {
      sim.deposit(r.int(15, 120) * 100, sim.style.eTransferIn(r.pick(friends)), { category: 'Transfers', subCategory: 'E-Transfer In' });
    }
    // Now and then a big expense financed from the line of credit.
    if (r.chance(0.005) && sim.move(sim.acc.loc, chq, r.int(10, 40) * 10000)) {
      sim.buy(chq, r.pick(['autoservice', 'homeimprovement', 'electronics'] as const), r, 4);
    }
    if (r.chance(0.03) && cc.balance > 8000) {
      const amount = r.int(1500, Math.min(15000, cc.balance));
      cc.creditTo(t, amount, `AMZN MKTP CA REFUND ${r.ref(9)}`, { category: 'Shopping', subCategory: 'Refund', merchant: 'Amazon' });
    }

    // Monthly cycles
    sim.cardCycle('full');
    sim.locCycle((owed, rr) => Math.min(owed, rr.int(100, 300) * 100));
    sim.savingsInterest();
    sim.monthlyFee();
  };
}
