/**
 * Logical record type A, the file header: creation date, destination data
 * centre and currency after the common prefix; the rest is blank.
 */
import { julianDate, putAlpha, putNumeric, recordPrefix, RECORD_LENGTH, PREFIX_LENGTH } from './fields.ts';
import { HEADER } from './layout.ts';

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

export function headerRecord(h: FileHeader): string {
  const buf = Buffer.alloc(RECORD_LENGTH, 0x20);
  buf.write(recordPrefix('A', 1, h.originatorId, h.fileCreationNumber), 0, PREFIX_LENGTH, 'latin1');
  buf.write(julianDate('file creation date', h.creationDate), HEADER.creationDate.start, HEADER.creationDate.width, 'latin1');
  putNumeric(buf, HEADER.destinationDataCentre.start, 'destination data centre', h.destinationDataCentre, HEADER.destinationDataCentre.width);
  // The direct clearer's communication area and the filler after the currency stay blank.
  putAlpha(buf, HEADER.currency.start, h.currency, HEADER.currency.width);
  return buf.toString('latin1');
}
