// Small business: processor payouts (Stripe, Square, Moneris, Shopify) and customer payments
// in, suppliers, outgoing payroll, CRA / Revenu Quebec remittances, rent, a BDC term loan and a
// vehicle loan out; surplus swept to business savings; the business card paid in full.

import { daysFromCivil, onOrAfterBusinessDay } from '../calendar.ts';
import { makePersonName, type Lang } from '../holder.ts';
import { BUSINESS_SOFTWARE, type SpendGroup } from '../merchants.ts';
import { Draws } from '../random.ts';
import { EPOCH_FRIDAY } from '../schedule.ts';
import type { Sim } from '../sim.ts';
import { electricity, insurers, internetProviders, type Biller } from '../billers.ts';
import type { TrueLabel } from '../types.ts';
import type { DayFn } from './household.ts';

type Industry = 'cafe' | 'ecommerce' | 'contractor' | 'agency';

const INDUSTRIES: readonly Industry[] = ['cafe', 'ecommerce', 'contractor', 'agency'];

function industryOf(seedHash: number): Industry {
  return new Draws(seedHash, 'profile:industry', 0).pick(INDUSTRIES);
}

/** Holder name of a business login, e.g. "Tremblay Renovation Inc.". */
export function businessName(seedHash: number): (owner: { first: string; last: string }, lang: Lang) => string {
  const industry = industryOf(seedHash);
  return ({ last }, lang) => {
    const fr = lang === 'fr';
    switch (industry) {
      case 'cafe':
        return fr ? `Cafe ${last} Inc.` : `${last} Coffee Co. Ltd.`;
      case 'ecommerce':
        return fr ? `Boutique ${last} Inc.` : `${last} Goods Online Inc.`;
      case 'contractor':
        return fr ? `Renovations ${last} Inc.` : `${last} Renovation Inc.`;
      case 'agency':
        return fr ? `Agence ${last} Inc.` : `${last} Digital Agency Inc.`;
    }
  };
}

interface Processor extends Biller {
  /** Days of sales held before payout. */
  lagDays: number;
}

const PROCESSORS: Record<Industry, readonly Processor[]> = {
  cafe: [
    { print: 'SQUARE CANADA PAYOUT', name: 'Square', lagDays: 1 },
    { print: 'MONERIS SOLUTIONS DEP', name: 'Moneris', lagDays: 1 },
  ],
  ecommerce: [
    { print: 'STRIPE TRANSFER', name: 'Stripe', lagDays: 2 },
    { print: 'SHOPIFY PAYMENTS', name: 'Shopify', lagDays: 2 },
    { print: 'PAYPAL TRANSFER', name: 'PayPal', lagDays: 1 },
  ],
  contractor: [{ print: 'SQUARE CANADA PAYOUT', name: 'Square', lagDays: 1 }],
  agency: [{ print: 'STRIPE TRANSFER', name: 'Stripe', lagDays: 2 }],
};

const SUPPLIERS: Record<Industry, readonly Biller[]> = {
  cafe: [{ print: 'SYSCO CANADA', name: 'Sysco' }, { print: 'GORDON FOOD SERVICE', name: 'Gordon Food Service' }, { print: 'LAITERIE CHALIFOUX', name: 'Laiterie Chalifoux' }, { print: 'CAFE UNION ROASTERS', name: 'Union Roasters' }],
  ecommerce: [{ print: 'CANADA POST', name: 'Canada Post' }, { print: 'ULINE CANADA', name: 'Uline' }, { print: 'ALIBABA.COM', name: 'Alibaba' }, { print: 'PUROLATOR', name: 'Purolator' }],
  contractor: [{ print: 'RICHELIEU HARDWARE', name: 'Richelieu' }, { print: 'GOODFELLOW INC', name: 'Goodfellow' }, { print: 'TAIGA BUILDING PROD', name: 'Taiga' }, { print: 'LUMBER LIQUIDATORS', name: 'Lumber Liquidators' }],
  agency: [{ print: 'UPWORK ESCROW', name: 'Upwork' }, { print: 'FREELANCE DESIGN CO', name: 'Freelance Design Co' }, { print: 'REGUS OFFICES', name: 'Regus' }],
};

const PAYROLL_PROVIDERS: readonly Biller[] = [
  { print: 'ADP CANADA PAYROLL', name: 'ADP' },
  { print: 'WAGEPOINT PAYROLL', name: 'Wagepoint' },
  { print: 'CERIDIAN DAYFORCE', name: 'Dayforce' },
  { print: 'NETHRIS PAIE', name: 'Nethris' },
];

/** Relative sales by weekday (Sunday first). */
const WEEK: Record<Industry, readonly number[]> = {
  cafe: [0.9, 0.85, 0.9, 0.95, 1.0, 1.2, 1.25],
  ecommerce: [1.1, 1.0, 0.95, 0.95, 0.95, 1.0, 1.05],
  contractor: [0, 1, 1, 1, 1, 1, 0.3],
  agency: [0, 1, 1, 1, 1, 1, 0],
};

const CARD_MIX: Record<Industry, readonly (readonly [SpendGroup, number])[]> = {
  cafe: [['bizsupplies', 30], ['grocery', 25], ['gas', 8], ['bizads', 10], ['restaurant', 8], ['homeimprovement', 8], ['online', 11]],
  ecommerce: [['bizads', 35], ['bizsupplies', 25], ['online', 25], ['restaurant', 5], ['biztravel', 5], ['electronics', 5]],
  contractor: [['homeimprovement', 35], ['gas', 25], ['bizsupplies', 15], ['fastfood', 10], ['coffee', 10], ['autoservice', 5]],
  agency: [['bizads', 20], ['restaurant', 20], ['biztravel', 15], ['electronics', 10], ['coffee', 15], ['online', 10], ['rideshare', 10]],
};

export function business(sim: Sim): DayFn {
  const p = sim.fixed('business');
  const industry = industryOf(sim.seedHash);
  const { province, name: cityName } = sim.id.city;
  const fr = sim.style.lang === 'fr';
  const qc = province === 'QC';
  const dailySales = (industry === 'cafe' ? p.int(1200, 3200) : industry === 'ecommerce' ? p.int(900, 3000) : p.int(1500, 4000)) * 100;
  const processors = PROCESSORS[industry];
  const suppliers = SUPPLIERS[industry];
  const payrollProvider = qc ? PAYROLL_PROVIDERS[3]! : p.pick(PAYROLL_PROVIDERS.slice(0, 3));
  const payrollAnchor = EPOCH_FRIDAY - 1 + 7 * p.int(0, 1); // Thursday runs
  const payrollShare = 0.15 + p.next() * 0.07;
  const rent = { payee: { print: fr ? 'GESTION IMMOBILIERE COMMERCIALE' : 'COMMERCIAL PROPERTY MGMT', name: 'Commercial landlord' }, amount: Math.round((dailySales * 30 * (0.06 + p.next() * 0.04)) / 100) * 100 };
  const hydro = electricity(province, cityName);
  const telecom = p.pick(internetProviders(province));
  const insurer = p.pick(insurers(province));
  const bdc = { payee: { print: 'BDC LOAN PAYMENT', name: 'BDC' }, amount: p.int(600, 2400) * 100 + p.int(0, 99), dom: p.int(1, 28) };
  const vehicle = p.chance(industry === 'contractor' ? 1 : 0.5) ? { payee: p.pick([{ print: 'FORD CREDIT CANADA', name: 'Ford Credit' }, { print: 'GM FINANCIAL CANADA', name: 'GM Financial' }, { print: 'TOYOTA CREDIT CANADA', name: 'Toyota Financial Services' }]), amount: p.int(550, 1100) * 100 + p.int(0, 99), dom: p.int(1, 28) } : null;
  const software = [...BUSINESS_SOFTWARE].filter(() => p.chance(0.55)).map((s) => ({ sub: s, price: p.pick(s.prices), dom: p.int(1, 28) }));
  const clients: string[] = [];
  for (let i = 0; i < p.int(4, 8); i++) {
    const n = makePersonName(p, qc);
    clients.push(p.chance(0.5) ? `${n.last.toUpperCase()} ${p.pick(['INC', 'LTD', 'CONSTRUCTION', 'GROUP', 'HOLDINGS', 'SERVICES'])}` : `${n.first} ${n.last}`.toUpperCase());
  }
  const owner = `${sim.id.first} ${sim.id.last}`.toUpperCase();
  const ownerDraw = Math.round((dailySales * 30 * (0.05 + p.next() * 0.04)) / 10000) * 10000;
  const target = dailySales * 12; // chequing working capital

  // State (evolves forward only).
  let unpaidSales: number[] = processors.map(() => 0);
  let weekSales = 0;
  let quarterSales = 0;
  let lastQuarterSales = 0;
  let monthPayroll = 0;
  let lastMonthPayroll = 0;

  const pay = (amount: number, text: string, label: TrueLabel): boolean => {
    if (!sim.ensureFunds(amount)) return false;
    sim.acc.chq.debit(sim.today, amount, text, label);
    return true;
  };

  return () => {
    const t = sim.today;
    const { chq, sav, cc } = sim.acc;
    const r = sim.rng('biz');
    const season = 1 + 0.12 * Math.sin(((t.month - 3) / 12) * 2 * Math.PI) * (industry === 'contractor' ? 2 : 1);
    const growth = 1 + 0.04 * Math.max(-4, t.year - 2024);

    // Sales of the day (settled later by the processors, or paid by customers directly).
    const sales = Math.round(dailySales * WEEK[industry][t.dow]! * season * growth * r.jitter(0.3));
    if (industry === 'cafe' || industry === 'ecommerce') {
      const split = processors.length === 1 ? [1] : processors.map((_, i) => (i === 0 ? 0.6 : 0.4 / (processors.length - 1)));
      unpaidSales = unpaidSales.map((u, i) => u + Math.round(sales * split[i]!));
      if (t.business) {
        processors.forEach((proc, i) => {
          if (unpaidSales[i]! <= 0) return;
          const net = Math.round(unpaidSales[i]! * (proc.name === 'Moneris' ? 1 : 0.971));
          sim.deposit(net, sim.style.deposit(proc.print), { category: 'Income', subCategory: 'Merchant Payout', income: 'other', merchant: proc.name });
          unpaidSales[i] = 0;
        });
      }
      if (industry === 'cafe' && t.dow === 1 && t.business) {
        sim.deposit(r.int(300, 1800) * 100, fr ? 'DEPOT AU COMPTOIR' : 'BRANCH DEPOSIT', { category: 'Income', subCategory: 'Cash Deposit', income: 'other' });
      }
    } else if (sales > 0) {
      // Contractors and agencies invoice; customers pay a few times a week, in lumps.
      unpaidSales[0] = unpaidSales[0]! + sales;
      if (t.business && r.chance(0.45) && unpaidSales[0] > 50000) {
        const amount = Math.round(unpaidSales[0] * (0.25 + r.next() * 0.5));
        if (amount > 0) {
          unpaidSales[0] = unpaidSales[0] - amount;
          const client = r.pick(clients);
          const how = r.weighted([['etr', 4], ['eft', 3], ['cheque', 2], ['card', 1]] as const);
          const text = how === 'etr' ? sim.style.eTransferIn(client) : how === 'eft' ? sim.style.deposit(client) : how === 'cheque' ? sim.style.mobileDeposit : sim.style.deposit(processors[0]!.print);
          // A customer paying by card reaches the account as the processor's payout.
          sim.deposit(amount, text, how === 'card' ? { category: 'Income', subCategory: 'Merchant Payout', income: 'other', merchant: processors[0]!.name } : { category: 'Income', subCategory: 'Customer Payment', income: 'other' });
        }
      }
    }
    weekSales += sales;
    quarterSales += sales;

    // Suppliers weekly (Wednesday), in proportion to last week's sales.
    if (t.dow === 3 && t.business) {
      const share = industry === 'agency' ? 0.08 : industry === 'contractor' ? 0.3 : 0.28;
      let left = Math.round(weekSales * share);
      weekSales = 0;
      const n = r.int(1, Math.min(3, suppliers.length));
      for (let i = 0; i < n && left > 100; i++) {
        const s = r.pick(suppliers);
        const amount = i === n - 1 ? left : Math.round(left * (0.3 + r.next() * 0.4));
        left -= amount;
        pay(amount, r.chance(0.5) ? sim.style.pad(s.print) : sim.style.billPayment(s.print), { category: 'Other', subCategory: 'Supplier Payment', merchant: s.name });
      }
    }

    // Payroll every other Thursday, and source deductions remitted on the 15th.
    if (sim.on({ every: 'biweekly', anchor: payrollAnchor }, 'prev')) {
      const amount = Math.round(dailySales * 14 * payrollShare * growth * r.jitter(0.06));
      if (pay(amount, sim.style.pad(payrollProvider.print), { category: 'Other', subCategory: 'Payroll Expense', merchant: payrollProvider.name, recurring: 'biweekly' })) monthPayroll += amount;
    }
    if (t.dom === 1) {
      lastMonthPayroll = monthPayroll;
      monthPayroll = 0;
    }
    if (sim.on({ every: 'monthly', dom: 15 }, 'prev') && lastMonthPayroll > 0) {
      const payee = qc ? 'REVENU QUEBEC DAS' : 'CRA PAYROLL REMITTANCE';
      pay(Math.round(lastMonthPayroll * 0.34), sim.style.billPayment(payee), { category: 'Other', subCategory: 'Taxes', merchant: qc ? 'Revenu Quebec' : 'Canada Revenue Agency', recurring: 'monthly' });
    }
    // Sales tax for the quarter, due at the end of the following month.
    if ((t.month === 1 || t.month === 4 || t.month === 7 || t.month === 10) && t.dom === 1) {
      lastQuarterSales = quarterSales;
      quarterSales = 0;
    }
    const gstDue = onOrAfterBusinessDay(daysFromCivil(t.year, t.month, t.daysInMonth) - 2);
    if ((t.month === 1 || t.month === 4 || t.month === 7 || t.month === 10) && t.day === gstDue && lastQuarterSales > 0) {
      const payee = qc ? 'REVENU QUEBEC TPS/TVQ' : 'CRA GST/HST PAYMENT';
      pay(Math.round(lastQuarterSales * 0.045), sim.style.billPayment(payee), { category: 'Other', subCategory: 'Taxes', merchant: qc ? 'Revenu Quebec' : 'Canada Revenue Agency' });
    }

    // Fixed costs
    sim.bill({ every: 'monthly', dom: 1 }, 'next', rent.payee, () => rent.amount, { category: 'Housing', subCategory: 'Commercial Rent' });
    sim.bill({ every: 'monthly', dom: 12 }, 'next', hydro, (rr) => rr.int(180, 650) * 100, { category: 'Utilities', subCategory: 'Electricity' });
    sim.bill({ every: 'monthly', dom: 18 }, 'next', { print: `${telecom.print} BUSINESS`, name: telecom.name }, () => 18900, { category: 'Telecom', subCategory: 'Internet and Phone' });
    sim.bill({ every: 'monthly', dom: 8 }, 'next', insurer, () => 42000, { category: 'Insurance', subCategory: 'Business Insurance' });
    sim.bill({ every: 'monthly', dom: bdc.dom }, 'next', bdc.payee, () => bdc.amount, { category: 'Loans', subCategory: 'Business Loan', loan: 'other' });
    if (vehicle) sim.bill({ every: 'monthly', dom: vehicle.dom }, 'next', vehicle.payee, () => vehicle.amount, { category: 'Loans', subCategory: 'Auto Loan', loan: 'auto' });
    if (processors.some((x) => x.name === 'Moneris')) {
      sim.bill({ every: 'monthly', dom: 3 }, 'next', { print: 'MONERIS FEES', name: 'Moneris' }, () => Math.round(dailySales * 30 * 0.022), { category: 'Fees', subCategory: 'Merchant Fees' });
    }
    for (const s of software) sim.subscription(s.sub, s.dom, s.price);

    // Card spending and the owner's draw.
    const mix = CARD_MIX[industry];
    sim.spendDay(cc, 'bizcard', t.business ? 1.4 : 0.4, mix, 1);
    if (t.business && r.chance(0.12)) sim.buy(chq, r.pick(['gas', 'coffee', 'fastfood'] as const), r, 1);
    if (sim.on({ every: 'monthly', dom: 28 }, 'prev') && chq.balance > ownerDraw + target * 0.5) {
      chq.debit(t, ownerDraw, sim.style.eTransferOut(owner), { category: 'Transfers', subCategory: 'Owner Draw', recurring: 'monthly' });
    }
    // Treasury: sweep surplus to savings at month end; pull back when short (ensureFunds).
    if (t.dom === t.daysInMonth && chq.balance > target * 1.5) {
      sim.move(chq, sav, Math.round((chq.balance - target) / 100000) * 100000);
    }

    sim.cardCycle('full');
    sim.locCycle((owed, rr) => Math.min(owed, Math.max(rr.int(10, 40) * 10000, Math.round(owed * 0.1))));
    sim.savingsInterest();
    sim.monthlyFee();
  };
}
