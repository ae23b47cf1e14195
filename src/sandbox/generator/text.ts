// How the bank prints its own transactions: debit-card purchases, pre-authorized debits,
// e-Transfers, transfers between the holder's accounts, fees and interest. A login gets one
// style; French styles are used for most Quebec holders.

import type { Account } from './ledger.ts';
import type { Lang } from './holder.ts';
import type { AccountType } from './types.ts';

export interface BankStyle {
  lang: Lang;
  pos(merchant: string): string;
  pad(payee: string): string;
  billPayment(payee: string): string;
  deposit(payer: string): string;
  payroll(employer: string): string;
  eTransferIn(name: string): string;
  eTransferOut(name: string): string;
  atm(city: string): string;
  atmDeposit: string;
  mobileDeposit: string;
  chequeOut(n: number): string;
  transferTo(to: Account): string;
  transferFrom(from: Account): string;
  cardPaymentFromChequing(brand: string): string;
  cardPaymentOnCard: string;
  locPaymentOnLoc: string;
  monthlyFee: string;
  nsfFee: string;
  stopPaymentFee: string;
  returnedItem(payee: string): string;
  overdraftInterest: string;
  purchaseInterest: string;
  locInterest: string;
  savingsInterest: string;
  lateFee: string;
}

function kindName(type: AccountType, lang: Lang): string {
  if (lang === 'fr') return { Chequing: 'CHEQUES', Savings: 'EPARGNE', CreditCard: 'CARTE', LineOfCredit: 'MARGE CREDIT' }[type];
  return { Chequing: 'CHEQUING', Savings: 'SAVINGS', CreditCard: 'CARD', LineOfCredit: 'LINE OF CREDIT' }[type];
}

const EN_A: BankStyle = {
  lang: 'en',
  pos: (m) => `POS PURCHASE ${m}`,
  pad: (p) => `PRE-AUTHORIZED DEBIT ${p}`,
  billPayment: (p) => `BILL PAYMENT ${p}`,
  deposit: (p) => `DIRECT DEPOSIT ${p}`,
  payroll: (e) => `PAYROLL DEP ${e}`,
  eTransferIn: (n) => `Interac e-Transfer From ${n}`,
  eTransferOut: (n) => `Interac e-Transfer To ${n}`,
  atm: (c) => `ATM WITHDRAWAL ${c}`,
  atmDeposit: 'ATM DEPOSIT',
  mobileDeposit: 'MOBILE CHEQUE DEPOSIT',
  chequeOut: (n) => `CHEQUE #${n}`,
  transferTo: (a) => `TFR-TO ${a.short} ${kindName(a.out.type, 'en')}`,
  transferFrom: (a) => `TFR-FR ${a.short} ${kindName(a.out.type, 'en')}`,
  cardPaymentFromChequing: (b) => `${b} PAYMENT`,
  cardPaymentOnCard: 'PAYMENT - THANK YOU',
  locPaymentOnLoc: 'PAYMENT RECEIVED',
  monthlyFee: 'MONTHLY ACCOUNT FEE',
  nsfFee: 'NSF FEE',
  stopPaymentFee: 'STOP PAYMENT FEE',
  returnedItem: (p) => `RETURNED ITEM NSF ${p}`,
  overdraftInterest: 'OVERDRAFT INTEREST',
  purchaseInterest: 'PURCHASE INTEREST',
  locInterest: 'LOC INTEREST',
  savingsInterest: 'INTEREST',
  lateFee: 'LATE PAYMENT FEE',
};

const EN_B: BankStyle = {
  ...EN_A,
  pos: (m) => `INTERAC PURCHASE - ${m}`,
  pad: (p) => `PAD ${p}`,
  billPayment: (p) => `ONLINE BILL PMT ${p}`,
  deposit: (p) => `EFT CREDIT ${p}`,
  payroll: (e) => `${e} PAY`,
  eTransferIn: (n) => `E-TRANSFER RECEIVED ${n}`,
  eTransferOut: (n) => `E-TRANSFER SENT ${n}`,
  atm: () => 'ABM WITHDRAWAL',
  atmDeposit: 'ABM DEPOSIT',
  mobileDeposit: 'MOBILE DEPOSIT',
  monthlyFee: 'MONTHLY PLAN FEE',
  nsfFee: 'NSF SERVICE CHARGE',
  stopPaymentFee: 'STOP PMT FEE',
  returnedItem: (p) => `REVERSAL - RETURNED ITEM ${p}`,
};

const FR_A: BankStyle = {
  lang: 'fr',
  pos: (m) => `PAIEMENT DIRECT ${m}`,
  pad: (p) => `DEBIT PREAUTORISE ${p}`,
  billPayment: (p) => `PAIEMENT FACTURE ${p}`,
  deposit: (p) => `DEPOT DIRECT ${p}`,
  payroll: (e) => `DEPOT DIRECT PAIE ${e}`,
  eTransferIn: (n) => `VIREMENT INTERAC DE ${n}`,
  eTransferOut: (n) => `VIREMENT INTERAC A ${n}`,
  atm: (c) => `RETRAIT GAB ${c}`,
  atmDeposit: 'DEPOT GAB',
  mobileDeposit: 'DEPOT MOBILE',
  chequeOut: (n) => `CHEQUE NO ${n}`,
  transferTo: (a) => `VIR A ${a.short} ${kindName(a.out.type, 'fr')}`,
  transferFrom: (a) => `VIR DE ${a.short} ${kindName(a.out.type, 'fr')}`,
  cardPaymentFromChequing: (b) => `PAIEMENT ${b}`,
  cardPaymentOnCard: 'PAIEMENT - MERCI',
  locPaymentOnLoc: 'PAIEMENT RECU',
  monthlyFee: 'FRAIS MENSUELS',
  nsfFee: "FRAIS D'EFFET RETOURNE",
  stopPaymentFee: "FRAIS D'ARRET DE PAIEMENT",
  returnedItem: (p) => `EFFET RETOURNE ${p}`,
  overdraftInterest: 'INTERETS DECOUVERT',
  purchaseInterest: 'INTERETS SUR ACHATS',
  locInterest: 'INTERETS MARGE DE CREDIT',
  savingsInterest: 'INTERETS',
  lateFee: 'FRAIS DE RETARD',
};

const FR_B: BankStyle = {
  ...FR_A,
  pos: (m) => `ACHAT INTERAC ${m}`,
  pad: (p) => `DPA ${p}`,
  billPayment: (p) => `PAIEMENT DE FACTURE ${p}`,
  deposit: (p) => `DEPOT ${p}`,
  payroll: (e) => `PAIE ${e}`,
  eTransferIn: (n) => `Virement Interac de ${n}`,
  eTransferOut: (n) => `Virement Interac a ${n}`,
  transferTo: (a) => `VIREMENT A ${a.short} ${kindName(a.out.type, 'fr')}`,
  transferFrom: (a) => `VIREMENT DE ${a.short} ${kindName(a.out.type, 'fr')}`,
  nsfFee: 'FRAIS PROVISION INSUFFISANTE',
  stopPaymentFee: 'FRAIS ARRET DE PAIEMENT',
};

/** Four digits a bank prints after its channel (a card's last digits, a terminal): fixed per text, so the sandbox stays deterministic. */
function digits4(text: string): string {
  let h = 7;
  for (let i = 0; i < text.length; i++) h = (h * 31 + text.charCodeAt(i)) % 9000;
  return String(1000 + h);
}

// Styles in the manner of real institutions' statement and export lines (their public formats).

/** RBC Royal Bank: "Interac purchase - 1234", "Misc Payment", "Online Banking payment - 1234", "Payroll Deposit". */
const EN_RBC: BankStyle = {
  ...EN_A,
  pos: (m) => `Interac purchase - ${digits4(m)} ${m}`,
  pad: (p) => `Misc Payment ${p}`,
  billPayment: (p) => `Online Banking payment - ${digits4(p)} ${p}`,
  deposit: (p) => `Deposit ${p}`,
  payroll: (e) => `Payroll Deposit ${e}`,
  eTransferIn: (n) => `e-Transfer received ${n}`,
  eTransferOut: (n) => `e-Transfer sent ${n}`,
};

/** CIBC: "POINT OF SALE PURCHASE", "PREAUTHORIZED DEBIT", "INTERNET BILL PAY 000000", "ELECTRONIC FUNDS TRANSFER PAY". */
const EN_CIBC: BankStyle = {
  ...EN_A,
  pos: (m) => `POINT OF SALE PURCHASE ${m}`,
  pad: (p) => `PREAUTHORIZED DEBIT ${p}`,
  billPayment: (p) => `INTERNET BILL PAY 000000${digits4(p)} ${p}`,
  deposit: (p) => `ELECTRONIC FUNDS TRANSFER DEPOSIT ${p}`,
  payroll: (e) => `ELECTRONIC FUNDS TRANSFER PAY ${e}`,
};

/** TD Canada Trust: the merchant then "_F" for a debit-card purchase, "BPY" bill payments, "PAY" payroll, "SEND E-TFR". */
const EN_TD: BankStyle = {
  ...EN_B,
  pos: (m) => `${m} _F`,
  pad: (p) => `${p} MSP`,
  billPayment: (p) => `${p} BPY`,
  deposit: (p) => `${p} DEP`,
  payroll: (e) => `${e} PAY`,
  eTransferIn: (n) => `E-TFR RCVD ${n}`,
  eTransferOut: (n) => `SEND E-TFR ${n}`,
};

/** Desjardins (AccèsD): the type, then "/" and the supplier. */
const FR_DESJARDINS: BankStyle = {
  ...FR_A,
  pos: (m) => `Achat direct Interac /${m}`,
  pad: (p) => `Prélèvement /${p}`,
  billPayment: (p) => `Paiement facture - AccèsD Internet /${p}`,
  deposit: (p) => `Dépôt direct /${p}`,
  payroll: (e) => `Dépôt direct /PAIE ${e}`,
};

/** National Bank: "ACHAT DIRECT -", "PAIEMENT DE FACTURE -", "DEPOT DIRECT -". */
const FR_NBC: BankStyle = {
  ...FR_B,
  pos: (m) => `ACHAT DIRECT - ${m}`,
  pad: (p) => `PRELEVEMENT AUTOMATIQUE - ${p}`,
  billPayment: (p) => `PAIEMENT DE FACTURE - ${p}`,
  deposit: (p) => `DEPOT DIRECT - ${p}`,
  payroll: (e) => `DEPOT DIRECT - PAIE ${e}`,
};

const EN_STYLES = [EN_A, EN_B, EN_RBC, EN_CIBC, EN_TD];
const FR_STYLES = [FR_A, FR_B, FR_DESJARDINS, FR_NBC];
/** How many styles a login's variant draws from. */
export const BANK_STYLE_VARIANTS = EN_STYLES.length * FR_STYLES.length;

/** A login's bank style: the variant picks one institution's way of printing, per language. */
export function bankStyle(lang: Lang, variant: number): BankStyle {
  if (lang === 'fr') return FR_STYLES[variant % FR_STYLES.length]!;
  return EN_STYLES[variant % EN_STYLES.length]!;
}

/** "MARIE TREMBLAY" / "MARIE T" style counterparty names in e-Transfers. */
export function counterpartyName(first: string, last: string, short: boolean): string {
  return (short ? `${first} ${last[0]}` : `${first} ${last}`).toUpperCase();
}

/** City as printed on card terminals: upper case, no accents, at most 13 characters. */
export function terminalCity(city: string): string {
  return city.normalize('NFD').replace(/[\u0300-\u036f]/g, '').toUpperCase().replace(/[^A-Z .'-]/g, '').slice(0, 13).trim();
}
