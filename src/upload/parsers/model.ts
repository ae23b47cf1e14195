/**
 * The one statement model every parser produces (OFX/QFX, CSV, CAMT.053, MT940/MT942, PDF).
 * Upload turns it into Connect's accounts and transactions; the CLI prints it as JSON.
 *
 * Money is integer cents inside (design rule); dates are calendar dates `YYYY-MM-DD`.
 */

export type StatementFormat = 'ofx' | 'csv' | 'camt053' | 'mt940' | 'mt942' | 'pdf';

export type AccountKind = 'chequing' | 'savings' | 'creditCard' | 'lineOfCredit' | 'loan' | 'investment' | 'other';

export interface StatementAccount {
  /** Account number as the document gives it (IBAN, OFX ACCTID, masked number...). */
  number: string;
  kind: AccountKind;
  /** ISO 4217, upper case. */
  currency: string;
  /** Institution name or identifier (OFX FID/ORG, BIC, routing number) when the document says. */
  institution?: string;
  /** Canadian branch transit or bank routing number when known. */
  transit?: string;
  holder?: string;
}

export interface Balance {
  /** From the holder's point of view, like transaction amounts: money owed (a card, a loan) is negative. */
  amountCents: number;
  date: string;
}

export interface StatementTransaction {
  /**
   * Stable id: the document's own (FITID, AcctSvcrRef, bank reference) when unique within the
   * statement, else a digest of account, date, amount, description and occurrence index, so the
   * same file parsed twice gives the same ids.
   */
  id: string;
  date: string;
  /** Signed: money in is positive, money out negative, from the account holder's point of view. */
  amountCents: number;
  description: string;
  /**
   * Running balance after this transaction when the document gives one, from the holder's point of
   * view like the amounts (money owed on a card is negative), so that each balance is the previous
   * one plus this amount.
   */
  balanceCents?: number;
  /** The document's own reference or check number, when distinct from the id. */
  reference?: string;
  /** Value date when the document gives one distinct from the booking date (MT940, CAMT.053). */
  valueDate?: string;
  /** The document's own transaction type or code (OFX TRNTYPE, MT940 `:61:` type and `:86:` GVC, CAMT.053 BkTxCd). */
  code?: string;
  /** The other party when the document names it (MT940 `:86:` ?30-?33, SEPA /NAME/, CAMT.053 RltdPties). */
  counterparty?: { name?: string; account?: string; institution?: string };
  /** Structured details by key as the document gives them (MT940 `:86:` sub-fields, SEPA keywords). */
  details?: Record<string, string>;
}

export interface Statement {
  format: StatementFormat;
  account: StatementAccount;
  balances: { opening?: Balance; closing?: Balance };
  /** Statement period when the document states one. */
  period?: { start: string; end: string };
  transactions: StatementTransaction[];
  /**
   * What the document left blank or the reader skipped (an empty balance, a transaction without an
   * amount, a blank entry date): the statement holds everything else. Absent when there is nothing to say.
   */
  warnings?: StatementWarning[];
}

/** One kind of blank or skipped value: where it first occurred and how many times. */
export interface StatementWarning {
  message: string;
  line?: number;
  count: number;
}

/** Where in the input a problem was found: a byte offset always, line and column when meaningful. */
export interface Position {
  offset: number;
  line?: number;
  column?: number;
}

/** A document that cannot be read: a clear message and where. Parsers throw nothing else. */
export class StatementParseError extends Error {
  readonly position: Position;
  constructor(message: string, position: Position) {
    super(message);
    this.name = 'StatementParseError';
    this.position = position;
  }
}
