/**
 * The CPA-005 writer against an independent reader written in the tests from
 * the layout (test/support/cpa005-reader.ts): positions, lengths, dates, totals,
 * and round trips of generated files (fast-check); and the production reader
 * of returns files, which must refuse damaged files with its own error only.
 */
import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { buildFile, type FileItem } from '../../../src/pay/cpa005/file.ts';
import { headerRecord } from '../../../src/pay/cpa005/header.ts';
import { trailerRecord } from '../../../src/pay/cpa005/trailer.ts';
import { segment, detailRecord } from '../../../src/pay/cpa005/detail.ts';
import { asciiUpper, julianDate, fromJulianDate, Cpa005FieldError, institutionId } from '../../../src/pay/cpa005/fields.ts';
import { readFile } from '../../../src/pay/cpa005/reader.ts';
import { readCpa005, totalsOf, julianToIso, LayoutError } from '../../support/cpa005-reader.ts';

const HEADER = { originatorId: 'ORIG123456', fileCreationNumber: 42, creationDate: '2026-04-14', destinationDataCentre: '00330', currency: 'CAD' as const };

function item(over: Partial<FileItem> = {}): FileItem {
  return {
    type: 'D',
    transactionType: 450,
    amountCents: 25_000,
    date: '2026-04-15',
    institutionId: '000112345',
    accountNumber: '1234567',
    originatorShortName: 'MAPLE',
    name: 'Jane Doe',
    originatorLongName: 'Maple Payments Inc',
    userId: 'ORIG123456',
    crossReference: '0000000000000000001',
    returnInstitutionId: '000399999',
    returnAccountNumber: '55554444',
    sundry: 'Invoice 1001',
    ...over,
  };
}

/** 1-based inclusive slice, as the layout tables state positions. */
const at = (line: string, from: number, to: number) => line.substring(from - 1, to);

test('0YYDDD dates: Julian day of the year, leap years included', () => {
  assert.equal(julianDate('d', '2026-01-01'), '026001');
  assert.equal(julianDate('d', '2026-04-15'), '026105');
  assert.equal(julianDate('d', '2025-12-31'), '025365');
  assert.equal(julianDate('d', '2024-03-01'), '024061');
  assert.equal(julianDate('d', '2024-12-31'), '024366');
  assert.equal(fromJulianDate('d', '024366'), '2024-12-31');
  assert.throws(() => julianDate('d', '2025-02-29'), Cpa005FieldError);
  assert.throws(() => fromJulianDate('d', '025366'), Cpa005FieldError);
  fc.assert(fc.property(fc.date({ min: new Date('2000-01-01'), max: new Date('2079-12-31'), noInvalidDate: true }), (d) => {
    const iso = d.toISOString().slice(0, 10);
    const j = julianDate('d', iso);
    assert.match(j, /^0\d{5}$/);
    assert.equal(julianToIso(j), iso);
    assert.equal(fromJulianDate('d', j), iso);
  }));
});

test('header A: prefix and fields at their positions, 1464 characters', () => {
  const h = headerRecord(HEADER);
  assert.equal(h.length, 1464);
  assert.equal(at(h, 1, 1), 'A');
  assert.equal(at(h, 2, 10), '000000001');
  assert.equal(at(h, 11, 20), 'ORIG123456');
  assert.equal(at(h, 21, 24), '0042');
  assert.equal(at(h, 25, 30), '026104');
  assert.equal(at(h, 31, 35), '00330');
  assert.equal(at(h, 36, 55), ' '.repeat(20));
  assert.equal(at(h, 56, 58), 'CAD');
  assert.equal(at(h, 59, 1464).trim(), '');
  assert.equal(headerRecord({ ...HEADER, originatorId: 'ABC' }).slice(10, 20), 'ABC       ', 'originator id is left-justified');
});

test('detail D: every field of segment 1 at its position; unused segments blank', () => {
  const rec = detailRecord('D', 2, 'ORIG123456', 42, [segment(item())]);
  assert.equal(rec.length, 1464);
  assert.equal(at(rec, 1, 24), 'D000000002ORIG1234560042');
  assert.equal(at(rec, 25, 27), '450');
  assert.equal(at(rec, 28, 37), '0000025000');
  assert.equal(at(rec, 38, 43), '026105');
  assert.equal(at(rec, 44, 52), '000112345');
  assert.equal(at(rec, 53, 64), '1234567     ');
  assert.equal(at(rec, 65, 86), '0'.repeat(22));
  assert.equal(at(rec, 87, 89), '000');
  assert.equal(at(rec, 90, 104), 'MAPLE          ');
  assert.equal(at(rec, 105, 134), 'JANE DOE'.padEnd(30));
  assert.equal(at(rec, 135, 164), 'MAPLE PAYMENTS INC'.padEnd(30));
  assert.equal(at(rec, 165, 174), 'ORIG123456');
  assert.equal(at(rec, 175, 193), '0000000000000000001');
  assert.equal(at(rec, 194, 202), '000399999');
  assert.equal(at(rec, 203, 214), '55554444    ');
  assert.equal(at(rec, 215, 229), 'INVOICE 1001   ');
  assert.equal(at(rec, 230, 251), ' '.repeat(22));
  assert.equal(at(rec, 252, 253), '  ');
  assert.equal(at(rec, 254, 264), '0'.repeat(11));
  assert.equal(at(rec, 265, 1464).trim(), '', 'segments 2-6 are blank');
});

test('segment n starts at 25 + 240·(n-1)', () => {
  const segs = [1, 2, 3, 4, 5, 6].map((n) => segment(item({ amountCents: n, crossReference: String(n).padStart(19, '0') })));
  const rec = detailRecord('C', 5, 'ORIG123456', 42, segs);
  for (let n = 1; n <= 6; n++) {
    const o = (n - 1) * 240;
    assert.equal(at(rec, 28 + o, 37 + o), String(n).padStart(10, '0'));
    assert.equal(at(rec, 175 + o, 193 + o), String(n).padStart(19, '0'));
  }
  assert.throws(() => detailRecord('C', 5, 'ORIG123456', 42, [...segs, segs[0]!]), Cpa005FieldError);
});

test('trailer Z: totals and counts at their positions', () => {
  const z = trailerRecord(9, 'ORIG123456', 42, { debitCents: 123_456, debitCount: 7, creditCents: 99, creditCount: 1 });
  assert.equal(z.length, 1464);
  assert.equal(at(z, 1, 24), 'Z000000009ORIG1234560042');
  assert.equal(at(z, 25, 38), '00000000123456');
  assert.equal(at(z, 39, 46), '00000007');
  assert.equal(at(z, 47, 60), '00000000000099');
  assert.equal(at(z, 61, 68), '00000001');
  assert.equal(at(z, 69, 112), '0'.repeat(44), 'no E or F error corrections');
  assert.equal(at(z, 113, 1464).trim(), '');
});

test('a file: debits then credits, six to a record, counts and totals, CRLF', () => {
  const items = [
    ...Array.from({ length: 7 }, (_, i) => item({ amountCents: 100 + i, crossReference: String(i).padStart(19, '0') })),
    ...Array.from({ length: 2 }, (_, i) => item({ type: 'C', transactionType: 200, amountCents: 1000 + i, crossReference: String(100 + i).padStart(19, '0') })),
  ];
  const built = buildFile(HEADER, items);
  const f = readCpa005(built.text);
  assert.equal(f.lines.length, 5, 'A, D(6), D(1), C(2), Z');
  assert.deepEqual(f.details.map((d) => [d.type, d.segments.length]), [['D', 6], ['D', 1], ['C', 2]]);
  assert.equal(built.records, 5);
  assert.deepEqual(totalsOf(f), { debitCents: 7 * 100 + 21, debitCount: 7, creditCents: 2001, creditCount: 2 });
  assert.equal(Number(f.trailer.debitValue), 721);
  assert.equal(Number(f.trailer.debitCount), 7);
  assert.equal(Number(f.trailer.creditValue), 2001);
  assert.equal(Number(f.trailer.creditCount), 2);
  assert.deepEqual(built.placements[6], { record: 3, segment: 1 });
  assert.deepEqual(built.placements[8], { record: 4, segment: 2 });
  assert.ok(!built.text.replace(/\r\n/g, '').includes('\n'));
});

test('fields that do not fit are refused, never cut: account, amount, institution', () => {
  assert.throws(() => buildFile(HEADER, [item({ accountNumber: '1234567890123' })]), /account number/);
  assert.throws(() => buildFile(HEADER, [item({ amountCents: 10_000_000_000 })]), /amount/);
  assert.throws(() => institutionId('01', '12345'), /institution number/);
  assert.throws(() => institutionId('001', '1234'), /transit number/);
  assert.throws(() => buildFile({ ...HEADER, fileCreationNumber: 10_000 }, [item()]), /file creation number/);
});

test('names are folded to upper-case ASCII so positions never shift', () => {
  assert.equal(asciiUpper('Élise Côté-Ñúñez'), 'ELISE COTE-NUNEZ');
  assert.equal(asciiUpper('李 Wang\u0007'), '  WANG ');
  const f = readCpa005(buildFile(HEADER, [item({ name: 'Zoë Ångström-Lévesque, a name longer than thirty characters' })]).text);
  assert.equal(f.details[0]!.segments[0]!.name, 'ZOE ANGSTROM-LEVESQUE, A NAME ');
});

const arbItem: fc.Arbitrary<FileItem> = fc.record({
  type: fc.constantFrom<'C' | 'D'>('C', 'D'),
  transactionType: fc.integer({ min: 200, max: 480 }),
  amountCents: fc.integer({ min: 1, max: 9_999_999_999 }),
  date: fc.date({ min: new Date('2020-01-01'), max: new Date('2060-12-31'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10)),
  institutionId: fc.tuple(fc.stringMatching(/^\d{3}$/), fc.stringMatching(/^\d{5}$/)).map(([i, t]) => `0${i}${t}`),
  accountNumber: fc.stringMatching(/^\d{7,12}$/),
  originatorShortName: fc.constant('MAPLE'),
  name: fc.string({ maxLength: 40 }),
  originatorLongName: fc.constant('MAPLE PAYMENTS'),
  userId: fc.constant('ORIG123456'),
  crossReference: fc.bigInt({ min: 1n, max: 9_999_999_999_999_999_999n }).map((n) => n.toString().padStart(19, '0')),
  returnInstitutionId: fc.constant('000399999'),
  returnAccountNumber: fc.constant('55554444'),
  sundry: fc.string({ maxLength: 20 }),
});

test('round trip (property): every generated file reads back item by item, with its totals', () => {
  fc.assert(fc.property(fc.array(arbItem, { minLength: 1, maxLength: 40 }), fc.integer({ min: 1, max: 9999 }), (items, fcn) => {
    const built = buildFile({ ...HEADER, fileCreationNumber: fcn }, items);
    const f = readCpa005(built.text);
    const debits = items.filter((i) => i.type === 'D');
    const credits = items.filter((i) => i.type === 'C');
    assert.equal(f.lines.length, 2 + Math.ceil(debits.length / 6) + Math.ceil(credits.length / 6));
    assert.equal(Number(f.prefix.fcn), fcn);
    const read = f.details.flatMap((d) => d.segments.map((s) => ({ type: d.type, s })));
    const expected = [...debits, ...credits];
    assert.equal(read.length, expected.length);
    for (const [i, { type, s }] of read.entries()) {
      const e = expected[i]!;
      assert.equal(type, e.type);
      assert.equal(Number(s.transactionType), e.transactionType);
      assert.equal(Number(s.amount), e.amountCents);
      assert.equal(julianToIso(s.date!), e.date);
      assert.equal(s.institution, e.institutionId);
      assert.equal(s.account!.trimEnd(), e.accountNumber);
      assert.equal(s.crossReference, e.crossReference);
      assert.equal(s.name!.trimEnd(), asciiUpper(e.name).slice(0, 30).trimEnd());
    }
    const t = totalsOf(f);
    assert.equal(Number(f.trailer.debitValue), t.debitCents);
    assert.equal(Number(f.trailer.debitCount), t.debitCount);
    assert.equal(Number(f.trailer.creditValue), t.creditCents);
    assert.equal(Number(f.trailer.creditCount), t.creditCount);
    // The production reader agrees with the independent one.
    const mine = readFile(built.text);
    assert.deepEqual(mine.items.map((x) => x.crossReference), read.map((r) => r.s.crossReference));
    assert.deepEqual(mine.totals, t);
  }), { numRuns: 150 });
});

test('returns (I/J): the production reader takes what the writer writes', () => {
  const text = buildFile(HEADER, [
    item({ type: 'J', transactionType: 905, storedTransactionType: 450, itemTraceNumber: '1'.repeat(22), originalItemTraceNumber: '2'.repeat(22) }),
    item({ type: 'I', transactionType: 901, storedTransactionType: 200, crossReference: '0000000000000000002' }),
  ]).text;
  const independent = readCpa005(text);
  assert.equal(independent.details[0]!.type, 'J');
  assert.equal(independent.details[0]!.segments[0]!.storedType, '450');
  assert.equal(independent.details[0]!.segments[0]!.filler, '2'.repeat(22), 'the original trace sits in 230-251');
  const f = readFile(text);
  assert.deepEqual(f.items.map((i) => [i.type, i.transactionType, i.storedTransactionType, i.crossReference]), [['J', '905', '450', '0000000000000000001'], ['I', '901', '200', '0000000000000000002']]);
  assert.equal(f.items[0]!.originalItemTraceNumber, '2'.repeat(22));
});

test('the production reader refuses damaged files with Cpa005FieldError only (property)', () => {
  const good = buildFile(HEADER, [item(), item({ type: 'C', transactionType: 200 })]).text;
  const lines = good.slice(0, -2).split('\r\n');
  const cases: [string, string][] = [
    ['short record', lines.map((l, i) => (i === 1 ? l.slice(0, 1000) : l)).join('\r\n')],
    ['bad count', lines.map((l, i) => (i === 1 ? 'D000000009' + l.slice(10) : l)).join('\r\n')],
    ['bad trailer', lines.map((l, i) => (i === 3 ? l.slice(0, 24) + '00000000000001' + l.slice(38) : l)).join('\r\n')],
    ['no trailer', lines.slice(0, 3).join('\r\n')],
    ['E record', lines.map((l, i) => (i === 1 ? 'E' + l.slice(1) : l)).join('\r\n')],
    ['other originator', lines.map((l, i) => (i === 2 ? l.slice(0, 10) + 'OTHER     ' + l.slice(20) : l)).join('\r\n')],
    ['empty', ''],
  ];
  for (const [name, text] of cases) assert.throws(() => readFile(text), Cpa005FieldError, name);
  fc.assert(fc.property(fc.string({ maxLength: 3000 }), fc.nat(good.length), fc.string({ maxLength: 5 }), (junk, pos, insert) => {
    for (const text of [junk, good.slice(0, pos) + insert + good.slice(pos + insert.length)]) {
      try {
        readFile(text);
      } catch (err) {
        assert.ok(err instanceof Cpa005FieldError, `${(err as Error).name}: ${(err as Error).message}`);
      }
    }
  }), { numRuns: 300 });
});

test('the independent reader catches a file the writer did not make well', () => {
  const text = buildFile(HEADER, [item()]).text;
  assert.throws(() => readCpa005(text.replace(/\r\n$/, '')), LayoutError);
  assert.throws(() => readCpa005(text.replace('D000000002', 'D000000003')), LayoutError);
});
