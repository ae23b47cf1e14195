// Household living on benefits: Canada Child Benefit around the 20th, GST/HST credit quarterly,
// EI every two weeks or monthly social assistance, CPP/OAS for some, a small pension, and
// government-enforced child support. Tight budget, discount stores, transit pass.

import { governmentDeposit, INSTALMENT_LENDERS, PENSION_PAYERS } from '../billers.ts';
import type { SpendGroup } from '../merchants.ts';
import { EPOCH_FRIDAY } from '../schedule.ts';
import type { Sim } from '../sim.ts';
import type { GovernmentKind, TrueLabel } from '../types.ts';
import { contacts, irregularMonthlyDay, mood, payHousing, payUtilities, pickHousing, pickUtilities, type DayFn } from './household.ts';

const DEBIT_MIX: readonly (readonly [SpendGroup, number])[] = [
  ['grocery', 30], ['convenience', 12], ['general', 16], ['pharmacy', 10], ['fastfood', 12], ['coffee', 10],
  ['transit', 6], ['clothing', 3],
];
const CARD_MIX: readonly (readonly [SpendGroup, number])[] = [
  ['grocery', 25], ['general', 20], ['online', 15], ['pharmacy', 10], ['fastfood', 12], ['clothing', 8], ['delivery', 5],
];

export function benefits(sim: Sim): DayFn {
  const p = sim.fixed('benefits');
  const { province } = sim.id.city;
  const lang = sim.style.lang;
  const kids = p.int(1, 3);
  const ccbPerChild = p.int(200, 520) * 100;
  const gstBase = p.int(80, 240) * 100 + p.int(0, 99);
  const senior = p.chance(0.35);
  const main: 'ei' | 'sa' | 'none' = senior ? 'none' : p.chance(0.5) ? 'ei' : 'sa';
  const eiAmount = p.int(480, 720) * 100 + p.int(0, 99);
  const eiAnchor = EPOCH_FRIDAY - 2 + 7 * p.int(0, 1); // a Wednesday
  const saAmount = p.int(733, 1100) * 100;
  const cppAmount = p.int(350, 900) * 100 + p.int(0, 99);
  const oasAmount = p.int(715, 790) * 100 + p.int(0, 99);
  const pensionPayer = province === 'QC' ? governmentDeposit('PENSION', province, lang) : p.pick(PENSION_PAYERS);
  const pensionAmount = p.int(150, 650) * 100 + p.int(0, 99);
  const supportAmount = p.int(200, 550) * 100;
  const supportDom = p.int(5, 18);
  // Rent takes a third or so of what comes in each month.
  const monthlyIncome =
    ccbPerChild * kids + gstBase / 3 + pensionAmount + supportAmount * 0.9 +
    (main === 'ei' ? (eiAmount * 26) / 12 : main === 'sa' ? saAmount : cppAmount + oasAmount);
  const housing = pickHousing(sim, 'rent', Math.min(130000, Math.max(55000, Math.round((monthlyIncome * (0.3 + p.next() * 0.1)) / 1000) * 1000)), []);
  const utilities = pickUtilities(sim, 0.8, { internet: 0.5, insurance: 0.5, gas: 0.2, autoInsurance: false });
  const instalment = p.chance(0.5) ? { lender: p.pick(INSTALMENT_LENDERS), amount: p.int(90, 220) * 100 + p.int(0, 99), dom: p.int(1, 28) } : null;
  const friends = contacts(sim, 'friends', 3);
  const comfort = 150000;

  const gov = (kind: GovernmentKind, amount: number, recurring?: TrueLabel['recurring']): void => {
    const payer = kind === 'PENSION' ? pensionPayer : governmentDeposit(kind, province, lang);
    sim.deposit(amount, payer.print, {
      category: 'Income',
      subCategory: 'Government Benefits',
      income: 'government',
      government: kind,
      merchant: payer.name,
      ...(recurring ? { recurring } : {}),
    });
  };

  return () => {
    const t = sim.today;
    const { chq, sav, cc } = sim.acc;
    // Benefit year runs July to June; amounts are recalculated every July.
    const benefitYear = t.month >= 7 ? t.year : t.year - 1;
    const yearFactor = sim.period('benefit-year', benefitYear).jitter(0.08);

    if (sim.on({ every: 'monthly', dom: 20 }, 'prev')) gov('CCB', Math.round(ccbPerChild * kids * yearFactor), 'monthly');
    if (sim.on({ every: 'quarterly', dom: 5, months: [1, 4, 7, 10] }, 'prev')) gov('GST_HST', Math.round(gstBase * yearFactor));
    if (main === 'ei' && sim.on({ every: 'biweekly', anchor: eiAnchor }, 'prev')) gov('EI', eiAmount, 'biweekly');
    if (main === 'sa') {
      const s = province === 'QC' ? sim.on({ every: 'monthly', dom: 1 }, 'prev') : province === 'ON' ? sim.on({ every: 'nthLastBusinessDay', n: 1 }, 'none') : sim.on({ every: 'monthly', dom: 24 }, 'prev');
      if (s) gov('SOCIAL_ASSISTANCE', saAmount, 'monthly');
    }
    if (senior && sim.on({ every: 'nthLastBusinessDay', n: 3 }, 'none')) {
      gov('CPP', cppAmount, 'monthly');
      gov('OAS', Math.round(oasAmount * (1 + 0.01 * Math.max(0, t.year - 2024))), 'monthly');
    }
    if (sim.on({ every: 'monthly', dom: 1 }, 'next')) gov('PENSION', pensionAmount, 'monthly');
    // Child support forwarded by the enforcement office: most months, a few days late sometimes.
    if (t.business && t.day === irregularMonthlyDay(sim, 'child-support', supportDom, 6) && sim.period('child-support-paid', t.monthIndex).chance(0.9)) {
      gov('CHILD_SUPPORT', supportAmount, 'monthly');
    }

    payHousing(sim, housing);
    payUtilities(sim, utilities);
    if (instalment) {
      sim.bill({ every: 'monthly', dom: instalment.dom }, 'next', instalment.lender, () => instalment.amount, { category: 'Loans', subCategory: 'Personal Loan', loan: 'other' });
    }
    // Monthly transit pass (bought in the first days of the month).
    const r = sim.rng('benefits-misc');
    if (t.dom === 2 && !senior) sim.buy(chq, 'transit', r, 1);

    const m = mood(sim, comfort);
    sim.spendDay(chq, 'debit', 2.0 * Math.min(1, m + 0.15), DEBIT_MIX, 0.85);
    sim.spendDay(cc, 'card', 0.3 * m, CARD_MIX, 0.75);
    if (r.chance(0.08 * m)) sim.atm(r.int(1, 5) * 2000);
    if (r.chance(0.04)) sim.eTransferOut(r.int(10, 80) * 100, r.pick(friends), { category: 'Transfers', subCategory: 'E-Transfer Out' });
    if (r.chance(0.03)) sim.deposit(r.int(20, 150) * 100, sim.style.eTransferIn(r.pick(friends)), { category: 'Transfers', subCategory: 'E-Transfer In' });
    if (t.dom === t.daysInMonth && chq.balance > 180000) sim.move(chq, sav, Math.round((chq.balance - 120000) / 5000) * 5000);
    // Back-to-school in late August.
    if (t.month === 8 && t.dom === 25) sim.buy(cc, 'clothing', r, 1.5);

    sim.cardCycle(r.chance(0.5) ? 'partial' : 'minimum');
    sim.locCycle((owed, rr) => Math.min(owed, rr.int(25, 80) * 100));
    sim.savingsInterest();
    sim.monthlyFee();
  };
}
