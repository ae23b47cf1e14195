// Gig worker: weekly platform payouts (Uber, DoorDash, SkipTheDishes...) of varying size,
// irregular Interac e-Transfers from clients and people, cash deposits; rent by e-Transfer,
// a car (auto loan, insurance, lots of gas), sometimes a student loan; the card paid partially.

import { AUTO_LENDERS, GIG_PLATFORMS, studentLender, type GigPlatform } from '../billers.ts';
import type { SpendGroup } from '../merchants.ts';
import type { Sim } from '../sim.ts';
import { clientBusinesses, contacts, mood, payHousing, payUtilities, pickHousing, pickSubscriptions, pickUtilities, taxSeason, type DayFn } from './household.ts';

const DEBIT_MIX: readonly (readonly [SpendGroup, number])[] = [
  ['gas', 22], ['coffee', 18], ['fastfood', 16], ['grocery', 14], ['convenience', 12], ['parking', 4],
  ['pharmacy', 3], ['general', 5], ['liquor', 3], ['autoservice', 1],
];
const CARD_MIX: readonly (readonly [SpendGroup, number])[] = [
  ['gas', 14], ['online', 12], ['delivery', 8], ['fastfood', 10], ['grocery', 10], ['autoservice', 3],
  ['entertainment', 6], ['general', 6], ['electronics', 2], ['clothing', 3], ['restaurant', 5],
];

/** Week number (weeks start on Monday) of an epoch day. */
const weekOf = (day: number): number => Math.floor((day + 3) / 7);

export function gig(sim: Sim): DayFn {
  const p = sim.fixed('gig');
  const province = sim.id.city.province;
  const available = GIG_PLATFORMS.filter((g) => !g.provinces || g.provinces.includes(province));
  const platforms = [...available];
  const chosen: GigPlatform[] = [];
  const count = p.int(2, 3);
  while (chosen.length < count && platforms.length > 0) chosen.push(platforms.splice(p.int(0, platforms.length - 1), 1)[0]!);
  const activity = chosen.map(() => 0.85 + p.next() * 0.12);
  const clients = clientBusinesses(sim, 'gig-clients', p.int(3, 6));
  const friends = contacts(sim, 'friends', 4);
  const housing = pickHousing(sim, 'rent', p.int(70, 130) * 1000, []);
  housing.via = p.chance(0.7) ? 'etransfer' : 'pad';
  const utilities = pickUtilities(sim, 0.9, { internet: 0.5, insurance: 1, gas: 0.1, autoInsurance: true });
  const auto = { lender: p.pick(AUTO_LENDERS), amount: p.int(280, 520) * 100 + p.int(0, 99), dom: p.int(1, 28) };
  const student = p.chance(0.5) ? { lender: studentLender(province), amount: p.int(120, 280) * 100 + p.int(0, 99), dom: p.int(1, 28) } : null;
  const instalments = p.chance(0.5);
  const subs = pickSubscriptions(sim, 1, 3);
  const comfort = 250000;

  return () => {
    const t = sim.today;
    const { chq, sav, cc } = sim.acc;
    const week = weekOf(t.day);
    // Platform payouts: weekly on the platform's day, moved to the next business day.
    chosen.forEach((g, i) => {
      if (!sim.on({ every: 'weekly', dow: g.payDow }, 'next')) return;
      const w = sim.period('gig-week:' + g.name, week);
      if (!w.chance(activity[i]!)) return; // a week off this platform
      const hustle = sim.period('gig-hustle', week).jitter(0.35);
      const amount = Math.round(w.logCents(g.min, g.max) * hustle);
      sim.deposit(amount, sim.style.deposit(g.print), { category: 'Income', subCategory: 'Gig Income', income: 'other', merchant: g.name, recurring: 'weekly' });
    });
    const r = sim.rng('gig-misc');
    // Instant cash-outs on top of the weekly cycle.
    if (r.chance(0.08)) {
      const g = r.pick(chosen);
      sim.deposit(r.int(2000, 15000), sim.style.deposit(`${g.print} INSTANT PAY`), { category: 'Income', subCategory: 'Gig Income', income: 'other', merchant: g.name });
    }
    // Clients (small businesses) paying by Interac e-Transfer, irregularly.
    if (r.chance(0.15)) {
      sim.deposit(r.int(40, 650) * 100, sim.style.eTransferIn(r.pick(clients)), { category: 'Income', subCategory: 'Freelance Income', income: 'other' });
    }
    if (t.dow === 1 && r.chance(0.2)) {
      sim.deposit(r.int(4, 30) * 1000, sim.style.atmDeposit, { category: 'Income', subCategory: 'Cash Deposit', income: 'other' });
    }
    if (r.chance(0.03)) sim.deposit(r.int(20, 100) * 100, sim.style.eTransferIn(r.pick(friends)), { category: 'Transfers', subCategory: 'E-Transfer In' });
    taxSeason(sim, 0.45, [20000, 150000]);

    // Obligations
    payHousing(sim, housing);
    payUtilities(sim, utilities);
    sim.bill({ every: 'monthly', dom: auto.dom }, 'next', auto.lender, () => auto.amount, { category: 'Loans', subCategory: 'Auto Loan', loan: 'auto' });
    if (student) {
      sim.bill({ every: 'monthly', dom: student.dom }, 'next', student.lender, () => student.amount, { category: 'Loans', subCategory: 'Student Loan', loan: 'student' });
    }
    if (instalments) {
      // Self-employed: quarterly income-tax instalments to the CRA.
      const fr = sim.style.lang === 'fr';
      sim.bill({ every: 'quarterly', dom: 15, months: [3, 6, 9, 12] }, 'prev', { print: fr ? 'ARC ACOMPTES PROV' : 'CRA INSTALMENT', name: 'Canada Revenue Agency' }, (rr) => rr.int(250, 900) * 100, {
        category: 'Other',
        subCategory: 'Taxes',
      }, 'bill');
    }
    for (const s of subs) sim.subscription(s.sub, s.dom, s.price);

    // Spending
    const m = mood(sim, comfort);
    sim.spendDay(chq, 'debit', 1.9 * Math.min(1, m + 0.2), DEBIT_MIX, 0.9);
    sim.spendDay(cc, 'card', 0.6 * m, CARD_MIX, 0.85);
    if (r.chance(0.06 * m)) sim.atm(r.int(2, 8) * 2000);
    if (r.chance(0.05)) sim.eTransferOut(r.int(20, 120) * 100, r.pick(friends), { category: 'Transfers', subCategory: 'E-Transfer Out' });
    if (t.dom === t.daysInMonth && chq.balance > 250000) sim.move(chq, sav, Math.round((chq.balance - 150000) / 10000) * 10000);

    sim.cardCycle('partial');
    sim.locCycle((owed, rr) => Math.min(owed, rr.int(60, 200) * 100));
    sim.savingsInterest();
    sim.monthlyFee();
  };
}
