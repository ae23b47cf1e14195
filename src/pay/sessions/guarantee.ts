/**
 * The Guaranteed EFT decision: may this debit be guaranteed, and up to how much
 * (docs.flinks.com/api/pay/endpoints/geft/sessions-initiate, sessions-details and
 * guides/pay/geft/test-scenarios). Pure: the inputs are what the
 * payor's linked account says (available balance, NSF count over 90 days,
 * income regularity and monthly income), the answer is approve or decline, the
 * highest amount that could be guaranteed, a Next-Best-Offer when the requested
 * amount is above it, and the risk levels `guaranteeDetails` reports.
 *
 * The rules, in order:
 *  1. three or more NSF items in 90 days: decline (the account bounces debits);
 *  2. no available balance, or none known: decline for the balance;
 *  3. the ceiling is the smaller of a share of the available balance (80 % with
 *     no NSF, 50 % with one or two) and a share of monthly income (50 % regular,
 *     25 % irregular, 10 % none), in whole dollars, at most MAX_GUARANTEE;
 *  4. a ceiling below the minimum amount (and never below MIN_GUARANTEE): decline (for the balance when the
 *     balance is what limits it and it is below the amount, else for eligibility);
 *  5. requested ≤ ceiling: approve the amount;
 *  6. above it: a Next-Best-Offer of the ceiling when the amount may change,
 *     else decline as in 4.
 */

export type IncomeRegularity = 'Regular' | 'Irregular' | 'None';
export type RiskLevel = 'Low' | 'Medium' | 'High' | 'Unknown';

/** What the decision needs to know about the payor (payor-data.ts gathers it). */
export interface PayorSignals {
  /** Available balance of the chosen account, in cents; null when the bank gives none. */
  availableBalanceCents: number | null;
  /** NSF items (fees and returned debits) in the last 90 days. */
  nsfCount90d: number;
  incomeRegularity: IncomeRegularity;
  /** Average monthly income over the last 90 days, in cents. */
  monthlyIncomeCents: number;
}

export interface GuaranteeRequest {
  requestedCents: number;
  /** The amount was set by the client and may not change: no Next-Best-Offer. */
  amountLocked: boolean;
  /** The smallest amount worth guaranteeing (the session's minimum). */
  minimumCents: number;
}

export type DeclineReason = 'nsf' | 'balance' | 'eligibility';

export interface GuaranteeDecision {
  decision: 'approve' | 'decline';
  /** The amount offered: the requested one, or the Next-Best-Offer; null on decline. */
  offeredCents: number | null;
  /** True when the offer is below the requested amount. */
  nextBestOffer: boolean;
  /** The highest debit this payor could be guaranteed (0 on decline). */
  highestDebitAmountToGuaranteeCents: number;
  reason: DeclineReason | null;
  overallRiskLevel: RiskLevel;
  transactionRiskLevel: RiskLevel;
  userRiskLevel: RiskLevel;
  otherRiskLevel: RiskLevel;
}

/** No single guarantee above this, whatever the account says. */
export const MAX_GUARANTEE_CENTS = 10_000_00;
export const NSF_DECLINE_COUNT = 3;
/** No guarantee (nor Next-Best-Offer) smaller than this: not worth a debit. */
export const MIN_GUARANTEE_CENTS = 20_00;

const BALANCE_SHARE_NO_NSF = 0.8;
const BALANCE_SHARE_SOME_NSF = 0.5;
const INCOME_SHARE: Record<IncomeRegularity, number> = { Regular: 0.5, Irregular: 0.25, None: 0.1 };

const RANK: Record<RiskLevel, number> = { Unknown: 0, Low: 1, Medium: 2, High: 3 };
const worst = (...levels: RiskLevel[]): RiskLevel => levels.reduce((a, b) => (RANK[b] > RANK[a] ? b : a), 'Unknown' as RiskLevel);

function userRisk(s: PayorSignals): RiskLevel {
  if (s.nsfCount90d >= NSF_DECLINE_COUNT) return 'High';
  if (s.nsfCount90d > 0) return 'Medium';
  return 'Low';
}

function otherRisk(s: PayorSignals): RiskLevel {
  return s.incomeRegularity === 'Regular' ? 'Low' : s.incomeRegularity === 'Irregular' ? 'Medium' : 'High';
}

function transactionRisk(requestedCents: number, available: number | null): RiskLevel {
  if (available === null) return 'Unknown';
  if (available <= 0) return 'High';
  const share = requestedCents / available;
  return share <= 0.25 ? 'Low' : share <= 0.75 ? 'Medium' : 'High';
}

const wholeDollars = (cents: number) => Math.max(0, Math.floor(cents / 100) * 100);

/** The ceiling of rule 3, and whether the balance (rather than income) is what sets it. */
export function guaranteeCeiling(s: PayorSignals): { cents: number; balanceBound: boolean } {
  const available = Math.max(0, s.availableBalanceCents ?? 0);
  const byBalance = available * (s.nsfCount90d === 0 ? BALANCE_SHARE_NO_NSF : BALANCE_SHARE_SOME_NSF);
  const byIncome = Math.max(0, s.monthlyIncomeCents) * INCOME_SHARE[s.incomeRegularity];
  const cents = Math.min(MAX_GUARANTEE_CENTS, wholeDollars(Math.min(byBalance, byIncome)));
  return { cents, balanceBound: byBalance <= byIncome };
}

export function decideGuarantee(s: PayorSignals, r: GuaranteeRequest): GuaranteeDecision {
  const levels = {
    userRiskLevel: userRisk(s),
    otherRiskLevel: otherRisk(s),
    transactionRiskLevel: transactionRisk(r.requestedCents, s.availableBalanceCents),
  };
  const overallRiskLevel = worst(levels.userRiskLevel, levels.otherRiskLevel, levels.transactionRiskLevel);
  const decline = (reason: DeclineReason): GuaranteeDecision => ({
    decision: 'decline', offeredCents: null, nextBestOffer: false, highestDebitAmountToGuaranteeCents: 0, reason, overallRiskLevel: 'High', ...levels,
  });

  if (s.nsfCount90d >= NSF_DECLINE_COUNT) return decline('nsf');
  if (s.availableBalanceCents === null || s.availableBalanceCents <= 0) return decline('balance');
  const ceiling = guaranteeCeiling(s);
  const balanceShort = ceiling.balanceBound && s.availableBalanceCents < r.requestedCents;
  if (ceiling.cents < Math.max(r.minimumCents, Math.min(MIN_GUARANTEE_CENTS, r.requestedCents))) return decline(balanceShort ? 'balance' : 'eligibility');
  const approve = (offered: number): GuaranteeDecision => ({
    decision: 'approve', offeredCents: offered, nextBestOffer: offered < r.requestedCents, highestDebitAmountToGuaranteeCents: ceiling.cents, reason: null, overallRiskLevel, ...levels,
  });
  if (r.requestedCents <= ceiling.cents) return approve(r.requestedCents);
  if (r.amountLocked) return decline(balanceShort ? 'balance' : 'eligibility');
  return approve(ceiling.cents);
}
