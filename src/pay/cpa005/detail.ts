/**
 * Logical record types C (credit) and D (debit): the prefix and up to six
 * 240-character transaction segments; unused segments are blank. The same
 * segment layout serves the returned items I and J (returned-item.ts).
 */
import {
  blanks,
  julianDate,
  putAlpha,
  putAlphaExact,
  putNumeric,
  recordPrefix,
  Cpa005FieldError,
  SEGMENT_LENGTH,
  SEGMENTS_PER_RECORD,
  type RecordType,
} from './fields.ts';

export interface Segment {
  /** CPA transaction type (Standard 007), or the return reason code on I/J. */
  transactionType: number;
  amountCents: number;
  /** C: date funds available; D: due date (YYYY-MM-DD). */
  date: string;
  /** 0IIITTTTT of the payee (C) or payor (D). */
  institutionId: string;
  accountNumber: string;
  /** 22 digits; zeros on origination. */
  itemTraceNumber?: string;
  /** Zeros on origination; the original transaction type on returns. */
  storedTransactionType?: number;
  originatorShortName: string;
  /** Payee (C) or payor (D) name. */
  name: string;
  originatorLongName: string;
  /** Originating direct clearer's user id (usually the originator id). */
  userId: string;
  crossReference: string;
  /** Where returns go (origination) or the original institution/account (I/J). */
  returnInstitutionId: string;
  returnAccountNumber: string;
  sundry: string;
  /** I/J only: the original item trace number (the filler on origination). */
  originalItemTraceNumber?: string;
  settlementCode?: string;
  invalidDataElementId?: string;
}

/** Writes a segment's 240 characters into `buf` at `off` (a blank-filled buffer). */
export function writeSegment(buf: Buffer, off: number, s: Segment): void {
  putNumeric(buf, off, 'transaction type', s.transactionType, 3);
  putNumeric(buf, off + 3, 'amount', s.amountCents, 10);
  buf.write(julianDate('date', s.date), off + 13, 6, 'latin1');
  putNumeric(buf, off + 19, 'institution id', s.institutionId, 9);
  putAlphaExact(buf, off + 28, 'account number', s.accountNumber, 12);
  putNumeric(buf, off + 40, 'item trace number', s.itemTraceNumber ?? 0, 22);
  putNumeric(buf, off + 62, 'stored transaction type', s.storedTransactionType ?? 0, 3);
  putAlpha(buf, off + 65, s.originatorShortName, 15);
  putAlpha(buf, off + 80, s.name, 30);
  putAlpha(buf, off + 110, s.originatorLongName, 30);
  putAlpha(buf, off + 140, s.userId, 10);
  putAlphaExact(buf, off + 150, 'cross reference number', s.crossReference, 19);
  putNumeric(buf, off + 169, 'institution id for returns', s.returnInstitutionId, 9);
  putAlphaExact(buf, off + 178, 'account number for returns', s.returnAccountNumber, 12);
  putAlpha(buf, off + 190, s.sundry, 15);
  if (s.originalItemTraceNumber) putNumeric(buf, off + 205, 'original item trace number', s.originalItemTraceNumber, 22);
  putAlpha(buf, off + 227, s.settlementCode ?? '', 2);
  putNumeric(buf, off + 229, 'invalid data element id', s.invalidDataElementId ?? '0', 11);
}

/** One segment as its 240 characters. */
export function segment(s: Segment): string {
  const buf = Buffer.alloc(SEGMENT_LENGTH, 0x20);
  writeSegment(buf, 0, s);
  return buf.toString('latin1');
}

const BLANK_SEGMENT = blanks(SEGMENT_LENGTH);

/** One detail record of `type` holding 1 to 6 segments (already written). */
export function detailRecord(type: Extract<RecordType, 'C' | 'D' | 'E' | 'F' | 'I' | 'J'>, recordCount: number, originatorId: string, fileCreationNumber: number, segments: string[]): string {
  if (segments.length < 1 || segments.length > SEGMENTS_PER_RECORD) throw new Cpa005FieldError('segments', `a record holds 1 to ${SEGMENTS_PER_RECORD} segments, not ${segments.length}`);
  let out = recordPrefix(type, recordCount, originatorId, fileCreationNumber);
  for (let i = 0; i < SEGMENTS_PER_RECORD; i++) out += segments[i] ?? BLANK_SEGMENT;
  return out;
}
