/**
 * The field writers of Payments Canada Standard 005 (CPA-005) records: every
 * record is 1464 characters, a 24-character prefix (type, record count,
 * originator id, file creation number) and, for detail records, six segments of
 * 240. Numeric fields are right-justified and zero-filled; alphanumeric fields
 * are left-justified and blank-filled; dates are `0YYDDD` (Julian day of year).
 * Pure functions: no I/O, no clock.
 */

import { PREFIX } from './layout.ts';

export const RECORD_LENGTH = 1464;
export const PREFIX_LENGTH = 24;
export const SEGMENT_LENGTH = 240;
export const SEGMENTS_PER_RECORD = 6;
export const RECORD_SEPARATOR = '\r\n';

export type RecordType = 'A' | 'C' | 'D' | 'E' | 'F' | 'I' | 'J' | 'Z';

/** A value that cannot be written into its field (too long, not digits...). */
export class Cpa005FieldError extends Error {
  constructor(readonly field: string, message: string) {
    super(`${field}: ${message}`);
    this.name = 'Cpa005FieldError';
  }
}

const BLANKS = ' '.repeat(RECORD_LENGTH);
const DIGITS = /^\d+$/;
const PRINTABLE = /^[\x20-\x7e]*$/;
const ZEROS = '0'.repeat(32);

export function blanks(width: number): string {
  return BLANKS.slice(0, width);
}

/** A numeric field: digits only, zero-filled on the left; refuses a value that does not fit. */
export function numeric(field: string, value: number | string, width: number): string {
  let s: string;
  if (typeof value === 'number') {
    if (!Number.isSafeInteger(value) || value < 0) throw new Cpa005FieldError(field, `"${value}" is not a non-negative whole number`);
    s = String(value);
  } else {
    s = value;
    if (s === '' || !DIGITS.test(s)) throw new Cpa005FieldError(field, `"${value}" is not a non-negative whole number`);
  }
  if (s.length > width) throw new Cpa005FieldError(field, `${s} does not fit in ${width} digits`);
  return s.length === width ? s : ZEROS.slice(0, width - s.length) + s;
}

/**
 * Text as the clearing system takes it: printable ASCII, upper case. Accents are
 * folded (é -> E) and anything else becomes a blank, so a name never shifts the
 * fixed positions that follow it.
 */
export function asciiUpper(value: string): string {
  // Most text is plain ASCII already: upper-case it without the character walk.
  if (PRINTABLE.test(value)) return value.toUpperCase();
  let out = '';
  const folded = value.normalize('NFD');
  for (let i = 0; i < folded.length; i++) {
    const c = folded.charCodeAt(i);
    if (c >= 0x300 && c <= 0x36f) continue; // combining accent marks
    out += c >= 0x20 && c <= 0x7e ? folded[i]! : ' ';
  }
  return out.toUpperCase();
}

/** An alphanumeric field: left-justified, blank-filled, cut at its width. */
export function alpha(value: string | null | undefined, width: number): string {
  const s = value ? asciiUpper(value) : '';
  return s.length >= width ? s.slice(0, width) : s + BLANKS.slice(0, width - s.length);
}

/** An alphanumeric field that must not be cut (account numbers, ids): refuses what does not fit. */
export function alphaExact(field: string, value: string, width: number): string {
  const s = asciiUpper(value);
  if (s.length > width) throw new Cpa005FieldError(field, `"${value}" is longer than ${width} characters`);
  return s + BLANKS.slice(0, width - s.length);
}

const DAYS_BEFORE_MONTH = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];

function isLeap(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

const julianCache = new Map<string, string>();

/** `YYYY-MM-DD` -> `0YYDDD` (a file's segments share a few dates: each is computed once). */
export function julianDate(field: string, isoDate: string): string {
  const hit = julianCache.get(isoDate);
  if (hit !== undefined) return hit;
  const j = computeJulian(field, isoDate);
  if (julianCache.size >= 4096) julianCache.clear();
  julianCache.set(isoDate, j);
  return j;
}

function computeJulian(field: string, isoDate: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDate);
  if (!m) throw new Cpa005FieldError(field, `"${isoDate}" is not a YYYY-MM-DD date`);
  const y = Number(m[1]);
  const month = Number(m[2]);
  const d = Number(m[3]);
  const monthDays = [31, isLeap(y) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  if (month < 1 || month > 12 || d < 1 || d > monthDays[month - 1]!) throw new Cpa005FieldError(field, `"${isoDate}" is not a calendar date`);
  const day = DAYS_BEFORE_MONTH[month - 1]! + d + (month > 2 && isLeap(y) ? 1 : 0);
  return `0${String(y % 100).padStart(2, '0')}${String(day).padStart(3, '0')}`;
}

/**
 * `0YYDDD` -> `YYYY-MM-DD`. Two-digit years are read in the window 1980-2079
 * (the standard's dates are near "now" by construction).
 */
export function fromJulianDate(field: string, value: string): string {
  const m = /^0(\d{2})(\d{3})$/.exec(value);
  if (!m) throw new Cpa005FieldError(field, `"${value}" is not a 0YYDDD date`);
  const yy = Number(m[1]);
  const y = yy >= 80 ? 1900 + yy : 2000 + yy;
  const day = Number(m[2]);
  if (day < 1 || day > (isLeap(y) ? 366 : 365)) throw new Cpa005FieldError(field, `"${value}" has no day ${day}`);
  return new Date(Date.UTC(y, 0, day)).toISOString().slice(0, 10);
}

/** The 24 characters every record starts with. */
export function recordPrefix(type: RecordType, recordCount: number, originatorId: string, fileCreationNumber: number): string {
  return (
    type +
    numeric('logical record count', recordCount, PREFIX.recordCount.width) +
    alphaExact('originator id', originatorId, PREFIX.originatorId.width) +
    numeric('file creation number', fileCreationNumber, PREFIX.fileCreationNumber.width)
  );
}

/** `0` + 3-digit institution number + 5-digit transit, as the institution id fields hold it. */
export function institutionId(institutionNumber: string, transitNumber: string): string {
  if (!/^\d{3}$/.test(institutionNumber)) throw new Cpa005FieldError('institution number', `"${institutionNumber}" is not 3 digits`);
  if (!/^\d{5}$/.test(transitNumber)) throw new Cpa005FieldError('transit number', `"${transitNumber}" is not 5 digits`);
  return `0${institutionNumber}${transitNumber}`;
}

/*
 * Writers into a buffer of ASCII bytes, for whole files: a file of 100,000
 * payments is 24 MB, and building it from small strings costs more in garbage
 * collection than in the work. The buffer starts blank (0x20); each writer
 * fills one field at its offset with exactly the bytes its string twin returns.
 */

const ZERO = 0x30;

/** numeric() into buf at off. */
export function putNumeric(buf: Buffer, off: number, field: string, value: number | string, width: number): void {
  if (typeof value === 'number' && Number.isSafeInteger(value) && value >= 0) {
    let v = value;
    for (let i = off + width - 1; i >= off; i--) {
      buf[i] = ZERO + (v % 10);
      v = Math.floor(v / 10);
    }
    if (v !== 0) throw new Cpa005FieldError(field, `${value} does not fit in ${width} digits`);
    return;
  }
  buf.write(numeric(field, value, width), off, width, 'latin1');
}

/** alpha() into buf at off (the buffer is blank already: only the text is written). */
export function putAlpha(buf: Buffer, off: number, value: string | null | undefined, width: number): void {
  if (!value) return;
  const s = asciiUpper(value);
  buf.write(s.length > width ? s.slice(0, width) : s, off, width, 'latin1');
}

/** alphaExact() into buf at off. */
export function putAlphaExact(buf: Buffer, off: number, field: string, value: string, width: number): void {
  const s = asciiUpper(value);
  if (s.length > width) throw new Cpa005FieldError(field, `"${value}" is longer than ${width} characters`);
  buf.write(s, off, width, 'latin1');
}
