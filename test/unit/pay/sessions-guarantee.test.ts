/**
 * The guarantee decision, its inputs (NSF items, income regularity) and the
 * sandbox scenarios: each scenario's bank data, read by the same signal code
 * the service uses, gives the outcome the scenario documents.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decideGuarantee, guaranteeCeiling, MAX_GUARANTEE_CENTS, MIN_GUARANTEE_CENTS, type PayorSignals } from '../../../src/pay/sessions/guarantee.ts';
import { incomeSummary, isNsfItem, nsfCount, payerKey, type TxRow } from '../../../src/pay/sessions/signals.ts';
import { findScenario, scenarioUser, SCENARIOS, SCENARIO_MARKER } from '../../../src/pay/sessions/scenarios.ts';
import { CustomUserDocument } from '../../../src/sandbox/custom-users.ts';

const healthy: PayorSignals = { availableBalanceCents: 2_450_00, nsfCount90d: 0, incomeRegularity: 'Regular', monthlyIncomeCents: 4_900_00 };
const req = (requestedCents: number, amountLocked = false, minimumCents = 100) => ({ requestedCents, amountLocked, minimumCents });

test('approve the amount under the ceiling; the risk levels say why it is safe', () => {
  const d = decideGuarantee(healthy, req(100_00, true));
  assert.equal(d.decision, 'approve');
  assert.equal(d.offeredCents, 100_00);
  assert.equal(d.nextBestOffer, false);
  assert.equal(d.highestDebitAmountToGuaranteeCents, 1_960_00, '80 % of the balance, below 50 % of income');
  assert.deepEqual([d.overallRiskLevel, d.userRiskLevel, d.otherRiskLevel, d.transactionRiskLevel], ['Low', 'Low', 'Low', 'Low']);
});

test('above the ceiling: a Next-Best-Offer of the ceiling when the amount may change, a decline when it is locked', () => {
  const s: PayorSignals = { availableBalanceCents: 640_00, nsfCount90d: 0, incomeRegularity: 'Regular', monthlyIncomeCents: 2_800_00 };
  const nbo = decideGuarantee(s, req(1_000_00));
  assert.equal(nbo.decision, 'approve');
  assert.equal(nbo.offeredCents, 512_00);
  assert.equal(nbo.nextBestOffer, true);
  assert.equal(nbo.transactionRiskLevel, 'High');
  const locked = decideGuarantee(s, req(1_000_00, true));
  assert.equal(locked.decision, 'decline');
  assert.equal(locked.reason, 'balance', 'the balance limits it and is below the amount');
  assert.equal(locked.offeredCents, null);
});

test('three NSF items decline whatever the balance; one or two halve the balance share', () => {
  assert.equal(decideGuarantee({ ...healthy, nsfCount90d: 3 }, req(10_00)).reason, 'nsf');
  assert.equal(decideGuarantee({ ...healthy, nsfCount90d: 3 }, req(10_00)).userRiskLevel, 'High');
  const one = decideGuarantee({ ...healthy, nsfCount90d: 1 }, req(100_00));
  assert.equal(one.highestDebitAmountToGuaranteeCents, 1_225_00);
  assert.equal(one.userRiskLevel, 'Medium');
});

test('no or unknown balance: decline for the balance', () => {
  assert.equal(decideGuarantee({ ...healthy, availableBalanceCents: 0 }, req(10_00)).reason, 'balance');
  assert.equal(decideGuarantee({ ...healthy, availableBalanceCents: null }, req(10_00)).reason, 'balance');
  assert.equal(decideGuarantee({ ...healthy, availableBalanceCents: -50_00 }, req(10_00)).reason, 'balance');
});

test('income sets the ceiling: irregular 25 %, none 10 %; below the minimum worth guaranteeing: decline for eligibility', () => {
  assert.equal(guaranteeCeiling({ ...healthy, availableBalanceCents: 10_000_00, incomeRegularity: 'Irregular', monthlyIncomeCents: 2_000_00 }).cents, 500_00);
  const none = decideGuarantee({ ...healthy, availableBalanceCents: 10_000_00, incomeRegularity: 'None', monthlyIncomeCents: 0 }, req(50_00));
  assert.equal(none.decision, 'decline');
  assert.equal(none.reason, 'eligibility');
  assert.equal(none.otherRiskLevel, 'High');
  // A small amount under a small ceiling is still guaranteed.
  assert.equal(decideGuarantee({ ...healthy, availableBalanceCents: 18_00 }, req(10_00)).decision, 'approve');
});

test('never above MAX_GUARANTEE', () => {
  assert.equal(guaranteeCeiling({ availableBalanceCents: 1e9, nsfCount90d: 0, incomeRegularity: 'Regular', monthlyIncomeCents: 1e9 }).cents, MAX_GUARANTEE_CENTS);
});

test('property: an offer never exceeds the amount, the ceiling or the balance; NBO only when the amount may change', () => {
  fc.assert(fc.property(
    fc.record({
      availableBalanceCents: fc.option(fc.integer({ min: -100_000, max: 5_000_000 }), { nil: null }),
      nsfCount90d: fc.integer({ min: 0, max: 8 }),
      incomeRegularity: fc.constantFrom('Regular', 'Irregular', 'None'),
      monthlyIncomeCents: fc.integer({ min: 0, max: 3_000_000 }),
    }),
    fc.integer({ min: 1, max: 9_999_999 }),
    fc.boolean(),
    (s: PayorSignals, requested, locked) => {
      const d = decideGuarantee(s, req(requested, locked));
      if (d.decision === 'decline') {
        assert.equal(d.offeredCents, null);
        assert.ok(d.reason);
        return;
      }
      assert.ok(d.offeredCents! <= requested);
      assert.ok(d.offeredCents! <= d.highestDebitAmountToGuaranteeCents);
      assert.ok(d.offeredCents! <= (s.availableBalanceCents ?? 0));
      assert.ok(s.nsfCount90d < 3);
      if (locked) assert.equal(d.offeredCents, requested);
      if (d.nextBestOffer) assert.ok(d.offeredCents! >= MIN_GUARANTEE_CENTS);
    },
  ), { numRuns: 500 });
});

// ---- signals ---------------------------------------------------------------------------------

const tx = (date: string, description: string, debit: number | null, credit: number | null): TxRow => ({ date, description, debitCents: debit, creditCents: credit });

test('NSF items: fees and returned debits in English and French, debits only, inside 90 days', () => {
  for (const d of ['NSF FEE', 'NSF SERVICE CHARGE', "FRAIS D'EFFET RETOURNE", 'FRAIS PROVISION INSUFFISANTE', 'Non-Sufficient Funds charge', 'RETURNED ITEM FEE']) assert.ok(isNsfItem(tx('2026-01-10', d, 45_00, null)), d);
  assert.ok(!isNsfItem(tx('2026-01-10', 'RETURNED ITEM HYDRO', null, 120_00)), 'the reversal credit is not an NSF item');
  assert.ok(!isNsfItem(tx('2026-01-10', 'NSFW STORE', 20_00, null)));
  const rows = [tx('2026-03-01', 'NSF FEE', 45_00, null), tx('2025-12-02', 'NSF FEE', 45_00, null), tx('2025-11-30', 'NSF FEE', 45_00, null), tx('2026-03-02', 'NSF FEE', 45_00, null)];
  assert.equal(nsfCount(rows, '2026-03-01'), 2, 'the future and items older than 90 days do not count');
});

test('income: a steady payer is regular; odd credits are irregular; transfers and refunds are not income', () => {
  const pay = (d: string) => tx(d, 'PAYROLL DEPOSIT ACME 000123', null, 2_000_00);
  const biweekly = ['2026-01-02', '2026-01-16', '2026-01-30', '2026-02-13', '2026-02-27', '2026-03-13', '2026-03-27'].map(pay);
  assert.deepEqual(incomeSummary(biweekly, '2026-03-31'), { regularity: 'Regular', monthlyIncomeCents: 4_666_67 });
  const odd = [tx('2026-01-05', 'GIG PAYOUT', null, 300_00), tx('2026-02-21', 'E-TRANSFER DEPOSIT', null, 450_00)];
  assert.equal(incomeSummary(odd, '2026-03-31').regularity, 'Irregular');
  const notIncome = [tx('2026-01-05', 'TRANSFER FROM SAVINGS', null, 900_00), tx('2026-02-05', 'TRANSFER FROM SAVINGS', null, 900_00), tx('2026-03-05', 'REFUND AMAZON', null, 300_00), tx('2026-03-06', 'COFFEE', null, 5_00)];
  assert.deepEqual(incomeSummary(notIncome, '2026-03-31'), { regularity: 'None', monthlyIncomeCents: 0 });
  assert.equal(payerKey('PAYROLL DEPOSIT ACME #4411-22'), payerKey('Payroll deposit ACME 9'));
});

// ---- scenarios ----------------------------------------------------------------------------------

const TODAY = '2026-06-15';
function signalsOf(referenceId: string): PayorSignals {
  const doc = CustomUserDocument.parse(scenarioUser(referenceId, TODAY));
  const rows: TxRow[] = doc.Accounts.flatMap((a) => a.Transactions.map((t) => tx(t.Date, t.Description, t.Debit === null ? null : Math.round(t.Debit * 100), t.Credit === null ? null : Math.round(t.Credit * 100))));
  const income = incomeSummary(rows, TODAY);
  return { availableBalanceCents: Math.round(doc.Accounts[0]!.Balance.Available! * 100), nsfCount90d: nsfCount(rows, TODAY), incomeRegularity: income.regularity, monthlyIncomeCents: income.monthlyIncomeCents };
}

test('every scenario is a valid custom sandbox user, marked as ours, dated back from today', () => {
  for (const s of SCENARIOS) {
    const doc = CustomUserDocument.parse(scenarioUser(s.referenceId, TODAY));
    assert.equal(doc.Username, s.referenceId);
    assert.equal(doc.Holder.Email, SCENARIO_MARKER);
    const dates = doc.Accounts[0]!.Transactions.map((t) => t.Date).sort();
    assert.ok(dates[dates.length - 1]! < TODAY && dates[0]! >= '2026-02-15', `${s.referenceId}: ${dates[0]}..${dates[dates.length - 1]}`);
    assert.equal(doc.Password === 'Everyday', s.referenceId !== 'Unhappy4', 'Unhappy4 refuses the password');
  }
  assert.equal(findScenario('happy1'), null, 'referenceIds match exactly');
  assert.equal(findScenario('Happy1')!.firstName, 'John');
  assert.equal(scenarioUser('Nobody', TODAY), null);
});

test('the scenarios decide as documented', () => {
  const happy1 = decideGuarantee(signalsOf('Happy1'), req(100_00, true));
  assert.deepEqual([happy1.decision, happy1.offeredCents, happy1.nextBestOffer], ['approve', 100_00, false]);
  const happy2 = decideGuarantee(signalsOf('Happy2'), req(1_000_00));
  assert.deepEqual([happy2.decision, happy2.offeredCents, happy2.nextBestOffer], ['approve', 512_00, true]);
  assert.equal(decideGuarantee(signalsOf('Happy3'), req(250_00)).decision, 'approve');
  const unhappy1 = signalsOf('Unhappy1');
  assert.equal(unhappy1.nsfCount90d, 4);
  assert.equal(unhappy1.incomeRegularity, 'Irregular');
  assert.equal(decideGuarantee(unhappy1, req(150_00)).reason, 'nsf');
  assert.equal(decideGuarantee(signalsOf('Unhappy2'), req(100_00)).decision, 'approve', 'Unhappy2 fails on identity, not on money');
  assert.equal(decideGuarantee(signalsOf('Unhappy3'), req(100_00)).reason, 'balance');
});
