/**
 * The field tables of CPA-005 records (Payments Canada Standard 005, section
 * "Logical record formats"; docs/pay.md, "The CPA-005 file format"): one table
 * per record part, each field its 0-based start and width. The writers
 * (header.ts, detail.ts, trailer.ts, fields.ts's prefix) and the reader
 * (reader.ts) both take their positions from here, so the layout is written once.
 * Starts of header, trailer and prefix fields are positions in the record;
 * starts of segment fields are positions in the 240-character segment.
 */

export interface Field {
  readonly start: number;
  readonly width: number;
}

const f = (start: number, width: number): Field => ({ start, width });

/** The 24 characters every record starts with. */
export const PREFIX = {
  recordType: f(0, 1),
  recordCount: f(1, 9),
  originatorId: f(10, 10),
  fileCreationNumber: f(20, 4),
} as const;

/** Logical record type A, after the prefix; the rest of the record is blank. */
export const HEADER = {
  creationDate: f(24, 6),
  destinationDataCentre: f(30, 5),
  /** The direct clearer's communication area: blank from us. */
  communicationArea: f(35, 20),
  currency: f(55, 3),
} as const;

/** Logical record type Z, after the prefix: values in cents, numbers of transactions (segments). */
export const TRAILER = {
  debitCents: f(24, 14),
  debitCount: f(38, 8),
  creditCents: f(46, 14),
  creditCount: f(60, 8),
  errorCorrectionECents: f(68, 14),
  errorCorrectionECount: f(82, 8),
  errorCorrectionFCents: f(90, 14),
  errorCorrectionFCount: f(104, 8),
} as const;

/** One 240-character transaction segment of a C, D, I or J record. */
export const SEGMENT = {
  transactionType: f(0, 3),
  amount: f(3, 10),
  date: f(13, 6),
  institutionId: f(19, 9),
  accountNumber: f(28, 12),
  itemTraceNumber: f(40, 22),
  storedTransactionType: f(62, 3),
  originatorShortName: f(65, 15),
  name: f(80, 30),
  originatorLongName: f(110, 30),
  userId: f(140, 10),
  crossReference: f(150, 19),
  returnInstitutionId: f(169, 9),
  returnAccountNumber: f(178, 12),
  sundry: f(190, 15),
  originalItemTraceNumber: f(205, 22),
  settlementCode: f(227, 2),
  invalidDataElementId: f(229, 11),
} as const;

/** The characters of one field of `text` (a record, or a segment for SEGMENT fields). */
export function slice(text: string, field: Field, base = 0): string {
  return text.slice(base + field.start, base + field.start + field.width);
}
