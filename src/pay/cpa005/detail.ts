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
import { SEGMENT, type Field } from './layout.ts';

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
  const at = (x: Field) => off + x.start;
  putNumeric(buf, at(SEGMENT.transactionType), 'transaction type', s.transactionType, SEGMENT.transactionType.width);
  putNumeric(buf, at(SEGMENT.amount), 'amount', s.amountCents, SEGMENT.amount.width);
  buf.write(julianDate('date', s.date), at(SEGMENT.date), SEGMENT.date.width, 'latin1');
  putNumeric(buf, at(SEGMENT.institutionId), 'institution id', s.institutionId, SEGMENT.institutionId.width);
  putAlphaExact(buf, at(SEGMENT.accountNumber), 'account number', s.accountNumber, SEGMENT.accountNumber.width);
  putNumeric(buf, at(SEGMENT.itemTraceNumber), 'item trace number', s.itemTraceNumber ?? 0, SEGMENT.itemTraceNumber.width);
  putNumeric(buf, at(SEGMENT.storedTransactionType), 'stored transaction type', s.storedTransactionType ?? 0, SEGMENT.storedTransactionType.width);
  putAlpha(buf, at(SEGMENT.originatorShortName), s.originatorShortName, SEGMENT.originatorShortName.width);
  putAlpha(buf, at(SEGMENT.name), s.name, SEGMENT.name.width);
  putAlpha(buf, at(SEGMENT.originatorLongName), s.originatorLongName, SEGMENT.originatorLongName.width);
  putAlpha(buf, at(SEGMENT.userId), s.userId, SEGMENT.userId.width);
  putAlphaExact(buf, at(SEGMENT.crossReference), 'cross reference number', s.crossReference, SEGMENT.crossReference.width);
  putNumeric(buf, at(SEGMENT.returnInstitutionId), 'institution id for returns', s.returnInstitutionId, SEGMENT.returnInstitutionId.width);
  putAlphaExact(buf, at(SEGMENT.returnAccountNumber), 'account number for returns', s.returnAccountNumber, SEGMENT.returnAccountNumber.width);
  putAlpha(buf, at(SEGMENT.sundry), s.sundry, SEGMENT.sundry.width);
  if (s.originalItemTraceNumber) putNumeric(buf, at(SEGMENT.originalItemTraceNumber), 'original item trace number', s.originalItemTraceNumber, SEGMENT.originalItemTraceNumber.width);
  putAlpha(buf, at(SEGMENT.settlementCode), s.settlementCode ?? '', SEGMENT.settlementCode.width);
  putNumeric(buf, at(SEGMENT.invalidDataElementId), 'invalid data element id', s.invalidDataElementId ?? '0', SEGMENT.invalidDataElementId.width);
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
