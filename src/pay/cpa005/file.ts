/**
 * A whole CPA-005 file: header A, the detail records (debits, then credits, six
 * segments to a record, in the order given), trailer Z with the totals.
 * Records are separated by CRLF and the file ends with one.
 * The same builder writes a returns file (I/J records), whose items count in the
 * trailer as debits (J) and credits (I).
 */
import { writeSegment, type Segment } from './detail.ts';
import { headerRecord, type FileHeader } from './header.ts';
import { trailerRecord, type FileTotals } from './trailer.ts';
import { PREFIX_LENGTH, RECORD_LENGTH, RECORD_SEPARATOR, SEGMENT_LENGTH, SEGMENTS_PER_RECORD, Cpa005FieldError, recordPrefix } from './fields.ts';

export type DetailType = 'C' | 'D' | 'I' | 'J';

export interface FileItem extends Segment {
  type: DetailType;
}

export interface Placement {
  /** The logical record count of the record holding the item (header = 1). */
  record: number;
  /** 1..6 */
  segment: number;
}

export interface BuiltFile {
  text: string;
  /** Number of logical records, header and trailer included. */
  records: number;
  totals: Required<FileTotals>;
  /** Where each item landed, in the order of the items given. */
  placements: Placement[];
}

/** The most a trailer can total (14 digits of cents). */
const MAX_TOTAL_CENTS = 99_999_999_999_999;

const ORDER: DetailType[] = ['D', 'J', 'C', 'I'];

export function buildFile(header: FileHeader, items: readonly FileItem[]): BuiltFile {
  // Records per type, known before writing: the whole file goes into one buffer.
  const perType = new Map<DetailType, number>(ORDER.map((t) => [t, 0]));
  for (const item of items) {
    if (!perType.has(item.type)) throw new Cpa005FieldError('record type', `"${item.type}" is not a detail type`);
    perType.set(item.type, perType.get(item.type)! + 1);
  }
  let detailRecords = 0;
  for (const n of perType.values()) detailRecords += Math.ceil(n / SEGMENTS_PER_RECORD);
  const records = detailRecords + 2;
  const stride = RECORD_LENGTH + RECORD_SEPARATOR.length;
  const buf = Buffer.alloc(records * stride, 0x20);
  const crlf = (record: number) => buf.write(RECORD_SEPARATOR, record * stride - RECORD_SEPARATOR.length, 'latin1');

  buf.write(headerRecord(header), 0, RECORD_LENGTH, 'latin1');
  crlf(1);
  const placements = new Array<Placement>(items.length);
  const totals: Required<FileTotals> = { debitCents: 0, debitCount: 0, creditCents: 0, creditCount: 0, errorCorrectionECents: 0, errorCorrectionECount: 0, errorCorrectionFCents: 0, errorCorrectionFCount: 0 };
  let record = 1; // the last record written (header = 1)
  for (const type of ORDER) {
    let used = SEGMENTS_PER_RECORD; // segments used in the current record of this type
    for (let i = 0; i < items.length; i++) {
      const item = items[i]!;
      if (item.type !== type) continue;
      if (used === SEGMENTS_PER_RECORD) {
        record++;
        buf.write(recordPrefix(type, record, header.originatorId, header.fileCreationNumber), (record - 1) * stride, PREFIX_LENGTH, 'latin1');
        crlf(record);
        used = 0;
      }
      writeSegment(buf, (record - 1) * stride + PREFIX_LENGTH + used * SEGMENT_LENGTH, item);
      used++;
      placements[i] = { record, segment: used };
      if (type === 'D' || type === 'J') {
        totals.debitCents += item.amountCents;
        totals.debitCount++;
      } else {
        totals.creditCents += item.amountCents;
        totals.creditCount++;
      }
    }
  }
  if (totals.debitCents > MAX_TOTAL_CENTS || totals.creditCents > MAX_TOTAL_CENTS) throw new Cpa005FieldError('trailer', 'the file total exceeds 14 digits of cents: split the payments over several files');
  buf.write(trailerRecord(records, header.originatorId, header.fileCreationNumber, totals), (records - 1) * stride, RECORD_LENGTH, 'latin1');
  crlf(records);
  return { text: buf.toString('latin1'), records, totals, placements };
}
