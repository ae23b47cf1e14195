/**
 * Reads a CPA-005 file we receive: the returns file of the direct clearer
 * (I returned credits, J returned debits), or one of our own files. Strict about
 * the layout (record length, types, counts, trailer totals), so a damaged file
 * is refused whole rather than half-applied.
 */
import { fromJulianDate, Cpa005FieldError, PREFIX_LENGTH, RECORD_LENGTH, SEGMENT_LENGTH, SEGMENTS_PER_RECORD } from './fields.ts';
import { HEADER, PREFIX, SEGMENT, slice, TRAILER, type Field } from './layout.ts';

export interface ReadSegment {
  type: 'C' | 'D' | 'I' | 'J';
  record: number;
  segment: number;
  transactionType: string;
  amountCents: number;
  date: string;
  institutionId: string;
  accountNumber: string;
  itemTraceNumber: string;
  storedTransactionType: string;
  originatorShortName: string;
  name: string;
  originatorLongName: string;
  userId: string;
  crossReference: string;
  returnInstitutionId: string;
  returnAccountNumber: string;
  sundry: string;
  originalItemTraceNumber: string;
  invalidDataElementId: string;
}

export interface ReadFile {
  originatorId: string;
  fileCreationNumber: number;
  creationDate: string;
  destinationDataCentre: string;
  currency: string;
  items: ReadSegment[];
  totals: { debitCents: number; debitCount: number; creditCents: number; creditCount: number };
}

function digits(field: string, s: string): number {
  if (!/^\d+$/.test(s)) throw new Cpa005FieldError(field, `"${s}" is not numeric`);
  return Number(s);
}

function readSegment(type: ReadSegment['type'], record: number, index: number, s: string): ReadSegment {
  const at = (x: Field) => slice(s, x);
  const where = `record ${record} segment ${index}`;
  return {
    type,
    record,
    segment: index,
    transactionType: String(digits(`${where} transaction type`, at(SEGMENT.transactionType))).padStart(3, '0'),
    amountCents: digits(`${where} amount`, at(SEGMENT.amount)),
    date: fromJulianDate(`${where} date`, at(SEGMENT.date)),
    institutionId: at(SEGMENT.institutionId),
    accountNumber: at(SEGMENT.accountNumber).trim(),
    itemTraceNumber: at(SEGMENT.itemTraceNumber),
    storedTransactionType: at(SEGMENT.storedTransactionType),
    originatorShortName: at(SEGMENT.originatorShortName).trim(),
    name: at(SEGMENT.name).trim(),
    originatorLongName: at(SEGMENT.originatorLongName).trim(),
    userId: at(SEGMENT.userId).trim(),
    crossReference: at(SEGMENT.crossReference).trim(),
    returnInstitutionId: at(SEGMENT.returnInstitutionId),
    returnAccountNumber: at(SEGMENT.returnAccountNumber).trim(),
    sundry: at(SEGMENT.sundry).trim(),
    originalItemTraceNumber: at(SEGMENT.originalItemTraceNumber).trim(),
    invalidDataElementId: at(SEGMENT.invalidDataElementId),
  };
}

/** Error corrections (E, F) are neither written nor received by Maplelink. */
const DETAIL = new Set(['C', 'D', 'I', 'J']);

export function readFile(text: string): ReadFile {
  const lines = text.split(/\r?\n/);
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  if (lines.length < 2) throw new Cpa005FieldError('file', 'a file needs at least a header (A) and a trailer (Z) record');
  lines.forEach((line, i) => {
    if (line.length !== RECORD_LENGTH) throw new Cpa005FieldError(`record ${i + 1}`, `is ${line.length} characters long, not ${RECORD_LENGTH}`);
  });
  const header = lines[0]!;
  if (header[0] !== 'A') throw new Cpa005FieldError('record 1', 'the first record must be the header (A)');
  const originatorId = slice(header, PREFIX.originatorId);
  const fcn = slice(header, PREFIX.fileCreationNumber);
  const out: ReadFile = {
    originatorId: originatorId.trim(),
    fileCreationNumber: digits('file creation number', fcn),
    creationDate: fromJulianDate('file creation date', slice(header, HEADER.creationDate)),
    destinationDataCentre: slice(header, HEADER.destinationDataCentre),
    currency: slice(header, HEADER.currency).trim(),
    items: [],
    totals: { debitCents: 0, debitCount: 0, creditCents: 0, creditCount: 0 },
  };
  let debitCents = 0, debitCount = 0, creditCents = 0, creditCount = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const type = line[0]!;
    const where = `record ${i + 1}`;
    if (digits(`${where} record count`, slice(line, PREFIX.recordCount)) !== i + 1) throw new Cpa005FieldError(where, `its logical record count is ${slice(line, PREFIX.recordCount)}, expected ${i + 1}`);
    if (slice(line, PREFIX.originatorId) !== originatorId || slice(line, PREFIX.fileCreationNumber) !== fcn) throw new Cpa005FieldError(where, 'its originator id or file creation number differs from the header');
    if (i === 0) continue;
    if (i === lines.length - 1) {
      if (type !== 'Z') throw new Cpa005FieldError(where, 'the last record must be the trailer (Z)');
      out.totals = {
        debitCents: digits('trailer total value of debits', slice(line, TRAILER.debitCents)),
        debitCount: digits('trailer total number of debits', slice(line, TRAILER.debitCount)),
        creditCents: digits('trailer total value of credits', slice(line, TRAILER.creditCents)),
        creditCount: digits('trailer total number of credits', slice(line, TRAILER.creditCount)),
      };
      break;
    }
    if (!DETAIL.has(type)) throw new Cpa005FieldError(where, `record type "${type}" is not a detail record`);
    let used = 0;
    for (let k = 0; k < SEGMENTS_PER_RECORD; k++) {
      const s = line.slice(PREFIX_LENGTH + k * SEGMENT_LENGTH, PREFIX_LENGTH + (k + 1) * SEGMENT_LENGTH);
      if (s.trim() === '') continue;
      if (k !== used) throw new Cpa005FieldError(where, 'a blank segment comes before a used one');
      used++;
      const seg = readSegment(type as ReadSegment['type'], i + 1, k + 1, s);
      out.items.push(seg);
      if (type === 'D' || type === 'J') {
        debitCents += seg.amountCents;
        debitCount++;
      } else {
        creditCents += seg.amountCents;
        creditCount++;
      }
    }
    if (used === 0) throw new Cpa005FieldError(where, 'a detail record holds no segment');
  }
  const t = out.totals;
  if (t.debitCents !== debitCents || t.debitCount !== debitCount || t.creditCents !== creditCents || t.creditCount !== creditCount) {
    throw new Cpa005FieldError('trailer', `totals (${t.debitCount} debits ${t.debitCents}, ${t.creditCount} credits ${t.creditCents}) differ from the records (${debitCount} debits ${debitCents}, ${creditCount} credits ${creditCents})`);
  }
  return out;
}
