/**
 * An independent CPA-005 reader for the tests, written from the layout table of
 * Payments Canada Standard 005 (the 1464-character AFT records) with 1-based positions (the writer under src/ works
 * with lengths and offsets; sharing nothing with it is the point). It checks
 * every record's length, type, sequence and prefix, and recomputes the trailer.
 */

/** [name, first position, last position] (1-based, inclusive), as the standard lists them. */
const PREFIX: [string, number, number][] = [
  ['type', 1, 1],
  ['count', 2, 10],
  ['originator', 11, 20],
  ['fcn', 21, 24],
];
const HEADER: [string, number, number][] = [
  ['creationDate', 25, 30],
  ['dataCentre', 31, 35],
  ['reserved', 36, 55],
  ['currency', 56, 58],
  ['filler', 59, 1464],
];
/** Segment 1's positions; segment n adds 240·(n−1). */
const SEGMENT: [string, number, number][] = [
  ['transactionType', 25, 27],
  ['amount', 28, 37],
  ['date', 38, 43],
  ['institution', 44, 52],
  ['account', 53, 64],
  ['trace', 65, 86],
  ['storedType', 87, 89],
  ['shortName', 90, 104],
  ['name', 105, 134],
  ['longName', 135, 164],
  ['userId', 165, 174],
  ['crossReference', 175, 193],
  ['returnInstitution', 194, 202],
  ['returnAccount', 203, 214],
  ['sundry', 215, 229],
  ['filler', 230, 251],
  ['settlementCode', 252, 253],
  ['invalidDataElement', 254, 264],
];
const TRAILER: [string, number, number][] = [
  ['debitValue', 25, 38],
  ['debitCount', 39, 46],
  ['creditValue', 47, 60],
  ['creditCount', 61, 68],
  ['eValue', 69, 82],
  ['eCount', 83, 90],
  ['fValue', 91, 104],
  ['fCount', 105, 112],
  ['filler', 113, 1464],
];

function cut(line: string, from: number, to: number): string {
  return line.substring(from - 1, to);
}

function fields(line: string, table: [string, number, number][], shift = 0): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, from, to] of table) out[name] = cut(line, from + shift, to + shift);
  return out;
}

export interface TestSegment extends Record<string, string> {}

export interface TestFile {
  lines: string[];
  header: Record<string, string>;
  details: { type: string; count: number; segments: TestSegment[] }[];
  trailer: Record<string, string>;
  prefix: Record<string, string>;
}

export class LayoutError extends Error {}

function need(cond: boolean, msg: string): void {
  if (!cond) throw new LayoutError(msg);
}

/** Day of year from 0YYDDD -> YYYY-MM-DD (20YY). */
export function julianToIso(v: string): string {
  need(/^0\d{5}$/.test(v), `date ${v} is not 0YYDDD`);
  const year = 2000 + Number(v.slice(1, 3));
  const d = new Date(Date.UTC(year, 0, 1) + (Number(v.slice(3)) - 1) * 86_400_000);
  need(d.getUTCFullYear() === year, `day ${v.slice(3)} is past the end of ${year}`);
  return d.toISOString().slice(0, 10);
}

export function readCpa005(text: string): TestFile {
  need(text.endsWith('\r\n'), 'the file ends with CRLF');
  const lines = text.slice(0, -2).split('\r\n');
  need(lines.length >= 2, 'at least a header and a trailer');
  for (const [i, l] of lines.entries()) need(l.length === 1464, `record ${i + 1} has ${l.length} characters`);
  const prefix = fields(lines[0]!, PREFIX);
  need(prefix.type === 'A', 'first record is A');
  for (const [i, l] of lines.entries()) {
    const p = fields(l, PREFIX);
    need(Number(p.count) === i + 1 && /^\d{9}$/.test(p.count!), `record ${i + 1} count ${p.count}`);
    need(p.originator === prefix.originator && p.fcn === prefix.fcn, `record ${i + 1} prefix differs`);
  }
  const header = fields(lines[0]!, HEADER);
  need(header.reserved!.trim() === '' && header.filler!.trim() === '', 'header reserved and filler are blank');
  const last = lines[lines.length - 1]!;
  need(last[0] === 'Z', 'last record is Z');
  const trailer = fields(last, TRAILER);
  need(trailer.filler!.trim() === '', 'trailer filler is blank');
  const details = lines.slice(1, -1).map((l, i) => {
    const type = l[0]!;
    need('CDIJ'.includes(type), `record ${i + 2} type ${type}`);
    const segments: TestSegment[] = [];
    let blankSeen = false;
    for (let n = 0; n < 6; n++) {
      const raw = l.substring(24 + n * 240, 24 + (n + 1) * 240);
      if (raw.trim() === '') {
        blankSeen = true;
        continue;
      }
      need(!blankSeen, `record ${i + 2}: used segment after a blank one`);
      segments.push(fields(l, SEGMENT, n * 240));
    }
    need(segments.length > 0, `record ${i + 2} holds no segment`);
    return { type, count: i + 2, segments };
  });
  return { lines, header, details, trailer, prefix };
}

/** Recomputed totals: [debit value, debit count, credit value, credit count] as numbers. */
export function totalsOf(f: TestFile): { debitCents: number; debitCount: number; creditCents: number; creditCount: number } {
  const t = { debitCents: 0, debitCount: 0, creditCents: 0, creditCount: 0 };
  for (const d of f.details) for (const s of d.segments) {
    const cents = Number(s.amount);
    if (d.type === 'D' || d.type === 'J') {
      t.debitCents += cents;
      t.debitCount++;
    } else {
      t.creditCents += cents;
      t.creditCount++;
    }
  }
  return t;
}
