/**
 * Logical record type Z, the file trailer: the value and number of debits,
 * credits and the two kinds of error corrections. Counts are of transactions
 * (segments), not of records.
 */
import { blanks, numeric, recordPrefix, RECORD_LENGTH, PREFIX_LENGTH } from './fields.ts';

export interface FileTotals {
  debitCents: number;
  debitCount: number;
  creditCents: number;
  creditCount: number;
  /** E records (credit reversals) */
  errorCorrectionECents?: number;
  errorCorrectionECount?: number;
  /** F records (debit reversals) */
  errorCorrectionFCents?: number;
  errorCorrectionFCount?: number;
}

const FILLER = RECORD_LENGTH - PREFIX_LENGTH - 4 * (14 + 8);

export function trailerRecord(recordCount: number, originatorId: string, fileCreationNumber: number, t: FileTotals): string {
  return (
    recordPrefix('Z', recordCount, originatorId, fileCreationNumber) +
    numeric('total value of debits', t.debitCents, 14) +
    numeric('total number of debits', t.debitCount, 8) +
    numeric('total value of credits', t.creditCents, 14) +
    numeric('total number of credits', t.creditCount, 8) +
    numeric('total value of E corrections', t.errorCorrectionECents ?? 0, 14) +
    numeric('total number of E corrections', t.errorCorrectionECount ?? 0, 8) +
    numeric('total value of F corrections', t.errorCorrectionFCents ?? 0, 14) +
    numeric('total number of F corrections', t.errorCorrectionFCount ?? 0, 8) +
    blanks(FILLER)
  );
}
