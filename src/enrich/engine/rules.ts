/**
 * The categorizer's rules: high-precision patterns for what lenders count (income by
 * source, loans by lender type, NSF and stop-payment fees and reversals, transfers between
 * own accounts, bills, gambling), in English and French. Rules are tried in order and the
 * first that matches decides; its id is the explanation. What no rule knows goes to the
 * statistical model (model.ts).
 */
import type { Direction, GovernmentKind, LoanKind, Signals } from './signals.ts';
import type { PrimaryCategory } from './taxonomy.ts';
import { CHANNEL_PREFIXES, displayName, payee } from './text.ts';
import { prefilter, type Prefilter } from './prefilter.ts';
import { shippedKnowledge } from './knowledge.ts';

export type AccountKind = 'deposit' | 'creditCard' | 'lineOfCredit';

export interface RuleResult {
  primary: PrimaryCategory;
  sub: string;
  signals: Signals;
}

export interface Rule {
  id: string;
  direction?: Direction;
  accounts?: AccountKind[];
  /**
   * Expressions one of which must match the folded text for `match` to give a result (a rule
   * answers only when one of its patterns matched): what the prefilter is built from.
   */
  needs: readonly RegExp[];
  /** The result when the rule applies to the folded description, else null. */
  match: (folded: string, direction: Direction) => RuleResult | null;
}

/** A rule that applies when `pattern` matches and always gives the same category. */
const when = (pattern: RegExp, primary: PrimaryCategory, sub: string, signals: Signals = {}) => ({
  needs: [pattern],
  match: (folded: string): RuleResult | null => (pattern.test(folded) ? { primary, sub, signals } : null),
});

/** Known lenders: pattern, kind, display name. Payday and micro lenders first (they also send loan proceeds). */
const LENDERS: [RegExp, LoanKind, string][] = [
  [/\bMONEY ?MART\b/, 'micro', 'Money Mart'],
  [/\bCASH MONEY\b/, 'micro', 'Cash Money'],
  [/\bCASH 4 YOU\b/, 'micro', 'Cash 4 You'],
  [/\bICASH\b/, 'micro', 'iCash'],
  [/\bLENDDIRECT\b/, 'micro', 'LendDirect'],
  [/\bCASHCO\b/, 'micro', 'Cashco'],
  [/\bMAGICAL CREDIT\b/, 'micro', 'Magical Credit'],
  [/\b(CASH CITY|PAYDAY LOAN|SPEEDY CASH|MONEYKEY|FAST CASH|CHECK ?INTO ?CASH|ADVANCE AMERICA)\b/, 'micro', ''],
  [/\b(EASYFINANCIAL|EASY FINANCIAL)\b/, 'other', 'easyfinancial'],
  [/\bFAIRSTONE\b/, 'other', 'Fairstone'],
  [/\bMOGO\b/, 'other', 'Mogo'],
  [/\bSPRING FINANCIAL\b/, 'other', 'Spring Financial'],
  [/\bBDC LOAN\b|\bBDC\b.*\bLOAN\b/, 'other', 'BDC'],
  [/\b(LOAN PAYMENT|LOAN PMT|PRET PERSONNEL|PERSONAL LOAN)\b/, 'other', ''],
  [/\b(STUDENT LOAN|NSLSC|PRET ETUDIANT|PRETS ETUDIANTS|NAVIENT|NELNET|SALLIE MAE)\b/, 'student', ''],
  [/\b(HYPOTHEQUE|HYPOTHECAIRE|MORTGAGE|MTG PMT|MCAP)\b|\bMTG\b/, 'mortgage', ''],
  [/\b(AUTO FINANCE|AUTO LOAN|FORD CREDIT|TOYOTA CREDIT|HONDA CANADA FINANCE|NISSAN CANADA FIN|DEALER ADV|CARFINCO|RIFCO|SANTANDER CONSUMER|EDEN PARK AUTO|GM FINANCIAL|FINANCEMENT AUTO|PRET AUTO)\b/, 'auto', ''],
];

function lender(folded: string): { kind: LoanKind; name: string } | null {
  for (const [re, kind, name] of LENDERS) if (re.test(folded)) return { kind, name: name || displayName(payee(folded)) };
  return null;
}

const LOAN_SUB: Record<LoanKind, [PrimaryCategory, string]> = {
  auto: ['Financial', 'Auto Loan'],
  mortgage: ['Home', 'Mortgage'],
  student: ['Education', 'Student Loan'],
  micro: ['Financial', 'Payday Loan'],
  other: ['Financial', 'Personal Loan'],
};

/** Government programs by pattern (Canada, federal and provincial; a few US ones). */
const GOVERNMENT: [RegExp, GovernmentKind][] = [
  [/\b(EI CANADA|ASSURANCE-EMPLOI|EMPLOYMENT INSURANCE|\bEI\b DEPOSIT|UNEMPLOYMENT|UI BENEFIT)\b/, 'EI'],
  [/\b(CCB|CANADA CHILD|ALLOC CAN ENFANTS|ALLOCATION CANADIENNE|ALLOCATION FAMILLE|CHILD BENEFIT)\b/, 'CCB'],
  [/\b(GST|HST|TPS|TVH)\b/, 'GST_HST'],
  [/\b(CPP CANADA|RPC CANADA|RETRAITE QUEBEC RRQ|CANADA PENSION PLAN|\bQPP\b|\bCPP\b)\b/, 'CPP'],
  [/\b(OAS CANADA|SECURITE DE LA VIEILLESSE|OLD AGE SECURITY|\bOAS\b|SOCIAL SECURITY|SSA TREAS)\b/, 'OAS'],
  [/\b(ONTARIO WORKS|ALBERTA WORKS|INCOME ASSISTANCE|INCOME SUPPORT|SOCIAL ASSISTANCE|AIDE SOCIALE|GOUV\.? QUE|GOUV QUE|SDPR|EIA PAYMENT|SNAP|WELFARE)\b/, 'SOCIAL_ASSISTANCE'],
  [/\b(WSIB|CSPAAT|CNESST|WORKSAFEBC|WCB|WORKERS COMP)\b/, 'WSIB'],
  [/\b(FRO\/ORO|FRO ORO|FAMILY RESPONSIBILITY|PENSION ALIM|FMEP|MAINT(ENANCE)? ENFORCEMENT|MEP|CHILD SUPPORT)\b/, 'CHILD_SUPPORT'],
  [/\b(ODSP|DISABILITY|INVALIDITE|AISH|CDB)\b/, 'DISABILITY'],
  [/\b(TAX REFUND|RIT|REMBOURSEMENT IMPOT|REMBOURSEMENT D IMPOT|IRS TREAS)\b/, 'TAX_REFUND'],
  [/\b(PENSION|RREGOP|RETRAITE|OMERS|HOOPP|PSPP)\b/, 'PENSION'],
];

const GOV_SUB: Partial<Record<GovernmentKind, string>> = { TAX_REFUND: 'Tax Refund' };

/** Employer deposits: "PAIE X", "X PAY", "PAYROLL DEP X", "DEPOT DIRECT PAIE X", "Payroll Deposit X". */
const PAYROLL = /\b(PAIE|PAYROLL|SALAIRE|SALARY|PAY)\b/;
const PAYROLL_WORDS = /\b(PAIE|PAYROLL|SALAIRE|SALARY|PAY|DEP|DEPOSIT|DEPOT|DIRECT|DD|EFT|ELECTRONIC FUNDS TRANSFER|ACH CREDIT|FROM)\b/g;

/** The employer in a payroll line: what is left once the channel and pay words are gone. */
function employerOf(folded: string): string {
  const rest = payee(folded).replace(PAYROLL_WORDS, ' ').replace(/\s+/g, ' ').trim();
  return displayName(rest || payee(folded));
}

/** Most specific first: an online casino's name can contain CASINO, a lottery site's can contain CASINO too. */
const GAMBLING: [RegExp, string, string][] = [
  [/\b(FANDUEL|DRAFTKINGS|THESCORE BET|SPORTS INTERACTION|BET365|POINTSBET)\b/, 'Sports Betting', ''],
  [/\b(POKERSTARS|BET99|BETWAY|JACKPOT CITY|SPIN CASINO|BODOG|PARTYPOKER|BETMGM|LEOVEGAS|NORTHSTAR BETS|PLAYNOW|888CASINO|888POKER)\b/, 'Online Betting', ''],
  [/\b(LOTO|LOTTO|LOTTERY|LOTTERIES|PROLINE|OLG|PLAYALBERTA|LOTO-QUEBEC|ESPACEJEUX|BCLC)\b/, 'Lottery', ''],
  [/\b(CASINO|CASINOS|GAMING CORP)\b/, 'Casino', ''],
];

function gamblingOperator(folded: string): { sub: string; name: string } | null {
  for (const [re, sub] of GAMBLING) if (re.test(folded)) return { sub, name: displayName(payee(folded)) };
  return null;
}

const ETRANSFER_IN = /^(E-TRANSFER RECEIVED|INTERAC E-TRANSFER FROM|VIREMENT INTERAC DE|E-TFR RCVD|INTERAC E-TRF FROM|INTERAC TRANSFER FROM|E-TRANSFER FROM|ZELLE FROM) /;
const ETRANSFER_OUT = /^(E-TRANSFER SENT|INTERAC E-TRANSFER TO|VIREMENT INTERAC A|SEND E-TFR|INTERAC E-TRF TO|INTERAC TRANSFER TO|E-TRANSFER TO|ZELLE TO) /;
/** A deposited item returned unpaid (nsf.returned-debit). */
const RETURNED_DEBIT = /\b(RETURNED (ITEM|CHEQUE|CHECK|DEPOSIT|PAYMENT)|CHEQUE RETOURNE|EFFET RETOURNE|DEPOT RETOURNE)\b/;
/** A payment's word on a card account's credit (transfer.card-payment-received). */
const CARD_PAYMENT_WORD = /\b(PAYMENT|PYMT|PMT|PAIEMENT|AUTOPAY|AUTO PAY)\b/;
/** A legal suffix: a business sent or received the e-Transfer. */
const BUSINESS_NAME = /\b(INC|LTD|LTEE|ENR|CORP|LLC|CIE|SENC|INCORPORATED|LIMITED)$/;

export const RULES: readonly Rule[] = [
  // ---- NSF, stop payments, returned items (before anything that names a payee) -------------
  { id: 'nsf.returned-item-fee', direction: 'debit', ...when(/FRAIS D ?EFFET RETOURNE|RETURNED ITEM FEE/, 'Financial', 'NSF Fees', { nsf: 'fee' }) },
  // A deposited item returned unpaid and taken back out (no fee named): the reversal, not a charge.
  { id: 'nsf.returned-debit', direction: 'debit', needs: [RETURNED_DEBIT], match: (f) => (RETURNED_DEBIT.test(f) && !/\b(FEE|FEES|FRAIS|CHARGE)\b/.test(f) ? { primary: 'Financial', sub: 'Returned Items', signals: {} } : null) },
  { id: 'nsf.fee', direction: 'debit', ...when(/\bNSF\b|PROVISION INSUFFISANTE|INSUFFICIENT FUNDS|FONDS INSUFFISANTS|INSUFF FUNDS/, 'Financial', 'NSF Fees', { nsf: 'fee' }) },
  { id: 'nsf.stop-payment', direction: 'debit', ...when(/STOP P(A?Y)?M(EN)?T|ARRET DE PAIEMENT|OPPOSITION PAIEMENT|STOP PAYMENT/, 'Financial', 'Stop Payment Fees', { nsf: 'stop_payment' }) },
  { id: 'nsf.reversal', direction: 'credit', ...when(/EFFET RETOURNE|RETURNED ITEM|RETURNED PAYMENT|RETURNED PAD|PAIEMENT RETOURNE|NSF RETURN|ITEM RETURNED|RETURN NSF|REVERSAL NSF/, 'Financial', 'Returned Items', { nsf: 'reversal' }) },
  // ---- interest and fees --------------------------------------------------------------------
  { id: 'fee.late', direction: 'debit', ...when(/LATE (PAYMENT )?FEE|FRAIS DE RETARD/, 'Financial', 'Late Fees') },
  { id: 'fee.overdraft-interest', direction: 'debit', ...when(/OVERDRAFT INTEREST|INTERETS? DECOUVERT|OD INTEREST/, 'Financial', 'Overdraft Interest') },
  { id: 'fee.interest-charge', direction: 'debit', ...when(/\bINTEREST\b|\bINTERETS?\b/, 'Financial', 'Interest Charges') },
  { id: 'income.interest', direction: 'credit', ...when(/^(INTEREST|INTERETS?|INTEREST EARNED|INTEREST PAID|INTERET CREDITE|DEPOSIT INTEREST)$/, 'Income', 'Interest Income', { income: 'other' }) },
  { id: 'fee.merchant', direction: 'debit', ...when(/\b(MONERIS|SQUARE|CLOVER|GLOBAL PAYMENTS|CHASE PAYMENTECH)\b.*\bFEES?\b/, 'Business', 'Merchant Fees') },
  { id: 'fee.bank', direction: 'debit', ...when(/MONTHLY (PLAN|ACCOUNT) FEE|FRAIS MENSUELS|SERVICE CHARGE|FRAIS DE SERVICE|ACCOUNT FEE|PLAN FEE|FRAIS DE TENUE|MONTHLY FEE|MAINTENANCE FEE/, 'Financial', 'Bank Fees') },
  // A fee named with the bank service it is for, anywhere in the text ("ATM WITHDRAWAL FEE", "FRAIS RETRAIT GAB").
  { id: 'fee.bank-service-named', direction: 'debit', ...when(/^(?=.*\b(FEE|FEES|SURCHARGE)\b)(?=.*\b(ATM|ABM|WITHDRAWAL|E-TRANSFER|ETRANSFER|INTERAC|WIRE|TRANSFER|OVERDRAFT|FOREIGN|FX|STATEMENT|CHEQUE|CHECK|DRAFT|NON-NETWORK)\b)|^(?=.*\bFRAIS\b)(?=.*\b(GAB|GUICHET|RETRAIT|VIREMENT|INTERAC|CHANGE|DECOUVERT|RELEVE|TRAITE)\b)/, 'Financial', 'Bank Fees') },
  // The fee a bank charges for one of its own services (an e-Transfer, a wire, a foreign purchase, a draft), in English and French.
  { id: 'fee.bank-service', direction: 'debit', ...when(/\b(E-TRANSFER|ETRANSFER|E-TFR|INTERAC|WIRE|WIRE TRANSFER|TRANSFER|TRANSACTION|ATM|ABM|NETWORK|FOREIGN TRANSACTION|FOREIGN EXCHANGE|FX|CROSS BORDER|CURRENCY CONVERSION|OVERDRAFT|OD|PAPER STATEMENT|STATEMENT|CHEQUE|CHECK|DRAFT|CERTIFIED CHEQUE|SAFETY DEPOSIT BOX) (SERVICE )?(FEE|FEES|CHARGE)\b|\bFRAIS (D |DE |DU )?(VIREMENT|VIREMENTS|INTERAC|GAB|GUICHET|TRANSACTION|TRANSACTIONS|CHANGE|CONVERSION|RELEVE|TRAITE|DECOUVERT|RETRAIT)\b/, 'Financial', 'Bank Fees') },
  // ---- loans (a lender's name decides, in both directions) ----------------------------------
  {
    id: 'loan.lender',
    needs: LENDERS.map(([re]) => re),
    match: (folded, direction) => {
      const l = lender(folded);
      if (!l) return null;
      // Proceeds from a lender (a credit from a mortgage or car lender is rare and still loan proceeds).
      if (direction === 'credit') return { primary: 'Financial', sub: 'Loan Deposits', signals: { loan: l.kind, merchant: l.name } };
      if (/\bBDC\b/.test(folded)) return { primary: 'Financial', sub: 'Business Loan', signals: { loan: 'other', merchant: l.name } };
      const [primary, sub] = LOAN_SUB[l.kind];
      return { primary, sub, signals: { loan: l.kind, merchant: l.name } };
    },
  },
  // ---- payroll and government ---------------------------------------------------------------
  {
    id: 'income.government',
    direction: 'credit',
    needs: GOVERNMENT.map(([re]) => re),
    match: (folded) => {
      for (const [re, kind] of GOVERNMENT) {
        if (re.test(folded)) return { primary: 'Income', sub: GOV_SUB[kind] ?? 'Government Benefits', signals: { income: 'government', government: kind, merchant: displayName(payee(folded)) } };
      }
      return null;
    },
  },
  {
    id: 'income.merchant-payout',
    direction: 'credit',
    ...when(/\b(STRIPE|SHOPIFY|PAYPAL|SQUARE|MONERIS|CLOVER|HELCIM|GLOBAL PAYMENTS|CHASE PAYMENTECH|ETSY|AMAZON PAYMENTS)\b/, 'Income', 'Merchant Payouts', { income: 'other' }),
  },
  {
    id: 'income.gig',
    direction: 'credit',
    ...when(/\b(UBER CANADA|UBER BV|DOORDASH|SKIPTHEDISHES|INSTACART|LYFT CANADA|AMAZON FLEX|TASKRABBIT|FIVERR|UPWORK PAYOUT)\b/, 'Income', 'Gig Income', { income: 'other' }),
  },
  {
    id: 'income.payroll',
    direction: 'credit',
    needs: [PAYROLL],
    match: (f) => (PAYROLL.test(f) ? { primary: 'Income', sub: 'Payroll', signals: { income: 'employer', employer: employerOf(f) } } : null),
  },
  // ---- gambling --------------------------------------------------------------------------------
  {
    id: 'gambling',
    needs: GAMBLING.map(([re]) => re),
    match: (folded, direction) => {
      const g = gamblingOperator(folded);
      if (!g) return null;
      if (direction === 'credit') return { primary: 'Income', sub: 'Gambling Winnings', signals: { gambling: true, merchant: g.name } };
      return { primary: 'Entertainment', sub: g.sub, signals: { gambling: true, merchant: g.name } };
    },
  },
  // ---- transfers between own accounts and card payments ------------------------------------
  { id: 'transfer.card-payment-on-card', direction: 'credit', accounts: ['creditCard'], ...when(/^(PAYMENT - THANK YOU|PAYMENT THANK YOU|PAIEMENT - MERCI|PAIEMENT MERCI|PAYMENT RECEIVED|PAIEMENT RECU)$/, 'Transfers', 'Credit Card Payment', { ownTransfer: true }) },
  // Any payment received on a card account ("ONLINE PAYMENT THANK YOU", "AUTOPAY PAYMENT", "PAIEMENT RECU - MERCI"), unless it says refund.
  { id: 'transfer.card-payment-received', direction: 'credit', accounts: ['creditCard'], needs: [CARD_PAYMENT_WORD], match: (f) => (CARD_PAYMENT_WORD.test(f) && !/\b(REFUND|RETURN|REMBOURSEMENT|CREDIT VOUCHER|REVERSAL)\b/.test(f) ? { primary: 'Transfers', sub: 'Credit Card Payment', signals: { ownTransfer: true } } : null) },
  { id: 'transfer.loc-payment-on-loc', direction: 'credit', accounts: ['lineOfCredit'], ...when(/^(PAYMENT RECEIVED|PAIEMENT RECU|PAYMENT - THANK YOU|PAIEMENT - MERCI|PAYMENT)$/, 'Transfers', 'Line of Credit Payment', { ownTransfer: true }) },
  { id: 'transfer.card-payment', direction: 'debit', ...when(/^(PAIEMENT (MASTERCARD|VISA|AMEX|CARTE)|(VISA|MASTERCARD|AMEX|MC|CREDIT CARD) PAYMENT|PAYMENT (VISA|MASTERCARD|AMEX))\b|\b(CREDIT CARD|CARD|VISA|MASTERCARD|AMEX) (PAYMENT|PMT|PYMT)\b|\bPAIEMENT (DE )?CARTE (DE )?CREDIT\b/, 'Transfers', 'Credit Card Payment', { ownTransfer: true }) },
  { id: 'transfer.to-loc', direction: 'debit', ...when(/^(TFR-TO|VIR A|VIREMENT A|TRANSFER TO|TRSF TO|MB-TRANSFER TO|TRANSFER|VIREMENT)\b.*\b(LINE OF CREDIT|MARGE|LOC|HELOC|PLC|CREDIT LINE)\b/, 'Transfers', 'Line of Credit Payment', { ownTransfer: true }) },
  // Money moved to a registered plan or an investment account is an investment (docs/categorization-conventions.md).
  { id: 'transfer.to-investment', direction: 'debit', ...when(/^(TFR-TO|VIR A|VIREMENT A|TRANSFER TO|TRSF TO|MB-TRANSFER TO|TRANSFER|VIREMENT|INTERNET TRANSFER|ONLINE TRANSFER)\b.*\b(RRSP|TFSA|RESP|FHSA|RDSP|REER|CELI|REEE|CELIAPP|INVEST|INVESTMENT|INVESTING|BROKERAGE|PLACEMENTS?|COURTAGE)\b/, 'Financial', 'Investments') },
  { id: 'transfer.own', ...when(/^(TFR-TO|TFR-FR|VIR A|VIR DE|VIREMENT A|VIREMENT DE|TRANSFER TO|TRANSFER FROM|TRSF TO|TRSF FROM|MB-TRANSFER|INTERNET TRANSFER|ONLINE TRANSFER|VIREMENT ENTRE COMPTES)\b/, 'Transfers', 'Internal Transfer', { ownTransfer: true }) },
  // ---- cash ------------------------------------------------------------------------------------
  { id: 'cash.deposit', direction: 'credit', ...when(/^(ATM DEPOSIT|ABM DEPOSIT|DEPOT GAB|BRANCH DEPOSIT|DEPOT AU COMPTOIR|CASH DEPOSIT|DEPOT EN ESPECES)\b/, 'Income', 'Cash Deposits', { income: 'other' }) },
  { id: 'cash.withdrawal', direction: 'debit', ...when(/^(ATM WITHDRAWAL|ABM WITHDRAWAL|RETRAIT GAB|ATM W D|CASH WITHDRAWAL|RETRAIT AU GUICHET|RETRAIT)\b/, 'Financial', 'ATM Withdrawals') },
  // ---- e-Transfers with people (businesses are clients; context decides rent and draws) -----
  {
    id: 'etransfer.in',
    direction: 'credit',
    needs: [ETRANSFER_IN],
    match: (f) => {
      if (!ETRANSFER_IN.test(f)) return null;
      const who = f.replace(ETRANSFER_IN, '').trim();
      return BUSINESS_NAME.test(who)
        ? { primary: 'Income', sub: 'Freelance Income', signals: { income: 'other', merchant: displayName(who) } }
        : { primary: 'Transfers', sub: 'E-Transfer In', signals: {} };
    },
  },
  { id: 'etransfer.out', direction: 'debit', ...when(ETRANSFER_OUT, 'Transfers', 'E-Transfer Out') },
];

export interface RuleMatch extends RuleResult {
  rule: string;
}

/**
 * The rules that can apply to money moving one way, in order, and a prefilter over their
 * patterns (prefilter.ts): a rule answers only when one of its patterns matches (Rule.needs),
 * and the prefilter tells from a few characters of the text which rules' patterns cannot, so
 * their match functions are not called. Most lines (a merchant's purchase) leave none.
 */
interface DirectionRules {
  rules: readonly Rule[];
  filter: Prefilter;
}

function rulesFor(direction: Direction, usual: readonly string[]): DirectionRules {
  const rules = RULES.filter((rule) => !rule.direction || rule.direction === direction);
  return { rules, filter: prefilter(rules.map((rule) => rule.needs), usual) };
}

/**
 * Made on first use: what most lines hold, the channel words banks print and the merchants' names,
 * is what the prefilter should not look for (any choice gives the same answers; this one lets the
 * fewest lines through).
 */
let byDirection: Record<Direction, DirectionRules> | null = null;
function rulesByDirection(): Record<Direction, DirectionRules> {
  if (!byDirection) {
    const usual = [...CHANNEL_PREFIXES, ...Object.keys(shippedKnowledge().file.aliases)];
    byDirection = { debit: rulesFor('debit', usual), credit: rulesFor('credit', usual) };
  }
  return byDirection;
}

/** The first rule that matches, or null. */
export function classifyByRules(folded: string, direction: Direction, account: AccountKind): RuleMatch | null {
  const { rules, filter } = rulesByDirection()[direction];
  const candidates = filter.candidates(folded);
  if (candidates === 0) return null;
  for (let k = 0; k < rules.length; k++) {
    if ((candidates & (1 << k)) === 0) continue;
    const rule = rules[k]!;
    if (rule.accounts && !rule.accounts.includes(account)) continue;
    const hit = rule.match(folded, direction);
    // Written out, not spread: a spread of the rules' many result objects runs in the runtime, not in compiled code.
    if (hit) return { primary: hit.primary, sub: hit.sub, signals: hit.signals, rule: rule.id };
  }
  return null;
}
