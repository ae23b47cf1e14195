import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  CATEGORIES,
  PERSONAS,
  addDays,
  generateLogin,
  personaForSeed,
  type GeneratedAccount,
  type GeneratedLogin,
  type GeneratedTransaction,
  type PersonaId,
} from '../../../src/sandbox/generator/index.ts';

const START = '2024-10-01';
const END = '2025-11-04'; // 400 days
const SEEDS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank'];

const cache = new Map<string, GeneratedLogin>();
function login(persona: PersonaId, seed: string, start = START, end = END): GeneratedLogin {
  const k = `${persona}|${seed}|${start}|${end}`;
  let l = cache.get(k);
  if (!l) {
    l = generateLogin({ seed, persona, startDate: start, endDate: end });
    cache.set(k, l);
  }
  return l;
}

const allTx = (l: GeneratedLogin): GeneratedTransaction[] => l.accounts.flatMap((a) => a.transactions);
const account = (l: GeneratedLogin, key: string): GeneratedAccount => {
  const a = l.accounts.find((x) => x.key === key);
  assert.ok(a, `account ${key}`);
  return a;
};
const dayNumber = (date: string): number => Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / 86400000;
const weekday = (date: string): number => new Date(date + 'T00:00:00Z').getUTCDay();
const isCredit = (a: GeneratedAccount): boolean => a.type === 'CreditCard' || a.type === 'LineOfCredit';

describe('sandbox generator: public API', () => {
  it('lists the five personas and picks one deterministically per seed', () => {
    assert.deepEqual([...PERSONAS], ['salaried', 'gig', 'benefits', 'nsf', 'business']);
    const seen = new Set<PersonaId>();
    for (let i = 0; i < 200; i++) {
      const p = personaForSeed('user' + i);
      assert.equal(p, personaForSeed('user' + i));
      assert.ok(PERSONAS.includes(p));
      seen.add(p);
    }
    assert.equal(seen.size, 5, 'every persona is reachable from some seed');
  });

  it('rejects bad input', () => {
    assert.throws(() => generateLogin({ seed: 'x', persona: 'salaried', startDate: '2025-02-30', endDate: '2025-03-01' }), RangeError);
    assert.throws(() => generateLogin({ seed: 'x', persona: 'salaried', startDate: '2025-03-02', endDate: '2025-03-01' }), RangeError);
    assert.throws(() => generateLogin({ seed: 'x', persona: 'nope' as PersonaId, startDate: '2025-03-01', endDate: '2025-03-02' }), RangeError);
  });

  it('generates a single day and long ranges', () => {
    const one = generateLogin({ seed: 'x', persona: 'salaried', startDate: '2025-03-01', endDate: '2025-03-01' });
    assert.equal(one.accounts.length, 4);
    const long = generateLogin({ seed: 'x', persona: 'nsf', startDate: '2022-01-01', endDate: '2025-12-31' });
    assert.ok(long.accounts[0]!.transactions.length > 2500);
    assert.equal(long.accounts[0]!.transactions.at(-1)!.date <= '2025-12-31', true);
  });
});

describe('sandbox generator: determinism and prefix stability', () => {
  for (const persona of PERSONAS) {
    it(`${persona}: same inputs give identical output`, () => {
      const a = generateLogin({ seed: 'same', persona, startDate: START, endDate: END });
      const b = generateLogin({ seed: 'same', persona, startDate: START, endDate: END });
      assert.deepStrictEqual(a, b);
      const other = generateLogin({ seed: 'different', persona, startDate: START, endDate: END });
      assert.notDeepStrictEqual(a.accounts[0]!.transactions, other.accounts[0]!.transactions);
    });

    it(`${persona}: a later end date only appends transactions`, () => {
      for (const seed of SEEDS.slice(0, 3)) {
        const early = login(persona, seed, START, '2025-06-30');
        for (const laterEnd of ['2025-07-01', END]) {
          const late = login(persona, seed, START, laterEnd);
          assert.deepStrictEqual(late.holder, early.holder);
          for (const ea of early.accounts) {
            const la = account(late, ea.key);
            assert.equal(la.accountNumber, ea.accountNumber);
            assert.equal(la.openingBalanceCents, ea.openingBalanceCents);
            const prefix = la.transactions.filter((t) => t.date <= '2025-06-30');
            assert.deepStrictEqual(prefix, ea.transactions, `${persona}/${seed}/${ea.key} prefix up to 2025-06-30 (end ${laterEnd})`);
            assert.ok(la.transactions.slice(prefix.length).every((t) => t.date > '2025-06-30'));
          }
          if (laterEnd === END) {
            const before = early.accounts.reduce((s, a) => s + a.transactions.length, 0);
            const after = late.accounts.reduce((s, a) => s + a.transactions.length, 0);
            assert.ok(after > before, 'new transactions appear after the old end date');
          }
        }
      }
    });
  }
});

describe('sandbox generator: accounts and balances', () => {
  for (const persona of PERSONAS) {
    it(`${persona}: running balances agree to the cent and respect limits`, () => {
      for (const seed of SEEDS) {
        const l = login(persona, seed);
        for (const a of l.accounts) {
          let prev = a.openingBalanceCents;
          for (const t of a.transactions) {
            assert.ok((t.debitCents === null) !== (t.creditCents === null), `${t.key}: exactly one of debit/credit`);
            const amount = (t.debitCents ?? t.creditCents)!;
            assert.ok(Number.isInteger(amount) && amount > 0, `${t.key}: positive integer cents`);
            // Deposit accounts: balance = previous + credit - debit.
            // Credit card / LOC (amount owed): balance = previous + debit - credit.
            const expected = isCredit(a) ? prev + (t.debitCents ?? 0) - (t.creditCents ?? 0) : prev + (t.creditCents ?? 0) - (t.debitCents ?? 0);
            assert.equal(t.balanceCents, expected, `${persona}/${seed} ${t.key} ${t.description}`);
            prev = t.balanceCents;
            if (a.type === 'Savings') assert.ok(t.balanceCents >= 0, `${t.key}: savings never negative`);
            if (a.type === 'Chequing') {
              const floor = persona === 'nsf' ? -a.overdraftLimitCents : 0;
              assert.ok(t.balanceCents >= floor, `${persona}/${seed} ${t.key}: chequing ${t.balanceCents} below ${floor}`);
            }
            if (isCredit(a)) assert.ok(t.balanceCents >= 0 && t.balanceCents <= a.limitCents!, `${t.key}: owed within [0, limit]`);
          }
          assert.equal(a.currentCents, prev);
          const expectedAvailable =
            a.type === 'Chequing' ? a.currentCents + a.overdraftLimitCents : a.type === 'Savings' ? a.currentCents : a.limitCents! - a.currentCents;
          assert.equal(a.availableCents, expectedAvailable, `${a.key} available`);
        }
      }
    });

    it(`${persona}: four accounts with Flinks-shaped identity fields`, () => {
      for (const seed of SEEDS) {
        const l = login(persona, seed);
        assert.deepEqual(l.accounts.map((a) => a.key), ['chequing', 'savings', 'creditcard', 'lineofcredit']);
        assert.deepEqual(l.accounts.map((a) => a.type), ['Chequing', 'Savings', 'CreditCard', 'LineOfCredit']);
        assert.equal(l.accountType, persona === 'business' ? 'Business' : 'Personal');
        const numbers = new Set<string>();
        for (const a of l.accounts) {
          assert.match(a.accountNumber, /^\d{7}$/);
          assert.match(a.transitNumber, /^\d{5}$/);
          assert.equal(a.institutionNumber, '777');
          assert.equal(a.currency, 'CAD');
          assert.equal(a.category, isCredit(a) ? 'Credits' : 'Operations');
          assert.equal(a.limitCents === null, !isCredit(a));
          if (persona === 'business') assert.match(a.title, /^Business /);
          numbers.add(a.accountNumber);
        }
        assert.equal(numbers.size, 4, 'distinct account numbers');
        const h = l.holder;
        assert.match(h.postalCode, /^[ABCEGHJ-NPRSTVXY]\d[ABCEGHJ-NPRSTV-Z] \d[ABCEGHJ-NPRSTV-Z]\d$/);
        assert.match(h.phoneNumber, /^[2-9]\d{2}[2-9]\d{6}$/);
        assert.match(h.email, /^[a-z]+\.[a-z]+@nomail\.com$/);
        assert.ok(['QC', 'ON', 'BC', 'AB', 'MB', 'SK', 'NS', 'NB', 'NL', 'PE'].includes(h.province));
        assert.equal(h.country, 'CA');
        assert.ok(h.name.length > 3 && h.civicAddress.length > 5 && h.city.length > 2);
        if (persona === 'business') assert.match(h.name, /(Inc|Ltd)\.$/);
      }
    });

    it(`${persona}: unique, well-formed, ordered keys and valid labels`, () => {
      const categories = new Set<string>(CATEGORIES);
      assert.equal(categories.size, 16);
      for (const seed of SEEDS) {
        const l = login(persona, seed);
        const byKey = new Map<string, GeneratedTransaction>();
        for (const a of l.accounts) {
          let last = '';
          for (const t of a.transactions) {
            assert.match(t.key, new RegExp(`^${a.key}:\\d{4}-\\d{2}-\\d{2}:\\d{2}$`));
            assert.equal(t.key.slice(a.key.length + 1, a.key.length + 11), t.date);
            assert.ok(t.date >= START && t.date <= END);
            assert.ok(t.key > last, `${t.key} sorted after ${last}`);
            last = t.key;
            assert.ok(!byKey.has(t.key), `duplicate key ${t.key}`);
            byKey.set(t.key, t);
            assert.ok(categories.has(t.label.category), `${t.key}: category ${t.label.category}`);
            assert.ok(t.label.subCategory.length > 0);
            assert.ok(t.description.trim().length > 0);
          }
        }
        // Internal transfers: both legs exist, point at each other, same amount and date.
        for (const t of byKey.values()) {
          const k = t.label.transferCounterpartKey;
          if (!k) continue;
          const other = byKey.get(k);
          assert.ok(other, `${t.key}: counterpart ${k} exists`);
          assert.equal(other.label.transferCounterpartKey, t.key);
          assert.equal(other.date, t.date);
          assert.equal(other.debitCents ?? other.creditCents, t.debitCents ?? t.creditCents);
          assert.ok((t.debitCents === null) !== (other.debitCents === null), 'one leg is a debit, the other a credit');
          assert.equal(t.label.category, 'Transfers');
        }
      }
    });

    it(`${persona}: at least 13 months of history over 400 days`, () => {
      for (const seed of SEEDS) {
        const l = login(persona, seed);
        const chq = account(l, 'chequing').transactions;
        const months = new Set(chq.map((t) => t.date.slice(0, 7)));
        assert.ok(months.size >= 13, `${months.size} months`);
        assert.ok(chq[0]!.date <= addDays(START, 5), `first txn ${chq[0]!.date}`);
        assert.ok(chq.at(-1)!.date >= addDays(END, -5), `last txn ${chq.at(-1)!.date}`);
      }
    });
  }
});

describe('sandbox generator: persona characteristics', () => {
  it('salaried: biweekly Friday payroll from one employer, monthly housing, card paid from chequing', () => {
    for (const seed of SEEDS) {
      const l = login('salaried', seed);
      const chq = account(l, 'chequing');
      const pay = chq.transactions.filter((t) => t.label.income === 'payroll');
      assert.ok(pay.length >= 28 && pay.length <= 30, `${pay.length} paydays`);
      assert.equal(new Set(pay.map((t) => t.label.employer)).size, 1);
      assert.ok(pay.every((t) => t.label.recurring === 'biweekly' && t.creditCents! > 0 && t.label.category === 'Income'));
      // Every 14 days; a payday on a bank holiday moves to the business day before.
      for (let i = 1; i < pay.length; i++) {
        const gap = dayNumber(pay[i]!.date) - dayNumber(pay[i - 1]!.date);
        assert.ok(gap >= 12 && gap <= 16, `gap ${gap} between ${pay[i - 1]!.date} and ${pay[i]!.date}`);
      }
      const first = dayNumber(pay.find((t) => weekday(t.date) === 5)!.date);
      for (const t of pay) {
        const d = dayNumber(t.date);
        const nominal = d + ((5 - weekday(t.date) + 7) % 7); // the Friday on or after
        assert.equal((nominal - first) % 14, 0, `${t.date} is on the 14-day Friday grid`);
        assert.ok(nominal - d <= 4);
      }
      const fridays = pay.filter((t) => weekday(t.date) === 5).length;
      assert.ok(fridays >= pay.length - 3);
      assert.equal(new Set(pay.map((t) => t.description)).size, 1, 'the same payroll text every period');
      assert.match(pay[0]!.description, /PAY|PAIE/);

      const housing = chq.transactions.filter((t) => t.label.category === 'Housing' && (t.label.subCategory === 'Rent' || t.label.subCategory === 'Mortgage'));
      assert.ok(housing.length >= 13, `${housing.length} housing payments`);
      const cardPayments = account(l, 'creditcard').transactions.filter((t) => t.label.subCategory === 'Credit Card Payment');
      assert.ok(cardPayments.length >= 12, `${cardPayments.length} card payments`);
      for (const c of cardPayments) {
        const leg = chq.transactions.find((t) => t.key === c.label.transferCounterpartKey)!;
        assert.ok(leg.debitCents === c.creditCents && /PAYMENT|PAIEMENT/.test(leg.description));
      }
      const sweeps = account(l, 'savings').transactions.filter((t) => t.label.recurring === 'biweekly' && t.creditCents);
      assert.ok(sweeps.length >= 15, 'transfers to savings on paydays');
      assert.ok(chq.transactions.some((t) => t.label.loan === 'auto'));
      assert.ok(chq.transactions.some((t) => t.label.category === 'Utilities'));
      assert.ok(chq.transactions.some((t) => t.label.category === 'Telecom') || account(l, 'creditcard').transactions.some((t) => t.label.category === 'Telecom'));
      assert.ok(allTx(l).some((t) => t.label.category === 'Restaurants'));
      assert.ok(allTx(l).some((t) => t.label.category === 'Groceries'));
      assert.ok(account(l, 'creditcard').transactions.filter((t) => t.label.recurring === 'monthly' && t.debitCents).length >= 26, 'subscriptions');
    }
    const all = SEEDS.map((s) => allTx(login('salaried', s)));
    assert.ok(all.some((txs) => txs.some((t) => t.label.loan === 'mortgage')));
    assert.ok(all.some((txs) => txs.some((t) => t.label.subCategory === 'Rent')));
    assert.ok(all.some((txs) => txs.some((t) => t.label.loan === 'student')));
  });

  it('salaried: roughly 1,500-3,000 transactions, the biggest account over 1,000', () => {
    for (const seed of SEEDS) {
      const l = login('salaried', seed);
      const total = allTx(l).length;
      const biggest = Math.max(...l.accounts.map((a) => a.transactions.length));
      assert.ok(total >= 1400 && total <= 3000, `${seed}: ${total} transactions`);
      assert.ok(biggest >= 1000, `${seed}: biggest account has ${biggest}`);
    }
  });

  it('gig: weekly payouts from several platforms with varying amounts and e-Transfers from several people', () => {
    for (const seed of SEEDS) {
      const l = login('gig', seed);
      const chq = account(l, 'chequing').transactions;
      const payouts = chq.filter((t) => t.label.subCategory === 'Gig Income' && t.label.recurring === 'weekly');
      const platforms = new Set(payouts.map((t) => t.label.merchant));
      assert.ok(platforms.size >= 2, `${platforms.size} platforms`);
      for (const p of platforms) {
        const mine = payouts.filter((t) => t.label.merchant === p);
        assert.ok(mine.length >= 40, `${p}: ${mine.length} weekly payouts`);
        assert.ok(new Set(mine.map((t) => t.creditCents)).size >= mine.length * 0.9, 'amounts vary');
      }
      const senders = new Set(chq.filter((t) => t.label.subCategory === 'Freelance Income').map((t) => t.description));
      assert.ok(senders.size >= 3, `${senders.size} e-Transfer senders`);
      assert.ok(chq.every((t) => t.label.income !== 'payroll'));
      assert.ok(chq.some((t) => t.label.loan === 'auto'));
    }
  });

  it('benefits: CCB monthly around the 20th, GST/HST quarterly, EI / social assistance / CPP-OAS, pension, child support', () => {
    const kinds = new Set<string>();
    for (const seed of SEEDS) {
      const l = login('benefits', seed);
      const chq = account(l, 'chequing').transactions;
      const gov = chq.filter((t) => t.label.income === 'government');
      for (const t of gov) kinds.add(t.label.government ?? '');
      const ccb = gov.filter((t) => t.label.government === 'CCB');
      const months = new Set(ccb.map((t) => t.date.slice(0, 7)));
      assert.equal(months.size, ccb.length, 'one CCB per month');
      assert.ok(ccb.length >= 13, `${ccb.length} CCB deposits`);
      for (const t of ccb) {
        const dom = Number(t.date.slice(8));
        assert.ok(dom >= 15 && dom <= 20, `CCB on ${t.date}`);
      }
      const gst = gov.filter((t) => t.label.government === 'GST_HST');
      assert.ok(gst.length >= 4 && gst.length <= 5);
      assert.ok(gst.every((t) => ['01', '04', '07', '10'].includes(t.date.slice(5, 7)) || Number(t.date.slice(8)) >= 28));
      assert.ok(gov.some((t) => t.label.government === 'EI' || t.label.government === 'SOCIAL_ASSISTANCE' || t.label.government === 'CPP'));
      const ei = gov.filter((t) => t.label.government === 'EI');
      for (let i = 1; i < ei.length; i++) assert.ok(Math.abs(dayNumber(ei[i]!.date) - dayNumber(ei[i - 1]!.date) - 14) <= 2);
      assert.ok(gov.filter((t) => t.label.government === 'PENSION').length >= 13);
      assert.ok(gov.filter((t) => t.label.government === 'CHILD_SUPPORT').length >= 8);
      assert.ok(gov.every((t) => t.label.category === 'Income' && t.creditCents! > 0));
    }
    for (const seed of ['gina', 'hank', 'ivan', 'judy', 'kim', 'leo']) {
      for (const t of account(login('benefits', seed), 'chequing').transactions) if (t.label.government) kinds.add(t.label.government);
    }
    for (const k of ['CCB', 'GST_HST', 'PENSION', 'CHILD_SUPPORT', 'EI', 'SOCIAL_ASSISTANCE', 'CPP', 'OAS']) assert.ok(kinds.has(k), `some benefits login gets ${k}`);
  });

  it('nsf: semi-monthly pay, payday loans, NSF fees, returned items, stop payments, gambling, WSIB', () => {
    const nsfKinds = new Set<string>();
    for (const seed of SEEDS) {
      const l = login('nsf', seed);
      const chq = account(l, 'chequing');
      const txs = chq.transactions;
      const pay = txs.filter((t) => t.label.income === 'payroll');
      assert.ok(pay.length >= 25 && pay.length <= 28, `${pay.length} semi-monthly paydays`);
      assert.ok(pay.every((t) => t.label.recurring === 'semimonthly'));
      const fees = txs.filter((t) => t.label.nsf === 'fee');
      assert.ok(fees.length >= 3, `${seed}: ${fees.length} NSF fees`);
      assert.ok(fees.every((t) => t.label.category === 'Fees' && t.debitCents! >= 4000 && t.debitCents! <= 5000));
      for (const t of txs) if (t.label.nsf) nsfKinds.add(t.label.nsf);
      const loanIn = txs.filter((t) => t.label.loan === 'payday' && t.creditCents);
      const loanOut = txs.filter((t) => t.label.loan === 'payday' && t.debitCents);
      assert.ok(loanIn.length >= 2 && loanOut.length >= 2, 'payday loans and repayments');
      assert.ok(allTx(l).some((t) => t.label.category === 'Gambling'));
      assert.ok(txs.some((t) => t.label.government === 'WSIB'));
      assert.ok(txs.some((t) => t.balanceCents < 0), 'uses the overdraft');
      // Reversals cancel the returned debit posted just before them.
      for (const [i, t] of txs.entries()) {
        if (t.label.nsf !== 'reversal') continue;
        assert.equal(txs[i - 1]!.debitCents, t.creditCents);
        assert.equal(txs[i + 1]!.label.nsf, 'fee');
      }
    }
    assert.deepEqual([...nsfKinds].sort(), ['fee', 'reversal', 'stop_payment']);
  });

  it('business: processor payouts or customer payments, outgoing payroll, tax remittances, loans', () => {
    for (const seed of SEEDS) {
      const l = login('business', seed);
      const chq = account(l, 'chequing').transactions;
      assert.ok(chq.filter((t) => t.label.subCategory === 'Merchant Payout' || t.label.subCategory === 'Customer Payment').length >= 50);
      const payroll = chq.filter((t) => t.label.subCategory === 'Payroll Expense');
      assert.ok(payroll.length >= 25 && payroll.every((t) => t.debitCents! > 0));
      assert.ok(chq.filter((t) => t.label.subCategory === 'Taxes').length >= 12);
      assert.ok(chq.some((t) => t.label.loan));
      assert.ok(chq.some((t) => t.label.subCategory === 'Supplier Payment'));
      assert.ok(account(l, 'creditcard').transactions.length >= 100);
    }
    const texts = SEEDS.flatMap((s) => account(login('business', s), 'chequing').transactions.map((t) => t.description)).join('\n');
    assert.match(texts, /STRIPE|SQUARE|SHOPIFY|MONERIS|PAYPAL/);
  });

  it('every personal persona carries the right kinds of loans somewhere', () => {
    const loans = new Set(PERSONAS.flatMap((p) => SEEDS.flatMap((s) => allTx(login(p, s)).map((t) => t.label.loan))).filter(Boolean));
    assert.deepEqual([...loans].sort(), ['auto', 'mortgage', 'other', 'payday', 'student']);
  });
});

describe('sandbox generator: descriptions', () => {
  it('uses English and French bank styles', () => {
    const texts = PERSONAS.flatMap((p) => SEEDS.flatMap((s) => allTx(login(p, s)).map((t) => t.description)));
    const has = (re: RegExp): boolean => texts.some((d) => re.test(d));
    assert.ok(has(/^(PAYROLL DEP|DEPOT DIRECT PAIE|PAIE) /) || has(/ PAY$/));
    // Several institutions' formats: RBC's, CIBC's, TD's, Desjardins', National Bank's.
    assert.ok(has(/^Interac purchase - \d{4} /) && has(/^POINT OF SALE PURCHASE /) && has(/ _F$/), 'English institutions');
    assert.ok(has(/^Achat direct Interac \//) || has(/^ACHAT DIRECT - /), 'French institutions');
    assert.ok(has(/^(TFR-TO|VIR A|VIREMENT A) \d{5} /));
    assert.ok(has(/^(TFR-FR|VIR DE|VIREMENT DE) \d{5} /));
    assert.ok(has(/^(PAYMENT - THANK YOU|PAIEMENT - MERCI)$/));
    assert.ok(has(/^(Interac e-Transfer From|E-TRANSFER RECEIVED|e-Transfer received|E-TFR RCVD|VIREMENT INTERAC DE|Virement Interac de) /));
    assert.ok(has(/^(NSF FEE|NSF SERVICE CHARGE|FRAIS D'EFFET RETOURNE|FRAIS PROVISION INSUFFISANTE)$/));
    assert.ok(has(/TIM HORTONS/));
    assert.ok(texts.some((d) => /PAIEMENT|VIREMENT|DEBIT PREAUTORISE|DPA /.test(d)), 'some French');
    assert.ok(texts.some((d) => /PURCHASE|PRE-AUTHORIZED|PAD /.test(d)), 'some English');
  });
});

describe('sandbox generator: purity', () => {
  it('uses no clock and no Math.random', () => {
    const dir = join(dirname(fileURLToPath(import.meta.url)), '../../../src/sandbox/generator');
    const files = readdirSync(dir, { recursive: true }).map(String).filter((f) => f.endsWith('.ts'));
    assert.ok(files.length >= 8);
    for (const f of files) {
      const src = readFileSync(join(dir, f), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
      assert.doesNotMatch(src, /Math\.random|Date\.now|new Date\(|performance\.now|process\.|from 'node:/, f);
    }
  });
});
