// Household pieces shared by the personal personas: bills, housing, people to e-Transfer with,
// subscriptions, and a spending "mood" that keeps budgets balanced.

import { daysFromCivil, onOrAfterBusinessDay } from '../calendar.ts';
import { makePersonName } from '../holder.ts';
import { SUBSCRIPTIONS, type Subscription } from '../merchants.ts';
import type { Draws } from '../random.ts';
import type { Sim } from '../sim.ts';
import { counterpartyName } from '../text.ts';
import {
  electricity,
  insurers,
  internetProviders,
  mobileCarriers,
  naturalGas,
  LANDLORDS,
  type Biller,
} from '../billers.ts';

export type DayFn = () => void;

/** Heating-driven seasonal factor for energy bills, by month (1..12). */
const HEATING = [0, 1.55, 1.45, 1.25, 1.0, 0.8, 0.7, 0.75, 0.75, 0.8, 1.0, 1.25, 1.5];

/** People the holder sends money to and receives money from. */
export function contacts(sim: Sim, stream: string, count: number): string[] {
  const r = sim.fixed('contacts:' + stream);
  const out: string[] = [];
  const french = sim.id.city.province === 'QC';
  while (out.length < count) {
    const { first, last } = makePersonName(r, french ? r.chance(0.8) : r.chance(0.1));
    const name = counterpartyName(first, last, r.chance(0.4));
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

/**
 * Small businesses that pay a freelancer by Interac e-Transfer. They carry a legal suffix
 * (INC, LTD, ENR...), as business senders do, which is what tells client income from friends.
 */
export function clientBusinesses(sim: Sim, stream: string, count: number): string[] {
  const r = sim.fixed('clients:' + stream);
  const out: string[] = [];
  const french = sim.id.city.province === 'QC';
  while (out.length < count) {
    const { last } = makePersonName(r, french ? r.chance(0.8) : r.chance(0.1));
    const trade = r.pick(french ? ['DESIGN', 'RENOVATION', 'SERVICES', 'MEDIA', 'CONSTRUCTION'] : ['DESIGN', 'RENOVATIONS', 'CONSULTING', 'MEDIA', 'STUDIO']);
    const name = `${last.toUpperCase()} ${trade} ${r.pick(french ? ['INC', 'ENR', 'LTEE'] : ['INC', 'LTD', 'CORP'])}`;
    if (!out.includes(name)) out.push(name);
  }
  return out;
}

/**
 * Scales discretionary spending by how comfortable the household's money looks: cash in
 * chequing and savings, minus any credit-card or line-of-credit debt taken on since the start.
 * People spend less as that cushion shrinks, which keeps budgets from drifting into ruin.
 * Returns a factor in [floor, 1.25].
 */
export function mood(sim: Sim, comfortCents: number, floor = 0.25, cap = 1.25): number {
  const { chq, sav, cc, loc } = sim.acc;
  const newDebt = Math.max(0, cc.balance - cc.out.openingBalanceCents) + Math.max(0, loc.balance - loc.out.openingBalanceCents);
  const x = (chq.balance - chq.floor + sav.balance - newDebt) / comfortCents;
  return Math.max(floor, Math.min(cap, x));
}

/** Like mood(), but looking at chequing only (for a holder who lives paycheque to paycheque). */
export function chequingMood(sim: Sim, comfortCents: number, floor = 0.25): number {
  const chq = sim.acc.chq;
  return Math.max(floor, Math.min(1.25, (chq.balance - chq.floor) / comfortCents));
}

export interface Utilities {
  electricity: Biller;
  electricityBase: number;
  electricityDom: number;
  gas: Biller | null;
  gasBase: number;
  gasDom: number;
  mobile: Biller;
  mobileAmount: number;
  mobileDom: number;
  mobileOnCard: boolean;
  internet: Biller | null;
  internetAmount: number;
  internetDom: number;
  insurer: Biller | null;
  insuranceAmount: number;
  insuranceDom: number;
  insuranceSub: string;
}

export function pickUtilities(sim: Sim, scale: number, opts: { internet: number; insurance: number; gas: number; autoInsurance: boolean }): Utilities {
  const r = sim.fixed('utilities');
  const { province, name: city } = sim.id.city;
  const gas = r.chance(opts.gas) ? naturalGas(province) : null;
  return {
    electricity: electricity(province, city),
    electricityBase: Math.round(r.int(6000, 14000) * scale * (gas ? 0.7 : 1.2)),
    electricityDom: r.int(5, 25),
    gas,
    gasBase: Math.round(r.int(5000, 11000) * scale),
    gasDom: r.int(5, 25),
    mobile: r.pick(mobileCarriers(province)),
    mobileAmount: Math.round(r.int(4500, 11000) * scale),
    mobileDom: r.int(1, 28),
    mobileOnCard: r.chance(0.35),
    internet: r.chance(opts.internet) ? r.pick(internetProviders(province)) : null,
    internetAmount: Math.round(r.int(5500, 11000) * scale),
    internetDom: r.int(1, 28),
    insurer: r.chance(opts.insurance) ? r.pick(insurers(province)) : null,
    insuranceAmount: Math.round(r.int(opts.autoInsurance ? 14000 : 2500, opts.autoInsurance ? 28000 : 6000) * scale),
    insuranceDom: r.int(1, 28),
    insuranceSub: opts.autoInsurance ? 'Auto Insurance' : 'Tenant Insurance',
  };
}

/** Pays the month's utilities, telecom and insurance (pre-authorized debits or on the card). */
export function payUtilities(sim: Sim, u: Utilities): void {
  const month = sim.today.month;
  sim.bill({ every: 'monthly', dom: u.electricityDom }, 'next', u.electricity, (r) => u.electricityBase * HEATING[month]! * r.jitter(0.12), {
    category: 'Utilities',
    subCategory: 'Electricity',
  });
  if (u.gas) {
    sim.bill({ every: 'monthly', dom: u.gasDom }, 'next', u.gas, (r) => u.gasBase * HEATING[month]! ** 1.6 * r.jitter(0.12), {
      category: 'Utilities',
      subCategory: 'Natural Gas',
    });
  }
  const mobileAmount = (r: Draws): number => (r.chance(0.85) ? u.mobileAmount : u.mobileAmount + r.int(500, 3500));
  if (u.mobileOnCard) {
    sim.cardBill({ every: 'monthly', dom: u.mobileDom }, u.mobile, mobileAmount, { category: 'Telecom', subCategory: 'Mobile Phone' });
  } else {
    sim.bill({ every: 'monthly', dom: u.mobileDom }, 'next', u.mobile, mobileAmount, { category: 'Telecom', subCategory: 'Mobile Phone' });
  }
  if (u.internet) {
    sim.bill({ every: 'monthly', dom: u.internetDom }, 'next', u.internet, () => u.internetAmount, { category: 'Telecom', subCategory: 'Internet' });
  }
  if (u.insurer) {
    sim.bill({ every: 'monthly', dom: u.insuranceDom }, 'next', u.insurer, () => u.insuranceAmount, { category: 'Insurance', subCategory: u.insuranceSub });
  }
}

export interface Housing {
  kind: 'rent' | 'mortgage';
  amount: number;
  /** How rent is paid: pre-authorized debit to a property manager, e-Transfer to the landlord, or cheque. */
  via: 'pad' | 'etransfer' | 'cheque';
  payee: Biller;
  landlordName: string;
  propertyTax: number;
  chequeNo: number;
}

export function pickHousing(sim: Sim, kind: 'rent' | 'mortgage', amount: number, lenders: readonly Biller[]): Housing {
  const r = sim.fixed('housing');
  const via = kind === 'mortgage' ? 'pad' : r.weighted([['pad', 3], ['etransfer', 4], ['cheque', 1]] as const);
  return {
    kind,
    amount,
    via,
    payee: kind === 'mortgage' ? r.pick(lenders) : r.pick(LANDLORDS),
    landlordName: contacts(sim, 'landlord', 1)[0]!,
    propertyTax: kind === 'mortgage' ? r.int(15000, 32000) : 0,
    chequeNo: r.int(100, 400),
  };
}

/** Rent or mortgage on the 1st; owners also pay municipal tax monthly. */
export function payHousing(sim: Sim, h: Housing): void {
  const label = h.kind === 'mortgage'
    ? { category: 'Housing', subCategory: 'Mortgage', loan: 'mortgage' as const }
    : { category: 'Housing', subCategory: 'Rent' };
  if (h.via === 'pad') {
    sim.bill({ every: 'monthly', dom: 1 }, 'next', h.payee, () => h.amount, label);
  } else if (sim.on({ every: 'monthly', dom: 1 }, 'none')) {
    if (h.via === 'etransfer') {
      sim.eTransferOut(h.amount, h.landlordName, { ...label, recurring: 'monthly' });
    } else if (sim.ensureFunds(h.amount)) {
      sim.acc.chq.debit(sim.today, h.amount, sim.style.chequeOut(h.chequeNo++), { ...label, recurring: 'monthly' });
    }
  }
  if (h.propertyTax > 0) {
    const city = sim.city;
    const payee = sim.style.lang === 'fr' ? { print: `TAXES MUNICIPALES ${city}`, name: `Ville de ${sim.id.city.name}` } : { print: `CITY OF ${city} TAX`, name: `City of ${sim.id.city.name}` };
    sim.bill({ every: 'monthly', dom: 15 }, 'next', payee, () => h.propertyTax, { category: 'Housing', subCategory: 'Property Tax' });
  }
}

export interface PickedSubscription {
  sub: Subscription;
  price: number;
  dom: number;
}

export function pickSubscriptions(sim: Sim, min: number, max: number): PickedSubscription[] {
  const r = sim.fixed('subscriptions');
  const pool = SUBSCRIPTIONS.filter((s) => !s.provinces || s.provinces.includes(sim.id.city.province));
  const n = r.int(min, max);
  const out: PickedSubscription[] = [];
  const left = [...pool];
  for (let i = 0; i < n && left.length > 0; i++) {
    const sub = left.splice(r.int(0, left.length - 1), 1)[0]!;
    out.push({ sub, price: r.pick(sub.prices), dom: r.int(1, 28) });
  }
  return out;
}

/**
 * The business-day date in a month on which something "usually on day `dom`" arrived, moved
 * by a per-month delay of 0..maxDelay days (used for irregular payers such as child support).
 */
export function irregularMonthlyDay(sim: Sim, stream: string, dom: number, maxDelay: number): number {
  const t = sim.today;
  const delay = sim.period(stream, t.monthIndex).int(0, maxDelay);
  const nominal = daysFromCivil(t.year, t.month, Math.min(dom, t.daysInMonth)) + delay;
  return onOrAfterBusinessDay(nominal);
}

/** Income tax season: a refund (or a balance owing) once a year, between April and May. */
export function taxSeason(sim: Sim, refundChance: number, range: readonly [number, number]): void {
  const t = sim.today;
  if (t.month !== 4 && t.month !== 5) return;
  const r = sim.period('tax-season', t.year);
  const month = r.chance(0.6) ? 4 : 5;
  const dom = r.int(3, 28);
  const refund = r.chance(refundChance);
  const amount = r.int(range[0], range[1]);
  if (t.month !== month || t.day !== onOrAfterBusinessDay(daysFromCivil(t.year, month, dom))) return;
  const fr = sim.style.lang === 'fr';
  if (refund) {
    sim.deposit(amount, fr ? 'REMBOURSEMENT IMPOT CANADA' : 'CANADA RIT TAX REFUND', { category: 'Income', subCategory: 'Tax Refund', income: 'government' });
  } else if (sim.ensureFunds(amount)) {
    sim.acc.chq.debit(t, amount, sim.style.billPayment(fr ? 'ARC IMPOT' : 'CRA TAX'), { category: 'Other', subCategory: 'Taxes' });
  }
}

