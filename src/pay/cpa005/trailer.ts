/**
 * Logical record type Z, the file trailer: the value and number of debits,
 * credits and the two kinds of error corrections. Counts are of transactions
 * (segments), not of records.
 */
import { putNumeric, recordPrefix, RECORD_LENGTH, PREFIX_LENGTH } from './fields.ts';
import { TRAILER, type Field } from './layout.ts';

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

export function trailerRecord(recordCount: number, originatorId: string, fileCreationNumber: number, t: FileTotals): string {
  const buf = Buffer.alloc(RECORD_LENGTH, 0x20);
  buf.write(recordPrefix('Z', recordCount, originatorId, fileCreationNumber), 0, PREFIX_LENGTH, 'latin1');
  const put = (x: Field, field: string, value: number) => putNumeric(buf, x.start, field, value, x.width);
  put(TRAILER.debitCents, 'total value of debits', t.debitCents);
  put(TRAILER.debitCount, 'total number of debits', t.debitCount);
  put(TRAILER.creditCents, 'total value of credits', t.creditCents);
  put(TRAILER.creditCount, 'total number of credits', t.creditCount);
  put(TRAILER.errorCorrectionECents, 'total value of E corrections', t.errorCorrectionECents ?? 0);
  put(TRAILER.errorCorrectionECount, 'total number of E corrections', t.errorCorrectionECount ?? 0);
  put(TRAILER.errorCorrectionFCents, 'total value of F corrections', t.errorCorrectionFCents ?? 0);
  put(TRAILER.errorCorrectionFCount, 'total number of F corrections', t.errorCorrectionFCount ?? 0);
  return buf.toString('latin1');
}
