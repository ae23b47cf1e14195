/**
 * Logical record type A, the file header: creation date, destination data
 * centre and currency after the common prefix; the rest is blank.
 */
import { alpha, blanks, julianDate, numeric, recordPrefix, RECORD_LENGTH, PREFIX_LENGTH } from './fields.ts';

export interface FileHeader {
  originatorId: string;
  fileCreationNumber: number;
  /** YYYY-MM-DD */
  creationDate: string;
  /** 5 digits */
  destinationDataCentre: string;
  /** 'CAD' or 'USD'; blank means the currency of the service. */
  currency: 'CAD' | 'USD' | '';
}

const FILLER = RECORD_LENGTH - PREFIX_LENGTH - 6 - 5 - 20 - 3;

export function headerRecord(h: FileHeader): string {
  return (
    recordPrefix('A', 1, h.originatorId, h.fileCreationNumber) +
    julianDate('file creation date', h.creationDate) +
    numeric('destination data centre', h.destinationDataCentre, 5) +
    blanks(20) + // direct clearer's communication area
    alpha(h.currency, 3) +
    blanks(FILLER)
  );
}
