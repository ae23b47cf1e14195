/**
 * Sandbox scenarios of Pay sessions (docs.flinks.com/guides/pay/geft/test-scenarios): the session's
 * referenceId names the scenario, and the payor logs in to Flinks Capital with
 * the referenceId as username and `Everyday` as password. Each scenario is a
 * bank user whose accounts and 120 days of transactions (dated back from the
 * sandbox clock's today) make the guarantee engine decide what the scenario
 * promises; nothing is faked per endpoint. Pure: builds custom-user documents
 * (exported by src/sandbox/index.ts) that the service imports for the customer.
 *
 * | referenceId | holder          | what the account says                         | outcome                                  |
 * | Happy1      | John Doe        | $2,450 available, biweekly pay, no NSF         | guarantee of the amount, Completed/EFT0301 |
 * | Happy2      | Steve Diamond   | $640 available, monthly pay, no NSF            | $1,000 asked: Next-Best-Offer of $512      |
 * | Happy3      | Alex Rider (QC) | $3,100 available, biweekly pay, French bank    | French UI, Completed/EFT0301               |
 * | Unhappy1    | Joe Fails       | $35 available, 4 NSF in 90 days, odd income    | no guarantee, Failed/EFT0402               |
 * | Unhappy2    | Robert Smith    | healthy, but the holder is someone else        | name mismatch, Failed/EFT0403              |
 * | Unhappy3    | Sam Short       | $12.40 available, regular pay                  | balance too low, Failed/EFT0404            |
 * | Unhappy4    | Nina Locked     | the bank refuses every password                | login failed, Failed/EFT0401               |
 */
import { addDays } from '../../platform/clock.ts';
import type { CustomUserDocument } from '../../sandbox/index.ts';

export const SCENARIO_PASSWORD = 'Everyday';

export interface Scenario {
  referenceId: string;
  firstName: string;
  lastName: string;
  language: 'EN' | 'FR';
  /** The amount the scenario is written for, in cents (null: any). */
  amountCents: number | null;
  expected: string;
}

export const SCENARIOS: readonly Scenario[] = [
  { referenceId: 'Happy1', firstName: 'John', lastName: 'Doe', language: 'EN', amountCents: 100_00, expected: 'Guarantee of the full amount; Completed/EFT0301' },
  { referenceId: 'Happy2', firstName: 'Steve', lastName: 'Diamond', language: 'EN', amountCents: 1_000_00, expected: 'Next-Best-Offer of $512.00 for $1,000 asked (the amount must be left to the payor); accepted: Completed/EFT0301' },
  { referenceId: 'Happy3', firstName: 'Alex', lastName: 'Rider', language: 'FR', amountCents: null, expected: 'French hosted app (Quebec payor); Completed/EFT0301' },
  { referenceId: 'Unhappy1', firstName: 'Joe', lastName: 'Fails', language: 'EN', amountCents: null, expected: 'No guarantee (4 NSF in 90 days): GUARANTEE_FAILED event, Failed/EFT0402' },
  { referenceId: 'Unhappy2', firstName: 'Robert', lastName: 'Smith', language: 'EN', amountCents: null, expected: 'The bank account belongs to Robert Smith: create the session with any other payor name; Failed/EFT0403' },
  { referenceId: 'Unhappy3', firstName: 'Sam', lastName: 'Short', language: 'EN', amountCents: null, expected: 'Available balance $12.40: Failed/EFT0404' },
  { referenceId: 'Unhappy4', firstName: 'Nina', lastName: 'Locked', language: 'EN', amountCents: null, expected: 'The bank refuses the password three times: Failed/EFT0401' },
];

export function findScenario(referenceId: string | null): Scenario | null {
  if (!referenceId) return null;
  // The docs say the names must match exactly; the referenceId is matched exactly too.
  return SCENARIOS.find((s) => s.referenceId === referenceId) ?? null;
}

type Tx = CustomUserDocument['Accounts'][number]['Transactions'][number];

interface Plan {
  holder: string;
  address: { CivicAddress: string; City: string; Province: string; PostalCode: string };
  available: number;
  pay: { every: number; amount: number; payer: string } | null;
  odd: { day: number; amount: number; payer: string }[];
  nsfDays: number[];
  spend: number;
  french?: boolean;
  password?: string;
}

const PLANS: Record<string, Plan> = {
  Happy1: { holder: 'John Doe', address: { CivicAddress: '123 Front Avenue', City: 'Toronto', Province: 'ON', PostalCode: 'M5J2N1' }, available: 2450, pay: { every: 14, amount: 2100, payer: 'PAYROLL DEPOSIT NORTHWIND LTD' }, odd: [], nsfDays: [], spend: 55 },
  Happy2: { holder: 'Steve Diamond', address: { CivicAddress: '88 King Street W', City: 'Toronto', Province: 'ON', PostalCode: 'M5K1A1' }, available: 640, pay: { every: 30, amount: 2800, payer: 'PAYROLL DEPOSIT HARBOUR LOGISTICS' }, odd: [], nsfDays: [], spend: 60 },
  Happy3: { holder: 'Alex Rider', address: { CivicAddress: '2020 rue University', City: 'Montréal', Province: 'QC', PostalCode: 'H3A2A5' }, available: 3100, pay: { every: 14, amount: 1950, payer: 'DEPOT PAIE LES ERABLES INC' }, odd: [], nsfDays: [], spend: 50, french: true },
  Unhappy1: { holder: 'Joe Fails', address: { CivicAddress: '9 Low Road', City: 'Hamilton', Province: 'ON', PostalCode: 'L8P4R5' }, available: 35, pay: null, odd: [{ day: 82, amount: 420, payer: 'E-TRANSFER DEPOSIT' }, { day: 47, amount: 260, payer: 'GIG PLATFORM PAYOUT' }, { day: 11, amount: 180, payer: 'CASH APP DEPOSIT' }], nsfDays: [76, 52, 30, 9], spend: 25 },
  Unhappy2: { holder: 'Robert Smith', address: { CivicAddress: '45 Queen Street', City: 'Ottawa', Province: 'ON', PostalCode: 'K1P5N2' }, available: 1800, pay: { every: 14, amount: 1700, payer: 'PAYROLL DEPOSIT CAPITAL WORKS' }, odd: [], nsfDays: [], spend: 45 },
  Unhappy3: { holder: 'Sam Short', address: { CivicAddress: '7 Narrow Lane', City: 'Halifax', Province: 'NS', PostalCode: 'B3H1Y6' }, available: 12.4, pay: { every: 14, amount: 1250, payer: 'PAYROLL DEPOSIT SEASIDE CAFE' }, odd: [], nsfDays: [], spend: 40 },
  // The stored password is not Everyday: every login attempt is refused.
  Unhappy4: { holder: 'Nina Locked', address: { CivicAddress: '1 Closed Court', City: 'Calgary', Province: 'AB', PostalCode: 'T2P1J9' }, available: 900, pay: { every: 14, amount: 1500, payer: 'PAYROLL DEPOSIT PRAIRIE CO' }, odd: [], nsfDays: [], spend: 40, password: 'locked-out-of-the-bank' },
};

/** Marks a document as ours, so that a customer's own user of the same name is never overwritten. */
export const SCENARIO_MARKER = 'pay-scenario@sandbox.maplelink';

const money = (n: number) => Math.round(n * 100) / 100;

/**
 * The Flinks Capital user of a scenario, with transactions dated back from
 * `today` (YYYY-MM-DD): pay, everyday spending, NSF fees, and a last entry that
 * lands the balance where the scenario wants it.
 */
export function scenarioUser(referenceId: string, today: string): CustomUserDocument | null {
  const plan = PLANS[referenceId];
  if (!plan) return null;
  const fr = plan.french === true;
  const tx: Tx[] = [];
  const add = (daysAgo: number, description: string, debit: number | null, credit: number | null) =>
    tx.push({ Id: `${referenceId}-${daysAgo}-${tx.length}`, Date: addDays(today, -daysAgo), Description: description, Debit: debit === null ? null : money(debit), Credit: credit === null ? null : money(credit), Balance: null });
  for (let d = 119; d >= 1; d--) {
    if (plan.pay && (119 - d) % plan.pay.every === 3) add(d, plan.pay.payer, null, plan.pay.amount);
    for (const o of plan.odd) if (o.day === d) add(d, o.payer, null, o.amount);
    if (d % 3 === 0) add(d, fr ? 'ACHAT EPICERIE METRO' : 'POS PURCHASE GROCERY MART', plan.spend + (d % 7), null);
    if (d % 10 === 5) add(d, fr ? 'PAIEMENT FACTURE HYDRO-QUEBEC' : 'BILL PAYMENT HYDRO ONE', plan.spend * 1.5, null);
    if (plan.nsfDays.includes(d)) {
      add(d, 'PAD INSURANCE PREMIUM', 120, null);
      add(d, 'RETURNED ITEM INSURANCE PREMIUM', null, 120);
      add(d, fr ? 'FRAIS PROVISION INSUFFISANTE' : 'NSF FEE', 48, null);
    }
  }
  const net = tx.reduce((a, t) => a + (t.Credit ?? 0) - (t.Debit ?? 0), 0);
  // The opening balance makes the closing balance the scenario's available balance.
  tx.unshift({ Id: `${referenceId}-opening`, Date: addDays(today, -120), Description: fr ? 'SOLDE REPORTE' : 'OPENING BALANCE', Debit: null, Credit: null, Balance: money(plan.available - net) });
  return {
    Username: referenceId,
    Password: plan.password ?? SCENARIO_PASSWORD,
    LoginType: 'Personal',
    Holder: { Name: plan.holder, Address: { ...plan.address, POBox: null, Country: 'CA' }, Email: SCENARIO_MARKER, PhoneNumber: '5145550100' },
    Accounts: [
      {
        Title: fr ? 'Compte chèques' : 'Chequing',
        Type: 'Chequing',
        Category: 'Operations',
        Currency: 'CAD',
        AccountNumber: `1${String(Math.abs(hash(referenceId)) % 1_000_000).padStart(6, '0')}`,
        TransitNumber: '77777',
        InstitutionNumber: '777',
        OverdraftLimit: 0,
        Balance: { Available: plan.available, Current: plan.available, Limit: null },
        Transactions: tx,
      },
      {
        Title: fr ? 'Épargne' : 'Savings',
        Type: 'Savings',
        Category: 'Operations',
        Currency: 'CAD',
        AccountNumber: `2${String(Math.abs(hash(referenceId + 'sav')) % 1_000_000).padStart(6, '0')}`,
        TransitNumber: '77777',
        InstitutionNumber: '777',
        OverdraftLimit: 0,
        Balance: { Available: money(plan.available / 5), Current: money(plan.available / 5), Limit: null },
        Transactions: [],
      },
    ],
  };
}

function hash(s: string): number {
  let h = 0;
  for (let i = 0; i < s.length; i++) h = (Math.imul(h, 31) + s.charCodeAt(i)) | 0;
  return h;
}
